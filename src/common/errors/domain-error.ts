/**
 * The one base class for errors a module raises on purpose. Each module defines its own subclasses
 * in `<feature>.errors.ts` with a stable `code`; ProblemDetailsFilter turns them into
 * application/problem+json (RFC 9457). `extra` becomes extension members (e.g. `conflicts`).
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  /** Short, stable, human title for the code. */
  abstract readonly title: string;

  constructor(
    public detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
  }

  /**
   * The error located at `field` of a larger request (one item of a list, a nested step): the `field` extension
   * member says where (prefixed, when a deeper part already said), and the detail starts with it.
   */
  locatedAt(field: string): this {
    const inner = typeof this.extra.field === 'string' ? this.extra.field : null;
    this.unlocatedDetail ??= this.detail;
    this.extra.field = inner ? joinField(field, inner) : field;
    this.detail = `${this.extra.field as string}: ${this.unlocatedDetail}`;
    this.message = this.detail;
    return this;
  }

  /** The detail as first raised, before locatedAt put a place in front of it. */
  private unlocatedDetail?: string;
}

/** Runs `work`; a DomainError it throws is located at `field` (see DomainError.locatedAt). */
export async function located<T>(field: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw err instanceof DomainError ? err.locatedAt(field) : err;
  }
}

/** `leniency[0]` + `decision.sentenceMonths` → `leniency[0].decision.sentenceMonths` (`[1]` joins without a dot). */
function joinField(prefix: string, field: string): string {
  return field.startsWith('[') ? `${prefix}${field}` : `${prefix}.${field}`;
}

export interface FieldError {
  field: string;
  message: string;
}

export class ValidationFailedError extends DomainError {
  readonly code = 'VALIDATION_FAILED';
  readonly status = 400;
  readonly title = 'The request is not valid';
  constructor(errors: FieldError[], detail?: string) {
    super(detail ?? errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
  }
  /** Shorthand for one bad field. */
  static field(field: string, message: string): ValidationFailedError {
    return new ValidationFailedError([{ field, message }]);
  }

  /** The same bad fields as paths from `field` of a larger request (each field error is prefixed). */
  override locatedAt(field: string): this {
    const errors = (this.extra.errors as FieldError[]).map((e) => ({ ...e, field: joinField(field, e.field) }));
    this.extra.errors = errors;
    this.detail = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
    this.message = this.detail;
    return this;
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
  readonly status = 404;
  readonly title = 'Not found';
  constructor(what: string, id?: string) {
    super(id ? `${what} ${id} does not exist or is not visible to you` : `${what} not found`);
  }
}

export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';
  readonly status = 403;
  readonly title = 'Not allowed';
}

export class UnauthorizedError extends DomainError {
  readonly code = 'UNAUTHORIZED';
  readonly status = 401;
  readonly title = 'Authentication required';
}

export class UnsupportedMediaTypeError extends DomainError {
  readonly code = 'UNSUPPORTED_MEDIA_TYPE';
  readonly status = 415;
  readonly title = 'Unsupported media type';
}

export class ConflictError extends DomainError {
  readonly code: string = 'CONFLICT';
  readonly status = 409;
  readonly title: string = 'Conflict';
}

export class PreconditionFailedError extends DomainError {
  readonly code = 'PRECONDITION_FAILED';
  readonly status = 412;
  readonly title = 'The resource has changed';
}

export class PreconditionRequiredError extends DomainError {
  readonly code = 'PRECONDITION_REQUIRED';
  readonly status = 428;
  readonly title = 'If-Match is required';
}

export class TooManyRequestsError extends DomainError {
  readonly code = 'TOO_MANY_REQUESTS';
  readonly status = 429;
  readonly title = 'Too many requests';
  constructor(
    detail: string,
    readonly retryAfterSeconds: number,
  ) {
    super(detail);
  }
}
