import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/decorators';
import { ValidationFailedError } from '../../common/errors/domain-error';
import { parseIsoInstant } from '../../common/time/local-time';
import { AuditService } from './audit.service';
import { AuditPageResponse, AuditQueryDto, toAuditEntryResponse } from './dto/audit.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('admin')
  @ApiOkResponse({ type: AuditPageResponse })
  async search(@Query() q: AuditQueryDto): Promise<AuditPageResponse> {
    const limit = q.limit ?? 50;
    const from = q.from === undefined ? undefined : parseIsoInstant(q.from, 'from');
    const to = q.to === undefined ? undefined : parseIsoInstant(q.to, 'to');
    if (from && to && to <= from) throw ValidationFailedError.field('to', 'must be after from');
    const rows = await this.audit.search({
      entityType: q.entityType,
      entityId: q.entityId,
      actorId: q.actorId,
      from,
      to,
      beforeId: q.cursor,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    return {
      items: page.map(toAuditEntryResponse),
      nextCursor: rows.length > limit ? String(page[page.length - 1].id) : null,
    };
  }
}
