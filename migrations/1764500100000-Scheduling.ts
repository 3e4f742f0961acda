import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hearings, per-resource reservations guarded by an exclusion constraint, opening hours and calendar
 * exceptions, concentrated sittings, idempotency keys.
 */
export class Scheduling1764500100000 implements MigrationInterface {
  name = 'Scheduling1764500100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);

    await q.query(`
      ALTER TABLE organizations
        ADD COLUMN escort_buffer_minutes integer NOT NULL DEFAULT 10
          CHECK (escort_buffer_minutes BETWEEN 0 AND 240)`);

    await q.query(`
      CREATE TABLE opening_hours (
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
        opens time NOT NULL,
        closes time NOT NULL,
        CHECK (opens < closes),
        PRIMARY KEY (organization_id, weekday, opens)
      )`);

    await q.query(`
      CREATE TABLE calendar_exceptions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        date date NOT NULL,
        kind text NOT NULL CHECK (kind IN ('closed', 'open')),
        opens time,
        closes time,
        reason text NOT NULL CHECK (length(btrim(reason)) > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (
          (kind = 'closed' AND opens IS NULL AND closes IS NULL)
          OR (kind = 'open' AND (opens IS NULL) = (closes IS NULL) AND (opens IS NULL OR opens < closes))
        )
      )`);
    await q.query(`CREATE INDEX calendar_exceptions_org_date_idx ON calendar_exceptions (organization_id, date)`);

    await q.query(`
      CREATE TABLE sittings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        court_id uuid NOT NULL REFERENCES organizations (id),
        courtroom_id uuid NOT NULL REFERENCES rooms (id),
        judge_id uuid NOT NULL REFERENCES users (id),
        prosecutor_id uuid NOT NULL REFERENCES users (id),
        window_starts_at timestamptz NOT NULL,
        window_ends_at timestamptz NOT NULL,
        starts_at timestamptz,
        ends_at timestamptz,
        gap_minutes integer NOT NULL DEFAULT 0 CHECK (gap_minutes BETWEEN 0 AND 120),
        lower_bound_minutes integer,
        status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
        cancel_reason text,
        cancelled_at timestamptz,
        created_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (window_ends_at > window_starts_at),
        CHECK (status <> 'cancelled' OR cancel_reason IS NOT NULL)
      )`);

    await q.query(`
      CREATE TABLE hearings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases (id),
        sitting_id uuid REFERENCES sittings (id),
        kind text NOT NULL CHECK (kind IN
          ('arraignment', 'plea_signing', 'speedy_trial', 'trial', 'sentencing', 'pretrial_conference')),
        status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        time_zone text NOT NULL,
        courtroom_id uuid REFERENCES rooms (id),
        judge_id uuid REFERENCES users (id),
        prosecutor_id uuid REFERENCES users (id),
        video_room_id uuid REFERENCES rooms (id),
        notes text,
        version integer NOT NULL DEFAULT 1,
        needs_attention boolean NOT NULL DEFAULT false,
        attention_reasons jsonb NOT NULL DEFAULT '[]',
        hours_override_reason text,
        cancel_reason text,
        cancelled_at timestamptz,
        created_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at),
        CHECK (status <> 'cancelled' OR cancel_reason IS NOT NULL),
        CHECK (kind = 'plea_signing' OR (judge_id IS NOT NULL AND courtroom_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX hearings_starts_at_idx ON hearings (starts_at)`);
    await q.query(`CREATE INDEX hearings_case_idx ON hearings (case_id)`);
    await q.query(`CREATE INDEX hearings_sitting_idx ON hearings (sitting_id) WHERE sitting_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE hearing_defendants (
        hearing_id uuid NOT NULL REFERENCES hearings (id) ON DELETE CASCADE,
        defendant_id uuid NOT NULL REFERENCES defendants (id),
        PRIMARY KEY (hearing_id, defendant_id)
      )`);
    await q.query(`CREATE INDEX hearing_defendants_defendant_idx ON hearing_defendants (defendant_id)`);
    await q.query(`
      CREATE TABLE hearing_lawyers (
        hearing_id uuid NOT NULL REFERENCES hearings (id) ON DELETE CASCADE,
        lawyer_id uuid NOT NULL REFERENCES users (id),
        PRIMARY KEY (hearing_id, lawyer_id)
      )`);
    await q.query(`CREATE INDEX hearing_lawyers_lawyer_idx ON hearing_lawyers (lawyer_id)`);

