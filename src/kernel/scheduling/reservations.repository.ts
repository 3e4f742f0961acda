import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { unique } from '../../common/collections';
import { toUtcIso } from '../../common/time/local-time';
import { managerOf, type Transaction } from '../../platform/database/transaction';
import type { ResourceType } from './reservation.entity';
import type { BusyReservation, ReservationClash, ReserveOutcome, ResourceClaim } from './reservations';

const EXCLUSION_VIOLATION = '23P01';
const DEADLOCK = '40P01';

let savepointCounter = 0;

/**
 * The reservations that keep anyone from being double-booked: one row per person or room a hearing holds, under
 * the exclusion constraint `reservations_no_overlap`. Knows no hearing rules: which claims a hearing needs is the
 * hearings module's (hearing-parties.ts); this takes, frees and reads them. Database refusals come back as a
 * ReserveOutcome, never as a database error.
 */
@Injectable()
export class ReservationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(tx?: Transaction): EntityManager {
    return tx ? managerOf(tx) : this.dataSource.manager;
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
    tx?: Transaction,
    options: { excludeHearingIds?: string[] } = {},
  ): Promise<BusyReservation[]> {
    if (resourceIds.length === 0) return [];
    return this.m(tx).query(
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
   * being moved never clashes with itself). Reports the holding hearing's id and own times only.
   */
  async findClashes(
    claims: ResourceClaim[],
    tx?: Transaction,
    options: { excludeHearingId?: string } = {},
  ): Promise<ReservationClash[]> {
    if (claims.length === 0) return [];
    const rows: { resourceType: ResourceType; resourceId: string; hearingId: string; startsAt: Date; endsAt: Date }[] =
      await this.m(tx).query(
        `SELECT DISTINCT ON (r.resource_id, r.hearing_id)
                r.resource_type AS "resourceType", r.resource_id AS "resourceId", r.hearing_id AS "hearingId",
                h.starts_at AS "startsAt", h.ends_at AS "endsAt"
           FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[]) AS q(resource_id, lo, hi)
           JOIN reservations r ON r.resource_id = q.resource_id AND r.during && tstzrange(q.lo, q.hi, '[)')
           JOIN hearings h ON h.id = r.hearing_id AND h.status <> 'cancelled'
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
    tx: Transaction,
    hearingId: string,
    claims: ResourceClaim[],
    options: { savepoint?: boolean } = {},
  ): Promise<ReserveOutcome> {
    if (claims.length === 0) return 'reserved';
    const manager = managerOf(tx);
    const insert = reserveClaimsSql('$1::uuid', '', 2);
    const params = [hearingId, ...claimParams(claims)];
    if (options.savepoint === false) {
      try {
        const taken: unknown[] = await manager.query(`${insert} ON CONFLICT DO NOTHING RETURNING 1`, params);
        return taken.length === claims.length ? 'reserved' : 'clash';
      } catch (err) {
        if (isReservationRefusal(err)) return 'aborted';
        throw err;
      }
    }
    const savepoint = `reserve_${++savepointCounter}`;
    await manager.query(`SAVEPOINT ${savepoint}`);
    try {
      await manager.query(insert, params);
    } catch (err) {
      if (isReservationRefusal(err)) {
        await manager.query(`ROLLBACK TO SAVEPOINT ${savepoint}`);
        return 'clash';
      }
      throw err;
    }
    await manager.query(`RELEASE SAVEPOINT ${savepoint}`);
    return 'reserved';
  }

  /** Frees what the hearing holds of these people or rooms (someone who leaves it); the rest stays held. */
  async releaseReservations(tx: Transaction, hearingId: string, resourceIds: string[]): Promise<void> {
    if (resourceIds.length === 0) return;
    await managerOf(tx).query(`DELETE FROM reservations WHERE hearing_id = $1 AND resource_id = ANY($2::uuid[])`, [
      hearingId,
      unique(resourceIds),
    ]);
  }

  /** Frees everything the hearing holds (before it is re-reserved at its new time). */
  async deleteReservations(tx: Transaction, hearingId: string): Promise<void> {
    await managerOf(tx).query(`DELETE FROM reservations WHERE hearing_id = $1`, [hearingId]);
  }
}

/**
 * The INSERT of claims (claimParams at $p..$p+3) for the hearing `hearingId` (an SQL expression: a parameter, or a
 * column of the relations `from` lists, e.g. a CTE that inserts the hearing), in the order given, without ON
 * CONFLICT: tryReserve adds it, or a caller that writes the hearing and its reservations in one statement
 * (`... ON CONFLICT DO NOTHING RETURNING 1`: fewer rows returned than claims is a clash).
 */
export function reserveClaimsSql(hearingId: string, from: string, p: number): string {
  return `INSERT INTO reservations (hearing_id, resource_type, resource_id, during)
         SELECT ${hearingId}, q.resource_type, q.resource_id, tstzrange(q.lo, q.hi, '[)')
           FROM ${from ? `${from}, ` : ''}unnest($${p}::text[], $${p + 1}::uuid[], $${p + 2}::timestamptz[], $${p + 3}::timestamptz[])
                WITH ORDINALITY AS q(resource_type, resource_id, lo, hi, n)
          ORDER BY q.n`;
}

/** The four parameters of reserveClaimsSql. */
export function claimParams(claims: ResourceClaim[]): unknown[] {
  return [
    claims.map((c) => c.resourceType),
    claims.map((c) => c.resourceId),
    claims.map((c) => c.startsAt.toJSDate()),
    claims.map((c) => c.endsAt.toJSDate()),
  ];
}

/**
 * A JSON array of the ids among `resourceIds` (an SQL uuid[] expression) that a reservation holds at some moment
 * of [from, to) (SQL timestamptz expressions), except those of the hearings `excludeHearingIds` (uuid[]): findBusy
 * in a column, for a caller that reads it in the same statement as other facts (a booking's free video room).
 */
export function busyResourcesJson(resourceIds: string, from: string, to: string, excludeHearingIds: string): string {
  return `COALESCE((SELECT json_agg(DISTINCT r.resource_id) FROM reservations r
                     WHERE r.resource_id = ANY(${resourceIds})
                       AND r.during && tstzrange(${from}, ${to}, '[)')
                       AND NOT (r.hearing_id = ANY(${excludeHearingIds}))), '[]')`;
}

/** The exclusion constraint refused a reservation, or a racing booking deadlocked with this one. */
export function isReservationRefusal(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return err instanceof QueryFailedError && (code === EXCLUSION_VIOLATION || code === DEADLOCK);
}

function toDate(value: Date | DateTime): Date {
  return value instanceof Date ? value : value.toJSDate();
}
