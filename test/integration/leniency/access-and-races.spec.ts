import type { World } from '../../support/factories';
import { createTestApp, TestApp } from '../../support/test-app';
import { advance, daysAgo, leniencyPath } from './support';

/** Who may read and record a plea-leniency record, and two steps sent at once. */
describe('a plea-leniency record: who may do what, and concurrent steps', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp();
    w = await t.factory.world();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lets the case’s lawyer and the detention officer read it, and refuses them any step (403)', async () => {
    for (const u of [w.lawyer, w.officer]) {
      expect([u.role, (await t.http.get(leniencyPath(w), { token: u.token })).status]).toEqual([u.role, 200]);
      const step = await t.http.post(`${leniencyPath(w)}/inform`, { at: daysAgo(5) }, { token: u.token });
      expect([u.role, step.status, step.body.code]).toEqual([u.role, 403, 'FORBIDDEN']);
    }
  });

  it('answers 404 to whoever may not see the case: another procuratorate, another court, an outside lawyer', async () => {
    const otherProcuratorate = await t.factory.organization('procuratorate');
    const otherCourt = await t.factory.organization('court');
    const strangers = [
      await t.factory.user('prosecutor', otherProcuratorate.id),
      await t.factory.user('clerk', otherCourt.id),
      await t.factory.user('lawyer', w.lawFirm.id),
    ];
    for (const u of strangers) {
      expect([u.role, (await t.http.get(leniencyPath(w), { token: u.token })).status]).toEqual([u.role, 404]);
      const step = await t.http.post(`${leniencyPath(w)}/inform`, { at: daysAgo(5) }, { token: u.token });
      expect([u.role, step.status]).toEqual([u.role, 404]);
    }
    const notInCase = await t.factory.defendant(w.center.id);
    expect((await t.http.get(leniencyPath(w, notInCase.id), { token: w.prosecutor.token })).status).toBe(404);
  });

  it('keeps each side to its steps: the court may not inform, the procuratorate may not decide (403)', async () => {
    const other = await t.factory.world();
    const inform = await t.http.post(`${leniencyPath(other)}/inform`, { at: daysAgo(5) }, { token: other.clerk.token });
    expect([inform.status, inform.body.code]).toEqual([403, 'FORBIDDEN']);
    await advance(t, other, 'concluded');
    const decide = await t.http.post(
      `${leniencyPath(other)}/decision`,
      { decision: 'adopted', sentenceMonths: 8, probation: true, decidedAt: daysAgo(1) },
      { token: other.prosecutor.token },
    );
    expect([decide.status, decide.body.code]).toEqual([403, 'FORBIDDEN']);
    const admin = await t.http.post(
      `${leniencyPath(other)}/decision`,
      { decision: 'adopted', sentenceMonths: 8, probation: true, decidedAt: daysAgo(1) },
      { token: t.adminToken },
    );
    expect([admin.status, admin.body.state]).toEqual([200, 'decided']);
  });

  it('applies two steps sent at once one after the other: exactly one wins, the other gets 409', async () => {
    for (let round = 0; round < 3; round++) {
      const d = await t.factory.defendant(w.center.id);
      await t.sql.query(`INSERT INTO case_defendants (case_id, defendant_id, charges) VALUES ($1, $2, '{theft}')`, [
        w.case.id,
        d.id,
      ]);
      const p = `${leniencyPath(w, d.id)}/inform`;
      const answers = await Promise.all([
        t.http.post(p, { at: daysAgo(3) }, { token: w.prosecutor.token }),
        t.http.post(p, { at: daysAgo(2) }, { token: t.adminToken }),
      ]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      expect(answers.find((a) => a.status === 409)!.body).toMatchObject({
        code: 'INVALID_TRANSITION',
        state: 'informed',
      });
      const read = await t.http.get(leniencyPath(w, d.id), { token: w.prosecutor.token });
      expect(read.body.history).toHaveLength(1);
    }
  });
});
