#!/usr/bin/env node
'use strict';
/**
 * npm run bench [-- --full | --tiny] [--only=me,topics] [--duration=10]
 *
 * For each scenario, on the same machine, data and run:
 *  1. the app (built API) pinned to core 0 logs the SQL of one request; that becomes the plan of
 *     the bare baseline (Fastify + pg replaying the very same statements);
 *  2. the bare baseline, pinned to core 0, is saturated by autocannon pinned to core 1: the ceiling;
 *  3. the app, pinned to core 0, is saturated the same way;
 *  4. the app is run again at 70% of its own saturated rate for its latency under load.
 * CPU of server and load generator is recorded (a saturated load generator voids the ratio).
 * Results: bench/results/<mode>-<date>.json and the table in docs/BENCHMARKS.md.
 */
const { execSync } = require('node:child_process');
const { mkdirSync, readFileSync, writeFileSync, existsSync, rmSync } = require('node:fs');
const { tmpdir, cpus, totalmem } = require('node:os');
const path = require('node:path');
const { Client } = require('pg');
const { freePort, spawnPinned, cpuSeconds, rssKiB, waitHttp, sleep, hasTaskset } = require('./lib/util');
const { buildPlan, tokenVars } = require('./lib/plan');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const flag = (n) => args.find((a) => a === `--${n}` || a.startsWith(`--${n}=`));
const value = (n, d) => (flag(n)?.includes('=') ? flag(n).split('=')[1] : d);
const mode = flag('full') ? 'full' : flag('tiny') ? 'tiny' : 'quick';
const SEED = 20261125;

const SIZES = {
  tiny: { members: 1_000, sessions: 200, duration: 2, connections: 16 },
  quick: { members: 20_000, sessions: 2_000, duration: 8, connections: 32 },
  full: { members: 1_000_000, sessions: 10_000, duration: 20, connections: 64 },
}[mode];
const duration = Number(value('duration', SIZES.duration));
const only = value('only', '') ? value('only', '').split(',') : null;

const GENERATORS = [require('./generate/identity')];
const SCENARIOS = [require('./scenarios/me')].filter((s) => !only || only.includes(s.name));

