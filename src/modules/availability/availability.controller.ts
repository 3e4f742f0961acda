import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/decorators';
import { ApiProblems } from '../../common/openapi/problems';
import { Ctx, type RequestContext } from '../../common/http/request-context';
import { AvailabilityService } from './availability.service';
import { AvailabilityQuery, AvailabilityResponse } from './dto/availability.dto';

@ApiTags('availability')
@ApiBearerAuth()
@Controller('availability')
export class AvailabilityController {
  constructor(private readonly availability: AvailabilityService) {}

  @Get()
  @Roles('admin', 'clerk', 'prosecutor')
  @ApiOperation({
    summary: 'Earliest bookable slots for a hearing of a case',
    description:
      "Whoever may book the hearing may search. Every party's existing hearings, every organization's hours " +
      'and exceptions and the escort buffers are honoured; each slot can be booked as returned with POST /hearings.',
  })
  @ApiOkResponse({ type: AvailabilityResponse })
  @ApiProblems(404)
  search(@Ctx() ctx: RequestContext, @Query() q: AvailabilityQuery): Promise<AvailabilityResponse> {
    return this.availability.search(ctx, q);
  }
}
