#!/usr/bin/env node
'use strict';
/**
 * npm run security:sqlmap — runs Debian's sqlmap against every parameter of the API, as a
 * signed-in admin (the widest access): query parameters (filters, sorts, cursors, limits), path
 * ids and every field of JSON bodies, at level 3 (which adds the User-Agent and Referer
 * headers). Requests and parameters are discovered from the OpenAPI document, so new routes are
 * covered without editing this script. The database holds the demo community (npm run
 * seed:demo, which every area fills), so ids in paths name real objects.
 * Prints a summary and writes JSON to scripts/security/sqlmap-results.json (targets, parameters
 * tested, HTTP requests sent, findings); the numbers go into docs/RELIABILITY.md. Any finding
 * makes the script exit 1.
 *
 * Env: SQLMAP_LEVEL (3), SQLMAP_TARGET_SECONDS (per-target cap, 120), SQLMAP_JOBS (sqlmap
 * processes at once, 3), SQLMAP_BUDGET_MINUTES (start no target after that; the rest are
 * listed as not reached), SQLMAP_ONLY (a regexp of routes to probe). Routes without any
 * parameter (no path id, query or JSON body) are listed but not probed. Needs: the built API (npm run build), PostgreSQL (DATABASE_URL or
 * 127.0.0.1:5432), `apt-get install sqlmap`.
 */
const { spawnSync, execSync } = require('node:child_process');
const { mkdtempSync, readFileSync, existsSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');
const { Client } = require('pg');
const { createHash, randomBytes } = require('node:crypto');

const root = path.resolve(__dirname, '../..');
const server = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const level = process.env.SQLMAP_LEVEL || '3';
const targetSeconds = Number(process.env.SQLMAP_TARGET_SECONDS || 120);
const jobs = Number(process.env.SQLMAP_JOBS || 3);
const budgetMs = process.env.SQLMAP_BUDGET_MINUTES ? Number(process.env.SQLMAP_BUDGET_MINUTES) * 60_000 : Infinity;
const only = process.env.SQLMAP_ONLY ? new RegExp(process.env.SQLMAP_ONLY) : null;

function sample(schema, name) {
  if (!schema) return 'test';
  if (schema.enum) return schema.enum[0];
  if (schema.type === 'integer' || schema.type === 'number') return 1;
  if (schema.type === 'boolean') return true;
  if (schema.type === 'array') return [sample(schema.items, name)];
  if (schema.format === 'email') return 'probe@example.com';
  if (schema.format === 'date') return '1990-01-01';
  if (schema.format === 'uri') return 'https://example.com';
  if (/password/i.test(name ?? '')) return 'a long probe password';
  return 'probe';
}

function bodyFor(doc, op) {
  const ref = op.requestBody?.content?.['application/json']?.schema?.$ref;
  if (!ref) return null;
  const schema = doc.components.schemas[ref.split('/').pop()];
  const out = {};
  for (const [k, v] of Object.entries(schema.properties ?? {})) {
    const s = v.$ref ? doc.components.schemas[v.$ref.split('/').pop()] : v;
    out[k] = s.properties ? Object.fromEntries(Object.entries(s.properties).map(([kk, vv]) => [kk, sample(vv, kk)])) : sample(s, k);
  }
  return out;
}

/** Runs a command to its end (or the time cap), with its output. */
function run(cmd, args, ms) {
  const { spawn } = require('node:child_process');
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, ms);
    child.on('close', () => {
      clearTimeout(timer);
      resolve({ out, timedOut });
    });
  });
}

