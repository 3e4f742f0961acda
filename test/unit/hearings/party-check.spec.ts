import { type FieldError, ValidationFailedError } from '../../../src/common/errors/domain-error';
import type { PartyFacts, RoomFacts, UserFacts } from '../../../src/modules/hearings/booking-facts.repository';
import type { PartySelection } from '../../../src/modules/hearings/booking-input';
import type { CaseParties } from '../../../src/modules/hearings/hearing-parties';
import { checkParties, partyFactsQuery } from '../../../src/modules/hearings/party-check';

/*
 * A case of the court `court`, prosecuted by `proc`: defendant d1 detained in `center-a` (defended by lawyer-1),
 * d2 released (lives near `center-a`, no lawyer). Everyone named below exists and is active unless a scenario says
 * otherwise; center-a has two video rooms.
 */
const kase: CaseParties = {
  caseId: 'case',
  courtId: 'court',
  procuratorateId: 'proc',
  prosecutorId: 'prosecutor-1',
  defendants: [
    { defendantId: 'd1', defenseLawyerId: 'lawyer-1', detentionCenterId: 'center-a', custodyStatus: 'detained' },
    { defendantId: 'd2', defenseLawyerId: null, detentionCenterId: 'center-a', custodyStatus: 'released' },
  ],
};
const user = (id: string, role: UserFacts['role'], organizationId: string | null, active = true): UserFacts => ({
  id,
  role,
  organizationId,
  active,
});
const room = (id: string, kind: RoomFacts['kind'], organizationId: string): RoomFacts => ({
  id,
  kind,
  organizationId,
  name: id,
});
const people = [
  user('judge-1', 'judge', 'court'),
  user('judge-elsewhere', 'judge', 'other-court'),
  user('prosecutor-1', 'prosecutor', 'proc'),
  user('lawyer-1', 'lawyer', 'firm'),
  user('lawyer-gone', 'lawyer', 'firm', false),
];
const places = [
  room('courtroom-1', 'courtroom', 'court'),
  room('courtroom-elsewhere', 'courtroom', 'other-court'),
  room('video-a1', 'video_room', 'center-a'),
  room('video-b1', 'video_room', 'center-b'),
];
const centerARooms = [room('video-a1', 'video_room', 'center-a'), room('video-a2', 'video_room', 'center-a')];

/** The facts a booking would read for this selection: exactly what partyFactsQuery asks for. */
function factsFor(k: CaseParties, input: PartySelection, videoRooms = centerARooms): PartyFacts {
  const q = partyFactsQuery(k, input);
  return {
    users: people.filter((u) => q.userIds.includes(u.id)),
    rooms: places.filter((r) => q.roomIds.includes(r.id)),
    videoRooms: q.videoRoomsOf === 'center-a' ? videoRooms : [],
  };
}

function faultsOf(k: CaseParties, input: PartySelection, videoRooms?: RoomFacts[]): FieldError[] {
  try {
    checkParties(k, input, factsFor(k, input, videoRooms));
  } catch (err) {
    if (err instanceof ValidationFailedError) return err.extra.errors as FieldError[];
    throw err;
  }
  throw new Error('checkParties accepted the parties');
}

const trial: PartySelection = { kind: 'trial', courtroomId: 'courtroom-1', judgeId: 'judge-1' };

