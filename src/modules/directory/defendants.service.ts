import { Injectable } from '@nestjs/common';
import { DEFAULT_LIST_LIMIT } from '../../common/http/limit.query';
import { EntityManager } from 'typeorm';
import { ForbiddenError, NotFoundError, ValidationFailedError } from '../../common/errors/domain-error';
import type { RequestContext } from '../../common/http/request-context';
import { TransactionRunner } from '../../database/transaction-runner';
import { AuditService } from '../audit/audit.service';
import { Defendant } from './defendant.entity';
import { DefendantChanges, DefendantsRepository } from './defendants.repository';
import {
  CreateDefendantDto,
  defendantAuditSnapshot,
  ListDefendantsQuery,
  UpdateDefendantDto,
} from './dto/defendant.dto';
import { OrganizationsRepository } from './organizations.repository';

@Injectable()
export class DefendantsService {
  constructor(
    private readonly defendants: DefendantsRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  private async checkDetentionCenter(manager: EntityManager, id: string): Promise<void> {
    const org = await this.organizations.findById(id, manager);
    if (!org || org.kind !== 'detention_center') {
      throw ValidationFailedError.field(
        'detentionCenterId',
        org ? `is a ${org.kind.replace('_', ' ')}, not a detention center` : 'no organization has this id',
      );
    }
  }

  /** Admin, clerk, prosecutor, or a detention officer registering someone held in their own center. */
  async create(ctx: RequestContext, dto: CreateDefendantDto): Promise<Defendant> {
    return this.tx.run(async (manager) => {
      await this.checkDetentionCenter(manager, dto.detentionCenterId);
      if (ctx.actor.role === 'detention_officer' && ctx.actor.organizationId !== dto.detentionCenterId) {
        throw new ForbiddenError('A detention officer may register defendants held in their own center only');
      }
      const defendant = await this.defendants.insert(manager, {
        name: dto.name.trim(),
        idNumber: dto.idNumber ?? null,
        detentionCenterId: dto.detentionCenterId,
        custodyStatus: dto.custodyStatus ?? 'detained',
        registeredByOrganizationId: ctx.actor.organizationId,
      });
      await this.audit.record(manager, ctx, {
        action: 'create',
        entityType: 'defendant',
        entityId: defendant.id,
        after: defendantAuditSnapshot(defendant),
      });
      return defendant;
    });
  }

  /**
   * Corrections, transfers and releases. A transfer, a release or a new detention flags the defendant's future
   * hearings (database trigger, same transaction, one audit row `flag_attention` per hearing), since they can no
   * longer attend as booked. A booking in flight holds its defendants FOR SHARE, so findByIdForUpdate waits for
   * it to commit and the trigger then flags it too.
   */
  async update(ctx: RequestContext, id: string, dto: UpdateDefendantDto): Promise<Defendant> {
    return this.tx.run(async (manager) => {
      if (!(await this.defendants.findVisibleById(ctx.actor, id, manager))) throw new NotFoundError('Defendant', id);
      const before = (await this.defendants.findByIdForUpdate(manager, id))!;
      const changes: DefendantChanges = {};
      if (dto.name !== undefined && dto.name.trim() !== before.name) changes.name = dto.name.trim();
      if (dto.idNumber !== undefined && dto.idNumber !== before.idNumber) changes.idNumber = dto.idNumber;
      if (dto.custodyStatus !== undefined && dto.custodyStatus !== before.custodyStatus)
        changes.custodyStatus = dto.custodyStatus;
      if (dto.detentionCenterId !== undefined && dto.detentionCenterId !== before.detentionCenterId) {
        await this.checkDetentionCenter(manager, dto.detentionCenterId);
        changes.detentionCenterId = dto.detentionCenterId;
      }
      if (Object.keys(changes).length === 0) return before;
      // The custody trigger audits each hearing it flags: as this request's actor, under its request id.
      if (changes.custodyStatus !== undefined || changes.detentionCenterId !== undefined)
        await this.audit.actInTransaction(manager, ctx);
      const after = await this.defendants.update(manager, id, changes);
      await this.audit.record(manager, ctx, {
        action: 'update',
        entityType: 'defendant',
        entityId: id,
        before: defendantAuditSnapshot(before),
        after: defendantAuditSnapshot(after),
      });
      return after;
    });
  }

  async get(ctx: RequestContext, id: string): Promise<Defendant> {
    const defendant = await this.defendants.findVisibleById(ctx.actor, id);
    if (!defendant) throw new NotFoundError('Defendant', id);
    return defendant;
  }

  list(ctx: RequestContext, q: ListDefendantsQuery): Promise<Defendant[]> {
    const text = q.q?.trim();
    return this.defendants.listVisible(ctx.actor, {
      detentionCenterId: q.detentionCenterId,
      q: text ? text : undefined,
      limit: q.limit ?? DEFAULT_LIST_LIMIT,
    });
  }
}
