'use strict';
/** Summarizes the V8 CPU profiles (`--cpu-prof`) in a folder: functions by self time. */
const { readdirSync, readFileSync, rmSync } = require('node:fs');
const path = require('node:path');

function topFunctions(dir, n = 15) {
  const self = new Map();
  let total = 0;
  let files = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  } catch {
    return [];
  }
  for (const f of files) {
    const p = JSON.parse(readFileSync(path.join(dir, f), 'utf8'));
    const byId = new Map(p.nodes.map((x) => [x.id, x]));
    const dt = new Map();
    for (let i = 0; i < p.samples.length; i++) dt.set(p.samples[i], (dt.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
    for (const [id, us] of dt) {
      const node = byId.get(id);
      const cf = node.callFrame;
      if (cf.functionName === '(idle)' || cf.functionName === '(program)') continue;
      const where = cf.url ? cf.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, 'dist/') : '';
      const key = `${cf.functionName || '(anonymous)'} ${where}:${cf.lineNumber + 1}`;
      self.set(key, (self.get(key) ?? 0) + us);
      total += us;
    }
    rmSync(path.join(dir, f));
  }
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, us]) => ({ name, pct: (us / total) * 100 }));
}

module.exports = { topFunctions };
