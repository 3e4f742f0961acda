import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Organization, type OrganizationKind } from './organization.entity';

export interface NewOrganization {
  kind: OrganizationKind;
  name: string;
  timeZone: string;
  escortBufferMinutes?: number;
}

export type OrganizationChanges = Partial<Pick<Organization, 'name' | 'timeZone' | 'escortBufferMinutes'>>;

@Injectable()
export class OrganizationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(Organization);
  }

  findById(id: string, manager?: EntityManager): Promise<Organization | null> {
    return this.repo(manager).findOneBy({ id });
  }

  findByIds(ids: string[], manager?: EntityManager): Promise<Organization[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.repo(manager).findBy({ id: In(ids) });
  }

  /** Locks the row so that concurrent changes to one organization are applied one after the other. */
  findByIdForUpdate(manager: EntityManager, id: string): Promise<Organization | null> {
    return this.repo(manager).createQueryBuilder('o').setLock('pessimistic_write').where('o.id = :id', { id }).getOne();
  }

  list(filter: { kind?: OrganizationKind }): Promise<Organization[]> {
    const qb = this.repo().createQueryBuilder('o');
    if (filter.kind) qb.andWhere('o.kind = :kind', { kind: filter.kind });
    return qb.orderBy('o.name', 'ASC').addOrderBy('o.id', 'ASC').getMany();
  }

  async insert(manager: EntityManager, org: NewOrganization): Promise<Organization> {
    const saved = await this.repo(manager).save(this.repo(manager).create(org));
    return (await this.findById(saved.id, manager))!;
  }

  async update(manager: EntityManager, id: string, changes: OrganizationChanges): Promise<Organization> {
    await this.repo(manager).update({ id }, { ...changes, updatedAt: () => 'now()' });
    return (await this.findById(id, manager))!;
  }
}
