import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { managerOf, type Transaction } from '../../platform/database/transaction';
import { AuditEntry } from './audit-entry.entity';
import type { AuditAction, AuditEntityType } from './audit-vocabulary';

/** One row of the audit log. */
export interface AuditEntryRecord {
  /** A bigint, as text. */
  id: string;
  occurredAt: Date;
  actorId: string | null;
  action: AuditAction;
  entityType: AuditEntityType;
  entityId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string | null;
}

interface NewAuditEntry {
  actorId: string | null;
  action: AuditAction;
  entityType: AuditEntityType;
  entityId: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  requestId: string | null;
}

interface AuditQuery {
  entityType?: AuditEntityType;
  entityId?: string;
  actorId?: string;
  from?: Date;
  to?: Date;
  /** Keyset pagination: entries with an id below this one. */
  beforeId?: string;
  limit: number;
}

function toRecord(e: AuditEntry): AuditEntryRecord {
  return {
    id: String(e.id),
    occurredAt: e.occurredAt,
    actorId: e.actorId,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    before: e.before,
    after: e.after,
    requestId: e.requestId,
  };
}

@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Writes one row, in the caller's transaction so the change and its audit row commit together. */
  async append(tx: Transaction, entry: NewAuditEntry): Promise<void> {
    await managerOf(tx).query(
      `INSERT INTO audit_log (actor_id, action, entity_type, entity_id, before, after, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        entry.actorId,
        entry.action,
        entry.entityType,
        entry.entityId,
        entry.before ?? null,
        entry.after ?? null,
        entry.requestId,
      ],
    );
  }

  /** Several entries in one statement (in their order), for a change that audits many rows at once. */
  async appendMany(tx: Transaction, entries: readonly NewAuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    if (entries.length === 1) return this.append(tx, entries[0]);
    const json = (v: Record<string, unknown> | null | undefined) => (v == null ? null : JSON.stringify(v));
    await managerOf(tx).query(
      `INSERT INTO audit_log (actor_id, action, entity_type, entity_id, before, after, request_id)
       SELECT actor_id, action, entity_type, entity_id, before, after, request_id
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::jsonb[], $7::text[])
              WITH ORDINALITY AS e(actor_id, action, entity_type, entity_id, before, after, request_id, n)
        ORDER BY n`,
      [
        entries.map((e) => e.actorId),
        entries.map((e) => e.action),
        entries.map((e) => e.entityType),
        entries.map((e) => e.entityId),
        entries.map((e) => json(e.before)),
        entries.map((e) => json(e.after)),
        entries.map((e) => e.requestId),
      ],
    );
  }

  /**
   * Names the actor and request of the caller's transaction for database triggers that write audit rows
   * themselves (defendants_flag_future_hearings): transaction-local settings, gone at COMMIT or ROLLBACK.
   */
  async setTransactionActor(tx: Transaction, actorId: string | null, requestId: string | null): Promise<void> {
    await managerOf(tx).query(`SELECT set_config('app.actor_id', $1, true), set_config('app.request_id', $2, true)`, [
      actorId ?? '',
      requestId ?? '',
    ]);
  }

  /**
   * How many `action` rows this actor wrote within the last `minutes` (by the database's clock, which wrote them),
   * and in how many seconds the oldest of them leaves that window.
   */
  async countByActor(
    actorId: string,
    action: AuditAction,
    minutes: number,
  ): Promise<{ count: number; oldestLeavesInSeconds: number }> {
    const [row]: { count: number; oldestLeavesInSeconds: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS count,
              COALESCE(ceil(extract(epoch FROM min(occurred_at) + make_interval(mins => $3) - now())), 0)::int
                AS "oldestLeavesInSeconds"
         FROM audit_log WHERE actor_id = $1 AND action = $2 AND occurred_at >= now() - make_interval(mins => $3)`,
      [actorId, action, minutes],
    );
    return row;
  }

  /** Newest first. */
  async search(q: AuditQuery): Promise<AuditEntryRecord[]> {
    const qb = this.dataSource.getRepository(AuditEntry).createQueryBuilder('a');
    if (q.entityType) qb.andWhere('a.entity_type = :entityType', { entityType: q.entityType });
    if (q.entityId) qb.andWhere('a.entity_id = :entityId', { entityId: q.entityId });
    if (q.actorId) qb.andWhere('a.actor_id = :actorId', { actorId: q.actorId });
    if (q.from) qb.andWhere('a.occurred_at >= :from', { from: q.from });
    if (q.to) qb.andWhere('a.occurred_at < :to', { to: q.to });
    if (q.beforeId) qb.andWhere('a.id < :beforeId', { beforeId: q.beforeId });
    return (await qb.orderBy('a.id', 'DESC').limit(q.limit).getMany()).map(toRecord);
  }

  /** Oldest first: the story of one entity. */
  async historyOf(entityType: AuditEntityType, entityId: string): Promise<AuditEntryRecord[]> {
    const rows = await this.dataSource
      .getRepository(AuditEntry)
      .createQueryBuilder('a')
      .where('a.entity_type = :entityType AND a.entity_id = :entityId', { entityType, entityId })
      .orderBy('a.id', 'ASC')
      .getMany();
    return rows.map(toRecord);
  }
}
