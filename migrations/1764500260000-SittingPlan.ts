import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a concentrated sitting keeps of its plan besides its hearings: the kind of hearing it holds and the cases
 * the planner could not fit (with the reason), so GET /sittings/:id answers what POST /sittings answered.
 */
export class SittingPlan1764500260000 implements MigrationInterface {
  name = 'SittingPlan1764500260000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE sittings
        ADD COLUMN hearing_kind text NOT NULL DEFAULT 'speedy_trial'
          CHECK (hearing_kind IN ('arraignment', 'speedy_trial', 'trial', 'sentencing', 'pretrial_conference')),
        ADD COLUMN unscheduled jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(unscheduled) = 'array')`);
    await q.query(`CREATE INDEX sittings_court_idx ON sittings (court_id, window_starts_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX sittings_court_idx`);
    await q.query(`ALTER TABLE sittings DROP COLUMN unscheduled, DROP COLUMN hearing_kind`);
  }
}
