import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { transactionOf, type Transaction } from './transaction';

/**
 * Runs work in one database transaction. Services use it to group writes that belong together
 * (the change and its audit row); repositories receive the transaction (see transaction.ts).
 */
@Injectable()
export class TransactionRunner {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(transactionOf(manager)));
  }
}
