import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../../platform/database/transaction-runner';
import { JobsService, PermanentJobError, type QueueSettings } from '../../platform/jobs/jobs.service';
import type { OutboxJobData } from '../../platform/jobs/outbox-relay';
import { HEARING_TOPICS } from '../hearings/hearing-changes';
import { InvitationsService } from './invitations.service';
import { LivekitRooms } from './livekit-rooms';
import {
  DEPARTURE_TIMEOUT_SECONDS,
  emptyTimeoutSeconds,
  MAX_PARTICIPANTS,
  ROOM_LEAD_MINUTES,
  roomAction,
} from './room-lifecycle';
import { rightsFor } from './video-grants';
import { VideoPresenceRepository } from './video-presence.repository';
import { VIDEO_TOPICS } from './video-topics';
import { VideoRepository } from './video.repository';
import { VideoService } from './video.service';

/** The queues of the video feature. */
export const VIDEO_QUEUES = {
  /** Makes or deletes a hearing's room as room-lifecycle.ts says, on every change of the hearing. */
  rooms: 'video.rooms',
  /** Gives every connected participant the rights of the live state (start, pause, resume, suspend). */
  rights: 'video.rights',
  /** Removes the holder of a revoked join link from the room, for good. */
  guests: 'video.guests',
  /** Every minute: rooms due (made before the window, deleted after), and presence reconciled with LiveKit. */
  sweep: 'video.sweep',
  /** Invites the hearing's parties with an e-mail when it is booked or its parties change. */
  invitations: 'video.invitations',
} as const;

/** LiveKit may be down for a while: retried with backoff up to 5 minutes apart, then the dead letter. */
const LIVEKIT_CALLS: Omit<QueueSettings, 'topics'> = {
  retryLimit: 8,
  retryDelaySeconds: 5,
  backoff: true,
  retryDelayMaxSeconds: 300,
  deadLetter: true,
  expireInSeconds: 120,
};

/** The hearing an event is about: every topic these queues hear carries `hearingId`. */
function hearingOf(data: OutboxJobData): string {
  const id = data.payload.hearingId;
  if (typeof id !== 'string') throw new PermanentJobError(`${data.topic} event ${data.eventId} names no hearing`);
  return id;
}

/**
 * The video feature's background work: every call to LiveKit's server API happens here, in jobs of the queue, so
 * a request never waits for LiveKit and never fails because it is down. Handlers are idempotent (a job may run
 * twice): createRoom is an upsert, deleting a missing room is done, rights are set as a whole.
 */
@Injectable()
export class VideoJobsService implements OnModuleInit {
  private readonly logger = new Logger('VideoJobs');

  constructor(
    private readonly jobs: JobsService,
    private readonly video: VideoRepository,
    private readonly presence: VideoPresenceRepository,
    private readonly live: VideoService,
    private readonly rooms: LivekitRooms,
    private readonly invitations: InvitationsService,
    private readonly tx: TransactionRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.work<OutboxJobData>(
      VIDEO_QUEUES.rooms,
      {
        ...LIVEKIT_CALLS,
        topics: [
          HEARING_TOPICS.booked,
          HEARING_TOPICS.changed,
          HEARING_TOPICS.cancelled,
          HEARING_TOPICS.outcomeRecorded,
          VIDEO_TOPICS.liveChanged,
          VIDEO_TOPICS.roomNeeded,
        ],
      },
      (data) => this.syncRoom(hearingOf(data)),
    );
    await this.jobs.work<OutboxJobData>(
      VIDEO_QUEUES.rights,
      { ...LIVEKIT_CALLS, topics: [VIDEO_TOPICS.liveChanged] },
      (data) => this.applyRights(hearingOf(data)),
    );
    await this.jobs.work<OutboxJobData>(
      VIDEO_QUEUES.guests,
      { ...LIVEKIT_CALLS, topics: [VIDEO_TOPICS.invitationRevoked] },
      (data) => this.removeGuest(hearingOf(data), String(data.payload.invitationId)),
    );
    await this.jobs.work<OutboxJobData>(
      VIDEO_QUEUES.invitations,
      {
        retryLimit: 5,
        retryDelaySeconds: 5,
        backoff: true,
        deadLetter: true,
        topics: [HEARING_TOPICS.booked, HEARING_TOPICS.changed],
      },
      async (data) => void (await this.invitations.inviteParties(hearingOf(data), `video-job:${data.eventId}`)),
    );
    await this.jobs.work(
      VIDEO_QUEUES.sweep,
      { retryLimit: 0, retryDelaySeconds: 60, backoff: false, deadLetter: false, expireInSeconds: 600 },
      async () => void (await this.sweep()),
    );
    await this.jobs.every(VIDEO_QUEUES.sweep, 1);
  }

