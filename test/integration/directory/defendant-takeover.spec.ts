import { randomInt } from 'node:crypto';
import { DateTime } from 'luxon';
import type { World } from '../../support/factories';
import { createTestApp, TestApp } from '../../support/test-app';

const UNKNOWN = '00000000-0000-4000-8000-00000000abcd';

/** An 18-character resident identity number of its own for each test, so that look-ups never meet another's. */
const idNumber = () => `1101011990${String(randomInt(10_000_000, 99_999_999))}`;

/**
 * Court A's clerk and procuratorate A's prosecutor against court B's defendant, held in center B and named in a
 * court-B case: they may not attach, read or change that defendant, and the answers must not tell whether the id
 * exists. The one way in is the exact, audited look-up by full identity number.
 */
describe('Defendants of another court: no takeover by id', () => {
  let t: TestApp;
  let a: World;
  let b: World;
  beforeAll(async () => {
    t = await createTestApp();
    a = await t.factory.world();
    b = await t.factory.world();
  });
  afterAll(async () => {
    await t?.close();
  });

  const caseBody = (defendantId: string, extra: Record<string, unknown> = {}) => ({
    caseNumber: `(2026)刑初${randomInt(1_000_000)}号`,
    courtId: a.court.id,
    procuratorateId: a.procuratorate.id,
    prosecutorId: a.prosecutor.id,
    procedure: 'speedy',
    defendants: [{ defendantId, charges: ['盗窃罪'] }],
    ...extra,
  });
  const writes = async () =>
    (
      await t.sql.query(
        `SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM case_defendants)::int AS links,
                (SELECT count(*) FROM audit_log)::int AS audits`,
      )
    ).rows[0];

  it("refuses court B's defendant in a new court-A case exactly as an unknown id, for a clerk and a prosecutor", async () => {
    const before = await writes();
    for (const token of [a.clerk.token, a.prosecutor.token]) {
      const theirs = await t.http.post('/cases', caseBody(b.defendant.id), { token });
      const unknown = await t.http.post('/cases', caseBody(UNKNOWN), { token });
      expect(theirs.status).toBe(400);
      expect(theirs.body.errors).toEqual([
        { field: 'defendants[0].defendantId', message: 'no defendant with this id is visible to you' },
      ]);
      expect(theirs.body.errors).toEqual(unknown.body.errors);
      expect(theirs.body.detail).toBe(unknown.body.detail);
    }
    expect(await writes()).toEqual(before);
  });

  it('lists the same errors for an invisible and an unknown defendant when other fields are wrong too', async () => {
    const wrong = { prosecutorId: a.judge.id, procuratorateId: a.court.id };
    const theirs = await t.http.post('/cases', caseBody(b.defendant.id, wrong), { token: a.clerk.token });
    const unknown = await t.http.post('/cases', caseBody(UNKNOWN, wrong), { token: a.clerk.token });
    expect(theirs.status).toBe(400);
    expect(theirs.body.errors.map((e: { field: string }) => e.field)).toContain('defendants[0].defendantId');
    expect(theirs.body).toEqual(unknown.body);
  });

  it("refuses court B's defendant in addDefendants of a court-A case exactly as an unknown id", async () => {
    const before = await writes();
    for (const token of [a.clerk.token, a.prosecutor.token]) {
      const add = (defendantId: string) =>
        t.http.patch(`/cases/${a.case.id}`, { addDefendants: [{ defendantId, charges: ['诈骗罪'] }] }, { token });
      const theirs = await add(b.defendant.id);
      const unknown = await add(UNKNOWN);
      expect(theirs.status).toBe(400);
      expect(theirs.body.errors).toEqual([
        { field: 'addDefendants[0].defendantId', message: 'no defendant with this id is visible to you' },
      ]);
      expect(theirs.body).toEqual(unknown.body);
    }
    expect(await writes()).toEqual(before);
  });

  it("leaves court B's defendant unreadable and unchangeable for court A: 404, nothing flagged", async () => {
    for (const token of [a.clerk.token, a.prosecutor.token]) {
      expect((await t.http.get(`/defendants/${b.defendant.id}`, { token })).status).toBe(404);
      for (const change of [{ name: '改名' }, { custodyStatus: 'released' }, { detentionCenterId: a.center.id }]) {
        expect((await t.http.patch(`/defendants/${b.defendant.id}`, change, { token })).status).toBe(404);
      }
    }
    const { rows } = await t.sql.query(
      `SELECT name, custody_status, detention_center_id FROM defendants WHERE id = $1`,
      [b.defendant.id],
    );
    expect(rows[0]).toEqual({ name: b.defendant.name, custody_status: 'detained', detention_center_id: b.center.id });
  });

  it('answers a deactivated prosecutor or lawyer exactly as an unknown user', async () => {
    const gone = await t.factory.user('prosecutor', a.procuratorate.id, { active: false });
    const goneLawyer = await t.factory.user('lawyer', a.lawFirm.id, { active: false });
    const mine = await t.factory.defendant(a.center.id);
    await t.sql.query(`UPDATE defendants SET registered_by_organization_id = $1 WHERE id = $2`, [a.court.id, mine.id]);
    const body = (prosecutorId: string, defenseLawyerId: string) => ({
      ...caseBody(mine.id),
      prosecutorId,
      defendants: [{ defendantId: mine.id, defenseLawyerId, charges: ['盗窃罪'] }],
    });
    const inactive = await t.http.post('/cases', body(gone.id, goneLawyer.id), { token: a.clerk.token });
    const unknown = await t.http.post('/cases', body(UNKNOWN, UNKNOWN), { token: a.clerk.token });
    expect(inactive.status).toBe(400);
    expect(inactive.body).toEqual(unknown.body);
    expect(inactive.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'prosecutorId',
      'defendants[0].defenseLawyerId',
    ]);
  });

  it('answers ids of people of another court in hearing bodies and filters exactly as unknown ids', async () => {
    const startsAt = DateTime.now()
      .setZone('Asia/Shanghai')
      .plus({ weeks: 3 })
      .startOf('week')
      .set({ hour: 9 })
      .toISO({ suppressMilliseconds: true })!;
    const booking = (defendantId: string, judgeId: string) => ({
      caseId: a.case.id,
      kind: 'trial',
      startsAt,
      durationMinutes: 30,
      courtroomId: a.courtroom.id,
      judgeId,
      defendantIds: [defendantId],
      defenseLawyerIds: [defendantId === UNKNOWN ? UNKNOWN : b.lawyer.id],
    });
    const theirs = await t.http.post('/hearings', booking(b.defendant.id, b.judge.id), { token: a.clerk.token });
    const unknown = await t.http.post('/hearings', booking(UNKNOWN, UNKNOWN), { token: a.clerk.token });
    expect(theirs.status).toBe(400);
    expect(theirs.body.errors.find((e: { field: string }) => e.field === 'defendantIds[0]')).toEqual(
      unknown.body.errors.find((e: { field: string }) => e.field === 'defendantIds[0]'),
    );
    const slots = (defendantId: string) =>
      t.http.get(
        `/availability?caseId=${a.case.id}&kind=trial&durationMinutes=30&from=${encodeURIComponent(startsAt)}` +
          `&to=${encodeURIComponent(DateTime.fromISO(startsAt).plus({ hours: 3 }).toISO()!)}` +
          `&judgeId=${a.judge.id}&courtroomId=${a.courtroom.id}&defendantIds=${defendantId}`,
        { token: a.clerk.token },
      );
    const theirSlots = await slots(b.defendant.id);
    expect(theirSlots.status).toBe(400);
    expect(theirSlots.body.errors).toEqual((await slots(UNKNOWN)).body.errors);
    for (const filter of [`userId=${b.judge.id}`, `userId=${b.lawyer.id}`, `detentionCenterId=${b.center.id}`]) {
      const res = await t.http.get(`/hearings?${filter}`, { token: a.clerk.token });
      expect([filter, res.status, res.body]).toEqual([filter, 200, []]);
    }
  });

  describe('the exact look-up by full identity number', () => {
    it('finds a detainee a detention center registered, masked, audited, and then lets the court attach them', async () => {
      const number = idNumber();
      const registered = await t.http.post(
        '/defendants',
        { name: '钱七', idNumber: number, detentionCenterId: b.center.id },
        { token: b.officer.token },
      );
      expect(registered.status).toBe(201);
      const id = registered.body.id;
      // Before the look-up, the clerk cannot attach them.
      expect((await t.http.post('/cases', caseBody(id), { token: a.clerk.token })).status).toBe(400);

      const found = await t.http.post('/defendants/lookup', { idNumber: number }, { token: a.clerk.token });
      expect(found.status).toBe(200);
      expect(found.body).toMatchObject({ id, name: '钱七', idNumber: `**************${number.slice(-4)}` });
      expect(found.text).not.toContain(number);
      const audit = await t.sql.query(
        `SELECT action, entity_type, entity_id, actor_id, request_id, after FROM audit_log
          WHERE action LIKE 'lookup%' AND actor_id = $1 ORDER BY id`,
        [a.clerk.id],
      );
      expect(audit.rows).toEqual([
        {
          action: 'lookup',
          entity_type: 'defendant',
          entity_id: id,
          actor_id: a.clerk.id,
          request_id: found.headers.get('x-request-id'),
          after: { idNumber: `**************${number.slice(-4)}`, detentionCenterId: null, found: true },
        },
      ]);
      const grant = await t.sql.query(
        `SELECT organization_id, granted_by FROM defendant_access WHERE defendant_id = $1`,
        [id],
      );
      expect(grant.rows).toEqual([{ organization_id: a.court.id, granted_by: a.clerk.id }]);

      // The court sees them now: its judge too, and the clerk can open a case with them.
      expect((await t.http.get(`/defendants/${id}`, { token: a.judge.token })).status).toBe(200);
      expect((await t.http.post('/cases', caseBody(id), { token: a.clerk.token })).status).toBe(201);
      // Another court still does not.
      const third = await t.factory.world();
      expect((await t.http.get(`/defendants/${id}`, { token: third.clerk.token })).status).toBe(404);
      // A second look-up grants nothing new.
      expect((await t.http.post('/defendants/lookup', { idNumber: number }, { token: a.clerk.token })).status).toBe(
        200,
      );
      expect((await t.sql.query(`SELECT 1 FROM defendant_access WHERE defendant_id = $1`, [id])).rowCount).toBe(1);
    });

    it('answers 404 to a partial, a prefix, a wrong center or an unknown number, audits each miss, grants nothing', async () => {
      const number = idNumber();
      const d = await t.factory.defendant(b.center.id, { idNumber: number });
      const tries = [
        { idNumber: number.slice(0, 17) },
        { idNumber: number.slice(1) },
        { idNumber: `${number}0` },
        { idNumber: idNumber() },
        { idNumber: number, detentionCenterId: a.center.id },
      ];
      for (const body of tries) {
        const res = await t.http.post('/defendants/lookup', body, { token: a.prosecutor.token });
        expect([body, res.status, res.body.code]).toEqual([body, 404, 'NOT_FOUND']);
      }
      const misses = await t.sql.query(
        `SELECT entity_id, after FROM audit_log WHERE action = 'lookup_miss' AND actor_id = $1 ORDER BY id`,
        [a.prosecutor.id],
      );
      expect(misses.rows).toHaveLength(tries.length);
      expect(misses.rows.every((r: { entity_id: string | null }) => r.entity_id === null)).toBe(true);
      expect(JSON.stringify(misses.rows)).not.toContain(number.slice(0, 14));
      expect((await t.sql.query(`SELECT 1 FROM defendant_access WHERE defendant_id = $1`, [d.id])).rowCount).toBe(0);
      // The right center finds them.
      const right = await t.http.post(
        '/defendants/lookup',
        { idNumber: number, detentionCenterId: b.center.id },
        { token: a.prosecutor.token },
      );
      expect(right.status).toBe(200);
      expect(right.body.id).toBe(d.id);
    });

    it('is for clerks, prosecutors and admins only; a bad body is a 400 naming the field', async () => {
      const number = idNumber();
      await t.factory.defendant(b.center.id, { idNumber: number });
      for (const user of [a.judge, a.lawyer, a.officer]) {
        expect((await t.http.post('/defendants/lookup', { idNumber: number }, { token: user.token })).status).toBe(403);
      }
      const admin = await t.http.post('/defendants/lookup', { idNumber: number }, { token: t.adminToken });
      expect(admin.status).toBe(200);
      expect(admin.body.idNumber).toBe(number);
      for (const [body, field] of [
        [{}, 'idNumber'],
        [{ idNumber: '12' }, 'idNumber'],
        [{ idNumber: number, detentionCenterId: 'x' }, 'detentionCenterId'],
        [{ idNumber: number, detentionCenterId: a.court.id }, 'detentionCenterId'],
      ] as const) {
        const res = await t.http.post('/defendants/lookup', body, { token: a.clerk.token });
        expect(res.status).toBe(400);
        expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))]).toEqual([field]);
      }
    });

    it('stops a caller after too many misses within the hour: 429 with Retry-After', async () => {
      const clerk = await t.factory.user('clerk', a.court.id);
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++)
        statuses.push(
          (await t.http.post('/defendants/lookup', { idNumber: idNumber() }, { token: clerk.token })).status,
        );
      expect(statuses).toEqual([...Array(10).fill(404), 429]);
      const number = idNumber();
      await t.factory.defendant(b.center.id, { idNumber: number });
      const blocked = await t.http.post('/defendants/lookup', { idNumber: number }, { token: clerk.token });
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(3500);
      expect(Number(blocked.headers.get('retry-after'))).toBeLessThanOrEqual(3600);
      expect(blocked.body.code).toBe('TOO_MANY_REQUESTS');
      // Another clerk is not affected.
      const other = await t.factory.user('clerk', a.court.id);
      expect((await t.http.post('/defendants/lookup', { idNumber: number }, { token: other.token })).status).toBe(200);
    });
  });
});
