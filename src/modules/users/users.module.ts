import { Module } from '@nestjs/common';
import { OrganizationsRepository } from '../directory/organizations.repository';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  controllers: [UsersController],
  providers: [UsersRepository, UsersService, OrganizationsRepository],
  exports: [UsersRepository, UsersService],
})
export class UsersModule {}
