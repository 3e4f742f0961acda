import { ConflictError, DomainError } from '../../common/errors/domain-error';
import type { HearingConflict } from '../hearings/hearings.errors';

/** 409: while the sitting was being booked, another booking took one of its people or rooms. Nothing was written. */
export class SittingClashError extends ConflictError {
  override readonly code = 'SITTING_CLASH';
  override readonly title = 'A person or room of the sitting was booked meanwhile';
  constructor(caseId: string, conflicts: HearingConflict[]) {
    super(
      `The hearing of case ${caseId} clashes with a booking made meanwhile (${conflicts.length} conflict(s)); ` +
        'nothing of the sitting was booked: plan it again',
      { caseId, conflicts },
    );
  }
}

/** 409: a cancelled sitting cannot be cancelled again. */
export class SittingCancelledError extends ConflictError {
  override readonly code = 'SITTING_CANCELLED';
  override readonly title = 'The sitting is cancelled';
  constructor(id: string) {
    super(`Sitting ${id} is already cancelled`);
  }
}

/** 422: not one of the cases fits the window; nothing was booked. The reasons are listed per case. */
export class SittingHasNoHearingError extends DomainError {
  readonly code = 'SITTING_EMPTY';
  readonly status = 422;
  readonly title = 'No case fits the sitting';
  constructor(unscheduled: Array<{ caseId: string; code: string; reason: string }>) {
    super('None of the cases can be heard within the window; see `unscheduled` for the reason of each', {
      unscheduled,
    });
  }
}
