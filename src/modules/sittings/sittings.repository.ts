import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../common/http/request-context';
import { caseVisibilityCondition } from '../../kernel/access/case-visibility';
import type { HearingKind } from '../hearings/hearing.entity';
import { Sitting, UnscheduledCaseRecord } from './sitting.entity';

export interface NewSitting {
  courtId: string;
  courtroomId: string;
  judgeId: string;
  prosecutorId: string;
  windowStartsAt: Date;
  windowEndsAt: Date;
  startsAt: Date | null;
  endsAt: Date | null;
  gapMinutes: number;
  lowerBoundMinutes: number;
  hearingKind: HearingKind;
  unscheduled: UnscheduledCaseRecord[];
  createdBy: string;
}

@Injectable()
export class SittingsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(Sitting);
  }

  async insert(manager: EntityManager, row: NewSitting): Promise<Sitting> {
    const saved = await this.repo(manager).save(this.repo(manager).create(row));
    return (await this.findById(saved.id, manager))!;
  }

  /** `lock` holds the row until the transaction ends (cancelling). */
  async findById(id: string, manager?: EntityManager, options: { lock?: boolean } = {}): Promise<Sitting | null> {
    if (options.lock)
      await (manager ?? this.dataSource.manager).query(`SELECT 1 FROM sittings WHERE id = $1 FOR UPDATE`, [id]);
    return this.repo(manager).findOneBy({ id });
  }

  /**
   * Who may see a sitting: admin; clerks and judges of its court; a prosecutor who is its prosecutor or who may see
   * one of its hearings' cases (caseVisibilityCondition). Nobody else (lawyers and detention officers included).
   */
  async isVisible(actor: Actor, id: string, manager?: EntityManager): Promise<boolean> {
    switch (actor.role) {
      case 'admin':
        return (await this.repo(manager).countBy({ id })) > 0;
      case 'clerk':
      case 'judge':
        return !!actor.organizationId && (await this.repo(manager).countBy({ id, courtId: actor.organizationId })) > 0;
      case 'prosecutor': {
        const vis = caseVisibilityCondition(actor, 'c', 3);
        const rows: unknown[] = await (manager ?? this.dataSource.manager).query(
          `SELECT 1 FROM sittings s
            WHERE s.id = $1
              AND (s.prosecutor_id = $2
                   OR EXISTS (SELECT 1 FROM hearings h JOIN cases c ON c.id = h.case_id
                               WHERE h.sitting_id = s.id AND ${vis.sql}))`,
          [id, actor.id, ...vis.params],
        );
        return rows.length > 0;
      }
      default:
        return false;
    }
  }

  /** The sitting's hearings, in the order they are heard. */
  async findHearingIds(sittingId: string, manager?: EntityManager): Promise<string[]> {
    const rows: { id: string }[] = await (manager ?? this.dataSource.manager).query(
      `SELECT id FROM hearings WHERE sitting_id = $1 ORDER BY starts_at, id`,
      [sittingId],
    );
    return rows.map((r) => r.id);
  }

  async markCancelled(manager: EntityManager, id: string, reason: string): Promise<Sitting> {
    await manager.query(
      `UPDATE sittings SET status = 'cancelled', cancel_reason = $2, cancelled_at = now(), updated_at = now() WHERE id = $1`,
      [id, reason],
    );
    return (await this.findById(id, manager))!;
  }
}
