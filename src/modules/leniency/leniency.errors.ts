import { ConflictError, DomainError } from '../../common/errors/domain-error';

/** 409: the action does not follow from the record's current state (`state` and `action` name both). */
export class InvalidTransitionError extends ConflictError {
  override readonly code = 'INVALID_TRANSITION';
  override readonly title = 'This step does not follow from the plea-leniency record as it stands';
  constructor(state: string, action: string, why: string) {
    super(`Cannot ${action} a plea-leniency record that is ${state}: ${why}`, { state, action });
  }
}

/** 422: the court's decision contradicts the last sentencing proposal and the sentence given (`reason` says how). */
export class InconsistentDecisionError extends DomainError {
  readonly code = 'INCONSISTENT_DECISION';
  readonly status = 422;
  readonly title = 'The decision does not match the proposal and the sentence';
  constructor(reason: string) {
    super(reason, { reason });
  }
}

/** 422: a step dated before the step it follows (an affidavit signed before the suspect accepted, ...). */
export class StepOutOfOrderError extends DomainError {
  readonly code = 'STEP_OUT_OF_ORDER';
  readonly status = 422;
  readonly title = 'A step is dated before the step it follows';
  constructor(action: string, at: Date, previous: { action: string; at: Date }) {
    super(
      `The ${action} is dated ${at.toISOString()}, before the ${previous.action} it follows (${previous.at.toISOString()})`,
      { action, at: at.toISOString(), previous: { action: previous.action, at: previous.at.toISOString() } },
    );
  }
}
