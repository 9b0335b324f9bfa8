import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireDataDirLock } from './lock-file';

export interface EmbeddedHandle {
  /** node-postgres connection options reaching the embedded server */
  connection: { host: string; port: number; username: string; database: string };
  stop(): Promise<void>;
}

const SOCKET_PORT = 5432;

/**
 * Starts the embedded PostgreSQL (PGlite) and exposes it on a private unix socket through
 * pglite-socket, so the application talks to it with the very same node-postgres driver,
 * type parsers and SQL as to a PostgreSQL server. PGlite is a single session: the socket
 * server accepts one connection, and the application's pool holds exactly one, so a
 * transaction owns the session from BEGIN to COMMIT and nothing interleaves with it.
 *
 * @param dataDir directory of the persistent database, or null for an in-memory one (tests)
 */
export async function startEmbeddedPostgres(dataDir: string | null): Promise<EmbeddedHandle> {
  const release = dataDir ? acquireDataDirLock(dataDir) : () => undefined;
  // Unix socket paths are limited to ~107 bytes, so the socket lives in a private temp dir.
  const socketDir = mkdtempSync(join(tmpdir(), 'wala-pg-'));
  try {
    // PGlite ships ES modules and CommonJS; load lazily so PostgreSQL deployments never pay for the wasm.
    const { PGlite } = await import('@electric-sql/pglite');
    const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
    let db;
    if (dataDir) {
      const pgdata = join(dataDir, 'pgdata');
      mkdirSync(pgdata, { recursive: true });
      db = await PGlite.create(pgdata);
    } else {
      db = await PGlite.create('memory://');
    }
    const server = new PGLiteSocketServer({ db, path: join(socketDir, `.s.PGSQL.${SOCKET_PORT}`), maxConnections: 1 });
    await server.start();
    return {
      connection: { host: socketDir, port: SOCKET_PORT, username: 'postgres', database: 'postgres' },
      async stop() {
        await server.stop();
        await db.close();
        rmSync(socketDir, { recursive: true, force: true });
        release();
      },
    };
  } catch (e) {
    rmSync(socketDir, { recursive: true, force: true });
    release();
    throw e;
  }
}
