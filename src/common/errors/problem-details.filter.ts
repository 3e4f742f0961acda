import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { QueryFailedError } from 'typeorm';
import { DomainError, TooManyRequestsError } from './domain-error';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  [extension: string]: unknown;
}

const HTTP_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_ENTITY',
  429: 'TOO_MANY_REQUESTS',
};

export function problemType(code: string): string {
  return `https://remote-hearings.example/problems/${code.toLowerCase().replace(/_/g, '-')}`;
}

function pathOf(url: string | undefined): string | undefined {
  return url?.split('?')[0];
}

function isFastifyError(err: unknown): boolean {
  return err instanceof Error && err.name === 'FastifyError';
}

/** Maps PostgreSQL errors that reach the edge to answers; everything else is a bug (500). */
function fromDatabase(err: QueryFailedError & { code?: string; constraint?: string }): ProblemDetails | undefined {
  switch (err.code) {
    case '23505':
      return {
        type: problemType('CONFLICT'),
        title: 'Conflict',
        status: 409,
        code: 'CONFLICT',
        detail: `A record with the same unique value already exists (${err.constraint ?? 'unique constraint'})`,
      };
    case '23P01':
    case '40P01':
    case '40001':
      return {
        type: problemType('CONFLICT'),
        title: 'Conflict',
        status: 409,
        code: 'CONFLICT',
        detail: 'A concurrent change conflicts with this request; retry it',
      };
    case '23503':
      return {
        type: problemType('REFERENCE_NOT_FOUND'),
        title: 'Referenced record does not exist',
        status: 400,
        code: 'REFERENCE_NOT_FOUND',
        detail: `A referenced record does not exist (${err.constraint ?? 'foreign key'})`,
      };
    case '22P02':
      return {
        type: problemType('VALIDATION_FAILED'),
        title: 'The request is not valid',
        status: 400,
        code: 'VALIDATION_FAILED',
        detail: 'A value has the wrong format',
      };
    default:
      return undefined;
  }
}

/** Turns any error into an RFC 9457 problem document. Exported for the Fastify-level error handler. */
export function toProblem(exception: unknown): {
  problem: ProblemDetails;
  headers: Record<string, string>;
  unexpected: boolean;
} {
  const headers: Record<string, string> = {};
  if (exception instanceof DomainError) {
    if (exception instanceof TooManyRequestsError) headers['retry-after'] = String(exception.retryAfterSeconds);
    return {
      problem: {
        type: problemType(exception.code),
        title: exception.title,
        status: exception.status,
        detail: exception.detail,
        code: exception.code,
        ...exception.extra,
      },
      headers,
      unexpected: false,
    };
  }
  // Fastify's own errors (bad JSON, body too large, unsupported media type, a bad URL) carry statusCode + code;
  // Nest hands most of them over wrapped in an HttpException, whose name would make a poor title ("Http").
  const cause: unknown = exception instanceof HttpException ? exception.cause : undefined;
  const fst = (isFastifyError(cause) ? cause : exception) as { statusCode?: number; code?: string; message?: string };
  if (typeof fst?.statusCode === 'number' && fst.statusCode >= 400 && fst.statusCode < 500) {
    const code =
      fst.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fst.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
        ? 'MALFORMED_JSON'
        : (HTTP_CODES[fst.statusCode] ?? 'BAD_REQUEST');
    const detail =
      fst.statusCode === 413
        ? 'The request body is larger than 100 kB'
        : fst.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? 'A path segment is longer than 100 characters'
          : String(fst.message ?? 'Bad request');
    const title = STATUS_CODES[fst.statusCode] ?? 'Bad Request';
    return {
      problem: { type: problemType(code), title, status: fst.statusCode, code, detail },
      headers,
      unexpected: false,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
    const code = HTTP_CODES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'HTTP_ERROR');
    const title =
      exception.name === 'HttpException'
        ? (STATUS_CODES[status] ?? 'Error')
        : exception.name.replace(/Exception$/, '').replace(/([a-z])([A-Z])/g, '$1 $2');
    return {
      problem: {
        type: problemType(code),
        title,
        status,
        code,
        detail: Array.isArray(message) ? message.join('; ') : String(message ?? exception.message),
      },
      headers,
      unexpected: status >= 500,
    };
  }
  if (exception instanceof QueryFailedError) {
    const mapped = fromDatabase(exception as QueryFailedError & { code?: string });
    if (mapped) return { problem: mapped, headers, unexpected: false };
  }
  return {
    problem: {
      type: problemType('INTERNAL_ERROR'),
      title: 'Internal server error',
      status: 500,
      code: 'INTERNAL_ERROR',
      detail: 'An unexpected error occurred; it has been logged with the request id',
    },
    headers,
    unexpected: true,
  };
}

/** The single place where errors become HTTP answers. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    sendProblem(reply, request, exception, this.logger);
  }
}

export function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  exception: unknown,
  logger: { error(message: unknown, ...rest: unknown[]): void },
): void {
  const { problem, headers, unexpected } = toProblem(exception);
  if (unexpected) {
    // Logged once, with the request id; the message and stack only (never the request body).
    const err = exception instanceof Error ? exception : new Error(String(exception));
    logger.error({ requestId: request.id, path: pathOf(request.url), err: { message: err.message, stack: err.stack } });
  }
  problem.instance = pathOf(request.url);
  void reply
    .status(problem.status || HttpStatus.INTERNAL_SERVER_ERROR)
    .headers({ ...headers, 'content-type': 'application/problem+json; charset=utf-8' })
    .send(JSON.stringify(problem));
}
