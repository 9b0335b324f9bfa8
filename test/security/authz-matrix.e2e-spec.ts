/**
 * The authorization matrix (OWASP API1/API5): every REST route of the OpenAPI document, called
 * on objects owned by someone else by anonymous, the owner, another member, a moderator, the
 * manager of another brand and an admin. See policies.ts for the expected answers.
 */
import { startApp, type TestApp } from '../support/app';
import { png, POLICIES, type RouteCase } from './policies/index';
import { ACTORS, makeWorld, type Actor, type World } from './world';

let app: TestApp;
let shared: World;
beforeAll(async () => {
  app = await startApp();
  shared = await makeWorld(app);
});
afterAll(async () => {
  await app?.close();
});

const routesOf = (a: TestApp) =>
  Object.entries(a.wala.openapi.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) =>
    Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/^\/api\/v1/, '')}`),
  );

it('has a stated policy for every route of the API', () => {
  const missing = routesOf(app).filter((r) => !(r in POLICIES));
  const stale = Object.keys(POLICIES).filter((r) => !routesOf(app).includes(r));
  expect({ missing, stale }).toEqual({ missing: [], stale: [] });
});

async function call(w: World, actor: Actor, route: string, c: RouteCase) {
  const [method, template] = route.split(' ');
  const prepared = (await c.setup?.(w)) ?? {};
  let path = template;
  for (const [k, v] of Object.entries(prepared.path ?? {})) path = path.replace(`{${k}}`, encodeURIComponent(String(v)));
  const query = prepared.query ?? c.query;
  if (query) path += `?${query}`;
  let body = prepared.body ?? c.body;
  if (c.multipart) {
    const f = new FormData();
    f.append('file', new Blob([new Uint8Array(await png())], { type: 'image/png' }), 'a.png');
    body = f;
  }
  const client = w.client(actor);
  return client.request(method, path, method === 'GET' ? undefined : (body ?? {}));
}

describe.each(Object.entries(POLICIES))('%s', (route, c) => {
  it.each(ACTORS.filter((a) => c.expect[a] !== undefined))('as %s', async (actor) => {
    const w = c.fresh ? await makeWorld(app) : shared;
    const res = await call(w, actor, route, c);
    expect({ actor, status: res.status, body: res.status >= 500 ? res.body : undefined }).toEqual({ actor, status: c.expect[actor], body: undefined });
  });
});
