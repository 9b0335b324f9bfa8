/**
 * The socket matrix (the NodeBB/Discourse class of advisories: crashes and privilege escalation
 * through crafted socket.io events). Every client event of the gateway's registry
 * (SocketRegistry.list(), so events that land later are covered without editing this file) gets
 * malformed payloads — wrong types, missing, extra arguments, prototype keys, deep nesting,
 * oversized — and must answer with an error ack (4xx) or drop the socket, never a 5xx and never
 * silence; role-restricted events refuse other roles with 403. Hostile event names and raw
 * frames, handshakes without a live session, per-socket rate limits, and the end of a session
 * reaching its sockets. After each, the process still answers.
 */
import { Db } from '../../apps/api/src/database/db.service';
import { SOCKET_EVENT_LIMIT, SocketRegistry, type SocketEventInfo } from '../../apps/api/src/realtime/socket-registry';
import { startApp, type TestApp } from '../support/app';
import { Client } from '../support/client';
import { cookieClient, makeMember, PASSWORD, type Member } from '../support/factories';
import { closed, connect, next, type TestSocket } from '../support/sockets';
import { record } from './counts';

let app: TestApp;
const open: TestSocket[] = [];
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  for (const s of open) s.close();
  await app?.close();
});

async function socketOf(m: Member): Promise<TestSocket> {
  const s = await connect(app.url, { token: m.api.bearer });
  open.push(s);
  return s;
}

type Outcome = { ack: { ok: boolean; error?: { status: number; code: string } } } | { disconnected: string } | { silence: true };

/** Emits anything and resolves with the ack, the disconnection, or silence after a few seconds. */
function attempt(s: TestSocket, event: unknown, args: unknown[]): Promise<Outcome> {
  return new Promise((resolve) => {
    if (s.disconnected) return resolve({ disconnected: 'already' });
    const timer = setTimeout(() => resolve({ silence: true }), 5000);
    const onClose = (reason: string) => {
      clearTimeout(timer);
      resolve({ disconnected: reason });
    };
    s.once('disconnect', onClose);
    (s.emit as (...a: unknown[]) => void)(event, ...args, (res: { ok: boolean; error?: { status: number; code: string } }) => {
      clearTimeout(timer);
      s.off('disconnect', onClose);
      resolve({ ack: res });
    });
  });
}

/** A refusal: an error ack below 500 (not a rate limit standing in for the check), or a dropped socket. */
const refused = (o: Outcome) =>
  ('disconnected' in o) || ('ack' in o && o.ack.ok === false && !!o.ack.error && o.ack.error.status >= 400 && o.ack.error.status < 500 && o.ack.error.status !== 429);

const events = (): SocketEventInfo[] => app.get(SocketRegistry).list();

