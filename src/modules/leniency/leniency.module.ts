import { Module } from '@nestjs/common';
import { LeniencyController } from './leniency.controller';
import { LeniencyRepository } from './leniency.repository';
import { LeniencyService } from './leniency.service';

/** The plea-leniency record of each defendant in each case: its routes, steps through the one state machine. */
@Module({
  controllers: [LeniencyController],
  providers: [LeniencyRepository, LeniencyService],
  exports: [LeniencyService],
})
export class LeniencyModule {}
