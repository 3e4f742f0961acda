import { createTestApp, TestApp } from '../../support/test-app';
import type { World } from '../../support/factories';

/** An instant as the custody trigger writes it: UTC, milliseconds, Z. */
const UTC_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('Transferring, releasing and correcting a defendant', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp();
    w = await t.factory.world();
  });
  afterAll(async () => {
    await t?.close();
  });

  const count = async (table: string) => Number((await t.sql.query(`SELECT count(*) FROM ${table}`)).rows[0].count);

  /** A hearing of the world's case with this defendant, written straight to the tables the Scheduling migration made. */
  async function hearing(
    defendantId: string,
    startsInHours: number,
    status: 'scheduled' | 'cancelled' = 'scheduled',
  ): Promise<string> {
    const { rows } = await t.sql.query(
      `INSERT INTO hearings (case_id, kind, status, starts_at, ends_at, time_zone, courtroom_id, judge_id, prosecutor_id, video_room_id, cancel_reason)
       VALUES ($1, 'speedy_trial', $2, now() + make_interval(hours => $3), now() + make_interval(hours => $3, mins => 20),
               'Asia/Shanghai', $4, $5, $6, $7, $8)
       RETURNING id`,
      [
        w.case.id,
        status,
        startsInHours,
        w.courtroom.id,
        w.judge.id,
        w.prosecutor.id,
        w.videoRooms[0].id,
        status === 'cancelled' ? 'test' : null,
      ],
    );
    await t.sql.query(`INSERT INTO hearing_defendants (hearing_id, defendant_id) VALUES ($1, $2)`, [
      rows[0].id,
      defendantId,
    ]);
    return rows[0].id;
  }
  const attention = async (hearingId: string) =>
    (await t.sql.query(`SELECT needs_attention, attention_reasons, version FROM hearings WHERE id = $1`, [hearingId]))
      .rows[0];

  async function defendantInCase(): Promise<string> {
    const def = await t.factory.defendant(w.center.id, { name: '赵六', idNumber: '44030019851212567X' });
    await t.sql.query(`INSERT INTO case_defendants (case_id, defendant_id, charges) VALUES ($1, $2, '{theft}')`, [
      w.case.id,
      def.id,
    ]);
    return def.id;
  }

  it("flags the defendant's future hearings when a detention officer records a release, and only those", async () => {
    const id = await defendantInCase();
    const future = await hearing(id, 48);
    const past = await hearing(id, -48);
    const cancelled = await hearing(id, 72, 'cancelled');
    const someoneElse = await hearing(w.defendant.id, 96);

    const res = await t.http.patch(`/defendants/${id}`, { custodyStatus: 'released' }, { token: w.officer.token });
    expect(res.status).toBe(200);
    expect(res.body.custodyStatus).toBe('released');

    const flagged = await attention(future);
    expect(flagged.needs_attention).toBe(true);
    expect(flagged.attention_reasons).toEqual([
      expect.objectContaining({ code: 'DEFENDANT_RELEASED', defendantId: id }),
    ]);
    expect(flagged.version).toBe(2);
    for (const untouched of [past, cancelled, someoneElse])
      expect((await attention(untouched)).needs_attention).toBe(false);
  });

  it('flags future hearings as a transfer when the defendant moves to another center', async () => {
    const id = await defendantInCase();
    const future = await hearing(id, 24);
    const newCenter = await t.factory.organization('detention_center');
    const res = await t.http.patch(`/defendants/${id}`, { detentionCenterId: newCenter.id }, { token: w.clerk.token });
    expect(res.status).toBe(200);
    expect(res.body.detentionCenterId).toBe(newCenter.id);
    expect((await attention(future)).attention_reasons).toEqual([
      expect.objectContaining({ code: 'DEFENDANT_TRANSFERRED', defendantId: id }),
    ]);
    // The old center no longer holds them, so its officer no longer sees them; the new center's officer does.
    expect((await t.http.get(`/defendants/${id}`, { token: w.officer.token })).status).toBe(404);
    const newOfficer = await t.factory.user('detention_officer', newCenter.id);
    expect((await t.http.get(`/defendants/${id}`, { token: newOfficer.token })).status).toBe(200);
  });

  it("writes the flag into each flagged hearing's history, with the actor and request id of the custody change", async () => {
    const id = await defendantInCase();
    const future = await hearing(id, 36);
    const res = await t.http.patch(
      `/defendants/${id}`,
      { custodyStatus: 'released' },
      { token: w.officer.token, headers: { 'x-request-id': 'custody-release-1' } },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('custody-release-1');
    const history = await t.http.get(`/hearings/${future}/history`, { token: w.clerk.token });
    expect(history.status).toBe(200);
    const reason = { code: 'DEFENDANT_RELEASED', defendantId: id, at: expect.stringMatching(UTC_MILLIS) };
    expect(history.body).toEqual([
      {
        occurredAt: expect.any(String),
        action: 'flag_attention',
        actorId: w.officer.id,
        requestId: 'custody-release-1',
        before: { needsAttention: false, version: 1 },
        after: { needsAttention: true, version: 2, attentionReasons: [reason] },
      },
    ]);
    expect((await attention(future)).attention_reasons).toEqual([reason]);
  });

  it('audits a flag raised by plain SQL too, with no actor or request id', async () => {
    const id = await defendantInCase();
    const future = await hearing(id, 40);
    await t.sql.query(`UPDATE defendants SET custody_status = 'released' WHERE id = $1`, [id]);
    const { rows } = await t.sql.query(
      `SELECT action, actor_id, request_id, before, after FROM audit_log WHERE entity_type = 'hearing' AND entity_id = $1`,
      [future],
    );
    expect(rows).toEqual([
      {
        action: 'flag_attention',
        actor_id: null,
        request_id: null,
        before: { needsAttention: false, version: 1 },
        after: { needsAttention: true, version: 2, attentionReasons: [expect.objectContaining({ defendantId: id })] },
      },
    ]);
  });

  it('names what happened: released, transferred, or detained again (then they need a video room again)', async () => {
    const id = await defendantInCase();
    const future = await hearing(id, 50);
    const otherCenter = await t.factory.organization('detention_center');
    const steps: [Record<string, unknown>, string][] = [
      [{ custodyStatus: 'released' }, 'DEFENDANT_RELEASED'],
      [{ custodyStatus: 'detained' }, 'DEFENDANT_DETAINED'],
      [{ custodyStatus: 'released' }, 'DEFENDANT_RELEASED'],
      [{ custodyStatus: 'detained', detentionCenterId: otherCenter.id }, 'DEFENDANT_TRANSFERRED'],
    ];
    for (const [change] of steps) {
      const res = await t.http.patch(`/defendants/${id}`, change, { token: t.adminToken });
      expect(res.status).toBe(200);
    }
    const flagged = await attention(future);
    expect(flagged.attention_reasons.map((r: { code: string }) => r.code)).toEqual(steps.map(([, code]) => code));
    expect(flagged.version).toBe(1 + steps.length);
    for (const r of flagged.attention_reasons) expect(r.at).toMatch(UTC_MILLIS);
  });

  it('audits the change with before and after, personal data masked', async () => {
    const id = await defendantInCase();
    const res = await t.http.patch(
      `/defendants/${id}`,
      { name: '赵六六', custodyStatus: 'released' },
      { token: w.prosecutor.token },
    );
    expect(res.status).toBe(200);
    expect(res.body.name).toBe('赵六六');
    const audit = await t.sql.query(
      `SELECT action, entity_type, actor_id, before, after FROM audit_log WHERE entity_id = $1`,
      [id],
    );
    expect(audit.rows).toEqual([
      {
        action: 'update',
        entity_type: 'defendant',
        actor_id: w.prosecutor.id,
        before: expect.objectContaining({ name: '赵*', idNumber: '**************567X', custodyStatus: 'detained' }),
        after: expect.objectContaining({ name: '赵**', idNumber: '**************567X', custodyStatus: 'released' }),
      },
    ]);
    expect(JSON.stringify(audit.rows)).not.toMatch(/赵六|44030019851212/);
  });

  it('corrects and clears the id number; the admin sees it whole, others masked', async () => {
    const id = await defendantInCase();
    const fixed = await t.http.patch(`/defendants/${id}`, { idNumber: '440300198512125678' }, { token: t.adminToken });
    expect(fixed.body.idNumber).toBe('440300198512125678');
    expect((await t.http.get(`/defendants/${id}`, { token: w.clerk.token })).body.idNumber).toBe('**************5678');
    const cleared = await t.http.patch(`/defendants/${id}`, { idNumber: null }, { token: w.clerk.token });
    expect(cleared.status).toBe(200);
    expect(cleared.body.idNumber).toBeNull();
  });

  it('refuses a transfer to something that is not a detention center and leaves everything as it was', async () => {
    const id = await defendantInCase();
    const future = await hearing(id, 24);
    const audits = await count('audit_log');
    for (const [target, message] of [
      [w.court.id, 'is a court, not a detention center'],
      ['00000000-0000-4000-8000-000000000000', 'no organization has this id'],
    ]) {
      const res = await t.http.patch(
        `/defendants/${id}`,
        { detentionCenterId: target, custodyStatus: 'released' },
        { token: t.adminToken },
      );
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'detentionCenterId', message }]);
    }
    const bad = await t.http.patch(`/defendants/${id}`, { detentionCenterId: 'center-2' }, { token: t.adminToken });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('detentionCenterId');
    expect((await t.http.get(`/defendants/${id}`, { token: t.adminToken })).body).toMatchObject({
      detentionCenterId: w.center.id,
      custodyStatus: 'detained',
    });
    expect((await attention(future)).needs_attention).toBe(false);
    expect(await count('audit_log')).toBe(audits);
  });

  it('refuses nulls and unknown fields, naming them', async () => {
    const id = await defendantInCase();
    const res = await t.http.patch(
      `/defendants/${id}`,
      { name: null, custodyStatus: 'escaped', detentionCenterId: null, registeredByOrganizationId: w.court.id },
      { token: t.adminToken },
    );
    expect(res.status).toBe(400);
    expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([
      'custodyStatus',
      'detentionCenterId',
      'name',
      'registeredByOrganizationId',
    ]);
  });

  it('writes nothing for a change that changes nothing', async () => {
    const id = await defendantInCase();
    const audits = await count('audit_log');
    const res = await t.http.patch(
      `/defendants/${id}`,
      { custodyStatus: 'detained', detentionCenterId: w.center.id },
      { token: w.clerk.token },
    );
    expect(res.status).toBe(200);
    expect(await count('audit_log')).toBe(audits);
  });

  it('forbids judges and lawyers to change a defendant, even one they see', async () => {
    for (const user of [w.judge, w.lawyer]) {
      expect((await t.http.get(`/defendants/${w.defendant.id}`, { token: user.token })).status).toBe(200);
      const res = await t.http.patch(
        `/defendants/${w.defendant.id}`,
        { custodyStatus: 'released' },
        { token: user.token },
      );
      expect(res.status).toBe(403);
    }
  });

  it('answers 404 to someone who may change defendants but cannot see this one', async () => {
    const o = await t.factory.world();
    const future = await hearing(w.defendant.id, 30);
    for (const user of [o.clerk, o.prosecutor, o.officer]) {
      const res = await t.http.patch(
        `/defendants/${w.defendant.id}`,
        { custodyStatus: 'released' },
        { token: user.token },
      );
      expect(res.status).toBe(404);
    }
    expect((await attention(future)).needs_attention).toBe(false);
    expect(
      (await t.http.patch('/defendants/00000000-0000-4000-8000-000000000000', { name: 'x' }, { token: t.adminToken }))
        .status,
    ).toBe(404);
    expect((await t.http.patch('/defendants/1', { name: 'x' }, { token: t.adminToken })).body.errors).toEqual([
      { field: 'id', message: 'must be a UUID' },
    ]);
  });
});
