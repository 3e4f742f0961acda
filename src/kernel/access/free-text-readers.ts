import type { Actor } from '../../common/http/request-context';

/**
 * Free text typed into the schedule: a hearing's notes, the reason it was booked outside opening hours, the
 * reason a hearing or a sitting was cancelled, the reason a past hearing was back-filled, the reason a defendant
 * withdrew their plea (a plea-leniency record's `withdrawalReason`). It may name people and their health ("张三 is in hospital"), so it
 * is read only by those who write it: admins, the clerks and judges of the case's court and the prosecutors of the
 * case's procuratorate. Defense lawyers and detention officers see the hearing, never its free text: for them each
 * of these fields is null, in the hearing itself, in lists, in sittings and in the hearing's history.
 *
 * A field that holds free text must be named here, whatever view carries it.
 */
const FREE_TEXT_FIELDS: readonly string[] = [
  'notes',
  'hoursOverrideReason',
  'cancelReason',
  'backfillReason',
  'withdrawalReason',
  'correctionReason',
];

/** Whose free text it is: the case's court and procuratorate (a sitting's: its court, and its cases' procuratorate). */
interface FreeTextScope {
  /** Null for a plea-signing sitting, which has no court. */
  courtId: string | null;
  procuratorateId: string | null;
}

export function mayReadFreeText(actor: Actor, scope: FreeTextScope): boolean {
  switch (actor.role) {
    case 'admin':
      return true;
    case 'clerk':
    case 'judge':
      return actor.organizationId === scope.courtId;
    case 'prosecutor':
      return scope.procuratorateId !== null && actor.organizationId === scope.procuratorateId;
    case 'lawyer':
    case 'detention_officer':
      return false;
  }
}

/**
 * The view (a hearing, a sitting, an audit entry with its before and after) as this reader may see it: unchanged
 * for those who may read the free text of `scope`; otherwise a copy with every free-text field, at any depth, set
 * to null. Views nested in it that belong to another scope are redacted with their own before they are nested.
 */
export function redactFreeText<T>(actor: Actor, scope: FreeTextScope, view: T): T {
  return mayReadFreeText(actor, scope) ? view : withoutFreeText(view);
}

function withoutFreeText<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutFreeText) as T;
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = FREE_TEXT_FIELDS.includes(key) ? null : withoutFreeText(v);
  return out as T;
}
