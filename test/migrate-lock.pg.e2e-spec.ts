/** Two nodes starting together on an empty PostgreSQL database: migrations apply exactly once. */
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../apps/api/src/database/data-source';
import { runMigrations } from '../apps/api/src/database/migrate';
import { MIGRATIONS } from '../migrations';
import { adminQuery, serverUrl, withDatabase } from './support/pg';

it('serializes migrations of nodes starting at the same time under an advisory lock', async () => {
  const name = `wala_t_${Math.floor(Date.now() / 1000)}_lock${process.pid}`;
  await adminQuery((c) => c.query(`CREATE DATABASE ${name}`));
  const nodes = [1, 2, 3].map((i) => new DataSource(dataSourceOptions({ url: withDatabase(serverUrl()!, name) }, 2, `node-${i}`)));
  try {
    await Promise.all(nodes.map((n) => n.initialize()));
    const applied = await Promise.all(nodes.map((n) => runMigrations(n)));
    expect(applied.map((a) => a.length).sort()).toEqual([0, 0, MIGRATIONS.length]);
    const rows = await nodes[0].query('SELECT count(*)::int AS n FROM migrations');
    expect(rows[0].n).toBe(MIGRATIONS.length);
  } finally {
    await Promise.all(nodes.filter((n) => n.isInitialized).map((n) => n.destroy()));
    await adminQuery((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
});
