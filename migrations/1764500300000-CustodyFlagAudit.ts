import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The custody trigger (defendants_flag_future_hearings, Scheduling migration) changes hearings: it must audit them
 * like any other change, so that a hearing's history has every version. Each flagged hearing gets an audit row
 * `flag_attention` with the actor and request id of the custody change, which the service puts in
 * transaction-local settings (`app.actor_id`, `app.request_id`; both empty for plain SQL: no actor).
 *
 * Also: `at` is written as UTC with Z (the API's form for instants, whatever the session's time zone), and a
 * released defendant detained again in the same center is flagged DEFENDANT_DETAINED (they need a video room
 * again), not DEFENDANT_TRANSFERRED.
 */
export class CustodyFlagAudit1764500300000 implements MigrationInterface {
  name = 'CustodyFlagAudit1764500300000';

  async up(q: QueryRunner): Promise<void> {
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
  }

  async down(q: QueryRunner): Promise<void> {
    // The function exactly as the Scheduling migration created it.
    await q.query(`
      CREATE OR REPLACE FUNCTION defendants_flag_future_hearings() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        reason jsonb;
      BEGIN
        reason := jsonb_build_object(
          'code', CASE WHEN NEW.custody_status = 'released' AND OLD.custody_status <> 'released'
                       THEN 'DEFENDANT_RELEASED' ELSE 'DEFENDANT_TRANSFERRED' END,
          'defendantId', NEW.id,
          'at', to_jsonb(now()));
        UPDATE hearings h
           SET needs_attention = true,
               attention_reasons = h.attention_reasons || jsonb_build_array(reason),
               version = h.version + 1,
               updated_at = now()
         WHERE h.status = 'scheduled'
           AND h.starts_at > now()
           AND EXISTS (SELECT 1 FROM hearing_defendants hd WHERE hd.hearing_id = h.id AND hd.defendant_id = NEW.id);
        RETURN NULL;
      END $$`);
  }
}
