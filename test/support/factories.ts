import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Pool } from 'pg';
import type { Role } from '../../src/common/http/request-context';
import { hashPassword } from '../../src/common/crypto/password';
import { TokenService } from '../../src/modules/auth/token.service';
import type { OrganizationKind } from '../../src/modules/directory/organization.entity';
import { normalizeEmail } from '../../src/modules/users/email-address';

export const TEST_USER_PASSWORD = 'test-user-password';
let passwordHash: Promise<string> | undefined;

const uniq = () => randomBytes(4).toString('hex');

export interface OrgRow {
  id: string;
  kind: OrganizationKind;
  name: string;
  timeZone: string;
}
export interface RoomRow {
  id: string;
  organizationId: string;
  name: string;
  kind: 'courtroom' | 'video_room';
}
export interface UserRow {
  id: string;
  email: string;
  role: Role;
  organizationId: string | null;
  token: string;
}
export interface DefendantRow {
  id: string;
  name: string;
  detentionCenterId: string;
}
export interface CaseRow {
  id: string;
  caseNumber: string;
  courtId: string;
  procuratorateId: string;
  prosecutorId: string;
}

/** The people and places of one typical case: a court, a procuratorate, a detention center, a law firm. */
export interface World {
  court: OrgRow;
  procuratorate: OrgRow;
  center: OrgRow;
  lawFirm: OrgRow;
  courtroom: RoomRow;
  videoRooms: RoomRow[];
  clerk: UserRow;
  judge: UserRow;
  prosecutor: UserRow;
  lawyer: UserRow;
  officer: UserRow;
  defendant: DefendantRow;
  case: CaseRow;
}

/**
 * Test data written straight to the database (fast, and independent of the API under test).
 * Users get a real bearer token minted by the app's TokenService.
 */
export class Factory {
  constructor(
    private readonly app: NestFastifyApplication,
    private readonly sql: Pool,
  ) {}

  async organization(
    kind: OrganizationKind,
    opts: { timeZone?: string; name?: string; escortBufferMinutes?: number } = {},
  ): Promise<OrgRow> {
    const { rows } = await this.sql.query(
      `INSERT INTO organizations (kind, name, time_zone, escort_buffer_minutes) VALUES ($1, $2, $3, $4)
       RETURNING id, kind, name, time_zone AS "timeZone"`,
      [kind, opts.name ?? `${kind} ${uniq()}`, opts.timeZone ?? 'Asia/Shanghai', opts.escortBufferMinutes ?? 10],
    );
    return rows[0];
  }

  async room(organizationId: string, kind: 'courtroom' | 'video_room', name?: string): Promise<RoomRow> {
    const { rows } = await this.sql.query(
      `INSERT INTO rooms (organization_id, name, kind) VALUES ($1, $2, $3)
       RETURNING id, organization_id AS "organizationId", name, kind`,
      [organizationId, name ?? `${kind} ${uniq()}`, kind],
    );
    return rows[0];
  }

  async user(
    role: Role,
    organizationId: string | null,
    opts: { name?: string; active?: boolean } = {},
  ): Promise<UserRow> {
    passwordHash ??= hashPassword(TEST_USER_PASSWORD);
    const email = `${role}.${uniq()}@test.local`;
    const { rows } = await this.sql.query(
      `INSERT INTO users (email, email_normalized, name, role, organization_id, password_hash, active)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       RETURNING id, email, role, organization_id AS "organizationId", token_version AS "tokenVersion"`,
      [
        email,
        normalizeEmail(email),
        opts.name ?? `${role} ${uniq()}`,
        role,
        organizationId,
        await passwordHash,
        opts.active ?? true,
      ],
    );
    const { tokenVersion, ...user } = rows[0];
    return { ...user, token: await this.tokenFor({ ...user, tokenVersion }) };
  }

  /** A token for the user as they are now (their current token_version unless given). */
  async tokenFor(user: {
    id: string;
    role: Role;
    organizationId: string | null;
    tokenVersion?: number;
  }): Promise<string> {
    const tokenVersion =
      user.tokenVersion ??
      ((await this.sql.query(`SELECT token_version FROM users WHERE id = $1`, [user.id])).rows[0]?.token_version as
        number | undefined) ??
      0;
    return this.app.get(TokenService).sign({ ...user, tokenVersion });
  }

