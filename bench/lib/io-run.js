'use strict';
/** Runs the socket scenarios' servers and load generator (see io-load.js and bare-io.js). */
const { writeFileSync } = require('node:fs');
const path = require('node:path');
const { freePort, spawnPinned, cpuSeconds, rssKiB, sleep } = require('./util');

async function startBareIo(ctx, { event, redis = true }) {
  const port = await freePort();
  const cfg = path.join(ctx.work, `bare-io-${port}.json`);
  writeFileSync(cfg, JSON.stringify({ port, event, redisUrl: redis && ctx.redisUrl ? ctx.redisUrl : null }));
  const child = spawnPinned(0, [path.join(__dirname, 'bare-io.js'), cfg]);
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => String(d).includes('ready') && resolve());
    child.once('exit', () => reject(new Error(`bare socket.io server died: ${err}`)));
  });
  return { child, url: `http://127.0.0.1:${port}`, stop: () => ctx.stop(child) };
}

/**
 * Starts the socket load generator on core 1 with `job`; `onReady` (idle mode) runs once every
 * socket is connected. Samples the server's CPU and peak RSS meanwhile.
 */
async function ioLoad(server, job, onReady) {
  const cpu0 = cpuSeconds(server.child.pid);
  const t0 = Date.now();
  let rssMax = 0;
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, rssKiB(server.child.pid))), 250);
  const gen = spawnPinned(1, [path.join(__dirname, 'io-load.js'), JSON.stringify(job)]);
  let out = '';
  let err = '';
  let readyRun = null;
  gen.stdout.on('data', (d) => {
    out += d;
    if (!readyRun && out.includes('"ready":true')) readyRun = Promise.resolve(onReady?.(JSON.parse(out.split('\n')[0])));
  });
  gen.stderr.on('data', (d) => (err += d));
  const code = await new Promise((r) => gen.on('exit', r));
  clearInterval(sampler);
  const extra = readyRun ? await readyRun : undefined;
  if (code !== 0) throw new Error(`socket load generator failed: ${err.slice(0, 2000)}`);
  const wall = (Date.now() - t0) / 1000;
  const r = JSON.parse(out.trim().split('\n').pop());
  r.serverCpuPct = ((cpuSeconds(server.child.pid) - cpu0) / wall) * 100;
  r.serverRssMiB = rssMax / 1024;
  return { ...r, ...(extra ?? {}) };
}

/** Memory per idle socket: server RSS with `n` sockets held minus RSS before, per socket. */
async function idleMemory(ctx, server, n) {
  await sleep(1500);
  const before = rssKiB(server.child.pid);
  const r = await ioLoad(server, { kind: 'idle', url: server.url, sockets: n, holdMs: 4000, tokensFile: ctx.tokensFile }, async (ready) => {
    await sleep(3000);
    return { rssWithSocketsKiB: rssKiB(server.child.pid), connectSeconds: ready.connectSeconds };
  });
  return { ...r, rssBeforeKiB: before, bytesPerSocket: ((r.rssWithSocketsKiB - before) * 1024) / n };
}

module.exports = { startBareIo, ioLoad, idleMemory };
