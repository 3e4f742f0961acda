import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { unique } from '../../common/collections';
import type { Actor } from '../../common/http/request-context';
import { hearingVisibilityCondition } from '../../kernel/access/hearing-visibility';
import { managerOf, type Transaction } from '../../platform/database/transaction';
import type { ResourceClaim } from '../../kernel/scheduling/reservations';
import { claimParams, isReservationRefusal, reserveClaimsSql } from '../../kernel/scheduling/reservations.repository';
import type { AttentionReason, HearingKind, HearingStatus } from './hearing.entity';

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
  /**
   * The hearing's LiveKit room as the video jobs left it (table hearing_video, made with the hearing by a trigger;
   * null in the very statement that makes the hearing, whose trigger's row it cannot see yet: `pending`).
   */
  videoRoom: { status: string; lastError: string | null } | null;
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

export interface HearingListFilter {
  from?: Date;
  to?: Date;
  courtId?: string;
  detentionCenterId?: string;
  status?: HearingStatus;
  userId?: string;
  limit: number;
}

/** A HearingRecord's own columns, from a row of `hearings` aliased `h`. */
const HEARING_ROW_COLUMNS = `
  h.id, h.case_id AS "caseId", h.sitting_id AS "sittingId", h.kind, h.status,
  h.starts_at AS "startsAt", h.ends_at AS "endsAt", h.time_zone AS "timeZone",
  h.courtroom_id AS "courtroomId", h.judge_id AS "judgeId", h.prosecutor_id AS "prosecutorId",
  h.video_room_id AS "videoRoomId", h.notes, h.version, h.needs_attention AS "needsAttention",
  h.attention_reasons AS "attentionReasons", h.hours_override_reason AS "hoursOverrideReason",
  h.cancel_reason AS "cancelReason", h.cancelled_at AS "cancelledAt", h.created_by AS "createdBy",
  (SELECT hc.court_id FROM cases hc WHERE hc.id = h.case_id) AS "courtId",
  (SELECT hc.procuratorate_id FROM cases hc WHERE hc.id = h.case_id) AS "procuratorateId",
  (SELECT json_build_object('status', hv.room_status, 'lastError', hv.room_error)
     FROM hearing_video hv WHERE hv.hearing_id = h.id) AS "videoRoom"`;

const HEARING_COLUMNS = `${HEARING_ROW_COLUMNS},
  COALESCE((SELECT array_agg(hd.defendant_id ORDER BY hd.defendant_id) FROM hearing_defendants hd WHERE hd.hearing_id = h.id), '{}') AS "defendantIds",
  COALESCE((SELECT array_agg(hl.lawyer_id ORDER BY hl.lawyer_id) FROM hearing_lawyers hl WHERE hl.hearing_id = h.id), '{}') AS "defenseLawyerIds"`;

