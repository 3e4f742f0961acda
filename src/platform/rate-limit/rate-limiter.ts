import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TooManyRequestsError } from '../../common/errors/domain-error';

/**
 * Fixed-window request limits kept in PostgreSQL (`rate_limit_hits`), so every instance behind a load balancer
 * counts the same hits: one upsert per request, which answers the window's count. A window is `windowSeconds`
 * long and starts on a multiple of it; beyond `limit` hits in it → 429 with the seconds left in the window.
 * Old windows are deleted by housekeeping (`deleteBefore`).
 */
@Injectable()
export class RateLimiter {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Counts one hit on `bucket` (e.g. `join:<address>`); throws TooManyRequestsError beyond the limit. */
  async hit(bucket: string, limit: number, windowSeconds: number, what: string): Promise<void> {
    const rows: { hits: number; retryAfter: number }[] = await this.dataSource.query(
      `WITH w AS (SELECT to_timestamp(floor(extract(epoch FROM now()) / $2) * $2) AS start)
       INSERT INTO rate_limit_hits (bucket, window_start, hits) SELECT $1, w.start, 1 FROM w
       ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limit_hits.hits + 1
       RETURNING hits, ceil(extract(epoch FROM (window_start + make_interval(secs => $2)) - now()))::int AS "retryAfter"`,
      [bucket, windowSeconds],
    );
    const { hits, retryAfter } = rows[0];
    if (hits > limit)
      throw new TooManyRequestsError(`Too many ${what} from this address; try again later`, Math.max(1, retryAfter));
  }

  /** Deletes windows that ended before `before`; returns how many. */
  async deleteBefore(before: Date): Promise<number> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM rate_limit_hits WHERE window_start < $1`,
      [before],
    );
    return count;
  }
}
