import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { Actor } from '../../common/http/request-context';
import { CaseDefendant } from './case-defendant.entity';
import { Case, type Procedure } from './case.entity';
import { caseVisibilityCondition } from '../../kernel/access/case-visibility';

export interface NewCase {
  caseNumber: string;
  courtId: string;
  procuratorateId: string;
  prosecutorId: string;
  procedure: Procedure;
}

export interface NewCaseDefendant {
  defendantId: string;
  defenseLawyerId: string | null;
  charges: string[];
}

export type CaseChanges = Partial<Pick<Case, 'procedure' | 'prosecutorId'>>;

/** The unique constraint on (court, case number). */
export const CASE_NUMBER_UNIQUE = 'cases_number_unique';

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

@Injectable()
export class CasesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  /**
   * Cases with their defendants (and each defendant's record), in the order of `ids`; defendants in the order they
   * were added. The database orders them: added_at has microseconds, a JavaScript Date only milliseconds.
   */
  async findByIds(ids: string[], manager?: EntityManager): Promise<Case[]> {
    if (ids.length === 0) return [];
    const found = await this.manager(manager)
      .getRepository(Case)
      .find({
        where: { id: In(ids) },
        relations: { defendants: { defendant: true } },
        order: { defendants: { addedAt: 'ASC', defendantId: 'ASC' } },
      });
    const byId = new Map(found.map((c) => [c.id, c]));
    return ids.map((id) => byId.get(id)).filter((c): c is Case => c !== undefined);
  }

  /** Any case, whoever asks: for code that has already checked access. */
  async findById(id: string, manager?: EntityManager): Promise<Case | null> {
    return (await this.findByIds([id], manager))[0] ?? null;
  }

  async isVisible(actor: Actor, id: string, manager?: EntityManager): Promise<boolean> {
    const vis = caseVisibilityCondition(actor, 'c', 2);
    const rows: unknown[] = await this.manager(manager).query(`SELECT 1 FROM cases c WHERE c.id = $1 AND ${vis.sql}`, [
      id,
      ...vis.params,
    ]);
    return rows.length > 0;
  }

  async findVisibleById(actor: Actor, id: string, manager?: EntityManager): Promise<Case | null> {
    return (await this.isVisible(actor, id, manager)) ? this.findById(id, manager) : null;
  }

  /** Locks the case row so that concurrent changes to one case are applied one after the other. */
  async findByIdForUpdate(manager: EntityManager, id: string): Promise<Case | null> {
    await manager.query(`SELECT 1 FROM cases WHERE id = $1 FOR UPDATE`, [id]);
    return this.findById(id, manager);
  }

  /** Newest first. */
  async listVisible(
    actor: Actor,
    filter: { courtId?: string; procuratorateId?: string; q?: string; limit: number },
  ): Promise<Case[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.courtId) {
      params.push(filter.courtId);
      where.push(`c.court_id = $${params.length}`);
    }
    if (filter.procuratorateId) {
      params.push(filter.procuratorateId);
      where.push(`c.procuratorate_id = $${params.length}`);
    }
    if (filter.q) {
      params.push(likePattern(filter.q));
      where.push(`c.case_number ILIKE $${params.length}`);
    }
    const vis = caseVisibilityCondition(actor, 'c', params.length + 1);
    where.push(vis.sql);
    params.push(...vis.params, filter.limit);
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT c.id FROM cases c WHERE ${where.join(' AND ')} ORDER BY c.created_at DESC, c.id LIMIT $${params.length}`,
      params,
    );
    return this.findByIds(rows.map((r) => r.id));
  }

  /** Ids of the defendants already in the case. */
  async defendantIdsOf(manager: EntityManager, caseId: string): Promise<Set<string>> {
    const rows: { defendant_id: string }[] = await manager.query(
      `SELECT defendant_id FROM case_defendants WHERE case_id = $1`,
      [caseId],
    );
    return new Set(rows.map((r) => r.defendant_id));
  }

  async insert(manager: EntityManager, kase: NewCase): Promise<string> {
    const saved = await manager.getRepository(Case).save(manager.getRepository(Case).create(kase));
    return saved.id;
  }

  /**
   * One row at a time, each stamped with the clock (not the transaction start), so that defendants keep the order
   * in which they were given.
   */
  async addDefendants(manager: EntityManager, caseId: string, defendants: NewCaseDefendant[]): Promise<void> {
    for (const d of defendants) {
      await manager.getRepository(CaseDefendant).insert({
        caseId,
        defendantId: d.defendantId,
        defenseLawyerId: d.defenseLawyerId,
        charges: d.charges,
        addedAt: () => 'clock_timestamp()',
      });
    }
  }

  async setDefenseLawyer(
    manager: EntityManager,
    caseId: string,
    defendantId: string,
    defenseLawyerId: string | null,
  ): Promise<void> {
    await manager.getRepository(CaseDefendant).update({ caseId, defendantId }, { defenseLawyerId });
  }

  /** Changes the case's own fields (if any) and marks it as changed. */
  async update(manager: EntityManager, id: string, changes: CaseChanges): Promise<void> {
    await manager.getRepository(Case).update({ id }, { ...changes, updatedAt: () => 'now()' });
  }
}