    // The rule that no person and no room is in two hearings at once. Ranges are half-open [start, end).
    await q.query(`
      CREATE TABLE reservations (
        hearing_id uuid NOT NULL REFERENCES hearings (id) ON DELETE CASCADE,
        resource_type text NOT NULL CHECK (resource_type IN
          ('courtroom', 'judge', 'prosecutor', 'defense_lawyer', 'defendant', 'video_room')),
        resource_id uuid NOT NULL,
        during tstzrange NOT NULL CHECK (NOT isempty(during) AND lower_inc(during) AND NOT upper_inc(during)),
        PRIMARY KEY (hearing_id, resource_type, resource_id),
        CONSTRAINT reservations_no_overlap EXCLUDE USING gist (resource_id WITH =, during WITH &&)
      )`);

    // A cancelled hearing holds nothing, whatever code cancelled it.
    await q.query(`
      CREATE FUNCTION hearings_release_on_cancel() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM reservations WHERE hearing_id = NEW.id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER hearings_release_on_cancel AFTER UPDATE OF status ON hearings
      FOR EACH ROW WHEN (NEW.status = 'cancelled' AND OLD.status IS DISTINCT FROM 'cancelled')
      EXECUTE FUNCTION hearings_release_on_cancel()`);
    await q.query(`
      CREATE FUNCTION reservations_only_for_active_hearings() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM hearings WHERE id = NEW.hearing_id AND status = 'cancelled') THEN
          RAISE EXCEPTION 'hearing % is cancelled and cannot hold resources', NEW.hearing_id
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER reservations_only_for_active_hearings BEFORE INSERT OR UPDATE ON reservations
      FOR EACH ROW EXECUTE FUNCTION reservations_only_for_active_hearings()`);

    // A defendant released or moved to another center cannot attend the booked video room: flag their
    // future hearings in the same transaction as the custody change.
    await q.query(`
      CREATE FUNCTION defendants_flag_future_hearings() RETURNS trigger LANGUAGE plpgsql AS $$
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
    await q.query(`
      CREATE TRIGGER defendants_flag_future_hearings AFTER UPDATE OF custody_status, detention_center_id ON defendants
      FOR EACH ROW WHEN (OLD.custody_status IS DISTINCT FROM NEW.custody_status
                         OR OLD.detention_center_id IS DISTINCT FROM NEW.detention_center_id)
      EXECUTE FUNCTION defendants_flag_future_hearings()`);

    await q.query(`
      CREATE TABLE idempotency_keys (
        actor_id uuid NOT NULL,
        scope text NOT NULL,
        key text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
        request_hash text NOT NULL,
        response_status integer NOT NULL,
        response_body jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (actor_id, scope, key)
      )`);
    await q.query(`CREATE INDEX idempotency_keys_expiry_idx ON idempotency_keys (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys`);
    await q.query(`DROP TRIGGER defendants_flag_future_hearings ON defendants`);
    await q.query(`DROP FUNCTION defendants_flag_future_hearings()`);
    await q.query(`DROP TABLE reservations`);
    await q.query(`DROP FUNCTION reservations_only_for_active_hearings()`);
    await q.query(`DROP TABLE hearing_lawyers`);
    await q.query(`DROP TABLE hearing_defendants`);
    await q.query(`DROP TABLE hearings`);
    await q.query(`DROP FUNCTION hearings_release_on_cancel()`);
    await q.query(`DROP TABLE sittings`);
    await q.query(`DROP TABLE calendar_exceptions`);
    await q.query(`DROP TABLE opening_hours`);
    await q.query(`ALTER TABLE organizations DROP COLUMN escort_buffer_minutes`);
  }
}
