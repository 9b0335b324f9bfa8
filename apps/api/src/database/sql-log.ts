import { appendFileSync } from 'node:fs';
import type { Logger as TypeOrmLogger } from 'typeorm';

/**
 * Writes every SQL statement the app sends (with its parameters) as JSON lines to a file.
 * Enabled by WALA_SQL_LOG=<path>; the benchmark harness uses it to check that its bare
 * baseline runs the very statements the app runs for the same request.
 */
export class SqlFileLogger implements TypeOrmLogger {
  constructor(private readonly path: string) {}
  logQuery(query: string, parameters?: unknown[]) {
    appendFileSync(this.path, JSON.stringify({ sql: query, params: parameters ?? [] }) + '\n');
  }
  logQueryError() {}
  logQuerySlow() {}
  logSchemaBuild() {}
  logMigration() {}
  log() {}
}
