'use strict';
/**
 * The HTTP load generator, run as its own process pinned to its own core. Reads a JSON job from
 * argv[2], runs autocannon, prints one JSON line with throughput, latencies and its own CPU use.
 * Every request carries a bearer token of a different member (logged-in load).
 */
const autocannon = require('autocannon');
const { readFileSync } = require('node:fs');

async function main() {
  const job = JSON.parse(process.argv[2]);
  const tokens = job.tokensFile ? readFileSync(job.tokensFile, 'utf8').trim().split('\n') : [];
  const bodies = job.bodies ?? null;
  let n = 0;
  const run = `${process.pid}${Date.now() % 100000}`;
  const t0 = process.cpuUsage();
  const started = Date.now();
  const result = await autocannon({
    url: job.url,
    connections: job.connections,
    duration: job.duration,
    overallRate: job.rate || undefined,
    method: job.method ?? 'GET',
    requests: [
      {
        setupRequest: (req) => {
          const i = n++;
          const headers = { ...(req.headers ?? {}) };
          for (const [k, v] of Object.entries(job.headers ?? {})) headers[k] = String(v).replace(/\$\{n\}/g, `${run}x${i}`);
          if (tokens.length) headers.authorization = `Bearer ${tokens[(i * (job.tokenStride ?? 1)) % tokens.length]}`;
          const path = (job.prefix ?? '') + (job.paths ? job.paths[i % job.paths.length] : req.path);
          const out = { ...req, path, headers };
          if (bodies) {
            headers['content-type'] = 'application/json';
            out.body = JSON.stringify(bodies[i % bodies.length]).replace(/\$\{n\}/g, `${run}x${i}`);
          }
          return out;
        },
      },
    ],
  });
  const cpu = process.cpuUsage(t0);
  const wall = (Date.now() - started) / 1000;
  process.stdout.write(
    JSON.stringify({
      rps: result.requests.average,
      total: result.requests.total,
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
      p50: result.latency.p50,
      p90: result.latency.p90,
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
