import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor, Role } from '../../common/http/request-context';
import { normalizeEmail } from './email-address';
import { User } from './user.entity';

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  organizationId: string | null;
  passwordHash: string;
}

@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(User);
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
  async findForLogin(email: string): Promise<User | null> {
    return this.repo()
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email_normalized = :email', { email: normalizeEmail(email) })
      .getOne();
  }

  findById(id: string, manager?: EntityManager): Promise<User | null> {
    return this.repo(manager).findOneBy({ id });
  }

  findByIds(ids: string[], manager?: EntityManager): Promise<User[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.repo(manager).createQueryBuilder('u').where('u.id = ANY(:ids)', { ids }).getMany();
  }

  async insert(manager: EntityManager, user: NewUser): Promise<User> {
    const row = { ...user, emailNormalized: normalizeEmail(user.email) };
    const saved = await this.repo(manager).save(this.repo(manager).create(row));
    return (await this.findById(saved.id, manager))!;
  }

  async update(
    manager: EntityManager,
    id: string,
    patch: Partial<Pick<User, 'name' | 'role' | 'organizationId' | 'active'>>,
  ): Promise<User> {
    await this.repo(manager).update({ id }, { ...patch, updatedAt: new Date() });
    return (await this.findById(id, manager))!;
  }

  list(filter: { role?: Role; organizationId?: string; activeOnly: boolean }): Promise<User[]> {
    const qb = this.repo().createQueryBuilder('u');
    if (filter.role) qb.andWhere('u.role = :role', { role: filter.role });
    if (filter.organizationId) qb.andWhere('u.organization_id = :org', { org: filter.organizationId });
    if (filter.activeOnly) qb.andWhere('u.active');
    return qb.orderBy('u.name', 'ASC').addOrderBy('u.id', 'ASC').limit(1000).getMany();
  }

  async count(): Promise<number> {
    return this.repo().count();
  }
}
