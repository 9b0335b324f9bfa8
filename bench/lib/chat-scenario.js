'use strict';
/**
 * Chat fan-out scenarios (issue 4): members connected over websocket, joined to rooms; messages
 * sent through the app's `chat:send` (stored, then broadcast as `chat:message`), each carrying
 * its send time; every receiver stamps the arrival. The ceiling is a bare socket.io server (the
 * gateway's options, the Redis adapter) broadcasting the very payload the app broadcast, sent
 * the same way. Saturated: a window of unacknowledged messages per room; then the app at half
 * its saturated rate for latency.
 */
const { existsSync } = require('node:fs');
const { io } = require('socket.io-client');
const { startBareIo, ioLoad } = require('./io-run');
const { emitAck } = require('./io-clients');

/** One real broadcast from the app: the payload shape the ceiling sends. */
async function appPayload(app, token) {
  const s = io(app.url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token } });
  await new Promise((resolve, reject) => {
    s.once('connect', resolve);
    s.once('connect_error', reject);
  });
  try {
    await emitAck(s, 'chat:join', { channelId: 1 });
    const got = new Promise((resolve) => s.once('chat:message', resolve));
    await emitAck(s, 'chat:send', { channelId: 1, body: 'bench@0', clientId: `benchprobe${Date.now()}` });
    return await got;
  } finally {
    s.close();
  }
}

function chatScenario({ name, order, title, rooms, perRoom, tiny = true }) {
  return {
    name,
    tiny,
    order,
    title,
    issue: 4,
    requires: ['chat_channels', 'chat_messages'],
    target: '≥ 70% of bare socket.io deliveries/s, p99 ≤ 100 ms at half load',
    available: (ctx) => (existsSync(ctx.dist('realtime/realtime.gateway.js')) ? null : 'the socket.io gateway (issue 4) is not on this branch yet'),
    async run(ctx) {
      const R = rooms(ctx.sizes);
      const M = perRoom(ctx.sizes);
      const job = {
        kind: 'fanout',
        rooms: R,
        perRoom: M,
        roomIds: Array.from({ length: R }, (_, i) => String(i + 1)),
        window: Math.max(2, Math.ceil(32 / R)),
        duration: ctx.duration,
        tokensFile: ctx.tokensFile,
      };
      const app = await ctx.startApp();
      let mine;
      let half;
      let template;
      try {
        template = await appPayload(app, ctx.tokens[0]);
        mine = await ioLoad(app, { ...job, url: app.url, client: 'walaChat' });
        half = ctx.mode === 'tiny' ? null : await ioLoad(app, { ...job, url: app.url, client: 'walaChat', rate: Math.max(1, Math.floor(mine.sentPerSecond / 2)) });
      } finally {
        await app.stop();
      }
      const bare = await startBareIo(ctx, { event: 'chat:message' });
      let ceiling;
      try {
        ceiling = await ioLoad(bare, { ...job, url: bare.url, client: 'bare', event: 'chat:message', template, textField: 'body' });
      } finally {
        await bare.stop();
      }
      const line = (w, r) => `${w}: ${r.rps.toFixed(0)} deliveries/s (${r.sentPerSecond.toFixed(0)} msgs/s), p50 ${r.p50?.toFixed(1)} ms, p99 ${r.p99?.toFixed(1)} ms, server CPU ${r.serverCpuPct.toFixed(0)}%, lost ${r.lost}, refused ${r.failed}${r.firstError ? ` (${r.firstError})` : ''}`;
      console.log(`  ${line('bare', ceiling)}\n  ${line('app', mine)}${half ? `\n  ${line('app at half load', half)}` : ''}`);
      return {
        unit: 'deliveries/s',
        ceilingKind: 'bare socket.io server, same payload, Redis adapter',
        ceiling,
        app: mine,
        appAt70: half,
        ratio: mine.rps / ceiling.rps,
        extra: { rooms: R, 'members per room': M, 'lost (app)': mine.lost + (half?.lost ?? 0), 'refused sends (app)': mine.failed + (half?.failed ?? 0) },
      };
    },
  };
}

module.exports = { chatScenario };
