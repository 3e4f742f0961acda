import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/decorators';
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
  @ApiCreatedResponse({ type: OrganizationResponse })
  async create(@Ctx() ctx: RequestContext, @Body() dto: CreateOrganizationDto): Promise<OrganizationResponse> {
    return toOrganizationResponse(await this.organizations.create(ctx, dto));
  }

  @Get()
  @ApiOkResponse({ type: [OrganizationResponse] })
  async list(@Query() q: ListOrganizationsQuery): Promise<OrganizationResponse[]> {
    return (await this.organizations.list({ kind: q.kind })).map(toOrganizationResponse);
  }

  @Get(':id')
  @ApiOkResponse({ type: OrganizationResponse })
  async get(@UuidParam('id') id: string): Promise<OrganizationResponse> {
    return toOrganizationResponse(await this.organizations.get(id));
  }

  @Patch(':id')
  @Roles('admin')
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
  @ApiCreatedResponse({ type: RoomResponse })
  async createRoom(
    @Ctx() ctx: RequestContext,
    @UuidParam('id') id: string,
    @Body() dto: CreateRoomDto,
  ): Promise<RoomResponse> {
    return toRoomResponse(await this.organizations.createRoom(ctx, id, dto));
  }

  @Get(':id/rooms')
  @ApiOkResponse({ type: [RoomResponse] })
  async listRooms(@UuidParam('id') id: string, @Query() q: ListRoomsQuery): Promise<RoomResponse[]> {
    return (await this.organizations.listRooms(id, { kind: q.kind })).map(toRoomResponse);
  }
}
