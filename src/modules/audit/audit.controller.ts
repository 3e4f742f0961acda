import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/decorators';
import { AuditService } from './audit.service';
import { AuditPageResponse, AuditQueryDto } from './dto/audit.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Search the audit log (newest first, by pages)' })
  @ApiOkResponse({ type: AuditPageResponse })
  search(@Query() q: AuditQueryDto): Promise<AuditPageResponse> {
    return this.audit.page(q);
  }
}
