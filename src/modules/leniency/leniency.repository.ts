import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor, Role } from '../../common/http/request-context';
import { caseVisibilityCondition } from '../../kernel/access/case-visibility';
import { managerOf, type Transaction } from '../../platform/database/transaction';
import type { WitnessRole } from './leniency-record.entity';
import type {
  DecisionKind,
  LeniencyActionName,
  LeniencyRecordState,
  LeniencyState,
  Penalty,
  Procedure,
  ProposalKind,
  SentencingProposal,
} from './leniency-transitions';

/** A defendant of a case as the leniency record needs them: who holds the case, and the defendant's lawyer. */
export interface LeniencyCaseFacts {
  caseId: string;
  courtId: string;
  procuratorateId: string;
  prosecutorId: string;
  /** Whether the actor who asked sees the case (case-visibility.ts). */
  visible: boolean;
  /** Whether the defendant is in the case; their defense lawyer when they are. */
  defendantInCase: boolean;
  defenseLawyerId: string | null;
}

export interface StoredProposal extends SentencingProposal {
  position: number;
  proposedAt: Date;
  proposedBy: string;
  recordedAt: Date;
}

export interface LeniencyStepRecord {
  action: LeniencyActionName;
  actorId: string | null;
  recordedAt: Date;
  payload: Record<string, unknown>;
}

/** A stored record: the state machine's view of it, plus what only the store keeps (who, when recorded). */
export interface LeniencyRecordRecord {
  id: string;
  caseId: string;
  defendantId: string;
  machine: LeniencyRecordState;
  witnessRole: WitnessRole | null;
  proposals: StoredProposal[];
  history: LeniencyStepRecord[];
}

export interface HearingFacts {
  caseId: string;
  kind: string;
  status: string;
  defendantIds: string[];
  lawyerIds: string[];
}

/** A record imported whole: the state machine's final state, who made each proposal, and the steps' history. */
export interface ImportedLeniencyRecord {
  caseId: string;
  defendantId: string;
  next: LeniencyRecordState;
  witnessRole: WitnessRole | null;
  /** Who made each proposal of `next.proposals`, in order. */
  proposedBy: string[];
  /** Each step's history row, `recordedAt` the step's own instant (the record was kept elsewhere at the time). */
  steps: { action: LeniencyActionName; actorId: string; recordedAt: Date; payload: Record<string, unknown> }[];
}

/** What a step writes: the record as the state machine left it, and the step's history row. */
export interface LeniencyWrite {
  recordId: string;
  next: LeniencyRecordState;
  witnessRole: WitnessRole | null;
  /** A proposal made by this step (the last of `next.proposals`), with who made it. */
  proposedBy: string | null;
  step: { action: LeniencyActionName; actorId: string; payload: Record<string, unknown> };
}

interface RecordRow {
  id: string;
  case_id: string;
  defendant_id: string;
  state: LeniencyState;
  informed_at: Date | null;
  accepted_at: Date | null;
  affidavit_signed_at: Date | null;
  affidavit_witness_lawyer_id: string | null;
  affidavit_witness_role: WitnessRole | null;
  affidavit_procedure: Procedure | null;
  affidavit_hearing_id: string | null;
  concluded_at: Date | null;
  leniency_applied: boolean | null;
  decided_at: Date | null;
  decision: DecisionKind | null;
  sentence_months: number | null;
  sentence_probation: boolean | null;
  decision_hearing_id: string | null;
  withdrawn_at: Date | null;
  withdrawal_reason: string | null;
}

/** A proposal's instants as json_agg gives them (ISO 8601 strings). */
interface JsonDates {
  proposed_at: string;
  recorded_at: string;
}

interface ProposalRow {
  position: number;
  kind: ProposalKind;
  penalty: Penalty;
  term_months: number | null;
  min_months: number | null;
  max_months: number | null;
  probation: boolean;
  fine_yuan: number | null;
  proposed_at: Date;
  proposed_by: string;
  recorded_at: Date;
}

