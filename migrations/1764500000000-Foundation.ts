import { MigrationInterface, QueryRunner } from 'typeorm';

/** Organizations, rooms, users, defendants, cases, the append-only audit log and login throttling. */
export class Foundation1764500000000 implements MigrationInterface {
  name = 'Foundation1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organizations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('court', 'procuratorate', 'detention_center', 'law_firm')),
        name text NOT NULL CHECK (length(btrim(name)) > 0),
        time_zone text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX organizations_kind_idx ON organizations (kind)`);

    await q.query(`
      CREATE TABLE rooms (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations (id),
        name text NOT NULL CHECK (length(btrim(name)) > 0),
        kind text NOT NULL CHECK (kind IN ('courtroom', 'video_room')),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT rooms_name_unique UNIQUE (organization_id, name)
      )`);

    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        name text NOT NULL CHECK (length(btrim(name)) > 0),
        role text NOT NULL CHECK (role IN ('admin', 'clerk', 'judge', 'prosecutor', 'lawyer', 'detention_officer')),
        organization_id uuid REFERENCES organizations (id),
        password_hash text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_organization_required CHECK (role = 'admin' OR organization_id IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_unique ON users (lower(email))`);
    await q.query(`CREATE INDEX users_organization_idx ON users (organization_id, role)`);

    await q.query(`
      CREATE TABLE defendants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(btrim(name)) > 0),
        id_number text,
        detention_center_id uuid NOT NULL REFERENCES organizations (id),
        custody_status text NOT NULL DEFAULT 'detained' CHECK (custody_status IN ('detained', 'released')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX defendants_center_idx ON defendants (detention_center_id)`);

    await q.query(`
      CREATE TABLE cases (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_number text NOT NULL CHECK (length(btrim(case_number)) > 0),
        court_id uuid NOT NULL REFERENCES organizations (id),
        procuratorate_id uuid NOT NULL REFERENCES organizations (id),
        prosecutor_id uuid NOT NULL REFERENCES users (id),
        procedure text NOT NULL CHECK (procedure IN ('speedy', 'summary', 'ordinary')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT cases_number_unique UNIQUE (court_id, case_number)
      )`);
    await q.query(`CREATE INDEX cases_procuratorate_idx ON cases (procuratorate_id)`);

    await q.query(`
      CREATE TABLE case_defendants (
        case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        defendant_id uuid NOT NULL REFERENCES defendants (id),
        defense_lawyer_id uuid REFERENCES users (id),
        charges text[] NOT NULL DEFAULT '{}',
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, defendant_id)
      )`);
    await q.query(`CREATE INDEX case_defendants_defendant_idx ON case_defendants (defendant_id)`);
    await q.query(`CREATE INDEX case_defendants_lawyer_idx ON case_defendants (defense_lawyer_id)`);

    await q.query(`
      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text,
        before jsonb,
        after jsonb,
        request_id text
      )`);
    await q.query(`CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id, id)`);
    await q.query(`CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, id)`);
    await q.query(`CREATE INDEX audit_log_time_idx ON audit_log (occurred_at)`);
    await q.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);

    await q.query(`
      CREATE TABLE login_failures (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        throttle_key text NOT NULL,
        failed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX login_failures_key_idx ON login_failures (throttle_key, failed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE login_failures`);
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP FUNCTION audit_log_append_only()`);
    await q.query(`DROP TABLE case_defendants`);
    await q.query(`DROP TABLE cases`);
    await q.query(`DROP TABLE defendants`);
    await q.query(`DROP TABLE users`);
    await q.query(`DROP TABLE rooms`);
    await q.query(`DROP TABLE organizations`);
  }
}
