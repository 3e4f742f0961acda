import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/directory.module';
import { UsersModule } from '../users/users.module';
import { CasesController } from './cases.controller';
import { CasesRepository } from './cases.repository';
import { CasesService } from './cases.service';

/** Cases and their defendants. CasesRepository and CasesService are exported for scheduling. */
@Module({
  imports: [DirectoryModule, UsersModule],
  controllers: [CasesController],
  providers: [CasesRepository, CasesService],
  exports: [CasesRepository, CasesService],
})
export class CasesModule {}
