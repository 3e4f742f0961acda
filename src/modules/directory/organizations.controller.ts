import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/decorators';
import { ApiProblems } from '../../common/openapi/problems';
import { Ctx, type RequestContext } from '../../common/http/request-context';
import { UuidParam } from '../../common/http/uuid-param';
import {
  CreateOrganizationDto,
  ListOrganizationsQuery,
  OrganizationResponse,
  toOrganizationResponse,
  UpdateOrganizationDto,
} from './dto/organization.dto';
import { CreateRoomDto, ListRoomsQuery, RoomResponse, toRoomResponse } from './dto/room.dto';
import { OrganizationsService } from './organizations.service';

@ApiTags('directory')
@ApiBearerAuth()
@Controller('organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create an organization (court, procuratorate, detention center, law firm)' })
  @ApiCreatedResponse({ type: OrganizationResponse })
  async create(@Ctx() ctx: RequestContext, @Body() dto: CreateOrganizationDto): Promise<OrganizationResponse> {
    return toOrganizationResponse(await this.organizations.create(ctx, dto));
  }

  @Get()
  @ApiOperation({ summary: 'List organizations' })
  @ApiOkResponse({ type: [OrganizationResponse] })
  async list(@Query() q: ListOrganizationsQuery): Promise<OrganizationResponse[]> {
    return (await this.organizations.list({ kind: q.kind })).map(toOrganizationResponse);
  }

  @Get(':id')
  @ApiOperation({ summary: 'An organization' })
  @ApiProblems(404)
  @ApiOkResponse({ type: OrganizationResponse })
  async get(@UuidParam('id') id: string): Promise<OrganizationResponse> {
    return toOrganizationResponse(await this.organizations.get(id));
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: "Change an organization's name, time zone or escort buffer" })
  @ApiProblems(404)
  @HttpCode(200)
  @ApiOkResponse({ type: OrganizationResponse })
  async update(
    @Ctx() ctx: RequestContext,
    @UuidParam('id') id: string,
    @Body() dto: UpdateOrganizationDto,
  ): Promise<OrganizationResponse> {
    return toOrganizationResponse(await this.organizations.update(ctx, id, dto));
  }

  @Post(':id/rooms')
  @Roles('admin', 'clerk')
  @ApiOperation({ summary: 'Add a courtroom or video room to an organization' })
  @ApiProblems(
    404,
    { status: 403, description: 'FORBIDDEN: a clerk may add rooms to their own court only' },
    { status: 409, codes: ['ROOM_NAME_TAKEN'], description: 'The organization already has a room of this name' },
  )
  @ApiCreatedResponse({ type: RoomResponse })
  async createRoom(
    @Ctx() ctx: RequestContext,
    @UuidParam('id') id: string,
    @Body() dto: CreateRoomDto,
  ): Promise<RoomResponse> {
    return toRoomResponse(await this.organizations.createRoom(ctx, id, dto));
  }

  @Get(':id/rooms')
  @ApiOperation({ summary: "An organization's rooms" })
  @ApiProblems(404)
  @ApiOkResponse({ type: [RoomResponse] })
  async listRooms(@UuidParam('id') id: string, @Query() q: ListRoomsQuery): Promise<RoomResponse[]> {
    return (await this.organizations.listRooms(id, { kind: q.kind })).map(toRoomResponse);
  }
}