  /**
   * A defendant as a detention center registers them: seen by that center's officers and, once named in a case,
   * by whoever sees the case. `registeredBy`: the organization that registered them instead (it sees them too).
   */
  async defendant(
    detentionCenterId: string,
    opts: {
      name?: string;
      idNumber?: string | null;
      custodyStatus?: 'detained' | 'released';
      registeredBy?: string;
    } = {},
  ): Promise<DefendantRow> {
    const { rows } = await this.sql.query(
      `INSERT INTO defendants (name, id_number, detention_center_id, custody_status, registered_by_organization_id)
       VALUES ($1, $2, $3, $4, $5)
       RETURNING id, name, detention_center_id AS "detentionCenterId"`,
      [
        opts.name ?? `Defendant ${uniq()}`,
        opts.idNumber ?? null,
        detentionCenterId,
        opts.custodyStatus ?? 'detained',
        opts.registeredBy ?? null,
      ],
    );
    return rows[0];
  }

  /** What a look-up by identity number (POST /defendants/lookup) by `user` leaves: their organization sees them. */
  async grantDefendant(defendantId: string, user: { id: string; organizationId: string | null }): Promise<void> {
    await this.sql.query(
      `INSERT INTO defendant_access (organization_id, defendant_id, granted_by) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING`,
      [user.organizationId, defendantId, user.id],
    );
  }

  async case(opts: {
    courtId: string;
    procuratorateId: string;
    prosecutorId: string;
    procedure?: 'speedy' | 'summary' | 'ordinary';
    caseNumber?: string;
    defendants?: { defendantId: string; defenseLawyerId?: string | null; charges?: string[] }[];
  }): Promise<CaseRow> {
    const { rows } = await this.sql.query(
      `INSERT INTO cases (case_number, court_id, procuratorate_id, prosecutor_id, procedure) VALUES ($1, $2, $3, $4, $5)
       RETURNING id, case_number AS "caseNumber", court_id AS "courtId", procuratorate_id AS "procuratorateId", prosecutor_id AS "prosecutorId"`,
      [
        opts.caseNumber ?? `(2026)刑初${uniq()}号`,
        opts.courtId,
        opts.procuratorateId,
        opts.prosecutorId,
        opts.procedure ?? 'speedy',
      ],
    );
    for (const d of opts.defendants ?? []) {
      await this.sql.query(
        `INSERT INTO case_defendants (case_id, defendant_id, defense_lawyer_id, charges) VALUES ($1, $2, $3, $4)`,
        [rows[0].id, d.defendantId, d.defenseLawyerId ?? null, d.charges ?? ['theft']],
      );
    }
    return rows[0];
  }

  /** A complete, consistent set of organizations, rooms, users, one defendant and one case. */
  async world(opts: { timeZone?: string; videoRooms?: number } = {}): Promise<World> {
    const timeZone = opts.timeZone ?? 'Asia/Shanghai';
    const court = await this.organization('court', { timeZone });
    const procuratorate = await this.organization('procuratorate', { timeZone });
    const center = await this.organization('detention_center', { timeZone });
    const lawFirm = await this.organization('law_firm', { timeZone });
    const courtroom = await this.room(court.id, 'courtroom');
    const videoRooms: RoomRow[] = [];
    for (let i = 0; i < (opts.videoRooms ?? 2); i++)
      videoRooms.push(await this.room(center.id, 'video_room', `Video room ${i + 1}`));
    const clerk = await this.user('clerk', court.id);
    const judge = await this.user('judge', court.id);
    const prosecutor = await this.user('prosecutor', procuratorate.id);
    const lawyer = await this.user('lawyer', lawFirm.id);
    const officer = await this.user('detention_officer', center.id);
    const defendant = await this.defendant(center.id);
    const kase = await this.case({
      courtId: court.id,
      procuratorateId: procuratorate.id,
      prosecutorId: prosecutor.id,
      defendants: [{ defendantId: defendant.id, defenseLawyerId: lawyer.id }],
    });
    return {
      court,
      procuratorate,
      center,
      lawFirm,
      courtroom,
      videoRooms,
      clerk,
      judge,
      prosecutor,
      lawyer,
      officer,
      defendant,
      case: kase,
    };
  }
}
