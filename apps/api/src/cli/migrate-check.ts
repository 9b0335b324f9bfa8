/**
 * CI drift check: applies every committed migration to an empty database, then asks TypeORM
 * what it would change to match the entities. Anything at all is a failure: an entity was
 * edited without a migration (or a migration without the entity).
 * Also runs every down() back to empty and up() again, so each down() is exercised.
 */
import { loadConfig } from '../config/config';
import { openDatabase } from '../database/data-source';
import { pendingSchemaChanges, runMigrations } from '../database/migrate';
import { withScratchDatabase } from './scratch-database';

async function main() {
  await withScratchDatabase(async (env) => {
    const db = await openDatabase(loadConfig(env), { inMemory: true, poolSize: 2 });
    try {
      const applied = await runMigrations(db.dataSource);
      console.log(`applied ${applied.length} migration(s) to an empty ${db.embedded ? 'embedded' : 'PostgreSQL'} database`);
      const drift = await pendingSchemaChanges(db.dataSource);
      if (drift.length) {
        console.error('Entities and migrations disagree. Run `npm run migration:generate -- Name` and review. Pending SQL:');
        for (const q of drift) console.error('  ' + q);
        process.exitCode = 1;
        return;
      }
      for (let i = 0; i < applied.length; i++) await db.dataSource.undoLastMigration({ transaction: 'each' });
      const again = await runMigrations(db.dataSource);
      if (again.length !== applied.length) throw new Error('down() then up() did not restore every migration');
      console.log('entities and migrations agree; every down() and up() ran cleanly');
    } finally {
      await db.close();
    }
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
