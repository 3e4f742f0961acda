import type { Actor } from '../../common/http/request-context';
import { caseVisibilityCondition } from '../cases/case-visibility';

/**
 * Who may see a hearing: whoever may see its case (caseVisibilityCondition), and in addition a lawyer who
 * attends it and a detention officer whose center holds its video room or one of its defendants.
 *
 * Returns an SQL condition on `hearings` aliased `hearing` joined to `cases` aliased `kase`, with parameters
 * numbered from `firstParam`.
 */
export function hearingVisibilityCondition(
  actor: Actor,
  hearing: string,
  kase: string,
  firstParam: number,
): { sql: string; params: unknown[] } {
  const byCase = caseVisibilityCondition(actor, kase, firstParam);
  const p = `$${firstParam + byCase.params.length}`;
  switch (actor.role) {
    case 'lawyer':
      return {
        sql: `(${byCase.sql} OR EXISTS (SELECT 1 FROM hearing_lawyers vhl WHERE vhl.hearing_id = ${hearing}.id AND vhl.lawyer_id = ${p}))`,
        params: [...byCase.params, actor.id],
      };
    case 'detention_officer':
      return {
        sql: `(${byCase.sql}
               OR EXISTS (SELECT 1 FROM rooms vr WHERE vr.id = ${hearing}.video_room_id AND vr.organization_id = ${p})
               OR EXISTS (SELECT 1 FROM hearing_defendants vhd JOIN defendants vd ON vd.id = vhd.defendant_id
                          WHERE vhd.hearing_id = ${hearing}.id AND vd.detention_center_id = ${p}))`,
        params: [...byCase.params, actor.organizationId],
      };
    default:
      return byCase;
  }
}
