#!/usr/bin/env node
'use strict';
/**
 * npm run bench [-- --full | --tiny] [--only=me,topics] [--duration=10] [--profile] [--generate-only]
 * (--profile: the app runs with --cpu-prof; its top functions by self time are printed and kept)
 *
 * For each scenario, on the same machine, data and run:
 *  1. the app (built API) with WALA_SQL_LOG logs the SQL of one request of every HTTP scenario;
 *     that becomes the plan of the bare baseline (Fastify + pg replaying the very same statements);
 *  2. the bare baseline, pinned to core 0, is saturated by autocannon pinned to core 1: the ceiling;
 *  3. the app, pinned to core 0, is saturated the same way;
 *  4. the app is run again at 70% of its own saturated rate for its latency under load.
 * Scenarios that are not plain HTTP (Redis leaderboards, chat fan-out, contention) bring their
 * own ceiling (redis-benchmark, a bare socket.io server, a bare SQL handler).
 * CPU of server and load generator is recorded (a saturated load generator voids the ratio).
 * A scenario whose area is not on this branch (its tables are missing) is listed as left out.
 * Results: bench/results/<mode>-<date>.json and the table in docs/BENCHMARKS.md.
 */
const { execSync } = require('node:child_process');
const { mkdirSync, readFileSync, writeFileSync, existsSync, rmSync, readdirSync } = require('node:fs');
const { tmpdir, cpus, totalmem, loadavg } = require('node:os');
const path = require('node:path');
const { Client } = require('pg');
const { freePort, spawnPinned, cpuSeconds, rssKiB, waitHttp, sleep, hasTaskset } = require('./lib/util');
const { buildPlan, tokenVars, requestStatements, queryVars, bodyVars } = require('./lib/plan');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const flag = (n) => args.find((a) => a === `--${n}` || a.startsWith(`--${n}=`));
const value = (n, d) => (flag(n)?.includes('=') ? flag(n).split('=')[1] : d);
const mode = flag('full') ? 'full' : flag('tiny') ? 'tiny' : 'quick';
const SEED = 20261125;

/** Data sizes and measurement lengths per mode (the generators read the sizes they need). */
const SIZES = {
  tiny: {
    members: 1_000,
    sessions: 200,
    duration: 1,
    warmup: 0,
    connections: 8,
    brands: 3,
    categories: 4,
    topics: 200,
    posts: 2_000,
    ledgerEntries: 5_000,
    chatChannels: 4,
    chatMessages: 2_000,
    challenges: 20,
    rewards: 20,
    roomSize: 20,
    rooms: 4,
    roomMembers: 10,
    idleSockets: 100,
  },
  quick: {
    members: 20_000,
    sessions: 2_000,
    duration: 5,
    warmup: 1,
    connections: 32,
    brands: 10,
    categories: 20,
    topics: 5_000,
    posts: 50_000,
    ledgerEntries: 200_000,
    chatChannels: 50,
    chatMessages: 100_000,
    challenges: 200,
    rewards: 200,
    roomSize: 1_000,
    rooms: 40,
    roomMembers: 50,
    idleSockets: 2_000,
  },
  full: {
    members: 1_000_000,
    sessions: 100_000,
    duration: 20,
    warmup: 3,
    connections: 64,
    brands: 50,
    categories: 100,
    topics: 50_000,
    posts: 1_000_000,
    ledgerEntries: 5_000_000,
    chatChannels: 500,
    chatMessages: 2_000_000,
    challenges: 2_000,
    rewards: 2_000,
    roomSize: 1_000,
    rooms: 200,
    roomMembers: 50,
    idleSockets: 10_000,
  },
}[mode];
const duration = Number(value('duration', SIZES.duration));
const only = value('only', '') ? value('only', '').split(',') : null;

const GENERATORS = readdirSync(path.join(__dirname, 'generate'))
  .filter((f) => f.endsWith('.js'))
  .map((f) => require(`./generate/${f}`))
  .filter((g) => typeof g.generate === 'function')
  .sort((a, b) => (a.order ?? 50) - (b.order ?? 50));
const SCENARIOS = readdirSync(path.join(__dirname, 'scenarios'))
  .filter((f) => f.endsWith('.js'))
  .map((f) => require(`./scenarios/${f}`))
  .filter((s) => s.name && s.title)
  .sort((a, b) => (a.order ?? 50) - (b.order ?? 50))
  .filter((s) => !only || only.includes(s.name));

