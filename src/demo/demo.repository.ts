import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { managerOf, type Transaction } from '../platform/database/transaction';
import type { Procedure } from '../modules/cases/case.entity';

/** A past case imported whole, with its defendants (who are no longer held: their cases were tried). */
export interface ImportedCase {
  caseNumber: string;
  courtId: string;
  procuratorateId: string;
  prosecutorId: string;
  procedure: Procedure;
  createdAt: Date;
  defendants: { name: string; detentionCenterId: string; defenseLawyerId: string | null; charges: string[] }[];
}

const CHUNK = 2000;

/** The database work of the demo seed that no feature offers: is it empty, wipe it, bulk-insert past cases. */
export class DemoRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * How many organizations there are. Everything but an admin account hangs off an organization (rooms, users,
   * defendants, cases, hearings), so none means the database holds no data but, at most, admin accounts.
   */
  async organizationCount(): Promise<number> {
    const rows: { n: number }[] = await this.dataSource.query(`SELECT count(*)::int AS n FROM organizations`);
    return rows[0].n;
  }

  /** The first admin account (the bootstrap admin that the start-up creates), who creates the demo admin. */
  async firstAdminId(): Promise<string | null> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM users WHERE role = 'admin' AND active ORDER BY created_at, id LIMIT 1`,
    );
    return rows[0]?.id ?? null;
  }

  /**
   * Cases, their defendants and the case_defendants rows, in bulk; returns each case's defendant ids in the order
   * given. The defendants are registered by the procuratorate (it saw them) and released (their trials are over).
   */
  async importCases(
    tx: Transaction,
    cases: readonly ImportedCase[],
    registeredBy: string,
  ): Promise<{ caseId: string; defendantIds: string[] }[]> {
    const m = managerOf(tx);
    const out: { caseId: string; defendantIds: string[] }[] = [];
    for (let from = 0; from < cases.length; from += CHUNK) {
      const chunk = cases.slice(from, from + CHUNK);
      const caseIds = chunk.map(() => randomUUID());
      await m.query(
        `INSERT INTO cases (id, case_number, court_id, procuratorate_id, prosecutor_id, procedure, created_at, updated_at)
         SELECT id, n, court, proc, pros, procedure, at, at
           FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::timestamptz[])
             AS t(id, n, court, proc, pros, procedure, at)`,
        [
          caseIds,
          chunk.map((c) => c.caseNumber),
          chunk.map((c) => c.courtId),
          chunk.map((c) => c.procuratorateId),
          chunk.map((c) => c.prosecutorId),
          chunk.map((c) => c.procedure),
          chunk.map((c) => c.createdAt),
        ],
      );
      const rows = chunk.flatMap((c, i) =>
        c.defendants.map((d) => ({ ...d, caseId: caseIds[i], id: randomUUID(), at: c.createdAt })),
      );
      await m.query(
        `INSERT INTO defendants (id, name, detention_center_id, custody_status, registered_by_organization_id,
                                 created_at, updated_at)
         SELECT id, name, center, 'released', $4, at, at
           FROM unnest($1::uuid[], $2::text[], $3::uuid[], $5::timestamptz[]) AS t(id, name, center, at)`,
        [
          rows.map((r) => r.id),
          rows.map((r) => r.name),
          rows.map((r) => r.detentionCenterId),
          registeredBy,
          rows.map((r) => r.at),
        ],
      );
      await m.query(
        `INSERT INTO case_defendants (case_id, defendant_id, defense_lawyer_id, charges, added_at)
         SELECT case_id, defendant_id, lawyer, string_to_array(charges, E'\\x1f'), at
           FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::timestamptz[])
             AS t(case_id, defendant_id, lawyer, charges, at)`,
        [
          rows.map((r) => r.caseId),
          rows.map((r) => r.id),
          rows.map((r) => r.defenseLawyerId),
          rows.map((r) => r.charges.join('\x1f')),
          rows.map((r) => r.at),
        ],
      );
      let k = 0;
      chunk.forEach((c, i) => out.push({ caseId: caseIds[i], defendantIds: c.defendants.map(() => rows[k++].id) }));
    }
    return out;
  }
}

/**
 * `--reset`: drops the schema `public` with everything in it (every table and row, the audit log and the migrations
 * table included) and creates it empty, so that the migrations run again from the first. Appending-only tables
 * (audit, leniency history) refuse a DELETE by design: the whole schema goes instead.
 */
export async function dropEverything(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS public CASCADE`);
    await client.query(`CREATE SCHEMA public`);
  } finally {
    await client.end();
  }
}
