import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The organization that registered a defendant. A clerk or prosecutor who registers a defendant who is in no
 * case yet must still be able to see them; that visibility comes from this column.
 */
export class DefendantRegisteredBy1764500210000 implements MigrationInterface {
  name = 'DefendantRegisteredBy1764500210000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE defendants ADD COLUMN registered_by_organization_id uuid REFERENCES organizations (id)`);
    await q.query(`
      CREATE INDEX defendants_registered_by_idx ON defendants (registered_by_organization_id)
        WHERE registered_by_organization_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX defendants_registered_by_idx`);
    await q.query(`ALTER TABLE defendants DROP COLUMN registered_by_organization_id`);
  }
}