const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const dbName = `wala_bench_${mode}`;
const dbUrl = (() => {
  const u = new URL(serverUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
})();
const work = path.join(tmpdir(), `wala-bench-${process.pid}`);
mkdirSync(work, { recursive: true });

const tablesExist = async (c, tables) => {
  for (const t of tables ?? []) if (!(await c.query('SELECT to_regclass($1) AS t', [t])).rows[0].t) return false;
  return true;
};

async function prepareDatabase() {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  // the data's identity: seed, sizes, generator versions and the migrations it was generated
  // under; a later migration (a new file) is applied on top, a changed one means regenerating
  const migrations = readMigrationHashes();
  const fingerprint = JSON.stringify({ SEED, SIZES, gens: GENERATORS.map((g) => `${g.name}@${g.version ?? 1}`) });
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName])).rowCount;
  let fresh = !exists;
  if (exists) {
    const c = new Client({ connectionString: dbUrl });
    await c.connect();
    const meta = await c.query(`SELECT to_regclass('bench_meta') AS t`);
    const stored = meta.rows[0].t ? (await c.query('SELECT * FROM bench_meta')).rows[0] : null;
    const same =
      stored?.fingerprint === fingerprint &&
      Array.isArray(stored.migrations) &&
      stored.migrations.every(([f, h]) => migrations.some(([f2, h2]) => f2 === f && h2 === h));
    await c.end();
    // tiny data (CI) is generated afresh every time: seconds, and no state left by an earlier run
    if (!same || mode === 'tiny') {
      await admin.query(`DROP DATABASE ${dbName} WITH (FORCE)`);
      fresh = true;
    }
  }
  const settings = (
    await admin.query(
      `SELECT name, setting, unit FROM pg_settings WHERE name IN ('server_version','shared_buffers','work_mem','synchronous_commit','fsync','max_connections','effective_cache_size','wal_level','max_wal_size','checkpoint_timeout','random_page_cost','jit') ORDER BY name`,
    )
  ).rows.map((r) => `${r.name}=${r.setting}${r.unit ? ' ' + r.unit : ''}`);
  if (fresh) await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const c = new Client({ connectionString: dbUrl });
  await c.connect();
  const generated = [];
  if (fresh) {
    console.log(`generating the ${mode} community in ${dbName} (seed ${SEED})...`);
    await migrate();
    const t = Date.now();
    for (const g of GENERATORS) {
      if (!(await tablesExist(c, g.requires))) {
        console.log(`  ${g.name}: left out (its area is not on this branch)`);
        continue;
      }
      const t1 = Date.now();
      await g.generate(c, SIZES, SEED);
      generated.push(g.name);
      console.log(`  ${g.name}: ${((Date.now() - t1) / 1000).toFixed(1)} s`);
    }
    await c.query('CREATE TABLE bench_meta (fingerprint text, generated text[], migrations jsonb)');
    await c.query('INSERT INTO bench_meta VALUES ($1, $2, $3)', [fingerprint, generated, JSON.stringify(migrations)]);
    await c.query('VACUUM ANALYZE');
    console.log(`generated in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  } else {
    await migrate(); // migrations added since the data was generated (indexes, say)
    await c.query('UPDATE bench_meta SET migrations = $1', [JSON.stringify(migrations)]);
    generated.push(...(await c.query('SELECT generated FROM bench_meta')).rows[0].generated);
  }
  const { benchToken } = require('./generate/identity');
  const tokens = [];
  for (let id = 11; id < 11 + Math.min(SIZES.sessions, SIZES.members - 10); id++) tokens.push(benchToken(id, SEED));
  const tokensFile = path.join(work, 'tokens.txt');
  writeFileSync(tokensFile, tokens.join('\n'));
  const adminTokens = [1, 2, 3].map((id) => benchToken(id, SEED));
  const adminTokensFile = path.join(work, 'admin-tokens.txt');
  writeFileSync(adminTokensFile, adminTokens.join('\n'));
  return { settings, tokensFile, tokens, adminTokensFile, adminTokens, client: c, generated };
}

async function migrate() {
  const { DataSource } = require('typeorm');
  const { dataSourceOptions } = require(path.join(root, 'apps/api/dist/apps/api/src/database/data-source'));
  const { runMigrations } = require(path.join(root, 'apps/api/dist/apps/api/src/database/migrate'));
  const ds = new DataSource(dataSourceOptions({ url: dbUrl }, 2, 'wala-bench'));
  await ds.initialize();
  await runMigrations(ds);
  await ds.destroy();
}

/** [file, sha256] of every migration file */
function readMigrationHashes() {
  const { createHash } = require('node:crypto');
  const dir = path.join(root, 'migrations');
  return readdirSync(dir)
    .filter((f) => /^\d+-.+\.ts$/.test(f)) // the migrations themselves, not their index (it changes with every new one)
    .sort()
    .map((f) => [f, createHash('sha256').update(readFileSync(path.join(dir, f))).digest('hex').slice(0, 16)]);
}

const profileDir = flag('profile') ? path.join(work, 'profiles') : null;

async function startApp(extraEnv = {}, { profile = false } = {}) {
  const port = await freePort();
  const prof = profile && profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawnPinned(0, [...prof, path.join(root, 'apps/api/dist/apps/api/src/main.js')], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: dbUrl,
      REDIS_URL: redisUrl,
      SESSION_SECRET: 'bench-secret-bench-secret-bench-secret!',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
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
  return { child, url, port, stop: () => stop(child), output: () => out };
}

async function startBare(plans) {
  const port = await freePort();
  const cfg = path.join(work, `bare-${port}.json`);
  writeFileSync(cfg, JSON.stringify({ port, databaseUrl: dbUrl, redisUrl, plans, poolSize: 20 }));
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
    connections: opts.connections ?? scenario.connections ?? SIZES.connections,
    duration: opts.duration ?? duration,
    rate: opts.rate,
    steps: stepsOf(scenario).map((st, k) => ({
      method: st.method,
      prefix: opts.prefix ? `${opts.prefix}/${k}` : '',
      paths: st.paths(ctx),
      bodies: st.bodies?.(ctx),
      headers: st.headers,
    })),
    tokensFile: scenario.admin ? ctx.adminTokensFile : ctx.tokensFile,
    tokenStride: scenario.tokenStride,
  };
  if (job.duration <= 0) return null;
  const cpu0 = cpuSeconds(server.child.pid);
  const t0 = Date.now();
  let rssMax = 0;
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, rssKiB(server.child.pid))), 250);
  const jobFile = path.join(work, `job-${process.hrtime.bigint()}.json`); // path lists outgrow argv
  writeFileSync(jobFile, JSON.stringify(job));
  const gen = spawnPinned(1, [path.join(__dirname, 'lib/load.js'), jobFile]);
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

/**
 * One request of each HTTP scenario through the app with SQL logging on; its statements (the
 * outbox dispatcher's own transactions filtered out) become the baseline's plan. A capture is
 * kept once two in a row agree, so a background statement landing in the window is not taken.
 */
async function capturePlans(scenarios, ctx, env = {}) {
  const logFile = path.join(work, 'sql.log');
  const app = await startApp({ ...env, WALA_SQL_LOG: logFile });
  const plans = {};
  try {
    for (const scenario of scenarios) {
      plans[scenario.name] = [];
      for (const step of stepsOf(scenario)) plans[scenario.name].push(await captureStep(app, step, ctx, logFile, scenario.name, scenario.admin ? ctx.adminTokens[0] : ctx.tokens[0]));
    }
  } finally {
    await app.stop();
  }
  return plans;
}

async function captureStep(app, step, ctx, logFile, name, token) {
  const p = step.paths(ctx)[0];
  let k = 0;
  const unique = (v, n) => v.replace(/\$\{n\}/g, `capture${process.pid}x${n}`);
  const send = () => {
    const n = k++;
    return fetch(app.url + p, {
      method: step.method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(step.bodies ? { 'content-type': 'application/json' } : {}),
        ...Object.fromEntries(Object.entries(step.headers ?? {}).map(([h, v]) => [h, unique(v, n)])),
      },
      body: step.bodies ? unique(JSON.stringify(step.bodies(ctx)[0]), n) : undefined,
    });
  };
  for (let i = 0; i < (mode === 'tiny' ? 1 : 3); i++) await send();
  if (step.captureAfterMs) await sleep(mode === 'tiny' ? 1000 : step.captureAfterMs); // e.g. a Redis mirror being rebuilt
  let previous = null;
  let statements = null;
  for (let attempt = 0; attempt < 6; attempt++) {
    await sleep(150);
    rmSync(logFile, { force: true });
    const res = await send();
    if (res.status >= 400) throw new Error(`${name}: app answered ${res.status} to ${step.method} ${p}: ${await res.text()}`);
    await sleep(150);
    const logged = existsSync(logFile) ? readFileSync(logFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
    statements = requestStatements(logged);
    const key = statements.map((x) => x.sql).join('\n');
    if (key === previous) break;
    previous = key;
  }
  const params = step.routeParams ? step.routeParams(p) : {};
  const query = queryVars(Object.fromEntries(new URL(p, 'http://x').searchParams));
  const idem = step.headers?.['idempotency-key'] ? { idempotencyKey: unique(step.headers['idempotency-key'], k - 1) } : {};
  const body = step.bodies ? bodyVars(JSON.parse(unique(JSON.stringify(step.bodies(ctx)[0]), k - 1))) : {};
  const plan = buildPlan(statements, { ...tokenVars(token), ...params, ...query, ...idem, ...body });
  return { statements, plan: step.refs ? step.refs(plan) : plan, explain: await explain(ctx.db, statements) };
}

/**
 * EXPLAIN ANALYZE of the request's read statements with the captured values: where the time of
 * the request goes in PostgreSQL (the slowest ones are kept with their plans).
 */
async function explain(db, statements) {
  const out = [];
  for (const st of statements) {
    if (!/^\s*(SELECT|WITH)\b/i.test(st.sql) || /FOR UPDATE/i.test(st.sql)) continue;
    try {
      const r = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${st.sql}`, st.params);
      const lines = r.rows.map((x) => x['QUERY PLAN']);
      const ms = Number(/Execution Time: ([\d.]+)/.exec(lines.join('\n'))?.[1] ?? NaN);
      out.push({ ms, sql: st.sql.replace(/\s+/g, ' ').trim().slice(0, 160), plan: lines });
    } catch {
      /* a statement that needs its transaction's context: not explained */
    }
  }
  return out.sort((a, b) => b.ms - a.ms).slice(0, 3);
}

