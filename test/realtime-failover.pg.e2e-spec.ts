import { startApp, type TestApp } from './support/app';
import { clientId, makeChannel } from './support/chat';
import { makeMember, type Member } from './support/factories';
import { ownRedis, type OwnRedis } from './support/own-services';
import { eventually, spawnApi, type ApiProcess } from './support/process';
import { connect, emitRaw, next, type TestSocket } from './support/sockets';

/**
 * Two nodes on one PostgreSQL and their own Redis, which the test stops and starts again: both
 * nodes keep serving HTTP and same-node chat without it, tell their clients to resync when it is
 * back, and cross-node delivery resumes.
 */
let redis: OwnRedis;
let app: TestApp;
let nodeB: ApiProcess;
const open: TestSocket[] = [];
beforeAll(async () => {
  redis = await ownRedis();
  app = await startApp({ env: { REDIS_URL: redis.url } });
  nodeB = await spawnApi({ DATABASE_URL: app.databaseUrl!, REDIS_URL: redis.url, SESSION_SECRET: app.config.sessionSecret });
});
afterAll(async () => {
  for (const s of open) s.close();
  await nodeB?.stop();
  await app?.close();
  await redis?.stop();
});

async function joined(url: string, m: Member, channelId: number): Promise<TestSocket> {
  const s = await connect(url, { token: m.api.bearer });
  open.push(s);
  expect(await emitRaw(s, 'chat:join', { channelId })).toMatchObject({ ok: true });
  return s;
}

/** Resolves with the first `chat:message` with this body, or null after `ms`. */
function arrives(s: TestSocket, body: string, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      s.off('chat:message', on);
      resolve(false);
    }, ms);
    const on = (m: { body: string | null }) => {
      if (m.body !== body) return;
      clearTimeout(timer);
      s.off('chat:message', on);
      resolve(true);
    };
    s.on('chat:message', on);
  });
}

it('keeps serving without Redis and resumes cross-node delivery when it is back', async () => {
  const [a1, a2, b1] = [await makeMember(app), await makeMember(app), await makeMember(app)];
  const ch = await makeChannel(app);
  const sa1 = await joined(app.url, a1, ch.id);
  const sa2 = await joined(app.url, a2, ch.id);
  const sb1 = await joined(nodeB.url, b1, ch.id);
  const crossBefore = arrives(sa1, 'before', 5000);
  expect((await emitRaw(sb1, 'chat:send', { channelId: ch.id, body: 'before', clientId: clientId() })).ok).toBe(true);
  expect(await crossBefore).toBe(true);

  const resyncA = next(sa1, 'realtime:resync');
  const resyncB = next(sb1, 'realtime:resync');
  await redis.stop();
  // HTTP on both nodes
  expect((await a1.api.get('/chat/channels')).status).toBe(200);
  expect((await fetch(`${nodeB.url}/api/v1/chat/channels`, { headers: { authorization: `Bearer ${b1.api.bearer}` } })).status).toBe(200);
  // same-node chat on node A, stored and delivered
  const sameNode = arrives(sa1, 'while away', 5000);
  expect(await emitRaw(sa2, 'chat:send', { channelId: ch.id, body: 'while away', clientId: clientId() })).toMatchObject({ ok: true });
  expect(await sameNode).toBe(true);
  // a message sent on B while Redis is away is stored (the catch-up will find it)
  const missed = await emitRaw(sb1, 'chat:send', { channelId: ch.id, body: 'missed', clientId: clientId() });
  expect(missed.ok).toBe(true);

  await redis.start();
  expect(await resyncA).toEqual({ reason: 'redis' });
  expect(await resyncB).toEqual({ reason: 'redis' });
  const caught = await emitRaw(sa1, 'chat:history', { channelId: ch.id, after: 0 });
  expect(caught.ok && caught.data.items.map((m: { body: string }) => m.body)).toEqual(['before', 'while away', 'missed']);
  // cross-node delivery resumes (the publisher may reconnect a moment after the subscriber)
  await eventually(async () => {
    const body = `after ${clientId()}`;
    const got = arrives(sa1, body, 1000);
    await emitRaw(sb1, 'chat:send', { channelId: ch.id, body, clientId: clientId() });
    return got;
  }, 20_000);
});
