import type { Actor } from '../../common/http/request-context';
import { caseVisibilityCondition } from './case-visibility';

/**
 * Who may see a defendant: admin all; a detention officer the defendants held in their center; everyone else
 * the defendants of the cases they can see (caseVisibilityCondition), plus the ones their own organization
 * registered, so that a clerk or prosecutor can find a defendant they registered before any case names them, plus
 * the ones their organization was granted by an exact look-up of the full identity number (defendant_access, see
 * DefendantsService.lookup): how a court or procuratorate reaches a detainee a detention center registered.
 *
 * This one rule decides what a caller may read, change and attach to a case; an id outside it is answered as an
 * id that does not exist.
 *
 * Returns an SQL condition on the defendants table aliased `alias`, with its parameters numbered from `firstParam`.
 */
export function defendantVisibilityCondition(
  actor: Actor,
  alias: string,
  firstParam: number,
): { sql: string; params: unknown[] } {
  switch (actor.role) {
    case 'admin':
      return { sql: 'TRUE', params: [] };
    case 'detention_officer':
      return { sql: `${alias}.detention_center_id = $${firstParam}`, params: [actor.organizationId] };
    case 'clerk':
    case 'judge':
    case 'prosecutor':
    case 'lawyer': {
      const own = `$${firstParam}`;
      const cases = caseVisibilityCondition(actor, 'vdc', firstParam + 1);
      return {
        sql: `(${alias}.registered_by_organization_id = ${own}
               OR EXISTS (SELECT 1 FROM defendant_access vda
                          WHERE vda.defendant_id = ${alias}.id AND vda.organization_id = ${own})
               OR EXISTS (SELECT 1 FROM case_defendants vdcd JOIN cases vdc ON vdc.id = vdcd.case_id
                          WHERE vdcd.defendant_id = ${alias}.id AND ${cases.sql}))`,
        params: [actor.organizationId, ...cases.params],
      };
    }
  }
}
