import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { ForbiddenError, NotFoundError } from '../../common/errors/domain-error';
import type { Actor, RequestContext } from '../../common/http/request-context';

/** Who a change is made by: a request's actor, or none (a join link, a webhook, a job), with the request id. */
type ChangeContext = Pick<RequestContext, 'requestId'> & { actor: { id: string } | null };
import { toUtcIso } from '../../common/time/local-time';
import { TransactionRunner } from '../../platform/database/transaction-runner';
import { OutboxRepository } from '../../platform/outbox/outbox.repository';
import type { Transaction } from '../../platform/database/transaction';
import { AuditService } from '../audit/audit.service';
import type { AuditAction } from '../audit/audit-vocabulary';
import { HearingCancelledError, HearingHasOutcomeError } from '../hearings/hearings.errors';
import {
  HearingVideoResponse,
  LiveStateResponse,
  toGrantsResponse,
  type LiveActionDto,
  type VideoTokenResponse,
} from './dto/video.dto';
import { joinWindow, type JoinWindow } from './join-window';
import { mintVideoToken } from './livekit-token';
import { allowedLiveActions, nextLiveState } from './live-transitions';
import {
  CONSULTATION_RIGHTS,
  CONSULTS,
  isWaiting,
  moderatorRoles,
  rightsFor,
  type RoomRights,
  type VideoRole,
} from './video-grants';
import { VIDEO_TOPICS } from './video-topics';
import { joinAs, mayControlLive } from './video-participants';
import {
  ConsultationClosedError,
  InvalidLiveTransitionError,
  JoinWindowClosedError,
  NotYetOpenError,
} from './video.errors';
import {
  VideoRepository,
  type HearingToJoinRecord,
  type HearingVideoRecord,
  type KnownIdentity,
  type LiveChangeRecord,
} from './video.repository';

