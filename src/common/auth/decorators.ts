import { SetMetadata } from '@nestjs/common';
import type { Role } from '../http/request-context';

export const IS_PUBLIC = 'isPublic';
export const ROLES_KEY = 'roles';

/** The route needs no bearer token. Everything else does. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the route (403 for the others). Finer checks live in the services. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);
