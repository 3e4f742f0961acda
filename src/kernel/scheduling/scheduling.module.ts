import { Module } from '@nestjs/common';
import { ReservationsRepository } from './reservations.repository';

/** The scheduling kernel's database side: the reservations (reservations.repository.ts). */
@Module({ providers: [ReservationsRepository], exports: [ReservationsRepository] })
export class SchedulingModule {}
