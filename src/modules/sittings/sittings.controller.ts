import { Body, Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../common/auth/decorators';
import { ApiProblems } from '../../common/openapi/problems';
import { Ctx, type RequestContext } from '../../common/http/request-context';
import { UuidParam } from '../../common/http/uuid-param';
import {
  CancelSittingDto,
  CreateSittingDto,
  SittingClashProblem,
  SittingEmptyProblem,
  SittingPlanResponse,
  SittingResponse,
} from './dto/sitting.dto';
import { SittingsService } from './sittings.service';

@ApiTags('sittings')
@ApiBearerAuth()
@ApiExtraModels(SittingPlanResponse)
@Controller('sittings')
export class SittingsController {
  constructor(private readonly sittings: SittingsService) {}

  @Post()
  @Roles('admin', 'clerk', 'prosecutor')
  @ApiOperation({
    summary: 'Plan and book a concentrated sitting or plea signing',
    description:
      'A court sitting (a clerk of the court, admin) or, with `kind: plea_signing`, a concentrated plea signing of a ' +
      'procuratorate (its prosecutors, admin). ' +
      'Orders the cases and assigns video rooms so that the sitting is as short as possible, then books every ' +
      'hearing in one transaction. Cases that cannot fit are listed in `unscheduled` with a reason. With `dryRun: true` ' +
      'answers 200 with the plan and writes nothing.',
  })
  @ApiCreatedResponse({ type: SittingResponse })
  @ApiOkResponse({
    description: 'dryRun: the plan, nothing written',
    schema: { $ref: getSchemaPath(SittingPlanResponse) },
  })
  @ApiProblems(
    404,
    {
      status: 409,
      codes: ['SITTING_CLASH'],
      type: SittingClashProblem,
      description: 'A person or room was booked meanwhile; nothing was written',
    },
    { status: 422, codes: ['SITTING_EMPTY'], type: SittingEmptyProblem, description: 'No case fits the window' },
    { status: 422, codes: ['STARTS_IN_PAST'], description: 'The window starts before now' },
  )
  async create(
    @Ctx() ctx: RequestContext,
    @Body() dto: CreateSittingDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SittingResponse | SittingPlanResponse> {
    const result = await this.sittings.create(ctx, dto);
    void reply.status(dto.dryRun ? 200 : 201);
    return result;
  }

  // Every role may ask: whoever may not see the sitting gets 404, as if it did not exist (SittingsRepository.isVisible).
  @Get(':id')
  @ApiOperation({ summary: 'A sitting with its hearings; 404 for whoever may not see it' })
  @ApiOkResponse({ type: SittingResponse })
  @ApiProblems({ status: 404, description: 'NOT_FOUND: no sitting with this id is visible to you' })
  get(@Ctx() ctx: RequestContext, @UuidParam('id') id: string): Promise<SittingResponse> {
    return this.sittings.get(ctx, id);
  }

  @Post(':id/cancel')
  @Roles('admin', 'clerk', 'prosecutor')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a sitting and every hearing it holds' })
  @ApiOkResponse({ type: SittingResponse })
  @ApiProblems(404, { status: 409, codes: ['SITTING_CANCELLED'], description: 'The sitting is already cancelled' })
  cancel(
    @Ctx() ctx: RequestContext,
    @UuidParam('id') id: string,
    @Body() dto: CancelSittingDto,
  ): Promise<SittingResponse> {
    return this.sittings.cancel(ctx, id, dto);
  }
}
