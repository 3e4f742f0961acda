import type { Role } from '../../common/http/request-context';
import type { OrganizationKind } from '../directory/organization.entity';

/** What the case rules need to know about a user named in a case. */
export interface PersonFacts {
  role: Role;
  organizationId: string | null;
  active: boolean;
}

const kindName = (kind: string) => kind.replace('_', ' ');

/** Why this organization cannot play the part `expected` in a case (court, procuratorate), or null. */
export function organizationProblem(
  org: { kind: OrganizationKind } | undefined,
  expected: OrganizationKind,
): string | null {
  if (!org) return 'no organization has this id';
  return org.kind === expected ? null : `is a ${kindName(org.kind)}, not a ${kindName(expected)}`;
}

/**
 * What a deactivated account and an id that names nobody both get: only admins may list deactivated accounts
 * (GET /users), so the answer must not tell the others that one exists, nor what it was.
 */
const NO_ACTIVE_USER = 'no active user has this id';

/** Why this user cannot be the prosecutor of a case brought by `procuratorateId`, or null. */
export function prosecutorProblem(user: PersonFacts | undefined, procuratorateId: string): string | null {
  if (!user?.active) return NO_ACTIVE_USER;
  if (user.role !== 'prosecutor') return `is a ${kindName(user.role)}, not a prosecutor`;
  if (user.organizationId !== procuratorateId) return 'is not a prosecutor of this procuratorate';
  return null;
}

/** Why this user cannot defend someone, or null. */
export function defenseLawyerProblem(user: PersonFacts | undefined): string | null {
  if (!user?.active) return NO_ACTIVE_USER;
  if (user.role !== 'lawyer') return `is a ${kindName(user.role)}, not a lawyer`;
  return null;
}

/** Positions of the values already seen earlier in the list: [a, b, a, a] -> [2, 3]. */
export function repeatedPositions(values: readonly string[]): number[] {
  const seen = new Set<string>();
  const repeated: number[] = [];
  values.forEach((v, i) => {
    if (seen.has(v)) repeated.push(i);
    seen.add(v);
  });
  return repeated;
}
