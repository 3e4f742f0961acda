import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import type { Actor, Role } from '../../common/http/request-context';
import { toUtcIso } from '../../common/time/local-time';
import { caseVisibilityCondition } from '../../kernel/access/case-visibility';
import type { OrganizationKind } from '../directory/organization.entity';
import type { RoomKind } from '../directory/room.entity';
import type { AttentionReason, HearingKind, HearingStatus } from './hearing.entity';
import type { CaseParties, ResourceClaim } from './hearing-parties';
import { hearingVisibilityCondition } from '../../kernel/access/hearing-visibility';
import type { HearingConflict } from './hearings.errors';
import type { ResourceType } from './reservation.entity';

/** A hearing with its defendants and lawyers, as the service and the API see it. */
export interface HearingRecord {
  id: string;
  caseId: string;
  sittingId: string | null;
  kind: HearingKind;
  status: HearingStatus;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  courtroomId: string | null;
  judgeId: string | null;
  prosecutorId: string | null;
  videoRoomId: string | null;
  notes: string | null;
  version: number;
  needsAttention: boolean;
  attentionReasons: AttentionReason[];
  hoursOverrideReason: string | null;
  cancelReason: string | null;
  cancelledAt: Date | null;
  createdBy: string | null;
  /** The case's court and procuratorate: whose free text the hearing holds (free-text-readers.ts). */
  courtId: string;
  procuratorateId: string;
  defendantIds: string[];
  defenseLawyerIds: string[];
}

/** The booking columns of a hearing, as written on create and on change. */
export interface HearingBookingRow {
  caseId: string;
  sittingId: string | null;
  kind: HearingKind;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  courtroomId: string | null;
  judgeId: string | null;
  prosecutorId: string | null;
  videoRoomId: string | null;
  notes: string | null;
  hoursOverrideReason: string | null;
}

/** A reservation that holds a resource inside a window (the video room's range includes the escort buffer). */
export interface BusyReservation {
  resourceType: ResourceType;
  resourceId: string;
  hearingId: string;
  startsAt: Date;
  endsAt: Date;
}

/** Where a defendant is held now, read under lockDefendantsCustody. */
export type DefendantCustody = Pick<
  CaseParties['defendants'][number],
  'defendantId' | 'detentionCenterId' | 'custodyStatus'
>;

export interface OrganizationFacts {
  id: string;
  kind: OrganizationKind;
  name: string;
  timeZone: string;
  escortBufferMinutes: number;
}
export interface UserFacts {
  id: string;
  role: Role;
  organizationId: string | null;
  active: boolean;
}
export interface RoomFacts {
  id: string;
  organizationId: string;
  kind: RoomKind;
  name: string;
}

export interface HearingListFilter {
  from?: Date;
  to?: Date;
  courtId?: string;
  detentionCenterId?: string;
  status?: HearingStatus;
  userId?: string;
  limit: number;
}

export type IdempotencyClaim =
  { claimed: true } | { claimed: false; requestHash: string; responseStatus: number; responseBody: unknown };

const EXCLUSION_VIOLATION = '23P01';
const DEADLOCK = '40P01';

/** A HearingRecord's own columns, from a row of `hearings` aliased `h`. */
const HEARING_ROW_COLUMNS = `
  h.id, h.case_id AS "caseId", h.sitting_id AS "sittingId", h.kind, h.status,
  h.starts_at AS "startsAt", h.ends_at AS "endsAt", h.time_zone AS "timeZone",
  h.courtroom_id AS "courtroomId", h.judge_id AS "judgeId", h.prosecutor_id AS "prosecutorId",
  h.video_room_id AS "videoRoomId", h.notes, h.version, h.needs_attention AS "needsAttention",
  h.attention_reasons AS "attentionReasons", h.hours_override_reason AS "hoursOverrideReason",
  h.cancel_reason AS "cancelReason", h.cancelled_at AS "cancelledAt", h.created_by AS "createdBy",
  (SELECT hc.court_id FROM cases hc WHERE hc.id = h.case_id) AS "courtId",
  (SELECT hc.procuratorate_id FROM cases hc WHERE hc.id = h.case_id) AS "procuratorateId"`;

