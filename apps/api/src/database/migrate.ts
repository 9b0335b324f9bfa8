import { DataSource } from 'typeorm';
import { MigrationExecutor } from 'typeorm/migration/MigrationExecutor';

/** Arbitrary but fixed key of the advisory lock that serializes migrations across nodes. */
export const MIGRATION_LOCK_KEY = 0x57414c41; // "WALA"

/**
 * Applies pending migrations under a PostgreSQL advisory lock, all on one connection, so two
 * nodes starting together cannot race: the second waits, then finds nothing left to do.
 * Each migration runs in its own transaction.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const executor = new MigrationExecutor(dataSource, runner);
      executor.transaction = 'each';
      const done = await executor.executePendingMigrations();
      return done.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}

/**
 * The SQL that would bring the database in line with the entities. Empty when the committed
 * migrations and the entities agree (the CI drift check).
 */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return sql.upQueries.map((q) => q.query);
}
