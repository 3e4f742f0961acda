import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The statistics filter each record by its case's procuratorate, court and prosecutor: as they were at the
 * conclusion for a concluded record, the case's current ones otherwise. Until now only the conclusion stamped them
 * on the record, so every count joined `cases` (`coalesce(r.x, c.x)`) and no index could serve a filter together
 * with a date. Now every record carries them from its creation: a trigger copies them from the case when the record
 * is inserted, and a trigger on `cases` copies a change to the records not yet concluded (a concluded record keeps
 * those of its conclusion). So `r.procuratorate_id` is always what `coalesce(r.procuratorate_id, c.procuratorate_id)`
 * was, the columns are NOT NULL, and the conclusion no longer sets them.
 *
 * Indexes: each figure counts the records whose date (conclusion, decision, withdrawal) falls in a period, for one
 * procuratorate (a prosecutor), one court (a clerk or judge) or all (an admin), maybe also for one prosecutor. Per
 * date: one index led by the procuratorate, one by the court and one by the date alone, each on the rows having
 * the date and carrying the other filter columns and what the count reads, so each count is an index-only range
 * scan of the rows it counts (bench/README.md, "Statistics", has the EXPLAIN). They replace the single-column date
 * indexes; the proposals' date index carries the kind and the record, and a filtered count of proposals reads the
 * scope's records by (procuratorate or court, first proposal date).
 */
export class LeniencyScopeStamped1764501200000 implements MigrationInterface {
  name = 'LeniencyScopeStamped1764501200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE leniency_records DROP CONSTRAINT leniency_records_conclusion_whole`);
    await q.query(`
      UPDATE leniency_records r
         SET procuratorate_id = c.procuratorate_id, court_id = c.court_id, prosecutor_id = c.prosecutor_id
        FROM cases c
       WHERE c.id = r.case_id AND r.concluded_at IS NULL`);
    await q.query(`
      ALTER TABLE leniency_records
        ALTER COLUMN procuratorate_id SET NOT NULL,
        ALTER COLUMN court_id SET NOT NULL,
        ALTER COLUMN prosecutor_id SET NOT NULL,
        ADD CONSTRAINT leniency_records_conclusion_whole CHECK ((concluded_at IS NULL) = (leniency_applied IS NULL))`);
    // A new record starts with its case's scope, whatever the insert says.
    await q.query(`
      CREATE FUNCTION leniency_records_stamp_scope() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        SELECT c.procuratorate_id, c.court_id, c.prosecutor_id
          INTO NEW.procuratorate_id, NEW.court_id, NEW.prosecutor_id
          FROM cases c WHERE c.id = NEW.case_id;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER leniency_records_stamp_scope BEFORE INSERT ON leniency_records
      FOR EACH ROW EXECUTE FUNCTION leniency_records_stamp_scope()`);
    // The case's change reaches the records still under review; the case row is locked by the update already.
    await q.query(`
      CREATE FUNCTION cases_follow_leniency_scope() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE leniency_records
           SET procuratorate_id = NEW.procuratorate_id, court_id = NEW.court_id, prosecutor_id = NEW.prosecutor_id
         WHERE case_id = NEW.id AND concluded_at IS NULL;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER cases_follow_leniency_scope AFTER UPDATE OF procuratorate_id, court_id, prosecutor_id ON cases
      FOR EACH ROW
      WHEN (OLD.procuratorate_id IS DISTINCT FROM NEW.procuratorate_id OR OLD.court_id IS DISTINCT FROM NEW.court_id
            OR OLD.prosecutor_id IS DISTINCT FROM NEW.prosecutor_id)
      EXECUTE FUNCTION cases_follow_leniency_scope()`);
    // The FK of (case_id, defendant_id) leads with case_id: the trigger's update finds the case's records by it.

    for (const date of ['concluded_at', 'decided_at', 'withdrawn_at']) {
      await q.query(`DROP INDEX leniency_records_${date}_idx`);
    }
    const reads = { concluded_at: ['leniency_applied'], decided_at: ['decision', 'proposal_kind'], withdrawn_at: [] };
    for (const [date, carried] of Object.entries(reads)) {
      const include = (lead: string | null) =>
        [...['procuratorate_id', 'court_id', 'prosecutor_id'].filter((c) => c !== lead), ...carried].join(', ');
      await q.query(
        `CREATE INDEX leniency_records_${date}_idx ON leniency_records (${date}) INCLUDE (${include(null)})
           WHERE ${date} IS NOT NULL`,
      );
      for (const lead of ['procuratorate_id', 'court_id']) {
        await q.query(
          `CREATE INDEX leniency_records_${lead.replace('_id', '')}_${date}_idx ON leniency_records (${lead}, ${date})
             INCLUDE (${include(lead)}) WHERE ${date} IS NOT NULL`,
        );
      }
    }
    await q.query(`DROP INDEX leniency_proposals_proposed_at_idx`);
    await q.query(
      `CREATE INDEX leniency_proposals_proposed_at_idx ON leniency_proposals (proposed_at) INCLUDE (kind, record_id)`,
    );
    // A filtered count of proposals reads the scope's records first proposed before the window's end.
    for (const lead of ['procuratorate_id', 'court_id']) {
      const others = ['procuratorate_id', 'court_id', 'prosecutor_id'].filter((c) => c !== lead).join(', ');
      await q.query(
        `CREATE INDEX leniency_records_${lead.replace('_id', '')}_proposed_at_idx ON leniency_records (${lead}, proposed_at)
           INCLUDE (id, ${others}) WHERE proposed_at IS NOT NULL`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX leniency_records_procuratorate_proposed_at_idx`);
    await q.query(`DROP INDEX leniency_records_court_proposed_at_idx`);
    await q.query(`DROP INDEX leniency_proposals_proposed_at_idx`);
    await q.query(`CREATE INDEX leniency_proposals_proposed_at_idx ON leniency_proposals (proposed_at)`);
    for (const date of ['concluded_at', 'decided_at', 'withdrawn_at']) {
      for (const short of ['procuratorate', 'court']) {
        await q.query(`DROP INDEX leniency_records_${short}_${date}_idx`);
      }
      await q.query(`DROP INDEX leniency_records_${date}_idx`);
      await q.query(`CREATE INDEX leniency_records_${date}_idx ON leniency_records (${date})`);
    }
    await q.query(`DROP TRIGGER cases_follow_leniency_scope ON cases`);
    await q.query(`DROP FUNCTION cases_follow_leniency_scope()`);
    await q.query(`DROP TRIGGER leniency_records_stamp_scope ON leniency_records`);
    await q.query(`DROP FUNCTION leniency_records_stamp_scope()`);
    await q.query(`ALTER TABLE leniency_records DROP CONSTRAINT leniency_records_conclusion_whole`);
    await q.query(`
      ALTER TABLE leniency_records
        ALTER COLUMN procuratorate_id DROP NOT NULL,
        ALTER COLUMN court_id DROP NOT NULL,
        ALTER COLUMN prosecutor_id DROP NOT NULL`);
    await q.query(`
      UPDATE leniency_records SET procuratorate_id = NULL, court_id = NULL, prosecutor_id = NULL
       WHERE concluded_at IS NULL`);
    await q.query(`
      ALTER TABLE leniency_records ADD CONSTRAINT leniency_records_conclusion_whole CHECK (
        (concluded_at IS NULL) = (leniency_applied IS NULL)
        AND (concluded_at IS NULL) = (procuratorate_id IS NULL)
        AND (concluded_at IS NULL) = (court_id IS NULL)
        AND (concluded_at IS NULL) = (prosecutor_id IS NULL))`);
  }
}
