import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, type RequestContext } from '../../common/http/request-context';
import { UuidParam } from '../../common/http/uuid-param';
import { ApiProblems } from '../../common/openapi/problems';
import { HearingVideoResponse, LiveActionDto, LiveStateResponse, VideoTokenResponse } from './dto/video.dto';
import { AttendanceResponse, ParticipantPresenceResponse } from './dto/presence.dto';
import { VideoPresenceService } from './video-presence.service';
import { VideoService } from './video.service';

@ApiTags('video')
@ApiBearerAuth()
@ApiProblems(404)
@Controller('hearings/:id')
export class VideoController {
  constructor(
    private readonly video: VideoService,
    private readonly presence: VideoPresenceService,
  ) {}

  @Post('video-token')
  @HttpCode(200)
  @ApiOperation({
    summary: "A participant's LiveKit token for the hearing's room, with their role's rights",
    description:
      'For the judge, a clerk of the court, the prosecutor, a defense lawyer of the hearing and an officer of the ' +
      'center that holds its video room, inside the join window. Before the start and in a pause everyone but the ' +
      'judge and the clerk (the prosecutor, in a plea signing) joins the waiting room: no publishing, no subscribing.',
  })
  @ApiProblems(
    { status: 403, description: 'FORBIDDEN: you see the hearing but do not take part in it (admins do not join)' },
    {
      status: 403,
      codes: ['JOIN_WINDOW_CLOSED'],
      description: 'Outside the join window: `reason` (not_yet_open, closed), `opensAt`, `closedAt`',
    },
  )
  @ApiOkResponse({ type: VideoTokenResponse })
  token(@Ctx() ctx: RequestContext, @UuidParam('id') id: string): Promise<VideoTokenResponse> {
    return this.video.token(ctx, id);
  }

  @Post('consultation-token')
  @HttpCode(200)
  @ApiOperation({
    summary: 'A token for the private consultation room of the defense lawyer and the detention center',
    description:
      "Only the defense lawyer and the officers of the video room's center; from the join window's opening until " +
      'the start, and while the hearing is paused. Never the judge, the prosecutor or observers; never recorded.',
  })
  @ApiProblems(
    { status: 403, description: 'FORBIDDEN: only the defense lawyer and the detention center consult' },
    { status: 403, codes: ['JOIN_WINDOW_CLOSED'], description: 'Outside the join window' },
    { status: 409, codes: ['CONSULTATION_CLOSED'], description: 'The hearing is in session, suspended or closed' },
  )
  @ApiOkResponse({ type: VideoTokenResponse })
  consultationToken(@Ctx() ctx: RequestContext, @UuidParam('id') id: string): Promise<VideoTokenResponse> {
    return this.video.consultationToken(ctx, id);
  }

  @Post('live')
  @HttpCode(200)
  @ApiOperation({
    summary: "A step of the hearing's live state: start, pause, resume, suspend, close",
    description: "The hearing's judge or a clerk of the court; for a plea signing, its prosecutor.",
  })
  @ApiProblems(
    { status: 403, description: 'FORBIDDEN: you see the hearing but do not run it' },
    {
      status: 409,
      codes: ['INVALID_TRANSITION', 'HEARING_CANCELLED', 'HEARING_HAS_OUTCOME'],
      description: 'The step does not follow from the live state (`state`, `allowedActions`), or the hearing is over',
    },
    { status: 422, codes: ['NOT_YET_OPEN'], description: 'start: before the join window opens (`opensAt`)' },
  )
  @ApiOkResponse({ type: LiveStateResponse })
  live(
    @Ctx() ctx: RequestContext,
    @UuidParam('id') id: string,
    @Body() dto: LiveActionDto,
  ): Promise<LiveStateResponse> {
    return this.video.changeLive(ctx, id, dto);
  }

  @Get('participants')
  @ApiOperation({ summary: "Who is where in the hearing's room, live: each expected participant's presence" })
  @ApiOkResponse({ type: [ParticipantPresenceResponse] })
  participants(@Ctx() ctx: RequestContext, @UuidParam('id') id: string): Promise<ParticipantPresenceResponse[]> {
    return this.presence.participants(ctx, id);
  }

  @Get('attendance')
  @ApiOperation({ summary: "Every connection to the hearing's room: who, when, how long" })
  @ApiOkResponse({ type: [AttendanceResponse] })
  attendance(@Ctx() ctx: RequestContext, @UuidParam('id') id: string): Promise<AttendanceResponse[]> {
    return this.presence.attendance(ctx, id);
  }

  @Get('video')
  @ApiOperation({ summary: "The hearing's video room, live state with its history, and join window" })
  @ApiOkResponse({ type: HearingVideoResponse })
  get(@Ctx() ctx: RequestContext, @UuidParam('id') id: string): Promise<HearingVideoResponse> {
    return this.video.get(ctx, id);
  }
}