/** A scenario is one request or a visit of several (`steps`), each with its own route and plan. */
const stepsOf = (s) => s.steps ?? [s];

const saturated = (r) => (r && r.serverCpuPct >= 80 ? '' : ' (not saturated)');

async function runHttpScenarios(scenarios, ctx) {
  const out = [];
  if (!scenarios.length) return out;
  console.log(`\ncapturing the SQL of ${scenarios.length} HTTP scenario(s) through the app...`);
  // scenarios that need the app in another configuration (without Redis) get their own app
  const groups = new Map();
  for (const s of scenarios) {
    const key = JSON.stringify(s.appEnv ?? {});
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(s);
  }
  const plans = {};
  for (const [env, list] of groups) Object.assign(plans, await capturePlans(list, ctx, JSON.parse(env)));
  const bare = await startBare(
    scenarios.flatMap((s) => stepsOf(s).map((st, k) => ({ method: st.method, route: `/${s.name}/${k}${st.route}`, plan: plans[s.name][k].plan, hook: st.bareHook ?? null }))),
  );
  const ceilings = {};
  for (const s of scenarios) {
    await load(bare, bare.url, s, ctx, { prefix: `/${s.name}`, duration: SIZES.warmup });
    ceilings[s.name] = await load(bare, bare.url, s, ctx, { prefix: `/${s.name}` });
    const c = ceilings[s.name];
    console.log(`## ${s.name}: ceiling ${c.rps.toFixed(0)} req/s, p99 ${c.p99} ms (server CPU ${c.serverCpuPct.toFixed(0)}%${saturated(c)}, load CPU ${c.loadCpuPct.toFixed(0)}%)`);
  }
  await bare.stop();
  // the baseline's writes published outbox events nobody handles: they must not load the app
  await ctx.db.query(`UPDATE outbox SET processed_at = now() WHERE processed_at IS NULL`);
  for (const [env, list] of groups) out.push(...(await measureApp(list, ctx, JSON.parse(env), ceilings, plans)));
  return out;
}