/** The process still serves HTTP and new sockets, and nothing was polluted. */
async function stillUp(m: Member) {
  expect((await new Client(app.url).get('/api/health')).status).toBe(200);
  const s = await socketOf(m);
  expect(await attempt(s, 'ping', [{}])).toMatchObject({ ack: { ok: true } });
  expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

const json = (text: string) => JSON.parse(text) as unknown;
let deep: unknown = { leaf: 1 };
for (let i = 0; i < 40; i++) deep = { d: deep };

/** Payloads (the argument lists after the event name) that no event may accept. */
const MALFORMED = (e: SocketEventInfo): [string, unknown[]][] => [
  ['no payload', []],
  ['text', ['hello']],
  ['number', [42]],
  ['boolean', [true]],
  ['null', [null]],
  ['array', [[{ id: 1 }]]],
  ['two payloads', [{}, {}]],
  ['__proto__', [json('{"__proto__": {"isAdmin": true, "polluted": 1}}')]],
  ['constructor.prototype', [json('{"constructor": {"prototype": {"isAdmin": true, "polluted": 1}}}')]],
  ['nested __proto__', [json('{"id": 1, "kind": "x", "body": {"__proto__": {"polluted": 1}}}')]],
  ['40 levels deep', [deep]],
  ['unknown field', [{ isAdmin: true, role: 'admin', userId: 1 }]],
  ['over the event size', [{ body: 'x'.repeat(e.maxBytes + 16) }]],
];

it('has client events to try', () => {
  expect(events().map((e) => e.name)).toEqual(expect.arrayContaining(['ping', 'room:join', 'room:leave']));
});


it('refuses malformed payloads on every registered event with an error ack or a disconnect, and stays up', async () => {
  const m = await makeMember(app);
  const failures: string[] = [];
  let tried = 0;
  for (const e of events()) {
    for (const [label, args] of MALFORMED(e)) {
      const s = await socketOf(m); // a fresh socket each time: the per-socket limit must not answer instead
      const o = await attempt(s, e.name, args);
      tried++;
      if (!refused(o)) failures.push(`${e.name} with ${label}: ${JSON.stringify(o)}`);
      s.close();
    }
  }
  record('sockets: malformed payloads', tried);
  expect(tried).toBeGreaterThanOrEqual(events().length * 13);
  expect(failures).toEqual([]);
  await stillUp(m);
});

it('refuses role-restricted events to every other role with 403', async () => {
  const restricted = events().filter((e) => e.policy.kind === 'roles');
  const failures: string[] = [];
  let tried = 0;
  for (const role of ['member', 'moderator', 'admin'] as const) {
    const m = await makeMember(app, { role });
    for (const e of restricted) {
      if (e.policy.kind !== 'roles' || e.policy.roles.includes(role)) continue;
      const s = await socketOf(m);
      const o = await attempt(s, e.name, [{}]);
      tried++;
      if (!('ack' in o) || o.ack.error?.status !== 403) failures.push(`${e.name} as ${role}: ${JSON.stringify(o)}`);
      s.close();
    }
  }
  record('sockets: role policy', tried);
  expect(failures).toEqual([]);
});

it('refuses hostile event names, with or without an ack', async () => {
  const m = await makeMember(app);
  const names: [string, unknown][] = [
    ['unregistered', 'admin:grant'],
    ['__proto__', '__proto__'],
    ['constructor', 'constructor'],
    ['toString', 'toString'],
    ['hasOwnProperty', 'hasOwnProperty'],
    ['empty', ''],
    ['10 000 characters', 'e'.repeat(10_000)],
    ['array', ['ping']],
    ['object', { name: 'ping' }],
    ['number', 7],
    ['null', null],
  ];
  const failures: string[] = [];
  for (const [label, name] of names) {
    const s = await socketOf(m);
    const o = await attempt(s, name, [{}]);
    // asked for an ack: an unknown-event ack, whatever the name's type (an array, an object or
    // null used to drop the connection with no answer), and the socket keeps working
    const answered = 'ack' in o && o.ack.ok === false && o.ack.error?.status === 400 && o.ack.error.code === 'errors.realtime.unknown_event';
    if (!answered || !refused(o)) failures.push(`${label}: ${JSON.stringify(o)}`);
    else if (!('ack' in (await attempt(s, 'ping', [{}])))) failures.push(`${label}: the socket stopped answering`);
    // and without an ack callback: nothing to answer, but the socket must not take the node down
    const s2 = await socketOf(m);
    (s2.emit as (...a: unknown[]) => void)(name, {});
    s2.close();
    s.close();
  }
  record('sockets: hostile event names', names.length * 2);
  expect(failures).toEqual([]);
  await stillUp(m);
});

it('survives raw frames: garbage, reserved names, unknown namespaces, dangling binary attachments', async () => {
  const m = await makeMember(app);
  const frames = [
    '2[', '2{"a":1}', '2"ping"', '2[]', '2[null]', '9', '2' + '['.repeat(5000), '2["connect",{}]', '2["disconnect"]',
    '2["disconnecting",{}]', '2["newListener","x"]', '21["ping",{}]', '2/admin,["ping",{}]', '0/admin,{}', '5999999-["ping",{"_placeholder":true,"num":0}]',
    '51-["ping",{"_placeholder":true,"num":5}]', '3', '4', '1', '2["ping",{"__proto__":{"polluted":1}}]',
  ];
  for (const f of frames) {
    const s = await socketOf(m);
    (s.io.engine as unknown as { write(msg: string): void }).write(f);
    // the frame either drops this socket or leaves it working
    const o = await attempt(s, 'ping', [{}]);
    expect([f, 'disconnected' in o || ('ack' in o && o.ack.ok)]).toEqual([f, true]);
    s.close();
  }
  record('sockets: raw frames', frames.length);
  await stillUp(m);
});

it('answers an ack to event frames named by no string (or a reserved name), and the socket keeps working', async () => {
  const m = await makeMember(app);
  const frames = ['["ping"]', '{"name":"ping"}', 'null', '{"__proto__":{"polluted":1}}', '"disconnecting"', '"disconnect"', '"newListener"', '"connect"'];
  for (const name of frames) {
    const s = await socketOf(m);
    const engine = s.io.engine as unknown as { write(msg: string): void; on(e: 'packet', f: (p: { type: string; data?: unknown }) => void): void };
    const ack = new Promise<unknown>((resolve) => {
      const timer = setTimeout(() => resolve('silence'), 5000);
      engine.on('packet', (p) => {
        if (p.type !== 'message' || typeof p.data !== 'string' || !p.data.startsWith('3900[')) return;
        clearTimeout(timer);
        resolve(JSON.parse(p.data.slice(4))[0]);
      });
    });
    engine.write(`2900[${name},{}]`); // an event with ack id 900
    expect([name, await ack]).toEqual([name, expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'errors.realtime.unknown_event', status: 400 }) })]);
    expect([name, await attempt(s, 'ping', [{}])]).toEqual([name, { ack: expect.objectContaining({ ok: true }) }]);
    s.close();
  }
  record('sockets: event frames without a name', frames.length);
  await stillUp(m);
});

