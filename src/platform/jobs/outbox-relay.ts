import type { Logger } from '@nestjs/common';
import type { PgBoss } from 'pg-boss';
import type { OutboxEvent, OutboxRepository, SqlSession } from '../outbox/outbox.repository';

/** What a job made from an outbox event carries: the event's id (the job's id too), topic, time and payload. */
export interface OutboxJobData {
  eventId: string;
  topic: string;
  occurredAt: string;
  requestId: string | null;
  payload: OutboxEvent['payload'];
}

/** Events moved per relay transaction. */
const BATCH = 100;

/**
 * Moves committed outbox events into the job queue: each event becomes one job in every queue subscribed to its
 * topic (pg-boss `subscribe`/`publish`; the subscriptions live in the database, so every instance fans out alike).
 *
 * Exactly once into the queue: one transaction claims a batch (`FOR UPDATE SKIP LOCKED`, so relays on several
 * instances take different events), inserts the jobs through pg-boss on the same connection, and marks the events
 * relayed. A relay that dies anywhere in between commits nothing; the events wait for the next pass, on this
 * instance or another. As a second guard each job's id is the event's id, and pg-boss ignores a second job with
 * the id of one already in the queue. Running a job stays at-least-once (a worker that dies mid-job is retried),
 * so handlers must be idempotent.
 *
 * Woken by the NOTIFY that `outbox_emit` sends at commit, and by a poll, in case a notification was missed (the
 * listening connection dropped) or a pass failed.
 */
export class OutboxRelay {
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private listener: { close(): Promise<void> } | undefined;

  constructor(
    private readonly boss: PgBoss,
    private readonly outbox: OutboxRepository,
    private readonly pollIntervalSeconds: number,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    const db = this.boss.getDb();
    if (db.listen) {
      this.listener = await db
        .listen(
          'outbox',
          () => this.wake(),
          () => this.wake(),
        )
        .catch((err: unknown) => {
          this.logger.warn({ msg: 'outbox relay: LISTEN failed, polling only', err: String(err) });
          return undefined;
        });
    }
    this.timer = setInterval(() => this.wake(), this.pollIntervalSeconds * 1000);
    this.timer.unref();
    this.wake();
  }

  /** Stops waking and waits for the pass in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.listener?.close().catch(() => undefined);
    await this.running;
  }

  /** Runs a pass now, or right after the one in progress (wake-ups while a pass runs fold into one). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .then(() => undefined)
      .catch((err: unknown) =>
        this.logger.error({ msg: 'outbox relay failed; the events wait for the next pass', err: String(err) }),
      )
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Relays batches until fewer than a full batch were waiting. Returns how many events were relayed. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const moved = await this.relayBatch();
      total += moved;
      if (moved < BATCH || this.stopped) return total;
    }
  }

  private async relayBatch(): Promise<number> {
    const db = this.boss.getDb();
    if (!db.beginTransaction) throw new Error('pg-boss database without transactions');
    const tx = await db.beginTransaction();
    try {
      const session: SqlSession = tx.db;
      const events = await this.outbox.claimPending(session, BATCH);
      for (const event of events) {
        const data: OutboxJobData = {
          eventId: event.id,
          topic: event.topic,
          occurredAt: event.occurredAt.toISOString(),
          requestId: event.requestId,
          payload: event.payload,
        };
        await this.boss.publish(event.topic, data, { id: event.id, db: tx.db });
      }
      if (events.length > 0)
        await this.outbox.markRelayed(
          session,
          events.map((e) => e.id),
        );
      await tx.commit();
      return events.length;
    } catch (err) {
      await tx.rollback();
      throw err;
    }
  }
}