/**
 * Members' sessions as in a community that is in use: each last touched within the past minute,
 * spread evenly, so that during a measurement the app does its once-a-minute session touches at
 * their steady rate (about duration / 60 of the sessions) rather than touching every session on
 * its first request, or none.
 */
async function steadySessions(db) {
  await db.query(`UPDATE sessions SET last_seen_at = now() - make_interval(secs => (id % 60)::int) WHERE revoked_at IS NULL`);
}

async function measureApp(scenarios, ctx, env, ceilings, plans) {
  const out = [];
  const app = await startApp(env, { profile: true });
  try {
    for (const s of scenarios) {
      if (s.before) await s.before(ctx);
      const appLoad = async (opts) => {
        await steadySessions(ctx.db);
        return load(app, app.url, s, ctx, opts);
      };
      await appLoad({ duration: SIZES.warmup });
      const sat = await appLoad({});
      // tiny proves the suite runs: no latency-under-load pass
      const at70 = mode === 'tiny' ? null : await appLoad({ rate: Math.max(1, Math.floor(sat.rps * 0.7)) });
      const ceiling = ceilings[s.name];
      const extra = s.after ? await s.after(ctx, appLoad) : undefined;
      console.log(`## ${s.name}: app ${sat.rps.toFixed(0)} req/s, p99 ${sat.p99} ms (server CPU ${sat.serverCpuPct.toFixed(0)}%, load CPU ${sat.loadCpuPct.toFixed(0)}%); at 70%: p50 ${at70?.p50} ms, p99 ${at70?.p99} ms; ratio ${(sat.rps / ceiling.rps).toFixed(2)}`);
      if (sat.non2xx || sat.errors) console.log(`   ! ${sat.non2xx} non-2xx answers, ${sat.errors} errors`);
      out.push({
        scenario: s.name,
        title: s.title,
        issue: s.issue,
        target: s.target,
        ceilingKind: s.ceilingKind ?? 'bare Fastify + pg replaying the logged SQL',
        statements: plans[s.name].map((st) => st.statements.map((x) => x.sql)),
        slowestStatements: plans[s.name].flatMap((st) => st.explain).sort((a, b) => b.ms - a.ms).slice(0, 3),
        stepsPerVisit: stepsOf(s).length,
        ceiling,
        app: sat,
        appAt70: at70,
        ratio: sat.rps / ceiling.rps,
        ...(extra ? { extra } : {}),
      });
    }
  } finally {
    await app.stop();
  }
  if (profileDir) {
    const top = require('./lib/profile').topFunctions(profileDir);
    console.log(`\nCPU profile of the app (${scenarios.map((s) => s.name).join(', ')}), self time:\n${top.map((t) => `  ${t.pct.toFixed(1)}%  ${t.name}`).join('\n')}`);
    for (const o of out) o.profileTop = top;
  }
  return out;
}

