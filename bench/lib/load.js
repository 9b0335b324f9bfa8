'use strict';
/**
 * The HTTP load generator, run as its own process pinned to its own core. Reads a JSON job from
 * the file named by argv[2], runs autocannon, prints one JSON line with throughput, latencies and its own CPU use.
 * Every request carries a bearer token of a different member (logged-in load).
 *
 * A job has one or more `steps` ({ method, prefix, paths, bodies, headers }): each connection
 * runs them in order, as one visit (a topic page: the topic, its posts, the read position), all
 * steps of a visit with the same member and the same index into their path lists. `${n}` in a
 * body or header becomes a value unique to the visit (idempotency keys, distinct texts).
 */
const autocannon = require('autocannon');
const { readFileSync } = require('node:fs');

async function main() {
  const job = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  const tokens = job.tokensFile ? readFileSync(job.tokensFile, 'utf8').trim().split('\n') : [];
  let n = 0;
  const run = `${process.pid}${Date.now() % 100000}`;
  const t0 = process.cpuUsage();
  const started = Date.now();
  const requests = job.steps.map((step, k) => ({
    method: step.method ?? 'GET',
    setupRequest: (req, context) => {
      if (k === 0) context.i = n++;
      const i = context.i;
      const unique = (v) => v.replace(/\$\{n\}/g, `${run}x${i}`);
      const headers = { ...(req.headers ?? {}) };
      for (const [h, v] of Object.entries(step.headers ?? {})) headers[h] = unique(String(v));
      if (tokens.length) headers.authorization = `Bearer ${tokens[(i * (job.tokenStride ?? 1)) % tokens.length]}`;
      const out = { ...req, method: step.method ?? 'GET', path: (step.prefix ?? '') + step.paths[i % step.paths.length], headers };
      if (step.bodies) {
        headers['content-type'] = 'application/json';
        out.body = unique(JSON.stringify(step.bodies[i % step.bodies.length]));
      }
      return out;
    },
  }));
  const instance = autocannon({
    url: job.url,
    connections: job.connections,
    duration: job.duration,
    overallRate: job.rate || undefined,
    requests,
  });
  // every response time, for the exact p95 the issues' targets name (autocannon reports p90 and p97.5)
  const times = [];
  instance.on('response', (_client, _status, _bytes, ms) => times.push(ms));
  const result = await instance;
  times.sort((a, b) => a - b);
  const pct = (p) => (times.length ? times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)] : NaN);
  const cpu = process.cpuUsage(t0);
  const wall = (Date.now() - started) / 1000;
  process.stdout.write(
    JSON.stringify({
      rps: result.requests.average,
      visitsPerSecond: result.requests.average / job.steps.length,
      total: result.requests.total,
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
      p50: result.latency.p50,
      p90: result.latency.p90,
      p95: pct(95),
      p97_5: result.latency.p97_5,
      p99: result.latency.p99,
      max: result.latency.max,
      loadCpuPct: ((cpu.user + cpu.system) / 1e6 / wall) * 100,
    }) + '\n',
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
