/**
 * The embedded database (PGlite) must be correct under concurrent requests, survive restarts
 * and refuse a second process. These run on the embedded database whatever the suite's mode.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadConfig } from '../apps/api/src/config/config';
import { openDatabase, type DatabaseHandle } from '../apps/api/src/database/data-source';
import { Db } from '../apps/api/src/database/db.service';
import { DataDirLockedError } from '../apps/api/src/database/lock-file';
import { runMigrations } from '../apps/api/src/database/migrate';
import { rows } from '../apps/api/src/common/sql';
import { startApp } from './support/app';
import { Client } from './support/client';

const exec = promisify(execFile);
const embeddedEnv = (dataDir: string) => ({ DATA_DIR: dataDir, DATABASE_URL: '', NODE_ENV: 'test' as const });

describe('embedded PostgreSQL (PGlite)', () => {
  let dir: string;
  let db: DatabaseHandle;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wala-embedded-'));
    db = await openDatabase(loadConfig(embeddedEnv(dir)));
    await runMigrations(db.dataSource);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('keeps every committed row when many transactions run at once and some roll back', async () => {
    const units = new Db(db.dataSource);
    const N = 120;
    const results = await Promise.allSettled(
      Array.from({ length: N }, (_, i) =>
        units.tx(async (em) => {
          await em.query(`INSERT INTO audit_log (action, target_type, target_id) VALUES ('concurrency', 'test', $1)`, [i]);
          // yield to the event loop so other transactions get every chance to interleave
          await new Promise((r) => setTimeout(r, i % 5));
          await em.query(`INSERT INTO audit_log (action, target_type, target_id) VALUES ('concurrency-2', 'test', $1)`, [i]);
          if (i % 3 === 0) throw new Error(`roll back ${i}`);
          return i;
        }),
      ),
    );
    const committed = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(committed).toHaveLength(N - Math.ceil(N / 3));
    const stored = await rows<{ target_id: number; n: number }>(
      db.dataSource,
      `SELECT target_id, count(*)::int AS n FROM audit_log WHERE action LIKE 'concurrency%' GROUP BY target_id ORDER BY target_id`,
    );
    expect(stored.map((r) => r.target_id)).toEqual(committed.sort((a, b) => a - b));
    expect(stored.every((r) => r.n === 2)).toBe(true);
  });

  it('refuses a second process on the same DATA_DIR with a clear message', async () => {
    await expect(openDatabase(loadConfig(embeddedEnv(dir)))).rejects.toBeInstanceOf(DataDirLockedError);
    const cli = join(__dirname, '..', 'apps/api/dist/apps/api/src/cli/admin-create.js');
    const res = await exec(process.execPath, [cli, '--email', 'a@example.com', '--password', 'long enough password'], {
      env: { ...process.env, ...embeddedEnv(dir) },
    }).catch((e: { code: number; stderr: string }) => e);
    expect((res as { code: number }).code).toBe(1);
    expect((res as { stderr: string }).stderr).toMatch(/in use by another Wala process \(pid \d+\)/);
  });
});

describe('restarting on the embedded database', () => {
  it('keeps the accounts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wala-restart-'));
    const env = { DATABASE_URL: '' };
    const first = await startApp({ dataDir, env });
    const reg = await new Client(first.url).post('/auth/register', { email: 'keep@example.com', password: 'kept across restarts', displayName: 'Keep' });
    expect(reg.status).toBe(201);
    await first.close();
    const second = await startApp({ dataDir, env });
    try {
      const login = await new Client(second.url).post('/auth/login', { email: 'keep@example.com', password: 'kept across restarts' });
      expect(login.status).toBe(200);
      expect(login.body.user.displayName).toBe('Keep');
    } finally {
      await second.close();
    }
  });

  it('creates an admin from the command line when no server holds the data directory', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wala-cli-'));
    const cli = join(__dirname, '..', 'apps/api/dist/apps/api/src/cli/admin-create.js');
    const out = await exec(process.execPath, [cli, '--email', 'Root@Example.com', '--password', 'the operator passphrase'], {
      env: { ...process.env, ...embeddedEnv(dataDir) },
    });
    expect(out.stdout).toMatch(/Created admin root@example.com/);
    const app = await startApp({ dataDir, env: { DATABASE_URL: '' } });
    try {
      const c = new Client(app.url);
      await c.post('/auth/login', { email: 'root@example.com', password: 'the operator passphrase' });
      expect((await c.get('/me')).body.role).toBe('admin');
      expect((await c.get('/admin/users')).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});
