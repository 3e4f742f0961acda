import { ForbiddenError } from '../../common/errors/domain-error';
import type { Actor } from '../../common/http/request-context';
import { caseVisibilityCondition } from './case-visibility';

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

/**
 * Who may book (and change, and search slots for) a hearing of a case: a clerk of the case's court or an admin;
 * for a plea signing also the case's prosecutor.
 */
export function assertMayBook(
  actor: Actor,
  kase: { courtId: string; prosecutorId: string | null },
  kind: string,
): void {
  if (actor.role === 'admin') return;
  if (actor.role === 'clerk' && actor.organizationId === kase.courtId) return;
  if (kind === 'plea_signing' && actor.role === 'prosecutor' && actor.id === kase.prosecutorId) return;
  throw new ForbiddenError(
    kind === 'plea_signing'
      ? "Only a clerk of the case's court, the case's prosecutor or an admin may book or change a plea signing"
      : "Only a clerk of the case's court or an admin may book or change this hearing",
  );
}
