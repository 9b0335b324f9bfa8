'use strict';
/** Rebuilds docs/BENCHMARKS.md from the latest results of each mode. */
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const fmt = (n, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '—');
const lat = (r) => (r ? `${fmt(r.p50, r.p50 < 10 ? 1 : 0)}/${fmt(r.p99, r.p99 < 10 ? 1 : 0)}` : '—');
const cpu = (r) => (r ? fmt(r.serverCpuPct) : '—');

function notes(x) {
  const n = [];
  if (x.ceiling && Number.isFinite(x.ceiling.serverCpuPct) && x.ceiling.serverCpuPct < 80) n.push('ceiling server not saturated');
  if (x.app?.non2xx || x.app?.errors) n.push(`${x.app.non2xx ?? 0} non-2xx, ${x.app.errors ?? 0} errors`);
  if (/p95/.test(x.target ?? '')) {
    // runs before p95 was recorded give p97.5, named as such
    if (x.app?.p95 !== undefined) n.push(`p95 ${fmt(x.app.p95)} ms (at 70%: ${fmt(x.appAt70?.p95)} ms)`);
    else if (x.app?.p97_5 !== undefined) n.push(`p97.5 ${fmt(x.app.p97_5)} ms (at 70%: ${fmt(x.appAt70?.p97_5)} ms)`);
  }
  for (const [k, v] of Object.entries(x.extra ?? {})) n.push(`${k}: ${typeof v === 'number' ? fmt(v, Number.isInteger(v) ? 0 : 2) : v}`);
  return n.join('; ');
}

function table(r) {
  const lines = [
    `Run ${r.startedAt} · mode **${r.mode}** · ${r.machine.cpus}, ${r.machine.memoryGiB} GiB · Node ${r.machine.node} · ${r.machine.pinned} · ${r.duration} s per measurement, ${r.sizes.connections} connections` +
      (r.machine.loadAverageAtStart !== undefined ? ` · machine load average ${fmt(r.machine.loadAverageAtStart, 1)} at the start, ${fmt(r.machine.loadAverage1m, 1)} at the end (on ${r.machine.cpus.split(' ')[0]} cores)` : ''),
    '',
    `Data (seed ${r.seed}): ${Object.entries(r.sizes)
      .filter(([k]) => !['duration', 'warmup', 'connections'].includes(k))
      .map(([k, v]) => `${k} ${v.toLocaleString('en')}`)
      .join(', ')}; generators run: ${(r.generated ?? []).join(', ') || '—'}`,
    '',
    `PostgreSQL: ${r.postgres.join(', ')}`,
    '',
    '| scenario | issue | ceiling | ceiling rate (p99 ms) | app rate (p50/p99 ms) | ratio | app at 70% / half load: p50/p99 ms | server CPU % (ceiling/app) | load CPU % | app RSS MiB | target | notes |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const x of r.results) {
    const unit = x.unit ?? 'req/s';
    lines.push(
      `| ${x.title} | ${x.issue ?? ''} | ${x.ceilingKind ?? ''} | ${x.ceiling ? `${fmt(x.ceiling.rps)} ${unit} (${fmt(x.ceiling.p99, 1)})` : '—'} | ${x.app ? `${fmt(x.app.rps)} ${unit} (${lat(x.app)})` : '—'} | ${fmt(x.ratio, 2)} | ${lat(x.appAt70)} | ${cpu(x.ceiling)}/${cpu(x.app)} | ${fmt(Math.max(x.ceiling?.loadCpuPct ?? NaN, x.app?.loadCpuPct ?? NaN))} | ${fmt(x.app?.serverRssMiB)} | ${x.target} | ${notes(x)} |`,
    );
  }
  const slow = r.results.filter((x) => x.slowestStatements?.length);
  if (slow.length) {
    lines.push('', 'Slowest read statement per scenario in PostgreSQL (EXPLAIN ANALYZE with the captured values; plans in the JSON):', '');
    for (const x of slow) lines.push(`- ${x.title}: ${fmt(x.slowestStatements[0].ms, 2)} ms — \`${x.slowestStatements[0].sql.replace(/\|/g, '\\|')}\``);
  }
  if (r.leftOut?.length) {
    lines.push('', 'Left out of this run (never faked):', '');
    for (const l of r.leftOut) lines.push(`- ${l.title} (issue ${l.issue}): ${l.reason}`);
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
