import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirLockedError extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * An exclusive lock on DATA_DIR: the embedded database is one PostgreSQL session inside one
 * process, so a second process (an `admin:create` while the server runs) must be refused, not
 * allowed to write into a copy that the running server will overwrite.
 * A lock left by a process that no longer exists is taken over.
 */
const held = new Set<string>();

export function acquireDataDirLock(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'wala.lock');
  if (held.has(file)) {
    throw new DataDirLockedError(`The embedded database in ${dataDir} is already open in this process (pid ${process.pid}).`);
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      held.add(file);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        held.delete(file);
        try {
          if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new DataDirLockedError(
          `The embedded database in ${dataDir} is in use by another Wala process (pid ${pid}). ` +
            `Stop that process first, or set DATABASE_URL to use a PostgreSQL server.`,
        );
      }
      unlinkSync(file); // stale lock of a dead process
    }
  }
  throw new DataDirLockedError(`Could not lock ${dataDir}`);
}
