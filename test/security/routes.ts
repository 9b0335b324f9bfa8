/**
 * The route table of the running API, read from its OpenAPI document, with what the security
 * suites need to call each route on real objects: the policies' setup (test/security/policies)
 * gives path ids, bodies and queries, and the expected statuses tell which actor may succeed.
 * Suites built on this cover routes that land later without being edited.
 */
import type { TestApp } from '../support/app';
import type { Client, Res } from '../support/client';
import { png, POLICIES, type RouteCase } from './policies/index';
import { ACTORS, type Actor, type World } from './world';

export interface Param {
  name: string;
  in: string;
  schema?: { type?: string; $ref?: string };
}

export interface Operation {
  method: string;
  /** the template without the /api/v1 prefix, as the policies name it: `/brands/{id}` */
  path: string;
  route: string;
  params: Param[];
  /** signed-in routes document a security requirement (@Member / @Roles) */
  signedIn: boolean;
  /** the properties of the JSON body's schema, or null when the route takes no JSON body */
  bodyFields: string[] | null;
  policy: RouteCase | undefined;
}

type Schema = { properties?: Record<string, unknown>; $ref?: string; allOf?: Schema[] };
type RawOp = {
  parameters?: Param[];
  security?: unknown[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
};

const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const isWrite = (method: string) => WRITE.has(method);

function fieldsOf(components: Record<string, Schema>, s: Schema | undefined): string[] | null {
  if (!s) return null;
  if (s.$ref) return fieldsOf(components, components[s.$ref.split('/').pop()!]);
  if (s.allOf) return s.allOf.flatMap((x) => fieldsOf(components, x) ?? []);
  return Object.keys(s.properties ?? {});
}

export function operations(app: TestApp): Operation[] {
  const doc = app.wala.openapi as unknown as { paths: Record<string, Record<string, RawOp>>; components?: { schemas?: Record<string, Schema> } };
  const components = doc.components?.schemas ?? {};
  return Object.entries(doc.paths).flatMap(([p, ops]) =>
    Object.entries(ops).map(([m, op]) => {
      const method = m.toUpperCase();
      const path = p.replace(/^\/api\/v1/, '');
      const route = `${method} ${path}`;
      return {
        method,
        path,
        route,
        params: op.parameters ?? [],
        signedIn: !!op.security?.length,
        bodyFields: fieldsOf(components, op.requestBody?.content?.['application/json']?.schema),
        policy: POLICIES[route],
      };
    }),
  );
}

/** Path parameters that hold a numeric id (`{id}`, `{userId}`, documented as numbers). */
export const idParams = (o: Operation) =>
  o.params.filter((p) => p.in === 'path' && (p.schema?.type === 'number' || p.schema?.type === 'integer' || /^(id|\w+Id)$/.test(p.name)));

/** The actors whose call the policy expects to succeed (2xx), owner first. */
export function succeeding(c: RouteCase | undefined): Actor[] {
  if (!c) return [];
  return ACTORS.filter((a) => (c.expect[a] ?? 0) >= 200 && (c.expect[a] ?? 0) < 300);
}

export interface Prepared {
  url: string;
  body: unknown;
}

/** Runs the policy's setup for a route and fills its path: a call that its owner may make. */
export async function prepare(w: World, o: Operation): Promise<Prepared> {
  const c = o.policy;
  const prepared = (await c?.setup?.(w)) ?? {};
  let url = o.path;
  for (const [k, v] of Object.entries(prepared.path ?? {})) url = url.replace(`{${k}}`, encodeURIComponent(String(v)));
  url = url.replace(/\{\w+\}/g, '1');
  const query = prepared.query ?? c?.query;
  if (query) url += `?${query}`;
  let body = prepared.body ?? c?.body;
  if (c?.multipart) {
    const f = new FormData();
    f.append('file', new Blob([new Uint8Array(await png())], { type: 'image/png' }), 'a.png');
    body = f;
  }
  return { url, body: o.method === 'GET' ? undefined : (body ?? {}) };
}

export async function callAs(client: Client, o: Operation, p: Prepared, patch: { url?: string; body?: unknown } = {}): Promise<Res> {
  return client.request(o.method, patch.url ?? p.url, 'body' in patch ? patch.body : p.body);
}

/** Adds a query parameter to a prepared url, replacing one of the same name. */
export function withQuery(url: string, name: string, value: string): string {
  const [path, q = ''] = url.split('?');
  const params = new URLSearchParams(q);
  params.set(name, value);
  return `${path}?${params.toString()}`;
}

/** Runs `fn` over the items, `n` at a time (requests that do not depend on each other). */
export async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}
