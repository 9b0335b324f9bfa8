import { Db } from '../../../apps/api/src/database/db.service';
import type { World } from '../world';
import { ADMIN_ONLY, SIGNED_IN, type RouteCase } from './core';

/** the brand's manager (owner) and admins succeed; everyone else gets the 404 of a missing brand */
const BRAND_SCOPED = (ok: number) => ({
  anonymous: 401,
  owner: ok,
  member: 404,
  moderator: 404,
  otherManager: 404,
  admin: ok,
});

/**
 * The shared world's `member` is made a manager of `brand` by the core case of
 * POST /admin/brands/{id}/managers; these cases need the cast as stated (member manages nothing).
 */
async function cast(w: World): Promise<World> {
  await w.app.get(Db).ds.query(`DELETE FROM brand_members WHERE brand_id = $1 AND user_id = $2`, [w.brand.id, w.member.id]);
  return w;
}

type Setup = NonNullable<RouteCase['setup']>;
const scoped =
  (f: Setup): Setup =>
  async (w) =>
    f(await cast(w));

const survey = (w: World, o: Record<string, unknown> = {}) => ({
  brandId: w.brand.id,
  title: 'Visit',
  titleAr: 'الزيارة',
  points: 5,
  questions: [
    {
      kind: 'csat',
      prompt: 'How satisfied are you?',
      promptAr: 'ما مدى رضاك؟',
    },
  ],
  ...o,
});

/** a draft survey of the owner's brand (made by the admin: the owner may be suspended by the sessions suite) */
async function draft(w: World): Promise<number> {
  const res = await w.admin.api.post('/surveys', survey(w));
  return res.body.id as number;
}

async function opened(w: World): Promise<{ id: number; questionId: number }> {
  const res = await w.admin.api.post('/surveys', survey(w));
  await w.admin.api.post(`/surveys/${res.body.id}/status`, { status: 'open' });
  return { id: res.body.id, questionId: res.body.questions[0].id };
}

const purchase = (w: World) => ({
  member: String(w.member.id),
  amountMinor: 1250,
  currency: 'SAR',
  date: '2025-01-01',
  brandId: w.brand.id,
});

export const ANALYTICS_POLICIES: Record<string, RouteCase> = {
  // analytics: community figures for admins, a brand's for its managers (404 otherwise)
  'GET /analytics/overview': {
    setup: scoped(async (w) => ({ query: `brandId=${w.brand.id}` })),
    expect: BRAND_SCOPED(200),
  },
  'GET /analytics/cohorts': {
    setup: scoped(async (w) => ({ query: `brandId=${w.brand.id}` })),
    expect: BRAND_SCOPED(200),
  },
  'GET /analytics/cltv': {
    setup: scoped(async (w) => ({ query: `brandId=${w.brand.id}` })),
    expect: BRAND_SCOPED(200),
  },
  'GET /analytics/export.csv': {
    setup: scoped(async (w) => ({ query: `brandId=${w.brand.id}` })),
    expect: BRAND_SCOPED(200),
  },
  'POST /analytics/purchases': {
    setup: scoped(async (w) => ({ body: { purchases: [purchase(w)] } })),
    expect: BRAND_SCOPED(201),
  },
  'POST /analytics/purchases/csv': {
    setup: scoped(async (w) => ({
      body: {
        csv: `member,amount_minor,currency,date\n${w.member.id},500,SAR,2025-01-02`,
        brandId: w.brand.id,
      },
    })),
    expect: BRAND_SCOPED(201),
  },
  'GET /analytics/settings': { expect: ADMIN_ONLY(200) },
  'PUT /analytics/settings': {
    body: { timeZone: 'UTC' },
    expect: ADMIN_ONLY(200),
  },

  // surveys: members answer open surveys of their audience; managers run their brand's surveys
  'GET /surveys': { expect: SIGNED_IN(200) },
  'POST /surveys': {
    setup: scoped(async (w) => ({ body: survey(w) })),
    expect: BRAND_SCOPED(201),
  },
  'GET /surveys/manage': {
    setup: scoped(async (w) => ({ query: `brandId=${w.brand.id}` })),
    expect: BRAND_SCOPED(200),
  },
  'GET /surveys/{id}': {
    setup: scoped(async (w) => ({ path: { id: await draft(w) } })),
    expect: BRAND_SCOPED(200),
  },
  'PUT /surveys/{id}': {
    setup: scoped(async (w) => ({
      path: { id: await draft(w) },
      body: survey(w, { title: 'Edited' }),
    })),
    expect: BRAND_SCOPED(200),
  },
  'POST /surveys/{id}/status': {
    setup: scoped(async (w) => ({
      path: { id: await draft(w) },
      body: { status: 'open' },
    })),
    expect: BRAND_SCOPED(200),
  },
  'POST /surveys/{id}/responses': {
    setup: scoped(async (w) => {
      const s = await opened(w);
      return {
        path: { id: s.id },
        body: { answers: [{ questionId: s.questionId, score: 4 }] },
      };
    }),
    expect: SIGNED_IN(201),
  },
  'GET /surveys/{id}/results': {
    setup: scoped(async (w) => ({ path: { id: (await opened(w)).id } })),
    expect: BRAND_SCOPED(200),
  },
};
