import { Injectable } from '@nestjs/common';
import { DEFAULT_LIST_LIMIT } from '../../common/http/limit.query';
import {
  ForbiddenError,
  NotFoundError,
  ValidationFailedError,
  type FieldError,
} from '../../common/errors/domain-error';
import type { Actor, RequestContext } from '../../common/http/request-context';
import type { Transaction } from '../../platform/database/transaction';
import { TransactionRunner } from '../../platform/database/transaction-runner';
import { AuditService } from '../audit/audit.service';
import { DefendantsRepository } from '../directory/defendants.repository';
import { OrganizationsRepository } from '../directory/organizations.repository';
import { UsersRepository } from '../users/users.repository';
import { CaseChangeListeners } from './case-change-listeners';
import {
  defenseLawyerProblem,
  organizationProblem,
  PersonFacts,
  prosecutorProblem,
  repeatedPositions,
} from './case-rules';
import { CaseChanges, CaseRecord, CasesRepository } from './cases.repository';
import { caseAuditSnapshot, CaseDefendantInput, CreateCaseDto, ListCasesQuery, UpdateCaseDto } from './dto/case.dto';

@Injectable()
export class CasesService {
  constructor(
    private readonly cases: CasesRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly users: UsersRepository,
    private readonly defendants: DefendantsRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly caseChanges: CaseChangeListeners,
  ) {}

