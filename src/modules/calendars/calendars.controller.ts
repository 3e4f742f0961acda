import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../../common/auth/decorators';
import { Ctx, type RequestContext } from '../../common/http/request-context';
import { UuidParam } from '../../common/http/uuid-param';
import { CalendarsService } from './calendars.service';
import {
  CalendarExceptionResponse,
  CreateCalendarExceptionDto,
  ListCalendarExceptionsQuery,
  OpeningHoursResponse,
  ReplaceOpeningHoursDto,
  toCalendarExceptionResponse,
  toOpeningHoursResponse,
} from './dto/calendar.dto';

/** Writers: admins, and the clerk / prosecutor / detention officer of the organization itself (checked in the service). */
const CALENDAR_WRITERS = ['admin', 'clerk', 'prosecutor', 'detention_officer'] as const;

@ApiTags('calendars')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'No such organization' })
@Controller('organizations/:id')
export class CalendarsController {
  constructor(private readonly calendars: CalendarsService) {}

  @Get('opening-hours')
  @ApiOkResponse({ type: OpeningHoursResponse })
  async getOpeningHours(@UuidParam('id') id: string): Promise<OpeningHoursResponse> {
    return toOpeningHoursResponse(await this.calendars.getWeeklyHours(id));
  }

  @Put('opening-hours')
  @Roles(...CALENDAR_WRITERS)
  @HttpCode(200)
  @ApiOkResponse({ type: OpeningHoursResponse })
  @ApiForbiddenResponse({
    description: 'Not an admin, nor the clerk / prosecutor / detention officer of this organization',
  })
  async replaceOpeningHours(
    @Ctx() ctx: RequestContext,
    @UuidParam('id') id: string,
    @Body() dto: ReplaceOpeningHoursDto,
  ): Promise<OpeningHoursResponse> {
    return toOpeningHoursResponse(await this.calendars.replaceWeeklyHours(ctx, id, dto.weekly));
  }

  @Get('calendar-exceptions')
  @ApiOkResponse({ type: [CalendarExceptionResponse] })
  async listExceptions(
    @UuidParam('id') id: string,
    @Query() q: ListCalendarExceptionsQuery,
  ): Promise<CalendarExceptionResponse[]> {
    return (await this.calendars.listExceptions(id, q.from, q.to)).map(toCalendarExceptionResponse);
  }

  @Post('calendar-exceptions')
  @Roles(...CALENDAR_WRITERS)
  @ApiCreatedResponse({ type: CalendarExceptionResponse })
  @ApiForbiddenResponse({
    description: 'Not an admin, nor the clerk / prosecutor / detention officer of this organization',
  })
  @ApiConflictResponse({ description: 'The date already has a closure, or opening hours that clash with this one' })
  async addException(
    @Ctx() ctx: RequestContext,
    @UuidParam('id') id: string,
    @Body() dto: CreateCalendarExceptionDto,
  ): Promise<CalendarExceptionResponse> {
    return toCalendarExceptionResponse(await this.calendars.addException(ctx, id, dto));
  }

  @Delete('calendar-exceptions/:exceptionId')
  @Roles(...CALENDAR_WRITERS)
  @HttpCode(204)
  @ApiNoContentResponse()
  async removeException(
    @Ctx() ctx: RequestContext,
    @UuidParam('id') id: string,
    @UuidParam('exceptionId') exceptionId: string,
  ): Promise<void> {
    await this.calendars.removeException(ctx, id, exceptionId);
  }
}
