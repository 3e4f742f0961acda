import { Client } from 'pg';
import type { World } from '../../support/factories';
import type { HttpResponse } from '../../support/http-client';
import { createTestApp, TestApp } from '../../support/test-app';
import { book, local, trialBody, weekday } from './support';
import { inFlight, lockWaiters, waitFor } from '../../support/concurrency';

/**
 * A custody change that commits while a booking is in flight must never leave the hearing in the old center's
 * video room unflagged. Each test holds the booking still at a known point (a side transaction locks the opening
 * hours, which every booking reads after it has read the defendants), sends the custody change while it waits,
 * and only then lets the booking go on.
 */
describe('Custody changes racing a booking', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A side transaction that holds `sql` (a lock) until released. */
  async function holding(sql: string, params: unknown[] = []): Promise<{ release(): Promise<void>; run: Client }> {
    const side = new Client({ connectionString: t.config.databaseUrl });
    await side.connect();
    await side.query('BEGIN');
    await side.query(sql, params);
    return {
      run: side,
      release: async () => {
        try {
          await side.query('COMMIT');
        } finally {
          await side.end();
        }
      },
    };
  }

  /**
   * Runs `booking` while the opening hours are locked; once it waits there, runs `custodyChange` and waits until
   * it either answers (nothing stopped it) or waits too; then lets both finish.
   */
  async function race<B, C>(booking: () => Promise<B>, custodyChange: () => Promise<C>): Promise<[B, C]> {
    const hours = await holding('LOCK TABLE opening_hours IN ACCESS EXCLUSIVE MODE');
    try {
      const b = inFlight(booking());
      await waitFor('the booking to wait for the opening hours', async () => (await lockWaiters(t.sql)) >= 1);
      const c = inFlight(custodyChange());
      await waitFor(
        'the custody change to answer or wait',
        async () => c.answered() || (await lockWaiters(t.sql)) >= 2,
      );
      await hours.release();
      return await Promise.all([b.answer, c.answer]);
    } catch (err) {
      await hours.release().catch(() => undefined);
      throw err;
    }
  }

  /** The hearing as stored, with the center of its video room and the defendant's custody now. */
  async function storedState(hearingId: string, defendantId: string) {
    const { rows } = await t.sql.query(
      `SELECT h.needs_attention AS "needsAttention", h.attention_reasons AS "attentionReasons", h.version,
              r.organization_id AS "roomCenterId", d.detention_center_id AS "centerId", d.custody_status AS "custody"
         FROM hearings h LEFT JOIN rooms r ON r.id = h.video_room_id, defendants d
        WHERE h.id = $1 AND d.id = $2`,
      [hearingId, defendantId],
    );
    return rows[0];
  }

  /** The rule the race must not break: a hearing that no longer fits the defendant's custody is flagged. */
  function expectConsistentOrFlagged(
    state: Awaited<ReturnType<typeof storedState>>,
    defendantId: string,
    code: string,
  ): void {
    const fits = state.custody === 'released' ? state.roomCenterId === null : state.roomCenterId === state.centerId;
    if (!fits) {
      expect(state).toMatchObject({
        needsAttention: true,
        attentionReasons: expect.arrayContaining([expect.objectContaining({ code, defendantId })]),
      });
    }
  }

  async function newCenter(): Promise<string> {
    const center = await t.factory.organization('detention_center');
    await t.factory.room(center.id, 'video_room', 'New center room');
    return center.id;
  }

  it('flags a hearing booked while the defendant is transferred (PATCH /defendants)', async () => {
    const w: World = await t.factory.world();
    const centerId = await newCenter();
    const [booked, transfer] = await race<HttpResponse, HttpResponse>(
      () => book(t, w.clerk.token, trialBody(w, local(weekday(0), '09:00'))),
      () => t.http.patch(`/defendants/${w.defendant.id}`, { detentionCenterId: centerId }, { token: w.clerk.token }),
    );
    expect([booked.status, transfer.status]).toEqual([201, 200]);
    const state = await storedState(booked.body.id, w.defendant.id);
    expect(state.centerId).toBe(centerId);
    expectConsistentOrFlagged(state, w.defendant.id, 'DEFENDANT_TRANSFERRED');
    // The booking took its share lock first, so the transfer waited and then flagged the new hearing.
    expect(state).toMatchObject({ needsAttention: true, roomCenterId: w.center.id, version: 2 });
    const got = await t.http.get(`/hearings/${booked.body.id}`, { token: w.clerk.token });
    expect(got.body).toMatchObject({
      needsAttention: true,
      attentionReasons: [expect.objectContaining({ code: 'DEFENDANT_TRANSFERRED', defendantId: w.defendant.id })],
    });
  });

  it('flags a hearing booked while a plain SQL UPDATE releases the defendant', async () => {
    const w: World = await t.factory.world();
    const [booked] = await race<HttpResponse, unknown>(
      () => book(t, w.clerk.token, trialBody(w, local(weekday(1), '09:00'))),
      () => t.sql.query(`UPDATE defendants SET custody_status = 'released' WHERE id = $1`, [w.defendant.id]),
    );
    expect(booked.status).toBe(201);
    const state = await storedState(booked.body.id, w.defendant.id);
    expect(state.custody).toBe('released');
    expectConsistentOrFlagged(state, w.defendant.id, 'DEFENDANT_RELEASED');
    expect(state.needsAttention).toBe(true);
  });

  it('keeps the flag of a transfer that commits while a hearing is being moved', async () => {
    const w: World = await t.factory.world();
    const centerId = await newCenter();
    const h = await book(t, w.clerk.token, trialBody(w, local(weekday(2), '09:00')));
    expect(h.status).toBe(201);
    const [moved, transfer] = await race<HttpResponse, HttpResponse>(
      () =>
        t.http.patch(
          `/hearings/${h.body.id}`,
          { startsAt: local(weekday(2), '10:00') },
          { token: w.clerk.token, headers: { 'if-match': '"1"' } },
        ),
      () => t.http.patch(`/defendants/${w.defendant.id}`, { detentionCenterId: centerId }, { token: w.clerk.token }),
    );
    expect([moved.status, transfer.status]).toEqual([200, 200]);
    const state = await storedState(h.body.id, w.defendant.id);
    expectConsistentOrFlagged(state, w.defendant.id, 'DEFENDANT_TRANSFERRED');
    expect(state).toMatchObject({ needsAttention: true, version: 3 });
  });

  it('moves a hearing after a custody change that holds the defendant, without a deadlock', async () => {
    const w: World = await t.factory.world();
    const centerId = await newCenter();
    const h = await book(t, w.clerk.token, trialBody(w, local(weekday(3), '09:00')));
    expect(h.status).toBe(201);
    // A custody change that has locked the defendant and has not written yet (as PATCH /defendants does).
    const custody = await holding(`SELECT 1 FROM defendants WHERE id = $1 FOR UPDATE`, [w.defendant.id]);
    let move: ReturnType<typeof inFlight<HttpResponse>> | undefined;
    try {
      move = inFlight(
        t.http.patch(
          `/hearings/${h.body.id}`,
          { startsAt: local(weekday(3), '10:00') },
          { token: w.clerk.token, headers: { 'if-match': '"1"' } },
        ),
      );
      await waitFor('the move to wait for the custody change', async () => (await lockWaiters(t.sql)) >= 1);
      // Its trigger now flags the hearing: the move must not be holding the hearing while it waits.
      await custody.run.query(`UPDATE defendants SET detention_center_id = $2 WHERE id = $1`, [
        w.defendant.id,
        centerId,
      ]);
    } finally {
      await custody.release();
    }
    const moved = await move.answer;
    // The hearing changed (flagged) while the clerk was moving it: their version is stale.
    expect(moved.status).toBe(412);
    const state = await storedState(h.body.id, w.defendant.id);
    expect(state).toMatchObject({ needsAttention: true, version: 2, centerId });
  });
});
