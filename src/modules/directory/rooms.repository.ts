import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { managerOf, type Transaction } from '../../platform/database/transaction';
import { isUniqueViolation } from '../../platform/database/unique-violation';
import { RoomNameTakenError } from './directory.errors';
import { Room, type RoomKind } from './room.entity';

/** A courtroom or a video room of an organization. */
export interface RoomRecord {
  id: string;
  organizationId: string;
  name: string;
  kind: RoomKind;
  createdAt: Date;
}

interface NewRoom {
  organizationId: string;
  name: string;
  kind: RoomKind;
}

/** The unique constraint that keeps room names distinct within an organization. */
const ROOM_NAME_UNIQUE = 'rooms_name_unique';

function toRecord(r: Room): RoomRecord {
  return { id: r.id, organizationId: r.organizationId, name: r.name, kind: r.kind, createdAt: r.createdAt };
}

@Injectable()
export class RoomsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(tx?: Transaction) {
    return (tx ? managerOf(tx) : this.dataSource.manager).getRepository(Room);
  }

  async findById(id: string, tx?: Transaction): Promise<RoomRecord | null> {
    const row = await this.repo(tx).findOneBy({ id });
    return row && toRecord(row);
  }

  async listOfOrganization(organizationId: string, filter: { kind?: RoomKind }): Promise<RoomRecord[]> {
    const qb = this.repo().createQueryBuilder('r').where('r.organization_id = :organizationId', { organizationId });
    if (filter.kind) qb.andWhere('r.kind = :kind', { kind: filter.kind });
    return (await qb.orderBy('r.name', 'ASC').addOrderBy('r.id', 'ASC').getMany()).map(toRecord);
  }

  /** Throws RoomNameTakenError when the organization already has a room of this name. */
  async insert(tx: Transaction, room: NewRoom): Promise<RoomRecord> {
    try {
      const saved = await this.repo(tx).save(this.repo(tx).create(room));
      return (await this.findById(saved.id, tx))!;
    } catch (err) {
      if (isUniqueViolation(err, ROOM_NAME_UNIQUE)) throw new RoomNameTakenError(room.name);
      throw err;
    }
  }
}
