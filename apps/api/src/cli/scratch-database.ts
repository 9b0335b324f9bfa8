import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * Runs `work` with an environment whose DATABASE_URL names a fresh, empty database on the
 * server of DATABASE_URL (dropped afterwards), or with no DATABASE_URL (embedded, in memory).
 */
export async function withScratchDatabase<T>(work: (env: NodeJS.ProcessEnv) => Promise<T>): Promise<T> {
  const base = process.env.DATABASE_URL;
  if (!base) return work({ ...process.env, DATABASE_URL: '', SESSION_SECRET: randomBytes(32).toString('hex') });
  const name = `wala_scratch_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    try {
      return await work({ ...process.env, DATABASE_URL: url.toString(), SESSION_SECRET: randomBytes(32).toString('hex') });
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}
