import type { World } from '../../support/factories';
import { createTestApp, TestApp } from '../../support/test-app';
import { advance, daysAgo, leniencyPath, pastHearing } from './support';

/**
 * The plea-leniency record of a defendant in a case, through HTTP: each step of review for prosecution and the
 * court's decision, each with its history row and audit row; the errors of the state machine and of the facts.
 */
describe('a plea-leniency record, step by step', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  async function auditActions(recordId: string): Promise<{ action: string; actor_id: string }[]> {
    const { rows } = await t.sql.query(
      `SELECT action, actor_id FROM audit_log WHERE entity_type = 'leniency_record' AND entity_id = $1 ORDER BY id`,
      [recordId],
    );
    return rows;
  }
  const recordId = async (w: World) =>
    (
      await t.sql.query(`SELECT id FROM leniency_records WHERE case_id = $1 AND defendant_id = $2`, [
        w.case.id,
        w.defendant.id,
      ])
    ).rows[0]?.id as string | undefined;

  it('answers the empty record, state open, for a defendant with none yet, and writes nothing', async () => {
    const w = await t.factory.world();
    const res = await t.http.get(leniencyPath(w), { token: w.prosecutor.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      caseId: w.case.id,
      defendantId: w.defendant.id,
      state: 'open',
      informedAt: null,
      acceptedAt: null,
      affidavit: null,
      proposals: [],
      conclusion: null,
      decision: null,
      withdrawal: null,
      history: [],
    });
    expect(await recordId(w)).toBeUndefined();
  });

  it('goes from open to decided: each step stored, in the history and audited in its transaction', async () => {
    const w = await t.factory.world();
    const p = leniencyPath(w);
    const prosecutor = { token: w.prosecutor.token };
    const informed = await t.http.post(`${p}/inform`, { at: daysAgo(30) }, prosecutor);
    expect([informed.status, informed.body.state, informed.body.informedAt]).toEqual([200, 'informed', daysAgo(30)]);
    expect((await t.http.post(`${p}/accept`, { at: daysAgo(29) }, prosecutor)).body.state).toBe('accepted');
    const first = await t.http.post(
      `${p}/proposals`,
      { kind: 'definite', penalty: 'fixed_term', termMonths: 12, probation: false, proposedAt: daysAgo(28) },
      prosecutor,
    );
    expect([first.status, first.body.proposals.length]).toEqual([200, 1]);
    const signed = await t.http.post(
      `${p}/affidavit`,
      { signedAt: daysAgo(27), witnessLawyerId: w.lawyer.id, procedure: 'speedy' },
      prosecutor,
    );
    expect([signed.status, signed.body.state]).toEqual([200, 'affidavit_signed']);
    expect(signed.body.affidavit).toEqual({
      signedAt: daysAgo(27),
      witnessLawyerId: w.lawyer.id,
      witnessRole: 'defense_lawyer',
      procedure: 'speedy',
      hearingId: null,
    });
    const adjusted = await t.http.post(
      `${p}/proposals`,
      { kind: 'range', penalty: 'fixed_term', minMonths: 8, maxMonths: 10, probation: true, proposedAt: daysAgo(26) },
      prosecutor,
    );
    expect(adjusted.body.proposals.map((x: { position: number; kind: string }) => [x.position, x.kind])).toEqual([
      [1, 'definite'],
      [2, 'range'],
    ]);
    expect(adjusted.body.proposals[1]).toMatchObject({ proposedBy: w.prosecutor.id, minMonths: 8, maxMonths: 10 });
    const concluded = await t.http.post(
      `${p}/conclude`,
      { concludedAt: daysAgo(25), leniencyApplied: true },
      prosecutor,
    );
    expect([concluded.status, concluded.body.conclusion]).toEqual([
      200,
      { concludedAt: daysAgo(25), leniencyApplied: true },
    ]);
    const trial = await pastHearing(t, w, { kind: 'trial', daysAgo: 10, lawyerIds: [w.lawyer.id] });
    const decided = await t.http.post(
      `${p}/decision`,
      {
        decision: 'adopted_after_adjustment',
        sentenceMonths: 9,
        probation: true,
        decidedAt: daysAgo(10),
        hearingId: trial,
      },
      { token: w.judge.token },
    );
    expect([decided.status, decided.body.state]).toEqual([200, 'decided']);
    expect(decided.body.decision).toEqual({
      decision: 'adopted_after_adjustment',
      sentenceMonths: 9,
      probation: true,
      decidedAt: daysAgo(10),
      hearingId: trial,
    });

    const read = await t.http.get(p, { token: w.clerk.token });
    expect(read.body.history.map((s: { action: string; actorId: string }) => [s.action, s.actorId])).toEqual([
      ['inform', w.prosecutor.id],
      ['accept', w.prosecutor.id],
      ['proposal', w.prosecutor.id],
      ['affidavit', w.prosecutor.id],
      ['proposal', w.prosecutor.id],
      ['conclude', w.prosecutor.id],
      ['decision', w.judge.id],
    ]);
    expect(read.body.history[3].payload).toMatchObject({ witnessLawyerId: w.lawyer.id, witnessRole: 'defense_lawyer' });
    const id = (await recordId(w))!;
    expect(await auditActions(id)).toEqual([
      { action: 'leniency_inform', actor_id: w.prosecutor.id },
      { action: 'leniency_accept', actor_id: w.prosecutor.id },
      { action: 'leniency_proposal', actor_id: w.prosecutor.id },
      { action: 'leniency_affidavit', actor_id: w.prosecutor.id },
      { action: 'leniency_proposal', actor_id: w.prosecutor.id },
      { action: 'leniency_conclude', actor_id: w.prosecutor.id },
      { action: 'leniency_decision', actor_id: w.judge.id },
    ]);
    // What the statistics will filter on: the case's organizations and prosecutor at the conclusion.
    const { rows } = await t.sql.query(
      `SELECT procuratorate_id, court_id, prosecutor_id, proposal_kind, proposal_count FROM leniency_records WHERE id = $1`,
      [id],
    );
    expect(rows[0]).toEqual({
      procuratorate_id: w.procuratorate.id,
      court_id: w.court.id,
      prosecutor_id: w.prosecutor.id,
      proposal_kind: 'range',
      proposal_count: 2,
    });
  });

  it('records a duty lawyer as the witness of an affidavit signed in a plea_signing hearing they attended', async () => {
    const w = await t.factory.world();
    const duty = await t.factory.user('lawyer', w.lawFirm.id);
    await advance(t, w, 'proposed');
    const signing = await pastHearing(t, w, { kind: 'plea_signing', daysAgo: 37, lawyerIds: [duty.id] });
    const body = { signedAt: daysAgo(37), witnessLawyerId: duty.id, procedure: 'summary', hearingId: signing };
    const res = await t.http.post(`${leniencyPath(w)}/affidavit`, body, { token: w.prosecutor.token });
    expect([res.status, res.body.affidavit.witnessRole, res.body.affidavit.hearingId]).toEqual([
      200,
      'duty_lawyer',
      signing,
    ]);
  });

  it('refuses a witness who is not an active lawyer, and a hearing that is not the right one (400 naming the field)', async () => {
    const w = await t.factory.world();
    await advance(t, w, 'proposed');
    const p = `${leniencyPath(w)}/affidavit`;
    const as = { token: w.prosecutor.token };
    const base = { signedAt: daysAgo(37), witnessLawyerId: w.lawyer.id, procedure: 'speedy' };
    const gone = await t.factory.user('lawyer', w.lawFirm.id, { active: false });
    const trial = await pastHearing(t, w, { kind: 'trial', daysAgo: 37, lawyerIds: [w.lawyer.id] });
    const signingWithout = await pastHearing(t, w, { kind: 'plea_signing', daysAgo: 37, lawyerIds: [] });
    for (const [body, field, message] of [
      [{ ...base, witnessLawyerId: w.clerk.id }, 'witnessLawyerId', 'no active lawyer has this id'],
      [{ ...base, witnessLawyerId: gone.id }, 'witnessLawyerId', 'no active lawyer has this id'],
      [{ ...base, hearingId: trial }, 'hearingId', 'an affidavit is signed in a plea_signing hearing'],
      [{ ...base, hearingId: signingWithout }, 'hearingId', 'the witness does not attend this hearing'],
    ] as const) {
      const res = await t.http.post(p, body, as);
      expect([res.status, res.body.code, res.body.errors]).toEqual([400, 'VALIDATION_FAILED', [{ field, message }]]);
    }
    expect((await t.http.get(leniencyPath(w), as)).body.state).toBe('accepted');
  });

  it('refuses a step that does not follow from the state: 409 INVALID_TRANSITION naming state and action', async () => {
    const w = await t.factory.world();
    const res = await t.http.post(`${leniencyPath(w)}/accept`, { at: daysAgo(3) }, { token: w.prosecutor.token });
    expect([res.status, res.body.code, res.body.state, res.body.action]).toEqual([
      409,
      'INVALID_TRANSITION',
      'open',
      'accept',
    ]);
    expect(await recordId(w)).toBeUndefined();
  });

  it('refuses a step dated before the one it follows: 422 STEP_OUT_OF_ORDER', async () => {
    const w = await t.factory.world();
    await advance(t, w, 'informed');
    const res = await t.http.post(`${leniencyPath(w)}/accept`, { at: daysAgo(41) }, { token: w.prosecutor.token });
    expect([res.status, res.body.code, res.body.action]).toEqual([422, 'STEP_OUT_OF_ORDER', 'acceptance']);
  });

  it('refuses a decision that contradicts the proposal: 422 INCONSISTENT_DECISION saying why', async () => {
    const w = await t.factory.world();
    await advance(t, w, 'concluded');
    const res = await t.http.post(
      `${leniencyPath(w)}/decision`,
      { decision: 'adopted', sentenceMonths: 14, probation: true, decidedAt: daysAgo(2) },
      { token: w.clerk.token },
    );
    expect([res.status, res.body.code]).toEqual([422, 'INCONSISTENT_DECISION']);
    expect(res.body.reason).toContain('above');
    expect((await t.http.get(leniencyPath(w), { token: w.clerk.token })).body.state).toBe('concluded');
  });

  it('refuses a proposal of the wrong shape, naming the field', async () => {
    const w = await t.factory.world();
    await advance(t, w, 'accepted');
    const p = `${leniencyPath(w)}/proposals`;
    const as = { token: w.prosecutor.token };
    const range = await t.http.post(
      p,
      { kind: 'range', penalty: 'fixed_term', minMonths: 12, maxMonths: 12, probation: false },
      as,
    );
    expect([range.status, range.body.errors]).toEqual([
      400,
      [{ field: 'maxMonths', message: 'must be greater than minMonths' }],
    ]);
    const definite = await t.http.post(
      p,
      { kind: 'definite', penalty: 'fixed_term', probation: false, minMonths: 3 },
      as,
    );
    expect(definite.body.errors.map((e: { field: string }) => e.field)).toEqual(['termMonths', 'minMonths']);
  });

  it('refuses a date in the future: a step records what happened', async () => {
    const w = await t.factory.world();
    const future = (await import('luxon')).DateTime.utc().plus({ hours: 1 }).toISO()!;
    const res = await t.http.post(`${leniencyPath(w)}/inform`, { at: future }, { token: w.prosecutor.token });
    expect([res.status, res.body.errors[0].field]).toEqual([400, 'at']);
    const local = await t.http.post(
      `${leniencyPath(w)}/inform`,
      { at: '2026-01-05T09:00' },
      { token: w.prosecutor.token },
    );
    expect([local.status, local.body.errors[0].field]).toEqual([400, 'at']);
  });

  it('withdraws after the affidavit; the reason is read by the court and procuratorate, not by lawyers or officers', async () => {
    const w = await t.factory.world();
    await advance(t, w, 'affidavit_signed');
    const reason = '张三 says he signed under pressure';
    const res = await t.http.post(
      `${leniencyPath(w)}/withdraw`,
      { at: daysAgo(30), reason },
      { token: w.prosecutor.token },
    );
    expect([res.status, res.body.state, res.body.withdrawal]).toEqual([
      200,
      'withdrawn',
      { at: daysAgo(30), withdrawalReason: reason },
    ]);
    for (const u of [w.clerk, w.judge, w.prosecutor]) {
      const read = await t.http.get(leniencyPath(w), { token: u.token });
      expect([u.role, read.body.withdrawal.withdrawalReason, read.body.history[4].payload.withdrawalReason]).toEqual([
        u.role,
        reason,
        reason,
      ]);
    }
    for (const u of [w.lawyer, w.officer]) {
      const read = await t.http.get(leniencyPath(w), { token: u.token });
      expect([u.role, read.status, read.body.withdrawal, read.body.history[4].payload.withdrawalReason]).toEqual([
        u.role,
        200,
        { at: daysAgo(30), withdrawalReason: null },
        null,
      ]);
    }
    const audit = await t.sql.query(
      `SELECT after FROM audit_log WHERE action = 'leniency_withdraw' AND entity_id = $1`,
      [await recordId(w)],
    );
    expect(audit.rows[0].after).toMatchObject({ state: 'withdrawn', withdrawalReason: reason });
    // Withdrawn before the conclusion: concluded without leniency.
    const concluded = await t.http.post(
      `${leniencyPath(w)}/conclude`,
      { concludedAt: daysAgo(29), leniencyApplied: false },
      { token: w.prosecutor.token },
    );
    expect([concluded.status, concluded.body.state]).toEqual([200, 'concluded']);
  });

  it('lets the court record a withdrawal at trial, after the conclusion, and not before', async () => {
    const w = await t.factory.world();
    await advance(t, w, 'affidavit_signed');
    const body = { at: daysAgo(20), reason: 'at trial' };
    const early = await t.http.post(`${leniencyPath(w)}/withdraw`, body, { token: w.clerk.token });
    expect([early.status, early.body.code]).toEqual([403, 'FORBIDDEN']);
    await t.http.post(
      `${leniencyPath(w)}/conclude`,
      { concludedAt: daysAgo(30), leniencyApplied: true },
      { token: w.prosecutor.token },
    );
    const late = await t.http.post(`${leniencyPath(w)}/withdraw`, body, { token: w.judge.token });
    expect([late.status, late.body.state]).toEqual([200, 'withdrawn']);
  });
});
