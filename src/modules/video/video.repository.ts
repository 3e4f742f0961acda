import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../common/http/request-context';
import { hearingVisibilityCondition } from '../../kernel/access/hearing-visibility';
import { managerOf, transactionOf, type Transaction } from '../../platform/database/transaction';
import type { RoomStatus } from './hearing-video.entity';
import type { LiveAction, LiveState } from './live-transitions';
import type { VideoRole } from './video-grants';

/** A hearing as its room sees it: the people who join, its times, its room and live state. */
export interface HearingVideoRecord {
  hearingId: string;
  kind: string;
  status: string;
  startsAt: Date;
  endsAt: Date;
  courtId: string;
  /** The zone the hearing's local times are shown in. */
  timeZone: string;
  /** Who holds the hearing: the court, or the procuratorate for a plea signing. */
  organizationName: string;
  consultationRoomName: string;
  judgeId: string | null;
  prosecutorId: string | null;
  defenseLawyerIds: string[];
  videoRoomCenterId: string | null;
  /** The name of the detention center's video room (what the room shows for the defendant's device). */
  videoRoomLabel: string | null;
  /** When the hearing ended without being closed live: cancelled, or given its outcome. */
  endedAt: Date | null;
  roomName: string;
  roomStatus: RoomStatus;
  roomError: string | null;
  liveState: LiveState;
  liveStartedAt: Date | null;
  liveClosedAt: Date | null;
}

/** A hearing as its room sees it, with what a token for the actor needs: their name and their identity, if made. */
export interface HearingToJoinRecord extends HearingVideoRecord {
  actorName: string | null;
  /** The actor's identity in this hearing and the role it was last issued for; null before their first token. */
  known: KnownIdentity | null;
}

export interface KnownIdentity {
  identity: string;
  role: VideoRole;
}

export interface LiveChangeRecord {
  action: LiveAction;
  from: LiveState;
  to: LiveState;
  actorId: string | null;
  at: Date;
}

const VIDEO_COLUMNS = `
  h.id AS "hearingId", h.kind, h.status, h.starts_at AS "startsAt", h.ends_at AS "endsAt", c.court_id AS "courtId",
  h.time_zone AS "timeZone",
  (SELECT o.name FROM organizations o
    WHERE o.id = CASE WHEN h.kind = 'plea_signing' THEN c.procuratorate_id ELSE c.court_id END) AS "organizationName",
  v.consultation_room_name AS "consultationRoomName",
  h.judge_id AS "judgeId", h.prosecutor_id AS "prosecutorId",
  COALESCE((SELECT array_agg(hl.lawyer_id ORDER BY hl.lawyer_id) FROM hearing_lawyers hl WHERE hl.hearing_id = h.id), '{}')
    AS "defenseLawyerIds",
  r.organization_id AS "videoRoomCenterId", r.name AS "videoRoomLabel",
  COALESCE(h.cancelled_at, (SELECT o.recorded_at FROM hearing_outcomes o WHERE o.hearing_id = h.id)) AS "endedAt",
  v.room_name AS "roomName", v.room_status AS "roomStatus", v.room_error AS "roomError",
  v.live_state AS "liveState", v.live_started_at AS "liveStartedAt", v.live_closed_at AS "liveClosedAt"`;

