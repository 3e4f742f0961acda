import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';

/**
 * The answers of ProblemDetailsFilter (src/common/errors/problem-details.filter.ts) as OpenAPI schemas, and the one
 * decorator that documents them: `@ApiProblems(403, 404, { status: 409, codes: ['EMAIL_TAKEN'] })`.
 *
 * Answers that every route of a kind gives are added to the document for it (src/common/openapi/document.ts): 401
 * on every route that needs a token, 403 on every route with @Roles, 400 on every route with a parameter or a body, 414 on every route with a path
 * parameter, 413 and 415 on every route with a body. Everything else a route answers is listed with @ApiProblems on
 * the handler (or on its controller class, for every handler). The contract test (test/support/openapi-contract.ts)
 * fails, naming the handler, when a route answers a status or a body its decorators do not describe.
 */

/** RFC 9457 problem details, as every error is answered (application/problem+json). */
export class Problem {
  @ApiProperty({ format: 'uri', example: 'https://remote-hearings.example/problems/not-found' }) type: string;
  @ApiProperty({ example: 'Not found' }) title: string;
  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599, example: 404 }) status: number;
  @ApiProperty({ example: 'Hearing 0b3a… does not exist or is not visible to you' }) detail: string;
  @ApiProperty({ description: 'Stable code to branch on', example: 'NOT_FOUND' }) code: string;
  @ApiPropertyOptional({ description: 'The path that was requested', example: '/api/v1/hearings/0b3a…' })
  instance?: string;
  @ApiPropertyOptional({
    description: 'Where in the request the fault lies, when it concerns one part of it (one item of a list)',
    example: 'leniency[1].decision',
  })
  field?: string;
}

export class FieldErrorResponse {
  @ApiProperty({ example: 'defendants[0].charges', description: 'The field, as a path into the request' })
  field: string;
  @ApiProperty({ example: 'must contain at least 1 elements' }) message: string;
}

/** 400: VALIDATION_FAILED lists every bad field in `errors`; MALFORMED_JSON and the like have no `errors`. */
export class BadRequestProblem extends Problem {
  @ApiPropertyOptional({ type: [FieldErrorResponse], description: 'VALIDATION_FAILED: every bad field' })
  errors?: FieldErrorResponse[];
}

/** 412 PRECONDITION_FAILED: the resource changed since it was read. */
export class PreconditionFailedProblem extends Problem {
  @ApiProperty({ type: 'integer', description: 'The current version (the ETag is "<version>")' })
  currentVersion: number;
}

export interface ProblemSpec {
  status: number;
  /** The schema: a subclass of Problem with the extension members of this answer. Default: by status. */
  type?: Type<Problem>;
  /** The stable `code`s this route answers with this status, e.g. ['EMAIL_TAKEN']. */
  codes?: string[];
  /** What the answer means for this route. Default: by status. */
  description?: string;
}

const DEFAULTS: Record<number, { type: Type<Problem>; description: string }> = {
  400: {
    type: BadRequestProblem,
    description: 'VALIDATION_FAILED (`errors` names every bad field), MALFORMED_JSON or another fault of form',
  },
  401: { type: Problem, description: 'UNAUTHORIZED: no valid bearer token' },
  403: { type: Problem, description: 'FORBIDDEN: your role or organization may not do this' },
  404: { type: Problem, description: 'NOT_FOUND: does not exist, or is not visible to you' },
  409: { type: Problem, description: 'CONFLICT' },
  412: { type: PreconditionFailedProblem, description: 'PRECONDITION_FAILED: changed since you read it' },
  413: { type: Problem, description: 'PAYLOAD_TOO_LARGE: the body is larger than 100 kB' },
  414: { type: Problem, description: 'URI_TOO_LONG: a path segment is longer than 100 characters' },
  415: { type: Problem, description: 'UNSUPPORTED_MEDIA_TYPE: send application/json' },
  422: { type: Problem, description: 'The request is well formed but breaks a rule' },
  428: { type: Problem, description: 'PRECONDITION_REQUIRED: send If-Match with the ETag you read' },
  429: { type: Problem, description: 'TOO_MANY_REQUESTS: wait for Retry-After seconds' },
  503: { type: Problem, description: 'Not available' },
};

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** The OpenAPI response object of one status: a problem schema (or one of several) as application/problem+json. */
export function problemResponse(specs: ProblemSpec[]): {
  description: string;
  content: Record<string, { schema: Record<string, unknown> }>;
  headers?: Record<string, unknown>;
} {
  const status = specs[0].status;
  const fallback = DEFAULTS[status] ?? { type: Problem, description: `Error ${status}` };
  const types = [...new Set(specs.map((s) => s.type ?? fallback.type))];
  const description = specs
    .map((s) => {
      const text = s.description ?? (s.codes?.length ? '' : fallback.description);
      return [s.codes?.join(', '), text].filter(Boolean).join(': ');
    })
    .join('; or ');
  const refs = types.map((t) => ({ $ref: getSchemaPath(t) }));
  return {
    description,
    content: { [PROBLEM_MEDIA_TYPE]: { schema: refs.length === 1 ? refs[0] : { anyOf: refs } } },
    ...(status === 429
      ? {
          headers: {
            'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer' } },
          },
        }
      : {}),
  };
}

/**
 * Documents the problems a route (or every route of a controller) answers: a status alone takes the default
 * schema and text of that status; `{ status, codes, type, description }` names the codes and the schema with its
 * extension members (`conflicts`, `violations`...). Several entries with one status are listed together.
 */
export function ApiProblems(...items: Array<number | ProblemSpec>): MethodDecorator & ClassDecorator {
  const specs = items.map((i) => (typeof i === 'number' ? { status: i } : i));
  const byStatus = new Map<number, ProblemSpec[]>();
  for (const s of specs) byStatus.set(s.status, [...(byStatus.get(s.status) ?? []), s]);
  const models = [...new Set(specs.map((s) => s.type ?? DEFAULTS[s.status]?.type ?? Problem))];
  return applyDecorators(
    ApiExtraModels(...models),
    ...[...byStatus].map(([status, group]) => {
      const { description, content, headers } = problemResponse(group);
      return ApiResponse({ status, description, content, headers } as Parameters<typeof ApiResponse>[0]);
    }),
  );
}
