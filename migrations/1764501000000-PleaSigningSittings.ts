import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Concentrated plea signings: a sitting of kind `plea_signing` is the procuratorate's, held without court,
 * courtroom or judge, by one prosecutor with a duty lawyer (值班律师) for the cases that have no lawyer of their
 * own. Court, courtroom and judge become nullable; the procuratorate and the duty lawyer get columns; one CHECK
 * ties the columns to the kind.
 */
export class PleaSigningSittings1764501000000 implements MigrationInterface {
  name = 'PleaSigningSittings1764501000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE sittings
        DROP CONSTRAINT sittings_hearing_kind_check,
        ALTER COLUMN court_id DROP NOT NULL,
        ALTER COLUMN courtroom_id DROP NOT NULL,
        ALTER COLUMN judge_id DROP NOT NULL,
        ADD COLUMN procuratorate_id uuid REFERENCES organizations (id),
        ADD COLUMN duty_lawyer_id uuid REFERENCES users (id)`);
    await q.query(`
      ALTER TABLE sittings
        ADD CONSTRAINT sittings_hearing_kind_check CHECK (hearing_kind IN
          ('arraignment', 'plea_signing', 'speedy_trial', 'trial', 'sentencing', 'pretrial_conference')),
        ADD CONSTRAINT sittings_parties_of_kind_check CHECK (
          CASE WHEN hearing_kind = 'plea_signing'
            THEN court_id IS NULL AND courtroom_id IS NULL AND judge_id IS NULL AND procuratorate_id IS NOT NULL
            ELSE court_id IS NOT NULL AND courtroom_id IS NOT NULL AND judge_id IS NOT NULL
                 AND procuratorate_id IS NULL AND duty_lawyer_id IS NULL
          END)`);
    await q.query(`CREATE INDEX sittings_procuratorate_idx ON sittings (procuratorate_id, window_starts_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Plea signings cannot be kept in the old shape: their hearings stay, on their own.
    await q.query(`
      UPDATE hearings SET sitting_id = NULL
       WHERE sitting_id IN (SELECT id FROM sittings WHERE hearing_kind = 'plea_signing')`);
    await q.query(`DELETE FROM sittings WHERE hearing_kind = 'plea_signing'`);
    await q.query(`DROP INDEX sittings_procuratorate_idx`);
    await q.query(`
      ALTER TABLE sittings
        DROP CONSTRAINT sittings_parties_of_kind_check,
        DROP CONSTRAINT sittings_hearing_kind_check,
        DROP COLUMN duty_lawyer_id,
        DROP COLUMN procuratorate_id,
        ALTER COLUMN court_id SET NOT NULL,
        ALTER COLUMN courtroom_id SET NOT NULL,
        ALTER COLUMN judge_id SET NOT NULL`);
    await q.query(`
      ALTER TABLE sittings
        ADD CONSTRAINT sittings_hearing_kind_check CHECK (hearing_kind IN
          ('arraignment', 'speedy_trial', 'trial', 'sentencing', 'pretrial_conference'))`);
  }
}
