import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { UuidParam } from '../../common/http/uuid-param';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/decorators';
import { ApiProblems } from '../../common/openapi/problems';
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
  @ApiOperation({ summary: 'Create a user account' })
  @ApiProblems({ status: 409, codes: ['EMAIL_TAKEN'], description: 'A user with this e-mail address already exists' })
  @ApiCreatedResponse({ type: UserResponse })
  async create(@Ctx() ctx: RequestContext, @Body() dto: CreateUserDto): Promise<UserResponse> {
    return toUserResponse(await this.users.create(ctx, dto));
  }

  @Get()
  @Roles('admin', 'clerk', 'judge', 'prosecutor')
  @ApiOperation({ summary: 'List users (e-mail addresses masked for all but admins)' })
  @ApiOkResponse({ type: [UserResponse] })
  async list(@Ctx() ctx: RequestContext, @Query() q: ListUsersQuery): Promise<UserResponse[]> {
    const users = await this.users.list(ctx, q);
    return users.map((u) => toUserResponse(u, { maskEmail: ctx.actor.role !== 'admin' && u.id !== ctx.actor.id }));
  }

  @Get('me')
  @ApiOperation({ summary: 'The calling user' })
  @ApiOkResponse({ type: UserResponse })
  async me(@Ctx() ctx: RequestContext): Promise<UserResponse> {
    return toUserResponse(await this.users.get(ctx.actor.id));
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Change, deactivate or reactivate a user' })
  @ApiProblems(404, { status: 403, description: 'FORBIDDEN: you cannot deactivate yourself or change your own role' })
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
