/**
 * Generates a migration from the difference between the entities and a database migrated to
 * the latest committed migration. Usage: npm run migration:generate -- AddForum
 * Uses DATABASE_URL when set (a scratch database is created and dropped), otherwise an
 * in-memory embedded database.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../common/paths';
import { loadConfig } from '../config/config';
import { openDatabase } from '../database/data-source';
import { runMigrations } from '../database/migrate';
import { withScratchDatabase } from './scratch-database';

async function main() {
  const name = process.argv[2];
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
    console.error('usage: npm run migration:generate -- PascalCaseName');
    process.exit(2);
  }
  await withScratchDatabase(async (env) => {
    const db = await openDatabase(loadConfig(env), { inMemory: true, poolSize: 2 });
    try {
      await runMigrations(db.dataSource);
      const sql = await db.dataSource.driver.createSchemaBuilder().log();
      if (sql.upQueries.length === 0) {
        console.log('No changes: entities and migrations agree.');
        return;
      }
      const ts = Date.now();
      const cls = `${name}${ts}`;
      const q = (s: string) => '`' + s.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
      const line = (x: { query: string; parameters?: unknown[] }) =>
        `    await queryRunner.query(${q(x.query)}${x.parameters?.length ? `, ${JSON.stringify(x.parameters)}` : ''});`;
      const body = `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${cls} implements MigrationInterface {
  name = '${cls}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${sql.upQueries.map(line).join('\n')}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${sql.downQueries.reverse().map(line).join('\n')}
  }
}
`;
      const root = repoRoot();
      const file = `${ts}-${name}`;
      writeFileSync(join(root, 'migrations', `${file}.ts`), body);
      const indexFile = join(root, 'migrations', 'index.ts');
      let index = readFileSync(indexFile, 'utf8');
      index = `import { ${cls} } from './${file}';\n` + index.replace(/\n\];\s*$/, `\n  ${cls},\n];\n`);
      writeFileSync(indexFile, index);
      console.log(`Wrote migrations/${file}.ts (${sql.upQueries.length} statements). Review it before committing.`);
    } finally {
      await db.close();
    }
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
