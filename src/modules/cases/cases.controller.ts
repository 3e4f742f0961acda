import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/decorators';
import { ApiProblems } from '../../common/openapi/problems';
import { Ctx, type RequestContext } from '../../common/http/request-context';
import { UuidParam } from '../../common/http/uuid-param';
import { CasesService } from './cases.service';
import { CaseResponse, CreateCaseDto, ListCasesQuery, toCaseResponse, UpdateCaseDto } from './dto/case.dto';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post()
  @Roles('admin', 'clerk', 'prosecutor')
  @ApiOperation({ summary: 'Open a case with its defendants' })
  @ApiProblems({
    status: 409,
    codes: ['CASE_NUMBER_TAKEN'],
    description: 'The court already has a case with this number',
  })
  @ApiCreatedResponse({ type: CaseResponse })
  async create(@Ctx() ctx: RequestContext, @Body() dto: CreateCaseDto): Promise<CaseResponse> {
    return toCaseResponse(await this.cases.create(ctx, dto));
  }

  @Get()
  @ApiOperation({ summary: 'Cases visible to you' })
  @ApiOkResponse({ type: [CaseResponse] })
  async list(@Ctx() ctx: RequestContext, @Query() q: ListCasesQuery): Promise<CaseResponse[]> {
    return (await this.cases.list(ctx, q)).map(toCaseResponse);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A case; 404 for whoever may not see it' })
  @ApiProblems(404)
  @ApiOkResponse({ type: CaseResponse })
  async get(@Ctx() ctx: RequestContext, @UuidParam('id') id: string): Promise<CaseResponse> {
    return toCaseResponse(await this.cases.get(ctx, id));
  }

  @Patch(':id')
  @Roles('admin', 'clerk', 'prosecutor')
  @ApiOperation({ summary: 'Change a case: its prosecutor, defendants, defense lawyers or status' })
  @ApiProblems(404)
  @HttpCode(200)
  @ApiOkResponse({ type: CaseResponse })
  async update(
    @Ctx() ctx: RequestContext,
    @UuidParam('id') id: string,
    @Body() dto: UpdateCaseDto,
  ): Promise<CaseResponse> {
    return toCaseResponse(await this.cases.update(ctx, id, dto));
  }
}
