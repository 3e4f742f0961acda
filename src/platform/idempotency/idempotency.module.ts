import { Module } from '@nestjs/common';
import { IdempotencyKeys } from './idempotency-keys';

/** Idempotency keys (idempotency-keys.ts), for every module that must do a piece of work once per key. */
@Module({ providers: [IdempotencyKeys], exports: [IdempotencyKeys] })
export class IdempotencyModule {}
