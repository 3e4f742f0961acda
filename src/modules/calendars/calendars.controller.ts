import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../../common/auth/decorators';
import { ApiProblems } from '../../common/openapi/problems';
import { Ctx, type RequestContext } from '../../common/http/request-context';
import { UuidParam } from '../../common/http/uuid-param';
import { CalendarsService } from './calendars.service';
import {
  CalendarExceptionConflictProblem,
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
@ApiProblems({ status: 404, description: 'NOT_FOUND: no such organization' })
@Controller('organizations/:id')
export class CalendarsController {
  constructor(private readonly calendars: CalendarsService) {}

  @Get('opening-hours')
  @ApiOperation({ summary: "An organization's weekly opening hours" })
  @ApiOkResponse({ type: OpeningHoursResponse })
  async getOpeningHours(@UuidParam('id') id: string): Promise<OpeningHoursResponse> {
    return toOpeningHoursResponse(await this.calendars.getWeeklyHours(id));
  }

  @Put('opening-hours')
  @Roles(...CALENDAR_WRITERS)
  @HttpCode(200)
  @ApiOperation({ summary: "Replace an organization's weekly opening hours" })
  @ApiOkResponse({ type: OpeningHoursResponse })
  @ApiProblems({
    status: 403,
    description: 'FORBIDDEN: not an admin, nor the clerk / prosecutor / detention officer of this organization',
  })
  async replaceOpeningHours(
    @Ctx() ctx: RequestContext,
    @UuidParam('id') id: string,
    @Body() dto: ReplaceOpeningHoursDto,
  ): Promise<OpeningHoursResponse> {
    return toOpeningHoursResponse(await this.calendars.replaceWeeklyHours(ctx, id, dto.weekly));
  }

  @Get('calendar-exceptions')
  @ApiOperation({ summary: "An organization's closures and changed working days in a date range" })
  @ApiOkResponse({ type: [CalendarExceptionResponse] })
  async listExceptions(
    @UuidParam('id') id: string,
    @Query() q: ListCalendarExceptionsQuery,
  ): Promise<CalendarExceptionResponse[]> {
    return (await this.calendars.listExceptions(id, q.from, q.to)).map(toCalendarExceptionResponse);
  }

  @Post('calendar-exceptions')
  @Roles(...CALENDAR_WRITERS)
  @ApiOperation({ summary: 'Add a closure or a changed working day' })
  @ApiCreatedResponse({ type: CalendarExceptionResponse })
  @ApiProblems(
    {
      status: 403,
      description: 'FORBIDDEN: not an admin, nor the clerk / prosecutor / detention officer of this organization',
    },
    {
      status: 409,
      codes: ['CALENDAR_EXCEPTION_CONFLICT'],
      type: CalendarExceptionConflictProblem,
      description: 'The date already has a closure, or opening hours that clash with this one',
    },
  )
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
  @ApiOperation({ summary: 'Remove a closure or a changed working day' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblems({
    status: 403,
    description: 'FORBIDDEN: not an admin, nor the clerk / prosecutor / detention officer of this organization',
  })
  async removeException(
    @Ctx() ctx: RequestContext,
    @UuidParam('id') id: string,
    @UuidParam('exceptionId') exceptionId: string,
  ): Promise<void> {
    await this.calendars.removeException(ctx, id, exceptionId);
  }
}
