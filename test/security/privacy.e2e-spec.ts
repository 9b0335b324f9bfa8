/**
 * Privacy markers (OWASP API3 excessive data exposure, ASVS V8): a marker word placed in private
 * content (test/security/privacy-sources.ts) never comes back to anyone without access — not in
 * any GET route of the API (walked from the route table with the policies' setups, search
 * routes queried for the marker itself), as anonymous, another member, a moderator or the
 * manager of another brand; and not in any socket event their open sockets receive meanwhile. The owner, or the actors a source names, must see it somewhere, so
 * a source that stores nothing cannot pass.
 */
import { startApp, type TestApp } from '../support/app';
import type { Res } from '../support/client';
import { connect, type TestSocket } from '../support/sockets';
import { record } from './counts';
import { SOURCES, newMarker, type PrivacySource } from './privacy-sources';
import { operations, prepare, withQuery, type Operation } from './routes';
import { makeWorld, type Actor, type World } from './world';

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

const OUTSIDERS: Actor[] = ['anonymous', 'member', 'moderator', 'otherManager'];
const SOCKET_OUTSIDERS = ['member', 'moderator', 'otherManager'] as const;
/** query parameters that search text: they are given the marker itself */
const SEARCH = /^(q|query|search|term)$/;

function getRoutes(): Operation[] {
  return operations(app).filter((o) => o.method === 'GET' && o.policy);
}

/** The response text, without the echo of the caller's own search term. */
function leaked(res: Res, marker: string, searched: string | null): boolean {
  let text = res.text;
  if (searched) text = text.split(`"${searched}":"${marker}"`).join('');
  return text.toLowerCase().includes(marker.toLowerCase());
}

interface Call {
  route: string;
  url: string;
  search: string | null;
}

/** Every GET route prepared once on the world (the policies' setups), search routes given the marker. */
async function calls(w: World, marker: string): Promise<Call[]> {
  const out: Call[] = [];
  for (const o of getRoutes()) {
    const p = await prepare(w, o);
    const search = o.params.find((x) => x.in === 'query' && SEARCH.test(x.name))?.name ?? null;
    out.push({ route: o.route, url: search ? withQuery(p.url, search, marker) : p.url, search });
  }
  return out;
}

async function walk(w: World, actor: Actor, marker: string, prepared: Call[]): Promise<{ route: string; hit: boolean }[]> {
  const out: { route: string; hit: boolean }[] = [];
  for (const c of prepared) {
    const res = await w.client(actor).get(c.url);
    out.push({ route: `${c.route} (${res.status})`, hit: leaked(res, marker, c.search) });
  }
  return out;
}

let requests = 0;
let socketEvents = 0;
/** sources whose marker reached the owner's own socket: proves the listening works */
let ownerSocketHits = 0;
afterAll(() => {
  record('privacy: GET requests walked for markers', requests);
  record('privacy: socket events heard by outsiders', socketEvents);
});

it('has private content to guard and GET routes to walk', () => {
  expect(SOURCES.length).toBeGreaterThanOrEqual(4);
  expect(getRoutes().length).toBeGreaterThan(8);
});

describe.each(SOURCES.map((s) => [s.name, s] as [string, PrivacySource]))('%s', (_name, source) => {
  it('never reaches anyone without access, and does reach the owner', async () => {
    const w = await makeWorld(app);
    // the outsiders' sockets listen to everything sent to them while the marker is placed
    const heard: string[] = [];
    const sockets: TestSocket[] = [];
    for (const actor of SOCKET_OUTSIDERS.filter((a) => !source.seenBy?.includes(a))) {
      const s = await connect(app.url, { token: w[actor].api.bearer });
      s.onAny((event: string, ...args: unknown[]) => heard.push(`${actor} ${event} ${JSON.stringify(args)}`));
      sockets.push(s);
    }
    const own = await connect(app.url, { token: w.owner.api.bearer });
    const ownerHeard: string[] = [];
    own.onAny((event: string, ...args: unknown[]) => ownerHeard.push(`${event} ${JSON.stringify(args)}`));
    sockets.push(own);
    const given = newMarker();
    const marker = (await source.place(w, given)) || given;
    await app.drain();
    const prepared = await calls(w, marker);

    const seen: string[] = [];
    for (const actor of ['owner', 'admin', ...(source.seenBy ?? [])] as Actor[]) {
      const walked = await walk(w, actor, marker, prepared);
      requests += walked.length;
      seen.push(...walked.filter((x) => x.hit).map((x) => `${actor}: ${x.route}`));
    }
    expect(seen.length).toBeGreaterThan(0);

    const leaks: string[] = [];
    for (const actor of OUTSIDERS.filter((a) => !source.seenBy?.includes(a))) {
      const walked = await walk(w, actor, marker, prepared);
      requests += walked.length;
      leaks.push(...walked.filter((x) => x.hit).map((x) => `${actor}: ${x.route}`));
    }
    for (const s of sockets) s.close();
    leaks.push(...heard.filter((h) => h.toLowerCase().includes(marker.toLowerCase())));
    if (ownerHeard.some((h) => h.toLowerCase().includes(marker.toLowerCase()))) ownerSocketHits++;
    socketEvents += heard.length;
    expect(leaks).toEqual([]);
  });
});

it('hears private content on the owner’s own socket (the listeners above do listen)', () => {
  // the notification source pushes the marker to the owner's sockets
  expect(ownerSocketHits).toBeGreaterThan(0);
});
