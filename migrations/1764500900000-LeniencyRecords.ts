import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The plea-leniency record of each defendant in each case (认罪认罚), as src/modules/leniency/leniency-transitions.ts
 * moves it: one row per (case, defendant) with its state and each step's columns, every sentencing proposal in its
 * own table (all kept, in order, with who and when), and the history of steps (who, when, action, payload).
 *
 * The statistics (later) count over a million records a year by conclusion, proposal, decision and withdrawal date
 * and filter by procuratorate, court and prosecutor, so the record carries those of the case at the conclusion and
 * the dates are indexed.
 */
export class LeniencyRecords1764500900000 implements MigrationInterface {
  name = 'LeniencyRecords1764500900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE leniency_records (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        defendant_id uuid NOT NULL,
        state text NOT NULL DEFAULT 'open' CHECK (state IN
          ('open', 'informed', 'accepted', 'affidavit_signed', 'concluded', 'decided', 'withdrawn')),
        informed_at timestamptz,
        accepted_at timestamptz,
        affidavit_signed_at timestamptz,
        affidavit_witness_lawyer_id uuid REFERENCES users (id),
        affidavit_witness_role text CHECK (affidavit_witness_role IN ('defense_lawyer', 'duty_lawyer')),
        affidavit_procedure text CHECK (affidavit_procedure IN ('speedy', 'summary', 'ordinary')),
        affidavit_hearing_id uuid REFERENCES hearings (id),
        -- The first proposal's date (a person's proposal falls in its period), the kind of the one in force, how many.
        proposed_at timestamptz,
        proposal_kind text CHECK (proposal_kind IN ('definite', 'range')),
        proposal_count integer NOT NULL DEFAULT 0 CHECK (proposal_count >= 0),
        concluded_at timestamptz,
        leniency_applied boolean,
        decided_at timestamptz,
        decision text CHECK (decision IN
          ('adopted', 'adopted_after_adjustment', 'not_adopted_lighter', 'not_adopted_heavier')),
        sentence_months integer CHECK (sentence_months >= 0),
        sentence_probation boolean,
        decision_hearing_id uuid REFERENCES hearings (id),
        withdrawn_at timestamptz,
        withdrawal_reason text,
        -- The case's organizations and prosecutor when review for prosecution concluded.
        procuratorate_id uuid REFERENCES organizations (id),
        court_id uuid REFERENCES organizations (id),
        prosecutor_id uuid REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT leniency_records_case_defendant_unique UNIQUE (case_id, defendant_id),
        CONSTRAINT leniency_records_case_defendant_fk FOREIGN KEY (case_id, defendant_id)
          REFERENCES case_defendants (case_id, defendant_id),
        -- Each step is there whole or not at all.
        CONSTRAINT leniency_records_affidavit_whole CHECK (
          (affidavit_signed_at IS NULL) = (affidavit_witness_lawyer_id IS NULL)
          AND (affidavit_signed_at IS NULL) = (affidavit_witness_role IS NULL)
          AND (affidavit_signed_at IS NULL) = (affidavit_procedure IS NULL)
          AND (affidavit_signed_at IS NOT NULL OR affidavit_hearing_id IS NULL)),
        CONSTRAINT leniency_records_proposal_whole CHECK (
          (proposed_at IS NULL) = (proposal_kind IS NULL) AND (proposed_at IS NULL) = (proposal_count = 0)),
        CONSTRAINT leniency_records_conclusion_whole CHECK (
          (concluded_at IS NULL) = (leniency_applied IS NULL)
          AND (concluded_at IS NULL) = (procuratorate_id IS NULL)
          AND (concluded_at IS NULL) = (court_id IS NULL)
          AND (concluded_at IS NULL) = (prosecutor_id IS NULL)),
        CONSTRAINT leniency_records_decision_whole CHECK (
          (decided_at IS NULL) = (decision IS NULL)
          AND (decided_at IS NULL) = (sentence_months IS NULL)
          AND (decided_at IS NULL) = (sentence_probation IS NULL)
          AND (decided_at IS NOT NULL OR decision_hearing_id IS NULL)),
        CONSTRAINT leniency_records_withdrawal_whole CHECK ((withdrawn_at IS NULL) = (withdrawal_reason IS NULL)),
        -- What each state has: no state without the steps that lead to it.
        CONSTRAINT leniency_records_state_steps CHECK (
          (state = 'open' OR concluded_at IS NOT NULL OR informed_at IS NOT NULL)
          AND (state NOT IN ('accepted', 'affidavit_signed') OR accepted_at IS NOT NULL)
          AND (state <> 'affidavit_signed' OR affidavit_signed_at IS NOT NULL)
          AND (state <> 'concluded' OR concluded_at IS NOT NULL)
          AND (state <> 'decided' OR (decided_at IS NOT NULL AND coalesce(leniency_applied, false) AND proposal_count > 0))
          AND (state <> 'withdrawn' OR withdrawn_at IS NOT NULL)
          AND (decided_at IS NULL OR state = 'decided')
          AND (NOT coalesce(leniency_applied, false) OR affidavit_signed_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX leniency_records_concluded_at_idx ON leniency_records (concluded_at)`);
    await q.query(`CREATE INDEX leniency_records_proposed_at_idx ON leniency_records (proposed_at)`);
    await q.query(`CREATE INDEX leniency_records_decided_at_idx ON leniency_records (decided_at)`);
    await q.query(`CREATE INDEX leniency_records_withdrawn_at_idx ON leniency_records (withdrawn_at)`);
    await q.query(`CREATE INDEX leniency_records_defendant_idx ON leniency_records (defendant_id)`);

    await q.query(`
      CREATE TABLE leniency_proposals (
        record_id uuid NOT NULL REFERENCES leniency_records (id),
        position integer NOT NULL CHECK (position >= 1),
        kind text NOT NULL CHECK (kind IN ('definite', 'range')),
        penalty text NOT NULL CHECK (penalty IN
          ('fixed_term', 'criminal_detention', 'public_surveillance', 'fine_only')),
        term_months integer CHECK (term_months >= 0),
        min_months integer CHECK (min_months >= 0),
        max_months integer CHECK (max_months >= 0),
        probation boolean NOT NULL,
        fine_yuan integer CHECK (fine_yuan >= 0),
        proposed_at timestamptz NOT NULL,
        proposed_by uuid NOT NULL REFERENCES users (id),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (record_id, position),
        -- A definite proposal has a term (none for a fine only) and no range; a range has min < max and no term.
        CONSTRAINT leniency_proposals_shape CHECK (
          (kind = 'definite' AND min_months IS NULL AND max_months IS NULL
             AND (term_months IS NOT NULL) = (penalty <> 'fine_only'))
          OR (kind = 'range' AND penalty <> 'fine_only' AND term_months IS NULL
             AND min_months IS NOT NULL AND max_months IS NOT NULL AND min_months < max_months)),
        CONSTRAINT leniency_proposals_fine_only CHECK (penalty <> 'fine_only' OR fine_yuan IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX leniency_proposals_proposed_at_idx ON leniency_proposals (proposed_at)`);

    await q.query(`
      CREATE TABLE leniency_steps (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        record_id uuid NOT NULL REFERENCES leniency_records (id),
        action text NOT NULL CHECK (action IN
          ('inform', 'accept', 'affidavit', 'proposal', 'conclude', 'decision', 'withdraw')),
        actor_id uuid REFERENCES users (id),
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        payload jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX leniency_steps_record_idx ON leniency_steps (record_id, id)`);
    // The history and the proposals are kept as written.
    await q.query(`
      CREATE FUNCTION leniency_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['leniency_steps', 'leniency_proposals']) {
      await q.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION leniency_append_only()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE leniency_steps`);
    await q.query(`DROP TABLE leniency_proposals`);
    await q.query(`DROP FUNCTION leniency_append_only()`);
    await q.query(`DROP TABLE leniency_records`);
  }
}
