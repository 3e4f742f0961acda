import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { managerOf, type Transaction } from '../database/transaction';

/** What an event carries: ids and small facts (a version, a code), never personal data; consumers read the rest. */
export type OutboxPayload = Record<string, string | number | boolean | null>;

/** An event as the relay reads it. */
export interface OutboxEvent {
  id: string;
  topic: string;
  payload: OutboxPayload;
  requestId: string | null;
  occurredAt: Date;
}

/** One open transaction that runs SQL: the relay's, which pg-boss opens so that its job inserts share it. */
export interface SqlSession {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * The outbox table (migration Outbox). Writers emit in their own transaction through the SQL function
 * `outbox_emit`, the same one the database triggers call; the relay claims waiting events in its transaction.
 */
@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Writes an event in the caller's transaction: it exists if and only if that transaction commits, and the
   * relay is woken (NOTIFY) at the commit. Returns the event's id.
   */
  async emit(tx: Transaction, topic: string, payload: OutboxPayload, requestId?: string | null): Promise<string> {
    const rows: { id: string }[] = await managerOf(tx).query(`SELECT outbox_emit($1, $2::jsonb, $3) AS id`, [
      topic,
      JSON.stringify(payload),
      requestId ?? null,
    ]);
    return rows[0].id;
  }

  /**
   * Locks up to `limit` waiting events, oldest first, skipping those another relay holds: each event goes to one
   * relay, and the lock holds until the session's transaction ends (marked relayed on commit, waiting again on
   * rollback or a crash).
   */
  async claimPending(session: SqlSession, limit: number): Promise<OutboxEvent[]> {
    const { rows } = await session.executeSql(
      `SELECT id, topic, payload, request_id AS "requestId", occurred_at AS "occurredAt"
         FROM outbox
        WHERE relayed_at IS NULL
        ORDER BY position
        LIMIT $1
          FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return rows as OutboxEvent[];
  }

  /** Marks claimed events relayed, in the claiming transaction. */
  async markRelayed(session: SqlSession, ids: string[]): Promise<void> {
    await session.executeSql(`UPDATE outbox SET relayed_at = now() WHERE id = ANY($1::uuid[])`, [ids]);
  }

  /** Deletes events relayed before `cutoff` (housekeeping); returns how many. */
  async purgeRelayedBefore(cutoff: Date): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query(
      `WITH gone AS (DELETE FROM outbox WHERE relayed_at < $1 RETURNING 1) SELECT count(*)::int AS n FROM gone`,
      [cutoff],
    );
    return row.n;
  }

  /** Events still waiting for the relay, and how long the oldest has waited (readiness, operations). */
  async backlog(): Promise<{ waiting: number; oldestSeconds: number | null }> {
    const [row]: { waiting: number; oldestSeconds: number | null }[] = await this.dataSource.query(
      `SELECT count(*)::int AS waiting,
              floor(extract(epoch FROM now() - min(occurred_at)))::int AS "oldestSeconds"
         FROM outbox WHERE relayed_at IS NULL`,
    );
    return row;
  }
}
