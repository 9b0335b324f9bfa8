import { challengeBody, closeGiveaway, eventBody, giveawayBody } from '../../support/engagement';
import { makeMember } from '../../support/factories';
import type { World } from '../world';
import { PUBLIC, SIGNED_IN, type RouteCase } from './core';

/**
 * brand objects: the brand's manager (owner) and admins act; everyone else gets the 404 of a
 * missing one. (`member` is left out: the core policy of POST /admin/brands/{id}/managers makes
 * the shared world's member a manager of the same brand before these run.)
 */
const BRAND_ONLY = (ok: number) => ({ anonymous: 401, owner: ok, moderator: 404, otherManager: 404, admin: ok });

async function challenge(w: World, extra: Record<string, unknown> = {}): Promise<number> {
  const res = await w.owner.api.post('/challenges', challengeBody(w.brand.id, extra));
  if (res.status !== 201) throw new Error(`challenge: ${res.status} ${res.text}`);
  return res.body.id as number;
}

async function event(w: World): Promise<number> {
  const res = await w.owner.api.post('/events', eventBody(w.brand.id));
  if (res.status !== 201) throw new Error(`event: ${res.status} ${res.text}`);
  return res.body.id as number;
}

async function giveaway(w: World, o: { drawn?: boolean } = {}): Promise<number> {
  const res = await w.owner.api.post('/giveaways', giveawayBody(w.brand.id, { winnersCount: 1, alternatesCount: 1 }));
  if (res.status !== 201) throw new Error(`giveaway: ${res.status} ${res.text}`);
  const id = res.body.id as number;
  if (o.drawn) {
    for (const m of [await makeMember(w.app), await makeMember(w.app)]) await m.api.post(`/giveaways/${id}/entries`, {});
    await closeGiveaway(w.app, id);
    await w.owner.api.post(`/giveaways/${id}/draw`);
  }
  return id;
}

const QUIZ = {
  kind: 'quiz',
  steps: undefined,
  maxAttempts: 9,
  quiz: [{ prompt: 'Q', promptAr: 'س', options: ['a', 'b'], optionsAr: ['أ', 'ب'], correct: 0 }],
};

