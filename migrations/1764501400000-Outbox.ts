import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox: events that other parts of the service (video rooms, notifications) must hear of, written in the
 * transaction of the change that causes them, so that an event exists if and only if its change committed. The
 * relay (src/platform/jobs/outbox-relay.ts) moves them to the job queue (pg-boss, which creates and migrates its
 * own schema `pgboss` at start) and marks them relayed.
 *
 * Every writer goes through one SQL function, `outbox_emit`: the TypeScript write paths (through
 * src/platform/outbox/outbox.repository.ts) and the triggers that change rows themselves. The custody trigger is
 * replaced here to emit `hearing.flagged` for each hearing it flags, beside the audit row it already writes.
 *
 * Events carry ids only, never personal data: a consumer reads what it needs when it runs.
 */
export class Outbox1764501400000 implements MigrationInterface {
  name = 'Outbox1764501400000';

  async up(q: QueryRunner): Promise<void> {
    // `position` orders the relay's batches (ids are random); `relayed_at` is null until the event is in the queue.
    await q.query(`
      CREATE TABLE outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        position bigint GENERATED ALWAYS AS IDENTITY,
        topic text NOT NULL CHECK (topic ~ '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$'),
        payload jsonb NOT NULL CHECK (jsonb_typeof(payload) = 'object'),
        request_id text,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        relayed_at timestamptz,
        CONSTRAINT outbox_position_unique UNIQUE (position)
      )`);
    // The relay's scan: only the events still waiting, oldest first.
    await q.query(`CREATE INDEX outbox_pending_idx ON outbox (position) WHERE relayed_at IS NULL`);
    // Housekeeping of relayed events, oldest first.
    await q.query(`CREATE INDEX outbox_relayed_idx ON outbox (relayed_at) WHERE relayed_at IS NOT NULL`);

    // The one way to write an event. The notification is delivered when (and only if) the transaction commits,
    // and PostgreSQL folds the notifications of one transaction into one, so a relay wakes once per commit.
    await q.query(`
      CREATE FUNCTION outbox_emit(p_topic text, p_payload jsonb, p_request_id text DEFAULT NULL)
      RETURNS uuid LANGUAGE plpgsql AS $$
      DECLARE
        event_id uuid;
      BEGIN
        INSERT INTO outbox (topic, payload, request_id) VALUES (p_topic, p_payload, p_request_id)
        RETURNING id INTO event_id;
        PERFORM pg_notify('outbox', '');
        RETURN event_id;
      END $$`);

    // The custody trigger as CustodyFlagAudit wrote it, plus the `hearing.flagged` event of each flagged hearing,
    // with the same payload as the TypeScript write path's (src/modules/hearings/hearing-changes.ts).
    await q.query(`
      CREATE OR REPLACE FUNCTION defendants_flag_future_hearings() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        reason jsonb;
        actor uuid := nullif(current_setting('app.actor_id', true), '')::uuid;
        request text := nullif(current_setting('app.request_id', true), '');
        h record;
        flagged record;
      BEGIN
        reason := jsonb_build_object(
          'code', CASE WHEN NEW.custody_status = 'released' AND OLD.custody_status <> 'released'
                         THEN 'DEFENDANT_RELEASED'
                       WHEN NEW.detention_center_id IS DISTINCT FROM OLD.detention_center_id
                         THEN 'DEFENDANT_TRANSFERRED'
                       ELSE 'DEFENDANT_DETAINED' END,
          'defendantId', NEW.id,
          'at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));
        -- Locked in id order, as the latest committed version: a booking of this defendant that committed while
        -- this change waited for it (it holds the defendant FOR SHARE) is flagged too.
        FOR h IN
          SELECT hh.id, hh.case_id, hh.needs_attention, hh.version
            FROM hearings hh
           WHERE hh.status = 'scheduled'
             AND hh.starts_at > now()
             AND EXISTS (SELECT 1 FROM hearing_defendants hd WHERE hd.hearing_id = hh.id AND hd.defendant_id = NEW.id)
           ORDER BY hh.id
             FOR UPDATE
        LOOP
          UPDATE hearings
             SET needs_attention = true,
                 attention_reasons = attention_reasons || jsonb_build_array(reason),
                 version = version + 1,
                 updated_at = now()
           WHERE id = h.id
          RETURNING version, attention_reasons INTO flagged;
          INSERT INTO audit_log (actor_id, action, entity_type, entity_id, before, after, request_id)
          VALUES (actor, 'flag_attention', 'hearing', h.id::text,
                  jsonb_build_object('needsAttention', h.needs_attention, 'version', h.version),
                  jsonb_build_object('needsAttention', true, 'version', flagged.version,
                                     'attentionReasons', flagged.attention_reasons),
                  request);
          PERFORM outbox_emit('hearing.flagged',
                              jsonb_build_object('hearingId', h.id, 'caseId', h.case_id, 'version', flagged.version),
                              request);
        END LOOP;
        RETURN NULL;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The custody trigger exactly as CustodyFlagAudit left it.
    await q.query(`
      CREATE OR REPLACE FUNCTION defendants_flag_future_hearings() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        reason jsonb;
        actor uuid := nullif(current_setting('app.actor_id', true), '')::uuid;
        request text := nullif(current_setting('app.request_id', true), '');
        h record;
        flagged record;
      BEGIN
        reason := jsonb_build_object(
          'code', CASE WHEN NEW.custody_status = 'released' AND OLD.custody_status <> 'released'
                         THEN 'DEFENDANT_RELEASED'
                       WHEN NEW.detention_center_id IS DISTINCT FROM OLD.detention_center_id
                         THEN 'DEFENDANT_TRANSFERRED'
                       ELSE 'DEFENDANT_DETAINED' END,
          'defendantId', NEW.id,
          'at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));
        FOR h IN
          SELECT hh.id, hh.needs_attention, hh.version
            FROM hearings hh
           WHERE hh.status = 'scheduled'
             AND hh.starts_at > now()
             AND EXISTS (SELECT 1 FROM hearing_defendants hd WHERE hd.hearing_id = hh.id AND hd.defendant_id = NEW.id)
           ORDER BY hh.id
             FOR UPDATE
        LOOP
          UPDATE hearings
             SET needs_attention = true,
                 attention_reasons = attention_reasons || jsonb_build_array(reason),
                 version = version + 1,
                 updated_at = now()
           WHERE id = h.id
          RETURNING version, attention_reasons INTO flagged;
          INSERT INTO audit_log (actor_id, action, entity_type, entity_id, before, after, request_id)
          VALUES (actor, 'flag_attention', 'hearing', h.id::text,
                  jsonb_build_object('needsAttention', h.needs_attention, 'version', h.version),
                  jsonb_build_object('needsAttention', true, 'version', flagged.version,
                                     'attentionReasons', flagged.attention_reasons),
                  request);
        END LOOP;
        RETURN NULL;
      END $$`);
    await q.query(`DROP FUNCTION outbox_emit(text, jsonb, text)`);
    await q.query(`DROP TABLE outbox`);
  }
}