/** A hearing's room: who joins it with which rights and when (tokens), and its live state, which the judge runs. */
@Injectable()
export class VideoService {
  constructor(
    private readonly video: VideoRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly outbox: OutboxRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private async visible(actor: Actor, id: string, tx?: Transaction, lock = false): Promise<HearingVideoRecord> {
    const h = await this.video.findVisible(actor, id, tx, { lock });
    if (!h) throw new NotFoundError('Hearing', id);
    return h;
  }

  /**
   * The hearing the actor joins (404 unless they see it, 403 unless they take part), the role they join as and the
   * name the room shows: the video room's for the detention center's device, the user's own for anyone else.
   */
  private async joining(actor: Actor, id: string): Promise<{ h: HearingToJoinRecord; role: VideoRole; name: string }> {
    const h = await this.video.findVisibleToJoin(actor, id);
    if (!h) throw new NotFoundError('Hearing', id);
    const as = joinAs(actor, h);
    if ('refused' in as) throw new ForbiddenError(as.refused);
    const name = as.role === 'detention_center' ? (h.videoRoomLabel ?? 'Detention center') : (h.actorName ?? as.role);
    return { h, role: as.role, name };
  }

  private window(h: HearingVideoRecord, now = new Date()) {
    return joinWindow({ ...h, closedAt: h.liveClosedAt }, now, this.config.joinOpensMinutesBefore);
  }

  /**
   * POST /hearings/:id/video-token: a participant's LiveKit token, inside the join window, with their role's
   * rights in the hearing's live state (the waiting room before the start and in a pause). Audited.
   *
   * The hearing is read outside a transaction (it takes no lock, and each statement of a READ COMMITTED transaction
   * reads a snapshot of its own anyway). A person's first token in the hearing makes their identity and its audit
   * row in one transaction; a later one (a reconnection, another device) finds the identity, so the audit row is
   * the only write and commits alone: 3 statements instead of 7 (the account, the hearing, the audit row).
   */
  async token(ctx: RequestContext, id: string): Promise<VideoTokenResponse> {
    const { h, role, name } = await this.joining(ctx.actor, id);
    const owner = { userId: ctx.actor.id };
    if (onlyAuditWrite(h, role)) return this.issueToken(this.video.autocommit(), ctx, h, owner, role, name, h.known);
    return this.tx.run((tx) => this.issueToken(tx, ctx, h, owner, role, name, h.known));
  }

  /**
   * A token for someone who may join the hearing as `role`, inside its join window (403 JOIN_WINDOW_CLOSED
   * outside): their stable identity (`known`, when read with the hearing, spares its upsert), the rights of their role in the live state, audited as `issue_video_token`
   * (the actor, or none for a join link, whose invitation is named).
   */
  async issueToken(
    tx: Transaction,
    ctx: ChangeContext,
    h: HearingVideoRecord,
    owner: { userId: string } | { invitationId: string },
    role: VideoRole,
    name: string,
    known: KnownIdentity | null = null,
  ): Promise<VideoTokenResponse> {
    const window = this.window(h);
    if (!window.open) throw new JoinWindowClosedError(window.reason, window.opensAt, window.closesAt);
    const rights = rightsFor(role, h.liveState, h.kind);
    // The room job may not have run (LiveKit was down, the sweep is late): ask for it now, without waiting for it.
    if (h.roomStatus !== 'created')
      await this.outbox.emit(tx, VIDEO_TOPICS.roomNeeded, { hearingId: h.hearingId }, ctx.requestId);
    return this.mint(tx, ctx, h, {
      owner,
      role,
      name,
      known,
      rights,
      roomName: h.roomName,
      action: 'issue_video_token',
    });
  }

  /**
   * POST /hearings/:id/consultation-token: a token for the hearing's consultation room, which only the defense
   * lawyer and the detention center's video room share (never the judge, the prosecutor or observers): from the
   * join window's opening until the start, and while the hearing is paused. Audited as a consultation; the room is
   * never recorded.
   */
  async consultationToken(ctx: RequestContext, id: string): Promise<VideoTokenResponse> {
    const { h, role, name } = await this.joining(ctx.actor, id);
    const owner = { userId: ctx.actor.id };
    if (onlyAuditWrite(h, role))
      return this.issueConsultationToken(this.video.autocommit(), ctx, h, owner, role, name, h.known);
    return this.tx.run((tx) => this.issueConsultationToken(tx, ctx, h, owner, role, name, h.known));
  }

  /** A consultation token for someone who joins the hearing as `role` (see consultationToken). */
  async issueConsultationToken(
    tx: Transaction,
    ctx: ChangeContext,
    h: HearingVideoRecord,
    owner: { userId: string } | { invitationId: string },
    role: VideoRole,
    name: string,
    known: KnownIdentity | null = null,
  ): Promise<VideoTokenResponse> {
    if (!CONSULTS.has(role))
      throw new ForbiddenError('Only the defense lawyer and the detention center consult in private');
    const window = this.window(h);
    if (!window.open) throw new JoinWindowClosedError(window.reason, window.opensAt, window.closesAt);
    if (h.liveState !== 'not_started' && h.liveState !== 'paused') throw new ConsultationClosedError(h.liveState);
    return this.mint(tx, ctx, h, {
      owner,
      role,
      name,
      known,
      rights: CONSULTATION_RIGHTS,
      roomName: h.consultationRoomName,
      action: 'issue_consultation_token',
    });
  }

  /** The person's identity, their token for `roomName` with `rights`, and its audit row (never the token). */
  private async mint(
    tx: Transaction,
    ctx: ChangeContext,
    h: HearingVideoRecord,
    t: {
      owner: { userId: string } | { invitationId: string };
      role: VideoRole;
      name: string;
      known: KnownIdentity | null;
      rights: RoomRights;
      roomName: string;
      action: 'issue_video_token' | 'issue_consultation_token';
    },
  ): Promise<VideoTokenResponse> {
    const identity = await this.video.identityFor(tx, h.hearingId, t.owner, t.role, t.known);
    const { token, expiresAt } = await mintVideoToken({
      apiKey: this.config.livekitApiKey,
      apiSecret: this.config.livekitApiSecret,
      roomName: t.roomName,
      identity,
      name: t.name,
      role: t.role,
      rights: t.rights,
    });
    await this.audit.record(tx, ctx, {
      action: t.action,
      entityType: 'hearing',
      entityId: h.hearingId,
      after: {
        role: t.role,
        identity,
        liveState: h.liveState,
        expiresAt: toUtcIso(expiresAt),
        ...('invitationId' in t.owner ? { invitationId: t.owner.invitationId } : {}),
      },
    });
    return {
      serverUrl: this.config.livekitPublicUrl,
      roomName: t.roomName,
      identity,
      name: t.name,
      token,
      expiresAt: toUtcIso(expiresAt),
      role: t.role,
      liveState: h.liveState,
      waiting: isWaiting(t.rights),
      grants: toGrantsResponse(t.rights),
    };
  }

  /**
   * The rule of the waiting room's keepers: a hearing in session with no judge or clerk (the prosecutor, in a plea
   * signing) connected any more is suspended by the service (no actor), audited, and its participants' rights
   * follow (the outbox event). `connected` counts the open connections of those roles.
   */
  async suspendIfUnattended(
    tx: Transaction,
    hearingId: string,
    connected: (roles: VideoRole[]) => Promise<number>,
    requestId: string,
  ): Promise<boolean> {
    const h = await this.video.findForService(tx, hearingId, { lock: true });
    if (!h || h.liveState !== 'in_session') return false;
    if ((await connected(moderatorRoles(h.kind))) > 0) return false;
    await this.video.changeLive(tx, hearingId, {
      action: 'suspend',
      from: 'in_session',
      to: 'suspended',
      actorId: null,
    });
    await this.audit.record(
      tx,
      { requestId, actor: null },
      {
        action: 'live_suspend',
        entityType: 'hearing',
        entityId: hearingId,
        before: { liveState: 'in_session' },
        after: { liveState: 'suspended', why: 'the last judge and clerk left the room' },
      },
    );
    await this.outbox.emit(tx, VIDEO_TOPICS.liveChanged, { hearingId, liveState: 'suspended' }, requestId);
    return true;
  }

  /** The join window of a hearing now. */
  joinWindowOf(h: HearingVideoRecord): JoinWindow {
    return this.window(h);
  }

  /** POST /hearings/:id/live: one step of the live state, by whoever runs the hearing; audited, kept in history. */
  async changeLive(ctx: RequestContext, id: string, dto: LiveActionDto): Promise<LiveStateResponse> {
    return this.tx.run(async (tx) => {
      const h = await this.visible(ctx.actor, id, tx, true);
      if (!mayControlLive(ctx.actor, h))
        throw new ForbiddenError(
          h.kind === 'plea_signing'
            ? 'Only the prosecutor of a plea signing runs it'
            : "Only the hearing's judge or a clerk of the court runs the hearing",
        );
      const next = nextLiveState(h.liveState, dto.action);
      if (!next.ok)
        throw new InvalidLiveTransitionError(h.liveState, dto.action, next.why, allowedLiveActions(h.liveState));
      if (dto.action === 'start') {
        if (h.status === 'cancelled') throw new HearingCancelledError(id);
        if (h.status !== 'scheduled') throw new HearingHasOutcomeError(id, h.status);
        const window = this.window(h);
        if (!window.open && window.reason === 'not_yet_open') throw new NotYetOpenError(window.opensAt);
      }
      await this.video.changeLive(tx, id, {
        action: dto.action,
        from: h.liveState,
        to: next.state,
        actorId: ctx.actor.id,
      });
      await this.audit.record(tx, ctx, {
        action: `live_${dto.action}` as AuditAction,
        entityType: 'hearing',
        entityId: id,
        before: { liveState: h.liveState },
        after: { liveState: next.state },
      });
      await this.outbox.emit(tx, VIDEO_TOPICS.liveChanged, { hearingId: id, liveState: next.state }, ctx.requestId);
      const after = await this.visible(ctx.actor, id, tx);
      return liveResponse(after, await this.video.liveChanges(id, tx));
    });
  }

  /** GET /hearings/:id/video: the room's state, the live state with its history, the join window. */
  async get(ctx: RequestContext, id: string): Promise<HearingVideoResponse> {
    const h = await this.visible(ctx.actor, id);
    const window = this.window(h);
    return {
      hearingId: id,
      videoRoom: { status: h.roomStatus, lastError: h.roomError },
      live: liveResponse(h, await this.video.liveChanges(id)),
      joinOpensAt: toUtcIso(window.opensAt),
      joinClosesAt: toUtcIso(window.closesAt),
    };
  }
}

function liveResponse(h: HearingVideoRecord, changes: LiveChangeRecord[]): LiveStateResponse {
  return {
    state: h.liveState,
    startedAt: h.liveStartedAt ? toUtcIso(h.liveStartedAt) : null,
    closedAt: h.liveClosedAt ? toUtcIso(h.liveClosedAt) : null,
    allowedActions: allowedLiveActions(h.liveState),
    changes: changes.map((c) => ({ ...c, at: toUtcIso(c.at) })),
  };
}

/**
 * Whether a token's only write is its audit row (one statement, which needs no BEGIN and COMMIT): the person's
 * identity exists with this role, and the room is made (else the token also asks for it through the outbox).
 */
function onlyAuditWrite(h: HearingToJoinRecord, role: VideoRole): boolean {
  return h.known?.role === role && h.roomStatus === 'created';
}
