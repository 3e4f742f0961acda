import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Video: each hearing's LiveKit room and live state (`hearing_video`, one row per hearing, made by a trigger when
 * the hearing is made, so no code path can leave a hearing without one), every change of the live state with its
 * time and actor (`hearing_live_changes`), and the opaque LiveKit identity of each person in each hearing
 * (`video_identities`).
 *
 * Names LiveKit sees carry nothing personal (LiveKit logs identities and room names): a room is `rh_` and an
 * identity `p_` followed by 32 hex digits of a random UUID (122 random bits), made here, never derived from a case
 * number, a name or an id. The CHECKs below keep them so.
 *
 * The live state follows src/modules/video/live-transitions.ts; the CHECKs hold what every state implies (a start
 * time from `start` on, a close time exactly when closed).
 */
export class HearingVideo1764501500000 implements MigrationInterface {
  name = 'HearingVideo1764501500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION opaque_video_name(prefix text) RETURNS text LANGUAGE sql VOLATILE AS
        $$ SELECT prefix || replace(gen_random_uuid()::text, '-', '') $$`);
    await q.query(`
      CREATE TABLE hearing_video (
        hearing_id uuid PRIMARY KEY REFERENCES hearings (id) ON DELETE CASCADE,
        room_name text NOT NULL DEFAULT opaque_video_name('rh_') CHECK (room_name ~ '^rh_[0-9a-f]{32}$'),
        room_status text NOT NULL DEFAULT 'pending'
          CHECK (room_status IN ('pending', 'created', 'failed', 'deleted')),
        room_sid text,
        room_error text,
        live_state text NOT NULL DEFAULT 'not_started'
          CHECK (live_state IN ('not_started', 'in_session', 'paused', 'suspended', 'closed')),
        live_started_at timestamptz,
        live_closed_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT hearing_video_room_name_unique UNIQUE (room_name),
        CHECK ((live_state = 'not_started') = (live_started_at IS NULL)),
        CHECK ((live_state = 'closed') = (live_closed_at IS NOT NULL)),
        CHECK (live_closed_at IS NULL OR live_closed_at >= live_started_at)
      )`);
    await q.query(`
      CREATE FUNCTION hearings_add_video() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO hearing_video (hearing_id) VALUES (NEW.id);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER hearings_add_video AFTER INSERT ON hearings
        FOR EACH ROW EXECUTE FUNCTION hearings_add_video()`);
    await q.query(`INSERT INTO hearing_video (hearing_id) SELECT id FROM hearings`);
    await q.query(`
      CREATE TABLE hearing_live_changes (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        hearing_id uuid NOT NULL REFERENCES hearings (id) ON DELETE CASCADE,
        action text NOT NULL CHECK (action IN ('start', 'pause', 'resume', 'suspend', 'close')),
        from_state text NOT NULL,
        to_state text NOT NULL,
        -- Null when the service itself changed the state (the last judge and clerk left: suspended).
        actor_id uuid REFERENCES users (id),
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX hearing_live_changes_hearing ON hearing_live_changes (hearing_id, id)`);
    await q.query(`
      CREATE TABLE video_identities (
        identity text PRIMARY KEY DEFAULT opaque_video_name('p_') CHECK (identity ~ '^p_[0-9a-f]{32}$'),
        hearing_id uuid NOT NULL REFERENCES hearings (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id),
        role text NOT NULL CHECK (role IN
          ('judge', 'clerk', 'prosecutor', 'defense_lawyer', 'detention_center', 'interpreter', 'observer')),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT video_identities_person_unique UNIQUE (hearing_id, user_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE video_identities`);
    await q.query(`DROP TABLE hearing_live_changes`);
    await q.query(`DROP TRIGGER hearings_add_video ON hearings`);
    await q.query(`DROP FUNCTION hearings_add_video()`);
    await q.query(`DROP TABLE hearing_video`);
    await q.query(`DROP FUNCTION opaque_video_name(text)`);
  }
}
