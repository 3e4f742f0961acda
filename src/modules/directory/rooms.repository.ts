import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Room, type RoomKind } from './room.entity';

export interface NewRoom {
  organizationId: string;
  name: string;
  kind: RoomKind;
}

/** The unique constraint that keeps room names distinct within an organization. */
export const ROOM_NAME_UNIQUE = 'rooms_name_unique';

@Injectable()
export class RoomsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(Room);
  }

  findById(id: string, manager?: EntityManager): Promise<Room | null> {
    return this.repo(manager).findOneBy({ id });
  }

  findByIds(ids: string[], manager?: EntityManager): Promise<Room[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.repo(manager).findBy({ id: In(ids) });
  }

  listOfOrganization(organizationId: string, filter: { kind?: RoomKind }): Promise<Room[]> {
    const qb = this.repo().createQueryBuilder('r').where('r.organization_id = :organizationId', { organizationId });
    if (filter.kind) qb.andWhere('r.kind = :kind', { kind: filter.kind });
    return qb.orderBy('r.name', 'ASC').addOrderBy('r.id', 'ASC').getMany();
  }

  async insert(manager: EntityManager, room: NewRoom): Promise<Room> {
    const saved = await this.repo(manager).save(this.repo(manager).create(room));
    return (await this.findById(saved.id, manager))!;
  }
}
