import { ValidationFailedError } from '../../common/errors/domain-error';
import type { Role } from '../../common/http/request-context';
import type { OrganizationKind } from '../directory/organization.entity';
import type { OrganizationRecord, OrganizationsRepository } from '../directory/organizations.repository';
import type { UsersRepository } from '../users/users.repository';

/*
 * The ids a statistics query names must be what they claim: an unknown id, or one of another kind, is a mistake
 * to say (400 naming the field), not a window of zeros.
 */

export async function organizationOfKind(
  organizations: OrganizationsRepository,
  field: string,
  id: string,
  kind: OrganizationKind,
): Promise<OrganizationRecord> {
  const org = await organizations.findById(id);
  if (!org || org.kind !== kind)
    throw ValidationFailedError.field(field, `must be the id of a ${kind.replace('_', ' ')}`);
  return org;
}

export async function assertUserOfRole(users: UsersRepository, field: string, id: string, role: Role): Promise<void> {
  const user = await users.findById(id);
  if (!user || user.role !== role) throw ValidationFailedError.field(field, `must be the id of a ${role}`);
}
