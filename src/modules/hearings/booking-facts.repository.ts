import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { unique } from '../../common/collections';
import type { Actor, Role } from '../../common/http/request-context';
import { caseVisibilityCondition } from '../../kernel/access/case-visibility';
import { busyResourcesJson } from '../../kernel/scheduling/reservations.repository';
import { managerOf, type Transaction } from '../../platform/database/transaction';
import { type HoursBetweenRow, hoursBetweenColumns, toHoursBetween } from '../calendars/calendars.repository';
import type { PreReadHours } from '../calendars/calendars.service';
import type { OrganizationRecord } from '../directory/organizations.repository';
import type { RoomKind } from '../directory/room.entity';
import type { CaseParties } from './hearing-parties';

/** Where a defendant is held now, read under lockDefendantsCustody. */
export type DefendantCustody = Pick<
  CaseParties['defendants'][number],
  'defendantId' | 'detentionCenterId' | 'custodyStatus'
>;

/** An organization as a booking needs it: the directory's record without its timestamps (one organization type). */
export type OrganizationFacts = Pick<OrganizationRecord, 'id' | 'kind' | 'name' | 'timeZone' | 'escortBufferMinutes'>;
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

/** What booking checks the named parties against (findPartyFacts). */
export interface PartyFacts {
  users: UserFacts[];
  rooms: RoomFacts[];
  /** The video rooms of the detention center asked for, by name, then id: the order a free one is chosen in. */
  videoRooms: RoomFacts[];
}

/** What findPartyFacts is asked for: the users and rooms named, and the center whose video rooms to choose from. */
export interface PartyFactsQuery {
  userIds: string[];
  roomIds: string[];
  videoRoomsOf: string | null;
  /** The window the center's video room would be held for (escort buffer included): read which rooms are busy. */
  videoRoomWindow?: { from: Date; to: Date; excludeHearingIds: string[] };
  /**
   * Read the hours and exceptions of these organizations and of the rooms named, for these local dates
   * (calendars' hoursDateWindow), for the hours check (CalendarsService.assertWithinHours's `preRead`).
   */
  hours?: { organizationIds: string[]; fromDate: string; toDate: string };
}

/** findPartyFacts's answer: PartyFacts, and what `videoRoomWindow` and `hours` asked for. */
export interface BookingFacts extends PartyFacts {
  /** The video rooms of `videoRoomsOf` held by another hearing in `videoRoomWindow`. */
  busyVideoRoomIds?: string[];
  hours?: PreReadHours;
}

/** The case read and locked for a booking (lockCaseToBook). */
export interface CaseToBook {
  kase: CaseParties;
  organizations: OrganizationFacts[];
  /** The attending defendants' custody, read under their lock (as lockDefendantsCustody). */
  custody: DefendantCustody[];
  /**
   * The case was changed by a transaction that committed while this one waited for its lock: `kase` was read
   * before, so it must be read again (findCaseToBook, now under the lock) and its attending defendants locked.
   */
  changedWhileWaiting: boolean;
}

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

/**
 * What a booking reads of other modules, and the locks it takes on them: the case and its parties, the
 * organizations, users and rooms it names, the defendants' custody. Plain records, read in one statement each.
 */
