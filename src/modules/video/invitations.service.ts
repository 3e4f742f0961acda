import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { newSecretCode, SECRET_CODE, sha256Hex } from '../../common/crypto/secret-codes';
import { ForbiddenError, NotFoundError, ValidationFailedError } from '../../common/errors/domain-error';
import type { RequestContext } from '../../common/http/request-context';
import { toUtcIso } from '../../common/time/local-time';
import { TransactionRunner } from '../../platform/database/transaction-runner';
import { OutboxRepository } from '../../platform/outbox/outbox.repository';
import { RateLimiter } from '../../platform/rate-limit/rate-limiter';
import { AuditService } from '../audit/audit.service';
import { HearingCancelledError, HearingHasOutcomeError } from '../hearings/hearings.errors';
import type {
  CreatedInvitationResponse,
  CreateInvitationDto,
  InvitationResponse,
  JoinInfoResponse,
} from './dto/invitation.dto';
import type { VideoTokenResponse } from './dto/video.dto';
import { InvitationsRepository, type InvitationRecord } from './invitations.repository';
import { inviteeFits, mayInvite } from './video-participants';
import { VideoRepository, type HearingVideoRecord } from './video.repository';
import { VIDEO_TOPICS } from './video-topics';
import { UnknownJoinLinkError } from './video.errors';
import { VideoService } from './video.service';

/**
 * Join links: made by whoever sends the hearing's invitations, exchanged by the invitee, with no account, for a
 * token inside the join window. The code is random and kept only as its hash; the link is shown once.
 */
