import type { EntityManager } from 'typeorm';

/**
 * An open database transaction, as services hold it: they pass it from the TransactionRunner to repositories and
 * never look inside. Only repositories turn it into TypeORM's EntityManager (`managerOf`), so no service imports
 * TypeORM and a repository can change how it talks to PostgreSQL without touching a service.
 *
 * Opaque: a service can hold one and hand it on, but not query through it.
 */
declare const opaque: unique symbol;
export interface Transaction {
  readonly [opaque]: 'a database transaction';
}

/** The transaction of a TypeORM manager: for the TransactionRunner (and a repository that opens its own). */
export function transactionOf(manager: EntityManager): Transaction {
  return manager as unknown as Transaction;
}

/** The TypeORM manager of a transaction: for repositories only. */
export function managerOf(tx: Transaction): EntityManager {
  return tx as unknown as EntityManager;
}
