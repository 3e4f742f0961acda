import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, type RequestContext } from '../../common/http/request-context';
import { UuidParam } from '../../common/http/uuid-param';
import { ApiProblems, type ProblemSpec } from '../../common/openapi/problems';
import { OutsideHoursProblem } from '../calendars/dto/calendar.dto';
import { HearingClashProblem } from '../hearings/dto/hearing.dto';
import { CorrectOutcomeDto, HearingOutcomeResponse, RecordOutcomeDto } from './dto/outcome.dto';
import { OutcomesService } from './outcomes.service';

const FORBIDDEN: ProblemSpec = {
  status: 403,
  description: 'FORBIDDEN: you see the hearing but may not record its outcome (or a plea-leniency step in it)',
};

@ApiTags('hearings')
@ApiBearerAuth()
@Controller('hearings/:id/outcome')
export class OutcomesController {
  constructor(private readonly outcomes: OutcomesService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: "Record a hearing's outcome, with the plea-leniency steps taken at it" })
  @ApiProblems(
    FORBIDDEN,
    404,
    {
      status: 409,
      codes: ['OUTCOME_EXISTS', 'HEARING_CANCELLED', 'INVALID_TRANSITION'],
      description: 'The hearing has an outcome already, is cancelled, or a plea-leniency step does not follow',
    },
    {
      status: 409,
      codes: ['HEARING_CLASH'],
      type: HearingClashProblem,
      description: 'adjournTo: `conflicts` names every person or room the follow-up hearing clashes with',
    },
    {
      status: 422,
      codes: ['OUTCOME_BEFORE_START', 'STEP_OUT_OF_ORDER', 'INCONSISTENT_DECISION', 'STARTS_IN_PAST'],
      description:
        'The hearing has not started, a plea-leniency step is out of order or inconsistent, or adjournTo is in the past',
    },
    {
      status: 422,
      codes: ['OUTSIDE_HOURS'],
      type: OutsideHoursProblem,
      description: 'adjournTo: the follow-up hearing falls outside opening hours (`violations`)',
    },
  )
  @ApiCreatedResponse({ type: HearingOutcomeResponse })
  record(
    @Ctx() ctx: RequestContext,
    @UuidParam('id') id: string,
    @Body() dto: RecordOutcomeDto,
  ): Promise<HearingOutcomeResponse> {
    return this.outcomes.record(ctx, id, dto);
  }

  @Put()
  @ApiOperation({ summary: "Correct a hearing's outcome (result, times, notes) with a reason" })
  @ApiProblems(FORBIDDEN, 404)
  @ApiOkResponse({ type: HearingOutcomeResponse })
  correct(
    @Ctx() ctx: RequestContext,
    @UuidParam('id') id: string,
    @Body() dto: CorrectOutcomeDto,
  ): Promise<HearingOutcomeResponse> {
    return this.outcomes.correct(ctx, id, dto);
  }

  @Get()
  @ApiOperation({ summary: "A hearing's outcome" })
  @ApiProblems(404)
  @ApiOkResponse({ type: HearingOutcomeResponse })
  get(@Ctx() ctx: RequestContext, @UuidParam('id') id: string): Promise<HearingOutcomeResponse> {
    return this.outcomes.get(ctx, id);
  }
}
