import type { World } from '../../support/factories';
import { createTestApp, TestApp } from '../../support/test-app';
import { book, local, MONDAY, trialBody } from './support';

/** Wrong booking requests found by the hardening sweep: each a 400 naming the field, nothing written. */
describe('Booking a hearing: malformed requests', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp();
    w = await t.factory.world();
  });
  afterAll(async () => {
    await t?.close();
  });

  const written = async () =>
    (
      await t.sql.query(
        `SELECT (SELECT count(*) FROM hearings)::int AS hearings, (SELECT count(*) FROM reservations)::int AS reservations,
                (SELECT count(*) FROM audit_log)::int AS audit, (SELECT max(version) FROM hearings) AS version`,
      )
    ).rows[0];
  /** The fields named, each once (a field breaking several rules is named once per rule). */
  const fields = (res: { body: { errors?: Array<{ field: string }> } }) => [
    ...new Set(res.body.errors?.map((e) => e.field)),
  ];

  it('refuses an override that is not an object (it was a 500)', async () => {
    const before = await written();
    for (const override of [[], 'urgent', 1]) {
      const res = await book(t, w.clerk.token, trialBody(w, local(MONDAY, '09:00'), { override }));
      expect({ override, status: res.status, fields: fields(res) }).toEqual({
        override,
        status: 400,
        fields: expect.arrayContaining(['override']),
      });
    }
    expect(await written()).toEqual(before);
  });

  it('refuses null for an optional field that cannot be null (it was booked as if absent)', async () => {
    const before = await written();
    for (const field of [
      'courtroomId',
      'judgeId',
      'prosecutorId',
      'defenseLawyerIds',
      'defendantIds',
      'videoRoomId',
      'notes',
      'override',
    ]) {
      const res = await book(t, w.clerk.token, trialBody(w, local(MONDAY, '10:00'), { [field]: null }));
      expect({ field, status: res.status, fields: fields(res) }).toEqual({ field, status: 400, fields: [field] });
    }
    expect(await written()).toEqual(before);
  });

  it('refuses list windows that luxon cannot read, naming the field (they were a 500)', async () => {
    const valid = '2026-12-07T00:00:00Z';
    for (const bad of ['+2026-01-01T00:00:00Z', '-2026-01-01T00:00:00Z', '2026-01-01 10:00Z']) {
      for (const field of ['from', 'to']) {
        const other = field === 'from' ? 'to' : 'from';
        const query = `?${field}=${encodeURIComponent(bad)}&${other}=${valid}`;
        const res = await t.http.get(`/hearings${query}`, { token: t.adminToken });
        expect({ query, status: res.status, fields: fields(res) }).toEqual({ query, status: 400, fields: [field] });
      }
    }
    // A window that ends where it starts, or before, names `to`.
    for (const to of ['2026-12-07T00:00:00Z', '2026-12-06T00:00:00Z']) {
      const res = await t.http.get(`/hearings?from=${valid}&to=${to}`, { token: t.adminToken });
      expect([res.status, fields(res)]).toEqual([400, ['to']]);
    }
    // Forms ISO 8601 allows that the list reads as the audit does: week dates and the basic format.
    for (const from of ['2026-W49-1', '20261207T000000Z']) {
      const res = await t.http.get(`/hearings?from=${from}`, { token: t.adminToken });
      expect([from, res.status]).toEqual([from, 200]);
    }
  });

  it('refuses a year that PostgreSQL cannot store, when booking and when moving (it was a 500)', async () => {
    const far = '-010000-01-01T00:00:00Z';
    const before = await written();
    const res = await book(t, w.clerk.token, trialBody(w, far));
    expect([res.status, fields(res)]).toEqual([400, ['startsAt']]);
    expect(await written()).toEqual(before);

    const booked = await book(t, w.clerk.token, trialBody(w, local(MONDAY, '11:00')));
    expect(booked.status).toBe(201);
    const after = await written();
    for (const body of [{ startsAt: far }, { override: null }, { override: [] }]) {
      const moved = await t.http.patch(`/hearings/${booked.body.id}`, body, {
        token: w.clerk.token,
        headers: { 'if-match': '"1"' },
      });
      expect({ body, status: moved.status, fields: fields(moved) }).toEqual({
        body,
        status: 400,
        fields: [Object.keys(body)[0]],
      });
    }
    expect(await written()).toEqual(after);
  });
});
