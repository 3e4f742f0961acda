import { Injectable } from '@nestjs/common';
import {
  ForbiddenError,
  NotFoundError,
  ValidationFailedError,
  type FieldError,
} from '../../common/errors/domain-error';
import type { RequestContext } from '../../common/http/request-context';
import { canonicalTimeZone, isValidTimeZone } from '../../common/time/local-time';
import { TransactionRunner } from '../../platform/database/transaction-runner';
import { AuditService } from '../audit/audit.service';
import { CreateOrganizationDto, organizationAuditSnapshot, UpdateOrganizationDto } from './dto/organization.dto';
import { CreateRoomDto, roomAuditSnapshot } from './dto/room.dto';
import type { OrganizationKind } from './organization.entity';
import { OrganizationChanges, OrganizationRecord, OrganizationsRepository } from './organizations.repository';
import type { RoomKind } from './room.entity';
import { roomKindMismatch } from './room-rules';
import { RoomRecord, RoomsRepository } from './rooms.repository';

function timeZoneError(zone: string | undefined): FieldError | null {
  return zone === undefined || isValidTimeZone(zone)
    ? null
    : { field: 'timeZone', message: 'must be an IANA time zone such as Asia/Shanghai' };
}

function escortBufferError(kind: OrganizationKind, minutes: number | undefined): FieldError | null {
  return minutes === undefined || kind === 'detention_center'
    ? null
    : { field: 'escortBufferMinutes', message: 'only detention centers have an escort buffer' };
}

function throwIfAny(errors: (FieldError | null)[]): void {
  const found = errors.filter((e): e is FieldError => e !== null);
  if (found.length > 0) throw new ValidationFailedError(found);
}

/** Organizations and their rooms. Neither is personal data: every authenticated user may read them. */
@Injectable()
export class OrganizationsService {
  constructor(
    private readonly organizations: OrganizationsRepository,
    private readonly rooms: RoomsRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  async create(ctx: RequestContext, dto: CreateOrganizationDto): Promise<OrganizationRecord> {
    throwIfAny([timeZoneError(dto.timeZone), escortBufferError(dto.kind, dto.escortBufferMinutes)]);
    return this.tx.run(async (tx) => {
      const org = await this.organizations.insert(tx, {
        kind: dto.kind,
        name: dto.name.trim(),
        timeZone: canonicalTimeZone(dto.timeZone),
        escortBufferMinutes: dto.escortBufferMinutes,
      });
      await this.audit.record(tx, ctx, {
        action: 'create',
        entityType: 'organization',
        entityId: org.id,
        after: organizationAuditSnapshot(org),
      });
      return org;
    });
  }

  async update(ctx: RequestContext, id: string, dto: UpdateOrganizationDto): Promise<OrganizationRecord> {
    throwIfAny([timeZoneError(dto.timeZone)]);
    return this.tx.run(async (tx) => {
      const before = await this.organizations.findByIdForUpdate(tx, id);
      if (!before) throw new NotFoundError('Organization', id);
      throwIfAny([escortBufferError(before.kind, dto.escortBufferMinutes)]);
      const changes: OrganizationChanges = {};
      if (dto.name !== undefined && dto.name.trim() !== before.name) changes.name = dto.name.trim();
      const timeZone = dto.timeZone === undefined ? undefined : canonicalTimeZone(dto.timeZone);
      if (timeZone !== undefined && timeZone !== before.timeZone) changes.timeZone = timeZone;
      if (dto.escortBufferMinutes !== undefined && dto.escortBufferMinutes !== before.escortBufferMinutes) {
        changes.escortBufferMinutes = dto.escortBufferMinutes;
      }
      // Nothing changes: nothing is written, not even an audit row.
      if (Object.keys(changes).length === 0) return before;
      const after = await this.organizations.update(tx, id, changes);
      await this.audit.record(tx, ctx, {
        action: 'update',
        entityType: 'organization',
        entityId: id,
        before: organizationAuditSnapshot(before),
        after: organizationAuditSnapshot(after),
      });
      return after;
    });
  }

  async get(id: string): Promise<OrganizationRecord> {
    const org = await this.organizations.findById(id);
    if (!org) throw new NotFoundError('Organization', id);
    return org;
  }

  list(filter: { kind?: OrganizationKind }): Promise<OrganizationRecord[]> {
    return this.organizations.list(filter);
  }

  /** Admins anywhere; a clerk in their own court (courtrooms and the court's video rooms). */
  async createRoom(ctx: RequestContext, organizationId: string, dto: CreateRoomDto): Promise<RoomRecord> {
    const name = dto.name.trim();
    return this.tx.run(async (tx) => {
      const org = await this.organizations.findById(organizationId, tx);
      if (!org) throw new NotFoundError('Organization', organizationId);
      if (ctx.actor.role !== 'admin' && ctx.actor.organizationId !== organizationId) {
        throw new ForbiddenError('A clerk may add rooms to their own court only');
      }
      const mismatch = roomKindMismatch(dto.kind, org.kind);
      if (mismatch) throw ValidationFailedError.field('kind', mismatch);
      const room = await this.rooms.insert(tx, { organizationId, name, kind: dto.kind });
      await this.audit.record(tx, ctx, {
        action: 'create',
        entityType: 'room',
        entityId: room.id,
        after: roomAuditSnapshot(room),
      });
      return room;
    });
  }

  async listRooms(organizationId: string, filter: { kind?: RoomKind }): Promise<RoomRecord[]> {
    if (!(await this.organizations.findById(organizationId))) throw new NotFoundError('Organization', organizationId);
    return this.rooms.listOfOrganization(organizationId, filter);
  }
}