@Injectable()
export class LeniencyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(tx?: Transaction) {
    return tx ? managerOf(tx) : this.dataSource.manager;
  }

  /** The case with the defendant's place in it, and whether `actor` sees it; null when there is no such case. */
  async caseFacts(actor: Actor, caseId: string, defendantId: string): Promise<LeniencyCaseFacts | null> {
    return (await this.caseFactsOf(actor, caseId, [defendantId]))?.get(defendantId) ?? null;
  }

  /**
   * The case with each defendant's place in it (one statement, whatever their number), and whether `actor` sees
   * it; null when there is no such case.
   */
  async caseFactsOf(
    actor: Actor,
    caseId: string,
    defendantIds: string[],
    tx?: Transaction,
  ): Promise<Map<string, LeniencyCaseFacts> | null> {
    const vis = caseVisibilityCondition(actor, 'c', 3);
    const rows: {
      court_id: string;
      procuratorate_id: string;
      prosecutor_id: string;
      visible: boolean;
      in_case: { defendant_id: string; defense_lawyer_id: string | null }[];
    }[] = await this.manager(tx).query(
      `SELECT c.court_id, c.procuratorate_id, c.prosecutor_id, (${vis.sql}) AS visible,
              coalesce((SELECT json_agg(json_build_object('defendant_id', cd.defendant_id,
                                                          'defense_lawyer_id', cd.defense_lawyer_id))
                          FROM case_defendants cd WHERE cd.case_id = c.id AND cd.defendant_id = ANY($2::uuid[])),
                       '[]') AS in_case
         FROM cases c WHERE c.id = $1`,
      [caseId, defendantIds, ...vis.params],
    );
    const r = rows[0];
    if (!r) return null;
    const lawyers = new Map(r.in_case.map((d) => [d.defendant_id, d.defense_lawyer_id]));
    return new Map(
      defendantIds.map((defendantId) => [
        defendantId,
        {
          caseId,
          courtId: r.court_id,
          procuratorateId: r.procuratorate_id,
          prosecutorId: r.prosecutor_id,
          visible: r.visible,
          defendantInCase: lawyers.has(defendantId),
          defenseLawyerId: lawyers.get(defendantId) ?? null,
        },
      ]),
    );
  }

  async userFacts(tx: Transaction, userId: string): Promise<{ role: Role; active: boolean } | null> {
    const rows: { role: Role; active: boolean }[] = await managerOf(tx).query(
      `SELECT role, active FROM users WHERE id = $1`,
      [userId],
    );
    return rows[0] ?? null;
  }

  async hearingFacts(tx: Transaction, hearingId: string): Promise<HearingFacts | null> {
    const rows: { case_id: string; kind: string; status: string; defendant_ids: string[]; lawyer_ids: string[] }[] =
      await managerOf(tx).query(
        `SELECT h.case_id, h.kind, h.status,
                ARRAY(SELECT hd.defendant_id FROM hearing_defendants hd WHERE hd.hearing_id = h.id) AS defendant_ids,
                ARRAY(SELECT hl.lawyer_id FROM hearing_lawyers hl WHERE hl.hearing_id = h.id) AS lawyer_ids
           FROM hearings h WHERE h.id = $1`,
        [hearingId],
      );
    const r = rows[0];
    return r
      ? { caseId: r.case_id, kind: r.kind, status: r.status, defendantIds: r.defendant_ids, lawyerIds: r.lawyer_ids }
      : null;
  }

  async find(caseId: string, defendantId: string, tx?: Transaction): Promise<LeniencyRecordRecord | null> {
    const rows: RecordRow[] = await this.manager(tx).query(
      `SELECT * FROM leniency_records WHERE case_id = $1 AND defendant_id = $2`,
      [caseId, defendantId],
    );
    return rows[0] ? this.load(rows[0], tx) : null;
  }

  /**
   * The record of the defendant in the case, created (state open) when it has none, and locked until the
   * transaction ends: concurrent steps on one record are applied one after the other. Two first steps racing: the
   * second waits on the first one's insert, then reads and locks the row it committed. Read with its proposals in
   * one statement, without its history (a step does not read it: `history` is empty); a record that does not exist
   * yet costs an insert and a second read.
   */
  async lock(tx: Transaction, caseId: string, defendantId: string): Promise<LeniencyRecordRecord> {
    const m = managerOf(tx);
    const read = async () =>
      (await m.query(
        `SELECT r.*, coalesce((SELECT json_agg(p ORDER BY p.position) FROM leniency_proposals p
                                WHERE p.record_id = r.id), '[]') AS proposals
           FROM leniency_records r WHERE r.case_id = $1 AND r.defendant_id = $2 FOR UPDATE OF r`,
        [caseId, defendantId],
      )) as (RecordRow & { proposals: (Omit<ProposalRow, 'proposed_at' | 'recorded_at'> & JsonDates)[] })[];
    let rows = await read();
    if (rows.length === 0) {
      await m.query(
        `INSERT INTO leniency_records (case_id, defendant_id) VALUES ($1, $2) ON CONFLICT (case_id, defendant_id) DO NOTHING`,
        [caseId, defendantId],
      );
      rows = await read();
    }
    const { proposals, ...row } = rows[0];
    return this.toRecord(
      row,
      proposals.map((p) => ({ ...p, proposed_at: new Date(p.proposed_at), recorded_at: new Date(p.recorded_at) })),
      [],
    );
  }

  /**
   * `lock` for several defendants of a case at once (a hearing's outcome): one statement for the records that
   * exist, one insert and one more read only for those that do not. Locked in defendant order, so that two
   * outcomes naming the same defendants cannot deadlock.
   */
  async lockMany(tx: Transaction, caseId: string, defendantIds: string[]): Promise<Map<string, LeniencyRecordRecord>> {
    const m = managerOf(tx);
    const ids = [...new Set(defendantIds)].sort();
    const read = async (which: string[]) =>
      (await m.query(
        `SELECT r.*, coalesce((SELECT json_agg(p ORDER BY p.position) FROM leniency_proposals p
                                WHERE p.record_id = r.id), '[]') AS proposals
           FROM leniency_records r WHERE r.case_id = $1 AND r.defendant_id = ANY($2::uuid[])
          ORDER BY r.defendant_id FOR UPDATE OF r`,
        [caseId, which],
      )) as (RecordRow & { proposals: (Omit<ProposalRow, 'proposed_at' | 'recorded_at'> & JsonDates)[] })[];
    const rows = await read(ids);
    const missing = ids.filter((d) => !rows.some((r) => r.defendant_id === d));
    if (missing.length > 0) {
      await m.query(
        `INSERT INTO leniency_records (case_id, defendant_id) SELECT $1, unnest($2::uuid[])
         ON CONFLICT (case_id, defendant_id) DO NOTHING`,
        [caseId, missing],
      );
      rows.push(...(await read(missing)));
    }
    return new Map(
      rows.map(({ proposals, ...row }) => [
        row.defendant_id,
        this.toRecord(
          row,
          proposals.map((p) => ({ ...p, proposed_at: new Date(p.proposed_at), recorded_at: new Date(p.recorded_at) })),
          [],
        ),
      ]),
    );
  }

  private async load(r: RecordRow, tx?: Transaction): Promise<LeniencyRecordRecord> {
    const [proposals, steps]: [ProposalRow[], LeniencyStepRecord[]] = await Promise.all([
      this.manager(tx).query(`SELECT * FROM leniency_proposals WHERE record_id = $1 ORDER BY position`, [r.id]),
      this.manager(tx).query(
        `SELECT action, actor_id AS "actorId", recorded_at AS "recordedAt", payload
           FROM leniency_steps WHERE record_id = $1 ORDER BY id`,
        [r.id],
      ),
    ]);
    return this.toRecord(r, proposals, steps);
  }

  private toRecord(r: RecordRow, proposals: ProposalRow[], steps: LeniencyStepRecord[]): LeniencyRecordRecord {
    const stored: StoredProposal[] = proposals.map((p) => ({
      position: p.position,
      kind: p.kind,
      penalty: p.penalty,
      termMonths: p.term_months,
      minMonths: p.min_months,
      maxMonths: p.max_months,
      probation: p.probation,
      fineYuan: p.fine_yuan,
      proposedAt: p.proposed_at,
      proposedBy: p.proposed_by,
      recordedAt: p.recorded_at,
    }));
    return {
      id: r.id,
      caseId: r.case_id,
      defendantId: r.defendant_id,
      witnessRole: r.affidavit_witness_role,
      proposals: stored,
      history: steps,
      machine: {
        state: r.state,
        informedAt: r.informed_at,
        acceptedAt: r.accepted_at,
        affidavit:
          r.affidavit_signed_at && r.affidavit_witness_lawyer_id && r.affidavit_procedure
            ? {
                signedAt: r.affidavit_signed_at,
                witnessLawyerId: r.affidavit_witness_lawyer_id,
                procedure: r.affidavit_procedure,
                hearingId: r.affidavit_hearing_id,
              }
            : null,
        proposals: stored.map(({ position: _p, proposedBy: _b, recordedAt: _r, ...p }) => p),
        conclusion:
          r.concluded_at && r.leniency_applied !== null
            ? { concludedAt: r.concluded_at, leniencyApplied: r.leniency_applied }
            : null,
        decision:
          r.decided_at && r.decision && r.sentence_months !== null && r.sentence_probation !== null
            ? {
                decidedAt: r.decided_at,
                decision: r.decision,
                sentenceMonths: r.sentence_months,
                probation: r.sentence_probation,
                hearingId: r.decision_hearing_id,
              }
            : null,
        withdrawal:
          r.withdrawn_at && r.withdrawal_reason !== null ? { at: r.withdrawn_at, reason: r.withdrawal_reason } : null,
      },
    };
  }

  /**
   * Writes the record as the step left it, the step's proposal (if it made one) and its history row. The record's
   * procuratorate, court and prosecutor are the database's: the case's until the conclusion, then frozen.
   */
  async write(tx: Transaction, w: LeniencyWrite): Promise<void> {
    const m = managerOf(tx);
    const n = w.next;
    const last = n.proposals[n.proposals.length - 1];
    const params: unknown[] = [
      w.recordId,
      ...recordColumnValues(n, w.witnessRole),
      w.step.action,
      w.step.actorId,
      JSON.stringify(w.step.payload),
    ];
    let proposal = '';
    if (w.proposedBy && last) {
      params.push(
        n.proposals.length,
        last.kind,
        last.penalty,
        last.termMonths,
        last.minMonths,
        last.maxMonths,
        last.probation,
        last.fineYuan,
        last.proposedAt,
        w.proposedBy,
      );
      proposal = `, proposal AS (
        INSERT INTO leniency_proposals (record_id, position, kind, penalty, term_months, min_months, max_months,
                                        probation, fine_yuan, proposed_at, proposed_by)
        SELECT id, $25::int, $26::text, $27::text, $28::int, $29::int, $30::int, $31::boolean, $32::int,
               $33::timestamptz, $34::uuid FROM record)`;
    }
    // The record, the step's proposal and its history row in one statement.
    await m.query(
      `WITH record AS (
         UPDATE leniency_records SET
           state = $2, informed_at = $3, accepted_at = $4,
           affidavit_signed_at = $5, affidavit_witness_lawyer_id = $6, affidavit_witness_role = $7,
           affidavit_procedure = $8, affidavit_hearing_id = $9,
           proposed_at = $10, proposal_kind = $11, proposal_count = $12,
           concluded_at = $13, leniency_applied = $14,
           decided_at = $15, decision = $16, sentence_months = $17, sentence_probation = $18, decision_hearing_id = $19,
           withdrawn_at = $20, withdrawal_reason = $21, updated_at = now()
         WHERE id = $1 RETURNING id)${proposal}
       INSERT INTO leniency_steps (record_id, action, actor_id, payload)
       SELECT id, $22::text, $23::uuid, $24::jsonb FROM record`,
      params,
    );
  }

  /**
   * Records imported whole, in bulk (the demo data's past years): each as the state machine left it after its
   * steps, with its proposals and its history, in the same columns that `write` fills step by step. The caller
   * replays the steps through `applyLeniencyAction` first; this only stores the outcome.
   */
  async importRecords(tx: Transaction, records: readonly ImportedLeniencyRecord[]): Promise<void> {
    const m = managerOf(tx);
    for (let from = 0; from < records.length; from += IMPORT_CHUNK) {
      const chunk = records.slice(from, from + IMPORT_CHUNK);
      const ids = chunk.map(() => randomUUID());
      const columns = chunk.map((r) => [
        r.caseId,
        r.defendantId,
        ...recordColumnValues(r.next, r.witnessRole),
        r.steps[0].recordedAt,
        r.steps[r.steps.length - 1].recordedAt,
      ]);
      const column = (i: number) => columns.map((c) => c[i]);
      await m.query(
        `INSERT INTO leniency_records (id, case_id, defendant_id, state, informed_at, accepted_at,
           affidavit_signed_at, affidavit_witness_lawyer_id, affidavit_witness_role, affidavit_procedure,
           affidavit_hearing_id, proposed_at, proposal_kind, proposal_count, concluded_at, leniency_applied,
           decided_at, decision, sentence_months, sentence_probation, decision_hearing_id, withdrawn_at,
           withdrawal_reason, created_at, updated_at)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::timestamptz[], $6::timestamptz[],
           $7::timestamptz[], $8::uuid[], $9::text[], $10::text[], $11::uuid[], $12::timestamptz[], $13::text[],
           $14::int[], $15::timestamptz[], $16::boolean[], $17::timestamptz[], $18::text[], $19::int[],
           $20::boolean[], $21::uuid[], $22::timestamptz[], $23::text[], $24::timestamptz[], $25::timestamptz[])`,
        [ids, ...Array.from({ length: 24 }, (_, i) => column(i))],
      );
      const proposals = chunk.flatMap((r, i) =>
        r.next.proposals.map((p, k) => ({ recordId: ids[i], position: k + 1, p, by: r.proposedBy[k] })),
      );
      await m.query(
        `INSERT INTO leniency_proposals (record_id, position, kind, penalty, term_months, min_months, max_months,
                                         probation, fine_yuan, proposed_at, proposed_by, recorded_at)
         SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::int[], $6::int[], $7::int[],
           $8::boolean[], $9::int[], $10::timestamptz[], $11::uuid[], $10::timestamptz[])`,
        [
          proposals.map((x) => x.recordId),
          proposals.map((x) => x.position),
          proposals.map((x) => x.p.kind),
          proposals.map((x) => x.p.penalty),
          proposals.map((x) => x.p.termMonths),
          proposals.map((x) => x.p.minMonths),
          proposals.map((x) => x.p.maxMonths),
          proposals.map((x) => x.p.probation),
          proposals.map((x) => x.p.fineYuan),
          proposals.map((x) => x.p.proposedAt),
          proposals.map((x) => x.by),
        ],
      );
      const steps = chunk.flatMap((r, i) => r.steps.map((s) => ({ recordId: ids[i], ...s })));
      await m.query(
        `INSERT INTO leniency_steps (record_id, action, actor_id, recorded_at, payload)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::timestamptz[], $5::jsonb[])`,
        [
          steps.map((s) => s.recordId),
          steps.map((s) => s.action),
          steps.map((s) => s.actorId),
          steps.map((s) => s.recordedAt),
          steps.map((s) => JSON.stringify(s.payload)),
        ],
      );
    }
  }
}

