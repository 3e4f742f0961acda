import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../common/http/request-context';
import { caseVisibilityCondition } from '../../kernel/access/case-visibility';
import { managerOf, type Transaction } from '../../platform/database/transaction';
import type { HearingKind } from '../hearings/hearing.entity';
import type { SittingStatus, UnscheduledCaseRecord } from './sitting.entity';

/** A sitting as the service and the API see it: a plain record (the entity class only declares the schema). */
export interface SittingRecord {
  id: string;
  /** Court, courtroom and judge: null for a plea signing. */
  courtId: string | null;
  courtroomId: string | null;
  judgeId: string | null;
  prosecutorId: string;
  /** A plea signing's procuratorate and duty lawyer (null for a court sitting; the duty lawyer may be null). */
  procuratorateId: string | null;
  dutyLawyerId: string | null;
  windowStartsAt: Date;
  windowEndsAt: Date;
  startsAt: Date | null;
  endsAt: Date | null;
  gapMinutes: number;
  lowerBoundMinutes: number | null;
  hearingKind: HearingKind;
  unscheduled: UnscheduledCaseRecord[];
  status: SittingStatus;
  cancelReason: string | null;
  cancelledAt: Date | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A sitting to insert: a SittingRecord before the database gives it an id, a status and its times. */
export type NewSitting = Omit<
  SittingRecord,
  'id' | 'status' | 'cancelReason' | 'cancelledAt' | 'createdAt' | 'updatedAt' | 'lowerBoundMinutes' | 'createdBy'
> & { lowerBoundMinutes: number; createdBy: string };

/** A SittingRecord's columns, from a row of `sittings` (unaliased). */
const SITTING_COLUMNS = `id, court_id AS "courtId", courtroom_id AS "courtroomId", judge_id AS "judgeId",
  prosecutor_id AS "prosecutorId", procuratorate_id AS "procuratorateId", duty_lawyer_id AS "dutyLawyerId",
  window_starts_at AS "windowStartsAt", window_ends_at AS "windowEndsAt",
  starts_at AS "startsAt", ends_at AS "endsAt", gap_minutes AS "gapMinutes", lower_bound_minutes AS "lowerBoundMinutes",
  hearing_kind AS "hearingKind", unscheduled, status, cancel_reason AS "cancelReason", cancelled_at AS "cancelledAt",
  created_by AS "createdBy", created_at AS "createdAt", updated_at AS "updatedAt"`;

@Injectable()
export class SittingsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(tx?: Transaction): EntityManager {
    return tx ? managerOf(tx) : this.dataSource.manager;
  }

  async insert(tx: Transaction, row: NewSitting): Promise<SittingRecord> {
    const rows: SittingRecord[] = await managerOf(tx).query(
      `INSERT INTO sittings (court_id, courtroom_id, judge_id, prosecutor_id, window_starts_at, window_ends_at,
                             starts_at, ends_at, gap_minutes, lower_bound_minutes, hearing_kind, unscheduled, created_by,
                             procuratorate_id, duty_lawyer_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13, $14, $15)
       RETURNING ${SITTING_COLUMNS}`,
      [
        row.courtId,
        row.courtroomId,
        row.judgeId,
        row.prosecutorId,
        row.windowStartsAt,
        row.windowEndsAt,
        row.startsAt,
        row.endsAt,
        row.gapMinutes,
        row.lowerBoundMinutes,
        row.hearingKind,
        JSON.stringify(row.unscheduled),
        row.createdBy,
        row.procuratorateId,
        row.dutyLawyerId,
      ],
    );
    return rows[0];
  }

  /** `lock` holds the row until the transaction ends (cancelling). */
  async findById(id: string, tx?: Transaction, options: { lock?: boolean } = {}): Promise<SittingRecord | null> {
    const rows: SittingRecord[] = await this.m(tx).query(
      `SELECT ${SITTING_COLUMNS} FROM sittings WHERE id = $1${options.lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  /**
   * Who may see a sitting: admin; clerks and judges of its court; a prosecutor who is its prosecutor or who may see
   * one of its hearings' cases (caseVisibilityCondition), or (a plea signing) of its procuratorate. A plea signing
   * has no court: clerks and judges see its hearings of their cases (GET /hearings), not the sitting, which may
   * hold other courts' cases. Nobody else (lawyers and detention officers included).
   */
  async isVisible(actor: Actor, id: string, tx?: Transaction): Promise<boolean> {
    const exists = async (sql: string, params: unknown[]) =>
      ((await this.m(tx).query(sql, params)) as unknown[]).length > 0;
    switch (actor.role) {
      case 'admin':
        return exists(`SELECT 1 FROM sittings WHERE id = $1`, [id]);
      case 'clerk':
      case 'judge':
        return (
          !!actor.organizationId &&
          exists(`SELECT 1 FROM sittings WHERE id = $1 AND court_id = $2`, [id, actor.organizationId])
        );
      case 'prosecutor': {
        const vis = caseVisibilityCondition(actor, 'c', 4);
        return exists(
          `SELECT 1 FROM sittings s
            WHERE s.id = $1
              AND (s.prosecutor_id = $2
                   OR s.procuratorate_id = $3
                   OR EXISTS (SELECT 1 FROM hearings h JOIN cases c ON c.id = h.case_id
                               WHERE h.sitting_id = s.id AND ${vis.sql}))`,
          [id, actor.id, actor.organizationId, ...vis.params],
        );
      }
      default:
        return false;
    }
  }

  /** The sitting's hearings, in the order they are heard. */
  async findHearingIds(sittingId: string, tx?: Transaction): Promise<string[]> {
    const rows: { id: string }[] = await this.m(tx).query(
      `SELECT id FROM hearings WHERE sitting_id = $1 ORDER BY starts_at, id`,
      [sittingId],
    );
    return rows.map((r) => r.id);
  }

  async markCancelled(tx: Transaction, id: string, reason: string): Promise<SittingRecord> {
    await managerOf(tx).query(
      `UPDATE sittings SET status = 'cancelled', cancel_reason = $2, cancelled_at = now(), updated_at = now() WHERE id = $1`,
      [id, reason],
    );
    return (await this.findById(id, tx))!;
  }
}
