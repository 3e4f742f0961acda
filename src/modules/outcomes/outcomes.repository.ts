import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { managerOf, type Transaction } from '../../platform/database/transaction';
import { isUniqueViolation } from '../../platform/database/unique-violation';
import type { OutcomeResult } from './outcome-status';
import { OutcomeExistsError } from './outcomes.errors';

/** A hearing's outcome as the service and the API see it. */
export interface HearingOutcomeRecord {
  hearingId: string;
  result: OutcomeResult;
  startedAt: Date | null;
  endedAt: Date | null;
  notes: string | null;
  recordedBy: string;
  recordedAt: Date;
  correctionReason: string | null;
  correctedBy: string | null;
  correctedAt: Date | null;
  followUpHearingId: string | null;
}

export interface OutcomeFields {
  result: OutcomeResult;
  startedAt: Date | null;
  endedAt: Date | null;
  notes: string | null;
}

const COLUMNS = `hearing_id AS "hearingId", result, started_at AS "startedAt", ended_at AS "endedAt", notes,
  recorded_by AS "recordedBy", recorded_at AS "recordedAt", corrected_reason AS "correctionReason",
  corrected_by AS "correctedBy", corrected_at AS "correctedAt", follow_up_hearing_id AS "followUpHearingId"`;

/** The rows of `hearing_outcomes`, one per hearing. */
@Injectable()
export class OutcomesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(tx?: Transaction): EntityManager {
    return tx ? managerOf(tx) : this.dataSource.manager;
  }

  async find(hearingId: string, tx?: Transaction): Promise<HearingOutcomeRecord | null> {
    const rows: HearingOutcomeRecord[] = await this.m(tx).query(
      `SELECT ${COLUMNS} FROM hearing_outcomes WHERE hearing_id = $1`,
      [hearingId],
    );
    return rows[0] ?? null;
  }

  /** The outcome; a second one for the hearing → OutcomeExistsError (hearing_outcomes_hearing_unique). */
  async insert(
    tx: Transaction,
    hearingId: string,
    fields: OutcomeFields,
    recordedBy: string,
    followUpHearingId: string | null,
  ): Promise<HearingOutcomeRecord> {
    try {
      const rows: HearingOutcomeRecord[] = await managerOf(tx).query(
        `INSERT INTO hearing_outcomes (hearing_id, result, started_at, ended_at, notes, recorded_by, follow_up_hearing_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
        [hearingId, fields.result, fields.startedAt, fields.endedAt, fields.notes, recordedBy, followUpHearingId],
      );
      return rows[0];
    } catch (err) {
      if (isUniqueViolation(err, 'hearing_outcomes_hearing_unique')) throw new OutcomeExistsError(hearingId);
      throw err;
    }
  }

  /** A correction: the new fields, with who corrected it, when and why. */
  async correct(
    tx: Transaction,
    hearingId: string,
    fields: OutcomeFields,
    correctedBy: string,
    reason: string,
  ): Promise<HearingOutcomeRecord> {
    // An UPDATE ... RETURNING answers [rows, count].
    const [rows]: [HearingOutcomeRecord[], number] = await managerOf(tx).query(
      `UPDATE hearing_outcomes
          SET result = $2, started_at = $3, ended_at = $4, notes = $5,
              corrected_by = $6, corrected_reason = $7, corrected_at = now()
        WHERE hearing_id = $1 RETURNING ${COLUMNS}`,
      [hearingId, fields.result, fields.startedAt, fields.endedAt, fields.notes, correctedBy, reason],
    );
    return rows[0];
  }
}
