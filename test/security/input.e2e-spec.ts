/**
 * Hostile input against every route of the OpenAPI document (OWASP API3/API6/API8, ASVS V5 and
 * V50 (CSRF)): malformed ids in paths and queries, mass assignment of privileged fields,
 * prototype pollution, oversized bodies, huge limits, and CSRF on cookie writes. Routes are read
 * from the route table and prepared with the policies' setup (test/security/routes.ts), so areas
 * that land later are covered without editing this file.
 */
import { startApp, type TestApp } from '../support/app';
import { Client } from '../support/client';
import { cookieClient, makeMember, type Member } from '../support/factories';
import { record } from './counts';
import { judge } from './findings';
import { callAs, idParams, isWrite, operations, pool, prepare, succeeding, withQuery, type Operation } from './routes';
import { makeWorld, type World } from './world';

let app: TestApp;
let admin: Member;
let w: World;
beforeAll(async () => {
  app = await startApp();
  admin = await makeMember(app, { role: 'admin' });
  w = await makeWorld(app);
});
afterAll(async () => {
  await app?.close();
});

/** Path ids that are not a positive integer, URL-encoded: numbers in disguise, arrays, objects, SQL. */
const BAD_IDS = [
  '-1', '0', '-0', '0x10', '1e3', '1.5', '+1', '%201', 'NaN', 'Infinity', 'null', 'true',
  '%5B1%5D', '1,2', '%7B%22id%22%3A1%7D', '%5Bobject%20Object%5D',
  '1%20OR%201%3D1', "1'--", '1%3B%20DROP%20TABLE%20users', '1%20UNION%20SELECT%20password_hash%20FROM%20users',
  '99999999999999999999', '9007199254740993',
];

it('answers malformed ids in every id path parameter with 400, before any other check', async () => {
  const failures: string[] = [];
  const cases: { method: string; url: string }[] = [];
  // every route's id parameters get the SQL text and a rotating share of the rest, so every bad
  // id meets many routes and the whole table is covered without 20 requests per route
  let turn = 0;
  for (const o of operations(app)) {
    for (const param of idParams(o)) {
      const share = ['1%20OR%201%3D1', ...Array.from({ length: 6 }, () => BAD_IDS[turn++ % BAD_IDS.length])];
      for (const bad of new Set(share)) cases.push({ method: o.method, url: o.path.replace(`{${param.name}}`, bad).replace(/\{\w+\}/g, '1') });
    }
  }
  await pool(cases, 6, async ({ method, url }) => {
    const res = await admin.api.request(method, url, method === 'GET' ? undefined : {});
    if (res.status !== 400) failures.push(`${method} ${url} → ${res.status}`);
  });
  record('input: malformed path ids', cases.length);
  expect(cases.length).toBeGreaterThan(50);
  expect(failures).toEqual([]);
}, 300_000);

/** Query parameters that carry an id: `?categoryId=`, `?userId=`, `?brandId=`. */
const queryIds = (o: Operation) => o.params.filter((p) => p.in === 'query' && /^(id|\w+Id)$/.test(p.name));
// (the query parser makes a repeated parameter an array; `x[]=` and `x[a]=` are other names, ignored)
const BAD_QUERY_IDS = (name: string) => [
  `${name}=1&${name}=2`, `${name}=-1`, `${name}=0`, `${name}=0x10`, `${name}=1e3`, `${name}=1.5`, `${name}=%201`,
  `${name}=1%20OR%201%3D1`, `${name}=1'--`, `${name}=99999999999999999999`,
];

it('answers id query parameters given as arrays, objects, negatives or SQL with 400', async () => {
  const failures: string[] = [];
  let tried = 0;
  for (const o of operations(app).filter((x) => x.method === 'GET')) {
    for (const p of queryIds(o)) {
      for (const q of BAD_QUERY_IDS(p.name)) {
        const url = `${o.path.replace(/\{\w+\}/g, '1')}?${q}`;
        const res = await admin.api.get(url);
        tried++;
        if (res.status !== 400) failures.push(`GET ${url} → ${res.status}`);
      }
    }
  }
  record('input: malformed query ids', tried);
  expect(failures).toEqual([]);
});

let keys = 0;
/** Fields a member must never set through a body, with values that would be worth stealing. */
const PRIVILEGED: Record<string, unknown> = {
  role: 'admin', isAdmin: true, points: 1_000_000, balance: 1_000_000, brandId: 1, userId: 1,
  ownerId: 1, emailVerified: true, suspendedUntil: null, managedBrandIds: [1],
};

it('refuses privileged fields a write route does not take (mass assignment) with 400 naming each field', async () => {
  const failures: string[] = [];
  let tried = 0;
  const writes = operations(app).filter((o) => isWrite(o.method) && o.bodyFields);
  expect(writes.length).toBeGreaterThan(8);
  for (const o of writes) {
    const actor = succeeding(o.policy)[0] ?? 'admin';
    // the route takes some on purpose (e.g. the userId of a new manager): those are its own business
    const smuggled = Object.fromEntries(Object.entries(PRIVILEGED).filter(([f]) => !o.bodyFields!.includes(f)));
    const world = o.policy?.fresh ? await makeWorld(app) : w;
    const p = await prepare(world, o);
    const base = p.body && typeof p.body === 'object' && !(p.body instanceof FormData) ? p.body : {};
    // with an Idempotency-Key, so routes that spend value reach their body validation
    const res = await world.client(actor).request(o.method, p.url, { ...base, ...smuggled }, { 'idempotency-key': `mass-${++keys}-assignment` });
    tried += Object.keys(smuggled).length;
    const named = new Set(Array.isArray(res.body?.errors) ? res.body.errors.filter((e: { code?: string }) => e.code === 'unknown_field').map((e: { field: string }) => e.field) : []);
    const missed = Object.keys(smuggled).filter((f) => !named.has(f));
    if (res.status !== 400 || missed.length) failures.push(`${o.route} as ${actor} → ${res.status}, not refused: ${missed.join(', ')}`);
  }
  record('input: mass assignment (route × field)', tried);
  expect(failures).toEqual([]);
  // and nothing was granted: nobody of the world became an admin or a manager by it
  expect((await w.member.api.get('/me')).body.role).toBe('member');
  expect((await w.owner.api.get('/me')).body.role).toBe('member');
});

