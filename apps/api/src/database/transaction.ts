import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs `work` in one transaction. Every query of the unit of work must use the manager it
 * receives: on the embedded database there is a single connection, and a query sent through
 * the data source instead would wait for the transaction that is waiting for it.
 */
export function inTransaction<T>(ds: DataSource, work: (em: EntityManager) => Promise<T>): Promise<T> {
  return ds.transaction('READ COMMITTED', work);
}
