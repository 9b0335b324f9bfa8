import { Db } from '../apps/api/src/database/db.service';
import { NotificationsService } from '../apps/api/src/notifications/notifications.service';
import { SocketRegistry } from '../apps/api/src/realtime/socket-registry';
import { Realtime } from '../apps/api/src/common/realtime';
import { startApp, type TestApp } from './support/app';
import { cookieClient, makeMember } from './support/factories';
import { closed, connect, emitRaw, next, type TestSocket } from './support/sockets';

let app: TestApp;
const open: TestSocket[] = [];
beforeAll(async () => {
  app = await startApp();
  app.get(SocketRegistry).roomKind({
    kind: 'probe',
    authorize: async (user, id) => id === `own-${user.id}`,
  });
});
afterAll(async () => {
  for (const s of open) s.close();
  await app?.close();
});

async function socketFor(auth: Parameters<typeof connect>[1]): Promise<TestSocket> {
  const s = await connect(app.url, auth);
  open.push(s);
  return s;
}
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: { data?: { code: string } }) => e.data?.code ?? 'no code',
  );

describe('handshake', () => {
  it('accepts a bearer token or a cookie from our own origin, and nothing else', async () => {
    const m = await makeMember(app);
    const c = await cookieClient(app, m);
    expect(await refusal(connect(app.url, {}))).toBe('errors.unauthenticated');
    expect(await refusal(connect(app.url, { token: 'wala_nope' }))).toBe('errors.unauthenticated');
    expect(await refusal(connect(app.url, { cookie: c.cookie, origin: 'https://evil.example' }))).toBe('errors.realtime.bad_origin');
    expect(await refusal(connect(app.url, { cookie: c.cookie, origin: null }))).toBe('errors.realtime.bad_origin');
    expect(
      await refusal(
        connect(app.url, {
          token: m.api.bearer,
          origin: 'https://evil.example',
        }),
      ),
    ).toBe('errors.realtime.bad_origin');
    const viaCookie = await socketFor({ cookie: c.cookie });
    expect(await emitRaw(viaCookie, 'ping', {})).toMatchObject({ ok: true });
    const viaToken = await socketFor({ token: m.api.bearer, origin: null });
    expect(await emitRaw(viaToken, 'ping', {})).toMatchObject({
      ok: true,
      data: { at: expect.any(String) },
    });
    // the long-polling transport is not offered
    const res = await fetch(`${app.url}/socket.io/?EIO=4&transport=polling`);
    expect(res.status).toBe(400);
  });

  it('refuses a suspended member, and drops their open sockets when they are suspended', async () => {
    const m = await makeMember(app);
    const s = await socketFor({ token: m.api.bearer });
    const ended = next(s, 'session:ended');
    const gone = closed(s);
    const db = app.get(Db);
    await db.tx(async (em) => {
      await em.query(`UPDATE users SET suspended_until = now() + interval '1 day' WHERE id = $1`, [m.id]);
      await db.publish(em, 'member.suspended', {
        userId: m.id,
        until: new Date(Date.now() + 86_400_000).toISOString(),
        actorId: m.id,
        reason: 'test',
      });
    });
    await app.drain();
    expect(await ended).toEqual({ reason: 'suspended' });
    expect(await gone).toBe('io server disconnect');
    expect(await refusal(connect(app.url, { token: m.api.bearer }))).toBe('errors.auth.suspended');
  });

  it('drops the sockets of a session that signs out', async () => {
    const m = await makeMember(app);
    const c = await cookieClient(app, m);
    const s = await socketFor({ cookie: c.cookie });
    const gone = closed(s);
    expect((await c.post('/auth/logout')).status).toBeLessThan(300);
    expect(await gone).toBe('io server disconnect');
  });
});

