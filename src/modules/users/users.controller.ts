import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { UuidParam } from '../../common/http/uuid-param';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/decorators';
import { Ctx, type RequestContext } from '../../common/http/request-context';
import { CreateUserDto, ListUsersQuery, toUserResponse, UpdateUserDto, UserResponse } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: UserResponse })
  async create(@Ctx() ctx: RequestContext, @Body() dto: CreateUserDto): Promise<UserResponse> {
    return toUserResponse(await this.users.create(ctx, dto));
  }

  @Get()
  @Roles('admin', 'clerk', 'judge', 'prosecutor')
  @ApiOkResponse({ type: [UserResponse] })
  async list(@Ctx() ctx: RequestContext, @Query() q: ListUsersQuery): Promise<UserResponse[]> {
    const users = await this.users.list(ctx, q);
    return users.map((u) => toUserResponse(u, { maskEmail: ctx.actor.role !== 'admin' && u.id !== ctx.actor.id }));
  }

  @Get('me')
  @ApiOkResponse({ type: UserResponse })
  async me(@Ctx() ctx: RequestContext): Promise<UserResponse> {
    return toUserResponse(await this.users.get(ctx.actor.id));
  }

  @Patch(':id')
  @Roles('admin')
  @HttpCode(200)
  @ApiOkResponse({ type: UserResponse })
  async update(
    @Ctx() ctx: RequestContext,
    @UuidParam('id') id: string,
    @Body() dto: UpdateUserDto,
  ): Promise<UserResponse> {
    return toUserResponse(await this.users.update(ctx, id, dto));
  }
}
