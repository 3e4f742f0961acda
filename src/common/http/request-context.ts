import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { UnauthorizedError } from '../errors/domain-error';

export type Role = 'admin' | 'clerk' | 'judge' | 'prosecutor' | 'lawyer' | 'detention_officer';
export const ROLES: readonly Role[] = ['admin', 'clerk', 'judge', 'prosecutor', 'lawyer', 'detention_officer'];

/** Who is calling, as proven by the bearer token and checked against the users table. */
export interface Actor {
  id: string;
  role: Role;
  organizationId: string | null;
}

/** What services need to know about the request: the actor (for access checks and audit) and ids for logs. */
export interface RequestContext {
  actor: Actor;
  requestId: string;
  ip: string;
}

export type AuthenticatedRequest = FastifyRequest & { actor?: Actor };

export function requestContextOf(req: AuthenticatedRequest): RequestContext {
  if (!req.actor) throw new UnauthorizedError('A valid bearer token is required');
  return { actor: req.actor, requestId: String(req.id), ip: req.ip };
}

/** Controller parameter: `@Ctx() ctx: RequestContext`. */
export const Ctx = createParamDecorator((_: unknown, context: ExecutionContext): RequestContext =>
  requestContextOf(context.switchToHttp().getRequest<AuthenticatedRequest>()),
);
