import 'reflect-metadata';
import { spawn } from 'node:child_process';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Pool } from 'pg';
import { AppModule } from '../../../src/app.module';
import { loadConfig } from '../../../src/config/app-config';
import { TransactionRunner } from '../../../src/platform/database/transaction-runner';
import { JobsService } from '../../../src/platform/jobs/jobs.service';
import type { OutboxJobData } from '../../../src/platform/jobs/outbox-relay';
import { OutboxRepository, type OutboxPayload } from '../../../src/platform/outbox/outbox.repository';
import { HEARING_TOPICS } from '../../../src/modules/hearings/hearing-changes';
import { HOUSEKEEPING_QUEUE } from '../../../src/modules/housekeeping/housekeeping.service';
import { createTestApp, createTestDatabase } from '../../support/test-app';
import { book, local, trialBody, weekday } from '../hearings/support';

/**
 * The job queue with workers on: retries with backoff and the dead letter, two instances sharing one queue, and
 * an event that outlives the process that committed it. Each instance is the whole application module (no HTTP)
 * on this file's database, with test queues registered on it.
 */
describe('The job queue', () => {
  let db: { url: string; drop(): Promise<void> };
  let sql: Pool;
  const instances: INestApplicationContext[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = new Pool({ connectionString: db.url, max: 4 });
    sql.on('error', () => undefined);
  });
  afterAll(async () => {
    for (const app of instances) await app.close();
    await sql?.end();
    await db?.drop();
  });

  async function instance(env: Record<string, string> = {}): Promise<INestApplicationContext> {
    const config = {
      ...loadConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        JOBS_ENABLED: 'true',
        JOBS_POLL_INTERVAL_SECONDS: '1',
        HOUSEKEEPING_INTERVAL_SECONDS: '0',
        ...env,
      }),
      databaseUrl: db.url,
    };
    const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
      logger: false,
    });
    instances.push(app);
    return app;
  }
  async function stop(app: INestApplicationContext): Promise<void> {
    instances.splice(instances.indexOf(app), 1);
    await app.close();
  }

  /** Commits events in one transaction of the app, as a write path does; returns their ids. */
  async function emit(app: INestApplicationContext, topic: string, payloads: OutboxPayload[]): Promise<string[]> {
    const outbox = app.get(OutboxRepository);
    return app.get(TransactionRunner).run(async (tx) => {
      const ids: string[] = [];
      for (const p of payloads) ids.push(await outbox.emit(tx, topic, p));
      return ids;
    });
  }

  /** Waits for `check` to hold (a generous limit for a slow machine: a failure, not a measurement). */
  async function until(check: () => Promise<boolean>, what: string, limitMs = 30_000): Promise<void> {
    const deadline = Date.now() + limitMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const jobs = async (queue: string) =>
    (
      await sql.query(
        `SELECT id, state, retry_count AS "retryCount", data FROM pgboss.job WHERE name = $1 ORDER BY created_on`,
        [queue],
      )
    ).rows as { id: string; state: string; retryCount: number; data: OutboxJobData }[];

  it('retries a failing job with growing delays, then moves it to the dead-letter queue', async () => {
    const app = await instance();
    const attempts: { retryCount: number; at: number }[] = [];
    await app
      .get(JobsService)
      .work<OutboxJobData>(
        'test.flaky',
        { retryLimit: 2, retryDelaySeconds: 1, backoff: true, deadLetter: true, topics: ['test.flaky_thing'] },
        async (_data, run) => {
          attempts.push({ retryCount: run.retryCount, at: Date.now() });
          throw new Error('the video server is down');
        },
      );
    const [eventId] = await emit(app, 'test.flaky_thing', [{ thingId: 'a1' }]);

    await until(async () => (await jobs('test.flaky.dead')).length === 1, 'the job is dead');
    expect(attempts.map((a) => a.retryCount)).toEqual([0, 1, 2]);
    // Backoff: retry n waits at least retryDelay * 2^n / 2 seconds after the failure before it (pg-boss's formula,
    // before its jitter): 1 s, then 2 s.
    expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(1000);
    expect(attempts[2].at - attempts[1].at).toBeGreaterThanOrEqual(2000);
    const [original] = await jobs('test.flaky');
    expect(original).toMatchObject({ id: eventId, state: 'failed', retryCount: 2 });
    const [dead] = await jobs('test.flaky.dead');
    expect(dead.state).toBe('created');
    expect(dead.data).toMatchObject({ eventId, topic: 'test.flaky_thing', payload: { thingId: 'a1' } });
    // The event itself is done with: relayed once.
    const relayed = await sql.query(`SELECT relayed_at FROM outbox WHERE id = $1`, [eventId]);
    expect(relayed.rows[0].relayed_at).not.toBeNull();
    await stop(app);
  });

  it('shares queues between two instances: each job runs once, on either', async () => {
    await sql.query(`CREATE TABLE test_runs (event_id uuid NOT NULL, instance text NOT NULL)`);
    const ran = (data: OutboxJobData, name: string) =>
      sql.query(`INSERT INTO test_runs (event_id, instance) VALUES ($1, $2)`, [data.eventId, name]);
    const once = { retryLimit: 0, retryDelaySeconds: 0, backoff: false, deadLetter: false };
    const register = async (app: INestApplicationContext, name: string) => {
      const jobs = app.get(JobsService);
      // One job at a time per instance; each of the two jobs waits for the other to start, so they can only both
      // finish if each instance holds one of them at once.
      await jobs.work<OutboxJobData>(
        'test.pair',
        { ...once, batchSize: 1, topics: ['test.pair_thing'] },
        async (data) => {
          await ran(data, name);
          await until(
            async () =>
              (
                await sql.query(
                  `SELECT count(*)::int AS n FROM test_runs r JOIN outbox o ON o.id = r.event_id WHERE o.topic = 'test.pair_thing'`,
                )
              ).rows[0].n >= 2,
            'both pair jobs run',
          );
        },
      );
      await jobs.work<OutboxJobData>('test.bulk', { ...once, topics: ['test.bulk_thing'] }, async (data) => {
        await ran(data, name);
      });
    };
    const a = await instance();
    const b = await instance();
    await register(a, 'a');
    await register(b, 'b');

    const pair = await emit(a, 'test.pair_thing', [{ n: 1 }, { n: 2 }]);
    const bulk = [
      ...(await emit(
        a,
        'test.bulk_thing',
        Array.from({ length: 50 }, (_, n) => ({ n })),
      )),
      ...(await emit(
        b,
        'test.bulk_thing',
        Array.from({ length: 50 }, (_, n) => ({ n: 50 + n })),
      )),
    ];
    const completed = async (queue: string) => (await jobs(queue)).filter((j) => j.state === 'completed').length;
    await until(async () => (await completed('test.pair')) === 2 && (await completed('test.bulk')) === 100, 'all done');

    const runs = (await sql.query(`SELECT event_id, instance FROM test_runs`)).rows as {
      event_id: string;
      instance: string;
    }[];
    expect(runs.map((r) => r.event_id).sort()).toEqual([...pair, ...bulk].sort());
    expect(
      runs
        .filter((r) => pair.includes(r.event_id))
        .map((r) => r.instance)
        .sort(),
    ).toEqual(['a', 'b']);
    // Relayed once each, whichever instance's relay took it: one job per event, with the event's id.
    expect((await jobs('test.bulk')).map((j) => j.id).sort()).toEqual([...bulk].sort());
    await stop(a);
    await stop(b);
  });

  it('runs a job whose event was committed by a process killed before any relay ran', async () => {
    // An earlier start of this version registered the queue and its topic (stored in the database).
    const first = await instance();
    await first
      .get(JobsService)
      .work(
        'test.durable',
        { retryLimit: 0, retryDelaySeconds: 0, backoff: false, deadLetter: false, topics: ['test.durable_thing'] },
        async () => undefined,
      );
    await stop(first);

    // A process commits an event and dies at once with SIGKILL: no relay, no shutdown hook.
    const child = spawn(
      process.execPath,
      [
        '-e',
        `const { Client } = require('pg');
         (async () => {
           const c = new Client({ connectionString: process.env.URL });
           await c.connect();
           await c.query('BEGIN');
           await c.query("SELECT outbox_emit('test.durable_thing', '{\\"thingId\\": \\"d1\\"}'::jsonb)");
           await c.query('COMMIT');
           process.kill(process.pid, 'SIGKILL');
         })();`,
      ],
      { env: { ...process.env, URL: db.url }, stdio: 'ignore', cwd: process.cwd() },
    );
    const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, sig) => resolve(sig)),
    );
    expect(signal).toBe('SIGKILL');
    const waiting = await sql.query(`SELECT id FROM outbox WHERE topic = 'test.durable_thing' AND relayed_at IS NULL`);
    expect(waiting.rows).toHaveLength(1);

    // A worker starts later: the event becomes a job and runs.
    const seen: OutboxJobData[] = [];
    const later = await instance();
    await later
      .get(JobsService)
      .work<OutboxJobData>(
        'test.durable',
        { retryLimit: 0, retryDelaySeconds: 0, backoff: false, deadLetter: false, topics: ['test.durable_thing'] },
        async (data) => void seen.push(data),
      );
    await until(async () => seen.length === 1, 'the job ran');
    expect(seen[0]).toMatchObject({ eventId: waiting.rows[0].id, payload: { thingId: 'd1' } });
    await stop(later);
  });

  it('runs housekeeping as a recurring job of the queue, every HOUSEKEEPING_INTERVAL_SECONDS', async () => {
    const app = await instance({ HOUSEKEEPING_INTERVAL_SECONDS: '600' });
    const jobs = app.get(JobsService);
    expect(await jobs.queue!.getSchedule(HOUSEKEEPING_QUEUE)).toMatchObject({ cron: 'FREQ=MINUTELY;INTERVAL=10' });
    const admin = await sql.query(
      `INSERT INTO users (email, email_normalized, name, role, password_hash)
       VALUES ('keeper@test.local', 'keeper@test.local', 'Keeper', 'admin', 'x') RETURNING id`,
    );
    await sql.query(
      `INSERT INTO idempotency_keys (actor_id, scope, key, request_hash, response_status, response_body, expires_at)
       VALUES ($1, 'POST /hearings', 'expired', 'h', 201, '{}', now() - interval '1 minute')`,
      [admin.rows[0].id],
    );
    // An occurrence of the schedule is a job like this one.
    await jobs.send(HOUSEKEEPING_QUEUE, {});
    await until(
      async () => (await sql.query(`SELECT count(*)::int AS n FROM idempotency_keys`)).rows[0].n === 0,
      'the expired key is deleted',
    );
    await stop(app);
    // Turned off (0), the next start removes the recurrence.
    const off = await instance();
    expect(await off.get(JobsService).queue!.getSchedule(HOUSEKEEPING_QUEUE)).toBeNull();
    await stop(off);
  });

  it('books a hearing while the job that follows it keeps failing (its target is down)', async () => {
    const t = await createTestApp({ JOBS_ENABLED: 'true', JOBS_POLL_INTERVAL_SECONDS: '1' });
    try {
      const attempts: string[] = [];
      await t.app
        .get(JobsService)
        .work<OutboxJobData>(
          'test.video-room',
          { retryLimit: 5, retryDelaySeconds: 60, backoff: true, deadLetter: true, topics: [HEARING_TOPICS.booked] },
          async (data) => {
            attempts.push(String(data.payload.hearingId));
            throw new Error('connect ECONNREFUSED 127.0.0.1:7880');
          },
        );
      const w = await t.factory.world();
      const h = await book(t, w.clerk.token, trialBody(w, local(weekday(0), '09:00')));
      expect(h.status).toBe(201);
      await until(async () => attempts.includes(h.body.id), 'the job ran and failed');
      const job = await t.sql.query(
        `SELECT state FROM pgboss.job WHERE name = 'test.video-room' AND id = (
        SELECT id FROM outbox WHERE topic = 'hearing.booked' AND payload->>'hearingId' = $1)`,
        [h.body.id],
      );
      expect(job.rows).toEqual([{ state: 'retry' }]);
      // And the next booking goes through as well.
      expect((await book(t, w.clerk.token, trialBody(w, local(weekday(0), '11:00')))).status).toBe(201);
    } finally {
      await t.close();
    }
  });
});