  /** Makes or deletes the hearing's room as its lifecycle says now; a failure is kept on the room and retried. */
  async syncRoom(hearingId: string): Promise<void> {
    const h = await this.tx.run((tx) => this.video.findForService(tx, hearingId));
    if (!h) return;
    const now = new Date();
    const window = this.live.joinWindowOf(h);
    const action = roomAction(window, h.roomStatus, now);
    if (action === 'none') return;
    try {
      if (action === 'create') {
        const sid = await this.rooms.ensure(h.roomName, {
          hearingId,
          emptyTimeout: emptyTimeoutSeconds(window, now),
          departureTimeout: DEPARTURE_TIMEOUT_SECONDS,
          maxParticipants: MAX_PARTICIPANTS,
        });
        await this.video.roomCreated(hearingId, sid);
      } else {
        await this.rooms.delete(h.roomName);
        await this.rooms.delete(h.consultationRoomName);
        await this.video.roomDeleted(hearingId);
      }
    } catch (err) {
      await this.video.roomFailed(hearingId, `${action}: ${err instanceof Error ? err.message : String(err)}`);
      throw err;
    }
  }

  /** Every connected participant gets the whole set of their role's rights in the live state. */
  async applyRights(hearingId: string): Promise<void> {
    const h = await this.tx.run((tx) => this.video.findForService(tx, hearingId));
    if (!h || h.roomStatus !== 'created') return;
    const connected = await this.rooms.participants(h.roomName);
    const roles = await this.video.rolesOf(
      hearingId,
      connected.map((p) => p.identity),
    );
    for (const p of connected) {
      const role = roles.get(p.identity);
      if (role) await this.rooms.setRights(h.roomName, p.identity, rightsFor(role, h.liveState, h.kind));
    }
  }

  async removeGuest(hearingId: string, invitationId: string): Promise<void> {
    const h = await this.tx.run((tx) => this.video.findForService(tx, hearingId));
    const identity = await this.video.identityOfInvitation(invitationId);
    if (!h || !identity || h.roomStatus !== 'created') return;
    const now = new Date();
    await this.rooms.removeForGood(h.roomName, identity, now);
    await this.rooms.removeForGood(h.consultationRoomName, identity, now);
  }

  /** The minute's sweep: rooms due, then presence reconciled; one hearing's failure does not stop the others. */
  async sweep(): Promise<{ rooms: number; reconciled: number; failed: number }> {
    let failed = 0;
    const due = await this.video.roomsDue(this.config.joinOpensMinutesBefore, ROOM_LEAD_MINUTES);
    for (const id of due) {
      await this.syncRoom(id).catch(() => failed++);
    }
    const inUse = await this.video.roomsInUse();
    for (const id of inUse) {
      await this.reconcile(id).catch((err: unknown) => {
        failed++;
        this.logger.warn({
          msg: 'presence reconciliation failed',
          err: err instanceof Error ? err.message : String(err),
        });
      });
    }
    return { rooms: due.length, reconciled: inUse.length, failed };
  }

  /**
   * Repairs what missed webhooks left wrong: a connection LiveKit lists that the service does not hold open is
   * opened, one it holds open that LiveKit no longer lists is closed now; then the waiting room's keepers' rule.
   */
  async reconcile(hearingId: string): Promise<void> {
    const h = await this.tx.run((tx) => this.video.findForService(tx, hearingId));
    if (!h || h.roomStatus !== 'created') return;
    const listed = await this.rooms.participants(h.roomName);
    const held = await this.presence.openSessions(hearingId, h.roomName);
    const now = new Date();
    await this.tx.run(async (tx) => {
      for (const p of listed) {
        if (held.some((s) => s.participantSid === p.sid)) continue;
        await this.presence.recordSession(tx, {
          participantSid: p.sid,
          hearingId,
          identity: p.identity,
          roomName: h.roomName,
          joinedAt: p.joinedAt ?? now,
          leftAt: null,
        });
      }
      for (const s of held) {
        if (listed.some((p) => p.sid === s.participantSid)) continue;
        await this.presence.recordSession(tx, { ...s, hearingId, roomName: h.roomName, joinedAt: null, leftAt: now });
      }
      await this.live.suspendIfUnattended(
        tx,
        hearingId,
        (roles) => this.presence.openConnections(tx, hearingId, roles),
        `video-sweep:${hearingId}`,
      );
    });
  }
}
