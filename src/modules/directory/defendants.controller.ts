import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/decorators';
import { ApiProblems } from '../../common/openapi/problems';
import { Ctx, type RequestContext } from '../../common/http/request-context';
import { UuidParam } from '../../common/http/uuid-param';
import { DefendantsService } from './defendants.service';
import {
  CreateDefendantDto,
  DefendantResponse,
  ListDefendantsQuery,
  LookupDefendantDto,
  toDefendantResponse,
  UpdateDefendantDto,
} from './dto/defendant.dto';

@ApiTags('directory')
@ApiBearerAuth()
@Controller('defendants')
export class DefendantsController {
  constructor(private readonly defendants: DefendantsService) {}

  @Post()
  @Roles('admin', 'clerk', 'prosecutor', 'detention_officer')
  @ApiOperation({ summary: 'Register a defendant' })
  @ApiCreatedResponse({ type: DefendantResponse })
  async create(@Ctx() ctx: RequestContext, @Body() dto: CreateDefendantDto): Promise<DefendantResponse> {
    return toDefendantResponse(await this.defendants.create(ctx, dto), { showIdNumber: ctx.actor.role === 'admin' });
  }

  @Post('lookup')
  @Roles('admin', 'clerk', 'prosecutor')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Find a defendant by their full identity number, and see them from now on',
    description:
      "The exact number only, never a part of it. A found defendant becomes visible to the caller's organization, " +
      'so that it can be named in a case. Every attempt is audited (number masked); too many misses within an hour → 429.',
  })
  @ApiOkResponse({ type: DefendantResponse })
  @ApiProblems(
    { status: 404, description: 'No defendant has this number (in this center)' },
    { status: 409, codes: ['DEFENDANT_LOOKUP_AMBIGUOUS'], description: 'Several have it; give detentionCenterId' },
    { status: 429, codes: ['TOO_MANY_REQUESTS'], description: 'Too many look-ups found no one; see Retry-After' },
  )
  async lookup(@Ctx() ctx: RequestContext, @Body() dto: LookupDefendantDto): Promise<DefendantResponse> {
    return toDefendantResponse(await this.defendants.lookup(ctx, dto), { showIdNumber: ctx.actor.role === 'admin' });
  }

  @Get()
  @ApiOperation({ summary: 'Defendants visible to you' })
  @ApiOkResponse({ type: [DefendantResponse] })
  async list(@Ctx() ctx: RequestContext, @Query() q: ListDefendantsQuery): Promise<DefendantResponse[]> {
    const showIdNumber = ctx.actor.role === 'admin';
    return (await this.defendants.list(ctx, q)).map((d) => toDefendantResponse(d, { showIdNumber }));
  }

  @Get(':id')
  @ApiOperation({ summary: 'A defendant; 404 for whoever may not see them' })
  @ApiProblems(404)
  @ApiOkResponse({ type: DefendantResponse })
  async get(@Ctx() ctx: RequestContext, @UuidParam('id') id: string): Promise<DefendantResponse> {
    return toDefendantResponse(await this.defendants.get(ctx, id), { showIdNumber: ctx.actor.role === 'admin' });
  }

  @Patch(':id')
  @Roles('admin', 'clerk', 'prosecutor', 'detention_officer')
  @ApiOperation({ summary: "Change a defendant's name, custody or detention center" })
  @ApiProblems(404)
  @HttpCode(200)
  @ApiOkResponse({ type: DefendantResponse })
  async update(
    @Ctx() ctx: RequestContext,
    @UuidParam('id') id: string,
    @Body() dto: UpdateDefendantDto,
  ): Promise<DefendantResponse> {
    return toDefendantResponse(await this.defendants.update(ctx, id, dto), {
      showIdNumber: ctx.actor.role === 'admin',
    });
  }
}
