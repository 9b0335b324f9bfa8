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

/** A query string's values as plan variables (`query.q`; numbers also as `query.id:num`). */
function queryVars(query) {
  const out = {};
  for (const [k, v] of Object.entries(query)) {
    out[`query.${k}`] = v;
    if (typeof v === 'string' && /^\d{1,15}$/.test(v)) out[`query.${k}:num`] = Number(v);
  }
  return out;
}

/** A JSON body's top-level numbers and texts as plan variables (`body.postNumber`). */
function bodyVars(body) {
  const out = {};
  for (const [k, v] of Object.entries(body ?? {})) if (typeof v === 'number' || typeof v === 'string') out[`body.${k}`] = v;
  return out;
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

/**
 * Binds a plan to one request's values. A parameter is a constant, a variable of the request,
 * or `{ ref: [statementIndex, column] }`: a value the request's own earlier statement returned
 * (the id of the row it just inserted), set by the scenario's `refs` hook.
 */
function bind(plan, vars, results = []) {
  const value = (p) => {
    if ('var' in p) return vars[p.var];
    if ('ref' in p) return results[p.ref[0]]?.[0]?.[p.ref[1]];
    return p.const;
  };
  return plan.map((s) => ({ sql: s.sql, params: s.params.map(value) }));
}

/** The outbox dispatcher's own transactions (claims, handled rows, processed marks). */
const BUS = /^\s*(UPDATE outbox SET (next_attempt_at|attempts|processed_at)|INSERT INTO outbox_handled|SELECT event_id, handler FROM outbox_handled)/i;
const BEGIN = /^\s*(START TRANSACTION|BEGIN)/i;
const END = /^\s*(COMMIT|ROLLBACK)\b/i;

/**
 * The statements of the request itself: the dispatcher's transactions (woken by the request's
 * commit or by its poll) are cut out, whole, with the subscribers' effects they carry.
 */
function requestStatements(logged) {
  const out = [];
  for (let i = 0; i < logged.length; i++) {
    const s = logged[i];
    if (BEGIN.test(s.sql)) {
      let j = i + 1;
      while (j < logged.length && /^\s*SET TRANSACTION/i.test(logged[j].sql)) j++;
      if (j < logged.length && BUS.test(logged[j].sql)) {
        while (j < logged.length && !END.test(logged[j].sql)) j++;
        i = j;
        continue;
      }
    }
    if (BUS.test(s.sql)) continue;
    out.push(s);
  }
  return out;
}

/**
 * Marks parameters that carry a value an earlier statement of the same request returned:
 * each rule `{ stmt, param, from, col }` sets parameter `param` (0-based) of every statement
 * matching `stmt` to column `col` of the first row of the last earlier statement matching `from`.
 * A rule that matches nothing is an error: the app's statements changed and the rule must too.
 */
function applyRefs(plan, rules) {
  const out = plan.map((s) => ({ ...s, params: [...s.params] }));
  for (const r of rules) {
    let hits = 0;
    out.forEach((s, i) => {
      if (!r.stmt.test(s.sql)) return;
      let from = -1;
      for (let j = i - 1; j >= 0; j--) if (r.from.test(out[j].sql)) (from = j), (j = -1);
      if (from < 0 || r.param >= s.params.length) return;
      s.params[r.param] = { ref: [from, r.col] };
      hits++;
    });
    if (!hits) throw new Error(`ref rule ${r.stmt} <- ${r.from} matched no statement of the captured request:\n${plan.map((s) => s.sql.trim().slice(0, 90)).join("\n")}`);
  }
  return out;
}

module.exports = { queryVars, bodyVars, buildPlan, bind, tokenVars, sha256, requestStatements, applyRefs };