const POLLUTING = [
  '{"__proto__": {"isAdmin": true}}',
  '{"constructor": {"prototype": {"isAdmin": true}}}',
  '{"a": {"__proto__": {"isAdmin": true}}}',
  '{"a": [{"constructor": {"prototype": {"isAdmin": true}}}]}',
];

it('refuses __proto__ and constructor.prototype in every JSON body and query, leaving Object.prototype untouched', async () => {
  const before = Object.getOwnPropertyNames(Object.prototype).sort();
  const m = await makeMember(app);
  const failures: string[] = [];
  let tried = 0;
  const cases: { method: string; url: string; body?: string }[] = [];
  for (const o of operations(app)) {
    const url = o.path.replace(/\{\w+\}/g, '1');
    if (isWrite(o.method)) for (const raw of POLLUTING) cases.push({ method: o.method, url, body: raw });
    else for (const q of ['__proto__[isAdmin]=1', '__proto__=1', 'constructor[prototype][isAdmin]=1']) cases.push({ method: 'GET', url: `${url}?${q}` });
  }
  await pool(cases, 6, async ({ method, url, body }) => {
    const res = await m.api.request(method, url, body);
    tried++;
    // a JSON body carrying them is refused; in a query they are just unknown names, never a crash
    if (body ? res.status !== 400 : res.status >= 500) failures.push(`${method} ${url} ${body ?? ''} → ${res.status}`);
  });
  record('input: prototype pollution', tried);
  expect(failures).toEqual([]);
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
  expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  expect((await m.api.get('/me')).body.role).toBe('member');
});

it('refuses bodies over 1 MiB on every write route with 413', async () => {
  const m = await makeMember(app);
  const big = JSON.stringify({ bio: 'x'.repeat(1024 * 1024 + 10) });
  const failures: string[] = [];
  const writes = operations(app).filter((o) => ['POST', 'PATCH', 'PUT'].includes(o.method));
  for (const o of writes) {
    const res = await m.api.request(o.method, o.path.replace(/\{\w+\}/g, '1'), big);
    if (res.status !== 413) failures.push(`${o.route} → ${res.status}`);
  }
  record('input: oversized bodies', writes.length);
  expect(failures).toEqual([]);
});

it('clamps limit=1000000 to at most 100 items on every list route, called on real objects', async () => {
  const lists = operations(app).filter((o) => o.method === 'GET' && o.params.some((p) => p.name === 'limit'));
  expect(lists.length).toBeGreaterThan(2);
  const failing = new Map<string, string>();
  for (const o of lists) {
    const actor = succeeding(o.policy)[0] ?? 'admin';
    const p = await prepare(w, o);
    const res = await w.client(actor).get(withQuery(p.url, 'limit', '1000000'));
    if (res.status !== 200 || !Array.isArray(res.body?.items) || res.body.items.length > 100) {
      failing.set(`limit: ${o.route}`, `${o.route} as ${actor} → ${res.status} ${Array.isArray(res.body?.items) ? res.body.items.length : 'no items'}`);
    }
  }
  record('input: limit clamped', lists.length);
  expect(judge('limit', failing)).toEqual({ unexpected: [], fixed: [] });
});

describe('CSRF on cookie-authenticated writes', () => {
  it('refuses every signed-in write without the CSRF token, or with another session’s, with 403 csrf', async () => {
    const m = await makeMember(app);
    const other = await cookieClient(app, await makeMember(app));
    const failures: string[] = [];
    const writes = operations(app).filter((o) => isWrite(o.method) && o.signedIn);
    expect(writes.length).toBeGreaterThan(8);
    const c: Client = await cookieClient(app, m);
    c.csrf = null;
    const cases = writes.flatMap((o) => [null, other.csrf, 'x'.repeat(43), ''].map((token) => ({ o, token })));
    await pool(cases, 6, async ({ o, token }) => {
      const extra: Record<string, string> = token === null ? {} : { 'x-csrf-token': token };
      const res = await c.request(o.method, o.path.replace(/\{\w+\}/g, '1'), {}, extra);
      if (res.status !== 403 || res.body.code !== 'csrf') failures.push(`${o.route} token=${token?.slice(0, 6)} → ${res.status} ${res.body?.code}`);
    });
    record('input: CSRF (signed-in writes × 4 tokens)', writes.length * 4);
    expect(failures).toEqual([]);
    // the session itself still works with its own token
    expect((await (await cookieClient(app, m)).patch('/me', { bio: 'still here' })).status).toBe(200);
  });

  it('treats a public write with a cookie but no CSRF token as an anonymous one', async () => {
    const failures: string[] = [];
    const writes = operations(app).filter((o) => isWrite(o.method) && !o.signedIn && o.policy?.expect.anonymous !== undefined);
    for (const o of writes) {
      const c = await cookieClient(app, w.member);
      c.csrf = null;
      const p = await prepare(w, o);
      const res = await callAs(c, o, p);
      if (res.status !== o.policy!.expect.anonymous) failures.push(`${o.route} → ${res.status}, anonymous gets ${o.policy!.expect.anonymous}`);
    }
    record('input: CSRF (public writes)', writes.length);
    expect(failures).toEqual([]);
  });
});