const IMPORT_CHUNK = 2000;

/**
 * The record's columns from `state` to `withdrawal_reason`, as the state machine left it (`write`,
 * `importRecords`); its procuratorate, court and prosecutor are the database's (migration LeniencyScopeStamped).
 */
function recordColumnValues(n: LeniencyRecordState, witnessRole: WitnessRole | null): unknown[] {
  const first = n.proposals[0];
  const last = n.proposals[n.proposals.length - 1];
  return [
    n.state,
    n.informedAt,
    n.acceptedAt,
    n.affidavit?.signedAt ?? null,
    n.affidavit?.witnessLawyerId ?? null,
    n.affidavit ? witnessRole : null,
    n.affidavit?.procedure ?? null,
    n.affidavit?.hearingId ?? null,
    first?.proposedAt ?? null,
    last?.kind ?? null,
    n.proposals.length,
    n.conclusion?.concludedAt ?? null,
    n.conclusion?.leniencyApplied ?? null,
    n.decision?.decidedAt ?? null,
    n.decision?.decision ?? null,
    n.decision?.sentenceMonths ?? null,
    n.decision?.probation ?? null,
    n.decision?.hearingId ?? null,
    n.withdrawal?.at ?? null,
    n.withdrawal?.reason ?? null,
  ];
}
