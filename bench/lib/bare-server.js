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
const { bind, tokenVars, queryVars } = require('./plan');

types.setTypeParser(20, Number);

async function main() {
  const { port, databaseUrl, plans, poolSize } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  const pool = new Pool({ connectionString: databaseUrl, max: poolSize });
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
          ...(req.headers['idempotency-key'] ? { idempotencyKey: req.headers['idempotency-key'] } : {}),
        };
        const client = await pool.connect();
        const results = [];
        try {
          let last = [];
          for (let i = 0; i < p.plan.length; i++) {
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
