import { createTestApp, TestApp } from '../../support/test-app';
import { sittingBody, sittingWorld } from './support';

describe('A sitting after one of its hearings is moved or cancelled', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('shows the start, end and span its scheduled hearings now give', async () => {
    const { w, cases } = await sittingWorld(t, { casesPerCenter: [3] });
    const created = await t.http.post(
      '/sittings',
      sittingBody(
        w,
        cases.map((c) => ({ caseId: c.case.id, durationMinutes: 20 })),
      ),
      { token: w.clerk.token },
    );
    expect(created.status).toBe(201);
    const [first, , last] = created.body.hearings as {
      id: string;
      startsAt: string;
      endsAt: string;
      version: number;
    }[];

    // The clerk moves the last hearing half an hour later.
    const later = new Date(Date.parse(last.startsAt) + 30 * 60_000).toISOString();
    const moved = await t.http.patch(
      `/hearings/${last.id}`,
      { startsAt: later },
      { token: w.clerk.token, headers: { 'if-match': `"${last.version}"` } },
    );
    expect(moved.status).toBe(200);
    const afterMove = await t.http.get(`/sittings/${created.body.id}`, { token: w.clerk.token });
    expect(afterMove.body.startsAt).toBe(created.body.startsAt);
    expect(afterMove.body.endsAt).toBe(moved.body.endsAt);
    expect(afterMove.body.spanMinutes).toBe(created.body.spanMinutes + 30);

    // And cancels the first one: the sitting now starts with the second.
    const cancelled = await t.http.post(
      `/hearings/${first.id}/cancel`,
      { reason: 'plea withdrawn' },
      { token: w.clerk.token },
    );
    expect(cancelled.status).toBe(200);
    const afterCancel = await t.http.get(`/sittings/${created.body.id}`, { token: w.clerk.token });
    expect(afterCancel.body.startsAt).toBe(created.body.hearings[1].startsAt);
    expect(afterCancel.body.lowerBoundMinutes).toBe(created.body.lowerBoundMinutes);
  });
});
