import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { unique } from '../../common/collections';
import type { Actor, Role } from '../../common/http/request-context';
import { caseVisibilityCondition } from '../../kernel/access/case-visibility';
import { managerOf, type Transaction } from '../../platform/database/transaction';
import type { OrganizationKind } from '../directory/organization.entity';
import type { RoomKind } from '../directory/room.entity';
import type { CaseParties } from './hearing-parties';

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

/** What booking checks the named parties against (findPartyFacts). */
export interface PartyFacts {
  users: UserFacts[];
  rooms: RoomFacts[];
  /** The video rooms of the detention center asked for, by name, then id: the order a free one is chosen in. */
  videoRooms: RoomFacts[];
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
   * Locks the case row FOR SHARE until the transaction ends, before its parties are read: a change of the case's
   * people (PATCH /cases/:id, which locks it FOR UPDATE and moves the future hearings) either commits first and
   * is read here, or waits for this booking to commit and then moves what it booked too.
   */
  async lockCase(tx: Transaction, caseId: string): Promise<void> {
    await managerOf(tx).query(`SELECT 1 FROM cases WHERE id = $1 FOR SHARE`, [caseId]);
  }

  /** lockCase for the case of this hearing (a re-booking reads the case's parties). */
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
   */
  async findPartyFacts(
    query: { userIds: string[]; roomIds: string[]; videoRoomsOf: string | null },
    tx?: Transaction,
  ): Promise<PartyFacts> {
    const [row]: PartyFacts[] = await this.m(tx).query(
      `SELECT COALESCE((SELECT json_agg(${USER_FACTS_JSON}) FROM users u WHERE u.id = ANY($1::uuid[])), '[]') AS users,
              COALESCE((SELECT json_agg(${ROOM_FACTS_JSON}) FROM rooms r WHERE r.id = ANY($2::uuid[])), '[]') AS rooms,
              COALESCE((SELECT json_agg(${ROOM_FACTS_JSON} ORDER BY r.name, r.id) FROM rooms r
                         WHERE r.organization_id = $3::uuid AND r.kind = 'video_room'), '[]') AS "videoRooms"`,
      [unique(query.userIds), unique(query.roomIds), query.videoRoomsOf],
    );
    return row;
  }
}
