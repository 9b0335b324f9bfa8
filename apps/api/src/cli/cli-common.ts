import { ConfigError, loadConfig, type AppConfig } from '../config/config';
import { openDatabase, type DatabaseHandle } from '../database/data-source';
import { DataDirLockedError } from '../database/lock-file';
import { runMigrations } from '../database/migrate';

/** Parses `--name value` and `--flag` arguments. */
export function parseArgs(argv: string[]): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      out[a.slice(2)] = next;
      i++;
    } else out[a.slice(2)] = true;
  }
  return out;
}

/** Opens the configured database (taking the DATA_DIR lock in embedded mode) and migrates it. */
export async function withMigratedDatabase<T>(work: (db: DatabaseHandle, config: AppConfig) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = await openDatabase(config, { poolSize: 2, applicationName: 'wala-cli' });
  try {
    await runMigrations(db.dataSource);
    return await work(db, config);
  } finally {
    await db.close();
  }
}

export function runCli(main: () => Promise<void>): void {
  main().catch((e) => {
    if (e instanceof ConfigError || e instanceof DataDirLockedError || e instanceof UsageError) console.error(e.message);
    else console.error(e);
    process.exit(1);
  });
}

export class UsageError extends Error {}
