import type { UserRow } from '../../support/factories';
import { createTestApp, TestApp } from '../../support/test-app';
import { countRows, DAY, localRange, SittingCase, sittingWorld } from './support';

interface Hearing {
  id: string;
  caseId: string;
  kind: string;
  courtroomId: string | null;
  judgeId: string | null;
  prosecutorId: string;
  videoRoomId: string;
  defenseLawyerIds: string[];
  localStartsAt: string;
  localEndsAt: string;
}

/**
 * Concentrated plea signings: the procuratorate's sitting (no court, courtroom or judge), one prosecutor and a
 * duty lawyer (值班律师) for the cases with no lawyer of their own, in the procuratorate's hours.
 */
describe('Concentrated plea signings', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const fields = (res: { body: { errors?: Array<{ field: string }> } }) => res.body.errors?.map((e) => e.field);

  /**
   * Two centers with two video rooms each and a 15-minute escort buffer; four cases (two per center), the first
   * of each center without a lawyer of its own; a duty lawyer.
   */
  async function pleaWorld() {
    const world = await sittingWorld(t, { casesPerCenter: [2, 2], escortBufferMinutes: 15 });
    const { w, cases } = world;
    const unrepresented = [cases[0], cases[2]];
    for (const c of unrepresented)
      await t.sql.query(`UPDATE case_defendants SET defense_lawyer_id = NULL WHERE case_id = $1`, [c.case.id]);
    const duty = await t.factory.user('lawyer', w.lawFirm.id);
    const body = (list: SittingCase[] = cases, extra: Record<string, unknown> = {}) => ({
      kind: 'plea_signing',
      procuratorateId: w.procuratorate.id,
      prosecutorId: w.prosecutor.id,
      dutyLawyerId: duty.id,
      startsAt: `${DAY}T08:30`,
      endsAt: `${DAY}T12:00`,
      cases: list.map((c) => ({ caseId: c.case.id, durationMinutes: 20 })),
      ...extra,
    });
    return { ...world, unrepresented, duty, body };
  }

  async function heldBy(user: UserRow): Promise<string[]> {
    const { rows } = await t.sql.query(
      `SELECT h.case_id FROM reservations r JOIN hearings h ON h.id = r.hearing_id
        WHERE r.resource_id = $1 ORDER BY h.case_id`,
      [user.id],
    );
    return rows.map((r: { case_id: string }) => r.case_id);
  }

  it('plans and books the signings back to back, rotating both centers’ rooms, the duty lawyer only where needed', async () => {
    const { w, cases, rooms, unrepresented, duty, body } = await pleaWorld();
    const res = await t.http.post('/sittings', body(), { token: w.prosecutor.token });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'plea_signing',
      status: 'scheduled',
      courtId: null,
      courtroomId: null,
      judgeId: null,
      prosecutorId: w.prosecutor.id,
      procuratorateId: w.procuratorate.id,
      dutyLawyerId: duty.id,
      timeZone: 'Asia/Shanghai',
      unscheduled: [],
    });
    const hearings: Hearing[] = res.body.hearings;
    expect(hearings).toHaveLength(4);
    // No idle time: every escort happens while another case is heard, which takes all four rooms in turn.
    expect(res.body.spanMinutes).toBe(res.body.lowerBoundMinutes);
    expect(res.body.lowerBoundMinutes).toBe(80);
    expect(new Set(hearings.map((h) => h.videoRoomId)).size).toBe(4);
    const allRooms = new Set(rooms.flat().map((r) => r.id));
    for (const h of hearings) {
      expect(h).toMatchObject({
        kind: 'plea_signing',
        courtroomId: null,
        judgeId: null,
        prosecutorId: w.prosecutor.id,
      });
      expect(allRooms.has(h.videoRoomId)).toBe(true);
      const c = cases.find((x) => x.case.id === h.caseId)!;
      expect(rooms[c.center.id === w.center.id ? 0 : 1].map((r) => r.id)).toContain(h.videoRoomId);
      // A case's own lawyer attends their case; the duty lawyer those that have none.
      expect(h.defenseLawyerIds).toEqual(unrepresented.includes(c) ? [duty.id] : [c.lawyer.id]);
    }
    expect(hearings.map(localRange)).toEqual(['08:45-09:05', '09:05-09:25', '09:25-09:45', '09:45-10:05']);

    // The duty lawyer is held for the two cases they attend, and only those.
    expect(await heldBy(duty)).toEqual(unrepresented.map((c) => c.case.id).sort());
    const between = hearings.find((h) => !unrepresented.some((c) => c.case.id === h.caseId))!;
    const other = await t.factory.case({
      courtId: w.court.id,
      procuratorateId: w.procuratorate.id,
      prosecutorId: w.prosecutor.id,
      defendants: [{ defendantId: (await t.factory.defendant(w.center.id, { custodyStatus: 'released' })).id }],
    });
    const elsewhere = await t.http.post(
      '/hearings',
      {
        caseId: other.id,
        kind: 'plea_signing',
        startsAt: between.localStartsAt,
        durationMinutes: 20,
        prosecutorId: (await t.factory.user('prosecutor', w.procuratorate.id)).id,
        defenseLawyerIds: [duty.id],
      },
      { token: t.adminToken },
    );
    expect(elsewhere.status).toBe(201);

    // Who sees it: its procuratorate's prosecutors and admins; not the court (a plea signing has none), nor others.
    const colleague = await t.factory.user('prosecutor', w.procuratorate.id);
    const stranger = await t.factory.user('prosecutor', (await t.factory.organization('procuratorate')).id);
    for (const [token, status] of [
      [colleague.token, 200],
      [t.adminToken, 200],
      [stranger.token, 404],
      [w.clerk.token, 404],
      [w.judge.token, 404],
      [duty.token, 404],
    ] as const) {
      const got = await t.http.get(`/sittings/${res.body.id}`, { token });
      expect({ token, status: got.status }).toEqual({ token, status });
    }
    const got = await t.http.get(`/sittings/${res.body.id}`, { token: colleague.token });
    expect(got.body).toMatchObject({
      kind: 'plea_signing',
      dutyLawyerId: duty.id,
      procuratorateId: w.procuratorate.id,
    });
    expect(got.body.hearings.map((h: Hearing) => h.id)).toEqual(hearings.map((h) => h.id));
  });

  it("keeps the procuratorate's hours: a court closure that day does not matter, a procuratorate closure does", async () => {
    const { w, body } = await pleaWorld();
    const close = (orgId: string) =>
      t.http.post(
        `/organizations/${orgId}/calendar-exceptions`,
        { date: DAY, kind: 'closed', reason: 'closed for the day' },
        { token: t.adminToken },
      );
    expect((await close(w.court.id)).status).toBe(201);
    const despite = await t.http.post('/sittings', body(undefined, { dryRun: true }), { token: w.prosecutor.token });
    expect(despite.status).toBe(200);
    expect(despite.body.hearings).toHaveLength(4);
    expect(despite.body.unscheduled).toEqual([]);

    expect((await close(w.procuratorate.id)).status).toBe(201);
    const before = await countRows(t);
    const closed = await t.http.post('/sittings', body(), { token: w.prosecutor.token });
    expect(closed.status).toBe(422);
    expect(closed.body.code).toBe('SITTING_EMPTY');
    expect(closed.body.unscheduled.map((u: { code: string }) => u.code)).toEqual([
      'OUTSIDE_HOURS',
      'OUTSIDE_HOURS',
      'OUTSIDE_HOURS',
      'OUTSIDE_HOURS',
    ]);
    expect(await countRows(t)).toEqual(before);
  });

  it("lets the procuratorate's prosecutors and admins book it; a clerk or another procuratorate's prosecutor gets 403", async () => {
    const { w, body } = await pleaWorld();
    const stranger = await t.factory.user('prosecutor', (await t.factory.organization('procuratorate')).id);
    const before = await countRows(t);
    for (const token of [stranger.token, w.clerk.token, w.judge.token, w.lawyer.token, w.officer.token]) {
      const res = await t.http.post('/sittings', body(), { token });
      expect({ token, status: res.status }).toEqual({ token, status: 403 });
    }
    expect(await countRows(t)).toEqual(before);
    // A prosecutor of the procuratorate may not book a court sitting.
    const court = await t.http.post(
      '/sittings',
      body(undefined, {
        kind: undefined,
        procuratorateId: undefined,
        dutyLawyerId: undefined,
        courtId: w.court.id,
        courtroomId: w.courtroom.id,
        judgeId: w.judge.id,
      }),
      { token: w.prosecutor.token },
    );
    expect(court.status).toBe(403);
    const admin = await t.http.post('/sittings', body(), { token: t.adminToken });
    expect(admin.status).toBe(201);
    expect(admin.body.hearings).toHaveLength(4);
  });

  it('refuses the court fields, a missing procuratorate or duty lawyer, and cases of another procuratorate', async () => {
    const { w, cases, unrepresented, body } = await pleaWorld();
    const foreign = await t.factory.case({
      courtId: w.court.id,
      procuratorateId: (await t.factory.organization('procuratorate')).id,
      prosecutorId: w.prosecutor.id,
      defendants: [{ defendantId: cases[1].defendantId, defenseLawyerId: cases[1].lawyer.id }],
    });
    const before = await countRows(t);
    for (const [payload, expected] of [
      [
        body(undefined, { courtId: w.court.id, courtroomId: w.courtroom.id, judgeId: w.judge.id }),
        ['courtId', 'courtroomId', 'judgeId'],
      ],
      [body(undefined, { procuratorateId: undefined }), ['procuratorateId']],
      [body(undefined, { procuratorateId: w.court.id }), ['procuratorateId']],
      [body(unrepresented, { dutyLawyerId: undefined }), ['dutyLawyerId']],
      [body(undefined, { dutyLawyerId: w.prosecutor.id }), ['dutyLawyerId']],
      [{ ...body([cases[1]]), cases: [{ caseId: foreign.id, durationMinutes: 20 }] }, ['cases[0].caseId']],
      [
        body(undefined, {
          kind: 'speedy_trial',
          courtId: w.court.id,
          courtroomId: w.courtroom.id,
          judgeId: w.judge.id,
        }),
        ['procuratorateId', 'dutyLawyerId'],
      ],
    ] as const) {
      const res = await t.http.post('/sittings', payload, { token: t.adminToken });
      expect({ payload, status: res.status, fields: fields(res) }).toEqual({ payload, status: 400, fields: expected });
    }
    const missing = await t.http.post('/sittings', body(unrepresented, { dutyLawyerId: undefined }), {
      token: t.adminToken,
    });
    expect(missing.body.errors[0].message).toContain('cases[0], cases[1]');
    // Every case with a lawyer of its own: no duty lawyer needed.
    const represented = await t.http.post('/sittings', body([cases[1], cases[3]], { dutyLawyerId: undefined }), {
      token: w.prosecutor.token,
    });
    expect(represented.status).toBe(201);
    expect(represented.body.dutyLawyerId).toBeNull();
    const after = await countRows(t);
    expect(after.sittings).toBe(before.sittings + 1);
  });

  it('is held to its shape by the database: no court, courtroom or judge; a procuratorate', async () => {
    const { w } = await pleaWorld();
    const insert = (columns: Record<string, string | null>) =>
      t.sql.query(
        `INSERT INTO sittings (hearing_kind, prosecutor_id, window_starts_at, window_ends_at, court_id, courtroom_id,
                               judge_id, procuratorate_id)
         VALUES ($1, $2, now() + interval '1 day', now() + interval '25 hours', $3, $4, $5, $6)`,
        [columns.kind, w.prosecutor.id, columns.court, columns.courtroom, columns.judge, columns.procuratorate],
      );
    const plea = { kind: 'plea_signing', court: null, courtroom: null, judge: null, procuratorate: w.procuratorate.id };
    const court = { kind: 'speedy_trial', court: w.court.id, courtroom: w.courtroom.id, judge: w.judge.id };
    await expect(insert({ ...plea, judge: w.judge.id })).rejects.toThrow(/sittings_parties_of_kind_check/);
    await expect(insert({ ...plea, procuratorate: null })).rejects.toThrow(/sittings_parties_of_kind_check/);
    await expect(insert({ ...court, procuratorate: w.procuratorate.id })).rejects.toThrow(
      /sittings_parties_of_kind_check/,
    );
    await expect(insert(plea)).resolves.toBeDefined();
    await expect(insert({ ...court, procuratorate: null })).resolves.toBeDefined();
  });

  it('answers the plan with dryRun and writes nothing', async () => {
    const { w, unrepresented, duty, body } = await pleaWorld();
    const before = await countRows(t);
    const res = await t.http.post('/sittings', body(undefined, { dryRun: true }), { token: w.prosecutor.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      dryRun: true,
      kind: 'plea_signing',
      courtId: null,
      procuratorateId: w.procuratorate.id,
      dutyLawyerId: duty.id,
    });
    expect(res.body.id).toBeUndefined();
    expect(res.body.hearings).toHaveLength(4);
    for (const h of res.body.hearings as Hearing[]) {
      expect(h.courtroomId).toBeNull();
      expect(h.defenseLawyerIds.includes(duty.id)).toBe(unrepresented.some((c) => c.case.id === h.caseId));
    }
    expect(await countRows(t)).toEqual(before);
  });

  it('is cancelled by a prosecutor of the procuratorate or an admin, which frees everyone', async () => {
    const { w, duty, body } = await pleaWorld();
    const created = await t.http.post('/sittings', body(), { token: w.prosecutor.token });
    expect(created.status).toBe(201);
    const hearingIds = created.body.hearings.map((h: Hearing) => h.id);
    const stranger = await t.factory.user('prosecutor', (await t.factory.organization('procuratorate')).id);
    // Neither sees it (a plea signing is not the court's): 404, as for one that does not exist.
    for (const token of [stranger.token, w.clerk.token]) {
      const res = await t.http.post(`/sittings/${created.body.id}/cancel`, { reason: 'x' }, { token });
      expect(res.status).toBe(404);
    }
    const colleague = await t.factory.user('prosecutor', w.procuratorate.id);
    const res = await t.http.post(
      `/sittings/${created.body.id}/cancel`,
      { reason: 'the duty lawyer is ill' },
      { token: colleague.token },
    );
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
    expect(res.body.hearings.map((h: { status: string }) => h.status)).toEqual([
      'cancelled',
      'cancelled',
      'cancelled',
      'cancelled',
    ]);
    const held = await t.sql.query(`SELECT count(*)::int AS n FROM reservations WHERE hearing_id = ANY($1::uuid[])`, [
      hearingIds,
    ]);
    expect(held.rows[0].n).toBe(0);
    expect(await heldBy(duty)).toEqual([]);
    const again = await t.http.post('/sittings', body(), { token: t.adminToken });
    expect(again.status).toBe(201);
    expect(again.body.hearings.map(localRange)).toEqual(created.body.hearings.map(localRange));
  });
});
