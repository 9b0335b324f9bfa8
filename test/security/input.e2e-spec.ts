/**
 * Hostile input against every route of the OpenAPI document (OWASP API8 / ASVS V5): malformed
 * ids, prototype pollution, oversized bodies, huge limits, and CSRF on cookie writes.
 */
import { startApp, type TestApp } from '../support/app';
import { Client } from '../support/client';
import { cookieClient, makeMember } from '../support/factories';

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

type Op = { parameters?: { name: string; in: string; schema?: { type?: string } }[] };
const operations = () =>
  Object.entries(app.wala.openapi.paths as Record<string, Record<string, Op>>).flatMap(([p, ops]) =>
    Object.entries(ops).map(([m, op]) => ({ method: m.toUpperCase(), path: p.replace(/^\/api\/v1/, ''), op })),
  );

const BAD_IDS = ['-1', '0', '0x10', '1e3', '1.5', '1%20OR%201%3D1', "1'--", '%5B1%5D', '99999999999999999999'];

it('answers malformed numeric ids with 400 on every route, before any other check', async () => {
  const admin = await makeMember(app, { role: 'admin' });
  const failures: string[] = [];
  let tried = 0;
  for (const { method, path, op } of operations()) {
    const idParams = (op.parameters ?? []).filter((p) => p.in === 'path' && p.schema?.type === 'number');
    for (const param of idParams) {
      for (const bad of BAD_IDS) {
        let url = path.replace(`{${param.name}}`, bad);
        for (const other of idParams) url = url.replace(`{${other.name}}`, '1');
        const res = await admin.api.request(method, url, method === 'GET' ? undefined : {});
        tried++;
        if (res.status !== 400) failures.push(`${method} ${url} → ${res.status}`);
      }
    }
  }
  expect(tried).toBeGreaterThan(50);
  expect(failures).toEqual([]);
});

it('refuses __proto__ and constructor.prototype in every JSON body without polluting anything', async () => {
  const m = await makeMember(app);
  const failures: string[] = [];
  for (const { method, path } of operations().filter((o) => ['POST', 'PATCH', 'PUT', 'DELETE'].includes(o.method))) {
    const url = path.replace(/\{\w+\}/g, '1');
    for (const raw of ['{"__proto__": {"isAdmin": true}}', '{"constructor": {"prototype": {"isAdmin": true}}}']) {
      const res = await m.api.request(method, url, raw);
      if (res.status !== 400) failures.push(`${method} ${url} ${raw.slice(2, 13)} → ${res.status}`);
    }
  }
  expect(failures).toEqual([]);
  expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
});

it('refuses bodies over 1 MiB on every JSON route with 413', async () => {
  const m = await makeMember(app);
  const big = JSON.stringify({ bio: 'x'.repeat(1024 * 1024 + 10) });
  const failures: string[] = [];
  for (const { method, path } of operations().filter((o) => ['POST', 'PATCH', 'PUT'].includes(o.method))) {
    const res = await m.api.request(method, path.replace(/\{\w+\}/g, '1'), big);
    if (res.status !== 413) failures.push(`${method} ${path} → ${res.status}`);
  }
  expect(failures).toEqual([]);
});

it('clamps limit=1000000 on every list route', async () => {
  const admin = await makeMember(app, { role: 'admin' });
  const lists = operations().filter((o) => o.method === 'GET' && (o.op.parameters ?? []).some((p) => p.name === 'limit'));
  expect(lists.length).toBeGreaterThan(2);
  for (const { path } of lists) {
    const res = await admin.api.get(`${path.replace(/\{\w+\}/g, '1')}?limit=1000000`);
    expect([path, res.status]).toEqual([path, 200]);
    expect(res.body.items.length).toBeLessThanOrEqual(100);
  }
});

it('requires the CSRF token on every cookie-authenticated write', async () => {
  const m = await makeMember(app);
  const failures: string[] = [];
  // routes that require a signed-in caller document a security requirement (@Member / @Roles)
  const writes = operations().filter((o) => o.method !== 'GET' && (o.op as { security?: unknown[] }).security?.length);
  expect(writes.length).toBeGreaterThan(8);
  for (const { method, path: template } of writes) {
    const route = `${method} ${template}`;
    const c: Client = await cookieClient(app, m);
    c.csrf = null;
    const res = await c.request(method, template.replace(/\{\w+\}/g, '1'), {});
    if (res.status !== 403 || res.body.code !== 'csrf') failures.push(`${route} → ${res.status} ${res.body?.code}`);
  }
  expect(failures).toEqual([]);
});
