import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { PgBoss, type JobResult, type WorkOptions } from 'pg-boss';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { OutboxRepository } from '../outbox/outbox.repository';
import { OutboxRelay } from './outbox-relay';

/** pg-boss keeps its tables in this schema, which it creates and migrates itself at start. */
export const JOBS_SCHEMA = 'pgboss';

/** How a queue retries and where its jobs go when they fail for good. */
export interface QueueSettings {
  /** Attempts after the first one. */
  retryLimit: number;
  /** Seconds before the first retry; with `backoff`, doubled at each retry (with jitter), up to `retryDelayMaxSeconds`. */
  retryDelaySeconds: number;
  backoff: boolean;
  retryDelayMaxSeconds?: number;
  /** How long one attempt may run before it counts as failed; default 15 minutes. */
  expireInSeconds?: number;
  /**
   * Keep jobs that failed their last attempt in the queue `<name>.dead` (kept 30 days, no worker; see README,
   * Background jobs) rather than only as `failed` rows of this queue.
   */
  deadLetter: boolean;
  /** Outbox topics whose events become jobs of this queue (see outbox-relay.ts), e.g. `hearing.booked`. */
  topics?: string[];
  /** Workers of this queue on each instance, each running its batch one job after another; default 1. */
  concurrency?: number;
  /** Jobs a worker fetches at once; default 10. */
  batchSize?: number;
}

/** Thrown by a handler for a job that no retry can help (bad data): it goes to the dead letter at once. */
export class PermanentJobError extends Error {}

/** The attempt a handler runs. */
export interface JobRun {
  id: string;
  queue: string;
  /** 0 on the first attempt. */
  retryCount: number;
  /** Aborted when the job expires or the instance stops. */
  signal: AbortSignal;
}

/** Does a job's work; a rejection fails the attempt (retried as the queue says). Must be idempotent. */
export type JobHandler<T> = (data: T, run: JobRun) => Promise<void>;

interface Worker {
  settings: QueueSettings;
  handler: JobHandler<unknown>;
}

const DEFAULT_BATCH = 10;
/** Days a dead job is kept in its dead-letter queue. */
const DEAD_LETTER_RETENTION_DAYS = 30;
/** How long a stop waits for running jobs before giving up on them (they are retried elsewhere after expiry). */
const STOP_TIMEOUT_MS = 10_000;

/** The platform's own recurring job: deletes outbox events relayed more than OUTBOX_RETENTION_DAYS ago. */
export const OUTBOX_PURGE_QUEUE = 'outbox.purge';
const OUTBOX_RETENTION_DAYS = 7;

/** The name of a queue's dead-letter queue. */
export function deadLetterQueue(queue: string): string {
  return `${queue}.dead`;
}

/**
 * The job queue: pg-boss on the application's PostgreSQL, shared by every instance, plus the outbox relay.
 * Features register their queues, handlers and schedules while the app starts (`work`, `every`); the queue starts
 * after that (onApplicationBootstrap, so after the migrations that createApp applies), and stops before the
 * database pool closes (beforeApplicationShutdown), waiting for the jobs that run.
 *
 * With JOBS_ENABLED=false nothing starts: events stay in the outbox and jobs in the queue until an instance with
 * jobs enabled runs them. Registering is the same either way.
 */
