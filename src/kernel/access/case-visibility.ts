import type { Actor } from '../../common/http/request-context';

/**
 * Who may see a case (and, through it, its defendants and hearings):
 * admin all; clerk and judge their court's cases; prosecutor their procuratorate's; lawyer the cases where they
 * defend someone; detention officer the cases with a defendant held in their center.
 *
 * Returns an SQL condition on the cases table aliased `alias`, with its parameters numbered from `firstParam`.
 */
export function caseVisibilityCondition(
  actor: Actor,
  alias: string,
  firstParam: number,
): { sql: string; params: unknown[] } {
  const p = `$${firstParam}`;
  switch (actor.role) {
    case 'admin':
      return { sql: 'TRUE', params: [] };
    case 'clerk':
    case 'judge':
      return { sql: `${alias}.court_id = ${p}`, params: [actor.organizationId] };
    case 'prosecutor':
      return { sql: `${alias}.procuratorate_id = ${p}`, params: [actor.organizationId] };
    case 'lawyer':
      return {
        sql: `EXISTS (SELECT 1 FROM case_defendants vcd WHERE vcd.case_id = ${alias}.id AND vcd.defense_lawyer_id = ${p})`,
        params: [actor.id],
      };
    case 'detention_officer':
      return {
        sql: `EXISTS (SELECT 1 FROM case_defendants vcd JOIN defendants vd ON vd.id = vcd.defendant_id
                      WHERE vcd.case_id = ${alias}.id AND vd.detention_center_id = ${p})`,
        params: [actor.organizationId],
      };
  }
}