export const ENGAGEMENT_POLICIES: Record<string, RouteCase> = {
  // challenges: anyone reads; members take part; the brand's managers and admins run them
  'GET /challenges': { expect: PUBLIC(200) },
  'POST /challenges': { setup: async (w) => ({ body: challengeBody(w.brand.id) }), expect: BRAND_ONLY(201) },
  'GET /challenges/{id}': { setup: async (w) => ({ path: { id: await challenge(w) } }), expect: PUBLIC(200) },
  'PATCH /challenges/{id}': { setup: async (w) => ({ path: { id: await challenge(w) }, body: { titleAr: 'تحدٍ' } }), expect: BRAND_ONLY(200) },
  'POST /challenges/{id}/cancel': { setup: async (w) => ({ path: { id: await challenge(w) } }), body: { reason: 'policy' }, expect: BRAND_ONLY(200) },
  'POST /challenges/{id}/join': { setup: async (w) => ({ path: { id: await challenge(w) } }), expect: SIGNED_IN(200) },
  'GET /challenges/{id}/quiz': { setup: async (w) => ({ path: { id: await challenge(w, QUIZ) } }), expect: BRAND_ONLY(200) },
  'POST /challenges/{id}/quiz': { setup: async (w) => ({ path: { id: await challenge(w, QUIZ) }, body: { answers: [0] } }), expect: SIGNED_IN(200) },
  'POST /challenges/{id}/submissions': {
    setup: async (w) => ({ path: { id: await challenge(w, { kind: 'submission', steps: undefined }) }, body: { text: 'done' } }),
    expect: SIGNED_IN(201),
  },
  'GET /challenges/{id}/submissions': { setup: async (w) => ({ path: { id: await challenge(w) } }), expect: BRAND_ONLY(200) },
  'POST /challenge-submissions/{id}/review': {
    setup: async (w) => {
      const id = await challenge(w, { kind: 'submission', steps: undefined });
      const s = await w.member.api.post(`/challenges/${id}/submissions`, { text: 'please' });
      return { path: { id: s.body.id as number }, body: { approve: false, reason: 'no' } };
    },
    expect: BRAND_ONLY(200),
  },
  'GET /challenges/{id}/leaderboard': { setup: async (w) => ({ path: { id: await challenge(w) } }), expect: PUBLIC(200) },

  // events: anyone reads; members RSVP and check in; the brand's managers see codes and attendees
  'GET /events': { expect: PUBLIC(200) },
  'POST /events': { setup: async (w) => ({ body: eventBody(w.brand.id) }), expect: BRAND_ONLY(201) },
  'GET /events/{id}': { setup: async (w) => ({ path: { id: await event(w) } }), expect: PUBLIC(200) },
  'GET /events/{id}/ics': { setup: async (w) => ({ path: { id: await event(w) } }), expect: PUBLIC(200) },
  'PATCH /events/{id}': { setup: async (w) => ({ path: { id: await event(w) }, body: { capacity: 50 } }), expect: BRAND_ONLY(200) },
  'POST /events/{id}/cancel': { setup: async (w) => ({ path: { id: await event(w) } }), body: { reason: 'policy' }, expect: BRAND_ONLY(200) },
  'POST /events/{id}/rsvp': { setup: async (w) => ({ path: { id: await event(w) }, body: { status: 'going' } }), expect: SIGNED_IN(200) },
  'GET /events/{id}/check-in-code': { setup: async (w) => ({ path: { id: await event(w) } }), expect: BRAND_ONLY(200) },
  'POST /events/{id}/check-in': {
    // a valid code, but nobody but the RSVP'd may check in
    setup: async (w) => {
      const id = await event(w);
      const code = await w.owner.api.get(`/events/${id}/check-in-code`);
      return { path: { id }, body: { code: code.body.code as string } };
    },
    expect: { anonymous: 401, owner: 403, member: 403, moderator: 403, otherManager: 403, admin: 403 },
  },
  'GET /events/{id}/attendees': { setup: async (w) => ({ path: { id: await event(w) } }), expect: BRAND_ONLY(200) },
  'GET /events/{id}/attendees.csv': { setup: async (w) => ({ path: { id: await event(w) } }), expect: BRAND_ONLY(200) },

  // giveaways: anyone reads and verifies; members enter (not staff, not the brand's managers); the brand draws
  'GET /giveaways': { expect: PUBLIC(200) },
  'POST /giveaways': { setup: async (w) => ({ body: giveawayBody(w.brand.id) }), expect: BRAND_ONLY(201) },
  'GET /giveaways/{id}': { setup: async (w) => ({ path: { id: await giveaway(w) } }), expect: PUBLIC(200) },
  'PATCH /giveaways/{id}': { setup: async (w) => ({ path: { id: await giveaway(w) }, body: { title: 'Edited' } }), expect: BRAND_ONLY(200) },
  'POST /giveaways/{id}/cancel': { setup: async (w) => ({ path: { id: await giveaway(w) } }), body: { reason: 'policy' }, expect: BRAND_ONLY(200) },
  'POST /giveaways/{id}/entries': {
    setup: async (w) => ({ path: { id: await giveaway(w) } }),
    expect: { anonymous: 401, owner: 403, moderator: 403, otherManager: 201, admin: 403 },
  },
  'POST /giveaways/{id}/draw': {
    setup: async (w) => {
      const id = await giveaway(w);
      await closeGiveaway(w.app, id);
      return { path: { id } };
    },
    expect: BRAND_ONLY(200),
  },
  'POST /giveaways/{id}/claim': {
    setup: async (w) => ({ path: { id: await giveaway(w, { drawn: true }) } }),
    expect: { anonymous: 401, owner: 404, member: 404, moderator: 404, otherManager: 404, admin: 404 },
  },
  'POST /giveaways/{id}/winners/{position}/pass': {
    setup: async (w) => ({ path: { id: await giveaway(w, { drawn: true }), position: 1 } }),
    expect: BRAND_ONLY(200),
  },
  'GET /giveaways/{id}/proof': { setup: async (w) => ({ path: { id: await giveaway(w, { drawn: true }) } }), expect: PUBLIC(200) },
  'GET /giveaways/{id}/verification': { setup: async (w) => ({ path: { id: await giveaway(w, { drawn: true }) } }), expect: PUBLIC(200) },
};