@Injectable()
export class JobsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly workers = new Map<string, Worker>();
  private readonly schedules = new Map<string, { everyMinutes: number }>();
  private boss: PgBoss | undefined;
  private relay: OutboxRelay | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: OutboxRepository,
  ) {
    this.workers.set(OUTBOX_PURGE_QUEUE, {
      settings: { retryLimit: 2, retryDelaySeconds: 60, backoff: false, deadLetter: false },
      handler: async () => {
        await this.outbox.purgeRelayedBefore(new Date(Date.now() - OUTBOX_RETENTION_DAYS * 86_400_000));
      },
    });
    this.schedules.set(OUTBOX_PURGE_QUEUE, { everyMinutes: 60 });
  }

  /** Whether this instance runs the queue (JOBS_ENABLED, and started). */
  get running(): boolean {
    return this.boss !== undefined;
  }

  /**
   * Registers the handler of `queue` with its retry policy. Call it while the app starts (a provider's
   * constructor or onModuleInit); called after the start, it takes effect at once.
   */
  async work<T>(queue: string, settings: QueueSettings, handler: JobHandler<T>): Promise<void> {
    if (this.workers.has(queue)) throw new Error(`Queue ${queue} has a handler already`);
    const worker = { settings, handler: handler as JobHandler<unknown> };
    this.workers.set(queue, worker);
    if (this.boss) await this.startWorker(this.boss, queue, worker);
  }

  /**
   * Runs `queue` every `everyMinutes` minutes, once for all instances together (pg-boss schedules: a recurrence
   * stored in the database, whose jobs go to the queue like any other). The queue needs a handler (`work`).
   * 0 removes the recurrence (one an earlier start stored stays in the database otherwise).
   */
  async every(queue: string, everyMinutes: number): Promise<void> {
    this.schedules.set(queue, { everyMinutes });
    if (this.boss) await this.startSchedule(this.boss, queue, everyMinutes);
  }

  /** Sends a job now, outside any transaction (the outbox is the way to send one with a change). */
  async send(queue: string, data: object): Promise<string | null> {
    if (!this.boss) throw new Error('The job queue is not running (JOBS_ENABLED=false)');
    return this.boss.send(queue, data);
  }

  /** Relays the outbox now and waits for it (tests, and the start); returns how many events moved. */
  async relayNow(): Promise<number> {
    if (!this.relay) throw new Error('The job queue is not running (JOBS_ENABLED=false)');
    return this.relay.drain();
  }

  /** pg-boss itself, for operations and tests (counts, dead jobs); undefined when not running. */
  get queue(): PgBoss | undefined {
    return this.boss;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.jobsEnabled || !this.config.databaseUrl) return;
    const boss = new PgBoss({
      connectionString: this.config.databaseUrl,
      schema: JOBS_SCHEMA,
      max: this.config.jobsPoolSize,
      application_name: 'remote-hearings-jobs',
      // Workers are woken by a notification when a job is created, with polling as the floor.
      useListenNotify: true,
    });
    // pg-boss reports errors of its background loops as events; unheard, an 'error' event would end the process.
    boss.on('error', (err: Error) => this.logger.error({ msg: 'job queue error', err: err.message }));
    boss.on('warning', (w: { message: string }) => this.logger.warn({ msg: 'job queue warning', warning: w.message }));
    await boss.start();
    this.boss = boss;
    // Queues and subscriptions first, so that the relay's first pass finds every subscriber of this version.
    for (const [queue, worker] of this.workers) await this.startWorker(boss, queue, worker);
    for (const [queue, { everyMinutes }] of this.schedules) await this.startSchedule(boss, queue, everyMinutes);
    this.relay = new OutboxRelay(boss, this.outbox, this.config.jobsPollIntervalSeconds, this.logger);
    await this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    const boss = this.boss;
    if (!boss) return;
    this.boss = undefined;
    await this.relay?.stop();
    this.relay = undefined;
    // Graceful: workers take no new job and the running ones finish (up to the timeout) while the application's
    // pool is still open, since handlers use it; its drain (platform/database/drain.ts) comes after.
    await boss.stop({ graceful: true, close: true, timeout: STOP_TIMEOUT_MS });
  }

  private async startWorker(boss: PgBoss, queue: string, worker: Worker): Promise<void> {
    const s = worker.settings;
    const policy = {
      retryLimit: s.retryLimit,
      retryDelay: s.retryDelaySeconds,
      retryBackoff: s.backoff,
      ...(s.retryDelayMaxSeconds === undefined ? {} : { retryDelayMax: s.retryDelayMaxSeconds }),
      ...(s.expireInSeconds === undefined ? {} : { expireInSeconds: s.expireInSeconds }),
      notify: true,
    };
    if (s.deadLetter) {
      const dead = deadLetterQueue(queue);
      await boss.createQueue(dead, { retentionSeconds: DEAD_LETTER_RETENTION_DAYS * 86_400 });
    }
    const deadLetter = s.deadLetter ? deadLetterQueue(queue) : undefined;
    // createQueue leaves an existing queue as it is; updateQueue then applies this version's policy.
    await boss.createQueue(queue, { ...policy, ...(deadLetter ? { deadLetter } : {}) });
    await boss.updateQueue(queue, { ...policy, deadLetter: deadLetter ?? null });
    for (const topic of s.topics ?? []) await boss.subscribe(topic, queue);
    const batchSize = s.batchSize ?? DEFAULT_BATCH;
    await boss.work<unknown, unknown, WorkOptions & { perJobResults: true }>(
      queue,
      {
        localConcurrency: s.concurrency ?? 1,
        // A worker fetches up to a batch at a time and, while batches come back full, fetches again at once; a
        // short batch waits for the poll. A new job wakes the worker at once (NOTIFY); a retry coming due does
        // not, so the poll stays short even with notifications on: it bounds how late a retry starts.
        batchSize,
        burstWhenBatchFull: batchSize > 1,
        pollingIntervalSeconds: this.config.jobsPollIntervalSeconds,
        notifyPollingIntervalSeconds: this.config.jobsPollIntervalSeconds,
        // Each job of a batch settles on its own: one failure retries that job only.
        perJobResults: true,
      },
      async (batch) => {
        const results: JobResult[] = [];
        for (const job of batch) {
          try {
            await worker.handler(job.data, { id: job.id, queue, retryCount: job.retryCount, signal: job.signal });
            results.push({ id: job.id, status: 'completed' });
          } catch (err) {
            const message = err instanceof Error ? err.message : String(err);
            // Only the message (handlers' messages name no person) and the attempt go to the log.
            this.logger.warn({ msg: 'job failed', queue, jobId: job.id, retryCount: job.retryCount, err: message });
            results.push({
              id: job.id,
              status: err instanceof PermanentJobError ? 'deadletter' : 'failed',
              output: { message },
            });
          }
        }
        return results;
      },
    );
  }

  private async startSchedule(boss: PgBoss, queue: string, everyMinutes: number): Promise<void> {
    if (everyMinutes === 0) {
      await boss.unschedule(queue);
      return;
    }
    // A recurrence rule anchored on the epoch (pg-boss's default DTSTART), so every instance and every restart
    // agrees on the phase; `once`: after a downtime, one run for the occurrences missed.
    await boss.schedule(queue, `FREQ=MINUTELY;INTERVAL=${everyMinutes}`, {}, { tz: 'UTC', missed: 'once' });
  }
}
