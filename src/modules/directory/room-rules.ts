import type { OrganizationKind } from './organization.entity';
import type { RoomKind } from './room.entity';

/**
 * Which organizations may hold which rooms. A courtroom is where a judge sits, so only courts have them; video
 * rooms are where a party joins from: mostly detention centers (the defendant), also courts and procuratorates.
 * Law firms have no rooms: lawyers join from wherever they are.
 */
const ROOM_KINDS_BY_ORGANIZATION: Record<OrganizationKind, readonly RoomKind[]> = {
  court: ['courtroom', 'video_room'],
  procuratorate: ['video_room'],
  detention_center: ['video_room'],
  law_firm: [],
};

/** Why an organization of this kind cannot hold a room of this kind, or null when it can. */
export function roomKindMismatch(roomKind: RoomKind, organizationKind: OrganizationKind): string | null {
  if (ROOM_KINDS_BY_ORGANIZATION[organizationKind].includes(roomKind)) return null;
  const allowedIn = (Object.keys(ROOM_KINDS_BY_ORGANIZATION) as OrganizationKind[])
    .filter((k) => ROOM_KINDS_BY_ORGANIZATION[k].includes(roomKind))
    .map((k) => k.replace('_', ' ') + 's');
  return `a ${roomKind.replace('_', ' ')} belongs to ${allowedIn.join(', ').replace(/, ([^,]*)$/, ' or $1')}, not to a ${organizationKind.replace('_', ' ')}`;
}