const HEARING_COLUMNS = `${HEARING_ROW_COLUMNS},
  COALESCE((SELECT array_agg(hd.defendant_id ORDER BY hd.defendant_id) FROM hearing_defendants hd WHERE hd.hearing_id = h.id), '{}') AS "defendantIds",
  COALESCE((SELECT array_agg(hl.lawyer_id ORDER BY hl.lawyer_id) FROM hearing_lawyers hl WHERE hl.hearing_id = h.id), '{}') AS "defenseLawyerIds"`;

/** CaseParties from a row of `cases` aliased `c`: the defendants, in the order they were added, as one JSON array. */
const CASE_PARTIES_COLUMNS = `
  c.id AS "caseId", c.court_id AS "courtId", c.procuratorate_id AS "procuratorateId", c.prosecutor_id AS "prosecutorId",
  COALESCE((SELECT json_agg(json_build_object('defendantId', cd.defendant_id, 'defenseLawyerId', cd.defense_lawyer_id,
                                              'detentionCenterId', d.detention_center_id, 'custodyStatus', d.custody_status)
                            ORDER BY cd.added_at, cd.defendant_id)
              FROM case_defendants cd JOIN defendants d ON d.id = cd.defendant_id
             WHERE cd.case_id = c.id), '[]') AS defendants`;

const ORGANIZATION_FACTS_JSON = `json_build_object('id', o.id, 'kind', o.kind, 'name', o.name, 'timeZone', o.time_zone,
                                                   'escortBufferMinutes', o.escort_buffer_minutes)`;
const USER_FACTS_JSON = `json_build_object('id', u.id, 'role', u.role, 'organizationId', u.organization_id, 'active', u.active)`;
const ROOM_FACTS_JSON = `json_build_object('id', r.id, 'organizationId', r.organization_id, 'kind', r.kind, 'name', r.name)`;

let savepointCounter = 0;

