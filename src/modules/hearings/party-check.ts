import { FieldError, ValidationFailedError } from '../../common/errors/domain-error';
import { unique } from '../../common/collections';
import type { PartySelection } from './booking-input';
import type { PartyFacts, RoomFacts } from './booking-facts.repository';
import { type CaseParties, defaultParties, type ResolvedParties } from './hearing-parties';

/**
 * Who may attend a hearing of a case, as a pure rule: the service reads the facts (partyFactsQuery says which),
 * this decides. Every fault is named with the field of the booking request, all of them at once:
 *  - a trial (any kind but a plea signing) needs a courtroom and a judge of the case's court;
 *  - a plea signing is held without courtroom or judge, and with a defense or duty lawyer present;
 *  - the prosecutor is an active prosecutor of the case's procuratorate; each lawyer an active lawyer;
 *  - at least one defendant, each of this case;
 *  - detained defendants join from a video room of the center that holds them, so those of two centers cannot
 *    share a hearing; a video room named must be one of that center (or, none detained, of a defendant's center);
 *    none named, the center's rooms are the candidates, and a center without one cannot host the hearing.
 */

/** The parties after defaults, each checked against the case; what the organizations still have to complete. */
export interface PartyCheck extends ResolvedParties {
  courtroomId: string | null;
  judgeId: string | null;
  /** Whose zone the hearing's local times are in: the court's, the procuratorate's for a plea signing. */
  zoneOrganizationId: string;
  /**
   * The detention center's video room: the one given, or (none given) the center's rooms in the order a booking
   * tries them, by name. Null when no defendant attends from detention.
   */
  videoRoom: { organizationId: string; given: RoomFacts | null; candidates: RoomFacts[] } | null;
  /** The court, the procuratorate and the detention center (if any): every organization whose hours count. */
  organizationIds: string[];
}

interface Selection {
  parties: ResolvedParties;
  courtroomId: string | null;
  judgeId: string | null;
  /** The attending defendants' centers where they are detained, each once. */
  detainedCenters: string[];
}

function select(kase: CaseParties, input: PartySelection): Selection {
  const parties = defaultParties(kase, input);
  const caseDefendants = new Map(kase.defendants.map((d) => [d.defendantId, d]));
  const attending = parties.defendantIds.map((id) => caseDefendants.get(id)).filter((d) => d !== undefined);
  return {
    parties,
    courtroomId: input.courtroomId ?? null,
    judgeId: input.judgeId ?? null,
    detainedCenters: unique(attending.filter((d) => d.custodyStatus === 'detained').map((d) => d.detentionCenterId)),
  };
}

/** Which users and rooms checkParties needs, and whose video rooms to choose from when none is named. */
export function partyFactsQuery(
  kase: CaseParties,
  input: PartySelection,
): { userIds: string[]; roomIds: string[]; videoRoomsOf: string | null } {
  const { parties, courtroomId, judgeId, detainedCenters } = select(kase, input);
  return {
    userIds: [judgeId, parties.prosecutorId, ...parties.defenseLawyerIds].filter((x): x is string => !!x),
    roomIds: [courtroomId, input.videoRoomId].filter((x): x is string => !!x),
    videoRoomsOf: !input.videoRoomId && detainedCenters.length === 1 ? detainedCenters[0] : null,
  };
}

/**
 * The parties of a hearing of this case, with the case's defaults applied and every party checked against the
 * case and `facts` (read for partyFactsQuery). Throws one ValidationFailedError listing every fault, after
 * `extraErrors` (a bad duration, say).
 */
