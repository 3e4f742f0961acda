import { AuditService } from '../../../src/modules/audit/audit.service';
import { TransactionRunner } from '../../../src/platform/database/transaction-runner';
import { createTestApp, TestApp } from '../../support/test-app';

describe('the audit log', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  async function someEntries(n: number): Promise<string[]> {
    const court = await t.factory.organization('court');
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const res = await t.http.post(
        '/users',
        {
          email: `a${i}.${Date.now()}@x.test`,
          password: 'a-long-password',
          name: `Clerk ${i}`,
          role: 'clerk',
          organizationId: court.id,
        },
        { token: t.adminToken },
      );
      ids.push(res.body.id);
    }
    return ids;
  }

  it('cannot be rewritten: the database refuses UPDATE, DELETE and TRUNCATE', async () => {
    await someEntries(1);
    await expect(t.sql.query(`UPDATE audit_log SET action = 'forged'`)).rejects.toThrow(/append-only/);
    await expect(t.sql.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(t.sql.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    const { rows } = await t.sql.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'forged'`);
    expect(rows[0].n).toBe(0);
  });

  it('shows admins the changes to one entity, newest first, with the request id', async () => {
    const [id] = await someEntries(1);
    await t.http.patch(
      `/users/${id}`,
      { name: 'Renamed' },
      { token: t.adminToken, headers: { 'x-request-id': 'rename-1' } },
    );
    const res = await t.http.get(`/audit?entityType=user&entityId=${id}`, { token: t.adminToken });
    expect(res.status).toBe(200);
    expect(res.body.items.map((e: { action: string }) => e.action)).toEqual(['update', 'create']);
    expect(res.body.items[0]).toMatchObject({
      actorId: t.adminId,
      entityType: 'user',
      entityId: id,
      requestId: 'rename-1',
    });
    expect(res.body.items[0].before.name).not.toBe(res.body.items[0].after.name);
    expect(res.body.nextCursor).toBeNull();
  });

  it('pages through entries with a cursor, without repeats or gaps', async () => {
    await someEntries(5);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } = await t.http.get(
        `/audit?entityType=user&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { token: t.adminToken },
      );
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((e) => e.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    const { rows } = await t.sql.query(
      `SELECT id::text AS id FROM audit_log WHERE entity_type = 'user' ORDER BY audit_log.id DESC`,
    );
    expect(seen).toEqual(rows.map((r: { id: string }) => r.id));
  });

  it('filters by actor and time', async () => {
    await someEntries(1);
    const future = await t.http.get(`/audit?from=2999-01-01T00:00:00Z`, { token: t.adminToken });
    expect(future.body.items).toEqual([]);
    const mine = await t.http.get(`/audit?actorId=${t.adminId}&to=2999-01-01T00:00:00Z`, { token: t.adminToken });
    expect(mine.body.items.length).toBeGreaterThan(0);
    expect(mine.body.items.every((e: { actorId: string }) => e.actorId === t.adminId)).toBe(true);
  });

  it('reads every ISO 8601 form that it accepts, and refuses a window that ends before it starts', async () => {
    // A week date or the basic format passed validation and then became an Invalid Date: 500.
    await someEntries(1);
    for (const from of ['2026-W05-3', '2026-028', '20260128T100000Z']) {
      const res = await t.http.get(`/audit?from=${from}`, { token: t.adminToken });
      expect([from, res.status]).toEqual([from, 200]);
      expect(res.body.items.length).toBeGreaterThan(0);
    }
    const reversed = await t.http.get('/audit?from=2027-01-02T00:00:00Z&to=2027-01-01T00:00:00Z', {
      token: t.adminToken,
    });
    expect([reversed.status, reversed.body.errors]).toEqual([400, [{ field: 'to', message: 'must be after from' }]]);
  });

  it('takes only an id as entityId', async () => {
    const res = await t.http.get(`/audit?entityId=${'x'.repeat(10_000)}`, { token: t.adminToken });
    expect([res.status, res.body.errors?.[0]?.field]).toEqual([400, 'entityId']);
  });

  it('is for admins only, and rejects bad filters', async () => {
    const court = await t.factory.organization('court');
    const clerk = await t.factory.user('clerk', court.id);
    expect((await t.http.get('/audit', { token: clerk.token })).status).toBe(403);
    const bad = await t.http.get('/audit?from=yesterday&limit=0&entityType=planet', { token: t.adminToken });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['entityType', 'from', 'limit']);
  });

  it("writes several changes in one statement, in their order, inside the caller's transaction", async () => {
    const changes = ['first', 'second', "third with a 'quote' and \\ backslash"].map((label) => ({
      action: 'update' as const,
      entityType: 'case' as const,
      entityId: `many-${label}`,
      before: null,
      after: { label, nested: { list: [1, 2] } },
    }));
    const ctx = { requestId: 'req-many', actor: null };
    await expect(
      t.app.get(TransactionRunner).run(async (tx) => {
        await t.app.get(AuditService).recordMany(tx, ctx, changes);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const none = await t.sql.query(`SELECT count(*)::int AS n FROM audit_log WHERE request_id = 'req-many'`);
    expect(none.rows[0].n).toBe(0);
    await t.app.get(TransactionRunner).run((tx) => t.app.get(AuditService).recordMany(tx, ctx, changes));
    const { rows } = await t.sql.query(
      `SELECT entity_id, after, before, actor_id FROM audit_log WHERE request_id = 'req-many' ORDER BY id`,
    );
    expect(rows).toEqual(changes.map((c) => ({ entity_id: c.entityId, after: c.after, before: null, actor_id: null })));
  });
});
