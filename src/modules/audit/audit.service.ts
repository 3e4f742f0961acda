import { Injectable } from '@nestjs/common';
import { DEFAULT_LIST_LIMIT } from '../../common/http/limit.query';
import type { RequestContext } from '../../common/http/request-context';
import { ValidationFailedError } from '../../common/errors/domain-error';
import { parseIsoInstant } from '../../common/time/local-time';
import type { Transaction } from '../../platform/database/transaction';
import { AuditEntryRecord, AuditRepository } from './audit.repository';
import type { AuditAction, AuditEntityType } from './audit-vocabulary';
import { AuditPageResponse, AuditQueryDto, toAuditEntryResponse } from './dto/audit.dto';

export interface AuditChange {
  action: AuditAction;
  entityType: AuditEntityType;
  entityId: string | null;
  /** Snapshots with personal data already masked (see masking.ts). */
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

@Injectable()
export class AuditService {
  constructor(private readonly audit: AuditRepository) {}

  /** Records a change made by the request's actor, inside the caller's transaction. */
  record(
    tx: Transaction,
    ctx: Pick<RequestContext, 'requestId'> & { actor: { id: string } | null },
    change: AuditChange,
  ): Promise<void> {
    return this.audit.append(tx, {
      actorId: ctx.actor?.id ?? null,
      requestId: ctx.requestId,
      action: change.action,
      entityType: change.entityType,
      entityId: change.entityId,
      before: change.before ?? null,
      after: change.after ?? null,
    });
  }

  /** Records several changes of the request's actor in one statement, in their order, inside the caller's transaction. */
  recordMany(
    tx: Transaction,
    ctx: Pick<RequestContext, 'requestId'> & { actor: { id: string } | null },
    changes: readonly AuditChange[],
  ): Promise<void> {
    return this.audit.appendMany(
      tx,
      changes.map((change) => ({
        actorId: ctx.actor?.id ?? null,
        requestId: ctx.requestId,
        action: change.action,
        entityType: change.entityType,
        entityId: change.entityId,
        before: change.before ?? null,
        after: change.after ?? null,
      })),
    );
  }

  /**
   * Lets database triggers that audit what they change (the custody trigger) record the request's actor and
   * request id: call it in the transaction, before the statement that fires them.
   */
  actInTransaction(
    tx: Transaction,
    ctx: Pick<RequestContext, 'requestId'> & { actor: { id: string } | null },
  ): Promise<void> {
    return this.audit.setTransactionActor(tx, ctx.actor?.id ?? null, ctx.requestId);
  }

  /** GET /audit: newest first, one page at a time (keyset pagination on the entry id). */
  async page(q: AuditQueryDto): Promise<AuditPageResponse> {
    const limit = q.limit ?? DEFAULT_LIST_LIMIT;
    const from = q.from === undefined ? undefined : parseIsoInstant(q.from, 'from');
    const to = q.to === undefined ? undefined : parseIsoInstant(q.to, 'to');
    if (from && to && to <= from) throw ValidationFailedError.field('to', 'must be after from');
    const rows = await this.audit.search({
      entityType: q.entityType,
      entityId: q.entityId,
      actorId: q.actorId,
      from,
      to,
      beforeId: q.cursor,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    return {
      items: page.map(toAuditEntryResponse),
      nextCursor: rows.length > limit ? String(page[page.length - 1].id) : null,
    };
  }

  /**
   * How often this actor did `action` within the last `minutes`, and when the oldest of those leaves the window: a
   * limit on attempts that are audited anyway, such as defendant look-ups.
   */
  countByActor(
    actorId: string,
    action: AuditAction,
    minutes: number,
  ): Promise<{ count: number; oldestLeavesInSeconds: number }> {
    return this.audit.countByActor(actorId, action, minutes);
  }

  historyOf(entityType: AuditEntityType, entityId: string): Promise<AuditEntryRecord[]> {
    return this.audit.historyOf(entityType, entityId);
  }
}