async function main() {
  const name = `wala_sqlmap_${Date.now()}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const port = 3900 + Math.floor(Math.random() * 50);
  const { spawn } = require('node:child_process');
  const env = { PATH: process.env.PATH, DATABASE_URL: url.toString(), SESSION_SECRET: randomBytes(32).toString('hex'), PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'wala-sqlmap-')) };
  // real objects behind the ids: the demo community of every area
  const seeded = spawnSync(process.execPath, [path.join(root, 'apps/api/dist/apps/api/src/cli/seed-demo.js')], { env, encoding: 'utf8' });
  if (seeded.status !== 0) console.warn(`demo seed failed (probing an empty community):\n${seeded.stderr}`);
  const api = spawn(process.execPath, [path.join(root, 'apps/api/dist/apps/api/src/main.js')], { env, stdio: 'inherit' });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/api/health`)).ok) break;
      } catch {}
      if (i > 300) throw new Error('API did not start');
      await new Promise((r) => setTimeout(r, 200));
    }
    const db = new Client({ connectionString: url.toString() });
    await db.connect();
    const token = `wala_${randomBytes(32).toString('base64url')}`;
    const u = await db.query(`INSERT INTO users (email, password_hash, display_name, role, referral_code) VALUES ('probe-admin@example.com', NULL, 'Probe', 'admin', 'PROBE1') RETURNING id`);
    await db.query(`INSERT INTO sessions (user_id, token_hash, kind, last_seen_at, expires_at) VALUES ($1, $2, 'bearer', now(), now() + interval '1 day')`, [u.rows[0].id, createHash('sha256').update(token).digest('hex')]);
    await db.query(`INSERT INTO brands (slug, name, name_ar) VALUES ('probe', 'Probe', 'Probe') ON CONFLICT DO NOTHING`);
    await db.end();
    const doc = await (await fetch(`${base}/api/docs-json`)).json();
    const targets = [];
    const skipped = [];
    for (const [p, ops] of Object.entries(doc.paths)) {
      for (const [m, op] of Object.entries(ops)) {
        if (/\/auth\/(logout|tokens\/current)|^\/api\/v1\/me$/.test(p) && m === 'delete') continue; // would end the probe's own session
        if (p.endsWith('/auth/logout')) continue;
        if (only && !only.test(`${m.toUpperCase()} ${p}`)) continue;
        const params = op.parameters ?? [];
        let route = p.replace(/\{(\w+)\}/g, (_, n) => (/slug/i.test(n) ? 'probe*' : '1*'));
        const query = params.filter((x) => x.in === 'query').map((x) => `${x.name}=${encodeURIComponent(String(sample(x.schema, x.name)))}`);
        const body = ['post', 'patch', 'put', 'delete'].includes(m) ? bodyFor(doc, op) : null;
        if (!route.includes('*') && !query.length && !(body && Object.keys(body).length)) {
          skipped.push(`${m.toUpperCase()} ${p}`);
          continue;
        }
        targets.push({ method: m.toUpperCase(), url: `${base}${route}${query.length ? '?' + query.join('&') : ''}`, body });
      }
    }
    const results = [];
    const outDir = mkdtempSync(path.join(tmpdir(), 'sqlmap-out-'));
    const probe = async (t, i) => {
      const traffic = path.join(outDir, `traffic-${i}.txt`);
      const args = [
        '-u', t.url, '--method', t.method, '--batch', `--level=${level}`, '--risk=1', '--technique=BEUST',
        '--threads=4', '--flush-session', `--output-dir=${outDir}`, '--disable-coloring', '-t', traffic,
        // every answer is judged, refusals included: an injectable parameter behind a 400 or 404 is still one
        '--ignore-code=400,401,403,404,409,413,422,429',
        // PostgreSQL is the only database Wala runs on (PGlite is PostgreSQL too)
        '--dbms=PostgreSQL', '--time-sec=2',
        '-H', `Authorization: Bearer ${token}`, '-H', 'Accept: application/json',
      ];
      // the headers level 3 adds are read by the same code on every route: probed where they are stored (sign-in)
      if (!/\/auth\/(login|tokens|register)$/.test(t.url)) args.push('--skip=user-agent,referer');
      if (t.body) args.push('--data', JSON.stringify(t.body), '-H', 'Content-Type: application/json');
      const started = Date.now();
      const r = await run('sqlmap', args, targetSeconds * 1000);
      const out = r.out;
      const vulnerable = /is vulnerable|appears to be injectable|identified the following injection point/i.test(out);
      const log = existsSync(traffic) ? readFileSync(traffic, 'utf8') : '';
      const requests = (log.match(/HTTP request \[#\d+\]/g) ?? []).length;
      const parameters = [...new Set([...out.matchAll(/testing if (.+? parameter '.+?') is dynamic/g)].map((m) => m[1]))];
      const timedOut = r.timedOut;
      results.push({ method: t.method, url: t.url.replace(base, ''), body: !!t.body, vulnerable, parameters, requests, timedOut, seconds: Math.round((Date.now() - started) / 1000) });
      console.log(`${vulnerable ? 'VULNERABLE' : 'ok        '} ${t.method} ${t.url.replace(base, '')}${t.body ? ' (JSON body)' : ''}: ${parameters.length} parameters, ${requests} requests${timedOut ? ' (time cap)' : ''}`);
    };
    // a few sqlmap processes at once: they mostly wait on the API
    let next = 0;
    const began = Date.now();
    const notReached = [];
    await Promise.all(Array.from({ length: jobs }, async () => {
      while (next < targets.length) {
        if (Date.now() - began > budgetMs) {
          const t = targets[next++];
          notReached.push(`${t.method} ${t.url.replace(base, '')}`);
          continue;
        }
        const i = next++;
        await probe(targets[i], i);
      }
    }));
    results.sort((a, b) => targets.findIndex((t) => t.url.endsWith(a.url) && t.method === a.method) - targets.findIndex((t) => t.url.endsWith(b.url) && t.method === b.method));
    const sum = (f) => results.reduce((a, r) => a + f(r), 0);
    const summary = {
      at: new Date().toISOString(),
      sqlmap: execSync('sqlmap --version').toString().trim().split('\n')[0],
      level,
      targets: results.length,
      parameters: sum((r) => r.parameters.length),
      requests: sum((r) => r.requests),
      timedOut: results.filter((r) => r.timedOut).length,
      withoutParameters: skipped,
      notReached,
      findings: results.filter((r) => r.vulnerable).length,
      results,
    };
    writeFileSync(path.join(__dirname, 'sqlmap-results.json'), JSON.stringify(summary, null, 2) + '\n');
    console.log(`\n${summary.targets} targets probed (${notReached.length} not reached in the time budget, ${skipped.length} without parameters), ${summary.parameters} parameters, ${summary.requests} HTTP requests at level ${level}; findings: ${summary.findings}`);
    process.exitCode = summary.findings ? 1 : 0;
  } finally {
    api.kill('SIGTERM');
    await new Promise((r) => api.once('exit', r));
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
