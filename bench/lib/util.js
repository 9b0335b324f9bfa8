'use strict';
/** Small helpers shared by the benchmark harness (plain CommonJS: runs with no build step). */
const { spawn, execFileSync } = require('node:child_process');
const { readFileSync } = require('node:fs');
const net = require('node:net');

/** Deterministic PRNG (mulberry32): the same seed gives the same community. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-c', '0', 'true']);
    return true;
  } catch {
    return false;
  }
})();

/** Spawns `node args` pinned to `cpu` (taskset) when available. */
function spawnPinned(cpu, args, opts = {}) {
  const cmd = hasTaskset ? 'taskset' : process.execPath;
  const argv = hasTaskset ? ['-c', String(cpu), process.execPath, ...args] : args;
  return spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
}

/** CPU seconds (user+system) a process has used so far, from /proc. */
function cpuSeconds(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks (USER_HZ=100)
  } catch {
    return NaN;
  }
}

/** Resident memory of a process in KiB, from /proc. */
function rssKiB(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
}

/** The pid doing the work: with taskset, `taskset` execs node in place, so it is the child itself. */
const workerPid = (child) => child.pid;

async function waitHttp(url, ms = 60_000) {
  const end = Date.now() + ms;
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > end) throw new Error(`${url} did not answer`);
    await sleep(100);
  }
}

function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

module.exports = { rng, sleep, freePort, spawnPinned, cpuSeconds, rssKiB, workerPid, waitHttp, percentile, hasTaskset };
