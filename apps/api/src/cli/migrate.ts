/** npm run migrate — applies pending migrations (under the advisory lock) and exits. */
import { runMigrations } from '../database/migrate';
import { runCli, withMigratedDatabase } from './cli-common';

runCli(async () => {
  await withMigratedDatabase(async (db) => {
    const more = await runMigrations(db.dataSource); // nothing left: withMigratedDatabase applied them
    const applied = await db.dataSource.query(`SELECT name FROM migrations ORDER BY id`);
    console.log(`Database is up to date (${applied.length} migrations${more.length ? `, ${more.length} just applied` : ''}).`);
  });
});