it('drops a socket that sends a frame over the transport limit', async () => {
  const m = await makeMember(app);
  const s = await socketOf(m);
  const gone = closed(s);
  (s.emit as (...a: unknown[]) => void)('ping', { body: 'x'.repeat(200 * 1024) });
  expect(await gone).toMatch(/transport close|io server disconnect|transport error/);
  await stillUp(m);
});

it('never lets a socket into another member’s private rooms, nor into unknown or malformed rooms', async () => {
  const m = await makeMember(app);
  const victim = await makeMember(app);
  const kinds = app.get(SocketRegistry).roomKinds();
  const refusedJoins: [string, unknown][] = [
    ['user room of another member', { kind: 'user', id: String(victim.id) }],
    ['session room', { kind: 'session', id: '1' }],
    ['unknown kind', { kind: 'nope', id: '1' }],
    ...kinds.flatMap((kind): [string, unknown][] => [
      [`${kind} with a path`, { kind, id: '../user:1' }],
      [`${kind} with SQL`, { kind, id: "1' OR '1'='1" }],
      [`${kind} with a room separator`, { kind, id: `1:user:${victim.id}` }],
      [`${kind} with an array id`, { kind, id: ['1'] }],
      [`${kind} with a 1000-character id`, { kind, id: '1'.repeat(1000) }],
    ]),
  ];
  const failures: string[] = [];
  for (const [label, payload] of refusedJoins) {
    const s = await socketOf(m);
    const o = await attempt(s, 'room:join', [payload]);
    if (!refused(o)) failures.push(`${label}: ${JSON.stringify(o)}`);
    s.close();
  }
  record('sockets: refused room joins', refusedJoins.length);
  expect(failures).toEqual([]);
  await stillUp(m);
});

