import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, type RequestContext } from '../../common/http/request-context';
import { UuidParam } from '../../common/http/uuid-param';
import { ApiProblems, type ProblemSpec } from '../../common/openapi/problems';
import {
  LeniencyAffidavitDto,
  LeniencyConclusionDto,
  LeniencyDecisionDto,
  LeniencyProposalDto,
  LeniencyRecordResponse,
  LeniencyStepDto,
  LeniencyWithdrawalDto,
} from './dto/leniency.dto';
import { LeniencyService } from './leniency.service';

const FORBIDDEN: ProblemSpec = { status: 403, description: 'FORBIDDEN: you see the case but may not record this step' };
const INVALID: ProblemSpec = {
  status: 409,
  codes: ['INVALID_TRANSITION'],
  description: 'The step does not follow from the record as it stands (`state`, `action`)',
};
const OUT_OF_ORDER: ProblemSpec = {
  status: 422,
  codes: ['STEP_OUT_OF_ORDER'],
  description: 'The step is dated before the step it follows',
};
const INCONSISTENT: ProblemSpec = {
  status: 422,
  codes: ['INCONSISTENT_DECISION'],
  description: 'The decision contradicts the last proposal and the sentence (`reason`)',
};

@ApiTags('leniency')
@ApiBearerAuth()
@ApiProblems(404)
@Controller('cases/:caseId/defendants/:defendantId/leniency')
export class LeniencyController {
  constructor(private readonly leniency: LeniencyService) {}

  @Get()
  @ApiOperation({ summary: "A defendant's plea-leniency record in a case, with its full history" })
  @ApiOkResponse({ type: LeniencyRecordResponse })
  get(
    @Ctx() ctx: RequestContext,
    @UuidParam('caseId') caseId: string,
    @UuidParam('defendantId') defendantId: string,
  ): Promise<LeniencyRecordResponse> {
    return this.leniency.get(ctx, caseId, defendantId);
  }

  @Post('inform')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record that the suspect was informed of the plea leniency system' })
  @ApiProblems(FORBIDDEN, INVALID, OUT_OF_ORDER)
  @ApiOkResponse({ type: LeniencyRecordResponse })
  inform(
    @Ctx() ctx: RequestContext,
    @UuidParam('caseId') caseId: string,
    @UuidParam('defendantId') defendantId: string,
    @Body() dto: LeniencyStepDto,
  ): Promise<LeniencyRecordResponse> {
    return this.leniency.inform(ctx, caseId, defendantId, dto);
  }

  @Post('accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record that the suspect pleads guilty and accepts punishment' })
  @ApiProblems(FORBIDDEN, INVALID, OUT_OF_ORDER)
  @ApiOkResponse({ type: LeniencyRecordResponse })
  accept(
    @Ctx() ctx: RequestContext,
    @UuidParam('caseId') caseId: string,
    @UuidParam('defendantId') defendantId: string,
    @Body() dto: LeniencyStepDto,
  ): Promise<LeniencyRecordResponse> {
    return this.leniency.accept(ctx, caseId, defendantId, dto);
  }

  @Post('affidavit')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the signed plea affidavit, with the lawyer who witnessed it' })
  @ApiProblems(FORBIDDEN, INVALID, OUT_OF_ORDER)
  @ApiOkResponse({ type: LeniencyRecordResponse })
  affidavit(
    @Ctx() ctx: RequestContext,
    @UuidParam('caseId') caseId: string,
    @UuidParam('defendantId') defendantId: string,
    @Body() dto: LeniencyAffidavitDto,
  ): Promise<LeniencyRecordResponse> {
    return this.leniency.affidavit(ctx, caseId, defendantId, dto);
  }

  @Post('proposals')
  @HttpCode(200)
  @ApiOperation({ summary: 'Make a sentencing proposal, or adjust it with a later one' })
  @ApiProblems(FORBIDDEN, INVALID, OUT_OF_ORDER)
  @ApiOkResponse({ type: LeniencyRecordResponse })
  proposal(
    @Ctx() ctx: RequestContext,
    @UuidParam('caseId') caseId: string,
    @UuidParam('defendantId') defendantId: string,
    @Body() dto: LeniencyProposalDto,
  ): Promise<LeniencyRecordResponse> {
    return this.leniency.proposal(ctx, caseId, defendantId, dto);
  }

  @Post('conclude')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the conclusion of review for prosecution for this defendant' })
  @ApiProblems(FORBIDDEN, INVALID, OUT_OF_ORDER)
  @ApiOkResponse({ type: LeniencyRecordResponse })
  conclude(
    @Ctx() ctx: RequestContext,
    @UuidParam('caseId') caseId: string,
    @UuidParam('defendantId') defendantId: string,
    @Body() dto: LeniencyConclusionDto,
  ): Promise<LeniencyRecordResponse> {
    return this.leniency.conclude(ctx, caseId, defendantId, dto);
  }

  @Post('decision')
  @HttpCode(200)
  @ApiOperation({ summary: "Record the court's decision on the last sentencing proposal" })
  @ApiProblems(FORBIDDEN, INVALID, OUT_OF_ORDER, INCONSISTENT)
  @ApiOkResponse({ type: LeniencyRecordResponse })
  decision(
    @Ctx() ctx: RequestContext,
    @UuidParam('caseId') caseId: string,
    @UuidParam('defendantId') defendantId: string,
    @Body() dto: LeniencyDecisionDto,
  ): Promise<LeniencyRecordResponse> {
    return this.leniency.decision(ctx, caseId, defendantId, dto);
  }

  @Post('withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record that the defendant withdrew the plea' })
  @ApiProblems(FORBIDDEN, INVALID, OUT_OF_ORDER)
  @ApiOkResponse({ type: LeniencyRecordResponse })
  withdraw(
    @Ctx() ctx: RequestContext,
    @UuidParam('caseId') caseId: string,
    @UuidParam('defendantId') defendantId: string,
    @Body() dto: LeniencyWithdrawalDto,
  ): Promise<LeniencyRecordResponse> {
    return this.leniency.withdraw(ctx, caseId, defendantId, dto);
  }
}