function machine() {
  return {
    loadAverage1m: loadavg()[0],
    cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    pinned: hasTaskset ? 'server on core 0, load generator on core 1 (taskset); PostgreSQL and Redis unpinned' : 'not pinned (no taskset)',
  };
}

function writeReport(result) {
  const dir = path.join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const part = only ? `-only-${only.join('+')}` : '';
  const file = path.join(dir, `${mode}${part}-${result.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  // a partial run (--only) is kept on its own; the table shows whole runs
  if (only) return console.log(`\nresults: ${path.relative(root, file)} (partial run: docs/BENCHMARKS.md unchanged)`);
  writeFileSync(path.join(dir, `latest-${mode}.json`), JSON.stringify(result, null, 2) + '\n');
  require('./lib/report').writeMarkdown(root);
  console.log(`\nresults: ${path.relative(root, file)}; table: docs/BENCHMARKS.md`);
}

async function main() {
  execSync('npx tsc -b libs/contract apps/api', { cwd: root, stdio: 'inherit' });
  const startedAt = new Date().toISOString();
  const loadAtStart = loadavg()[0];
  const { settings, tokensFile, tokens, adminTokensFile, adminTokens, client, generated } = await prepareDatabase();
  console.log(`PostgreSQL: ${settings.join(', ')}`);
  if (flag('generate-only')) {
    // the data alone (a full community takes a while): a later run of the same mode reuses it
    await client.end();
    return rmSync(work, { recursive: true, force: true });
  }
  const ctx = {
    tokensFile,
    tokens,
    adminTokensFile,
    adminTokens,
    sizes: SIZES,
    seed: SEED,
    db: client,
    dbUrl,
    redisUrl,
    work,
    duration,
    mode,
    startApp,
    startBare,
    load,
    stop,
    root,
    dist: (p) => path.join(root, 'apps/api/dist/apps/api/src', p),
  };
  const leftOut = [];
  const ready = [];
  for (const s of SCENARIOS) {
    const missing = mode === 'tiny' && s.tiny === false
      ? 'not run in tiny mode (the same harness runs in another scenario)'
      : !(await tablesExist(client, s.requires))
      ? `its area is not on this branch yet (${s.requires.join(', ')} missing)`
      : s.available
        ? await s.available(ctx)
        : null;
    if (missing) leftOut.push({ scenario: s.name, title: s.title, issue: s.issue, reason: missing });
    else ready.push(s);
  }
  for (const s of ready) if (s.prepare) await s.prepare(ctx);
  const results = [];
  results.push(...(await runHttpScenarios(ready.filter((s) => !s.run), ctx)));
  for (const s of ready.filter((x) => x.run)) {
    console.log(`\n## ${s.name}: ${s.title}`);
    results.push({ scenario: s.name, title: s.title, issue: s.issue, target: s.target, ...(await s.run(ctx)) });
  }
  await client.end();
  writeReport({ mode, startedAt, seed: SEED, sizes: SIZES, duration, machine: { ...machine(), loadAverageAtStart: loadAtStart }, postgres: settings, generated, results, leftOut });
  rmSync(work, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