/** The hearing rows: a hearing, its defendants and its lawyers, read as HearingRecords. */
@Injectable()
export class HearingsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(tx?: Transaction): EntityManager {
    return tx ? managerOf(tx) : this.dataSource.manager;
  }

  /**
   * The case's scheduled hearings that start after now() (the transaction's start, as the custody trigger counts),
   * locked FOR UPDATE in id order (the custody trigger's order) and then read as committed after the locks.
   */
  async lockFutureScheduledOfCase(tx: Transaction, caseId: string): Promise<HearingRecord[]> {
    const locked: { id: string }[] = await managerOf(tx).query(
      `SELECT id FROM hearings WHERE case_id = $1 AND status = 'scheduled' AND starts_at > now() ORDER BY id FOR UPDATE`,
      [caseId],
    );
    if (locked.length === 0) return [];
    return managerOf(tx).query(`SELECT ${HEARING_COLUMNS} FROM hearings h WHERE h.id = ANY($1::uuid[]) ORDER BY h.id`, [
      locked.map((r) => r.id),
    ]);
  }

  /**
   * Writes a new scheduled hearing (version 1) with its defendants and defense lawyers, in one statement, and
   * returns it as stored: what findById would read back in this transaction.
   */
  async insertHearing(
    tx: Transaction,
    row: HearingBookingRow,
    parties: { defendantIds: string[]; lawyerIds: string[] },
    createdBy: string | null,
  ): Promise<HearingRecord> {
    const rows: HearingRecord[] = await managerOf(tx).query(
      insertHearingSql(''),
      insertParams(row, parties, createdBy),
    );
    return rows[0];
  }

  /**
   * insertHearing and the hearing's reservations (ReservationsRepository.tryReserve without a savepoint) in one
   * statement, for a transaction that is given up on any error: 'clash' when another hearing holds one of the
   * claims (that one is skipped, the others are held and the hearing is written); 'aborted' when the database
   * refused the statement (a racing booking deadlocked with this one, or the exclusion constraint refused it):
   * nothing is written and the transaction is unusable.
   */
  async insertHearingReserving(
    tx: Transaction,
    row: HearingBookingRow,
    parties: { defendantIds: string[]; lawyerIds: string[] },
    createdBy: string | null,
    claims: ResourceClaim[],
  ): Promise<{ hearing: HearingRecord; outcome: 'reserved' | 'clash' } | 'aborted'> {
    const reserve = `, reserved AS (${reserveClaimsSql('h.id', 'h', 16)} ON CONFLICT DO NOTHING RETURNING 1)`;
    let rows: (HearingRecord & { reserved: number })[];
    try {
      rows = await managerOf(tx).query(
        insertHearingSql(reserve, `, (SELECT count(*)::int FROM reserved) AS reserved`),
        [...insertParams(row, parties, createdBy), ...claimParams(claims)],
      );
    } catch (err) {
      if (isReservationRefusal(err)) return 'aborted';
      throw err;
    }
    const { reserved, ...hearing } = rows[0];
    return { hearing, outcome: reserved === claims.length ? 'reserved' : 'clash' };
  }

  /**
   * Rewrites the booking columns of a hearing and bumps its version. Every party was just checked against the
   * defendants' current custody, so whatever a custody change had flagged is resolved: the flag is cleared.
   */
  async updateBooking(tx: Transaction, id: string, row: HearingBookingRow): Promise<void> {
    await managerOf(tx).query(
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
    tx: Transaction,
    id: string,
    change: { prosecutorId: string | null; reasons: AttentionReason[] },
  ): Promise<void> {
    await managerOf(tx).query(
      `UPDATE hearings SET prosecutor_id = $2, needs_attention = needs_attention OR jsonb_array_length($3::jsonb) > 0,
              attention_reasons = attention_reasons || $3::jsonb, version = version + 1, updated_at = now()
        WHERE id = $1`,
      [id, change.prosecutorId, JSON.stringify(change.reasons)],
    );
  }

  /** Changes what the booking does not depend on (notes, override reason) and bumps the version. */
  async updateAnnotations(
    tx: Transaction,
    id: string,
    changes: { notes: string | null; hoursOverrideReason: string | null },
  ): Promise<void> {
    await managerOf(tx).query(
      `UPDATE hearings SET notes = $2, hours_override_reason = $3, version = version + 1, updated_at = now() WHERE id = $1`,
      [id, changes.notes, changes.hoursOverrideReason],
    );
  }

  /** Points the hearing at another video room (its reservation is taken separately). */
  async setVideoRoom(tx: Transaction, hearingId: string, videoRoomId: string): Promise<void> {
    await managerOf(tx).query(`UPDATE hearings SET video_room_id = $2 WHERE id = $1`, [hearingId, videoRoomId]);
  }

  /** Sets who attends: the hearing's defendants and defense lawyers, replacing those it had. */
  async replaceParties(tx: Transaction, hearingId: string, defendantIds: string[], lawyerIds: string[]): Promise<void> {
    await managerOf(tx).query(`DELETE FROM hearing_defendants WHERE hearing_id = $1`, [hearingId]);
    await managerOf(tx).query(`DELETE FROM hearing_lawyers WHERE hearing_id = $1`, [hearingId]);
    await this.insertParties(tx, hearingId, defendantIds, lawyerIds);
  }

  /** Records who attends the hearing: its defendants and defense lawyers. */
  private async insertParties(
    tx: Transaction,
    hearingId: string,
    defendantIds: string[],
    lawyerIds: string[],
  ): Promise<void> {
    if (defendantIds.length > 0) {
      await managerOf(tx).query(
        `INSERT INTO hearing_defendants (hearing_id, defendant_id) SELECT $1, unnest($2::uuid[])`,
        [hearingId, unique(defendantIds)],
      );
    }
    if (lawyerIds.length > 0) {
      await managerOf(tx).query(`INSERT INTO hearing_lawyers (hearing_id, lawyer_id) SELECT $1, unnest($2::uuid[])`, [
        hearingId,
        unique(lawyerIds),
      ]);
    }
  }

  /** Cancels the hearing; the trigger `hearings_release_on_cancel` frees its reservations. */
  async cancel(tx: Transaction, id: string, reason: string): Promise<void> {
    await managerOf(tx).query(
      `UPDATE hearings SET status = 'cancelled', cancel_reason = $2, cancelled_at = now(), version = version + 1, updated_at = now()
        WHERE id = $1`,
      [id, reason],
    );
  }

  /** One hearing with its parties; `lock` takes a row lock for the rest of the transaction. */
  /**
   * The status a hearing's outcome gives it (completed, adjourned, failed): a new version; reservations stay.
   * Returns the hearing as written.
   */
  async setOutcomeStatus(tx: Transaction, id: string, status: HearingStatus): Promise<HearingRecord> {
    // An UPDATE ... RETURNING answers [rows, count].
    const [rows]: [HearingRecord[], number] = await managerOf(tx).query(
      `UPDATE hearings h SET status = $2, version = version + 1, updated_at = now() WHERE h.id = $1
       RETURNING ${HEARING_COLUMNS}`,
      [id, status],
    );
    return rows[0];
  }

  /**
   * The hearing, if the actor may see it, locked FOR UPDATE until the transaction ends: one statement for what
   * isVisible, a lock and findById would take three.
   */
  async lockVisible(tx: Transaction, actor: Actor, id: string): Promise<HearingRecord | null> {
    const vis = hearingVisibilityCondition(actor, 'h', 'c', 2);
    const rows: HearingRecord[] = await managerOf(tx).query(
      `SELECT ${HEARING_COLUMNS} FROM hearings h JOIN cases c ON c.id = h.case_id
        WHERE h.id = $1 AND ${vis.sql} FOR UPDATE OF h`,
      [id, ...vis.params],
    );
    return rows[0] ?? null;
  }

  async findById(id: string, tx?: Transaction, options: { lock?: boolean } = {}): Promise<HearingRecord | null> {
    if (options.lock) await this.m(tx).query(`SELECT 1 FROM hearings WHERE id = $1 FOR UPDATE`, [id]);
    const rows: HearingRecord[] = await this.m(tx).query(`SELECT ${HEARING_COLUMNS} FROM hearings h WHERE h.id = $1`, [
      id,
    ]);
    return rows[0] ?? null;
  }

  /** The hearings of a concentrated sitting with their parties, in the order they are heard. */
  findBySitting(sittingId: string, tx?: Transaction): Promise<HearingRecord[]> {
    return this.m(tx).query(
      `SELECT ${HEARING_COLUMNS} FROM hearings h WHERE h.sitting_id = $1 ORDER BY h.starts_at, h.id`,
      [sittingId],
    );
  }

  /** Whether the actor may see the hearing (hearingVisibilityCondition). */
  async isVisible(actor: Actor, id: string, tx?: Transaction): Promise<boolean> {
    const vis = hearingVisibilityCondition(actor, 'h', 'c', 2);
    const rows = await this.m(tx).query(
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
}

/** insertHearing's statement, with more data-modifying CTEs after the hearing's (they may read `h`) and columns. */
function insertHearingSql(moreWrites: string, moreColumns = ''): string {
  return `WITH h AS (
         INSERT INTO hearings (case_id, sitting_id, kind, starts_at, ends_at, time_zone, courtroom_id, judge_id,
                               prosecutor_id, video_room_id, notes, hours_override_reason, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING *
       ), defendants AS (
         INSERT INTO hearing_defendants (hearing_id, defendant_id) SELECT h.id, unnest($14::uuid[]) FROM h
         RETURNING defendant_id
       ), lawyers AS (
         INSERT INTO hearing_lawyers (hearing_id, lawyer_id) SELECT h.id, unnest($15::uuid[]) FROM h
         RETURNING lawyer_id
       )${moreWrites}
       SELECT ${HEARING_ROW_COLUMNS},
              COALESCE((SELECT array_agg(defendant_id ORDER BY defendant_id) FROM defendants), '{}') AS "defendantIds",
              COALESCE((SELECT array_agg(lawyer_id ORDER BY lawyer_id) FROM lawyers), '{}') AS "defenseLawyerIds"${moreColumns}
         FROM h`;
}

function insertParams(
  row: HearingBookingRow,
  parties: { defendantIds: string[]; lawyerIds: string[] },
  createdBy: string | null,
): unknown[] {
  return [
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
  ];
}