const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `wala_bench_${mode}`;
const dbUrl = (() => {
  const u = new URL(serverUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
})();
const work = path.join(tmpdir(), `wala-bench-${process.pid}`);
mkdirSync(work, { recursive: true });

async function prepareDatabase() {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  const fingerprint = JSON.stringify({ SEED, SIZES: { members: SIZES.members, sessions: SIZES.sessions }, gens: GENERATORS.length, m: readMigrationsHash() });
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName])).rowCount;
  let fresh = !exists;
  if (exists) {
    const c = new Client({ connectionString: dbUrl });
    await c.connect();
    const meta = await c.query(`SELECT to_regclass('bench_meta') AS t`);
    const same = meta.rows[0].t && (await c.query('SELECT fingerprint FROM bench_meta')).rows[0]?.fingerprint === fingerprint;
    await c.end();
    if (!same) {
      await admin.query(`DROP DATABASE ${dbName} WITH (FORCE)`);
      fresh = true;
    }
  }
  const settings = (
    await admin.query(
      `SELECT name, setting, unit FROM pg_settings WHERE name IN ('server_version','shared_buffers','work_mem','synchronous_commit','fsync','max_connections','effective_cache_size','wal_level','max_wal_size','checkpoint_timeout','random_page_cost') ORDER BY name`,
    )
  ).rows.map((r) => `${r.name}=${r.setting}${r.unit ? ' ' + r.unit : ''}`);
  if (fresh) await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const tokensFile = path.join(work, 'tokens.txt');
  if (fresh) {
    console.log(`generating the ${mode} community in ${dbName} (seed ${SEED})...`);
    const { DataSource } = require('typeorm');
    const { dataSourceOptions } = require(path.join(root, 'apps/api/dist/apps/api/src/database/data-source'));
    const { runMigrations } = require(path.join(root, 'apps/api/dist/apps/api/src/database/migrate'));
    const ds = new DataSource(dataSourceOptions({ url: dbUrl }, 2, 'wala-bench'));
    await ds.initialize();
    await runMigrations(ds);
    await ds.destroy();
    const c = new Client({ connectionString: dbUrl });
    await c.connect();
    const t = Date.now();
    for (const g of GENERATORS) await g.generate(c, SIZES, SEED);
    await c.query('CREATE TABLE bench_meta (fingerprint text)');
    await c.query('INSERT INTO bench_meta VALUES ($1)', [fingerprint]);
    await c.query('VACUUM ANALYZE');
    await c.end();
    console.log(`generated in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  const { benchToken } = require('./generate/identity');
  const tokens = [];
  for (let id = 11; id < 11 + Math.min(SIZES.sessions, SIZES.members); id++) tokens.push(benchToken(id, SEED));
  writeFileSync(tokensFile, tokens.join('\n'));
  return { settings, tokensFile, tokens };
}

function readMigrationsHash() {
  const { createHash } = require('node:crypto');
  const dir = path.join(root, 'migrations');
  const h = createHash('sha256');
  for (const f of require('node:fs').readdirSync(dir).sort()) h.update(f).update(readFileSync(path.join(dir, f)));
  return h.digest('hex').slice(0, 12);
}

async function startApp(extraEnv = {}) {
  const port = await freePort();
  const child = spawnPinned(0, [path.join(root, 'apps/api/dist/apps/api/src/main.js')], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: dbUrl,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      SESSION_SECRET: 'bench-secret-bench-secret-bench-secret!',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      DATA_DIR: path.join(work, 'data'),
      ...extraEnv,
    },
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  await waitHttp(`${url}/api/health`).catch((e) => {
    console.error(out);
    throw e;
  });
  return { child, url, stop: () => stop(child), output: () => out };
}

async function startBare(plans) {
  const port = await freePort();
  const cfg = path.join(work, `bare-${port}.json`);
  writeFileSync(cfg, JSON.stringify({ port, databaseUrl: dbUrl, plans, poolSize: 20 }));
  const child = spawnPinned(0, [path.join(__dirname, 'lib/bare-server.js'), cfg]);
  let out = '';
  child.stderr.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  await waitHttp(`${url}/__nothing`).catch((e) => {
    console.error(out);
    throw e;
  });
  return { child, url, stop: () => stop(child) };
}

function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

/** Runs the load generator on core 1 against `url`; samples the server's CPU and memory meanwhile. */
async function load(server, url, scenario, ctx, opts) {
  const job = {
    url,
    connections: opts.connections ?? SIZES.connections,
    duration: opts.duration ?? duration,
    rate: opts.rate,
    method: scenario.method,
    paths: scenario.paths(ctx),
    bodies: scenario.bodies?.(ctx),
    tokensFile: ctx.tokensFile,
  };
  const cpu0 = cpuSeconds(server.child.pid);
  const t0 = Date.now();
  let rssMax = 0;
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, rssKiB(server.child.pid))), 250);
  const gen = spawnPinned(1, [path.join(__dirname, 'lib/load.js'), JSON.stringify(job)]);
  let out = '';
  let err = '';
  gen.stdout.on('data', (d) => (out += d));
  gen.stderr.on('data', (d) => (err += d));
  const code = await new Promise((r) => gen.on('exit', r));
  clearInterval(sampler);
  if (code !== 0) throw new Error(`load generator failed: ${err}`);
  const wall = (Date.now() - t0) / 1000;
  const r = JSON.parse(out.trim().split('\n').pop());
  r.serverCpuPct = ((cpuSeconds(server.child.pid) - cpu0) / wall) * 100;
  r.serverRssMiB = rssMax / 1024;
  return r;
}

/** One request through the app with SQL logging on; the statements become the baseline's plan. */
async function capturePlan(scenario, ctx) {
  const logFile = path.join(work, `sql-${scenario.name}.log`);
  const app = await startApp({ WALA_SQL_LOG: logFile });
  try {
    const token = ctx.tokens[0];
    const p = scenario.paths(ctx)[0];
    const send = () =>
      fetch(app.url + p, {
        method: scenario.method,
        headers: { authorization: `Bearer ${token}`, ...(scenario.bodies ? { 'content-type': 'application/json' } : {}) },
        body: scenario.bodies ? JSON.stringify(scenario.bodies(ctx)[0]).replace(/"\$\{n\}"/g, '0') : undefined,
      });
    for (let i = 0; i < 3; i++) await send();
    await sleep(200);
    rmSync(logFile, { force: true });
    const res = await send();
    if (res.status >= 400) throw new Error(`${scenario.name}: app answered ${res.status}: ${await res.text()}`);
    await sleep(200);
    const statements = readFileSync(logFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const params = scenario.routeParams ? scenario.routeParams(p) : {};
    return { statements, plan: buildPlan(statements, { ...tokenVars(token), ...params }) };
  } finally {
    await app.stop();
  }
}

async function runHttpScenario(scenario, ctx) {
  console.log(`\n## ${scenario.name}: ${scenario.title}`);
  const { statements, plan } = await capturePlan(scenario, ctx);
  console.log(`  the app ran ${statements.length} statement(s) per request; the baseline replays them`);
  const bare = await startBare([{ method: scenario.method, route: scenario.route, plan }]);
  await load(bare, bare.url, scenario, ctx, { duration: 2 }); // warm-up
  const ceiling = await load(bare, bare.url, scenario, ctx, {});
  await bare.stop();
  console.log(`  ceiling: ${ceiling.rps.toFixed(0)} req/s, p99 ${ceiling.p99} ms (server CPU ${ceiling.serverCpuPct.toFixed(0)}%, load CPU ${ceiling.loadCpuPct.toFixed(0)}%)`);
  const app = await startApp();
  await load(app, app.url, scenario, ctx, { duration: 2 });
  const saturated = await load(app, app.url, scenario, ctx, {});
  const at70 = await load(app, app.url, scenario, ctx, { rate: Math.max(1, Math.floor(saturated.rps * 0.7)) });
  await app.stop();
  console.log(`  app:     ${saturated.rps.toFixed(0)} req/s, p99 ${saturated.p99} ms (server CPU ${saturated.serverCpuPct.toFixed(0)}%, load CPU ${saturated.loadCpuPct.toFixed(0)}%)`);
  console.log(`  app at 70%: p50 ${at70.p50} ms, p99 ${at70.p99} ms; ratio ${(saturated.rps / ceiling.rps).toFixed(2)}`);
  return { scenario: scenario.name, title: scenario.title, issue: scenario.issue, target: scenario.target, statements: statements.map((s) => s.sql), ceiling, app: saturated, appAt70: at70, ratio: saturated.rps / ceiling.rps };
}

function machine() {
  return {
    cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    pinned: hasTaskset ? 'server on core 0, load generator on core 1 (taskset); PostgreSQL unpinned' : 'not pinned (no taskset)',
  };
}

function writeReport(result) {
  const dir = path.join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${mode}-${result.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  writeFileSync(path.join(dir, `latest-${mode}.json`), JSON.stringify(result, null, 2) + '\n');
  require('./lib/report').writeMarkdown(root);
  console.log(`\nresults: ${path.relative(root, file)}; table: docs/BENCHMARKS.md`);
}

async function main() {
  execSync('npx tsc -b libs/contract apps/api', { cwd: root, stdio: 'inherit' });
  const startedAt = new Date().toISOString();
  const { settings, tokensFile, tokens } = await prepareDatabase();
  console.log(`PostgreSQL: ${settings.join(', ')}`);
  const ctx = { tokensFile, tokens, sizes: SIZES, seed: SEED };
  const results = [];
  for (const s of SCENARIOS) results.push(await runHttpScenario(s, ctx));
  writeReport({ mode, startedAt, seed: SEED, sizes: SIZES, duration, machine: machine(), postgres: settings, results });
  rmSync(work, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
