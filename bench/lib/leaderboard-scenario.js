'use strict';
/**
 * Leaderboard scenarios (issue 5): GET /api/v1/leaderboards/all for logged-in members (top 50
 * and "my rank"), from PostgreSQL alone (the app without Redis: ranks from score buckets) and
 * from the Redis mirror. The Redis variant's ceiling replays the logged SQL and sends the same
 * Redis commands (EXISTS ready, ZREVRANGE top 50, ZSCORE, ZCOUNT) from the bare handler;
 * `redis-benchmark` of the top-50 read is recorded beside it.
 */
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const ALL = 'lb:all:1970-01-01:0';
const redisPrefix = (url) => `wala:${new URL(url).host}${new URL(url).pathname}:`;

/** The app's Redis reads for one request, in the same order (run inside the bare handler). */
async function bareRedis({ redis, vars, prefix }) {
  const key = prefix + ALL;
  await redis.exists(`${key}:ready`);
  await redis.zrevrange(key, 0, 49, 'WITHSCORES');
  const score = await redis.zscore(key, String(vars.userId));
  if (score !== null) await redis.zcount(key, `(${score}`, '+inf');
}

async function dropMirror(ctx) {
  const Redis = require('ioredis');
  const r = new Redis(ctx.redisUrl);
  const key = redisPrefix(ctx.dbUrl) + ALL;
  await r.del(key, `${key}:ready`);
  await r.quit();
}

function redisBenchmark(ctx) {
  const u = new URL(ctx.redisUrl);
  const key = redisPrefix(ctx.dbUrl) + ALL;
  try {
    const out = execFileSync(
      'taskset',
      ['-c', '1', 'redis-benchmark', '-h', u.hostname, '-p', u.port || '6379', '-q', '-c', '32', '-n', ctx.mode === 'tiny' ? '2000' : '50000', 'ZREVRANGE', key, '0', '49', 'WITHSCORES'],
      { encoding: 'utf8' },
    );
    const m = /([\d.]+) requests per second/.exec(out.replace(/\r/g, '\n'));
    return m ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
}

function leaderboardScenario({ name, order, redis }) {
  return {
    name,
    order,
    title: `Leaderboard top 50 + my rank (${redis ? 'Redis mirror' : 'PostgreSQL only'})`,
    issue: 5,
    requires: ['leaderboard_scores', 'leaderboard_buckets'],
    target: 'p99 ≤ 5 ms at 1M members',
    ceilingKind: redis ? 'bare Fastify + pg + the same Redis commands' : 'bare Fastify + pg replaying the logged SQL',
    method: 'GET',
    route: '/api/v1/leaderboards/all',
    paths: () => ['/api/v1/leaderboards/all'],
    ...(redis
      ? { bareHook: { module: path.resolve(__filename), fn: 'bareRedis' }, captureAfterMs: 3000 }
      : { appEnv: { REDIS_URL: '' } }),
    async prepare(ctx) {
      if (redis) await dropMirror(ctx); // rebuilt from PostgreSQL by the app: never a stale mirror
    },
    async after(ctx) {
      if (!redis) return undefined;
      return { 'redis-benchmark ZREVRANGE top 50 ops/s': redisBenchmark(ctx) };
    },
  };
}

module.exports = { leaderboardScenario, bareRedis };
