import { Injectable } from '@nestjs/common';
import { DEFAULT_LIST_LIMIT } from '../../common/http/limit.query';
import {
  ForbiddenError,
  NotFoundError,
  TooManyRequestsError,
  ValidationFailedError,
} from '../../common/errors/domain-error';
import type { RequestContext } from '../../common/http/request-context';
import type { Transaction } from '../../platform/database/transaction';
import { TransactionRunner } from '../../platform/database/transaction-runner';
import { AuditService } from '../audit/audit.service';
import { maskIdNumber } from '../audit/masking';
import { DefendantChanges, DefendantRecord, DefendantsRepository } from './defendants.repository';
import {
  CreateDefendantDto,
  defendantAuditSnapshot,
  ListDefendantsQuery,
  LookupDefendantDto,
  UpdateDefendantDto,
} from './dto/defendant.dto';
import { DefendantLookupAmbiguousError } from './directory.errors';
import { OrganizationsRepository } from './organizations.repository';

/** Look-ups that find no one, per caller, within LOOKUP_WINDOW_MINUTES: beyond it, 429 until the oldest leaves. */
const LOOKUP_MAX_MISSES = 10;
const LOOKUP_WINDOW_MINUTES = 60;
const LOOKUP_HIT = 'lookup';
const LOOKUP_MISS = 'lookup_miss';

@Injectable()
export class DefendantsService {
  constructor(
    private readonly defendants: DefendantsRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  private async checkDetentionCenter(tx: Transaction, id: string): Promise<void> {
    const org = await this.organizations.findById(id, tx);
    if (!org || org.kind !== 'detention_center') {
      throw ValidationFailedError.field(
        'detentionCenterId',
        org ? `is a ${org.kind.replace('_', ' ')}, not a detention center` : 'no organization has this id',
      );
    }
  }

  /** Admin, clerk, prosecutor, or a detention officer registering someone held in their own center. */
  async create(ctx: RequestContext, dto: CreateDefendantDto): Promise<DefendantRecord> {
    return this.tx.run(async (tx) => {
      await this.checkDetentionCenter(tx, dto.detentionCenterId);
      if (ctx.actor.role === 'detention_officer' && ctx.actor.organizationId !== dto.detentionCenterId) {
        throw new ForbiddenError('A detention officer may register defendants held in their own center only');
      }
      const defendant = await this.defendants.insert(tx, {
        name: dto.name.trim(),
        idNumber: dto.idNumber ?? null,
        detentionCenterId: dto.detentionCenterId,
        custodyStatus: dto.custodyStatus ?? 'detained',
        registeredByOrganizationId: ctx.actor.organizationId,
      });
      await this.audit.record(tx, ctx, {
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
  async update(ctx: RequestContext, id: string, dto: UpdateDefendantDto): Promise<DefendantRecord> {
    return this.tx.run(async (tx) => {
      if (!(await this.defendants.findVisibleById(ctx.actor, id, tx))) throw new NotFoundError('Defendant', id);
      const before = (await this.defendants.findByIdForUpdate(tx, id))!;
      const changes: DefendantChanges = {};
      if (dto.name !== undefined && dto.name.trim() !== before.name) changes.name = dto.name.trim();
      if (dto.idNumber !== undefined && dto.idNumber !== before.idNumber) changes.idNumber = dto.idNumber;
      if (dto.custodyStatus !== undefined && dto.custodyStatus !== before.custodyStatus)
        changes.custodyStatus = dto.custodyStatus;
      if (dto.detentionCenterId !== undefined && dto.detentionCenterId !== before.detentionCenterId) {
        await this.checkDetentionCenter(tx, dto.detentionCenterId);
        changes.detentionCenterId = dto.detentionCenterId;
      }
      if (Object.keys(changes).length === 0) return before;
      // The custody trigger audits each hearing it flags: as this request's actor, under its request id.
      if (changes.custodyStatus !== undefined || changes.detentionCenterId !== undefined)
        await this.audit.actInTransaction(tx, ctx);
      const after = await this.defendants.update(tx, id, changes);
      await this.audit.record(tx, ctx, {
        action: 'update',
        entityType: 'defendant',
        entityId: id,
        before: defendantAuditSnapshot(before),
        after: defendantAuditSnapshot(after),
      });
      return after;
    });
  }

  /**
   * POST /defendants/lookup (admin, clerk, prosecutor): how a court or procuratorate reaches a detainee whom a
   * detention center registered, and the only way to see a defendant beyond one's cases and registrations. The
   * whole identity number must match (letters in any case); a found defendant becomes visible to the caller's
   * organization (defendant_access), so it can then be named in a case. Every attempt is audited, with the number
   * masked: `lookup` with the defendant's id, or `lookup_miss`; LOOKUP_MAX_MISSES misses within the window → 429.
   */
  async lookup(ctx: RequestContext, dto: LookupDefendantDto): Promise<DefendantRecord> {
    const misses = await this.audit.countByActor(ctx.actor.id, LOOKUP_MISS, LOOKUP_WINDOW_MINUTES);
    if (misses.count >= LOOKUP_MAX_MISSES) {
      throw new TooManyRequestsError(
        `Too many look-ups found no one within ${LOOKUP_WINDOW_MINUTES} minutes: try again later`,
        Math.max(1, misses.oldestLeavesInSeconds),
      );
    }
    const outcome = await this.tx.run(async (tx) => {
      // Organizations are no secret: a center that is not one is a bad request, not a miss.
      if (dto.detentionCenterId) await this.checkDetentionCenter(tx, dto.detentionCenterId);
      const ids = await this.defendants.idsByIdNumber(tx, dto.idNumber, dto.detentionCenterId);
      const asked = { idNumber: maskIdNumber(dto.idNumber), detentionCenterId: dto.detentionCenterId ?? null };
      if (ids.length !== 1) {
        await this.audit.record(tx, ctx, {
          action: LOOKUP_MISS,
          entityType: 'defendant',
          entityId: null,
          after: { ...asked, found: false, several: ids.length > 1 },
        });
        return ids.length === 0 ? 'none' : 'several';
      }
      const [defendantId] = ids;
      if (ctx.actor.role !== 'admin' && ctx.actor.organizationId) {
        await this.defendants.grantAccess(tx, {
          organizationId: ctx.actor.organizationId,
          defendantId,
          grantedBy: ctx.actor.id,
        });
      }
      await this.audit.record(tx, ctx, {
        action: LOOKUP_HIT,
        entityType: 'defendant',
        entityId: defendantId,
        after: { ...asked, found: true },
      });
      return (await this.defendants.findById(defendantId, tx))!;
    });
    if (outcome === 'none') throw new NotFoundError('Defendant');
    if (outcome === 'several') throw new DefendantLookupAmbiguousError();
    return outcome;
  }

  async get(ctx: RequestContext, id: string): Promise<DefendantRecord> {
    const defendant = await this.defendants.findVisibleById(ctx.actor, id);
    if (!defendant) throw new NotFoundError('Defendant', id);
    return defendant;
  }

  list(ctx: RequestContext, q: ListDefendantsQuery): Promise<DefendantRecord[]> {
    const text = q.q?.trim();
    return this.defendants.listVisible(ctx.actor, {
      detentionCenterId: q.detentionCenterId,
      q: text ? text : undefined,
      limit: q.limit ?? DEFAULT_LIST_LIMIT,
    });
  }
}
