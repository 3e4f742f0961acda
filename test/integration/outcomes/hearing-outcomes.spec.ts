import { DateTime } from 'luxon';
import type { World } from '../../support/factories';
import { mondayAt } from '../../support/dates';
import { createTestApp, TestApp } from '../../support/test-app';
import { trialBody } from '../hearings/support';
import { advance, daysAgo, leniencyPath, pastHearing } from '../leniency/support';

describe('Hearing outcomes', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp();
    w = await t.factory.world();
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A trial that was held `weeks` weeks ago (back-filled by the clerk: it holds its people and rooms). */
  async function heldTrial(world: World, weeks: number, time = '09:00'): Promise<string> {
    const res = await t.http.post(
      '/hearings',
      trialBody(world, mondayAt(-weeks, time), { backfill: { reason: 'Recorded afterwards' } }),
      { token: world.clerk.token },
    );
    if (res.status !== 201) throw new Error(`back-fill: ${res.status} ${res.text}`);
    return res.body.id;
  }
  const outcomePath = (id: string) => `/hearings/${id}/outcome`;
  const count = async (table: string) => (await t.sql.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;

  it('gives each result its hearing status, and the outcome reads back', async () => {
    const expected: [string, string][] = [
      ['held', 'completed'],
      ['adjourned', 'adjourned'],
      ['defendant_absent', 'failed'],
      ['party_absent', 'failed'],
      ['technical_failure', 'failed'],
    ];
    for (const [i, [result, status]] of expected.entries()) {
      const id = await heldTrial(w, i + 1);
      const res = await t.http.post(
        outcomePath(id),
        { result, startedAt: mondayAt(-(i + 1), '09:05'), endedAt: mondayAt(-(i + 1), '09:30'), notes: '张三 coughed' },
        { token: w.clerk.token },
      );
      expect([result, res.status, res.body.hearingStatus]).toEqual([result, 201, status]);
      const hearing = await t.http.get(`/hearings/${id}`, { token: w.clerk.token });
      expect([result, hearing.body.status]).toEqual([result, status]);
      const read = await t.http.get(outcomePath(id), { token: w.judge.token });
      expect(read.body).toMatchObject({
        hearingId: id,
        result,
        startedAt: DateTime.fromISO(mondayAt(-(i + 1), '09:05'))
          .toUTC()
          .toISO({ suppressMilliseconds: true }),
        notes: '张三 coughed',
        recordedBy: w.clerk.id,
        correctionReason: null,
      });
      // The defendant's lawyer sees the outcome but not its free text.
      const byLawyer = await t.http.get(outcomePath(id), { token: w.lawyer.token });
      expect([byLawyer.status, byLawyer.body.result, byLawyer.body.notes]).toEqual([200, result, null]);
    }
  });

  it('keeps the people and rooms of a hearing that was held: booking over it clashes with it', async () => {
    const id = await heldTrial(w, 7);
    expect((await t.http.post(outcomePath(id), { result: 'held' }, { token: w.clerk.token })).status).toBe(201);
    const over = await t.http.post(
      '/hearings',
      trialBody(w, mondayAt(-7, '09:10'), { backfill: { reason: 'Recorded afterwards' } }),
      { token: w.clerk.token },
    );
    expect([over.status, over.body.code]).toEqual([409, 'HEARING_CLASH']);
    expect(over.body.conflicts.map((c: { hearingId: string }) => c.hearingId)).toContain(id);
  });

  it('refuses an outcome before the hearing starts (422), a second one (409), one for a cancelled hearing (409)', async () => {
    const future = await t.http.post('/hearings', trialBody(w, mondayAt(3)), { token: w.clerk.token });
    expect(future.status).toBe(201);
    const early = await t.http.post(outcomePath(future.body.id), { result: 'held' }, { token: w.clerk.token });
    expect([early.status, early.body.code]).toEqual([422, 'OUTCOME_BEFORE_START']);
    expect(await t.http.get(outcomePath(future.body.id), { token: w.clerk.token })).toMatchObject({ status: 404 });

    const id = await heldTrial(w, 8);
    expect((await t.http.post(outcomePath(id), { result: 'held' }, { token: w.clerk.token })).status).toBe(201);
    const again = await t.http.post(outcomePath(id), { result: 'adjourned' }, { token: w.clerk.token });
    expect([again.status, again.body.code]).toEqual([409, 'OUTCOME_EXISTS']);
    expect((await t.http.get(`/hearings/${id}`, { token: w.clerk.token })).body.status).toBe('completed');

    const cancelled = await heldTrial(w, 9);
    const cancel = await t.http.post(
      `/hearings/${cancelled}/cancel`,
      { reason: 'Never held' },
      { token: w.clerk.token },
    );
    expect(cancel.status).toBe(200);
    const onCancelled = await t.http.post(outcomePath(cancelled), { result: 'held' }, { token: w.clerk.token });
    expect([onCancelled.status, onCancelled.body.code]).toEqual([409, 'HEARING_CANCELLED']);
  });

  it('refuses bad times naming the field, writing nothing', async () => {
    const id = await heldTrial(w, 10);
    const before = await count('hearing_outcomes');
    const bad = [
      [{ result: 'held', startedAt: DateTime.now().plus({ days: 2 }).toUTC().toISO() }, 'startedAt'],
      [{ result: 'held', startedAt: mondayAt(-10, '09:20'), endedAt: mondayAt(-10, '09:10') }, 'endedAt'],
      [{ result: 'held', startedAt: 'yesterday' }, 'startedAt'],
    ] as const;
    for (const [body, field] of bad) {
      const res = await t.http.post(outcomePath(id), body, { token: w.clerk.token });
      expect([field, res.status, res.body.errors?.[0]?.field]).toEqual([field, 400, field]);
    }
    expect(await count('hearing_outcomes')).toBe(before);
  });

  it('records the court’s plea-leniency decision through the outcome; an inconsistent one rejects everything', async () => {
    const world = await t.factory.world();
    await advance(t, world, 'concluded');
    const id = await heldTrial(world, 2);
    const decision = { decision: 'adopted', sentenceMonths: 8, probation: true, decidedAt: daysAgo(1) };

    const audits = await count('audit_log');
    const wrong = await t.http.post(
      outcomePath(id),
      {
        result: 'held',
        leniency: [{ defendantId: world.defendant.id, decision: { ...decision, sentenceMonths: 20 } }],
      },
      { token: world.judge.token },
    );
    expect([wrong.status, wrong.body.code, wrong.body.field]).toEqual([
      422,
      'INCONSISTENT_DECISION',
      'leniency[0].decision',
    ]);
    expect(wrong.body.detail).toMatch(/^leniency\[0\]\.decision: /);
    const future = await t.http.post(
      outcomePath(id),
      {
        result: 'held',
        leniency: [{ defendantId: world.defendant.id, decision: { ...decision, decidedAt: daysAgo(-2) } }],
      },
      { token: world.judge.token },
    );
    expect([future.status, future.body.errors]).toEqual([
      400,
      [{ field: 'leniency[0].decision.decidedAt', message: expect.stringMatching(/future/) }],
    ]);
    expect((await t.http.get(`/hearings/${id}`, { token: world.clerk.token })).body.status).toBe('scheduled');
    expect((await t.http.get(outcomePath(id), { token: world.clerk.token })).status).toBe(404);
    expect((await t.http.get(leniencyPath(world), { token: world.clerk.token })).body.state).toBe('concluded');
    expect(await count('audit_log')).toBe(audits);

    const stranger = await t.factory.defendant(world.center.id);
    const notAttending = await t.http.post(
      outcomePath(id),
      { result: 'held', leniency: [{ defendantId: stranger.id, decision }] },
      { token: world.judge.token },
    );
    expect([notAttending.status, notAttending.body.errors[0].field]).toEqual([400, 'leniency[0].defendantId']);
    const twice = await t.http.post(
      outcomePath(id),
      {
        result: 'held',
        leniency: [
          { defendantId: world.defendant.id, pleaConfirmed: true },
          { defendantId: world.defendant.id, decision },
        ],
      },
      { token: world.judge.token },
    );
    expect([twice.status, twice.body.errors[0].field]).toEqual([400, 'leniency[1].defendantId']);

    const ok = await t.http.post(
      outcomePath(id),
      {
        result: 'held',
        leniency: [{ defendantId: world.defendant.id, pleaConfirmed: true, decision: { ...decision, hearingId: id } }],
      },
      { token: world.judge.token },
    );
    expect([ok.status, ok.body.hearingStatus]).toEqual([201, 'completed']);
    const record = await t.http.get(leniencyPath(world), { token: world.clerk.token });
    expect([record.body.state, record.body.decision.hearingId, record.body.decision.sentenceMonths]).toEqual([
      'decided',
      id,
      8,
    ]);
    const { rows } = await t.sql.query(
      `SELECT after->'outcome' AS outcome FROM audit_log WHERE entity_id = $1 AND action = 'record_outcome'`,
      [id],
    );
    expect(rows[0].outcome).toMatchObject({
      result: 'held',
      leniency: [{ defendantId: world.defendant.id, pleaConfirmed: true, steps: ['decision'] }],
    });
  });

  it('corrects an outcome with a required reason, audited; the status follows the result', async () => {
    const id = await heldTrial(w, 11);
    expect((await t.http.post(outcomePath(id), { result: 'held' }, { token: w.clerk.token })).status).toBe(201);
    const noReason = await t.http.put(outcomePath(id), { result: 'technical_failure' }, { token: w.clerk.token });
    expect([noReason.status, noReason.body.errors?.[0]?.field]).toEqual([400, 'reason']);
    const fixed = await t.http.put(
      outcomePath(id),
      { result: 'technical_failure', notes: 'The link dropped', reason: 'Entered the wrong result' },
      { token: w.judge.token },
    );
    expect(fixed.status).toBe(200);
    expect(fixed.body).toMatchObject({
      result: 'technical_failure',
      hearingStatus: 'failed',
      notes: 'The link dropped',
      correctionReason: 'Entered the wrong result',
      correctedBy: w.judge.id,
    });
    expect((await t.http.get(`/hearings/${id}`, { token: w.clerk.token })).body.status).toBe('failed');
    const { rows } = await t.sql.query(
      `SELECT actor_id, after->'outcome' AS outcome FROM audit_log WHERE entity_id = $1 AND action = 'correct_outcome'`,
      [id],
    );
    expect(rows).toEqual([
      {
        actor_id: w.judge.id,
        outcome: expect.objectContaining({
          previousResult: 'held',
          result: 'technical_failure',
          correctionReason: 'Entered the wrong result',
        }),
      },
    ]);
    // The reason is free text: the lawyer reads the outcome without it.
    expect((await t.http.get(outcomePath(id), { token: w.lawyer.token })).body.correctionReason).toBeNull();
    const none = await heldTrial(w, 12);
    const missing = await t.http.put(outcomePath(none), { result: 'held', reason: 'x' }, { token: w.clerk.token });
    expect(missing.status).toBe(404);
  });

  it('lets the court’s clerks and judges and admins record it; the procuratorate only for a plea signing', async () => {
    const world = await t.factory.world();
    const trial = await heldTrial(world, 3);
    for (const u of [world.prosecutor, world.lawyer, world.officer]) {
      const res = await t.http.post(outcomePath(trial), { result: 'held' }, { token: u.token });
      expect([u.role, res.status]).toEqual([u.role, 403]);
    }
    const otherCourt = await t.factory.organization('court');
    const outsider = await t.factory.user('clerk', otherCourt.id);
    expect((await t.http.post(outcomePath(trial), { result: 'held' }, { token: outsider.token })).status).toBe(404);
    expect((await t.http.get(outcomePath(trial), { token: outsider.token })).status).toBe(404);
    expect((await t.http.post(outcomePath(trial), { result: 'held' }, { token: t.adminToken })).status).toBe(201);

    const signing = await pastHearing(t, world, { kind: 'plea_signing', daysAgo: 3, lawyerIds: [world.lawyer.id] });
    const res = await t.http.post(outcomePath(signing), { result: 'held' }, { token: world.prosecutor.token });
    expect([res.status, res.body.hearingStatus]).toEqual([201, 'completed']);
  });

  it('books the follow-up hearing of an adjournment with the same parties, in the same transaction', async () => {
    const world = await t.factory.world();
    const id = await heldTrial(world, 1);
    const before = (await t.http.get(`/hearings/${id}`, { token: world.clerk.token })).body;
    const res = await t.http.post(
      outcomePath(id),
      { result: 'defendant_absent', adjournTo: { startsAt: mondayAt(3, '10:00') } },
      { token: world.judge.token },
    );
    expect([res.status, res.body.hearingStatus]).toEqual([201, 'adjourned']);
    const followUp = await t.http.get(`/hearings/${res.body.followUpHearingId}`, { token: world.clerk.token });
    expect(followUp.body).toMatchObject({
      status: 'scheduled',
      kind: 'trial',
      startsAt: DateTime.fromISO(mondayAt(3, '10:00')).toUTC().toISO({ suppressMilliseconds: true }),
      localEndsAt: expect.stringContaining('T10:30'),
      courtroomId: before.courtroomId,
      judgeId: before.judgeId,
      prosecutorId: before.prosecutorId,
      defendantIds: before.defendantIds,
      defenseLawyerIds: before.defenseLawyerIds,
    });
    const longer = await heldTrial(world, 2);
    const adjourned = await t.http.post(
      outcomePath(longer),
      { result: 'adjourned', adjournTo: { startsAt: mondayAt(5, '09:30'), durationMinutes: 60 } },
      { token: world.clerk.token },
    );
    expect([adjourned.status, adjourned.body.hearingStatus]).toEqual([201, 'adjourned']);
    const second = await t.http.get(`/hearings/${adjourned.body.followUpHearingId}`, { token: world.clerk.token });
    expect(second.body.localEndsAt).toContain('T10:30');
  });

  it('rejects the whole outcome when the follow-up clashes (409, nothing written), is in the past, or follows a held one', async () => {
    const world = await t.factory.world();
    const id = await heldTrial(world, 1);
    const busy = await t.http.post('/hearings', trialBody(world, mondayAt(4, '09:00')), { token: world.clerk.token });
    expect(busy.status).toBe(201);
    await advance(t, world, 'concluded');
    const counts = async () => [await count('hearings'), await count('hearing_outcomes'), await count('audit_log')];
    const was = await counts();
    const clash = await t.http.post(
      outcomePath(id),
      {
        result: 'adjourned',
        adjournTo: { startsAt: mondayAt(4, '09:10') },
        leniency: [
          {
            defendantId: world.defendant.id,
            decision: { decision: 'adopted', sentenceMonths: 8, probation: true, decidedAt: daysAgo(1) },
          },
        ],
      },
      { token: world.clerk.token },
    );
    expect([clash.status, clash.body.code]).toEqual([409, 'HEARING_CLASH']);
    expect(clash.body.conflicts.map((c: { hearingId: string }) => c.hearingId)).toContain(busy.body.id);
    expect(await counts()).toEqual(was);
    expect((await t.http.get(`/hearings/${id}`, { token: world.clerk.token })).body.status).toBe('scheduled');
    expect((await t.http.get(leniencyPath(world), { token: world.clerk.token })).body.state).toBe('concluded');

    const past = await t.http.post(
      outcomePath(id),
      { result: 'adjourned', adjournTo: { startsAt: mondayAt(-1, '10:00') } },
      { token: world.clerk.token },
    );
    expect([past.status, past.body.code]).toEqual([422, 'STARTS_IN_PAST']);
    const held = await t.http.post(
      outcomePath(id),
      { result: 'held', adjournTo: { startsAt: mondayAt(5, '10:00') } },
      { token: world.clerk.token },
    );
    expect([held.status, held.body.errors?.[0]?.field]).toEqual([400, 'adjournTo']);
    expect(await counts()).toEqual(was);
  });

  it('keeps a hearing with an outcome as it was held: no re-booking, no cancelling (409 HEARING_HAS_OUTCOME)', async () => {
    const id = await heldTrial(w, 13);
    expect((await t.http.post(outcomePath(id), { result: 'held' }, { token: w.clerk.token })).status).toBe(201);
    const moved = await t.http.patch(
      `/hearings/${id}`,
      { notes: 'Later note' },
      { token: w.clerk.token, headers: { 'if-match': '*' } },
    );
    expect([moved.status, moved.body.code]).toEqual([409, 'HEARING_HAS_OUTCOME']);
    const cancel = await t.http.post(`/hearings/${id}/cancel`, { reason: 'Oops' }, { token: w.clerk.token });
    expect([cancel.status, cancel.body.code]).toEqual([409, 'HEARING_HAS_OUTCOME']);
    const { rows } = await t.sql.query(`SELECT count(*)::int AS n FROM reservations WHERE hearing_id = $1`, [id]);
    expect(rows[0].n).toBeGreaterThan(0);
  });
});
