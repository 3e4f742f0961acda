import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { managerOf, type Transaction } from '../../platform/database/transaction';
import type { LiveState } from './live-transitions';
import type { VideoRole } from './video-grants';

/** An event as kept (migration VideoPresence): no names, no metadata. */
export interface LivekitEventFacts {
  id: string;
  event: string;
  createdAt: Date;
  roomName: string | null;
  hearingId: string | null;
  identity: string | null;
  participantSid: string | null;
}

/** One connection of a participant, with who they are in the hearing (null for an identity the service never issued). */
export interface SessionRecord {
  participantSid: string;
  identity: string;
  /** The hearing's room, or its consultation room. */
  roomName: string;
  role: VideoRole | null;
  userId: string | null;
  name: string | null;
  joinedAt: Date | null;
  leftAt: Date | null;
}

/** The rows of `livekit_events` and `video_sessions`: what LiveKit told, and each connection it implies. */
@Injectable()
export class VideoPresenceRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(tx?: Transaction): EntityManager {
    return tx ? managerOf(tx) : this.dataSource.manager;
  }

  /**
   * Keeps one event, in one statement: the hearing of its room (if the room is one of ours), the event row (once:
   * LiveKit delivers at least once, so a kept id changes nothing), and, only for a fresh event of one of our rooms,
   * the connection it reports (`session`) and the room's session sid (`roomStarted`). A connection's row is made by
   * its start or its end, whichever comes first, and completed by the other; a start or end already known stays
   * (the first report wins). `fresh` is false for an event kept before; without `tx` the statement commits alone.
   */
  async ingest(
    tx: Transaction | undefined,
    e: Omit<LivekitEventFacts, 'hearingId'>,
    effects: {
      session: { joinedAt: Date | null; leftAt: Date | null } | null;
      roomStarted: { sid: string | null } | null;
    },
  ): Promise<{ fresh: boolean; hearingId: string | null; liveState: LiveState | null }> {
    const rows: { hearingId: string | null; liveState: LiveState | null }[] = await this.m(tx).query(
      `WITH e AS (
         INSERT INTO livekit_events (id, event, created_at, room_name, hearing_id, identity, participant_sid)
         VALUES ($1, $2, $3, $4::text,
                 (SELECT hearing_id FROM hearing_video WHERE room_name = $4::text OR consultation_room_name = $4::text
                   LIMIT 1),
                 $5::text, $6::text)
         ON CONFLICT (id) DO NOTHING
         RETURNING hearing_id
       ), s AS (
         INSERT INTO video_sessions (participant_sid, hearing_id, identity, room_name, joined_at, left_at)
         SELECT $6::text, e.hearing_id, $5::text, $4::text, $8::timestamptz, $9::timestamptz FROM e
          WHERE $7::boolean AND e.hearing_id IS NOT NULL
         ON CONFLICT (participant_sid) DO UPDATE
           SET joined_at = COALESCE(video_sessions.joined_at, EXCLUDED.joined_at),
               left_at = COALESCE(video_sessions.left_at, EXCLUDED.left_at)
       ), started AS (
         UPDATE hearing_video SET room_sid = COALESCE($11::text, room_sid), updated_at = now()
          WHERE $10::boolean AND hearing_id = (SELECT hearing_id FROM e)
       )
       SELECT e.hearing_id AS "hearingId", v.live_state AS "liveState"
         FROM e LEFT JOIN hearing_video v ON v.hearing_id = e.hearing_id`,
      [
        e.id,
        e.event,
        e.createdAt,
        e.roomName,
        e.identity,
        e.participantSid,
        effects.session !== null,
        effects.session?.joinedAt ?? null,
        effects.session?.leftAt ?? null,
        effects.roomStarted !== null,
        effects.roomStarted?.sid ?? null,
      ],
    );
    return rows[0] ? { fresh: true, ...rows[0] } : { fresh: false, hearingId: null, liveState: null };
  }

  /** How many connections to the hearing's own room are open for identities of these roles. */
  async openConnections(tx: Transaction, hearingId: string, roles: VideoRole[]): Promise<number> {
    const rows: { n: number }[] = await managerOf(tx).query(
      `SELECT count(*)::int AS n FROM video_sessions s
         JOIN video_identities i ON i.identity = s.identity
         JOIN hearing_video v ON v.hearing_id = s.hearing_id AND v.room_name = s.room_name
        WHERE s.hearing_id = $1 AND i.role = ANY($2::text[]) AND s.joined_at IS NOT NULL AND s.left_at IS NULL`,
      [hearingId, roles],
    );
    return rows[0].n;
  }

  /**
   * A connection as the reconciliation finds it (LiveKit lists it, or no longer does): made, or completed, with
   * the same rule as `ingest` (a start or end already known stays).
   */
  async recordSession(
    tx: Transaction,
    s: {
      participantSid: string;
      hearingId: string;
      identity: string;
      roomName: string;
      joinedAt: Date | null;
      leftAt: Date | null;
    },
  ): Promise<void> {
    await managerOf(tx).query(
      `INSERT INTO video_sessions (participant_sid, hearing_id, identity, room_name, joined_at, left_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (participant_sid) DO UPDATE
         SET joined_at = COALESCE(video_sessions.joined_at, EXCLUDED.joined_at),
             left_at = COALESCE(video_sessions.left_at, EXCLUDED.left_at)`,
      [s.participantSid, s.hearingId, s.identity, s.roomName, s.joinedAt, s.leftAt],
    );
  }

  /** Every connection to the hearing's room, oldest first, with who it was. */
  async sessions(hearingId: string): Promise<SessionRecord[]> {
    return this.m().query(
      `SELECT s.participant_sid AS "participantSid", s.identity, s.room_name AS "roomName", i.role, i.user_id AS "userId", u.name,
              s.joined_at AS "joinedAt", s.left_at AS "leftAt"
         FROM video_sessions s
         LEFT JOIN video_identities i ON i.identity = s.identity
         LEFT JOIN users u ON u.id = i.user_id
        WHERE s.hearing_id = $1
        ORDER BY COALESCE(s.joined_at, s.left_at), s.participant_sid`,
      [hearingId],
    );
  }

  /** Display names of users. */
  async names(userIds: string[]): Promise<Map<string, string>> {
    const rows: { id: string; name: string }[] = await this.m().query(
      `SELECT id, name FROM users WHERE id = ANY($1::uuid[])`,
      [userIds],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** The connections to this room the service holds as open. */
  async openSessions(hearingId: string, roomName: string): Promise<{ participantSid: string; identity: string }[]> {
    return this.m().query(
      `SELECT participant_sid AS "participantSid", identity FROM video_sessions
        WHERE hearing_id = $1 AND room_name = $2 AND joined_at IS NOT NULL AND left_at IS NULL`,
      [hearingId, roomName],
    );
  }
}
