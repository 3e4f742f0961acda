import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * Failed logins, kept in PostgreSQL so every instance behind a load balancer counts the same ones.
 * Keys are "ip:<address>", "account:<sha256 of the normalized e-mail>" and "account-ip:<that hash>:<address>"
 * (no e-mail stored; see AuthService.login for the limits).
 */
@Injectable()
export class LoginThrottleRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Failures per key since `since`, and the oldest one (to compute Retry-After). */
  async recentFailures(keys: string[], since: Date): Promise<Map<string, { count: number; oldest: Date }>> {
    const rows: { key: string; count: string; oldest: Date }[] = await this.dataSource.query(
      `SELECT throttle_key AS key, count(*) AS count, min(failed_at) AS oldest
         FROM login_failures WHERE throttle_key = ANY($1) AND failed_at >= $2 GROUP BY throttle_key`,
      [keys, since],
    );
    return new Map(rows.map((r) => [r.key, { count: Number(r.count), oldest: r.oldest }]));
  }

  /** Records one failure under each key; returns the rows' ids so that a successful attempt can be forgiven. */
  async recordFailure(keys: string[]): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `INSERT INTO login_failures (throttle_key) SELECT unnest($1::text[]) RETURNING id`,
      [keys],
    );
    return rows.map((r) => r.id);
  }

  async forgive(ids: string[]): Promise<void> {
    await this.dataSource.query(`DELETE FROM login_failures WHERE id = ANY($1::bigint[])`, [ids]);
  }

  async clear(key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM login_failures WHERE throttle_key = $1`, [key]);
  }

  /** Deletes the failures older than `cutoff`; returns how many. */
  async purgeOlderThan(cutoff: Date): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query(
      `WITH gone AS (DELETE FROM login_failures WHERE failed_at < $1 RETURNING 1) SELECT count(*)::int AS n FROM gone`,
      [cutoff],
    );
    return row.n;
  }
}
