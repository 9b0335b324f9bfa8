'use strict';
/**
 * Turns the statements the app logged for one request into a replayable plan: every parameter
 * is either a constant or a named variable of the request (the member's token hash, user id,
 * ids from the path...). The bare baseline replays the plan — the very statements the app ran —
 * with each request's own values.
 */
const { createHash } = require('node:crypto');

const sha256 = (s) => createHash('sha256').update(s).digest('hex');

/** Bench tokens look like `wala_bench_<userId>_<hex>`: the member is in the token. */
function tokenVars(token) {
  const m = /^wala_bench_(\d+)_/.exec(token ?? '');
  return m ? { token, tokenHash: sha256(token), userId: Number(m[1]) } : {};
}

function buildPlan(statements, vars) {
  const byValue = new Map();
  for (const [name, value] of Object.entries(vars)) byValue.set(JSON.stringify(value), name);
  return statements.map(({ sql, params }) => ({
    sql,
    params: params.map((p) => {
      const name = byValue.get(JSON.stringify(p));
      return name ? { var: name } : { const: p };
    }),
  }));
}

function bind(plan, vars) {
  return plan.map((s) => ({ sql: s.sql, params: s.params.map((p) => ('var' in p ? vars[p.var] : p.const)) }));
}

module.exports = { buildPlan, bind, tokenVars, sha256 };
