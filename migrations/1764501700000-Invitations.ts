import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Join links and the consultation room.
 *
 * - `hearing_invitations`: who is invited to a hearing's room by link (a lawyer with no account, an interpreter,
 *   an observer, or a user), as what. The link's code is random (24 bytes, 192 bits) and kept only as its SHA-256
 *   (`code_hash`): the link is shown once, at its making. Cancelling the hearing revokes its invitations (trigger
 *   `hearings_revoke_invitations`), so no code path can leave a link alive on a cancelled hearing. A guest's name
 *   and e-mail are erased after the hearing (housekeeping; `erased_at`).
 * - `video_identities` now belong to a user or to an invitation (one join link is one identity).
 * - `hearing_video.consultation_room_name`: the separate room of the defense lawyer and the detention center's
 *   video room (`rc_`, random like the others).
 * - `rate_limit_hits`: fixed-window counters shared by every instance (the public join routes, per address).
 */
export class Invitations1764501700000 implements MigrationInterface {
  name = 'Invitations1764501700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE hearing_invitations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        hearing_id uuid NOT NULL REFERENCES hearings (id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('defense_lawyer', 'prosecutor', 'detention_center', 'interpreter', 'observer')),
        user_id uuid REFERENCES users (id),
        name text CHECK (name IS NULL OR length(btrim(name)) BETWEEN 1 AND 200),
        email text CHECK (email IS NULL OR length(email) <= 254),
        code_hash text NOT NULL CHECK (code_hash ~ '^[0-9a-f]{64}$'),
        created_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        revoked_by uuid REFERENCES users (id),
        erased_at timestamptz,
        CONSTRAINT hearing_invitations_code_unique UNIQUE (code_hash),
        CHECK (user_id IS NOT NULL OR name IS NOT NULL OR erased_at IS NOT NULL),
        CHECK (erased_at IS NULL OR (name IS NULL AND email IS NULL))
      )`);
    await q.query(`CREATE INDEX hearing_invitations_hearing ON hearing_invitations (hearing_id, created_at)`);
    await q.query(`
      CREATE FUNCTION hearings_revoke_invitations() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE hearing_invitations SET revoked_at = now() WHERE hearing_id = NEW.id AND revoked_at IS NULL;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER hearings_revoke_invitations AFTER UPDATE OF status ON hearings
        FOR EACH ROW WHEN (NEW.status = 'cancelled' AND OLD.status <> 'cancelled')
        EXECUTE FUNCTION hearings_revoke_invitations()`);

    await q.query(`
      ALTER TABLE video_identities
        ALTER COLUMN user_id DROP NOT NULL,
        ADD COLUMN invitation_id uuid REFERENCES hearing_invitations (id) ON DELETE CASCADE,
        ADD CONSTRAINT video_identities_one_owner CHECK (num_nonnulls(user_id, invitation_id) = 1),
        ADD CONSTRAINT video_identities_invitation_unique UNIQUE (hearing_id, invitation_id)`);

    await q.query(`
      ALTER TABLE hearing_video
        ADD COLUMN consultation_room_name text NOT NULL DEFAULT opaque_video_name('rc_')
          CHECK (consultation_room_name ~ '^rc_[0-9a-f]{32}$'),
        ADD CONSTRAINT hearing_video_consultation_room_unique UNIQUE (consultation_room_name)`);

    await q.query(`
      CREATE TABLE rate_limit_hits (
        bucket text NOT NULL CHECK (length(bucket) BETWEEN 1 AND 200),
        window_start timestamptz NOT NULL,
        hits integer NOT NULL CHECK (hits > 0),
        PRIMARY KEY (bucket, window_start)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rate_limit_hits`);
    await q.query(`ALTER TABLE hearing_video DROP COLUMN consultation_room_name`);
    await q.query(`DELETE FROM video_identities WHERE invitation_id IS NOT NULL`);
    await q.query(`
      ALTER TABLE video_identities
        DROP CONSTRAINT video_identities_invitation_unique,
        DROP CONSTRAINT video_identities_one_owner,
        DROP COLUMN invitation_id,
        ALTER COLUMN user_id SET NOT NULL`);
    await q.query(`DROP TRIGGER hearings_revoke_invitations ON hearings`);
    await q.query(`DROP FUNCTION hearings_revoke_invitations()`);
    await q.query(`DROP TABLE hearing_invitations`);
  }
}
