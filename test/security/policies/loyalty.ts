import { one } from '../../../apps/api/src/common/sql';
import { Db } from '../../../apps/api/src/database/db.service';
import { givePoints } from '../../support/loyalty';
import type { World } from '../world';
import { ADMIN_ONLY, PUBLIC, SIGNED_IN, type RouteCase } from './core';

const STAFF = (ok: number) => ({ anonymous: 401, owner: 403, member: 403, moderator: ok, otherManager: 403, admin: ok });
let seq = 0;
const uniq = () => `${Date.now() % 1e7}-${++seq}`;
const insertId = async (w: World, sql: string, params: unknown[] = []) => (await one<{ id: number }>(w.app.get(Db).ds, `${sql} RETURNING id`, params))!.id;
const rule = (w: World) => insertId(w, `INSERT INTO earning_rules (action, points) VALUES ('topic.created', 5)`);
const campaign = (w: World) =>
  insertId(w, `INSERT INTO points_campaigns (name, name_ar, multiplier_pct, starts_at, ends_at) VALUES ('x', 'س', 200, now(), now() + interval '1 day')`);
const tier = (w: World) => insertId(w, `INSERT INTO loyalty_tiers (name, name_ar, min_points) VALUES ('T', 'م', $1)`, [100_000 + ++seq]);
/** a live grant as the grant route leaves it: the row and the badge's holder count */
const liveGrant = async (w: World, badgeId: number, userId: number) => {
  const id = await insertId(w, `INSERT INTO badge_grants (badge_id, user_id, grant_key) VALUES ($1, $2, 'once')`, [badgeId, userId]);
  await w.app.get(Db).ds.query(`UPDATE badges SET holders = holders + 1 WHERE id = $1`, [badgeId]);
  return id;
};
const badge = (w: World) => insertId(w, `INSERT INTO badges (slug, name, name_ar) VALUES ($1, 'B', 'ش')`, [`b-${uniq()}`]);

export const LOYALTY_POLICIES: Record<string, RouteCase> = {
  'GET /me/points': { expect: SIGNED_IN(200) },
  'GET /me/points/entries': { expect: SIGNED_IN(200) },
  'GET /me/badges': { expect: SIGNED_IN(200) },
  'GET /me/streak': { expect: SIGNED_IN(200) },
  'GET /me/referral': { expect: SIGNED_IN(200) },
  'GET /tiers': { expect: PUBLIC(200) },
  'GET /badges': { expect: PUBLIC(200) },
  'GET /users/{id}/badges': { setup: async (w) => ({ path: { id: w.owner.id } }), expect: PUBLIC(200) },
  'GET /users/{id}/tier': { setup: async (w) => ({ path: { id: w.owner.id } }), expect: PUBLIC(200) },
  'GET /leaderboards/{period}': { setup: async () => ({ path: { period: 'week' } }), expect: PUBLIC(200) },

  'GET /admin/earning-rules': { expect: ADMIN_ONLY(200) },
  'POST /admin/earning-rules': { body: { action: 'topic.created', points: 5 }, expect: ADMIN_ONLY(201) },
  'PATCH /admin/earning-rules/{id}': { setup: async (w) => ({ path: { id: await rule(w) } }), body: { points: 6 }, expect: ADMIN_ONLY(200) },
  'DELETE /admin/earning-rules/{id}': { setup: async (w) => ({ path: { id: await rule(w) } }), expect: ADMIN_ONLY(204) },
  'GET /admin/points-campaigns': { expect: ADMIN_ONLY(200) },
  'POST /admin/points-campaigns': {
    body: { name: 'Double', nameAr: 'مضاعف', multiplierPct: 200, startsAt: '2030-03-19T00:00:00Z', endsAt: '2030-03-20T00:00:00Z' },
    expect: ADMIN_ONLY(201),
  },
  'PATCH /admin/points-campaigns/{id}': { setup: async (w) => ({ path: { id: await campaign(w) } }), body: { multiplierPct: 150 }, expect: ADMIN_ONLY(200) },
  'DELETE /admin/points-campaigns/{id}': { setup: async (w) => ({ path: { id: await campaign(w) } }), expect: ADMIN_ONLY(204) },
  'POST /admin/tiers': { setup: async () => ({ body: { name: 'T', nameAr: 'م', minPoints: 200_000 + ++seq } }), expect: ADMIN_ONLY(201) },
  'PATCH /admin/tiers/{id}': { setup: async (w) => ({ path: { id: await tier(w) } }), body: { name: 'T2' }, expect: ADMIN_ONLY(200) },
  'DELETE /admin/tiers/{id}': { setup: async (w) => ({ path: { id: await tier(w) } }), expect: ADMIN_ONLY(204) },
  'GET /admin/badges': { expect: ADMIN_ONLY(200) },
  'POST /admin/badges': { setup: async () => ({ body: { slug: `p-${uniq()}`, name: 'B', nameAr: 'ش' } }), expect: ADMIN_ONLY(201) },
  'PATCH /admin/badges/{id}': { setup: async (w) => ({ path: { id: await badge(w) } }), body: { name: 'B2' }, expect: ADMIN_ONLY(200) },
  'POST /admin/badges/{id}/grants': { setup: async (w) => ({ path: { id: await badge(w) }, body: { userId: w.owner.id, reason: 'well done' } }), expect: ADMIN_ONLY(201) },
  'POST /admin/badge-grants/{id}/revoke': {
    setup: async (w) => ({
      path: { id: await liveGrant(w, await badge(w), w.owner.id) },
      body: { reason: 'mistake' },
    }),
    expect: ADMIN_ONLY(204),
  },
  'POST /admin/points/adjust': { setup: async (w) => ({ body: { userId: w.owner.id, points: 5, reason: 'goodwill' } }), expect: ADMIN_ONLY(201) },
  'POST /admin/points/entries/{id}/reverse': {
    setup: async (w) => ({ path: { id: (await givePoints(w.app, w.owner.id, 3))!.id }, body: { reason: 'spam' } }),
    expect: STAFF(201),
  },
  'GET /admin/members/{id}/points/entries': { setup: async (w) => ({ path: { id: w.owner.id } }), expect: STAFF(200) },
  'GET /admin/loyalty/settings': { expect: ADMIN_ONLY(200) },
  'PATCH /admin/loyalty/settings': { body: { weekStart: 1 }, expect: ADMIN_ONLY(200) },
};
