'use strict';
/**
 * Memory per idle socket: the app's RSS with `idleSockets` authenticated websocket connections
 * held (each handshake a member's bearer token), minus its RSS before, per socket; the same on
 * a bare socket.io server with the gateway's options (the ceiling: what socket.io itself costs).
 */
const { existsSync } = require('node:fs');
const { startBareIo, idleMemory } = require('../lib/io-run');

module.exports = {
  name: 'idle-sockets',
  order: 80,
  title: 'Idle sockets (memory per connection)',
  issue: 4,
  requires: ['sessions'],
  target: '≤ 30 KB per idle socket',
  available: (ctx) => (existsSync(ctx.dist('realtime/realtime.gateway.js')) ? null : 'the socket.io gateway (issue 4) is not on this branch yet'),
  async run(ctx) {
    const n = ctx.sizes.idleSockets;
    const bare = await startBareIo(ctx, { event: 'x' });
    let ceiling;
    try {
      ceiling = await idleMemory(ctx, bare, n);
    } finally {
      await bare.stop();
    }
    const app = await ctx.startApp();
    let mine;
    try {
      mine = await idleMemory(ctx, app, n);
    } finally {
      await app.stop();
    }
    const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
    console.log(`  bare socket.io: ${kb(ceiling.bytesPerSocket)} per socket; app: ${kb(mine.bytesPerSocket)} per socket (${n} sockets, ${mine.disconnected} dropped)`);
    return {
      unit: 'sockets',
      ceilingKind: 'bare socket.io server, same options, Redis adapter',
      ceiling: { rps: n, p99: NaN, serverCpuPct: ceiling.serverCpuPct, loadCpuPct: ceiling.loadCpuPct, serverRssMiB: ceiling.serverRssMiB },
      app: { rps: n, p50: NaN, p99: NaN, serverCpuPct: mine.serverCpuPct, loadCpuPct: mine.loadCpuPct, serverRssMiB: mine.serverRssMiB },
      ratio: ceiling.bytesPerSocket / mine.bytesPerSocket,
      extra: {
        'app KB per socket': mine.bytesPerSocket / 1024,
        'bare KB per socket': ceiling.bytesPerSocket / 1024,
        'dropped sockets': mine.disconnected,
        'connect s (app)': mine.connectSeconds,
      },
      raw: { ceiling, app: mine },
    };
  },
};
