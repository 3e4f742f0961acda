import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { Actor } from '../../common/http/request-context';
import { Defendant, type CustodyStatus } from './defendant.entity';
import { defendantVisibilityCondition } from '../../kernel/access/defendant-visibility';

export interface NewDefendant {
  name: string;
  idNumber: string | null;
  detentionCenterId: string;
  custodyStatus: CustodyStatus;
  registeredByOrganizationId: string | null;
}

export type DefendantChanges = Partial<Pick<Defendant, 'name' | 'idNumber' | 'detentionCenterId' | 'custodyStatus'>>;

/** `%` and `_` typed by a user are matched literally. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

@Injectable()
export class DefendantsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(Defendant);
  }

  /** Any defendant, whoever asks: for code that has already checked access. */
  findById(id: string, manager?: EntityManager): Promise<Defendant | null> {
    return this.repo(manager).findOneBy({ id });
  }

  findByIds(ids: string[], manager?: EntityManager): Promise<Defendant[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.repo(manager).findBy({ id: In(ids) });
  }

  /** The ids among `ids` that the actor may see. */
  async visibleIds(actor: Actor, ids: string[], manager?: EntityManager): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const vis = defendantVisibilityCondition(actor, 'd', 2);
    const rows: { id: string }[] = await (manager ?? this.dataSource.manager).query(
      `SELECT d.id FROM defendants d WHERE d.id = ANY($1::uuid[]) AND ${vis.sql}`,
      [ids, ...vis.params],
    );
    return new Set(rows.map((r) => r.id));
  }

  async findVisibleById(actor: Actor, id: string, manager?: EntityManager): Promise<Defendant | null> {
    const visible = await this.visibleIds(actor, [id], manager);
    return visible.has(id) ? this.findById(id, manager) : null;
  }

  /** Locks the row for a change; the caller has checked that the actor may see it. */
  findByIdForUpdate(manager: EntityManager, id: string): Promise<Defendant | null> {
    return this.repo(manager).createQueryBuilder('d').setLock('pessimistic_write').where('d.id = :id', { id }).getOne();
  }

  async listVisible(
    actor: Actor,
    filter: { detentionCenterId?: string; q?: string; limit: number },
  ): Promise<Defendant[]> {
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
    return rows.map((r) => byId.get(r.id)).filter((d): d is Defendant => d !== undefined);
  }

  /**
   * The defendants whose identity number is exactly `idNumber` (letters in any case; never a part of it), held in
   * `detentionCenterId` if given: at most two ids, enough to tell one from several.
   */
  async idsByIdNumber(manager: EntityManager, idNumber: string, detentionCenterId?: string): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM defendants
        WHERE upper(id_number) = upper($1) AND ($2::uuid IS NULL OR detention_center_id = $2::uuid)
        ORDER BY id LIMIT 2`,
      [idNumber, detentionCenterId ?? null],
    );
    return rows.map((r) => r.id);
  }

  /** Lets an organization see a defendant (defendantVisibilityCondition); a second grant changes nothing. */
  async grantAccess(
    manager: EntityManager,
    grant: { organizationId: string; defendantId: string; grantedBy: string },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO defendant_access (organization_id, defendant_id, granted_by) VALUES ($1, $2, $3)
       ON CONFLICT (organization_id, defendant_id) DO NOTHING`,
      [grant.organizationId, grant.defendantId, grant.grantedBy],
    );
  }

  async insert(manager: EntityManager, defendant: NewDefendant): Promise<Defendant> {
    const saved = await this.repo(manager).save(this.repo(manager).create(defendant));
    return (await this.findById(saved.id, manager))!;
  }

  /**
   * A change of custody status or detention center fires the database trigger that flags the defendant's future
   * hearings, in this same transaction.
   */
  async update(manager: EntityManager, id: string, changes: DefendantChanges): Promise<Defendant> {
    await this.repo(manager).update({ id }, { ...changes, updatedAt: () => 'now()' });
    return (await this.findById(id, manager))!;
  }
}
