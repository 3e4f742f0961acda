import { DateTime } from 'luxon';
import {
  CaseParties,
  defaultParties,
  reservationsFor,
  videoRoomRange,
} from '../../src/modules/hearings/hearing-parties';

const kase: CaseParties = {
  caseId: 'case',
  courtId: 'court',
  procuratorateId: 'proc',
  prosecutorId: 'prosecutor-of-case',
  defendants: [
    { defendantId: 'd1', defenseLawyerId: 'lawyer-a', detentionCenterId: 'center', custodyStatus: 'detained' },
    { defendantId: 'd2', defenseLawyerId: 'lawyer-a', detentionCenterId: 'center', custodyStatus: 'detained' },
    { defendantId: 'd3', defenseLawyerId: null, detentionCenterId: 'center', custodyStatus: 'released' },
    { defendantId: 'd4', defenseLawyerId: 'lawyer-b', detentionCenterId: 'center', custodyStatus: 'detained' },
  ],
};

describe('defaultParties: parties left out come from the case', () => {
  it("takes the case's prosecutor, all its defendants and each of their lawyers once", () => {
    expect(defaultParties(kase, {})).toEqual({
      prosecutorId: 'prosecutor-of-case',
      defendantIds: ['d1', 'd2', 'd3', 'd4'],
      defenseLawyerIds: ['lawyer-a', 'lawyer-b'],
    });
  });

  it('takes only the lawyers of the defendants who attend', () => {
    expect(defaultParties(kase, { defendantIds: ['d3', 'd4'] }).defenseLawyerIds).toEqual(['lawyer-b']);
    expect(defaultParties(kase, { defendantIds: ['d3'] }).defenseLawyerIds).toEqual([]);
  });

  it('keeps given parties as given, once each, and treats null as left out', () => {
    expect(
      defaultParties(kase, { prosecutorId: 'other', defendantIds: ['d2', 'd2'], defenseLawyerIds: ['duty', 'duty'] }),
    ).toEqual({
      prosecutorId: 'other',
      defendantIds: ['d2'],
      defenseLawyerIds: ['duty'],
    });
    expect(defaultParties(kase, { prosecutorId: null, defendantIds: null, defenseLawyerIds: [] })).toEqual({
      prosecutorId: 'prosecutor-of-case',
      defendantIds: ['d1', 'd2', 'd3', 'd4'],
      defenseLawyerIds: [],
    });
  });
});

describe('reservationsFor: one reservation per person and room', () => {
  const startsAt = DateTime.fromISO('2026-12-07T01:00:00Z', { zone: 'utc' });
  const endsAt = startsAt.plus({ minutes: 30 });
  const plan = {
    startsAt,
    endsAt,
    courtroomId: 'c-room',
    judgeId: 'b-judge',
    prosecutorId: 'e-pros',
    defenseLawyerIds: ['f-law', 'f-law'],
    defendantIds: ['a-def'],
    videoRoomId: 'd-video',
    videoRoomBufferMinutes: 15,
  };

  it('holds the video room for the escort buffer before and after, everyone else for the hearing only', () => {
    const claims = reservationsFor(plan);
    const video = claims.find((c) => c.resourceType === 'video_room')!;
    expect(video.startsAt.toISO()).toBe('2026-12-07T00:45:00.000Z');
    expect(video.endsAt.toISO()).toBe('2026-12-07T01:45:00.000Z');
    for (const c of claims.filter((x) => x.resourceType !== 'video_room')) {
      expect([c.startsAt.toISO(), c.endsAt.toISO()]).toEqual([startsAt.toISO(), endsAt.toISO()]);
    }
  });

  it('lists each resource once, sorted by id so racing bookings lock in the same order', () => {
    expect(reservationsFor(plan).map((c) => [c.resourceType, c.resourceId])).toEqual([
      ['defendant', 'a-def'],
      ['judge', 'b-judge'],
      ['courtroom', 'c-room'],
      ['video_room', 'd-video'],
      ['prosecutor', 'e-pros'],
      ['defense_lawyer', 'f-law'],
    ]);
  });

  it('leaves out what a plea signing has not: judge, courtroom, and a video room for a released defendant', () => {
    const claims = reservationsFor({ ...plan, courtroomId: null, judgeId: null, videoRoomId: null });
    expect(claims.map((c) => c.resourceType).sort()).toEqual(['defendant', 'defense_lawyer', 'prosecutor']);
  });

  it('widens by nothing when the center has no buffer', () => {
    expect(videoRoomRange(startsAt, endsAt, 0)).toEqual({ startsAt, endsAt });
  });
});
