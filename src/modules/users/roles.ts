import type { Role } from '../../common/http/request-context';
import type { OrganizationKind } from '../directory/organization.entity';

/** The kind of organization each role belongs to. Admins belong to none. */
const ROLE_ORGANIZATION_KIND: Record<Role, OrganizationKind | null> = {
  admin: null,
  clerk: 'court',
  judge: 'court',
  prosecutor: 'procuratorate',
  lawyer: 'law_firm',
  detention_officer: 'detention_center',
};

/** Why a role cannot belong to an organization of this kind, or null when it can. */
export function roleOrganizationMismatch(role: Role, organizationKind: OrganizationKind | null): string | null {
  const expected = ROLE_ORGANIZATION_KIND[role];
  if (expected === null) return organizationKind === null ? null : 'an admin belongs to no organization';
  if (organizationKind === null) return `a ${role} must belong to a ${expected.replace('_', ' ')}`;
  return organizationKind === expected
    ? null
    : `a ${role} must belong to a ${expected.replace('_', ' ')}, not a ${organizationKind.replace('_', ' ')}`;
}
