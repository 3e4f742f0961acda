import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { Actor } from '../../common/http/request-context';
import { managerOf, type Transaction } from '../../platform/database/transaction';
import { Defendant, type CustodyStatus } from './defendant.entity';
import { defendantVisibilityCondition } from '../../kernel/access/defendant-visibility';

/** A person accused in a case. Name and identity number are personal data. */
export interface DefendantRecord {
  id: string;
  name: string;
  idNumber: string | null;
  detentionCenterId: string;
  custodyStatus: CustodyStatus;
  /** The organization whose member registered the defendant: it may see them even before they are in a case. */
  registeredByOrganizationId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

interface NewDefendant {
  name: string;
  idNumber: string | null;
  detentionCenterId: string;
  custodyStatus: CustodyStatus;
  registeredByOrganizationId: string | null;
}

export type DefendantChanges = Partial<
  Pick<DefendantRecord, 'name' | 'idNumber' | 'detentionCenterId' | 'custodyStatus'>
>;

function toRecord(d: Defendant): DefendantRecord {
  return {
    id: d.id,
    name: d.name,
    idNumber: d.idNumber,
    detentionCenterId: d.detentionCenterId,
    custodyStatus: d.custodyStatus,
    registeredByOrganizationId: d.registeredByOrganizationId,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}

/** `%` and `_` typed by a user are matched literally. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

@Injectable()
export class DefendantsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(tx?: Transaction) {
    return tx ? managerOf(tx) : this.dataSource.manager;
  }

  private repo(tx?: Transaction) {
    return this.manager(tx).getRepository(Defendant);
  }

  /** Any defendant, whoever asks: for code that has already checked access. */
  async findById(id: string, tx?: Transaction): Promise<DefendantRecord | null> {
    const row = await this.repo(tx).findOneBy({ id });
    return row && toRecord(row);
  }

  private async findByIds(ids: string[]): Promise<DefendantRecord[]> {
    if (ids.length === 0) return [];
    return (await this.repo().findBy({ id: In(ids) })).map(toRecord);
  }

  /** The ids among `ids` that the actor may see. */
  async visibleIds(actor: Actor, ids: string[], tx?: Transaction): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const vis = defendantVisibilityCondition(actor, 'd', 2);
    const rows: { id: string }[] = await this.manager(tx).query(
      `SELECT d.id FROM defendants d WHERE d.id = ANY($1::uuid[]) AND ${vis.sql}`,
      [ids, ...vis.params],
    );
    return new Set(rows.map((r) => r.id));
  }

  async findVisibleById(actor: Actor, id: string, tx?: Transaction): Promise<DefendantRecord | null> {
    const visible = await this.visibleIds(actor, [id], tx);
    return visible.has(id) ? this.findById(id, tx) : null;
  }

  /** Locks the row for a change; the caller has checked that the actor may see it. */
  async findByIdForUpdate(tx: Transaction, id: string): Promise<DefendantRecord | null> {
    const row = await this.repo(tx)
      .createQueryBuilder('d')
      .setLock('pessimistic_write')
      .where('d.id = :id', { id })
      .getOne();
    return row && toRecord(row);
  }

  async listVisible(
    actor: Actor,
    filter: { detentionCenterId?: string; q?: string; limit: number },
  ): Promise<DefendantRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.detentionCenterId) {
      params.push(filter.detentionCenterId);
      where.push(`d.detention_center_id = $${params.length}`);
    }
    if (filter.q) {
      params.push(likePattern(filter.q));
      where.push(`d.name ILIKE $${params.length}`);
    }
    const vis = defendantVisibilityCondition(actor, 'd', params.length + 1);
    where.push(vis.sql);
    params.push(...vis.params, filter.limit);
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT d.id FROM defendants d WHERE ${where.join(' AND ')} ORDER BY d.name, d.id LIMIT $${params.length}`,
      params,
    );
    const byId = new Map((await this.findByIds(rows.map((r) => r.id))).map((d) => [d.id, d]));
    return rows.map((r) => byId.get(r.id)).filter((d): d is DefendantRecord => d !== undefined);
  }

  /**
   * The defendants whose identity number is exactly `idNumber` (letters in any case; never a part of it), held in
   * `detentionCenterId` if given: at most two ids, enough to tell one from several.
   */
  async idsByIdNumber(tx: Transaction, idNumber: string, detentionCenterId?: string): Promise<string[]> {
    const rows: { id: string }[] = await managerOf(tx).query(
      `SELECT id FROM defendants
        WHERE upper(id_number) = upper($1) AND ($2::uuid IS NULL OR detention_center_id = $2::uuid)
        ORDER BY id LIMIT 2`,
      [idNumber, detentionCenterId ?? null],
    );
    return rows.map((r) => r.id);
  }

  /** Lets an organization see a defendant (defendantVisibilityCondition); a second grant changes nothing. */
  async grantAccess(
    tx: Transaction,
    grant: { organizationId: string; defendantId: string; grantedBy: string },
  ): Promise<void> {
    await managerOf(tx).query(
      `INSERT INTO defendant_access (organization_id, defendant_id, granted_by) VALUES ($1, $2, $3)
       ON CONFLICT (organization_id, defendant_id) DO NOTHING`,
      [grant.organizationId, grant.defendantId, grant.grantedBy],
    );
  }

  async insert(tx: Transaction, defendant: NewDefendant): Promise<DefendantRecord> {
    const saved = await this.repo(tx).save(this.repo(tx).create(defendant));
    return (await this.findById(saved.id, tx))!;
  }

  /**
   * A change of custody status or detention center fires the database trigger that flags the defendant's future
   * hearings, in this same transaction.
   */
  async update(tx: Transaction, id: string, changes: DefendantChanges): Promise<DefendantRecord> {
    await this.repo(tx).update({ id }, { ...changes, updatedAt: () => 'now()' });
    return (await this.findById(id, tx))!;
  }
}
