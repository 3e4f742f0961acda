import { runSeedDemo } from '../../../src/demo/demo-seed';
import { createTestApp, TestApp } from '../../support/test-app';

/**
 * `npm run seed:demo` on this file's own database (migrated, with the test's bootstrap admin and nothing else):
 * the published Ningxia figures for 2019 read back from GET /stats/leniency, every printed account logs in, the
 * coming hearings lie ahead, and a second run refuses.
 */
describe('the demo seed', () => {
  let t: TestApp;
  let lines: string[];
  let exitCode: number;
  beforeAll(async () => {
    t = await createTestApp();
    lines = [];
    exitCode = await runSeedDemo({ ...t.config, logLevel: 'silent' }, [], (line) => lines.push(line));
  });
  afterAll(async () => {
    await t?.close();
  });

  /** The accounts the seed printed: `  role  email  password  organization`. */
  const accounts = () =>
    lines
      .map((l) => /^ {2}(\w+) +(\S+@\S+) +(\S+) {2}/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map(([, role, email, password]) => ({ role, email, password }));

  async function login(role: string): Promise<string> {
    const account = accounts().find((a) => a.role === role)!;
    const res = await t.http.post('/auth/login', { email: account.email, password: account.password });
    expect(res.status).toBe(200);
    return res.body.accessToken;
  }

  it('seeds the empty database and prints accounts of every role, whose printed credentials log in', async () => {
    expect(exitCode).toBe(0);
    const printed = accounts();
    expect(printed.length).toBeGreaterThanOrEqual(6);
    const roles = ['admin', 'prosecutor', 'clerk', 'judge', 'detention_officer', 'lawyer'];
    expect(new Set(printed.map((a) => a.role))).toEqual(new Set(roles));
    // One account of each role (all share the printed password; each login costs an argon2 verification).
    for (const role of roles) {
      const a = printed.find((p) => p.role === role)!;
      const res = await t.http.post('/auth/login', { email: a.email, password: a.password });
      expect({ email: a.email, status: res.status, role: res.body.user?.role }).toEqual({
        email: a.email,
        status: 200,
        role,
      });
    }
  });

  it("reproduces the published Ningxia table of 2019 from GET /stats/leniency, in the procuratorate's zone", async () => {
    const token = await login('prosecutor');
    const year = await t.http.get('/stats/leniency?from=2019-01-01&to=2019-12-31&groupBy=year', { token });
    expect(year.status).toBe(200);
    expect(year.body.timeZone).toBe('Asia/Shanghai');
    const y = year.body.rows[0];
    expect(y.period).toBe('2019');
    expect(y.personsWithLeniency).toBe(3848);
    expect(Math.round(y.adoptionRate * 1000) / 1000).toBe(0.936);
    expect(Math.round(y.definiteShare * 1000) / 1000).toBe(0.541);
    expect(Math.round(y.definiteAdoptionRate * 1000) / 1000).toBe(0.941);
    expect(y.adoptedAfterAdjustment).toBeGreaterThan(0);
    expect(y.withdrawn).toBeGreaterThan(0);

    const months = await t.http.get('/stats/leniency?from=2019-01-01&to=2019-12-31&groupBy=month', { token });
    const december = months.body.rows.find((r: { period: string }) => r.period === '2019-12');
    expect(december.applicationRate).toBe(0.7567);
    // Spread over the year, growing: more concluded with leniency in the last quarter than in the first.
    const sum = (from: number, to: number) =>
      months.body.rows
        .slice(from, to)
        .reduce((n: number, r: { personsWithLeniency: number }) => n + r.personsWithLeniency, 0);
    expect(sum(9, 12)).toBeGreaterThan(sum(0, 3));
  });

  it('books the coming hearings, all of them ahead of now', async () => {
    const token = await login('admin');
    const res = await t.http.get('/hearings?limit=200', { token });
    expect(res.status).toBe(200);
    const hearings: { startsAt: string; kind: string; sittingId: string | null }[] = res.body;
    expect(hearings.length).toBeGreaterThanOrEqual(5);
    const now = Date.now();
    for (const h of hearings) expect(Date.parse(h.startsAt)).toBeGreaterThan(now);
    expect(new Set(hearings.map((h) => h.kind))).toEqual(
      new Set(['speedy_trial', 'plea_signing', 'arraignment', 'trial', 'sentencing']),
    );
    expect(hearings.filter((h) => h.sittingId !== null).length).toBeGreaterThanOrEqual(2);
  });

  it('refuses a second run with one line and exit code 1, and writes nothing', async () => {
    const before = (await t.sql.query(`SELECT (SELECT count(*) FROM cases) + (SELECT count(*) FROM users) AS n`))
      .rows[0].n;
    const again: string[] = [];
    expect(await runSeedDemo({ ...t.config, logLevel: 'silent' }, [], (l) => again.push(l))).toBe(1);
    expect(again).toHaveLength(1);
    expect(again[0]).toMatch(/already holds data .*--reset/);
    const after = (await t.sql.query(`SELECT (SELECT count(*) FROM cases) + (SELECT count(*) FROM users) AS n`)).rows[0]
      .n;
    expect(after).toBe(before);
  });
});
