import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ApiProblems, Problem } from '../../common/openapi/problems';
import { Public } from '../../common/auth/decorators';
import { DomainError } from '../../common/errors/domain-error';
import { HealthRepository } from './health.repository';

class HealthResponse {
  @ApiProperty({ example: 'ok' }) status: string;
}
class ReadinessResponse {
  @ApiProperty({ example: 'ready' }) status: string;
  @ApiProperty({ example: 'up' }) database: string;
  @ApiProperty({ example: 'current' }) migrations: string;
}

/** 503 NOT_READY, with what is not ready. */
class NotReadyProblem extends Problem {
  @ApiProperty({ enum: ['up', 'down'] }) database: string;
  @ApiPropertyOptional({ enum: ['pending'] }) migrations?: string;
}

class NotReadyError extends DomainError {
  readonly code = 'NOT_READY';
  readonly status = 503;
  readonly title = 'Not ready';
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthRepository) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ type: HealthResponse })
  live(): HealthResponse {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @ApiOperation({ summary: 'Readiness: the database is reachable and its migrations are current' })
  @ApiOkResponse({ type: ReadinessResponse })
  @ApiProblems({
    status: 503,
    codes: ['NOT_READY'],
    type: NotReadyProblem,
    description: 'Database unreachable or migrations pending',
  })
  async ready(): Promise<ReadinessResponse> {
    if (!(await this.health.isReachable())) {
      throw new NotReadyError('The database is not reachable', { database: 'down' });
    }
    if (await this.health.hasPendingMigrations()) {
      throw new NotReadyError('Database migrations are pending', { database: 'up', migrations: 'pending' });
    }
    return { status: 'ready', database: 'up', migrations: 'current' };
  }
}
