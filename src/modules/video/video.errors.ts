import { ConflictError, DomainError } from '../../common/errors/domain-error';
import { toUtcIso } from '../../common/time/local-time';

/** 403: outside the join window (`opensAt`, `closedAt`): too early, or the hearing is over. */
export class JoinWindowClosedError extends DomainError {
  readonly code = 'JOIN_WINDOW_CLOSED';
  readonly status = 403;
  readonly title = 'The hearing cannot be joined now';
  constructor(reason: 'not_yet_open' | 'closed', opensAt: Date, closedAt: Date) {
    super(
      reason === 'not_yet_open'
        ? `The hearing can be joined from ${toUtcIso(opensAt)}`
        : `The hearing can no longer be joined: its window closed at ${toUtcIso(closedAt)}`,
      { reason, opensAt: toUtcIso(opensAt), closedAt: toUtcIso(closedAt) },
    );
  }
}

/** 409: the live action does not follow from the hearing's live state (`state`, `action`, `allowedActions`). */
export class InvalidLiveTransitionError extends ConflictError {
  override readonly code = 'INVALID_TRANSITION';
  override readonly title = "This step does not follow from the hearing's live state";
  constructor(state: string, action: string, why: string, allowedActions: string[]) {
    super(`Cannot ${action} a hearing that is ${state.replace('_', ' ')}: ${why}`, { state, action, allowedActions });
  }
}

/** 422: a hearing is started from its join window's opening on (`opensAt`). */
export class NotYetOpenError extends DomainError {
  readonly code = 'NOT_YET_OPEN';
  readonly status = 422;
  readonly title = 'The hearing cannot start yet';
  constructor(opensAt: Date) {
    super(`The hearing can be started from ${toUtcIso(opensAt)}, when its join window opens`, {
      opensAt: toUtcIso(opensAt),
    });
  }
}

/** 404: the same answer for a join code that never was, one revoked, one of a cancelled hearing, one malformed. */
export class UnknownJoinLinkError extends DomainError {
  readonly code = 'NOT_FOUND';
  readonly status = 404;
  readonly title = 'Not found';
  constructor() {
    super('This join link does not exist or is no longer valid');
  }
}

/** 409: the private consultation is open before the start and in a pause only (`liveState`). */
export class ConsultationClosedError extends ConflictError {
  override readonly code = 'CONSULTATION_CLOSED';
  override readonly title = 'The private consultation is not open now';
  constructor(liveState: string) {
    super(
      `The defense consults in private before the hearing starts and while it is paused; it is ${liveState.replace('_', ' ')}`,
      {
        liveState,
      },
    );
  }
}
