import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../../common/auth/decorators';
import { Ctx, type RequestContext } from '../../common/http/request-context';
import { UuidParam } from '../../common/http/uuid-param';
import { ApiProblems } from '../../common/openapi/problems';
import {
  CreatedInvitationResponse,
  CreateInvitationDto,
  InvitationResponse,
  JoinInfoResponse,
} from './dto/invitation.dto';
import { VideoTokenResponse } from './dto/video.dto';
import { InvitationsService } from './invitations.service';

const INVITER_ONLY = {
  status: 403,
  description: "FORBIDDEN: only a clerk of the case's court (the prosecutor of a plea signing) sends its join links",
};
const INVITER_OR_ADMIN = {
  status: 403,
  description:
    "FORBIDDEN: only a clerk of the case's court (the prosecutor of a plea signing), or an admin, sees and revokes its join links",
};

@ApiTags('video')
@ApiBearerAuth()
@ApiProblems(404)
@Controller('hearings/:id/invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'A join link for a guest with no account (or a user): shown once, valid through the join window',
  })
  @ApiProblems(INVITER_ONLY, {
    status: 409,
    codes: ['HEARING_CANCELLED', 'HEARING_HAS_OUTCOME'],
    description: 'The hearing is over',
  })
  @ApiCreatedResponse({ type: CreatedInvitationResponse })
  create(
    @Ctx() ctx: RequestContext,
    @UuidParam('id') id: string,
    @Body() dto: CreateInvitationDto,
  ): Promise<CreatedInvitationResponse> {
    return this.invitations.create(ctx, id, dto);
  }

  @Get()
  @ApiOperation({ summary: "The hearing's join links (never their codes), revoked ones too" })
  @ApiProblems(INVITER_OR_ADMIN)
  @ApiOkResponse({ type: [InvitationResponse] })
  list(@Ctx() ctx: RequestContext, @UuidParam('id') id: string): Promise<InvitationResponse[]> {
    return this.invitations.list(ctx, id);
  }

  @Delete(':invitationId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revokes a join link: it stops working at once' })
  @ApiProblems(INVITER_OR_ADMIN)
  @ApiNoContentResponse({ description: 'Revoked (or it was already)' })
  revoke(
    @Ctx() ctx: RequestContext,
    @UuidParam('id') id: string,
    @UuidParam('invitationId') invitationId: string,
  ): Promise<void> {
    return this.invitations.revoke(ctx, id, invitationId);
  }
}

const CODE_PARAM = { name: 'code', description: 'The code of a join link', schema: { type: 'string', maxLength: 100 } };
const RATE_LIMITED = { status: 429, description: 'TOO_MANY_REQUESTS: too many join requests from this address' };
const UNKNOWN = { status: 404, description: 'NOT_FOUND: the same answer for an unknown, revoked or cancelled link' };

@ApiTags('video')
@Public()
@Controller('join/:code')
export class JoinController {
  constructor(private readonly invitations: InvitationsService) {}

  @Get()
  @ApiOperation({ summary: 'The hearing of a join link, as its invitee may see it (public)' })
  @ApiParam(CODE_PARAM)
  @ApiProblems(UNKNOWN, RATE_LIMITED)
  @ApiOkResponse({ type: JoinInfoResponse })
  info(@Param('code') code: string, @Req() req: FastifyRequest): Promise<JoinInfoResponse> {
    return this.invitations.info(code, req.ip);
  }

  @Post('token')
  @HttpCode(200)
  @ApiOperation({ summary: "The invitee's LiveKit token, inside the join window (public)" })
  @ApiParam(CODE_PARAM)
  @ApiProblems(UNKNOWN, RATE_LIMITED, {
    status: 403,
    codes: ['JOIN_WINDOW_CLOSED'],
    description: 'Outside the join window: `reason`, `opensAt`, `closedAt`',
  })
  @ApiOkResponse({ type: VideoTokenResponse })
  token(@Param('code') code: string, @Req() req: FastifyRequest): Promise<VideoTokenResponse> {
    return this.invitations.token(code, req.ip, String(req.id));
  }

  @Post('consultation-token')
  @HttpCode(200)
  @ApiOperation({ summary: "An invited defense lawyer's or detention center's private consultation token (public)" })
  @ApiParam(CODE_PARAM)
  @ApiProblems(
    UNKNOWN,
    RATE_LIMITED,
    { status: 403, description: 'FORBIDDEN: the link invites someone who does not consult (an observer …)' },
    { status: 403, codes: ['JOIN_WINDOW_CLOSED'], description: 'Outside the join window' },
    { status: 409, codes: ['CONSULTATION_CLOSED'], description: 'The hearing is in session, suspended or closed' },
  )
  @ApiOkResponse({ type: VideoTokenResponse })
  consultationToken(@Param('code') code: string, @Req() req: FastifyRequest): Promise<VideoTokenResponse> {
    return this.invitations.consultationToken(code, req.ip, String(req.id));
  }
}
