import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { Actor } from '../../common/http/request-context';
import { caseVisibilityCondition } from '../../kernel/access/case-visibility';
import { managerOf, type Transaction } from '../../platform/database/transaction';
import { isUniqueViolation } from '../../platform/database/unique-violation';
import type { CustodyStatus } from '../directory/defendant.entity';
import { CaseDefendant } from './case-defendant.entity';
import { Case, type Procedure } from './case.entity';
import { CaseNumberTakenError } from './cases.errors';

/** A defendant in a case, with what the case shows of them, their defense lawyer and charges. */
export interface CaseDefendantRecord {
  defendantId: string;
  name: string;
  detentionCenterId: string;
  custodyStatus: CustodyStatus;
  defenseLawyerId: string | null;
  charges: string[];
}

/** A case with its defendants, in the order they were added. */
export interface CaseRecord {
  id: string;
  caseNumber: string;
  courtId: string;
  procuratorateId: string;
  prosecutorId: string;
  procedure: Procedure;
  defendants: CaseDefendantRecord[];
  createdAt: Date;
  updatedAt: Date;
}

interface NewCase {
  caseNumber: string;
  courtId: string;
  procuratorateId: string;
  prosecutorId: string;
  procedure: Procedure;
}

interface NewCaseDefendant {
  defendantId: string;
  defenseLawyerId: string | null;
  charges: string[];
}

export type CaseChanges = Partial<Pick<CaseRecord, 'procedure' | 'prosecutorId'>>;

/** The unique constraint on (court, case number). */
const CASE_NUMBER_UNIQUE = 'cases_number_unique';

/** `c` loaded with its defendants and each defendant's record. */
function toRecord(c: Case): CaseRecord {
  return {
    id: c.id,
    caseNumber: c.caseNumber,
    courtId: c.courtId,
    procuratorateId: c.procuratorateId,
    prosecutorId: c.prosecutorId,
    procedure: c.procedure,
    defendants: (c.defendants ?? []).map((cd) => ({
      defendantId: cd.defendantId,
      name: cd.defendant!.name,
      detentionCenterId: cd.defendant!.detentionCenterId,
      custodyStatus: cd.defendant!.custodyStatus,
      defenseLawyerId: cd.defenseLawyerId,
      charges: cd.charges,
    })),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

@Injectable()
export class CasesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(tx?: Transaction) {
    return tx ? managerOf(tx) : this.dataSource.manager;
  }

  /**
   * Cases with their defendants (and each defendant's record), in the order of `ids`; defendants in the order they
   * were added. The database orders them: added_at has microseconds, a JavaScript Date only milliseconds.
   */
  private async findByIds(ids: string[], tx?: Transaction): Promise<CaseRecord[]> {
    if (ids.length === 0) return [];
    const found = await this.manager(tx)
      .getRepository(Case)
      .find({
        where: { id: In(ids) },
        relations: { defendants: { defendant: true } },
        order: { defendants: { addedAt: 'ASC', defendantId: 'ASC' } },
      });
    const byId = new Map(found.map((c) => [c.id, c]));
    return ids
      .map((id) => byId.get(id))
      .filter((c): c is Case => c !== undefined)
      .map(toRecord);
  }

  /** Any case, whoever asks: for code that has already checked access. */
  async findById(id: string, tx?: Transaction): Promise<CaseRecord | null> {
    return (await this.findByIds([id], tx))[0] ?? null;
  }

  async isVisible(actor: Actor, id: string, tx?: Transaction): Promise<boolean> {
    const vis = caseVisibilityCondition(actor, 'c', 2);
    const rows: unknown[] = await this.manager(tx).query(`SELECT 1 FROM cases c WHERE c.id = $1 AND ${vis.sql}`, [
      id,
      ...vis.params,
    ]);
    return rows.length > 0;
  }

  async findVisibleById(actor: Actor, id: string): Promise<CaseRecord | null> {
    return (await this.isVisible(actor, id)) ? this.findById(id) : null;
  }

  /** Locks the case row so that concurrent changes to one case are applied one after the other. */
  async findByIdForUpdate(tx: Transaction, id: string): Promise<CaseRecord | null> {
    await managerOf(tx).query(`SELECT 1 FROM cases WHERE id = $1 FOR UPDATE`, [id]);
    return this.findById(id, tx);
  }

  /** Newest first. */
  async listVisible(
    actor: Actor,
    filter: { courtId?: string; procuratorateId?: string; q?: string; limit: number },
  ): Promise<CaseRecord[]> {
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

  /** Throws CaseNumberTakenError when the court already has a case of this number. */
  async insert(tx: Transaction, kase: NewCase): Promise<string> {
    const repo = managerOf(tx).getRepository(Case);
    try {
      return (await repo.save(repo.create(kase))).id;
    } catch (err) {
      if (isUniqueViolation(err, CASE_NUMBER_UNIQUE)) throw new CaseNumberTakenError(kase.caseNumber);
      throw err;
    }
  }

  /**
   * One row at a time, each stamped with the clock (not the transaction start), so that defendants keep the order
   * in which they were given.
   */
  async addDefendants(tx: Transaction, caseId: string, defendants: NewCaseDefendant[]): Promise<void> {
    for (const d of defendants) {
      await managerOf(tx)
        .getRepository(CaseDefendant)
        .insert({
          caseId,
          defendantId: d.defendantId,
          defenseLawyerId: d.defenseLawyerId,
          charges: d.charges,
          addedAt: () => 'clock_timestamp()',
        });
    }
  }

  async setDefenseLawyer(
    tx: Transaction,
    caseId: string,
    defendantId: string,
    defenseLawyerId: string | null,
  ): Promise<void> {
    await managerOf(tx).getRepository(CaseDefendant).update({ caseId, defendantId }, { defenseLawyerId });
  }

  /** Changes the case's own fields (if any) and marks it as changed. */
  async update(tx: Transaction, id: string, changes: CaseChanges): Promise<void> {
    await managerOf(tx)
      .getRepository(Case)
      .update({ id }, { ...changes, updatedAt: () => 'now()' });
  }
}
