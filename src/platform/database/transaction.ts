import type { EntityManager } from 'typeorm';

/**
 * An open database transaction, as services hold it: they pass it from the TransactionRunner to repositories and
 * never look inside. Only repositories turn it into TypeORM's EntityManager (`managerOf`), so no service imports
 * TypeORM and a repository can change how it talks to PostgreSQL without touching a service.
 *
 * Today it is the EntityManager itself, so that modules move to it one at a time; once none reads it as an
 * EntityManager any more, it becomes an opaque type.
 */
export type Transaction = EntityManager;

/** The TypeORM manager of a transaction: for repositories only. */
export function managerOf(tx: Transaction): EntityManager {
  return tx;
}
