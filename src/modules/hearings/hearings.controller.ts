import { Body, Controller, Get, Headers, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiPreconditionFailedResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../common/auth/decorators';
import { Ctx, type RequestContext } from '../../common/http/request-context';
import { UuidParam } from '../../common/http/uuid-param';
import {
  CancelHearingDto,
  CreateHearingDto,
  HearingClashProblem,
  HearingHistoryEntryResponse,
  HearingResponse,
  ListHearingsQuery,
  UpdateHearingDto,
} from './dto/hearing.dto';
import { etagOf, parseIdempotencyKey, parseIfMatch } from './http-preconditions';
import { HearingsService } from './hearings.service';

@ApiTags('hearings')
@ApiBearerAuth()
@Controller('hearings')
export class HearingsController {
  constructor(private readonly hearings: HearingsService) {}

  @Post()
  @Roles('admin', 'clerk', 'prosecutor')
  @HttpCode(201)
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Same key and body again: the same answer, no second hearing (kept 24 h)',
  })
  @ApiCreatedResponse({ type: HearingResponse, description: 'ETag: "<version>"' })
  @ApiConflictResponse({ type: HearingClashProblem, description: 'HEARING_CLASH: every clashing person or room' })
  @ApiUnprocessableEntityResponse({
    description: 'OUTSIDE_HOURS, STARTS_IN_PAST (no backfill), or IDEMPOTENCY_KEY_REUSED',
  })
  async create(
    @Ctx() ctx: RequestContext,
    @Body() dto: CreateHearingDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<HearingResponse> {
    const hearing = await this.hearings.create(ctx, dto, parseIdempotencyKey(idempotencyKey));
    void reply.header('etag', etagOf(hearing.version));
    return hearing;
  }

  @Get()
  @ApiOkResponse({ type: [HearingResponse] })
  list(@Ctx() ctx: RequestContext, @Query() q: ListHearingsQuery): Promise<HearingResponse[]> {
    return this.hearings.list(ctx, q);
  }

  @Get(':id')
  @ApiOkResponse({ type: HearingResponse, description: 'ETag: "<version>"' })
  async get(
    @Ctx() ctx: RequestContext,
    @UuidParam('id') id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<HearingResponse> {
    const hearing = await this.hearings.get(ctx, id);
    void reply.header('etag', etagOf(hearing.version));
    return hearing;
  }

  @Get(':id/history')
  @ApiOkResponse({ type: [HearingHistoryEntryResponse] })
  history(@Ctx() ctx: RequestContext, @UuidParam('id') id: string): Promise<HearingHistoryEntryResponse[]> {
    return this.hearings.history(ctx, id);
  }

  @Patch(':id')
  @Roles('admin', 'clerk', 'prosecutor')
  @HttpCode(200)
  @ApiHeader({
    name: 'If-Match',
    required: true,
    description: 'The ETag you read: "<version>" (428 when missing, 412 when stale), or * for the current version',
  })
  @ApiOkResponse({ type: HearingResponse, description: 'ETag: "<version>"' })
  @ApiPreconditionFailedResponse({ description: 'PRECONDITION_FAILED: the hearing changed since you read it' })
  @ApiConflictResponse({ type: HearingClashProblem, description: 'HEARING_CLASH, or HEARING_CANCELLED' })
  @ApiUnprocessableEntityResponse({
    description: 'OUTSIDE_HOURS, or STARTS_IN_PAST (moved into the past without backfill)',
  })
  async update(
    @Ctx() ctx: RequestContext,
    @UuidParam('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: UpdateHearingDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<HearingResponse> {
    const hearing = await this.hearings.update(ctx, id, parseIfMatch(ifMatch), dto);
    void reply.header('etag', etagOf(hearing.version));
    return hearing;
  }

  @Post(':id/cancel')
  @Roles('admin', 'clerk', 'prosecutor')
  @HttpCode(200)
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'Optional: refuse (412) if the hearing changed since you read it',
  })
  @ApiOkResponse({ type: HearingResponse })
  @ApiConflictResponse({ description: 'HEARING_CANCELLED: already cancelled' })
  async cancel(
    @Ctx() ctx: RequestContext,
    @UuidParam('id') id: string,
    @Body() dto: CancelHearingDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<HearingResponse> {
    const hearing = await this.hearings.cancel(ctx, id, dto, ifMatch === undefined ? undefined : parseIfMatch(ifMatch));
    void reply.header('etag', etagOf(hearing.version));
    return hearing;
  }
}
