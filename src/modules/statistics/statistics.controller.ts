import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../common/auth/decorators';
import { Ctx, type RequestContext } from '../../common/http/request-context';
import { ApiProblems } from '../../common/openapi/problems';
import { toCsv } from './csv';
import { HEARING_CSV_COLUMNS, HearingStatsQuery, HearingStatsResponse } from './dto/hearing-stats.dto';
import { LENIENCY_CSV_COLUMNS, LeniencyStatsQuery, LeniencyStatsResponse } from './dto/leniency-stats.dto';
import { PROPOSAL_CSV_COLUMNS, ProposalStatsQuery, ProposalStatsResponse } from './dto/proposal-stats.dto';
import { HearingStatsService } from './hearing-stats.service';
import { ProposalStatsService } from './proposal-stats.service';
import { StatisticsService } from './statistics.service';

export const CSV_MEDIA_TYPE = 'text/csv; charset=utf-8';

/** Whether the client asked for CSV (`Accept: text/csv`); JSON otherwise. */
function wantsCsv(accept: string | undefined): boolean {
  return /(^|,)\s*text\/csv\s*(;|,|$)/i.test(accept ?? '');
}

/** The figures as they are, or their rows as CSV when the client asked for it. */
function jsonOrCsv<T extends { rows: object[] }>(
  figures: T,
  columns: readonly string[],
  accept: string | undefined,
  reply: FastifyReply,
): T | string {
  if (!wantsCsv(accept)) return figures;
  void reply.header('content-type', CSV_MEDIA_TYPE);
  return toCsv(columns, figures.rows as Record<string, unknown>[]);
}

@ApiTags('statistics')
@ApiBearerAuth()
@Controller('stats')
export class StatisticsController {
  constructor(
    private readonly statistics: StatisticsService,
    private readonly hearingStats: HearingStatsService,
    private readonly proposalStats: ProposalStatsService,
  ) {}

  @Get('leniency')
  @Roles('admin', 'prosecutor', 'clerk', 'judge')
  @ApiOperation({
    summary: 'Plea-leniency figures per period (persons concluded, application rate, proposals, adoption rates)',
    description:
      'JSON, or CSV with `Accept: text/csv` (UTF-8 with a byte-order mark, a header row, the same rows). Periods ' +
      "are calendar periods in the procuratorate's time zone (the one asked for, or the prosecutor's), else the " +
      "court's, else UTC. Only the records the caller may see count.",
  })
  @ApiExtraModels(LeniencyStatsResponse)
  @ApiOkResponse({
    description: 'The figures, one row per period (empty periods have zeros and null rates)',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(LeniencyStatsResponse) } },
      'text/csv': { schema: { type: 'string' } },
    },
  })
  @ApiProblems({ status: 403, description: "FORBIDDEN: another organization's statistics, or a role without any" })
  async leniency(
    @Ctx() ctx: RequestContext,
    @Query() q: LeniencyStatsQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LeniencyStatsResponse | string> {
    return jsonOrCsv(await this.statistics.leniency(ctx.actor, q), LENIENCY_CSV_COLUMNS, accept, reply);
  }

  @Get('hearings')
  @Roles('admin', 'clerk', 'judge', 'prosecutor', 'detention_officer')
  @ApiOperation({
    summary: 'Hearing figures of a window: counts by kind and result, adjournment and absence rates, durations',
    description:
      'JSON, or CSV with `Accept: text/csv` (UTF-8 with a byte-order mark, a header row, the same rows). A hearing ' +
      "is in the window by its scheduled start, on its local date in its court's time zone. Only the hearings the " +
      "caller may see count: admins all, clerks and judges their court's, prosecutors their procuratorate's cases', " +
      "detention officers their center's.",
  })
  @ApiExtraModels(HearingStatsResponse)
  @ApiOkResponse({
    description: 'The figures: an overall row, then one per hearing kind (zeros and null rates where none)',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(HearingStatsResponse) } },
      'text/csv': { schema: { type: 'string' } },
    },
  })
  @ApiProblems({
    status: 403,
    description: "FORBIDDEN: another court's or detention center's statistics, or a lawyer",
  })
  async hearings(
    @Ctx() ctx: RequestContext,
    @Query() q: HearingStatsQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<HearingStatsResponse | string> {
    return jsonOrCsv(await this.hearingStats.hearings(ctx.actor, q), HEARING_CSV_COLUMNS, accept, reply);
  }

  @Get('proposals')
  @Roles('admin', 'prosecutor', 'clerk', 'judge')
  @ApiOperation({
    summary: 'How accurate the sentencing proposals were: the last proposal against the sentence of each decision',
    description:
      'JSON, or CSV with `Accept: text/csv` (UTF-8 with a byte-order mark, a header row, the same rows). A record ' +
      "is in the window by its decision date, on its local date in its procuratorate's time zone. Only the records " +
      "the caller may see count: admins all, a prosecutor their procuratorate's, clerks and judges their court's.",
  })
  @ApiExtraModels(ProposalStatsResponse)
  @ApiOkResponse({
    description: 'The figures: an overall row, then one per penalty and per proposal kind (zeros where none)',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(ProposalStatsResponse) } },
      'text/csv': { schema: { type: 'string' } },
    },
  })
  @ApiProblems({ status: 403, description: "FORBIDDEN: another procuratorate's statistics, or a role without any" })
  async proposals(
    @Ctx() ctx: RequestContext,
    @Query() q: ProposalStatsQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProposalStatsResponse | string> {
    return jsonOrCsv(await this.proposalStats.proposals(ctx.actor, q), PROPOSAL_CSV_COLUMNS, accept, reply);
  }
}
