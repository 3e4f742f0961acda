import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor, Role } from '../../common/http/request-context';
import { managerOf, type Transaction } from '../../platform/database/transaction';
import { isUniqueViolation } from '../../platform/database/unique-violation';
import { normalizeEmail } from './email-address';
import { User } from './user.entity';
import { EmailTakenError } from './users.errors';

/** An account, without its password hash. */
export interface UserRecord {
  id: string;
  /** As typed; the look-up and the unique index use normalizeEmail(email) (see email-address.ts). */
  email: string;
  name: string;
  role: Role;
  organizationId: string | null;
  active: boolean;
  /** Bumped by a trigger on a change of active, role, organization or password: older tokens stop working. */
  tokenVersion: number;
  createdAt: Date;
  updatedAt: Date;
}

/** What the login checks: the account and its password hash. */
export type LoginAccount = UserRecord & { passwordHash: string };

export type UserChanges = Partial<Pick<UserRecord, 'name' | 'role' | 'organizationId' | 'active'>>;

interface NewUser {
  email: string;
  name: string;
  role: Role;
  organizationId: string | null;
  passwordHash: string;
}

/** The unique index on the normalized address. */
const EMAIL_UNIQUE = 'users_email_unique';

function toRecord(u: User): UserRecord {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    organizationId: u.organizationId,
    active: u.active,
    tokenVersion: u.tokenVersion,
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
  };
}

@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(tx?: Transaction) {
    return (tx ? managerOf(tx) : this.dataSource.manager).getRepository(User);
  }

  /**
   * The actor behind a token, if the account still exists, is active and has not changed (deactivation, role,
   * organization, password) since the token was issued at `tokenVersion`. Runs on every request.
   */
  async findActiveActor(id: string, tokenVersion: number): Promise<Actor | null> {
    const rows: Actor[] = await this.dataSource.query(
      `SELECT id, role, organization_id AS "organizationId" FROM users WHERE id = $1 AND active AND token_version = $2`,
      [id, tokenVersion],
    );
    return rows[0] ?? null;
  }

  /** The account of an address, however it is spelled (see normalizeEmail). */
  async findForLogin(email: string): Promise<LoginAccount | null> {
    const row = await this.repo()
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email_normalized = :email', { email: normalizeEmail(email) })
      .getOne();
    return row && { ...toRecord(row), passwordHash: row.passwordHash };
  }

  async findById(id: string, tx?: Transaction): Promise<UserRecord | null> {
    const row = await this.repo(tx).findOneBy({ id });
    return row && toRecord(row);
  }

  async findByIds(ids: string[], tx?: Transaction): Promise<UserRecord[]> {
    if (ids.length === 0) return [];
    return (await this.repo(tx).createQueryBuilder('u').where('u.id = ANY(:ids)', { ids }).getMany()).map(toRecord);
  }

  /** Throws EmailTakenError when an account already has this address, however spelled (see normalizeEmail). */
  async insert(tx: Transaction, user: NewUser): Promise<UserRecord> {
    const row = { ...user, emailNormalized: normalizeEmail(user.email) };
    try {
      const saved = await this.repo(tx).save(this.repo(tx).create(row));
      return (await this.findById(saved.id, tx))!;
    } catch (err) {
      if (isUniqueViolation(err, EMAIL_UNIQUE)) throw new EmailTakenError();
      throw err;
    }
  }

  async update(tx: Transaction, id: string, changes: UserChanges): Promise<UserRecord> {
    await this.repo(tx).update({ id }, { ...changes, updatedAt: new Date() });
    return (await this.findById(id, tx))!;
  }

  async list(filter: { role?: Role; organizationId?: string; activeOnly: boolean }): Promise<UserRecord[]> {
    const qb = this.repo().createQueryBuilder('u');
    if (filter.role) qb.andWhere('u.role = :role', { role: filter.role });
    if (filter.organizationId) qb.andWhere('u.organization_id = :org', { org: filter.organizationId });
    if (filter.activeOnly) qb.andWhere('u.active');
    return (await qb.orderBy('u.name', 'ASC').addOrderBy('u.id', 'ASC').limit(1000).getMany()).map(toRecord);
  }

  async count(): Promise<number> {
    return this.repo().count();
  }
}
