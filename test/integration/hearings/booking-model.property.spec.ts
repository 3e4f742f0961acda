import fc from 'fast-check';
import { DateTime } from 'luxon';
import { createTestApp, TestApp } from '../../support/test-app';
import { overlappingReservations, weekday } from './support';

/**
 * Random sequences of book / reschedule / cancel over a handful of shared people and rooms, checked step by step
 * against a plain in-memory model of "no resource in two hearings at once" (with the video room's escort buffer).
 */
describe('Booking behaves like the in-memory model', () => {
  let t: TestApp;
  let clerkToken: string;
  const courtrooms: string[] = [];
  const judges: string[] = [];
  /** Per case: the resources its hearings hold besides courtroom and judge, and whether it uses the video room. */
  const cases: { id: string; resources: string[]; videoRoom: boolean }[] = [];
  let videoRoom: string;
  const BUFFER = 10;

  beforeAll(async () => {
    t = await createTestApp();
    const f = t.factory;
    const court = await f.organization('court');
    const procuratorate = await f.organization('procuratorate');
    const center = await f.organization('detention_center', { escortBufferMinutes: BUFFER });
    const firm = await f.organization('law_firm');
    videoRoom = (await f.room(center.id, 'video_room', 'Only video room')).id;
    for (let i = 0; i < 2; i++) courtrooms.push((await f.room(court.id, 'courtroom')).id);
    for (let i = 0; i < 2; i++) judges.push((await f.user('judge', court.id)).id);
    clerkToken = (await f.user('clerk', court.id)).token;
    const p0 = (await f.user('prosecutor', procuratorate.id)).id;
    const p1 = (await f.user('prosecutor', procuratorate.id)).id;
    const lawyer = (await f.user('lawyer', firm.id)).id;
    const d0 = (await f.defendant(center.id)).id;
    const d1 = (await f.defendant(center.id, { custodyStatus: 'released' })).id;
    const d2 = (await f.defendant(center.id, { custodyStatus: 'released' })).id;
    const specs = [
      { prosecutor: p0, defendant: d0, lawyer, videoRoom: true },
      { prosecutor: p1, defendant: d1, lawyer: null, videoRoom: false },
      { prosecutor: p1, defendant: d2, lawyer, videoRoom: false },
    ];
    for (const s of specs) {
      const kase = await f.case({
        courtId: court.id,
        procuratorateId: procuratorate.id,
        prosecutorId: s.prosecutor,
        defendants: [{ defendantId: s.defendant, defenseLawyerId: s.lawyer }],
      });
      cases.push({
        id: kase.id,
        resources: [s.prosecutor, s.defendant, ...(s.lawyer ? [s.lawyer] : [])],
        videoRoom: s.videoRoom,
      });
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  interface ModelHearing {
    id: string;
    caseIdx: number;
    courtroom: string;
    judge: string;
    start: number;
    end: number;
    cancelled: boolean;
    version: number;
  }

  /** [resource, from, to) in minutes after midnight. */
  function holds(
    h: Pick<ModelHearing, 'caseIdx' | 'courtroom' | 'judge' | 'start' | 'end'>,
  ): [string, number, number][] {
    const c = cases[h.caseIdx];
    const out: [string, number, number][] = [h.courtroom, h.judge, ...c.resources].map((r) => [r, h.start, h.end]);
    if (c.videoRoom) out.push([videoRoom, h.start - BUFFER, h.end + BUFFER]);
    return out;
  }
  function clashingHearings(model: ModelHearing[], wanted: Parameters<typeof holds>[0], selfId?: string): string[] {
    const mine = holds(wanted);
    return model
      .filter((o) => !o.cancelled && o.id !== selfId)
      .filter((o) => holds(o).some(([r, a, b]) => mine.some(([r2, a2, b2]) => r === r2 && a < b2 && a2 < b)))
      .map((o) => o.id);
  }

  const book = fc.record({
    op: fc.constant('book' as const),
    caseIdx: fc.nat(2),
    room: fc.nat(1),
    judge: fc.nat(1),
    slot: fc.nat(7),
    length: fc.integer({ min: 1, max: 3 }),
  });
  const move = fc.record({
    op: fc.constant('move' as const),
    ref: fc.nat(20),
    slot: fc.nat(7),
    length: fc.integer({ min: 1, max: 3 }),
    room: fc.option(fc.nat(1), { nil: undefined }),
  });
  const cancel = fc.record({ op: fc.constant('cancel' as const), ref: fc.nat(20) });

  let run = 0;

  it('agrees with the model on every answer and on the final schedule', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof({ arbitrary: book, weight: 3 }, { arbitrary: move, weight: 2 }, { arbitrary: cancel, weight: 1 }),
          { minLength: 1, maxLength: 12 },
        ),
        async (steps) => {
          const day = weekday(run++);
          const at = (minutes: number) => DateTime.fromISO(`${day}T00:00`, { zone: 'Asia/Shanghai' }).plus({ minutes });
          const iso = (minutes: number) => at(minutes).toISO({ suppressMilliseconds: true })!;
          const utcIso = (minutes: number) => at(minutes).toUTC().toISO({ suppressMilliseconds: true })!;
          const model: ModelHearing[] = [];
          for (const step of steps) {
            if (step.op === 'book') {
              const wanted = {
                caseIdx: step.caseIdx,
                courtroom: courtrooms[step.room],
                judge: judges[step.judge],
                start: 540 + 15 * step.slot,
                end: 540 + 15 * (step.slot + step.length),
              };
              const expected = clashingHearings(model, wanted);
              const res = await t.http.post(
                '/hearings',
                {
                  caseId: cases[step.caseIdx].id,
                  kind: 'trial',
                  startsAt: iso(wanted.start),
                  durationMinutes: wanted.end - wanted.start,
                  courtroomId: wanted.courtroom,
                  judgeId: wanted.judge,
                },
                { token: clerkToken },
              );
              if (expected.length === 0) {
                expect(res.status).toBe(201);
                model.push({ ...wanted, id: res.body.id, cancelled: false, version: res.body.version });
              } else {
                expect(res.status).toBe(409);
                expect([...new Set(res.body.conflicts.map((c: { hearingId: string }) => c.hearingId))].sort()).toEqual(
                  [...expected].sort(),
                );
              }
            } else if (model.length > 0) {
              const h = model[step.ref % model.length];
              if (step.op === 'cancel') {
                const res = await t.http.post(
                  `/hearings/${h.id}/cancel`,
                  { reason: 'property test' },
                  { token: clerkToken },
                );
                expect(res.status).toBe(h.cancelled ? 409 : 200);
                if (!h.cancelled) {
                  h.cancelled = true;
                  h.version = res.body.version;
                }
              } else {
                const wanted = {
                  ...h,
                  start: 540 + 15 * step.slot,
                  end: 540 + 15 * (step.slot + step.length),
                  courtroom: step.room === undefined ? h.courtroom : courtrooms[step.room],
                };
                const res = await t.http.patch(
                  `/hearings/${h.id}`,
                  {
                    startsAt: iso(wanted.start),
                    durationMinutes: wanted.end - wanted.start,
                    ...(step.room === undefined ? {} : { courtroomId: wanted.courtroom }),
                  },
                  { token: clerkToken, headers: { 'if-match': `"${h.version}"` } },
                );
                const expected = h.cancelled ? null : clashingHearings(model, wanted, h.id);
                if (expected === null) expect(res.status).toBe(409);
                else if (expected.length === 0) {
                  expect(res.status).toBe(200);
                  Object.assign(h, {
                    start: wanted.start,
                    end: wanted.end,
                    courtroom: wanted.courtroom,
                    version: res.body.version,
                  });
                } else {
                  expect(res.status).toBe(409);
                  expect(
                    [...new Set(res.body.conflicts.map((c: { hearingId: string }) => c.hearingId))].sort(),
                  ).toEqual([...expected].sort());
                }
              }
            }
          }
          const listed = await t.http.get(`/hearings?from=${utcIso(0)}&to=${utcIso(24 * 60)}&status=scheduled`, {
            token: t.adminToken,
          });
          const actual = listed.body.map(
            (h: { id: string; startsAt: string; endsAt: string; courtroomId: string; judgeId: string }) => ({
              id: h.id,
              startsAt: h.startsAt,
              endsAt: h.endsAt,
              courtroomId: h.courtroomId,
              judgeId: h.judgeId,
            }),
          );
          const expected = model
            .filter((h) => !h.cancelled)
            .map((h) => ({
              id: h.id,
              startsAt: utcIso(h.start),
              endsAt: utcIso(h.end),
              courtroomId: h.courtroom,
              judgeId: h.judge,
            }));
          const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
          expect(actual.sort(byId)).toEqual(expected.sort(byId));
          expect(await overlappingReservations(t)).toEqual([]);
        },
      ),
      { numRuns: 25 },
    );
  }, 180_000);
});
