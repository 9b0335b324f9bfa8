import sharp from 'sharp';
import { rows } from '../../../apps/api/src/common/sql';
import { Db } from '../../../apps/api/src/database/db.service';
import type { Actor, World } from '../world';
import { notificationOf } from '../world';

/**
 * The expected answer of every route for every actor, on real objects owned by someone else.
 * The owner's call must succeed (so a 404 for everyone proves nothing). A route of the API that
 * is missing here fails the matrix: new routes must state their policy.
 *
 * `expect` gives the status per actor; `self: true` means the route acts on the caller's own
 * account, so every signed-in actor succeeds on their own.
 * `fresh` routes end the caller's session or account: each actor gets a new world.
 */
export interface RouteCase {
  setup?: (w: World) => Promise<{ path?: Record<string, string | number>; body?: unknown; query?: string }>;
  body?: unknown;
  query?: string;
  expect: Partial<Record<Actor, number>>;
  fresh?: boolean;
  multipart?: boolean;
}

/** a fresh address per call, so per-account rate limits do not answer instead of the policy */
let seq = 0;
export const nobody = () => `nobody${++seq}-${process.pid}@example.com`;

export const SIGNED_IN = (ok: number): Partial<Record<Actor, number>> => ({ anonymous: 401, owner: ok, member: ok, moderator: ok, otherManager: ok, admin: ok });
export const ADMIN_ONLY = (ok: number): Partial<Record<Actor, number>> => ({ anonymous: 401, owner: 403, member: 403, moderator: 403, otherManager: 403, admin: ok });
export const PUBLIC = (ok: number): Partial<Record<Actor, number>> => ({ anonymous: ok, owner: ok, member: ok, moderator: ok, otherManager: ok, admin: ok });

export async function png(): Promise<Buffer> {
  return sharp({ create: { width: 8, height: 8, channels: 3, background: '#123456' } }).png().toBuffer();
}

export const CORE_POLICIES: Record<string, RouteCase> = {
  // identity: the credentials routes are public by nature; bad credentials are 401 for everyone
  'POST /auth/register': { body: { email: 'x', password: 'y', displayName: 'z' }, expect: PUBLIC(400) },
  'POST /auth/login': { setup: async () => ({ body: { email: nobody(), password: 'wrong password' } }), expect: PUBLIC(401) },
  'POST /auth/tokens': { setup: async () => ({ body: { email: nobody(), password: 'wrong password' } }), expect: PUBLIC(401) },
  'GET /auth/session': { expect: SIGNED_IN(200) },
  'POST /auth/logout': { expect: SIGNED_IN(204), fresh: true },
  'DELETE /auth/tokens/current': { expect: SIGNED_IN(204), fresh: true },
  'POST /auth/verify-email': { body: { token: 'x'.repeat(43) }, expect: PUBLIC(400) },
  'POST /auth/verify-email/resend': { expect: SIGNED_IN(204) },
  'POST /auth/password-reset': { setup: async () => ({ body: { email: nobody() } }), expect: PUBLIC(202) },
  'POST /auth/password-reset/confirm': { body: { token: 'x'.repeat(43), password: 'a long new password' }, expect: PUBLIC(400) },
  'GET /me': { expect: SIGNED_IN(200) },
  'PATCH /me': { body: { bio: 'hello' }, expect: SIGNED_IN(200) },
  'DELETE /me': { body: { password: 'correct horse battery staple' }, expect: SIGNED_IN(204), fresh: true },
  'POST /me/password': { body: { currentPassword: 'wrong password', newPassword: 'another long password' }, expect: SIGNED_IN(400) },
  'GET /me/export': { expect: SIGNED_IN(200) },
  'GET /users/{id}': { setup: async (w) => ({ path: { id: w.owner.id } }), expect: PUBLIC(200) },
  'GET /admin/users': { expect: ADMIN_ONLY(200) },
  'PATCH /admin/users/{id}/role': { setup: async (w) => ({ path: { id: w.owner.id } }), body: { role: 'member' }, expect: ADMIN_ONLY(200) },
  'PATCH /admin/users/{id}/birthday': { setup: async (w) => ({ path: { id: w.owner.id } }), body: { birthday: '1990-01-01' }, expect: ADMIN_ONLY(200) },

  // brands: managers act for their own brand only; others get the same 404 as a missing brand
  'GET /brands': { expect: PUBLIC(200) },
  'GET /brands/{idOrSlug}': { setup: async (w) => ({ path: { idOrSlug: w.brand.slug } }), expect: PUBLIC(200) },
  'GET /brands/{id}/managers': { setup: async (w) => ({ path: { id: w.brand.id } }), expect: PUBLIC(200) },
  'PATCH /brands/{id}': {
    setup: async (w) => ({ path: { id: w.brand.id } }),
    body: { description: 'edited' },
    expect: { anonymous: 401, owner: 200, member: 404, moderator: 404, otherManager: 404, admin: 200 },
  },
  'POST /admin/brands': { setup: async () => ({ body: { slug: `b-${Date.now()}-${Math.floor(Math.random() * 1e6)}`, name: 'B', nameAr: 'ب' } }), expect: ADMIN_ONLY(201) },
  'POST /admin/brands/{id}/managers': { setup: async (w) => ({ path: { id: w.brand.id }, body: { userId: w.member.id } }), expect: ADMIN_ONLY(201) },
  'DELETE /admin/brands/{id}/managers/{userId}': {
    setup: async (w) => {
      await w.app.get(Db).ds.query(`INSERT INTO brand_members (brand_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [w.brand.id, w.member.id]);
      return { path: { id: w.brand.id, userId: w.member.id } };
    },
    expect: ADMIN_ONLY(200),
    fresh: true,
  },

  // uploads: any member may upload an avatar; everyone may read an upload
  'POST /uploads': { query: 'kind=avatar', multipart: true, expect: SIGNED_IN(201) },
  'GET /uploads/{id}': {
    setup: async (w) => {
      const [u] = await rows<{ id: number }>(
        w.app.get(Db).ds,
        `INSERT INTO uploads (owner_id, kind, content_type, width, height, bytes, sha256, data) VALUES ($1, 'avatar', 'image/png', 8, 8, $2, $3, $4) RETURNING id`,
        [w.owner.id, 1, 'x'.repeat(64), await png()],
      );
      return { path: { id: u.id } };
    },
    expect: PUBLIC(200),
  },

  // operations
  'GET /admin/mails': { expect: ADMIN_ONLY(200) },
  'GET /admin/audit': { expect: ADMIN_ONLY(200) },

  // notifications: each member sees and marks only their own
  'GET /notifications': { expect: SIGNED_IN(200) },
  'GET /notifications/unread-count': { expect: SIGNED_IN(200) },
  'POST /notifications/{id}/read': {
    setup: async (w) => ({ path: { id: await notificationOf(w, w.owner.id) } }),
    expect: { anonymous: 401, owner: 204, member: 404, moderator: 404, otherManager: 404, admin: 404 },
  },
  'POST /notifications/read-all': { expect: SIGNED_IN(201) },
};

