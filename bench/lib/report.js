'use strict';
/** Rebuilds docs/BENCHMARKS.md from the latest results of each mode. */
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const fmt = (n, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '—');

function table(r) {
  const lines = [
    `Run ${r.startedAt} · mode **${r.mode}** · ${r.machine.cpus}, ${r.machine.memoryGiB} GiB · Node ${r.machine.node} · ${r.machine.pinned} · ${r.duration} s per measurement, ${r.sizes.connections} connections`,
    '',
    `PostgreSQL: ${r.postgres.join(', ')}`,
    '',
    '| scenario | issue | ceiling req/s (p99 ms) | app req/s (p50/p99 ms) | ratio | app at 70%: p50/p99 ms | server CPU % (bare/app) | load CPU % | app RSS MiB | target |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const x of r.results) {
    lines.push(
      `| ${x.title} | ${x.issue ?? ''} | ${fmt(x.ceiling.rps)} (${fmt(x.ceiling.p99)}) | ${fmt(x.app.rps)} (${fmt(x.app.p50)}/${fmt(x.app.p99)}) | ${fmt(x.ratio, 2)} | ${fmt(x.appAt70.p50)}/${fmt(x.appAt70.p99)} | ${fmt(x.ceiling.serverCpuPct)}/${fmt(x.app.serverCpuPct)} | ${fmt(Math.max(x.ceiling.loadCpuPct, x.app.loadCpuPct))} | ${fmt(x.app.serverRssMiB)} | ${x.target} |`,
    );
  }
  return lines.join('\n');
}

function writeMarkdown(root) {
  const dir = path.join(root, 'bench', 'results');
  const sections = [];
  for (const mode of ['full', 'quick', 'tiny']) {
    const f = path.join(dir, `latest-${mode}.json`);
    if (existsSync(f)) sections.push(`## ${mode}\n\n${table(JSON.parse(readFileSync(f, 'utf8')))}`);
  }
  const head = readFileSync(path.join(root, 'bench', 'BENCHMARKS.head.md'), 'utf8');
  writeFileSync(path.join(root, 'docs', 'BENCHMARKS.md'), `${head.trim()}\n\n${sections.join('\n\n')}\n`);
}

module.exports = { writeMarkdown };
