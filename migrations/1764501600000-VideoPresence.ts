import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What LiveKit tells the service (webhooks), kept for presence and attendance.
 *
 * - `livekit_events`: every event received, once (its `id` is the key: LiveKit delivers at least once, so a
 *   duplicate is ignored). Only what presence and operations need is kept: the event, its time, the room, the
 *   participant's opaque identity and connection sid, never names or metadata.
 * - `video_sessions`: one row per connection (LiveKit's participant sid): when it joined and left. Keyed by the
 *   connection, events in any order leave it right: a `participant_left` that arrives before its
 *   `participant_joined` makes the row with its end, the join fills its start (the join time is also in every
 *   participant event, `joinedAt`). A session with no end is a connection still open.
 */
export class VideoPresence1764501600000 implements MigrationInterface {
  name = 'VideoPresence1764501600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE livekit_events (
        id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 200),
        event text NOT NULL CHECK (length(event) BETWEEN 1 AND 100),
        created_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        room_name text,
        hearing_id uuid REFERENCES hearings (id) ON DELETE CASCADE,
        identity text,
        participant_sid text
      )`);
    await q.query(`CREATE INDEX livekit_events_hearing ON livekit_events (hearing_id, created_at)`);
    await q.query(`
      CREATE TABLE video_sessions (
        participant_sid text PRIMARY KEY CHECK (length(participant_sid) BETWEEN 1 AND 200),
        hearing_id uuid NOT NULL REFERENCES hearings (id) ON DELETE CASCADE,
        identity text NOT NULL,
        room_name text NOT NULL,
        joined_at timestamptz,
        left_at timestamptz,
        CHECK (joined_at IS NOT NULL OR left_at IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX video_sessions_hearing ON video_sessions (hearing_id, identity)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE video_sessions`);
    await q.query(`DROP TABLE livekit_events`);
  }
}