@Injectable()
export class InvitationsService {
  constructor(
    private readonly invitations: InvitationsRepository,
    private readonly video: VideoRepository,
    private readonly tokens: VideoService,
    private readonly limiter: RateLimiter,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly outbox: OutboxRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The hearing, for whoever sends its links; `operators`: admins too (to list and revoke a leaked link). */
  private async inviterView(ctx: RequestContext, id: string, operators = false): Promise<HearingVideoRecord> {
    const h = await this.video.findVisible(ctx.actor, id);
    if (!h) throw new NotFoundError('Hearing', id);
    if (!mayInvite(ctx.actor, h) && !(operators && ctx.actor.role === 'admin'))
      throw new ForbiddenError(
        h.kind === 'plea_signing'
          ? "Only the plea signing's prosecutor sends its join links"
          : "Only a clerk of the case's court sends a hearing's join links",
      );
    return h;
  }

  private response(h: HearingVideoRecord, i: InvitationRecord): InvitationResponse {
    return {
      id: i.id,
      role: i.role,
      userId: i.userId,
      name: i.name,
      email: i.email,
      expiresAt: toUtcIso(this.tokens.joinWindowOf(h).closesAt),
      revokedAt: i.revokedAt ? toUtcIso(i.revokedAt) : null,
      createdAt: toUtcIso(i.createdAt),
    };
  }

  /** POST /hearings/:id/invitations: a join link for a guest or a user; audited (without the code). */
  async create(ctx: RequestContext, id: string, dto: CreateInvitationDto): Promise<CreatedInvitationResponse> {
    const h = await this.inviterView(ctx, id);
    if (h.status === 'cancelled') throw new HearingCancelledError(id);
    if (h.status !== 'scheduled') throw new HearingHasOutcomeError(id, h.status);
    const name = dto.name?.trim() ?? null;
    if (!dto.userId && !name) throw ValidationFailedError.field('name', 'a guest needs a name (or give userId)');
    const code = newSecretCode();
    return this.tx.run(async (tx) => {
      if (dto.userId) {
        const role = await this.invitations.userRole(dto.userId, tx);
        if (role === null) throw ValidationFailedError.field('userId', 'no active user has this id');
        if (!inviteeFits(dto.role, role))
          throw ValidationFailedError.field('userId', `a ${role} cannot be invited as ${dto.role}`);
      }
      const invitation = await this.invitations.insert(tx, {
        hearingId: id,
        role: dto.role,
        userId: dto.userId ?? null,
        name,
        email: dto.email?.trim() ?? null,
        codeHash: sha256Hex(code),
        createdBy: ctx.actor.id,
      });
      await this.audit.record(tx, ctx, {
        action: 'create',
        entityType: 'invitation',
        entityId: invitation.id,
        after: { hearingId: id, role: dto.role, userId: dto.userId ?? null, hasEmail: dto.email !== undefined },
      });
      return {
        ...this.response(h, invitation),
        joinUrl: `${this.config.publicBaseUrl.replace(/\/$/, '')}/join/${code}`,
      };
    });
  }

  /** GET /hearings/:id/invitations: every link of the hearing, revoked ones too (never the codes). */
  async list(ctx: RequestContext, id: string): Promise<InvitationResponse[]> {
    const h = await this.inviterView(ctx, id, true);
    return (await this.invitations.list(id)).map((i) => this.response(h, i));
  }

  /** DELETE /hearings/:id/invitations/:invitationId: the link stops working at once; audited. */
  async revoke(ctx: RequestContext, id: string, invitationId: string): Promise<void> {
    await this.inviterView(ctx, id, true);
    await this.tx.run(async (tx) => {
      const invitation = await this.invitations.find(tx, id, invitationId);
      if (!invitation) throw new NotFoundError('Invitation', invitationId);
      if (invitation.revokedAt) return;
      await this.invitations.revoke(tx, invitationId, ctx.actor.id);
      await this.outbox.emit(tx, VIDEO_TOPICS.invitationRevoked, { hearingId: id, invitationId }, ctx.requestId);
      await this.audit.record(tx, ctx, {
        action: 'revoke',
        entityType: 'invitation',
        entityId: invitationId,
        after: { hearingId: id },
      });
    });
  }

  /** The live invitation of a code and its hearing, after counting the address's hit; else the one 404. */
  private async byCode(code: string, ip: string): Promise<{ i: InvitationRecord; h: HearingVideoRecord }> {
    await this.limiter.hit(`join:${ip}`, this.config.joinRateLimitPerMinute, 60, 'join requests');
    const i = SECRET_CODE.test(code) ? await this.invitations.findLiveByCodeHash(sha256Hex(code)) : null;
    const h = i ? await this.tx.run((tx) => this.video.findForService(tx, i.hearingId)) : null;
    if (!i || !h || h.status === 'cancelled') throw new UnknownJoinLinkError();
    return { i, h };
  }

  /** GET /join/:code (public): the hearing as the invitee may see it. */
  async info(code: string, ip: string): Promise<JoinInfoResponse> {
    const { i, h } = await this.byCode(code, ip);
    const window = this.tokens.joinWindowOf(h);
    const local = (d: Date) => DateTime.fromJSDate(d, { zone: h.timeZone }).toISO({ suppressMilliseconds: true })!;
    return {
      kind: h.kind,
      organization: h.organizationName,
      timeZone: h.timeZone,
      startsAt: local(h.startsAt),
      endsAt: local(h.endsAt),
      role: i.role,
      name: i.name,
      window: { opensAt: toUtcIso(window.opensAt), closesAt: toUtcIso(window.closesAt), open: window.open },
      liveState: h.liveState,
    };
  }

  /** POST /join/:code/token (public): the invitee's token, one identity per link. */
  async token(code: string, ip: string, requestId: string): Promise<VideoTokenResponse> {
    const { i } = await this.byCode(code, ip);
    return this.tx.run(async (tx) => {
      const h = (await this.video.findForService(tx, i.hearingId))!;
      const name = i.role === 'detention_center' ? (h.videoRoomLabel ?? 'Detention center') : (i.name ?? i.role);
      return this.tokens.issueToken(tx, { requestId, actor: null }, h, { invitationId: i.id }, i.role, name);
    });
  }

  /** POST /join/:code/consultation-token (public): the invited defense lawyer's or center's consultation token. */
  async consultationToken(code: string, ip: string, requestId: string): Promise<VideoTokenResponse> {
    const { i } = await this.byCode(code, ip);
    return this.tx.run(async (tx) => {
      const h = (await this.video.findForService(tx, i.hearingId))!;
      const name = i.role === 'detention_center' ? (h.videoRoomLabel ?? 'Detention center') : (i.name ?? i.role);
      return this.tokens.issueConsultationToken(
        tx,
        { requestId, actor: null },
        h,
        { invitationId: i.id },
        i.role,
        name,
      );
    });
  }

  /**
   * The hearing's parties with an e-mail are invited when it is booked (and when a change adds one): a job of the
   * booking's event. Idempotent. Audited as made by no one (the service), for the hearing's booker.
   */
  async inviteParties(hearingId: string, requestId: string): Promise<number> {
    return this.tx.run(async (tx) => {
      const made = await this.invitations.inviteParties(tx, hearingId, () => sha256Hex(newSecretCode()));
      await this.audit.recordMany(
        tx,
        { requestId, actor: null },
        made.map((i) => ({
          action: 'create' as const,
          entityType: 'invitation' as const,
          entityId: i.id,
          after: { hearingId, role: i.role, userId: i.userId, hasEmail: i.email !== null, party: true },
        })),
      );
      return made.length;
    });
  }

  /**
   * A new link for a live invitation, shown once (to whoever sends it: the notifications): the old link stops
   * working. Null for a revoked or unknown invitation.
   */
  async reissueLink(invitationId: string): Promise<string | null> {
    const code = newSecretCode();
    const live = await this.tx.run((tx) => this.invitations.reissue(tx, invitationId, sha256Hex(code)));
    return live ? `${this.config.publicBaseUrl.replace(/\/$/, '')}/join/${code}` : null;
  }
}
