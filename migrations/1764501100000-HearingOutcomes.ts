import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hearing outcomes: a hearing's status can now also be `completed`, `adjourned` or `failed`, given by its outcome
 * (one row of `hearing_outcomes` per hearing).
 *
 * Which statuses hold people and rooms: every status but `cancelled`. A hearing that took place (or was adjourned,
 * or failed) did take its time, so its reservations stay; only cancellation frees them, as before: the trigger
 * `hearings_release_on_cancel` fires only on the change to `cancelled`, and `reservations_only_for_active_hearings`
 * refuses reservations only for cancelled hearings, so neither changes. The clash query
 * (`ReservationsRepository.findClashes`) now reports a clash with any hearing that is not cancelled (it read
 * `scheduled` only); the slot finder reads the reservations themselves (`findBusy`), which only non-cancelled
 * hearings hold. The custody trigger (`defendants_flag_future_hearings`) and the case-change follower keep to
 * scheduled future hearings: a hearing with an outcome is not re-booked.
 */
export class HearingOutcomes1764501100000 implements MigrationInterface {
  name = 'HearingOutcomes1764501100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE hearings
        DROP CONSTRAINT hearings_status_check,
        ADD CONSTRAINT hearings_status_check
          CHECK (status IN ('scheduled', 'cancelled', 'completed', 'adjourned', 'failed'))`);
    await q.query(`
      CREATE TABLE hearing_outcomes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        hearing_id uuid NOT NULL REFERENCES hearings (id) ON DELETE CASCADE,
        result text NOT NULL CHECK (result IN
          ('held', 'adjourned', 'defendant_absent', 'party_absent', 'technical_failure')),
        started_at timestamptz,
        ended_at timestamptz,
        notes text,
        recorded_by uuid NOT NULL REFERENCES users (id),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        corrected_reason text,
        corrected_by uuid REFERENCES users (id),
        corrected_at timestamptz,
        follow_up_hearing_id uuid REFERENCES hearings (id),
        CONSTRAINT hearing_outcomes_hearing_unique UNIQUE (hearing_id),
        CHECK (ended_at IS NULL OR started_at IS NULL OR ended_at >= started_at),
        CHECK ((corrected_at IS NULL) = (corrected_reason IS NULL) AND (corrected_at IS NULL) = (corrected_by IS NULL))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE hearing_outcomes`);
    // The old CHECK knows no outcome statuses: those hearings go back to scheduled.
    await q.query(`UPDATE hearings SET status = 'scheduled' WHERE status IN ('completed', 'adjourned', 'failed')`);
    await q.query(`
      ALTER TABLE hearings
        DROP CONSTRAINT hearings_status_check,
        ADD CONSTRAINT hearings_status_check CHECK (status IN ('scheduled', 'cancelled'))`);
  }
}
