'use strict';
/**
 * The ceiling of the socket scenarios: a bare socket.io server (websocket transport, the
 * gateway's own options) with no auth, no validation and no database. `join` puts the socket
 * in a room; `send` broadcasts the given payload to the room as `event` (the very event name
 * and payload shape the app broadcasts), and acknowledges. Started with a JSON config file:
 * { port, event, redisUrl? } — with redisUrl it uses the Redis adapter like the app does.
 */
const { createServer } = require('node:http');
const { readFileSync } = require('node:fs');
const { Server } = require('socket.io');

async function main() {
  const { port, event, redisUrl } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  const http = createServer((req, res) => {
    res.writeHead(req.url === '/__nothing' ? 404 : 404);
    res.end();
  });
  const io = new Server(http, { transports: ['websocket'], serveClient: false, pingInterval: 20_000, pingTimeout: 20_000 });
  if (redisUrl) {
    const { createAdapter } = require('@socket.io/redis-adapter');
    const Redis = require('ioredis');
    const pub = new Redis(redisUrl);
    const sub = pub.duplicate();
    io.adapter(createAdapter(pub, sub, { key: `bench-bare-${process.pid}` }));
  }
  io.on('connection', (socket) => {
    socket.on('join', (room, ack) => {
      void socket.join(String(room));
      if (typeof ack === 'function') ack({ ok: true });
    });
    socket.on('send', (msg, ack) => {
      io.to(String(msg.room)).emit(event, msg.payload);
      if (typeof ack === 'function') ack({ ok: true });
    });
  });
  http.listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