describe('client events', () => {
  let s: TestSocket;
  beforeAll(async () => {
    s = await socketFor({
      token: (await makeMember(app, { locale: 'ar' })).api.bearer,
    });
  });

  it('answers every malformed event with an error ack and keeps serving', async () => {
    const code = async (...a: unknown[]) => {
      const r = await emitRaw(s, ...(a as [unknown]));
      return r.ok ? 'ok' : r.error.code;
    };
    expect(await code('nope', {})).toBe('errors.realtime.unknown_event');
    expect(await code(42, {})).toBe('errors.realtime.unknown_event');
    expect(await code('toString', {})).toBe('errors.realtime.unknown_event');
    expect(await code('__proto__', {})).toBe('errors.realtime.unknown_event');
    expect(await code('ping')).toBe('errors.realtime.bad_payload');
    expect(await code('ping', null)).toBe('errors.realtime.bad_payload');
    expect(await code('ping', 'text')).toBe('errors.realtime.bad_payload');
    expect(await code('ping', [1, 2])).toBe('errors.realtime.bad_payload');
    expect(await code('ping', {}, {})).toBe('errors.realtime.bad_payload');
    expect(await code('ping', { extra: 1 })).toBe('errors.realtime.bad_payload');
    expect(await code('room:join', {})).toBe('errors.validation_failed');
    expect(await code('room:join', { kind: 5, id: 'x' })).toBe('errors.validation_failed');
    expect(await code('room:join', { kind: 'probe', id: 'x', more: 1 })).toBe('errors.validation_failed');
    expect(await code('room:join', JSON.parse('{"kind":"probe","id":"x","__proto__":{"admin":true}}'))).toBe('errors.realtime.bad_payload');
    expect(
      await code('room:join', {
        kind: 'probe',
        id: 'x',
        nested: { constructor: { prototype: 1 } },
      }),
    ).toBe('errors.realtime.bad_payload');
    expect(await code('room:join', { kind: 'probe', id: 'x'.repeat(20_000) })).toBe('errors.payload_too_large');
    // messages are in the member's language
    const r = await emitRaw(s, 'nope', {});
    expect(r.ok || r.error.message).toBe('حدث غير معروف.');
    expect(await code('ping', {})).toBe('ok');
  });

  it('drops a socket that sends an oversized packet, answers an array as event name with an error ack, and the node keeps serving', async () => {
    const m = await makeMember(app);
    const big = await socketFor({ token: m.api.bearer });
    const bigGone = closed(big);
    big.emit('ping', { x: 'y'.repeat(100_000) } as never, () => undefined);
    expect(await bigGone).toBe('transport close');
    const arr = await socketFor({ token: m.api.bearer });
    expect(await emitRaw(arr, ['ping'], {})).toMatchObject({ ok: false, error: { code: 'errors.realtime.unknown_event', status: 400 } });
    (arr.emit as (...a: unknown[]) => void)(['ping'], {}); // without an ack: nothing to answer, nothing dropped
    expect(arr.connected).toBe(true);
    expect(await emitRaw(arr, 'ping', {})).toMatchObject({ ok: true });
    expect(await emitRaw(s, 'ping', {})).toMatchObject({ ok: true });
  });

  it('rate-limits each socket', async () => {
    const m = await makeMember(app);
    const r = await socketFor({ token: m.api.bearer });
    const acks = await Promise.all(Array.from({ length: 70 }, () => emitRaw(r, 'ping', {})));
    const limited = acks.filter((a) => !a.ok && a.error.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(10);
    expect(acks.filter((a) => a.ok)).toHaveLength(60);
    // another socket has its own budget
    expect(await emitRaw(s, 'ping', {})).toMatchObject({ ok: true });
  });
});

describe('rooms and pushes', () => {
  it('joins only rooms the kind authorizes, and receives what is sent to them', async () => {
    const m = await makeMember(app);
    const s = await socketFor({ token: m.api.bearer });
    expect(await emitRaw(s, 'room:join', { kind: 'probe', id: 'own-1' })).toMatchObject({ ok: false, error: { status: 404 } });
    expect(await emitRaw(s, 'room:join', { kind: 'nosuch', id: '1' })).toMatchObject({ ok: false, error: { status: 404 } });
    expect(await emitRaw(s, 'room:join', { kind: 'probe', id: `own-${m.id}` })).toEqual({ ok: true, data: { room: `probe:own-${m.id}` } });
    const got = next(s, 'realtime:resync');
    app.get(Realtime).toRoom(`probe:own-${m.id}`, 'realtime:resync', { reason: 'probe' });
    expect(await got).toEqual({ reason: 'probe' });
    expect(await emitRaw(s, 'room:leave', { kind: 'probe', id: `own-${m.id}` })).toMatchObject({ ok: true });
  });

  it('pushes a member their notifications on every socket, and only theirs', async () => {
    const a = await makeMember(app);
    const b = await makeMember(app);
    const a1 = await socketFor({ token: a.api.bearer });
    const a2 = await socketFor({ cookie: (await cookieClient(app, a)).cookie });
    const bs = await socketFor({ token: b.api.bearer });
    let bGot = 0;
    bs.on('notification', () => bGot++);
    const got1 = next(a1, 'notification');
    const got2 = next(a2, 'notification');
    const db = app.get(Db);
    await db.tx((em) => app.get(NotificationsService).notify(em, { userId: a.id, kind: 'mention', data: { x: 1 } }));
    expect(await got1).toMatchObject({ kind: 'mention', data: { x: 1 } });
    expect(await got2).toMatchObject({ kind: 'mention' });
    expect(await emitRaw(bs, 'ping', {})).toMatchObject({ ok: true });
    expect(bGot).toBe(0);
  });

  it('lists every client event with its policy, and each refuses malformed payloads with an error ack', async () => {
    const events = app.get(SocketRegistry).list();
    expect(events.map((e) => e.name)).toEqual(expect.arrayContaining(['ping', 'room:join', 'room:leave', 'chat:send', 'chat:join']));
    const m = await makeMember(app);
    const s = await socketFor({ token: m.api.bearer });
    for (const e of events) {
      expect(e.policy.kind).toMatch(/^(member|roles)$/);
      for (const bad of [null, [1], 'x', JSON.parse('{"__proto__":{"a":1}}'), { x: 'y'.repeat(e.maxBytes + 1) }]) {
        const r = await emitRaw(s, e.name, bad);
        const status = r.ok ? 200 : r.error.status;
        expect({ event: e.name, client_error: status >= 400 && status < 500 }).toEqual({ event: e.name, client_error: true });
      }
    }
    // the socket is still connected (later answers may be 429: the per-socket limit counts these too)
    expect(s.connected).toBe(true);
  });
});