export function checkParties(
  kase: CaseParties,
  input: PartySelection,
  facts: PartyFacts,
  extraErrors: readonly FieldError[] = [],
): PartyCheck {
  const errors: FieldError[] = [...extraErrors];
  const isPlea = input.kind === 'plea_signing';
  const what = input.kind.replace('_', ' ');
  const { parties, courtroomId, judgeId, detainedCenters } = select(kase, input);
  if (isPlea) {
    if (courtroomId) errors.push({ field: 'courtroomId', message: 'a plea signing is held without a courtroom' });
    if (judgeId) errors.push({ field: 'judgeId', message: 'a plea signing is held without a judge' });
    if (parties.defenseLawyerIds.length === 0) {
      errors.push({
        field: 'defenseLawyerIds',
        message: 'a plea affidavit is signed with a defense or duty lawyer present: name one',
      });
    }
  } else {
    if (!courtroomId) errors.push({ field: 'courtroomId', message: `is required for a ${what}` });
    if (!judgeId) errors.push({ field: 'judgeId', message: `is required for a ${what}` });
  }
  if (parties.defendantIds.length === 0)
    errors.push({ field: 'defendantIds', message: 'the hearing needs at least one defendant of the case' });

  const caseDefendants = new Map(kase.defendants.map((d) => [d.defendantId, d]));
  const anyCenters = new Set(
    parties.defendantIds.flatMap((id) => {
      const d = caseDefendants.get(id);
      return d ? [d.detentionCenterId] : [];
    }),
  );
  const users = new Map(facts.users.map((u) => [u.id, u]));
  const rooms = new Map(facts.rooms.map((r) => [r.id, r]));

  if (judgeId) {
    const judge = users.get(judgeId);
    if (!judge || judge.role !== 'judge' || !judge.active)
      errors.push({ field: 'judgeId', message: 'is not an active judge' });
    else if (judge.organizationId !== kase.courtId)
      errors.push({ field: 'judgeId', message: "is not a judge of the case's court" });
  }
  if (courtroomId) {
    const room = rooms.get(courtroomId);
    if (!room || room.kind !== 'courtroom') errors.push({ field: 'courtroomId', message: 'is not a courtroom' });
    else if (room.organizationId !== kase.courtId)
      errors.push({ field: 'courtroomId', message: "is not a courtroom of the case's court" });
  }
  const prosecutor = users.get(parties.prosecutorId);
  if (!prosecutor || prosecutor.role !== 'prosecutor' || !prosecutor.active)
    errors.push({ field: 'prosecutorId', message: 'is not an active prosecutor' });
  else if (prosecutor.organizationId !== kase.procuratorateId)
    errors.push({ field: 'prosecutorId', message: "is not a prosecutor of the case's procuratorate" });
  parties.defenseLawyerIds.forEach((id, i) => {
    const lawyer = users.get(id);
    if (!lawyer || lawyer.role !== 'lawyer' || !lawyer.active)
      errors.push({ field: `defenseLawyerIds[${i}]`, message: 'is not an active lawyer' });
  });
  parties.defendantIds.forEach((id, i) => {
    if (!caseDefendants.has(id))
      errors.push({ field: `defendantIds[${i}]`, message: 'is not a defendant of this case' });
  });
  if (detainedCenters.length > 1) {
    errors.push({
      field: 'defendantIds',
      message: 'these defendants are held in different detention centers: book a hearing per center',
    });
  }
  let given: RoomFacts | null = null;
  if (input.videoRoomId) {
    const room = rooms.get(input.videoRoomId);
    if (!room || room.kind !== 'video_room') errors.push({ field: 'videoRoomId', message: 'is not a video room' });
    else if (
      detainedCenters.length > 0 ? !detainedCenters.includes(room.organizationId) : !anyCenters.has(room.organizationId)
    ) {
      errors.push({ field: 'videoRoomId', message: "is not a video room of the defendant's detention center" });
    } else given = room;
  }
  let candidates: RoomFacts[] = [];
  if (!input.videoRoomId && detainedCenters.length === 1 && errors.length === 0) {
    candidates = facts.videoRooms;
    if (candidates.length === 0)
      errors.push({ field: 'videoRoomId', message: "the defendant's detention center has no video room" });
  }
  if (errors.length > 0) throw new ValidationFailedError(errors);

  const centerId = given?.organizationId ?? (candidates.length > 0 ? detainedCenters[0] : null);
  return {
    courtroomId,
    judgeId,
    prosecutorId: parties.prosecutorId,
    defendantIds: parties.defendantIds,
    defenseLawyerIds: parties.defenseLawyerIds,
    zoneOrganizationId: isPlea ? kase.procuratorateId : kase.courtId,
    videoRoom: centerId ? { organizationId: centerId, given, candidates } : null,
    organizationIds: unique([kase.courtId, kase.procuratorateId, ...(centerId ? [centerId] : [])]),
  };
}
