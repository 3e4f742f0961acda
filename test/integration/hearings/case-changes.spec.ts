import { DateTime } from 'luxon';
import { Client } from 'pg';
import type { UserRow, World } from '../../support/factories';
import type { HttpResponse } from '../../support/http-client';
import { createTestApp, TestApp } from '../../support/test-app';
import { book, local, overlappingReservations, trialBody } from './support';
import { inFlight, lockWaiters, waitFor } from '../../support/concurrency';

/**
 * PATCH /cases/:id hands a defendant to another lawyer, or the case to another prosecutor: the case's future
 * scheduled hearings follow in the same transaction, through the reservations. Every date is computed from now.
 */
describe('Case changes reach the schedule', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  /** The n-th weekday (Monday to Friday) from a Monday four weeks from now, in the world's zone. */
  function day(n: number): string {
    const monday = DateTime.now().setZone('Asia/Shanghai').startOf('week').plus({ weeks: 4 });
    return monday.plus({ weeks: Math.floor(n / 5), days: n % 5 }).toISODate()!;
  }

  const get = (token: string, id: string) => t.http.get(`/hearings/${id}`, { token });
  const listed = async (token: string, query = '') => {
    const res = await t.http.get(`/hearings${query}`, { token });
    expect(res.status).toBe(200);
    return (res.body as { id: string }[]).map((h) => h.id).sort();
  };
  /** What the hearing holds in `reservations`, as "type:id". */
  const held = async (hearingId: string) =>
    (
      await t.sql.query(
        `SELECT resource_type || ':' || resource_id AS r FROM reservations WHERE hearing_id = $1 ORDER BY 1`,
        [hearingId],
      )
    ).rows.map((r: { r: string }) => r.r);
  const history = async (w: World, id: string) =>
    (await t.http.get(`/hearings/${id}/history`, { token: w.clerk.token })).body as {
      action: string;
      actorId: string | null;
      requestId: string | null;
      before: Record<string, unknown>;
      after: Record<string, unknown>;
    }[];
  const changeLawyer = (w: World, lawyerId: string | null, token = w.clerk.token) =>
    t.http.patch(
      `/cases/${w.case.id}`,
      { defenseLawyers: [{ defendantId: w.defendant.id, defenseLawyerId: lawyerId }] },
      { token },
    );

  async function booked(w: World, startsAt: string, extra: Record<string, unknown> = {}): Promise<string> {
    const res = await book(t, w.clerk.token, trialBody(w, startsAt, extra));
    expect(res.status === 201 ? 201 : res.body).toBe(201);
    return res.body.id;
  }

  /** A hearing of another court that holds `person` (a lawyer, or a prosecutor of its own case) at `startsAt`. */
  async function busyElsewhere(person: UserRow, startsAt: string): Promise<string> {
    const other = await t.factory.world();
    if (person.role === 'prosecutor') {
      await t.sql.query(`UPDATE cases SET prosecutor_id = $2, procuratorate_id = $3 WHERE id = $1`, [
        other.case.id,
        person.id,
        person.organizationId,
      ]);
      return booked(other, startsAt);
    }
    return booked(other, startsAt, { defenseLawyerIds: [person.id] });
  }

  it('moves the future hearings to the new lawyer, who sees them; the old lawyer no longer does', async () => {
    const w = await t.factory.world();
    const newLawyer = await t.factory.user('lawyer', w.lawFirm.id);
    const first = await booked(w, local(day(0), '09:00'));
    const second = await booked(w, local(day(1), '10:00'));
    expect(await listed(w.lawyer.token, `?userId=${w.lawyer.id}`)).toEqual([first, second].sort());

    const res = await changeLawyer(w, newLawyer.id);
    expect(res.status).toBe(200);

    for (const id of [first, second]) {
      const got = await get(newLawyer.token, id);
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({
        defenseLawyerIds: [newLawyer.id],
        version: 2,
        needsAttention: false,
        attentionReasons: [],
      });
      expect(await held(id)).toContain(`defense_lawyer:${newLawyer.id}`);
      expect(await held(id)).not.toContain(`defense_lawyer:${w.lawyer.id}`);
      expect((await get(w.lawyer.token, id)).status).toBe(404);
    }
    expect(await listed(newLawyer.token, `?userId=${newLawyer.id}`)).toEqual([first, second].sort());
    expect(await listed(w.lawyer.token)).toEqual([]);
    expect(await listed(t.adminToken, `?userId=${w.lawyer.id}`)).toEqual([]);

    // Audited in the case change's transaction: its actor and request id, before and after.
    const last = (await history(w, first)).at(-1)!;
    expect(last).toMatchObject({
      action: 'update',
      actorId: w.clerk.id,
      requestId: res.headers.get('x-request-id'),
      before: { defenseLawyerIds: [w.lawyer.id], version: 1 },
      after: { defenseLawyerIds: [newLawyer.id], version: 2, needsAttention: false },
    });
    expect(await overlappingReservations(t)).toEqual([]);
  });

  it('leaves the place empty and flags the hearing when the new lawyer is busy then, naming the clash', async () => {
    const w = await t.factory.world();
    const newLawyer = await t.factory.user('lawyer', w.lawFirm.id);
    const free = await booked(w, local(day(2), '09:00'));
    const clashing = await booked(w, local(day(3), '09:00'));
    const elsewhere = await busyElsewhere(newLawyer, local(day(3), '09:15'));

    const res = await changeLawyer(w, newLawyer.id);
    expect(res.status).toBe(200);

    expect((await get(w.clerk.token, free)).body).toMatchObject({ defenseLawyerIds: [newLawyer.id] });
    const got = await get(w.clerk.token, clashing);
    expect(got.body).toMatchObject({
      defenseLawyerIds: [],
      version: 2,
      needsAttention: true,
      attentionReasons: [
        {
          code: 'LAWYER_BUSY',
          defendantId: w.defendant.id,
          personId: newLawyer.id,
          at: expect.stringMatching(/Z$/),
          conflicts: [
            {
              resourceType: 'defense_lawyer',
              resourceId: newLawyer.id,
              hearingId: elsewhere,
              startsAt: DateTime.fromISO(local(day(3), '09:15'))
                .toUTC()
                .toISO({ suppressMilliseconds: true }),
              endsAt: DateTime.fromISO(local(day(3), '09:45'))
                .toUTC()
                .toISO({ suppressMilliseconds: true }),
            },
          ],
        },
      ],
    });
    const kept = await held(clashing);
    expect(kept.filter((r) => r.startsWith('defense_lawyer:'))).toEqual([]);
    expect(kept).toContain(`judge:${w.judge.id}`);
    expect((await get(w.lawyer.token, clashing)).status).toBe(404);
    // The new lawyer defends the defendant, so sees the hearing, but does not attend it.
    expect((await get(newLawyer.token, clashing)).status).toBe(200);
    expect(await listed(newLawyer.token, `?userId=${newLawyer.id}`)).toEqual([free, elsewhere].sort());

    const last = (await history(w, clashing)).at(-1)!;
    expect(last).toMatchObject({
      action: 'flag_attention',
      actorId: w.clerk.id,
      requestId: res.headers.get('x-request-id'),
      before: { needsAttention: false, defenseLawyerIds: [w.lawyer.id] },
      after: {
        needsAttention: true,
        defenseLawyerIds: [],
        attentionReasons: [expect.objectContaining({ code: 'LAWYER_BUSY' })],
      },
    });
    expect(await overlappingReservations(t)).toEqual([]);
  });

  it('flags a plea signing left with no lawyer (NO_LAWYER): the affidavit needs one present', async () => {
    const w = await t.factory.world();
    const signing = await book(t, w.clerk.token, {
      caseId: w.case.id,
      kind: 'plea_signing',
      startsAt: local(day(6), '09:00'),
      durationMinutes: 20,
    });
    expect(signing.status).toBe(201);
    expect(signing.body.defenseLawyerIds).toEqual([w.lawyer.id]);

    expect((await changeLawyer(w, null)).status).toBe(200);

    const after = (await get(w.clerk.token, signing.body.id)).body;
    expect(after).toMatchObject({ defenseLawyerIds: [], needsAttention: true });
    expect(after.attentionReasons).toEqual([
      { code: 'NO_LAWYER', defendantId: w.defendant.id, at: expect.any(String) },
    ]);
    expect((await history(w, signing.body.id)).map((e) => e.action)).toEqual(['create', 'flag_attention']);
  });

  it('lets a removed lawyer just leave, and keeps past and cancelled hearings as they were', async () => {
    const w = await t.factory.world();
    const future = await booked(w, local(day(4), '09:00'));
    const cancelled = await booked(w, local(day(4), '10:00'));
    expect(
      (await t.http.post(`/hearings/${cancelled}/cancel`, { reason: 'adjourned' }, { token: w.clerk.token })).status,
    ).toBe(200);
    // A hearing that started yesterday, booked when it was still ahead (straight to the tables).
    const { rows } = await t.sql.query(
      `INSERT INTO hearings (case_id, kind, starts_at, ends_at, time_zone, courtroom_id, judge_id, prosecutor_id)
       VALUES ($1, 'trial', now() - interval '1 day', now() - interval '1 day' + interval '30 minutes', 'Asia/Shanghai',
               $2, $3, $4) RETURNING id`,
      [w.case.id, w.courtroom.id, w.judge.id, w.prosecutor.id],
    );
    const past: string = rows[0].id;
    await t.sql.query(`INSERT INTO hearing_defendants (hearing_id, defendant_id) VALUES ($1, $2)`, [
      past,
      w.defendant.id,
    ]);
    await t.sql.query(`INSERT INTO hearing_lawyers (hearing_id, lawyer_id) VALUES ($1, $2)`, [past, w.lawyer.id]);
    await t.sql.query(
      `INSERT INTO reservations (hearing_id, resource_type, resource_id, during)
       SELECT id, 'defense_lawyer', $2, tstzrange(starts_at, ends_at, '[)') FROM hearings WHERE id = $1`,
      [past, w.lawyer.id],
    );
    const before = {
      past: (await get(w.clerk.token, past)).body,
      cancelled: (await get(w.clerk.token, cancelled)).body,
      pastAudit: (await history(w, past)).length,
      cancelledAudit: (await history(w, cancelled)).length,
    };

    const res = await changeLawyer(w, null);
    expect(res.status).toBe(200);

    expect((await get(w.clerk.token, future)).body).toMatchObject({
      defenseLawyerIds: [],
      version: 2,
      needsAttention: false,
      attentionReasons: [],
    });
    expect((await held(future)).filter((r) => r.startsWith('defense_lawyer:'))).toEqual([]);
    expect((await history(w, future)).at(-1)).toMatchObject({ action: 'update', after: { defenseLawyerIds: [] } });

    expect((await get(w.clerk.token, past)).body).toEqual(before.past);
    expect(await held(past)).toEqual([`defense_lawyer:${w.lawyer.id}`]);
    expect((await get(w.clerk.token, cancelled)).body).toEqual(before.cancelled);
    expect(before.cancelled.defenseLawyerIds).toEqual([w.lawyer.id]);
    expect((await history(w, past)).length).toBe(before.pastAudit);
    expect((await history(w, cancelled)).length).toBe(before.cancelledAudit);
  });

  it('hands the hearings to the new prosecutor; where they are busy the place stays empty and flagged', async () => {
    const w = await t.factory.world();
    const newProsecutor = await t.factory.user('prosecutor', w.procuratorate.id);
    const free = await booked(w, local(day(5), '09:00'));
    const clashing = await booked(w, local(day(6), '14:30'));
    const elsewhere = await busyElsewhere(newProsecutor, local(day(6), '14:30'));

    const res = await t.http.patch(
      `/cases/${w.case.id}`,
      { prosecutorId: newProsecutor.id },
      { token: w.prosecutor.token },
    );
    expect(res.status).toBe(200);

    expect((await get(w.clerk.token, free)).body).toMatchObject({ prosecutorId: newProsecutor.id, version: 2 });
    expect(await held(free)).toContain(`prosecutor:${newProsecutor.id}`);
    expect(await held(free)).not.toContain(`prosecutor:${w.prosecutor.id}`);
    const got = (await get(w.clerk.token, clashing)).body;
    expect(got).toMatchObject({
      prosecutorId: null,
      needsAttention: true,
      attentionReasons: [
        {
          code: 'PROSECUTOR_BUSY',
          defendantId: null,
          personId: newProsecutor.id,
          conflicts: [expect.objectContaining({ resourceType: 'prosecutor', hearingId: elsewhere })],
        },
      ],
    });
    expect((await held(clashing)).filter((r) => r.startsWith('prosecutor:'))).toEqual([]);
    expect(await listed(newProsecutor.token, `?userId=${newProsecutor.id}`)).toEqual([free, elsewhere].sort());
    expect(await listed(w.prosecutor.token, `?userId=${w.prosecutor.id}`)).toEqual([]);
    expect((await history(w, free)).at(-1)).toMatchObject({
      action: 'update',
      actorId: w.prosecutor.id,
      before: { prosecutorId: w.prosecutor.id },
      after: { prosecutorId: newProsecutor.id },
    });

    // The flagged hearing can still be annotated without re-booking it, and stays flagged.
    const noted = await t.http.patch(
      `/hearings/${clashing}`,
      { notes: 'find a prosecutor' },
      { token: w.clerk.token, headers: { 'if-match': `"${got.version}"` } },
    );
    expect(noted.status).toBe(200);
    expect(noted.body).toMatchObject({ prosecutorId: null, needsAttention: true });
    // Moving it takes the case's prosecutor again and clears the flag.
    const moved = await t.http.patch(
      `/hearings/${clashing}`,
      { startsAt: local(day(6), '15:30') },
      { token: w.clerk.token, headers: { 'if-match': `"${noted.body.version}"` } },
    );
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ prosecutorId: newProsecutor.id, needsAttention: false });
  });

  it('changes no hearing when the case change is refused', async () => {
    const w = await t.factory.world();
    const newLawyer = await t.factory.user('lawyer', w.lawFirm.id);
    const h = await booked(w, local(day(7), '09:00'));
    const audits = Number((await t.sql.query(`SELECT count(*) FROM audit_log`)).rows[0].count);
    const res = await t.http.patch(
      `/cases/${w.case.id}`,
      {
        defenseLawyers: [{ defendantId: w.defendant.id, defenseLawyerId: newLawyer.id }],
        prosecutorId: w.lawyer.id,
      },
      { token: w.clerk.token },
    );
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['prosecutorId']);
    expect((await get(w.clerk.token, h)).body).toMatchObject({ defenseLawyerIds: [w.lawyer.id], version: 1 });
    expect(await held(h)).toContain(`defense_lawyer:${w.lawyer.id}`);
    expect(Number((await t.sql.query(`SELECT count(*) FROM audit_log`)).rows[0].count)).toBe(audits);
  });

  describe('racing bookings', () => {
    async function side(): Promise<Client> {
      const c = new Client({ connectionString: t.config.databaseUrl });
      await c.connect();
      await c.query('BEGIN');
      return c;
    }

    it('a booking in flight during a lawyer change ends with the new lawyer', async () => {
      const w = await t.factory.world();
      const newLawyer = await t.factory.user('lawyer', w.lawFirm.id);
      // Every booking reads the opening hours after the case: hold it there.
      const hours = await side();
      await hours.query('LOCK TABLE opening_hours IN ACCESS EXCLUSIVE MODE');
      let booking: ReturnType<typeof inFlight<HttpResponse>> | undefined;
      let change: ReturnType<typeof inFlight<HttpResponse>> | undefined;
      try {
        booking = inFlight(book(t, w.clerk.token, trialBody(w, local(day(8), '09:00'))));
        await waitFor('the booking to wait', async () => (await lockWaiters(t.sql)) >= 1);
        change = inFlight(changeLawyer(w, newLawyer.id));
        await waitFor(
          'the case change to answer or wait',
          async () => change!.answered() || (await lockWaiters(t.sql)) >= 2,
        );
      } finally {
        await hours.query('COMMIT');
        await hours.end();
      }
      const [b, c] = await Promise.all([booking!.answer, change!.answer]);
      expect([b.status, c.status]).toEqual([201, 200]);
      expect((await get(w.clerk.token, b.body.id)).body).toMatchObject({ defenseLawyerIds: [newLawyer.id] });
      expect(await held(b.body.id)).not.toContain(`defense_lawyer:${w.lawyer.id}`);
    });

    it('a lawyer change that meets a booking in flight of the new lawyer waits for it, then flags the clash', async () => {
      const w = await t.factory.world();
      const other = await t.factory.world();
      const newLawyer = await t.factory.user('lawyer', w.lawFirm.id);
      const h = await booked(w, local(day(9), '09:00'));
      // Another court's booking of the new lawyer at that time, written and not yet committed.
      const racing = await side();
      let change: ReturnType<typeof inFlight<HttpResponse>> | undefined;
      let racingId: string;
      try {
        const { rows } = await racing.query(
          `INSERT INTO hearings (case_id, kind, starts_at, ends_at, time_zone, courtroom_id, judge_id, prosecutor_id)
           SELECT $1, 'trial', starts_at, ends_at, time_zone, $2, $3, $4 FROM hearings WHERE id = $5 RETURNING id`,
          [other.case.id, other.courtroom.id, other.judge.id, other.prosecutor.id, h],
        );
        racingId = rows[0].id;
        await racing.query(
          `INSERT INTO reservations (hearing_id, resource_type, resource_id, during)
           SELECT $1, 'defense_lawyer', $2, tstzrange(starts_at, ends_at, '[)') FROM hearings WHERE id = $1`,
          [racingId, newLawyer.id],
        );
        change = inFlight(changeLawyer(w, newLawyer.id));
        await waitFor(
          'the case change to answer or wait',
          async () => change!.answered() || (await lockWaiters(t.sql)) >= 1,
        );
        await racing.query('COMMIT');
      } finally {
        await racing.end();
      }
      const res = await change.answer;
      expect(res.status).toBe(200);
      expect((await get(w.clerk.token, h)).body).toMatchObject({
        defenseLawyerIds: [],
        needsAttention: true,
        attentionReasons: [
          expect.objectContaining({
            code: 'LAWYER_BUSY',
            conflicts: [expect.objectContaining({ hearingId: racingId! })],
          }),
        ],
      });
      expect(await overlappingReservations(t)).toEqual([]);
    });
  });
});
