import { Body, Controller, Get, Headers, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../common/auth/decorators';
import { ApiProblems, type ProblemSpec } from '../../common/openapi/problems';
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
import { OutsideHoursProblem } from '../calendars/dto/calendar.dto';
import { etagOf, parseIdempotencyKey, parseIfMatch } from './http-preconditions';
import { HearingsService } from './hearings.service';

const OUTSIDE_HOURS: ProblemSpec = {
  status: 422,
  codes: ['OUTSIDE_HOURS'],
  type: OutsideHoursProblem,
  description: '`violations` names every organization whose hours do not hold it (clerk or admin: `override`)',
};
const STARTS_IN_PAST: ProblemSpec = {
  status: 422,
  codes: ['STARTS_IN_PAST'],
  description: 'The hearing would start before now: a clerk or admin records a past hearing with `backfill: {reason}`',
};
const IDEMPOTENCY_KEY_REUSED: ProblemSpec = {
  status: 422,
  codes: ['IDEMPOTENCY_KEY_REUSED'],
  description: 'The Idempotency-Key was used before with another body',
};
const HEARING_CANCELLED: ProblemSpec = {
  status: 409,
  codes: ['HEARING_CANCELLED', 'HEARING_HAS_OUTCOME'],
  description:
    'The hearing is cancelled, or has an outcome (completed, adjourned, failed: `hearingStatus`), and can no longer be changed',
};

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
    schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7E]+$' },
  })
  @ApiOperation({ summary: 'Book a hearing' })
  @ApiCreatedResponse({ type: HearingResponse, description: 'ETag: "<version>"' })
  @ApiProblems(
    404,
    {
      status: 409,
      codes: ['HEARING_CLASH'],
      type: HearingClashProblem,
      description: '`conflicts` names every clashing person or room',
    },
    OUTSIDE_HOURS,
    STARTS_IN_PAST,
    IDEMPOTENCY_KEY_REUSED,
  )
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
  @ApiOperation({ summary: 'Hearings visible to you, by time' })
  @ApiOkResponse({ type: [HearingResponse] })
  list(@Ctx() ctx: RequestContext, @Query() q: ListHearingsQuery): Promise<HearingResponse[]> {
    return this.hearings.list(ctx, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A hearing; 404 for whoever may not see it' })
  @ApiProblems(404)
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
  @ApiOperation({ summary: "A hearing's changes, oldest first" })
  @ApiProblems(404)
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
    schema: { type: 'string', example: '"3"' },
    description: 'The ETag you read: "<version>" (428 when missing, 412 when stale), or * for the current version',
  })
  @ApiOperation({ summary: 'Move or change a hearing (If-Match required)' })
  @ApiOkResponse({ type: HearingResponse, description: 'ETag: "<version>"' })
  @ApiProblems(
    404,
    { status: 412, description: 'PRECONDITION_FAILED: the hearing changed since you read it (`currentVersion`)' },
    {
      status: 409,
      codes: ['HEARING_CLASH'],
      type: HearingClashProblem,
      description: '`conflicts` names every clashing person or room',
    },
    HEARING_CANCELLED,
    OUTSIDE_HOURS,
    STARTS_IN_PAST,
    { status: 428, description: 'PRECONDITION_REQUIRED: send If-Match with the ETag you read' },
  )
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
    schema: { type: 'string', example: '"3"' },
    description: 'Optional: refuse (412) if the hearing changed since you read it',
  })
  @ApiOperation({ summary: 'Cancel a hearing, with the reason' })
  @ApiOkResponse({ type: HearingResponse })
  @ApiProblems(
    404,
    {
      status: 412,
      description: 'PRECONDITION_FAILED: If-Match given and the hearing changed since (`currentVersion`)',
    },
    HEARING_CANCELLED,
  )
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
