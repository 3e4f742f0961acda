import { Module } from '@nestjs/common';
import { HearingsModule } from '../hearings/hearings.module';
import { LeniencyModule } from '../leniency/leniency.module';
import { OutcomesController } from './outcomes.controller';
import { OutcomesRepository } from './outcomes.repository';
import { OutcomesService } from './outcomes.service';

/** A hearing's outcome: its status, and the plea-leniency steps recorded at it, in one transaction. */
@Module({
  imports: [HearingsModule, LeniencyModule],
  controllers: [OutcomesController],
  providers: [OutcomesRepository, OutcomesService],
})
export class OutcomesModule {}
