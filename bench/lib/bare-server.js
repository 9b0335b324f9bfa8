'use strict';
/**
 * The ceiling: a bare Fastify + pg server that, for each request, replays the statements the app
 * logged for the same request (same SQL text, same order, this request's parameters), on a pool
 * of the app's size, and answers with the last statement's rows as JSON. No framework, no
 * validation, no auth logic beyond what the SQL itself does.
 */
const Fastify = require('fastify');
const { Pool, types } = require('pg');
const { readFileSync } = require('node:fs');
const { bind, tokenVars, queryVars, bodyVars } = require('./plan');

types.setTypeParser(20, Number);

/** The app's Redis key prefix for this database (common/redis.service.ts). */
const redisPrefix = (url) => `wala:${new URL(url).host}${new URL(url).pathname}:`;

async function main() {
  const { port, databaseUrl, redisUrl, plans, poolSize } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  const pool = new Pool({ connectionString: databaseUrl, max: poolSize });
  // a step whose app also talks to Redis names a hook ({ module, fn }) sending the same commands,
  // run before the step's last statement (where the app reads Redis)
  const redis = plans.some((p) => p.hook) && redisUrl ? new (require('ioredis'))(redisUrl) : null;
  const app = Fastify({ logger: false });
  for (const p of plans) {
    app.route({
      method: p.method,
      url: p.route,
      handler: async (req) => {
        const auth = req.headers.authorization ?? '';
        const vars = {
          ...tokenVars(auth.slice(7)),
          ...Object.fromEntries(Object.entries(req.params).map(([k, v]) => [k, Number(v)])),
          ...queryVars(req.query ?? {}),
          ...bodyVars(req.body),
          ...(req.headers['idempotency-key'] ? { idempotencyKey: req.headers['idempotency-key'] } : {}),
        };
        const client = await pool.connect();
        const results = [];
        try {
          let last = [];
          const hook = p.hook ? require(p.hook.module)[p.hook.fn] : null;
          for (let i = 0; i < p.plan.length; i++) {
            if (hook && i === p.plan.length - 1) await hook({ redis, vars, results, prefix: redisPrefix(databaseUrl) });
            const s = bind([p.plan[i]], vars, results)[0];
            last = (await client.query(s.sql, s.params)).rows;
            results.push(last);
          }
          return last;
        } catch (e) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw e;
        } finally {
          client.release();
        }
      },
    });
  }
  await app.listen({ port, host: '127.0.0.1' });
  process.stdout.write('ready\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