describe('handshake', () => {
  const refusal = (p: Promise<TestSocket>) =>
    p.then(
      (s) => {
        open.push(s);
        return 'accepted';
      },
      (e: { data?: { code?: string; status?: number } }) => e.data?.status ?? 'refused',
    );

  it('refuses every handshake without a live session of a member in good standing', async () => {
    const m = await makeMember(app);
    const cookie = await cookieClient(app, m);
    const revoked = await makeMember(app);
    await revoked.api.delete('/auth/tokens/current');
    const expired = await makeMember(app);
    await app.get(Db).ds.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [expired.id]);
    const deleted = await makeMember(app);
    await deleted.api.delete('/me', { password: PASSWORD });
    const suspended = await makeMember(app);
    await app.get(Db).ds.query(`UPDATE users SET suspended_until = now() + interval '1 day' WHERE id = $1`, [suspended.id]);
    const cases: [string, Parameters<typeof connect>[1]][] = [
      ['nothing', {}],
      ['a made-up token', { token: 'wala_' + 'A'.repeat(43) }],
      ['an empty token', { token: '' }],
      ['a 10 kB token', { token: 'x'.repeat(10_000) }],
      ['a cookie session id as a token', { token: cookie.cookie!.split('=')[1] }],
      ['a revoked token', { token: revoked.api.bearer }],
      ['an expired token', { token: expired.api.bearer }],
      ['the token of a deleted account', { token: deleted.api.bearer }],
      ['the token of a suspended member', { token: suspended.api.bearer }],
      ['the cookie from another site', { cookie: cookie.cookie, origin: 'https://evil.example' }],
      ['the cookie without an Origin', { cookie: cookie.cookie, origin: null }],
      ['the bearer token as a cookie', { cookie: `wala_session=${m.api.bearer}` }],
    ];
    const answers = await Promise.all(cases.map(async ([label, auth]) => [label, await refusal(connect(app.url, auth))]));
    record('sockets: refused handshakes', cases.length);
    for (const [label, a] of answers) expect([label, a]).toEqual([label, expect.any(Number)]);
    for (const [label, a] of answers) expect([label, a === 401 || a === 403]).toEqual([label, true]);
    // and the real ones still work
    expect(await refusal(connect(app.url, { token: m.api.bearer }))).toBe('accepted');
    expect(await refusal(connect(app.url, { cookie: cookie.cookie }))).toBe('accepted');
  });

  it('offers no long-polling transport (so no cookie-riding polling requests)', async () => {
    const res = await fetch(`${app.url}/socket.io/?EIO=4&transport=polling`);
    expect(res.status).toBeGreaterThanOrEqual(400);
  });
});

describe('rate limits per socket', () => {
  it('answers 429 past the general per-socket limit while other sockets and members go on', async () => {
    const m = await makeMember(app);
    const other = await makeMember(app);
    const s = await socketOf(m);
    const answers: number[] = [];
    for (let i = 0; i <= SOCKET_EVENT_LIMIT.points; i++) {
      const o = await attempt(s, 'ping', [{}]);
      answers.push('ack' in o ? (o.ack.ok ? 200 : o.ack.error!.status) : 0);
    }
    expect(answers).toEqual([...Array(SOCKET_EVENT_LIMIT.points).fill(200), 429]);
    expect(await attempt(await socketOf(other), 'ping', [{}])).toMatchObject({ ack: { ok: true } });
  });

  it('answers 429 at each event’s own limit, counted even for refused payloads', async () => {
    const limited = events().filter((e) => e.limit);
    let tried = 0;
    for (const e of limited) {
      const m = await makeMember(app);
      const s = await socketOf(m);
      const cap = Math.min(e.limit!.points, SOCKET_EVENT_LIMIT.points);
      const answers: number[] = [];
      for (let i = 0; i <= cap; i++) {
        const o = await attempt(s, e.name, [{ malformed: true }]);
        answers.push('ack' in o && !o.ack.ok ? o.ack.error!.status : 0);
      }
      tried++;
      expect([e.name, answers[cap]]).toEqual([e.name, 429]);
      expect([e.name, answers.slice(0, cap).includes(429)]).toEqual([e.name, false]);
    }
    record('sockets: per-event limits', tried);
  });
});

describe('the end of a session reaches its sockets', () => {
  async function endedBy(end: (m: Member) => Promise<unknown>) {
    const m = await makeMember(app);
    const s = await socketOf(m);
    const ended = next(s, 'session:ended');
    const gone = closed(s);
    await end(m);
    await app.drain();
    expect(await ended).toEqual({ reason: expect.any(String) });
    expect(await gone).toBe('io server disconnect');
    return m;
  }

  it('at logout (token revoked)', async () => {
    await endedBy((m) => m.api.delete('/auth/tokens/current'));
  });

  it('at password change from another session', async () => {
    await endedBy(async (m) => {
      const web = new Client(app.url);
      await web.post('/auth/login', { email: m.email, password: PASSWORD });
      expect((await web.post('/me/password', { currentPassword: PASSWORD, newPassword: 'another long passphrase' })).status).toBe(204);
    });
  });

  it('at account deletion', async () => {
    await endedBy(async (m) => expect((await m.api.delete('/me', { password: PASSWORD })).status).toBe(204));
  });
});