  private async people(tx: Transaction, ids: (string | null | undefined)[]): Promise<Map<string, PersonFacts>> {
    const wanted = [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
    return new Map((await this.users.findByIds(wanted, tx)).map((u) => [u.id, u]));
  }

  /**
   * Errors of a list of defendants to put in a case: each listed once, each one the actor may see (an id they may
   * not see gets the same answer as one that does not exist, so the 400 tells nothing of other courts'
   * defendants), not already in the case, each lawyer a lawyer. `field` names the list in the body (`defendants`,
   * `addDefendants`).
   */
  private async defendantErrors(
    tx: Transaction,
    actor: Actor,
    field: string,
    entries: CaseDefendantInput[],
    alreadyInCase: Set<string>,
  ): Promise<FieldError[]> {
    const errors: FieldError[] = [];
    const ids = entries.map((e) => e.defendantId);
    const visible = await this.defendants.visibleIds(actor, [...new Set(ids)], tx);
    const lawyers = await this.people(
      tx,
      entries.map((e) => e.defenseLawyerId),
    );
    const repeated = new Set(repeatedPositions(ids));
    entries.forEach((e, i) => {
      const at = `${field}[${i}]`;
      if (repeated.has(i))
        errors.push({ field: `${at}.defendantId`, message: 'this defendant is listed more than once' });
      else if (!visible.has(e.defendantId))
        errors.push({ field: `${at}.defendantId`, message: 'no defendant with this id is visible to you' });
      else if (alreadyInCase.has(e.defendantId))
        errors.push({ field: `${at}.defendantId`, message: 'this defendant is already in the case' });
      if (e.defenseLawyerId) {
        const problem = defenseLawyerProblem(lawyers.get(e.defenseLawyerId));
        if (problem) errors.push({ field: `${at}.defenseLawyerId`, message: problem });
      }
    });
    return errors;
  }

  /** A clerk of the case's court, a prosecutor of its procuratorate, or an admin. */
  async create(ctx: RequestContext, dto: CreateCaseDto): Promise<CaseRecord> {
    const { actor } = ctx;
    if (actor.role === 'clerk' && actor.organizationId !== dto.courtId) {
      throw new ForbiddenError('A clerk may open cases in their own court only');
    }
    if (actor.role === 'prosecutor' && actor.organizationId !== dto.procuratorateId) {
      throw new ForbiddenError('A prosecutor may open cases of their own procuratorate only');
    }
    const caseNumber = dto.caseNumber.trim();
    return this.tx.run(async (tx) => {
      const orgs = new Map(
        (await this.organizations.findByIds([dto.courtId, dto.procuratorateId], tx)).map((o) => [o.id, o]),
      );
      const prosecutors = await this.people(tx, [dto.prosecutorId]);
      const errors: FieldError[] = [];
      const courtProblem = organizationProblem(orgs.get(dto.courtId), 'court');
      if (courtProblem) errors.push({ field: 'courtId', message: courtProblem });
      const procuratorateProblem = organizationProblem(orgs.get(dto.procuratorateId), 'procuratorate');
      if (procuratorateProblem) errors.push({ field: 'procuratorateId', message: procuratorateProblem });
      const prosecutor = prosecutorProblem(prosecutors.get(dto.prosecutorId), dto.procuratorateId);
      if (prosecutor) errors.push({ field: 'prosecutorId', message: prosecutor });
      errors.push(...(await this.defendantErrors(tx, actor, 'defendants', dto.defendants, new Set())));
      if (errors.length > 0) throw new ValidationFailedError(errors);

      const id = await this.cases.insert(tx, {
        caseNumber,
        courtId: dto.courtId,
        procuratorateId: dto.procuratorateId,
        prosecutorId: dto.prosecutorId,
        procedure: dto.procedure,
      });
      await this.cases.addDefendants(
        tx,
        id,
        dto.defendants.map((d) => ({
          defendantId: d.defendantId,
          defenseLawyerId: d.defenseLawyerId ?? null,
          charges: d.charges.map((c) => c.trim()),
        })),
      );
      const created = (await this.cases.findById(id, tx))!;
      await this.audit.record(tx, ctx, {
        action: 'create',
        entityType: 'case',
        entityId: id,
        after: caseAuditSnapshot(created),
      });
      return created;
    });
  }

  /**
   * Procedure, prosecutor, defendants added, defense lawyers assigned, changed or removed. Only those who see the
   * case may change it (a clerk their court's, a prosecutor their procuratorate's); others get a 404.
   */
  async update(ctx: RequestContext, id: string, dto: UpdateCaseDto): Promise<CaseRecord> {
    return this.tx.run(async (tx) => {
      if (!(await this.cases.isVisible(ctx.actor, id, tx))) throw new NotFoundError('Case', id);
      const before = (await this.cases.findByIdForUpdate(tx, id))!;
      const inCase = new Set(before.defendants.map((d) => d.defendantId));
      const currentLawyer = new Map(before.defendants.map((d) => [d.defendantId, d.defenseLawyerId]));
      const errors: FieldError[] = [];

      if (dto.prosecutorId !== undefined && dto.prosecutorId !== before.prosecutorId) {
        const problem = prosecutorProblem(
          (await this.people(tx, [dto.prosecutorId])).get(dto.prosecutorId),
          before.procuratorateId,
        );
        if (problem) errors.push({ field: 'prosecutorId', message: problem });
      }
      if (dto.addDefendants)
        errors.push(...(await this.defendantErrors(tx, ctx.actor, 'addDefendants', dto.addDefendants, inCase)));
      const assignments = dto.defenseLawyers ?? [];
      const lawyers = await this.people(
        tx,
        assignments.map((a) => a.defenseLawyerId),
      );
      const repeated = new Set(repeatedPositions(assignments.map((a) => a.defendantId)));
      assignments.forEach((a, i) => {
        const at = `defenseLawyers[${i}]`;
        if (repeated.has(i))
          errors.push({ field: `${at}.defendantId`, message: 'this defendant is listed more than once' });
        else if (!inCase.has(a.defendantId))
          errors.push({ field: `${at}.defendantId`, message: 'this defendant is not in the case' });
        if (a.defenseLawyerId !== null) {
          const problem = defenseLawyerProblem(lawyers.get(a.defenseLawyerId));
          if (problem) errors.push({ field: `${at}.defenseLawyerId`, message: problem });
        }
      });
      if (errors.length > 0) throw new ValidationFailedError(errors);

      const changes: CaseChanges = {};
      if (dto.procedure !== undefined && dto.procedure !== before.procedure) changes.procedure = dto.procedure;
      if (dto.prosecutorId !== undefined && dto.prosecutorId !== before.prosecutorId)
        changes.prosecutorId = dto.prosecutorId;
      const lawyerChanges = assignments.filter((a) => currentLawyer.get(a.defendantId) !== a.defenseLawyerId);
      const added = dto.addDefendants ?? [];
      // Nothing changes: nothing is written, not even an audit row.
      if (Object.keys(changes).length === 0 && lawyerChanges.length === 0 && added.length === 0) return before;

      await this.cases.update(tx, id, changes);
      for (const a of lawyerChanges) await this.cases.setDefenseLawyer(tx, id, a.defendantId, a.defenseLawyerId);
      await this.cases.addDefendants(
        tx,
        id,
        added.map((d) => ({
          defendantId: d.defendantId,
          defenseLawyerId: d.defenseLawyerId ?? null,
          charges: d.charges.map((c) => c.trim()),
        })),
      );
      // The case's future hearings follow the new prosecutor and lawyers, in this transaction (see HearingsModule).
      await this.caseChanges.casePeopleChanged(tx, ctx, {
        caseId: id,
        prosecutor: changes.prosecutorId ? { from: before.prosecutorId, to: changes.prosecutorId } : null,
        defenseLawyers: lawyerChanges.map((a) => ({
          defendantId: a.defendantId,
          from: currentLawyer.get(a.defendantId) ?? null,
          to: a.defenseLawyerId,
        })),
      });
      const after = (await this.cases.findById(id, tx))!;
      await this.audit.record(tx, ctx, {
        action: 'update',
        entityType: 'case',
        entityId: id,
        before: caseAuditSnapshot(before),
        after: caseAuditSnapshot(after),
      });
      return after;
    });
  }

  async get(ctx: RequestContext, id: string): Promise<CaseRecord> {
    const kase = await this.cases.findVisibleById(ctx.actor, id);
    if (!kase) throw new NotFoundError('Case', id);
    return kase;
  }

  list(ctx: RequestContext, q: ListCasesQuery): Promise<CaseRecord[]> {
    const text = q.q?.trim();
    return this.cases.listVisible(ctx.actor, {
      courtId: q.courtId,
      procuratorateId: q.procuratorateId,
      q: text ? text : undefined,
      limit: q.limit ?? DEFAULT_LIST_LIMIT,
    });
  }
}
