import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type WalaApp } from '../../apps/api/src/app.factory';
import { loadConfig, type AppConfig } from '../../apps/api/src/config/config';
import { openDatabase, type DatabaseHandle } from '../../apps/api/src/database/data-source';
import { EventBus } from '../../apps/api/src/events/event-bus.service';
import { SessionService } from '../../apps/api/src/identity/session.service';
import { createTestDatabase, serverUrl } from './pg';
import { freePort } from './process';

export const IS_POSTGRES = !!serverUrl();
export const DB_KIND = IS_POSTGRES ? 'postgres' : 'embedded';

export interface TestApp {
  wala: WalaApp;
  config: AppConfig;
  url: string;
  /** the test database's connection string (PostgreSQL mode), for a second API process */
  databaseUrl: string | null;
  get<T>(type: new (...args: never[]) => T): T;
  /** waits until every session touch started so far has ended and every outbox event is handled */
  drain(): Promise<void>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  /** reuse a database (restart tests): the handle is not closed by close() */
  db?: DatabaseHandle;
  /** embedded mode with a persistent DATA_DIR instead of memory */
  dataDir?: string;
  /**
   * Serve on a port chosen up front with PUBLIC_URL set to it, so a browser loading the app's
   * pages is on the origin the socket handshake accepts (browser tests with live updates).
   */
  ownOrigin?: boolean;
}

/**
 * Boots the whole platform on a random port against a fresh database: a copy of the migrated
 * template on PostgreSQL (DATABASE_URL), or an in-memory embedded PGlite otherwise.
 */
export async function startApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'wala-test-'));
  const pg = IS_POSTGRES && !opts.db && !opts.env?.DATABASE_URL ? await createTestDatabase() : null;
  const port = opts.ownOrigin ? await freePort() : null;
  const env: NodeJS.ProcessEnv = {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SESSION_SECRET: randomBytes(32).toString('hex'),
    PUBLIC_URL: 'http://localhost:3000',
    REDIS_URL: process.env.REDIS_URL ?? '',
    DATABASE_URL: pg?.url ?? (IS_POSTGRES ? '' : ''),
    ...(port ? { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` } : {}),
    ...opts.env,
  };
  const config = loadConfig(env);
  const db = opts.db ?? (await openDatabase(config, { inMemory: !opts.dataDir, poolSize: 10 }));
  let wala: WalaApp;
  try {
    wala = await createApp(config, { db });
  } catch (e) {
    if (!opts.db) await db.close();
    await pg?.drop();
    throw e;
  }
  return {
    wala,
    config,
    url: wala.url,
    databaseUrl: pg?.url ?? null,
    get: (type) => wala.app.get(type),
    async drain() {
      await wala.app.get(SessionService).touched();
      await wala.app.get(EventBus).drain();
    },
    async close() {
      await wala.close();
      if (!opts.db) await db.close();
      await pg?.drop();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
