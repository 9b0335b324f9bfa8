#!/usr/bin/env node
'use strict';
/**
 * npm run security:sqlmap — runs Debian's sqlmap against every parameter of the API, as a
 * signed-in admin (the widest access): query parameters (filters, sorts, cursors, limits), path
 * ids and every field of JSON bodies, at level 3. Requests and parameters are discovered from
 * the OpenAPI document, so new routes are covered without editing this script.
 * Prints a summary and writes bench-like JSON to scripts/security/sqlmap-results.json; the numbers
 * go into docs/RELIABILITY.md. Any finding makes the script exit 1.
 *
 * Needs: the built API (npm run build), PostgreSQL (DATABASE_URL or 127.0.0.1:5432), `apt-get install sqlmap`.
 */
const { spawnSync, execSync } = require('node:child_process');
const { mkdtempSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');
const { Client } = require('pg');
const { createHash, randomBytes } = require('node:crypto');

const root = path.resolve(__dirname, '../..');
const server = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const level = process.env.SQLMAP_LEVEL || '3';

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

async function main() {
  const name = `wala_sqlmap_${Date.now()}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const port = 3900 + Math.floor(Math.random() * 50);
  const { spawn } = require('node:child_process');
  const api = spawn(process.execPath, [path.join(root, 'apps/api/dist/apps/api/src/main.js')], {
    env: { PATH: process.env.PATH, DATABASE_URL: url.toString(), SESSION_SECRET: randomBytes(32).toString('hex'), PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'wala-sqlmap-')) },
    stdio: 'inherit',
  });
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
    await db.query(`INSERT INTO brands (slug, name, name_ar) VALUES ('probe', 'Probe', 'Probe')`);
    await db.end();
    const doc = await (await fetch(`${base}/api/docs-json`)).json();
    const targets = [];
    for (const [p, ops] of Object.entries(doc.paths)) {
      for (const [m, op] of Object.entries(ops)) {
        if (/\/auth\/(logout|tokens\/current)|^\/api\/v1\/me$/.test(p) && m === 'delete') continue; // would end the probe's own session
        if (p.endsWith('/auth/logout')) continue;
        const params = op.parameters ?? [];
        let route = p.replace(/\{(\w+)\}/g, (_, n) => (/slug/i.test(n) ? 'probe*' : '1*'));
        const query = params.filter((x) => x.in === 'query').map((x) => `${x.name}=${encodeURIComponent(String(sample(x.schema, x.name)))}`);
        const body = ['post', 'patch', 'put', 'delete'].includes(m) ? bodyFor(doc, op) : null;
        targets.push({ method: m.toUpperCase(), url: `${base}${route}${query.length ? '?' + query.join('&') : ''}`, body });
      }
    }
    const results = [];
    const outDir = mkdtempSync(path.join(tmpdir(), 'sqlmap-out-'));
    for (const t of targets) {
      const args = [
        '-u', t.url, '--method', t.method, '--batch', `--level=${level}`, '--risk=1', '--technique=BEUST',
        '--threads=2', '--flush-session', `--output-dir=${outDir}`, '--disable-coloring', '--smart',
        '-H', `Authorization: Bearer ${token}`, '-H', 'Accept: application/json',
      ];
      if (t.body) args.push('--data', JSON.stringify(t.body), '-H', 'Content-Type: application/json');
      const started = Date.now();
      const r = spawnSync('sqlmap', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      const out = (r.stdout ?? '') + (r.stderr ?? '');
      const vulnerable = /is vulnerable|appears to be injectable|identified the following injection point/i.test(out);
      const requests = Number((/(\d+) HTTP\(s\) requests/.exec(out) ?? [])[1] ?? 0);
      results.push({ method: t.method, url: t.url.replace(base, ''), body: !!t.body, vulnerable, requests, seconds: Math.round((Date.now() - started) / 1000) });
      console.log(`${vulnerable ? 'VULNERABLE' : 'ok        '} ${t.method} ${t.url.replace(base, '')}${t.body ? ' (JSON body)' : ''}`);
    }
    const summary = { at: new Date().toISOString(), sqlmap: execSync('sqlmap --version').toString().trim(), level, targets: results.length, findings: results.filter((r) => r.vulnerable).length, results };
    writeFileSync(path.join(__dirname, 'sqlmap-results.json'), JSON.stringify(summary, null, 2) + '\n');
    console.log(`\n${summary.targets} requests probed at level ${level}; findings: ${summary.findings}`);
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