@Injectable()
export class HearingsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  /**
   * Locks these defendants' rows FOR SHARE until the transaction ends and reads their custody as it stands now (a
   * custody change that committed meanwhile included; one still running is waited for). A custody change that
   * comes later waits for this transaction to commit, so its trigger (defendants_flag_future_hearings) sees and
   * flags what this transaction booked. In id order, like every other locker of several defendants.
   */
  async lockDefendantsCustody(manager: EntityManager, defendantIds: string[]): Promise<DefendantCustody[]> {
    if (defendantIds.length === 0) return [];
    return manager.query(
      `SELECT id AS "defendantId", detention_center_id AS "detentionCenterId", custody_status AS "custodyStatus"
         FROM defendants WHERE id = ANY($1::uuid[]) ORDER BY id FOR SHARE`,
      [unique(defendantIds)],
    );
  }

  /**
   * lockDefendantsCustody for every defendant of the hearing's case (those a change of the hearing can name),
   * without reading them. Call it before locking the hearing: the custody trigger locks a defendant and then
   * their hearings, so taking the locks in that same order cannot deadlock with it.
   */
  async lockCaseDefendantsOfHearing(manager: EntityManager, hearingId: string): Promise<void> {
    await manager.query(
      `SELECT 1 FROM defendants d
        WHERE d.id IN (SELECT cd.defendant_id FROM case_defendants cd JOIN hearings h ON h.case_id = cd.case_id
                        WHERE h.id = $1)
        ORDER BY d.id FOR SHARE`,
      [hearingId],
    );
  }

  /**
   * Locks the case row FOR SHARE until the transaction ends, before its parties are read: a change of the case's
   * people (PATCH /cases/:id, which locks it FOR UPDATE and moves the future hearings) either commits first and
   * is read here, or waits for this booking to commit and then moves what it booked too.
   */
  async lockCase(manager: EntityManager, caseId: string): Promise<void> {
    await manager.query(`SELECT 1 FROM cases WHERE id = $1 FOR SHARE`, [caseId]);
  }

  /** lockCase for the case of this hearing (a re-booking reads the case's parties). */
  async lockCaseOfHearing(manager: EntityManager, hearingId: string): Promise<void> {
    await manager.query(`SELECT 1 FROM cases WHERE id = (SELECT case_id FROM hearings WHERE id = $1) FOR SHARE`, [
      hearingId,
    ]);
  }

  /**
   * The case's scheduled hearings that start after now() (the transaction's start, as the custody trigger counts),
   * locked FOR UPDATE in id order (the custody trigger's order) and then read as committed after the locks.
   */
  async lockFutureScheduledOfCase(manager: EntityManager, caseId: string): Promise<HearingRecord[]> {
    const locked: { id: string }[] = await manager.query(
      `SELECT id FROM hearings WHERE case_id = $1 AND status = 'scheduled' AND starts_at > now() ORDER BY id FOR UPDATE`,
      [caseId],
    );
    if (locked.length === 0) return [];
    return manager.query(`SELECT ${HEARING_COLUMNS} FROM hearings h WHERE h.id = ANY($1::uuid[]) ORDER BY h.id`, [
      locked.map((r) => r.id),
    ]);
  }

  /** The case's court, procuratorate, prosecutor and defendants (with their lawyers and custody), or null. */
  async findCaseParties(caseId: string, manager?: EntityManager): Promise<CaseParties | null> {
    const rows: CaseParties[] = await this.m(manager).query(
      `SELECT ${CASE_PARTIES_COLUMNS} FROM cases c WHERE c.id = $1`,
      [caseId],
    );
    return rows[0] ?? null;
  }

  /**
   * The case to book a hearing of, if the actor may see it (else null, whether it exists or not), with the
   * organizations such a hearing involves: its court, its procuratorate and its defendants' detention centers.
   */
  async findCaseToBook(
    actor: Actor,
    caseId: string,
    manager?: EntityManager,
  ): Promise<{ kase: CaseParties; organizations: OrganizationFacts[] } | null> {
    const vis = caseVisibilityCondition(actor, 'c', 2);
    const rows: (CaseParties & { organizations: OrganizationFacts[] })[] = await this.m(manager).query(
      `SELECT ${CASE_PARTIES_COLUMNS},
              (SELECT json_agg(${ORGANIZATION_FACTS_JSON})
                 FROM organizations o
                WHERE o.id IN (c.court_id, c.procuratorate_id)
                   OR o.id IN (SELECT d.detention_center_id FROM case_defendants cd JOIN defendants d ON d.id = cd.defendant_id
                                WHERE cd.case_id = c.id)) AS organizations
         FROM cases c WHERE c.id = $1 AND ${vis.sql}`,
      [caseId, ...vis.params],
    );
    if (rows.length === 0) return null;
    const { organizations, ...kase } = rows[0];
    return { kase, organizations };
  }

  async findOrganizations(ids: string[], manager?: EntityManager): Promise<OrganizationFacts[]> {
    if (ids.length === 0) return [];
    return this.m(manager).query(
      `SELECT id, kind, name, time_zone AS "timeZone", escort_buffer_minutes AS "escortBufferMinutes"
         FROM organizations WHERE id = ANY($1::uuid[])`,
      [ids],
    );
  }

  async findUsers(ids: string[], manager?: EntityManager): Promise<UserFacts[]> {
    if (ids.length === 0) return [];
    return this.m(manager).query(
      `SELECT id, role, organization_id AS "organizationId", active FROM users WHERE id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /**
   * What booking checks the named parties against, in one read: these users and rooms, and the video rooms of
   * `videoRoomsOf` (a detention center, or null for none) by name, then id: the order in which a free one is chosen.
   */
  async findPartyFacts(
    query: { userIds: string[]; roomIds: string[]; videoRoomsOf: string | null },
    manager?: EntityManager,
  ): Promise<{ users: UserFacts[]; rooms: RoomFacts[]; videoRooms: RoomFacts[] }> {
    const [row]: { users: UserFacts[]; rooms: RoomFacts[]; videoRooms: RoomFacts[] }[] = await this.m(manager).query(
      `SELECT COALESCE((SELECT json_agg(${USER_FACTS_JSON}) FROM users u WHERE u.id = ANY($1::uuid[])), '[]') AS users,
              COALESCE((SELECT json_agg(${ROOM_FACTS_JSON}) FROM rooms r WHERE r.id = ANY($2::uuid[])), '[]') AS rooms,
              COALESCE((SELECT json_agg(${ROOM_FACTS_JSON} ORDER BY r.name, r.id) FROM rooms r
                         WHERE r.organization_id = $3::uuid AND r.kind = 'video_room'), '[]') AS "videoRooms"`,
      [unique(query.userIds), unique(query.roomIds), query.videoRoomsOf],
    );
    return row;
  }

  /**
   * Reservations of active hearings that hold any of these resources at some moment of [from, to). Each
   * reservation's own range is returned (a video room's includes its escort buffer). Uses the exclusion
   * constraint's GiST index, so it reads only the window asked for. For the slot finder and the sittings planner.
   */
  async findBusy(
    resourceIds: string[],
    from: Date | DateTime,
    to: Date | DateTime,
    manager?: EntityManager,
    options: { excludeHearingIds?: string[] } = {},
  ): Promise<BusyReservation[]> {
    if (resourceIds.length === 0) return [];
    return this.m(manager).query(
      `SELECT r.resource_type AS "resourceType", r.resource_id AS "resourceId", r.hearing_id AS "hearingId",
              lower(r.during) AS "startsAt", upper(r.during) AS "endsAt"
         FROM reservations r
        WHERE r.resource_id = ANY($1::uuid[])
          AND r.during && tstzrange($2::timestamptz, $3::timestamptz, '[)')
          AND NOT (r.hearing_id = ANY($4::uuid[]))
        ORDER BY r.resource_id, lower(r.during)`,
      [unique(resourceIds), toDate(from), toDate(to), options.excludeHearingIds ?? []],
    );
  }

  /**
   * Every active reservation that overlaps one of these claims, except those of `excludeHearingId` (a hearing
   * being moved never clashes with itself). Reports the clashing hearing's id and own times only.
   */
  async findClashes(
    claims: ResourceClaim[],
    manager?: EntityManager,
    options: { excludeHearingId?: string } = {},
  ): Promise<HearingConflict[]> {
    if (claims.length === 0) return [];
    const rows: { resourceType: ResourceType; resourceId: string; hearingId: string; startsAt: Date; endsAt: Date }[] =
      await this.m(manager).query(
        `SELECT DISTINCT ON (r.resource_id, r.hearing_id)
                r.resource_type AS "resourceType", r.resource_id AS "resourceId", r.hearing_id AS "hearingId",
                h.starts_at AS "startsAt", h.ends_at AS "endsAt"
           FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[]) AS q(resource_id, lo, hi)
           JOIN reservations r ON r.resource_id = q.resource_id AND r.during && tstzrange(q.lo, q.hi, '[)')
           JOIN hearings h ON h.id = r.hearing_id AND h.status = 'scheduled'
          WHERE $4::uuid IS NULL OR r.hearing_id <> $4::uuid
          ORDER BY r.resource_id, r.hearing_id`,
        [
          claims.map((c) => c.resourceId),
          claims.map((c) => c.startsAt.toJSDate()),
          claims.map((c) => c.endsAt.toJSDate()),
          options.excludeHearingId ?? null,
        ],
      );
    return rows
      .map((r) => ({ ...r, startsAt: toUtcIso(r.startsAt), endsAt: toUtcIso(r.endsAt) }))
      .sort(
        (a, b) =>
          a.startsAt.localeCompare(b.startsAt) ||
          a.resourceType.localeCompare(b.resourceType) ||
          a.resourceId.localeCompare(b.resourceId),
      );
  }

  /**
   * Writes a new scheduled hearing (version 1) with its defendants and defense lawyers, in one statement, and
   * returns it as stored: what findById would read back in this transaction.
   */
  async insertHearing(
    manager: EntityManager,
    row: HearingBookingRow,
    parties: { defendantIds: string[]; lawyerIds: string[] },
    createdBy: string | null,
  ): Promise<HearingRecord> {
    const rows: HearingRecord[] = await manager.query(
      `WITH h AS (
         INSERT INTO hearings (case_id, sitting_id, kind, starts_at, ends_at, time_zone, courtroom_id, judge_id,
                               prosecutor_id, video_room_id, notes, hours_override_reason, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING *
       ), defendants AS (
         INSERT INTO hearing_defendants (hearing_id, defendant_id) SELECT h.id, unnest($14::uuid[]) FROM h
         RETURNING defendant_id
       ), lawyers AS (
         INSERT INTO hearing_lawyers (hearing_id, lawyer_id) SELECT h.id, unnest($15::uuid[]) FROM h
         RETURNING lawyer_id
       )
       SELECT ${HEARING_ROW_COLUMNS},
              COALESCE((SELECT array_agg(defendant_id ORDER BY defendant_id) FROM defendants), '{}') AS "defendantIds",
              COALESCE((SELECT array_agg(lawyer_id ORDER BY lawyer_id) FROM lawyers), '{}') AS "defenseLawyerIds"
         FROM h`,
      [
        row.caseId,
        row.sittingId,
        row.kind,
        row.startsAt,
        row.endsAt,
        row.timeZone,
        row.courtroomId,
        row.judgeId,
        row.prosecutorId,
        row.videoRoomId,
        row.notes,
        row.hoursOverrideReason,
        createdBy,
        unique(parties.defendantIds),
        unique(parties.lawyerIds),
      ],
    );
    return rows[0];
  }

  /**
   * Rewrites the booking columns of a hearing and bumps its version. Every party was just checked against the
   * defendants' current custody, so whatever a custody change had flagged is resolved: the flag is cleared.
   */
  async updateBooking(manager: EntityManager, id: string, row: HearingBookingRow): Promise<void> {
    await manager.query(
      `UPDATE hearings SET kind = $2, starts_at = $3, ends_at = $4, time_zone = $5, courtroom_id = $6, judge_id = $7,
              prosecutor_id = $8, video_room_id = $9, notes = $10, hours_override_reason = $11,
              needs_attention = false, attention_reasons = '[]'::jsonb,
              version = version + 1, updated_at = now()
        WHERE id = $1`,
      [
        id,
        row.kind,
        row.startsAt,
        row.endsAt,
        row.timeZone,
        row.courtroomId,
        row.judgeId,
        row.prosecutorId,
        row.videoRoomId,
        row.notes,
        row.hoursOverrideReason,
      ],
    );
  }

  /**
   * Sets the hearing's prosecutor after a change of its case's people (the lawyers are set by replaceParties),
   * appends `reasons` to its attention reasons (flagging it when there are any) and bumps its version. An earlier
   * flag stays: nothing here re-checks what it was raised for.
   */
  async followCasePeople(
    manager: EntityManager,
    id: string,
    change: { prosecutorId: string | null; reasons: AttentionReason[] },
  ): Promise<void> {
    await manager.query(
      `UPDATE hearings SET prosecutor_id = $2, needs_attention = needs_attention OR jsonb_array_length($3::jsonb) > 0,
              attention_reasons = attention_reasons || $3::jsonb, version = version + 1, updated_at = now()
        WHERE id = $1`,
      [id, change.prosecutorId, JSON.stringify(change.reasons)],
    );
  }

  /** Changes what the booking does not depend on (notes, override reason) and bumps the version. */
  async updateAnnotations(
    manager: EntityManager,
    id: string,
    changes: { notes: string | null; hoursOverrideReason: string | null },
  ): Promise<void> {
    await manager.query(
      `UPDATE hearings SET notes = $2, hours_override_reason = $3, version = version + 1, updated_at = now() WHERE id = $1`,
      [id, changes.notes, changes.hoursOverrideReason],
    );
  }

  /** Points the hearing at another video room (its reservation is taken separately). */
  async setVideoRoom(manager: EntityManager, hearingId: string, videoRoomId: string): Promise<void> {
    await manager.query(`UPDATE hearings SET video_room_id = $2 WHERE id = $1`, [hearingId, videoRoomId]);
  }

  /** Sets who attends: the hearing's defendants and defense lawyers, replacing those it had. */
  async replaceParties(
    manager: EntityManager,
    hearingId: string,
    defendantIds: string[],
    lawyerIds: string[],
  ): Promise<void> {
    await manager.query(`DELETE FROM hearing_defendants WHERE hearing_id = $1`, [hearingId]);
    await manager.query(`DELETE FROM hearing_lawyers WHERE hearing_id = $1`, [hearingId]);
    await this.insertParties(manager, hearingId, defendantIds, lawyerIds);
  }

  /** Records who attends the hearing: its defendants and defense lawyers. */
  private async insertParties(
    manager: EntityManager,
    hearingId: string,
    defendantIds: string[],
    lawyerIds: string[],
  ): Promise<void> {
    if (defendantIds.length > 0) {
      await manager.query(`INSERT INTO hearing_defendants (hearing_id, defendant_id) SELECT $1, unnest($2::uuid[])`, [
        hearingId,
        unique(defendantIds),
      ]);
    }
    if (lawyerIds.length > 0) {
      await manager.query(`INSERT INTO hearing_lawyers (hearing_id, lawyer_id) SELECT $1, unnest($2::uuid[])`, [
        hearingId,
        unique(lawyerIds),
      ]);
    }
  }

  /**
   * Holds the resources for the hearing, in one statement, in the order given (sorted by resource id); 'clash'
   * when another hearing holds one of them (the exclusion constraint decides, after waiting for a racing booking
   * to end) or a racing booking deadlocks with this one.
   *
   * With `savepoint` (the default: the caller's transaction goes on after a clash, as a sitting's does) the insert
   * runs under a savepoint that a refusal (23P01, 40P01) rolls back: nothing is held and the transaction stays
   * usable. Without it (a transaction given up on any error; one round trip less each way), resources another
   * hearing holds are skipped rather than refused (ON CONFLICT DO NOTHING), so a clash leaves the others held until
   * deleteReservations frees them, and a deadlock leaves the transaction unusable: 'aborted'.
   */
  async tryReserve(
    manager: EntityManager,
    hearingId: string,
    claims: ResourceClaim[],
    options: { savepoint?: boolean } = {},
  ): Promise<'reserved' | 'clash' | 'aborted'> {
    if (claims.length === 0) return 'reserved';
    const insert = `INSERT INTO reservations (hearing_id, resource_type, resource_id, during)
         SELECT $1, q.resource_type, q.resource_id, tstzrange(q.lo, q.hi, '[)')
           FROM unnest($2::text[], $3::uuid[], $4::timestamptz[], $5::timestamptz[]) WITH ORDINALITY AS q(resource_type, resource_id, lo, hi, n)
          ORDER BY q.n`;
    const params = [
      hearingId,
      claims.map((c) => c.resourceType),
      claims.map((c) => c.resourceId),
      claims.map((c) => c.startsAt.toJSDate()),
      claims.map((c) => c.endsAt.toJSDate()),
    ];
    if (options.savepoint === false) {
      try {
        const taken: unknown[] = await manager.query(`${insert} ON CONFLICT DO NOTHING RETURNING 1`, params);
        return taken.length === claims.length ? 'reserved' : 'clash';
      } catch (err) {
        if (isRefusal(err)) return 'aborted';
        throw err;
      }
    }
    const savepoint = `reserve_${++savepointCounter}`;
    await manager.query(`SAVEPOINT ${savepoint}`);
    try {
      await manager.query(insert, params);
    } catch (err) {
      if (isRefusal(err)) {
        await manager.query(`ROLLBACK TO SAVEPOINT ${savepoint}`);
        return 'clash';
      }
      throw err;
    }
    await manager.query(`RELEASE SAVEPOINT ${savepoint}`);
    return 'reserved';
  }

  /** Frees what the hearing holds of these people or rooms (someone who leaves it); the rest stays held. */
  async releaseReservations(manager: EntityManager, hearingId: string, resourceIds: string[]): Promise<void> {
    if (resourceIds.length === 0) return;
    await manager.query(`DELETE FROM reservations WHERE hearing_id = $1 AND resource_id = ANY($2::uuid[])`, [
      hearingId,
      unique(resourceIds),
    ]);
  }

  /** Frees everything the hearing holds (before it is re-reserved at its new time). */
  async deleteReservations(manager: EntityManager, hearingId: string): Promise<void> {
    await manager.query(`DELETE FROM reservations WHERE hearing_id = $1`, [hearingId]);
  }

  /** Cancels the hearing; the trigger `hearings_release_on_cancel` frees its reservations. */
  async cancel(manager: EntityManager, id: string, reason: string): Promise<void> {
    await manager.query(
      `UPDATE hearings SET status = 'cancelled', cancel_reason = $2, cancelled_at = now(), version = version + 1, updated_at = now()
        WHERE id = $1`,
      [id, reason],
    );
  }

  /** One hearing with its parties; `lock` takes a row lock for the rest of the transaction. */
  async findById(id: string, manager?: EntityManager, options: { lock?: boolean } = {}): Promise<HearingRecord | null> {
    if (options.lock) await this.m(manager).query(`SELECT 1 FROM hearings WHERE id = $1 FOR UPDATE`, [id]);
    const rows: HearingRecord[] = await this.m(manager).query(
      `SELECT ${HEARING_COLUMNS} FROM hearings h WHERE h.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** The hearings of a concentrated sitting with their parties, in the order they are heard. */
  findBySitting(sittingId: string, manager?: EntityManager): Promise<HearingRecord[]> {
    return this.m(manager).query(
      `SELECT ${HEARING_COLUMNS} FROM hearings h WHERE h.sitting_id = $1 ORDER BY h.starts_at, h.id`,
      [sittingId],
    );
  }

  /** Whether the actor may see the hearing (hearingVisibilityCondition). */
  async isVisible(actor: Actor, id: string, manager?: EntityManager): Promise<boolean> {
    const vis = hearingVisibilityCondition(actor, 'h', 'c', 2);
    const rows = await this.m(manager).query(
      `SELECT 1 FROM hearings h JOIN cases c ON c.id = h.case_id WHERE h.id = $1 AND ${vis.sql}`,
      [id, ...vis.params],
    );
    return rows.length > 0;
  }

  /** The hearings the actor may see that match the filter, earliest first. */
  list(actor: Actor, filter: HearingListFilter): Promise<HearingRecord[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (value: unknown) => `$${params.push(value)}`;
    if (filter.from) where.push(`h.ends_at > ${add(filter.from)}`);
    if (filter.to) where.push(`h.starts_at < ${add(filter.to)}`);
    if (filter.courtId) where.push(`c.court_id = ${add(filter.courtId)}`);
    if (filter.status) where.push(`h.status = ${add(filter.status)}`);
    if (filter.detentionCenterId) {
      const p = add(filter.detentionCenterId);
      where.push(`(EXISTS (SELECT 1 FROM rooms fr WHERE fr.id = h.video_room_id AND fr.organization_id = ${p})
                   OR EXISTS (SELECT 1 FROM hearing_defendants fhd JOIN defendants fd ON fd.id = fhd.defendant_id
                              WHERE fhd.hearing_id = h.id AND fd.detention_center_id = ${p}))`);
    }
    if (filter.userId) {
      const p = add(filter.userId);
      where.push(`(h.judge_id = ${p} OR h.prosecutor_id = ${p}
                   OR EXISTS (SELECT 1 FROM hearing_lawyers fhl WHERE fhl.hearing_id = h.id AND fhl.lawyer_id = ${p}))`);
    }
    const vis = hearingVisibilityCondition(actor, 'h', 'c', params.length + 1);
    params.push(...vis.params);
    where.push(vis.sql);
    const limit = add(filter.limit);
    return this.dataSource.query(
      `SELECT ${HEARING_COLUMNS} FROM hearings h JOIN cases c ON c.id = h.case_id
        WHERE ${where.join(' AND ')}
        ORDER BY h.starts_at, h.id
        LIMIT ${limit}`,
      params,
    );
  }

  /**
   * Claims an Idempotency-Key for this actor and scope inside the booking transaction. A concurrent request with
   * the same key waits here until the first one commits (then sees its stored answer) or rolls back (then takes
   * the key itself). An expired key is treated as unused.
   */
  async claimIdempotencyKey(
    manager: EntityManager,
    key: { actorId: string; scope: string; key: string; requestHash: string; ttlHours: number },
  ): Promise<IdempotencyClaim> {
    await manager.query(
      `DELETE FROM idempotency_keys WHERE actor_id = $1 AND scope = $2 AND key = $3 AND expires_at <= now()`,
      [key.actorId, key.scope, key.key],
    );
    const inserted = await manager.query(
      `INSERT INTO idempotency_keys (actor_id, scope, key, request_hash, response_status, response_body, expires_at)
       VALUES ($1, $2, $3, $4, 0, 'null'::jsonb, now() + make_interval(hours => $5))
       ON CONFLICT (actor_id, scope, key) DO NOTHING
       RETURNING 1`,
      [key.actorId, key.scope, key.key, key.requestHash, key.ttlHours],
    );
    if (inserted.length > 0) return { claimed: true };
    const rows: { requestHash: string; responseStatus: number; responseBody: unknown }[] = await manager.query(
      `SELECT request_hash AS "requestHash", response_status AS "responseStatus", response_body AS "responseBody"
         FROM idempotency_keys WHERE actor_id = $1 AND scope = $2 AND key = $3`,
      [key.actorId, key.scope, key.key],
    );
    if (rows.length === 0) return this.claimIdempotencyKey(manager, key); // removed meanwhile: try again
    return { claimed: false, ...rows[0] };
  }

  /** Stores the answer for a claimed key, in the same transaction as the work it answers for. */
  async saveIdempotentResponse(
    manager: EntityManager,
    key: { actorId: string; scope: string; key: string },
    status: number,
    body: unknown,
  ): Promise<void> {
    await manager.query(
      `UPDATE idempotency_keys SET response_status = $4, response_body = $5::jsonb WHERE actor_id = $1 AND scope = $2 AND key = $3`,
      [key.actorId, key.scope, key.key, status, JSON.stringify(body)],
    );
  }

  /** Drops expired keys; cheap, called now and then by the service. */
  /** Deletes the idempotency keys past their expiry; returns how many. */
  async purgeExpiredIdempotencyKeys(): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query(
      `WITH gone AS (DELETE FROM idempotency_keys WHERE expires_at <= now() RETURNING 1) SELECT count(*)::int AS n FROM gone`,
    );
    return row.n;
  }
}

/** The exclusion constraint refused a reservation, or a racing booking deadlocked with this one. */
function isRefusal(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return err instanceof QueryFailedError && (code === EXCLUSION_VIOLATION || code === DEADLOCK);
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}

function toDate(value: Date | DateTime): Date {
  return value instanceof Date ? value : value.toJSDate();
}
