import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { managerOf, type Transaction } from '../../platform/database/transaction';
import { Organization, type OrganizationKind } from './organization.entity';

/** A court, procuratorate, detention center or law firm. */
export interface OrganizationRecord {
  id: string;
  kind: OrganizationKind;
  name: string;
  /** IANA time zone, e.g. Asia/Shanghai: every local time of this organization is read in it. */
  timeZone: string;
  /** Detention centers: minutes a video room is held before and after a hearing to escort the defendant. */
  escortBufferMinutes: number;
  createdAt: Date;
  updatedAt: Date;
}

interface NewOrganization {
  kind: OrganizationKind;
  name: string;
  timeZone: string;
  escortBufferMinutes?: number;
}

export type OrganizationChanges = Partial<Pick<OrganizationRecord, 'name' | 'timeZone' | 'escortBufferMinutes'>>;

function toRecord(o: Organization): OrganizationRecord {
  return {
    id: o.id,
    kind: o.kind,
    name: o.name,
    timeZone: o.timeZone,
    escortBufferMinutes: o.escortBufferMinutes,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
}

@Injectable()
export class OrganizationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(tx?: Transaction) {
    return (tx ? managerOf(tx) : this.dataSource.manager).getRepository(Organization);
  }

  async findById(id: string, tx?: Transaction): Promise<OrganizationRecord | null> {
    const row = await this.repo(tx).findOneBy({ id });
    return row && toRecord(row);
  }

  async findByIds(ids: string[], tx?: Transaction): Promise<OrganizationRecord[]> {
    if (ids.length === 0) return [];
    return (await this.repo(tx).findBy({ id: In(ids) })).map(toRecord);
  }

  /** Locks the row so that concurrent changes to one organization are applied one after the other. */
  async findByIdForUpdate(tx: Transaction, id: string): Promise<OrganizationRecord | null> {
    const row = await this.repo(tx)
      .createQueryBuilder('o')
      .setLock('pessimistic_write')
      .where('o.id = :id', { id })
      .getOne();
    return row && toRecord(row);
  }

  async list(filter: { kind?: OrganizationKind }): Promise<OrganizationRecord[]> {
    const qb = this.repo().createQueryBuilder('o');
    if (filter.kind) qb.andWhere('o.kind = :kind', { kind: filter.kind });
    return (await qb.orderBy('o.name', 'ASC').addOrderBy('o.id', 'ASC').getMany()).map(toRecord);
  }

  async insert(tx: Transaction, org: NewOrganization): Promise<OrganizationRecord> {
    const saved = await this.repo(tx).save(this.repo(tx).create(org));
    return (await this.findById(saved.id, tx))!;
  }

  async update(tx: Transaction, id: string, changes: OrganizationChanges): Promise<OrganizationRecord> {
    await this.repo(tx).update({ id }, { ...changes, updatedAt: () => 'now()' });
    return (await this.findById(id, tx))!;
  }
}