@Injectable()
export class BookingFactsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(tx?: Transaction): EntityManager {
    return tx ? managerOf(tx) : this.dataSource.manager;
  }

  /**
   * Locks these defendants' rows FOR SHARE until the transaction ends and reads their custody as it stands now (a
   * custody change that committed meanwhile included; one still running is waited for). A custody change that
   * comes later waits for this transaction to commit, so its trigger (defendants_flag_future_hearings) sees and
   * flags what this transaction booked. In id order, like every other locker of several defendants.
   */
  async lockDefendantsCustody(tx: Transaction, defendantIds: string[]): Promise<DefendantCustody[]> {
    if (defendantIds.length === 0) return [];
    return managerOf(tx).query(
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
  async lockCaseDefendantsOfHearing(tx: Transaction, hearingId: string): Promise<void> {
    await managerOf(tx).query(
      `SELECT 1 FROM defendants d
        WHERE d.id IN (SELECT cd.defendant_id FROM case_defendants cd JOIN hearings h ON h.case_id = cd.case_id
                        WHERE h.id = $1)
        ORDER BY d.id FOR SHARE`,
      [hearingId],
    );
  }

  /**
   * The case row locked FOR SHARE until the transaction ends (a change of the case's people, PATCH /cases/:id,
   * locks it FOR UPDATE and moves the future hearings: it commits first and is read here, or waits for this booking
   * to commit and then moves what it booked too), findCaseToBook and lockDefendantsCustody of the attending defendants (`defendantIds` of the case, or
   * all of its defendants when null) in one statement, taking the locks in the same order: the case row FOR SHARE,
   * then the defendants FOR SHARE in id order (the second lock reads the case id the first returns, so it cannot
   * come first). Nothing is locked when the actor may not see the case (null).
   *
   * A statement reads with the snapshot it started with, so when a change of the case's people (which updates the
   * case row under FOR UPDATE) commits while this waits for the case lock, the case's parties read here are the
   * ones before it: `changedWhileWaiting` says so (the locked row's version is not the one read), and the caller
   * reads the case again, as the separate lockCase then findCaseToBook would have.
   */
  async lockCaseToBook(
    tx: Transaction,
    actor: Actor,
    caseId: string,
    defendantIds: string[] | null,
  ): Promise<CaseToBook | null> {
    const vis = caseVisibilityCondition(actor, 'c', 3);
    const rows: (CaseParties & {
      organizations: OrganizationFacts[];
      custody: DefendantCustody[];
      lockedVersion: string;
      readVersion: string;
    })[] = await managerOf(tx).query(
      `WITH locked_case AS MATERIALIZED (
         SELECT id, xmin::text AS version FROM cases WHERE id = $1 FOR SHARE
       ), locked_defendants AS MATERIALIZED (
         SELECT d.id AS "defendantId", d.detention_center_id AS "detentionCenterId", d.custody_status AS "custodyStatus"
           FROM defendants d
          WHERE d.id = ANY(ARRAY(SELECT cd.defendant_id FROM case_defendants cd
                                  WHERE cd.case_id = (SELECT id FROM locked_case)
                                    AND ($2::uuid[] IS NULL OR cd.defendant_id = ANY($2::uuid[]))))
          ORDER BY d.id FOR SHARE
       )
       SELECT ${CASE_PARTIES_COLUMNS},
              (SELECT json_agg(${ORGANIZATION_FACTS_JSON})
                 FROM organizations o
                WHERE o.id IN (c.court_id, c.procuratorate_id)
                   OR o.id IN (SELECT d.detention_center_id FROM case_defendants cd JOIN defendants d ON d.id = cd.defendant_id
                                WHERE cd.case_id = c.id)) AS organizations,
              c.xmin::text AS "readVersion",
              (SELECT version FROM locked_case) AS "lockedVersion",
              (SELECT COALESCE(json_agg(ld), '[]') FROM locked_defendants ld) AS custody
         FROM cases c WHERE c.id = $1 AND ${vis.sql}`,
      [caseId, defendantIds === null ? null : unique(defendantIds), ...vis.params],
    );
    if (rows.length === 0) return null;
    const { organizations, custody, lockedVersion, readVersion, ...kase } = rows[0];
    return { kase, organizations, custody, changedWhileWaiting: lockedVersion !== readVersion };
  }

  /** The case lock of lockCaseToBook, for the case of this hearing (a re-booking reads the case's parties). */
  async lockCaseOfHearing(tx: Transaction, hearingId: string): Promise<void> {
    await managerOf(tx).query(`SELECT 1 FROM cases WHERE id = (SELECT case_id FROM hearings WHERE id = $1) FOR SHARE`, [
      hearingId,
    ]);
  }

  /** The case's court, procuratorate, prosecutor and defendants (with their lawyers and custody), or null. */
  async findCaseParties(caseId: string, tx?: Transaction): Promise<CaseParties | null> {
    const rows: CaseParties[] = await this.m(tx).query(`SELECT ${CASE_PARTIES_COLUMNS} FROM cases c WHERE c.id = $1`, [
      caseId,
    ]);
    return rows[0] ?? null;
  }

  /**
   * The case to book a hearing of, if the actor may see it (else null, whether it exists or not), with the
   * organizations such a hearing involves: its court, its procuratorate and its defendants' detention centers.
   */
  async findCaseToBook(
    actor: Actor,
    caseId: string,
    tx?: Transaction,
  ): Promise<{ kase: CaseParties; organizations: OrganizationFacts[] } | null> {
    const vis = caseVisibilityCondition(actor, 'c', 2);
    const rows: (CaseParties & { organizations: OrganizationFacts[] })[] = await this.m(tx).query(
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

  async findOrganizations(ids: string[], tx?: Transaction): Promise<OrganizationFacts[]> {
    if (ids.length === 0) return [];
    return this.m(tx).query(
      `SELECT id, kind, name, time_zone AS "timeZone", escort_buffer_minutes AS "escortBufferMinutes"
         FROM organizations WHERE id = ANY($1::uuid[])`,
      [ids],
    );
  }

  async findUsers(ids: string[], tx?: Transaction): Promise<UserFacts[]> {
    if (ids.length === 0) return [];
    return this.m(tx).query(
      `SELECT id, role, organization_id AS "organizationId", active FROM users WHERE id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /**
   * What booking checks the named parties against, in one read: these users and rooms, and the video rooms of
   * `videoRoomsOf` (a detention center, or null for none) by name, then id: the order in which a free one is chosen.
   * With `videoRoomWindow` and `hours`, in the same statement, which of those video rooms are busy then, and the
   * hours and exceptions of the organizations given and of the rooms named.
   */
  async findPartyFacts(query: PartyFactsQuery, tx?: Transaction): Promise<BookingFacts> {
    const window = query.videoRoomWindow;
    const hours = query.hours;
    const hoursOrgs = `ARRAY(SELECT unnest($7::uuid[]) UNION SELECT r.organization_id FROM rooms r WHERE r.id = ANY($2::uuid[]))`;
    const [row]: (PartyFacts & {
      busy: string[] | null;
      hoursOrganizationIds: string[] | null;
      weekly: HoursBetweenRow['weekly'] | null;
      exceptions: HoursBetweenRow['exceptions'] | null;
    })[] = await this.m(tx).query(
      `SELECT COALESCE((SELECT json_agg(${USER_FACTS_JSON}) FROM users u WHERE u.id = ANY($1::uuid[])), '[]') AS users,
              COALESCE((SELECT json_agg(${ROOM_FACTS_JSON}) FROM rooms r WHERE r.id = ANY($2::uuid[])), '[]') AS rooms,
              COALESCE((SELECT json_agg(${ROOM_FACTS_JSON} ORDER BY r.name, r.id) FROM rooms r
                         WHERE r.organization_id = $3::uuid AND r.kind = 'video_room'), '[]') AS "videoRooms",
              CASE WHEN $4::timestamptz IS NOT NULL THEN
                ${busyResourcesJson(
                  `ARRAY(SELECT r.id FROM rooms r WHERE r.organization_id = $3::uuid AND r.kind = 'video_room')`,
                  '$4::timestamptz',
                  '$5::timestamptz',
                  '$6::uuid[]',
                )} END AS busy,
              q.*
         FROM (SELECT 1) one
         LEFT JOIN LATERAL (
           SELECT ${hoursOrgs} AS "hoursOrganizationIds", ${hoursBetweenColumns(hoursOrgs, '$8', '$9')}
            WHERE $7::uuid[] IS NOT NULL
         ) q ON true`,
      [
        unique(query.userIds),
        unique(query.roomIds),
        query.videoRoomsOf,
        window?.from ?? null,
        window?.to ?? null,
        window?.excludeHearingIds ?? [],
        hours ? unique(hours.organizationIds) : null,
        hours?.fromDate ?? null,
        hours?.toDate ?? null,
      ],
    );
    const { busy, hoursOrganizationIds, weekly, exceptions, ...facts } = row;
    return {
      ...facts,
      ...(window ? { busyVideoRoomIds: busy ?? [] } : {}),
      ...(hours
        ? {
            hours: {
              organizationIds: hoursOrganizationIds ?? [],
              fromDate: hours.fromDate,
              toDate: hours.toDate,
              ...toHoursBetween({ weekly: weekly ?? [], exceptions: exceptions ?? [] }),
            },
          }
        : {}),
    };
  }
}
