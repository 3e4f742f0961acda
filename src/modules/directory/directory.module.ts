import { Module } from '@nestjs/common';
import { DefendantsController } from './defendants.controller';
import { DefendantsRepository } from './defendants.repository';
import { DefendantsService } from './defendants.service';
import { OrganizationsController } from './organizations.controller';
import { OrganizationsRepository } from './organizations.repository';
import { OrganizationsService } from './organizations.service';
import { RoomsRepository } from './rooms.repository';

/** Organizations, their rooms, and defendants. The repositories of organizations and defendants are exported for users, cases and calendars. */
@Module({
  controllers: [OrganizationsController, DefendantsController],
  providers: [OrganizationsRepository, RoomsRepository, DefendantsRepository, OrganizationsService, DefendantsService],
  exports: [OrganizationsRepository, DefendantsRepository],
})
export class DirectoryModule {}
