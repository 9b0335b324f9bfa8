import { challengeBody } from '../../support/engagement';
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
  'POST /challenges/{id}/join': { setup: async (w) => ({ path: { id: await challenge(w) } }), expect: SIGNED_IN(200) },
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
};
