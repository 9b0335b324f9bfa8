#!/usr/bin/env node
/**
 * npm test — prepares what the suite needs, then runs Jest.
 *
 *  - builds the shared contract, the API (for the multi-process tests) and the web app (served
 *    by the API in the browser tests);
 *  - installs Debian's chromium when it is missing (root + apt), for the browser tests;
 *  - database: DATABASE_URL if set; otherwise a PostgreSQL answering on 127.0.0.1:5432 (trust
 *    auth) if there is one; otherwise the embedded PGlite (suites that need several processes
 *    on one PostgreSQL, *.pg.e2e-spec.ts, then cannot run and are reported as such);
 *  - Redis: REDIS_URL if set, else 127.0.0.1:6379 if it answers, else a redis-server started
 *    on a spare port if the binary exists.
 *
 * Flags: --db-only      the database suites once more on the embedded PGlite
 *        --migrate-check fail when entities and committed migrations disagree
 *        --no-build     skip building the web app (when only tests changed; the API's
 *                       incremental build still runs, it is quick when nothing changed)
 *        anything else is passed to Jest (a file pattern, -t name)
 */
const { execSync, spawn, spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const dbOnly = args.includes('--db-only');
const migrateCheck = args.includes('--migrate-check');
const noBuild = args.includes('--no-build');
const ours = ['--db-only', '--migrate-check', '--no-build'];
const jestArgs = args.filter((a) => !ours.includes(a));

function run(cmd, opts = {}) {
  console.log(`$ ${cmd}`);
  try {
    execSync(cmd, { stdio: 'inherit', cwd: root, ...opts });
  } catch (e) {
    process.exit(e.status || 1);
  }
}

function reachable(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const s = net.connect({ port, host, timeout: 1000 });
    s.once('connect', () => (s.end(), resolve(true)));
    s.once('error', () => resolve(false));
    s.once('timeout', () => (s.destroy(), resolve(false)));
  });
}

function freePort() {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function ensureChromium() {
  const exe = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (existsSync(exe)) return;
  if (process.getuid && process.getuid() === 0 && spawnSync('which', ['apt-get']).status === 0) {
    console.log('Installing Debian chromium for the browser tests...');
    run('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null');
  } else {
    console.warn(`! ${exe} is missing and cannot be installed here (needs root and apt): browser tests will fail.`);
  }
}

async function main() {
  const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --disable-warning=ExperimentalWarning`.trim() };
  run('npx tsc -b libs/contract apps/api');
  if (migrateCheck) {
    run('node apps/api/dist/apps/api/src/cli/migrate-check.js', { env });
    return;
  }
  let redisChild = null;
  if (dbOnly) {
    delete env.DATABASE_URL;
    console.log('Database suites on the embedded PGlite');
  } else {
    if (!noBuild) run('npm run build -w @wala/web');
    ensureChromium();
    if (!env.DATABASE_URL && (await reachable(5432))) {
      env.DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
      console.log('Using the PostgreSQL on 127.0.0.1:5432');
    }
  }
  if (!env.REDIS_URL) {
    if (await reachable(6379)) env.REDIS_URL = 'redis://127.0.0.1:6379';
    else if (spawnSync('which', ['redis-server']).status === 0) {
      const port = await freePort();
      redisChild = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      env.REDIS_URL = `redis://127.0.0.1:${port}`;
      for (let i = 0; i < 50 && !(await reachable(port)); i++) await new Promise((r) => setTimeout(r, 100));
    }
  }
  const ignore = [];
  if (dbOnly) ignore.push('\\.browser\\.e2e-spec\\.ts$', '\\.pg\\.e2e-spec\\.ts$', '\\.bench\\.');
  else if (!env.DATABASE_URL) {
    ignore.push('\\.pg\\.e2e-spec\\.ts$');
    console.warn('! No PostgreSQL: the multi-process suites (*.pg.e2e-spec.ts) need one and are not run.');
  }
  console.log(`Database: ${env.DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite'}; Redis: ${env.REDIS_URL || 'none (in-process limits)'}`);
  const jest = spawn(
    process.execPath,
    [require.resolve('jest/bin/jest'), '--ci', ...jestArgs, ...(ignore.length ? ['--testPathIgnorePatterns', ...ignore] : [])],
    { stdio: 'inherit', cwd: root, env },
  );
  const code = await new Promise((resolve) => jest.on('exit', (c) => resolve(c ?? 1)));
  redisChild?.kill();
  process.exit(code);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
