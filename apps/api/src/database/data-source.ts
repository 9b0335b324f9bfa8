import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../../../migrations';
import type { AppConfig } from '../config/config';
import { startEmbeddedPostgres, type EmbeddedHandle } from './embedded';
import { ENTITIES } from './entities';
import { SnakeNamingStrategy } from './naming';
import { SqlFileLogger } from './sql-log';
import { installPgTypeParsers } from './pg-types';

export interface DatabaseHandle {
  dataSource: DataSource;
  embedded: EmbeddedHandle | null;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** Embedded mode only: use an in-memory database instead of DATA_DIR (tests). */
  inMemory?: boolean;
  /** Pool size on PostgreSQL (the embedded database always uses exactly one connection). */
  poolSize?: number;
  applicationName?: string;
}

export function dataSourceOptions(
  connection: { url: string } | { host: string; port: number; username: string; database: string },
  poolSize: number,
  applicationName = 'wala',
): DataSourceOptions {
  return {
    type: 'postgres',
    ...connection,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    ...(process.env.WALA_SQL_LOG
      ? { logging: ['query'] as const, logger: new SqlFileLogger(process.env.WALA_SQL_LOG) }
      : { logging: false }),
    applicationName,
    extra: {
      max: poolSize,
      // a query waiting for a connection longer than this fails instead of hanging for ever
      connectionTimeoutMillis: 30_000,
      idleTimeoutMillis: 30_000,
    },
  };
}

/**
 * Opens the platform database: the PostgreSQL server named by DATABASE_URL, or the embedded
 * PGlite under DATA_DIR. Both are reached through node-postgres, with the same type parsers.
 */
export async function openDatabase(config: AppConfig, opts: OpenDatabaseOptions = {}): Promise<DatabaseHandle> {
  installPgTypeParsers();
  let embedded: EmbeddedHandle | null = null;
  let options: DataSourceOptions;
  if (config.databaseUrl) {
    options = dataSourceOptions({ url: config.databaseUrl }, opts.poolSize ?? 20, opts.applicationName);
  } else {
    embedded = await startEmbeddedPostgres(opts.inMemory ? null : config.dataDir);
    // Exactly one connection: PGlite is one session, so transactions are serialized by the pool.
    options = dataSourceOptions(embedded.connection, 1, opts.applicationName);
  }
  const dataSource = new DataSource(options);
  try {
    await dataSource.initialize();
  } catch (e) {
    await embedded?.stop();
    throw e;
  }
  return {
    dataSource,
    embedded,
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
    },
  };
}
