import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

/**
 * Test databases on a real PostgreSQL (when DATABASE_URL is set): one template database
 * migrated once per migration set, and a fresh copy of it per test file (CREATE DATABASE ...
 * TEMPLATE is a file copy: milliseconds, not a migration run).
 */
export const serverUrl = () => process.env.DATABASE_URL || null;

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export function templateName(): string {
  const dir = join(__dirname, '..', '..', 'migrations');
  const h = createHash('sha256');
  for (const f of readdirSync(dir).sort()) h.update(f).update(readFileSync(join(dir, f)));
  return `wala_tpl_${h.digest('hex').slice(0, 12)}`;
}

export async function adminQuery<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: serverUrl()! });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A new database copied from the migrated template; `drop()` removes it. */
export async function createTestDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `wala_t_${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
  const tpl = templateName();
  await adminQuery(async (c) => {
    // a template must have no other session while it is copied: retry briefly if one lingers
    for (let i = 0; ; i++) {
      try {
        await c.query(`CREATE DATABASE ${name} TEMPLATE ${tpl}`);
        return;
      } catch (e) {
        if (i >= 20 || !/being accessed by other users/.test(String(e))) throw e;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  });
  return {
    url: withDatabase(serverUrl()!, name),
    name,
    drop: () => adminQuery(async (c) => void (await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))),
  };
}
