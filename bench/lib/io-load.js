'use strict';
/**
 * The socket.io load generator, its own process pinned to its own core. Reads a JSON job from
 * argv[2] and prints JSON lines.
 *
 * - `idle`: opens `sockets` connections (each with a member's bearer token), prints
 *   {"ready":true,...} once all are connected, holds them `holdMs`, closes, prints the result.
 * - `fanout`: `rooms` rooms of `perRoom` members each; one member per room sends messages whose
 *   text carries the send time (`performance.timeOrigin + now()`, the same clock for every
 *   socket of this process); every receiver stamps the arrival. Saturated: each sender keeps
 *   `window` messages unacknowledged. With `rate` (messages/s over all rooms): open loop at
 *   that rate. Reports deliveries/s and delivery latency percentiles.
 *
 * How to join a room and send depends on the server: the job names a `client` module
 * (`bench/lib/io-clients.js`: `bare` and one per app scenario) with `join(socket, room)`,
 * `send(socket, room, text)`, `onMessage(socket, fn)` and `textOf(payload)`.
 */
const { io } = require('socket.io-client');
const { readFileSync } = require('node:fs');
const { performance } = require('node:perf_hooks');

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function connect(url, token, clientOpts) {
  const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: token ? { token } : {}, ...clientOpts });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (e) => {
      socket.close();
      reject(new Error(`connect: ${e.message} ${JSON.stringify(e.data ?? {})}`));
    });
  });
}

async function connectMany(url, tokens, n, clientOpts, parallel = 50) {
  const sockets = new Array(n);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= n) return;
      sockets[i] = await connect(url, tokens[i % tokens.length], clientOpts);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, n) }, worker));
  return sockets;
}

function pct(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

async function idle(job, tokens) {
  const t0 = process.cpuUsage();
  const started = Date.now();
  const sockets = await connectMany(job.url, tokens, job.sockets, job.clientOpts);
  process.stdout.write(JSON.stringify({ ready: true, connected: sockets.length, connectSeconds: (Date.now() - started) / 1000 }) + '\n');
  await sleep(job.holdMs);
  const disconnected = sockets.filter((s) => !s.connected).length;
  for (const s of sockets) s.close();
  const cpu = process.cpuUsage(t0);
  return { connected: sockets.length, disconnected, loadCpuPct: ((cpu.user + cpu.system) / 1e6 / ((Date.now() - started) / 1000)) * 100 };
}

async function fanout(job, tokens) {
  const client = require('./io-clients')[job.client](job);
  const members = await connectMany(job.url, tokens, job.rooms * job.perRoom, job.clientOpts);
  let unique = 0;
  job.nextId = () => `${process.pid}x${unique++}`;
  const rooms = job.roomIds.slice(0, job.rooms);
  const latencies = [];
  let received = 0;
  let measuring = false;
  const slots = [];
  for (let r = 0; r < rooms.length; r++) for (let k = 0; k < job.perRoom; k++) slots.push([members[r * job.perRoom + k], rooms[r]]);
  let nextSlot = 0;
  const joiner = async () => {
    for (;;) {
      const slot = slots[nextSlot++];
      if (!slot) return;
      const [s, room] = slot;
      await client.join(s, room);
      client.onMessage(s, (payload) => {
        const m = /bench@(\d+(?:\.\d+)?)/.exec(client.textOf(payload) ?? '');
        if (!m || !measuring) return;
        received++;
        if (latencies.length < 2_000_000) latencies.push(now() - Number(m[1]));
      });
    }
  };
  await Promise.all(Array.from({ length: 20 }, joiner));
  // each room's messages come from its members in turn (per-member send limits stay unmet)
  const senders = rooms.map((room, r) => ({ room, r, turn: 0 }));
  let sent = 0;
  let failed = 0;
  let firstError = null;
  let stop = false;
  const sendOne = async (snd) => {
    const socket = members[snd.r * job.perRoom + (snd.turn++ % job.perRoom)];
    try {
      await client.send(socket, snd.room, `bench@${now().toFixed(3)}`);
      sent++;
    } catch (e) {
      failed++;
      firstError ??= String(e.message ?? e);
    }
  };
  const t0 = process.cpuUsage();
  measuring = true;
  const started = now();
  if (job.rate) {
    // open loop: messages spread evenly over the senders at `rate` per second overall
    const interval = 1000 / job.rate;
    let i = 0;
    const pending = new Set();
    while (now() - started < job.duration * 1000) {
      const due = started + i * interval;
      const wait = due - now();
      if (wait > 1) await sleep(wait);
      const p = sendOne(senders[i % senders.length]);
      pending.add(p);
      void p.finally(() => pending.delete(p));
      i++;
    }
    await Promise.all(pending);
  } else {
    const loop = async (snd) => {
      while (!stop) await sendOne(snd);
    };
    const runners = [];
    for (const snd of senders) for (let w = 0; w < job.window; w++) runners.push(loop(snd));
    await sleep(job.duration * 1000);
    stop = true;
    await Promise.all(runners);
  }
  await sleep(500); // the last deliveries
  const wall = (now() - started) / 1000;
  measuring = false;
  const cpu = process.cpuUsage(t0);
  for (const s of members) s.close();
  latencies.sort((a, b) => a - b);
  const expected = sent * job.perRoom;
  return {
    rps: received / wall,
    sentPerSecond: sent / job.duration,
    sent,
    failed,
    firstError,
    received,
    lost: Math.max(0, expected - received),
    p50: pct(latencies, 50),
    p90: pct(latencies, 90),
    p99: pct(latencies, 99),
    max: latencies[latencies.length - 1],
    loadCpuPct: ((cpu.user + cpu.system) / 1e6 / wall) * 100,
  };
}

async function main() {
  const job = JSON.parse(process.argv[2]);
  const tokens = job.tokensFile ? readFileSync(job.tokensFile, 'utf8').trim().split('\n') : [null];
  const result = job.kind === 'idle' ? await idle(job, tokens) : await fanout(job, tokens);
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