describe('checkParties: who may attend a hearing of a case', () => {
  it("accepts a trial with the case's defaults and offers the detention center's video rooms, by name", () => {
    expect(checkParties(kase, trial, factsFor(kase, trial))).toEqual({
      courtroomId: 'courtroom-1',
      judgeId: 'judge-1',
      prosecutorId: 'prosecutor-1',
      defendantIds: ['d1', 'd2'],
      defenseLawyerIds: ['lawyer-1'],
      zoneOrganizationId: 'court',
      videoRoom: { organizationId: 'center-a', given: null, candidates: centerARooms },
      organizationIds: ['court', 'proc', 'center-a'],
    });
  });

  it('refuses a trial without a judge', () => {
    expect(faultsOf(kase, { kind: 'trial', courtroomId: 'courtroom-1' })).toEqual([
      { field: 'judgeId', message: 'is required for a trial' },
    ]);
  });

  it("refuses a courtroom of another court than the case's", () => {
    expect(faultsOf(kase, { ...trial, courtroomId: 'courtroom-elsewhere' })).toEqual([
      { field: 'courtroomId', message: "is not a courtroom of the case's court" },
    ]);
  });

  it("refuses a judge of another court than the case's", () => {
    expect(faultsOf(kase, { ...trial, judgeId: 'judge-elsewhere' })).toEqual([
      { field: 'judgeId', message: "is not a judge of the case's court" },
    ]);
  });

  it('refuses a lawyer whose account is not active, naming its place in the list', () => {
    expect(faultsOf(kase, { ...trial, defenseLawyerIds: ['lawyer-1', 'lawyer-gone'] })).toEqual([
      { field: 'defenseLawyerIds[1]', message: 'is not an active lawyer' },
    ]);
  });

  it('refuses a defendant who is not a defendant of the case', () => {
    expect(faultsOf(kase, { ...trial, defendantIds: ['d1', 'stranger'] })).toEqual([
      { field: 'defendantIds[1]', message: 'is not a defendant of this case' },
    ]);
  });

  it("refuses a video room of another center than the detained defendant's", () => {
    expect(faultsOf(kase, { ...trial, videoRoomId: 'video-b1' })).toEqual([
      { field: 'videoRoomId', message: "is not a video room of the defendant's detention center" },
    ]);
  });

  it('refuses detained defendants held in two detention centers in one hearing', () => {
    const twoCenters: CaseParties = {
      ...kase,
      defendants: [
        ...kase.defendants,
        { defendantId: 'd3', defenseLawyerId: null, detentionCenterId: 'center-b', custodyStatus: 'detained' },
      ],
    };
    expect(faultsOf(twoCenters, trial)).toEqual([
      {
        field: 'defendantIds',
        message: 'these defendants are held in different detention centers: book a hearing per center',
      },
    ]);
  });

  it('refuses a plea signing without a defense or duty lawyer', () => {
    expect(faultsOf(kase, { kind: 'plea_signing', defendantIds: ['d2'] })).toEqual([
      {
        field: 'defenseLawyerIds',
        message: 'a plea affidavit is signed with a defense or duty lawyer present: name one',
      },
    ]);
  });

  it("holds a plea signing in the procuratorate's zone, without courtroom or judge", () => {
    const plea: PartySelection = { kind: 'plea_signing', defendantIds: ['d1'] };
    const checked = checkParties(kase, plea, factsFor(kase, plea));
    expect(checked.zoneOrganizationId).toBe('proc');
    expect([checked.courtroomId, checked.judgeId]).toEqual([null, null]);
  });

  it('refuses a detained defendant whose center has no video room', () => {
    expect(faultsOf(kase, trial, [])).toEqual([
      { field: 'videoRoomId', message: "the defendant's detention center has no video room" },
    ]);
  });

  it('lists every fault at once, after the faults the caller found', () => {
    const input: PartySelection = { kind: 'trial', defendantIds: ['stranger'], defenseLawyerIds: ['lawyer-gone'] };
    let faults: FieldError[] = [];
    try {
      checkParties(kase, input, factsFor(kase, input), [{ field: 'durationMinutes', message: 'too long' }]);
    } catch (err) {
      faults = (err as ValidationFailedError).extra.errors as FieldError[];
    }
    expect(faults.map((f) => f.field)).toEqual([
      'durationMinutes',
      'courtroomId',
      'judgeId',
      'defenseLawyerIds[0]',
      'defendantIds[0]',
    ]);
  });
});
