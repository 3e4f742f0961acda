import { ConflictError, DomainError } from '../../common/errors/domain-error';
import type { ReservationClash } from '../../kernel/scheduling/reservations';

/** One person or room that is already held, and by which hearing. Never more than the id and times. */
export type HearingConflict = ReservationClash;

/** 409: a person or room of the hearing is held by another hearing. `conflicts` names every one of them. */
export class HearingClashError extends ConflictError {
  override readonly code = 'HEARING_CLASH';
  override readonly title = 'A person or room is already booked';
  constructor(readonly conflicts: HearingConflict[]) {
    super(
      conflicts.length > 0
        ? `${conflicts.length} of the requested people and rooms are already booked at that time: ` +
            conflicts.map((c) => `${c.resourceType} ${c.resourceId} (hearing ${c.hearingId})`).join(', ')
        : 'A concurrent booking holds one of the requested people or rooms; retry the request',
      { conflicts },
    );
  }
}

/** A clash with nothing to name: the booking deadlocked with a racing one and may simply be run again. */
export function isLostRace(err: unknown): boolean {
  return err instanceof HearingClashError && err.conflicts.length === 0;
}

/** 422: an Idempotency-Key was used before with a different request body. */
export class IdempotencyKeyReusedError extends DomainError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  readonly status = 422;
  readonly title = 'Idempotency key already used for another request';
  constructor() {
    super('This Idempotency-Key was already used with a different request body; use a new key for a new request');
  }
}

/**
 * 422: a hearing booked or moved to start before now. Recording a hearing that was held without the service is a
 * back-fill: a clerk of the court or an admin sends `backfill: {reason}` (audited). Outcomes of past hearings are
 * recorded on the hearings that exist, so a back-fill is rare and never happens by a typo in the year.
 */
export class StartsInPastError extends DomainError {
  readonly code = 'STARTS_IN_PAST';
  readonly status = 422;
  readonly title = 'The hearing would start in the past';
  constructor(field: string, startsAt: string) {
    super(
      `${field} ${startsAt} is in the past. To record a hearing that was held, a clerk or an admin sends ` +
        '`backfill: {reason}`',
      { field },
    );
  }
}

/** 409: a cancelled hearing cannot be changed or cancelled again. */
export class HearingCancelledError extends ConflictError {
  override readonly code = 'HEARING_CANCELLED';
  override readonly title = 'The hearing is cancelled';
  constructor(id: string) {
    super(`Hearing ${id} is cancelled and can no longer be changed`);
  }
}

/** 409: a hearing with an outcome (completed, adjourned, failed) is kept as it was: not re-booked, not cancelled. */
export class HearingHasOutcomeError extends ConflictError {
  override readonly code = 'HEARING_HAS_OUTCOME';
  override readonly title = 'The hearing has an outcome';
  constructor(id: string, status: string) {
    super(`Hearing ${id} is ${status}: its outcome is corrected with PUT /hearings/${id}/outcome`, {
      hearingStatus: status,
    });
  }
}

/** A hearing whose outcome was recorded: every status but scheduled and cancelled. */
export function hasOutcome(status: string): boolean {
  return status !== 'scheduled' && status !== 'cancelled';
}
