import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../apps/api/src/database/data-source';
import { runMigrations } from '../../apps/api/src/database/migrate';
import { installPgTypeParsers } from '../../apps/api/src/database/pg-types';
import { adminQuery, serverUrl, templateName, withDatabase } from './pg';

const LOCK = 0x57414c54; // "WALT"

/** Prepares the migrated template database once per run (PostgreSQL mode only). */
export default async function globalSetup(): Promise<void> {
  process.env.WALA_TEST_RUN = randomBytes(4).toString('hex');
  if (!serverUrl()) return;
  installPgTypeParsers();
  const tpl = templateName();
  await adminQuery(async (c) => {
    await c.query('SELECT pg_advisory_lock($1)', [LOCK]);
    try {
      // databases left behind by runs that died more than three hours ago
      const old = await c.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname ~ '^wala_t_[0-9]+_' AND split_part(datname, '_', 3)::bigint < extract(epoch from now()) - 10800`,
      );
      for (const r of old.rows) await c.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
      const exists = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [tpl]);
      if (exists.rowCount) return;
      await c.query(`CREATE DATABASE ${tpl}_build`);
      const ds = new DataSource(dataSourceOptions({ url: withDatabase(serverUrl()!, `${tpl}_build`) }, 2, 'wala-test-template'));
      await ds.initialize();
      try {
        await runMigrations(ds);
      } finally {
        await ds.destroy();
      }
      await c.query(`ALTER DATABASE ${tpl}_build RENAME TO ${tpl}`);
    } finally {
      await c.query('SELECT pg_advisory_unlock($1)', [LOCK]);
    }
  });
}
