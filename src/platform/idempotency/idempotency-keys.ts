import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { managerOf, type Transaction } from '../database/transaction';

/** Which request a key answers for: one actor, one scope (`POST /hearings`, a webhook's source...), one key. */
export interface IdempotencyKeyId {
  actorId: string;
  scope: string;
  key: string;
}

/** A key to claim: with the fingerprint of the request and how long its answer is kept. */
export interface IdempotencyKeyClaim extends IdempotencyKeyId {
  requestHash: string;
  ttlHours: number;
}

/** Claimed: do the work and save the answer. Not claimed: the answer stored for the first request with this key. */
export type IdempotencyClaim =
  { claimed: true } | { claimed: false; requestHash: string; responseStatus: number; responseBody: unknown };

/**
 * Idempotency keys, for any caller that must do a piece of work once per key (POST /hearings today; webhooks and
 * e-mail later): the key is claimed in the work's own transaction and its answer saved in it, so a retry sees
 * either nothing (the first attempt rolled back) or the answer (it committed).
 */
@Injectable()
export class IdempotencyKeys {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Claims the key inside the caller's transaction. A concurrent request with the same key waits here until the
   * first one commits (then sees its stored answer) or rolls back (then takes the key itself). An expired key is
   * treated as unused.
   */
  async claim(tx: Transaction, key: IdempotencyKeyClaim): Promise<IdempotencyClaim> {
    const manager = managerOf(tx);
    await manager.query(
      `DELETE FROM idempotency_keys WHERE actor_id = $1 AND scope = $2 AND key = $3 AND expires_at <= now()`,
      [key.actorId, key.scope, key.key],
    );
    const inserted: unknown[] = await manager.query(
      `INSERT INTO idempotency_keys (actor_id, scope, key, request_hash, response_status, response_body, expires_at)
       VALUES ($1, $2, $3, $4, 0, 'null'::jsonb, now() + make_interval(hours => $5))
       ON CONFLICT (actor_id, scope, key) DO NOTHING
       RETURNING 1`,
      [key.actorId, key.scope, key.key, key.requestHash, key.ttlHours],
    );
    if (inserted.length > 0) return { claimed: true };
    const rows: { requestHash: string; responseStatus: number; responseBody: unknown }[] = await manager.query(
      `SELECT request_hash AS "requestHash", response_status AS "responseStatus", response_body AS "responseBody"
         FROM idempotency_keys WHERE actor_id = $1 AND scope = $2 AND key = $3`,
      [key.actorId, key.scope, key.key],
    );
    if (rows.length === 0) return this.claim(tx, key); // removed meanwhile: try again
    return { claimed: false, ...rows[0] };
  }

  /** Stores the answer for a claimed key, in the same transaction as the work it answers for. */
  async save(tx: Transaction, key: IdempotencyKeyId, status: number, body: unknown): Promise<void> {
    await managerOf(tx).query(
      `UPDATE idempotency_keys SET response_status = $4, response_body = $5::jsonb WHERE actor_id = $1 AND scope = $2 AND key = $3`,
      [key.actorId, key.scope, key.key, status, JSON.stringify(body)],
    );
  }

  /** Deletes the keys past their expiry (housekeeping); returns how many. */
  async purgeExpired(): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query(
      `WITH gone AS (DELETE FROM idempotency_keys WHERE expires_at <= now() RETURNING 1) SELECT count(*)::int AS n FROM gone`,
    );
    return row.n;
  }
}
