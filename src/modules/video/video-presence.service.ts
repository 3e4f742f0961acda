import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../../common/errors/domain-error';
import type { RequestContext } from '../../common/http/request-context';
import { toUtcIso } from '../../common/time/local-time';
import type { AttendanceResponse, ParticipantPresenceResponse } from './dto/presence.dto';
import { presenceOf, sessionSeconds } from './presence';
import type { VideoRole } from './video-grants';
import { VideoPresenceRepository, type SessionRecord } from './video-presence.repository';
import { VideoRepository, type HearingVideoRecord } from './video.repository';

interface Expected {
  role: VideoRole;
  userId: string | null;
  name: string | null;
  /** Whose connections count for this entry. */
  owns: (s: SessionRecord) => boolean;
}

/** Who is where in a hearing's room, live, and who attended when: from the connections LiveKit reported. */
@Injectable()
export class VideoPresenceService {
  constructor(
    private readonly video: VideoRepository,
    private readonly presence: VideoPresenceRepository,
  ) {}

  private async visible(ctx: RequestContext, id: string): Promise<HearingVideoRecord> {
    const h = await this.video.findVisible(ctx.actor, id);
    if (!h) throw new NotFoundError('Hearing', id);
    return h;
  }

  /**
   * GET /hearings/:id/participants: each expected participant (the judge, the prosecutor, each defense lawyer, the
   * detention center's video room) and anyone else who joined (a clerk), with their presence and since when.
   */
  async participants(ctx: RequestContext, id: string): Promise<ParticipantPresenceResponse[]> {
    const h = await this.visible(ctx, id);
    const sessions = await this.presence.sessions(id);
    const people = [h.judgeId, h.prosecutorId, ...h.defenseLawyerIds].filter((p): p is string => p !== null);
    const names = await this.presence.names(people);
    const byUser = (role: VideoRole, userId: string): Expected => ({
      role,
      userId,
      name: names.get(userId) ?? null,
      owns: (s) => s.userId === userId,
    });
    const expected: Expected[] = [
      ...(h.judgeId ? [byUser('judge', h.judgeId)] : []),
      ...(h.prosecutorId ? [byUser('prosecutor', h.prosecutorId)] : []),
      ...h.defenseLawyerIds.map((l) => byUser('defense_lawyer', l)),
      ...(h.videoRoomCenterId
        ? [
            {
              role: 'detention_center' as const,
              userId: null,
              name: h.videoRoomLabel,
              owns: (s: SessionRecord) => s.role === 'detention_center',
            },
          ]
        : []),
    ];
    const covered = (s: SessionRecord) => expected.some((e) => e.owns(s));
    for (const s of sessions) {
      if (covered(s) || s.role === null) continue;
      expected.push({ role: s.role, userId: s.userId, name: s.name, owns: (o) => o.identity === s.identity });
    }
    return expected.map((e) => {
      const own = sessions.filter(e.owns).map((s) => ({ ...s, consultation: s.roomName === h.consultationRoomName }));
      const { status, since } = presenceOf(own, e.role, h.liveState, h.kind);
      return { role: e.role, userId: e.userId, name: e.name, status, since: since ? toUtcIso(since) : null };
    });
  }

  /** GET /hearings/:id/attendance: every connection, with its length in seconds (to now while open). */
  async attendance(ctx: RequestContext, id: string): Promise<AttendanceResponse[]> {
    await this.visible(ctx, id);
    const now = new Date();
    return (await this.presence.sessions(id)).map((s) => ({
      identity: s.identity,
      role: s.role,
      name: s.role === 'detention_center' ? null : s.name,
      joinedAt: s.joinedAt ? toUtcIso(s.joinedAt) : null,
      leftAt: s.leftAt ? toUtcIso(s.leftAt) : null,
      seconds: sessionSeconds(s, now),
    }));
  }
}
