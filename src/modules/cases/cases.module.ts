import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/directory.module';
import { UsersModule } from '../users/users.module';
import { CaseChangeListeners } from './case-change-listeners';
import { CasesController } from './cases.controller';
import { CasesRepository } from './cases.repository';
import { CasesService } from './cases.service';

/** Cases and their defendants. CaseChangeListeners is exported for the features that must follow a change of a case's people (hearings). */
@Module({
  imports: [DirectoryModule, UsersModule],
  controllers: [CasesController],
  providers: [CasesRepository, CasesService, CaseChangeListeners],
  exports: [CaseChangeListeners],
})
export class CasesModule {}
