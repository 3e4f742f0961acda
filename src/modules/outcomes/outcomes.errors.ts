import { ConflictError, DomainError } from '../../common/errors/domain-error';

/** 409: the hearing has an outcome already; PUT corrects it. */
export class OutcomeExistsError extends ConflictError {
  override readonly code = 'OUTCOME_EXISTS';
  override readonly title = 'The hearing has an outcome already';
  constructor(hearingId: string) {
    super(`Hearing ${hearingId} has an outcome already; correct it with PUT and a reason`);
  }
}

/** 422: an outcome is recorded from the hearing's start on, not before. */
export class OutcomeBeforeStartError extends DomainError {
  readonly code = 'OUTCOME_BEFORE_START';
  readonly status = 422;
  readonly title = 'The hearing has not started';
  constructor(startsAt: string) {
    super(`The hearing starts at ${startsAt}: its outcome can be recorded from then on`, { startsAt });
  }
}
