import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../common/auth/decorators';
import { Ctx, type RequestContext } from '../../common/http/request-context';
import { ApiProblems } from '../../common/openapi/problems';
import { toCsv } from './csv';
import { LENIENCY_CSV_COLUMNS, LeniencyStatsQuery, LeniencyStatsResponse } from './dto/leniency-stats.dto';
import { StatisticsService } from './statistics.service';

export const CSV_MEDIA_TYPE = 'text/csv; charset=utf-8';

/** Whether the client asked for CSV (`Accept: text/csv`); JSON otherwise. */
function wantsCsv(accept: string | undefined): boolean {
  return /(^|,)\s*text\/csv\s*(;|,|$)/i.test(accept ?? '');
}

@ApiTags('statistics')
@ApiBearerAuth()
@Controller('stats')
export class StatisticsController {
  constructor(private readonly statistics: StatisticsService) {}

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
    const figures = await this.statistics.leniency(ctx.actor, q);
    if (!wantsCsv(accept)) return figures;
    void reply.header('content-type', CSV_MEDIA_TYPE);
    return toCsv(LENIENCY_CSV_COLUMNS, figures.rows as unknown as Record<string, unknown>[]);
  }
}
