import { RedisService } from '../apps/api/src/common/redis.service';
import { Db } from '../apps/api/src/database/db.service';
import { NotificationsService } from '../apps/api/src/notifications/notifications.service';
import { startApp, type TestApp } from './support/app';
import { clientId, makeChannel } from './support/chat';
import { Client } from './support/client';
import { cookieClient, makeMember } from './support/factories';
import { eventually, spawnApi, type ApiProcess } from './support/process';
import { closed, connect, emitRaw, next, type TestSocket } from './support/sockets';

/** Two nodes (this test app and an API process) on one PostgreSQL and one Redis. */
let app: TestApp;
let nodeB: ApiProcess;
const open: TestSocket[] = [];
beforeAll(async () => {
  if (!process.env.REDIS_URL) throw new Error('REDIS_URL is required for the multi-node suite');
  app = await startApp();
  nodeB = await spawnApi({
    DATABASE_URL: app.databaseUrl!,
    REDIS_URL: process.env.REDIS_URL,
    SESSION_SECRET: app.config.sessionSecret,
  });
});
afterAll(async () => {
  for (const s of open) s.close();
  await nodeB?.stop();
  await app?.close();
});

it('delivers pushes made on one node to sockets on the other within a second', async () => {
  const m = await makeMember(app);
  const onB = await connect(nodeB.url, { token: m.api.bearer });
  open.push(onB);
  expect(await emitRaw(onB, 'ping', {})).toMatchObject({ ok: true });
  const got = next(onB, 'notification', 1000);
  await app.get(Db).tx((em) => app.get(NotificationsService).notify(em, { userId: m.id, kind: 'cross-node', data: {} }));
  expect(await got).toMatchObject({ kind: 'cross-node' });
});

it('ends a session on every node', async () => {
  const m = await makeMember(app);
  const c = await cookieClient(app, m);
  const onA = await connect(app.url, { cookie: c.cookie });
  open.push(onA);
  const gone = closed(onA);
  const viaB = Object.assign(new Client(nodeB.url), { cookie: c.cookie, csrf: c.csrf }); // sign out through the other node
  expect((await viaB.post('/auth/logout')).status).toBeLessThan(300);
  expect(await gone).toBe('io server disconnect');
});

it('delivers chat across nodes, with presence from both', async () => {
  const [x, y] = [await makeMember(app), await makeMember(app)];
  const ch = await makeChannel(app);
  const onA = await connect(app.url, { token: x.api.bearer });
  const onB = await connect(nodeB.url, { token: y.api.bearer });
  open.push(onA, onB);
  expect(await emitRaw(onA, 'chat:join', { channelId: ch.id })).toMatchObject({ ok: true });
  const yOnline = next(onA, 'presence', 1000);
  const joined = await emitRaw(onB, 'chat:join', { channelId: ch.id });
  expect(joined.ok && joined.data.online.map((p: { id: number }) => p.id).sort()).toEqual([x.id, y.id].sort());
  expect(await yOnline).toMatchObject({ user: { id: y.id }, online: true });
  const got = next(onA, 'chat:message', 1000);
  const sent = await emitRaw(onB, 'chat:send', { channelId: ch.id, body: 'from B', clientId: clientId() });
  expect(sent.ok).toBe(true);
  expect(await got).toMatchObject({ body: 'from B', author: { id: y.id } });
  const both = (await x.api.get(`/chat/channels/${ch.id}/presence`)).body.online.map((p: { id: number }) => p.id).sort();
  expect(both).toEqual([x.id, y.id].sort());
});

it('tells a channel that the members of a node killed with SIGKILL went offline (TTL + sweep)', async () => {
  // two nodes of their own with a short presence TTL and sweep; the test app sweeps the same Redis too
  const TTL_S = 3;
  const SWEEP_S = 1;
  const env = {
    DATABASE_URL: app.databaseUrl!,
    REDIS_URL: process.env.REDIS_URL!,
    SESSION_SECRET: app.config.sessionSecret,
    PRESENCE_TTL_SECONDS: String(TTL_S),
    PRESENCE_SWEEP_SECONDS: String(SWEEP_S),
  };
  const [a, b] = await Promise.all([spawnApi(env), spawnApi(env)]);
  try {
    const [x, y] = [await makeMember(app), await makeMember(app)];
    const ch = await makeChannel(app);
    const onA = await connect(a.url, { token: x.api.bearer });
    const onB = await connect(b.url, { token: y.api.bearer });
    open.push(onA, onB);
    const seen: Array<{ user: { id: number }; online: boolean }> = [];
    onA.on('presence', (e) => seen.push(e));
    expect(await emitRaw(onA, 'chat:join', { channelId: ch.id })).toMatchObject({ ok: true });
    expect(await emitRaw(onB, 'chat:join', { channelId: ch.id })).toMatchObject({ ok: true });
    await eventually(async () => seen.some((e) => e.user.id === y.id && e.online), 2000);

    const offline = next(onA, 'presence', (TTL_S + SWEEP_S + 2) * 1000);
    const killedAt = Date.now();
    await b.kill();
    expect(await offline).toMatchObject({ channelId: ch.id, user: { id: y.id }, online: false });
    const took = Date.now() - killedAt;
    expect(took).toBeLessThan((TTL_S + SWEEP_S + 2) * 1000);
    const online = (await x.api.get(`/chat/channels/${ch.id}/presence`)).body.online.map((p: { id: number }) => p.id);
    expect(online).toEqual([x.id]);
    // one announcement, though several nodes sweep; x (alive on A) is never announced offline
    await new Promise((r) => setTimeout(r, (SWEEP_S + 1) * 1000));
    expect(seen.filter((e) => !e.online)).toEqual([expect.objectContaining({ user: expect.objectContaining({ id: y.id }), online: false })]);
    // a live node whose entries Redis lost (or a sweep took while the node could not reach Redis)
    // puts them back on its next heartbeat and announces its member again
    const redis = app.get(RedisService);
    const back = next(onA, 'presence', (TTL_S + 2) * 1000);
    await redis.client!.del(`${redis.prefix}presence:channel:${ch.id}`);
    expect(await back).toMatchObject({ channelId: ch.id, user: { id: x.id }, online: true });
    expect((await x.api.get(`/chat/channels/${ch.id}/presence`)).body.online.map((p: { id: number }) => p.id)).toEqual([x.id]);
  } finally {
    await b.kill();
    await a.stop();
  }
});
