import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { RequestContext } from '../../common/http/request-context';
import { AuditEntry } from './audit-entry.entity';
import { AuditQuery, AuditRepository } from './audit.repository';

export interface AuditChange {
  action: string;
  entityType: string;
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
    manager: EntityManager,
    ctx: Pick<RequestContext, 'requestId'> & { actor: { id: string } | null },
    change: AuditChange,
  ): Promise<void> {
    return this.audit.append(manager, {
      actorId: ctx.actor?.id ?? null,
      requestId: ctx.requestId,
      action: change.action,
      entityType: change.entityType,
      entityId: change.entityId,
      before: change.before ?? null,
      after: change.after ?? null,
    });
  }

  /**
   * Lets database triggers that audit what they change (the custody trigger) record the request's actor and
   * request id: call it in the transaction, before the statement that fires them.
   */
  actInTransaction(
    manager: EntityManager,
    ctx: Pick<RequestContext, 'requestId'> & { actor: { id: string } | null },
  ): Promise<void> {
    return this.audit.setTransactionActor(manager, ctx.actor?.id ?? null, ctx.requestId);
  }

  search(query: AuditQuery): Promise<AuditEntry[]> {
    return this.audit.search(query);
  }

  historyOf(entityType: string, entityId: string): Promise<AuditEntry[]> {
    return this.audit.historyOf(entityType, entityId);
  }
}