/** The rows of `hearing_video`, `hearing_live_changes` and `video_identities` (migration HearingVideo). */
@Injectable()
export class VideoRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(tx?: Transaction): EntityManager {
    return tx ? managerOf(tx) : this.dataSource.manager;
  }

  /**
   * The hearing's video facts, if the actor may see the hearing (hearingVisibilityCondition), in one statement;
   * `lock` takes its video row FOR UPDATE (live changes are serialized on it).
   */
  findVisible(
    actor: Actor,
    hearingId: string,
    tx?: Transaction,
    options: { lock?: boolean } = {},
  ): Promise<HearingVideoRecord | null> {
    return this.findWhere(hearingId, hearingVisibilityCondition(actor, 'h', 'c', 2), tx, options.lock);
  }

  /**
   * Where each statement commits on its own: for work whose only write is one statement (a token's audit row when
   * the person's identity exists), which BEGIN and COMMIT would only make two round trips slower.
   */
  autocommit(): Transaction {
    return transactionOf(this.dataSource.manager);
  }

  /**
   * findVisible, and in the same statement the actor's name and their identity in the hearing (what a token needs):
   * one round trip instead of three for a token whose identity exists.
   */
  async findVisibleToJoin(actor: Actor, hearingId: string, tx?: Transaction): Promise<HearingToJoinRecord | null> {
    const condition = hearingVisibilityCondition(actor, 'h', 'c', 2);
    const me = `$${2 + condition.params.length}`;
    const rows: (HearingVideoRecord & {
      actorName: string | null;
      identity: string | null;
      identityRole: VideoRole;
    })[] = await this.m(tx).query(
      `SELECT ${VIDEO_COLUMNS},
                (SELECT u.name FROM users u WHERE u.id = ${me}) AS "actorName",
                vi.identity, vi.role AS "identityRole"
           FROM hearings h
           JOIN cases c ON c.id = h.case_id
           JOIN hearing_video v ON v.hearing_id = h.id
           LEFT JOIN rooms r ON r.id = h.video_room_id
           LEFT JOIN video_identities vi ON vi.hearing_id = h.id AND vi.user_id = ${me}
          WHERE h.id = $1 AND ${condition.sql}`,
      [hearingId, ...condition.params, actor.id],
    );
    if (!rows[0]) return null;
    const { identity, identityRole, ...h } = rows[0];
    return { ...h, known: identity ? { identity, role: identityRole } : null };
  }

  /** The hearing's video facts for the service's own work (webhooks, jobs): no actor, no visibility. */
  findForService(
    tx: Transaction,
    hearingId: string,
    options: { lock?: boolean } = {},
  ): Promise<HearingVideoRecord | null> {
    return this.findWhere(hearingId, { sql: 'true', params: [] }, tx, options.lock);
  }

  private async findWhere(
    hearingId: string,
    condition: { sql: string; params: unknown[] },
    tx: Transaction | undefined,
    lock = false,
  ): Promise<HearingVideoRecord | null> {
    const rows: HearingVideoRecord[] = await this.m(tx).query(
      `SELECT ${VIDEO_COLUMNS}
         FROM hearings h
         JOIN cases c ON c.id = h.case_id
         JOIN hearing_video v ON v.hearing_id = h.id
         LEFT JOIN rooms r ON r.id = h.video_room_id
        WHERE h.id = $1 AND ${condition.sql}
        ${lock ? 'FOR UPDATE OF v' : ''}`,
      [hearingId, ...condition.params],
    );
    return rows[0] ?? null;
  }

  /** A change of the live state with its history row; the start and close times come with their states. */
  async changeLive(
    tx: Transaction,
    hearingId: string,
    change: { action: LiveAction; from: LiveState; to: LiveState; actorId: string | null },
  ): Promise<LiveChangeRecord> {
    await managerOf(tx).query(
      `UPDATE hearing_video
          SET live_state = $2,
              live_started_at = CASE WHEN $3 = 'start' THEN now() ELSE live_started_at END,
              live_closed_at = CASE WHEN $2 = 'closed' THEN now() ELSE live_closed_at END,
              updated_at = now()
        WHERE hearing_id = $1`,
      [hearingId, change.to, change.action],
    );
    const rows: LiveChangeRecord[] = await managerOf(tx).query(
      `INSERT INTO hearing_live_changes (hearing_id, action, from_state, to_state, actor_id)
       VALUES ($1, $2, $3, $4, $5)
       RETURNING action, from_state AS "from", to_state AS "to", actor_id AS "actorId", at`,
      [hearingId, change.action, change.from, change.to, change.actorId],
    );
    return rows[0];
  }

  async liveChanges(hearingId: string, tx?: Transaction): Promise<LiveChangeRecord[]> {
    return this.m(tx).query(
      `SELECT action, from_state AS "from", to_state AS "to", actor_id AS "actorId", at
         FROM hearing_live_changes WHERE hearing_id = $1 ORDER BY id`,
      [hearingId],
    );
  }

  /**
   * The opaque identity of a person (a user, or the holder of a join link) in this hearing: made at their first
   * token, the same at every later one (a second connection with the same identity replaces the first, as one
   * person should). The role is the one they join as now. `known` (read with the hearing, findVisibleToJoin):
   * when it was issued for this role already, nothing is written.
   */
  async identityFor(
    tx: Transaction,
    hearingId: string,
    owner: { userId: string } | { invitationId: string },
    role: VideoRole,
    known: KnownIdentity | null = null,
  ): Promise<string> {
    if (known && known.role === role) return known.identity;
    const byUser = 'userId' in owner;
    const rows: { identity: string }[] = await managerOf(tx).query(
      `INSERT INTO video_identities (hearing_id, ${byUser ? 'user_id' : 'invitation_id'}, role) VALUES ($1, $2, $3)
       ON CONFLICT ON CONSTRAINT ${byUser ? 'video_identities_person_unique' : 'video_identities_invitation_unique'}
       DO UPDATE SET role = EXCLUDED.role
       RETURNING identity`,
      [hearingId, byUser ? owner.userId : owner.invitationId, role],
    );
    return rows[0].identity;
  }

  /** The room exists in LiveKit (its session's sid). */
  async roomCreated(hearingId: string, sid: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE hearing_video SET room_status = 'created', room_sid = $2, room_error = NULL, updated_at = now()
        WHERE hearing_id = $1`,
      [hearingId, sid],
    );
  }

  /** The last attempt to make or delete the room failed (the message of LiveKit's answer, no personal data). */
  async roomFailed(hearingId: string, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE hearing_video SET room_status = CASE WHEN room_status = 'created' THEN 'created' ELSE 'failed' END,
              room_error = $2, updated_at = now()
        WHERE hearing_id = $1`,
      [hearingId, error.slice(0, 500)],
    );
  }

  async roomDeleted(hearingId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE hearing_video SET room_status = 'deleted', room_error = NULL, updated_at = now() WHERE hearing_id = $1`,
      [hearingId],
    );
  }

  /**
   * Hearings whose room needs work now: to be made (its join window opens within `leadMinutes` + `opensMinutes`
   * from now, or is open, and it is not made), or to be deleted (made, or half-made, and the hearing is over).
   */
  async roomsDue(opensMinutes: number, leadMinutes: number, limit = 200): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT v.hearing_id AS id
         FROM hearing_video v JOIN hearings h ON h.id = v.hearing_id
        WHERE (v.room_status IN ('pending', 'failed') AND h.status = 'scheduled' AND v.live_state <> 'closed'
               AND h.starts_at <= now() + make_interval(mins => $1::int + $2::int)
               AND h.ends_at + interval '60 minutes' > now())
           OR (v.room_status IN ('created', 'failed')
               AND (h.status <> 'scheduled' OR v.live_state = 'closed' OR h.ends_at + interval '60 minutes' <= now()))
        ORDER BY h.starts_at
        LIMIT $3`,
      [opensMinutes, leadMinutes, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Hearings whose room is made and where people are, or should be: the ones to reconcile with LiveKit. */
  async roomsInUse(limit = 500): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT v.hearing_id AS id FROM hearing_video v
        WHERE v.room_status = 'created'
          AND (v.live_state IN ('in_session', 'paused', 'suspended')
               OR EXISTS (SELECT 1 FROM video_sessions s WHERE s.hearing_id = v.hearing_id AND s.left_at IS NULL))
        LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.id);
  }

  /** The roles of these identities in the hearing (identities the service never issued are left out). */
  async rolesOf(hearingId: string, identities: string[]): Promise<Map<string, VideoRole>> {
    const rows: { identity: string; role: VideoRole }[] = await this.dataSource.query(
      `SELECT identity, role FROM video_identities WHERE hearing_id = $1 AND identity = ANY($2::text[])`,
      [hearingId, identities],
    );
    return new Map(rows.map((r) => [r.identity, r.role]));
  }

  /** The identity of a join link in its hearing, if it was ever used. */
  async identityOfInvitation(invitationId: string): Promise<string | null> {
    const rows: { identity: string }[] = await this.dataSource.query(
      `SELECT identity FROM video_identities WHERE invitation_id = $1`,
      [invitationId],
    );
    return rows[0]?.identity ?? null;
  }
}
