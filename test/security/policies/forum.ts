import { rows } from '../../../apps/api/src/common/sql';
import { Db } from '../../../apps/api/src/database/db.service';
import { makeBrand, makeMember } from '../../support/factories';
import type { World } from '../world';
import { ADMIN_ONLY, PUBLIC, SIGNED_IN, type RouteCase } from './core';

/**
 * Forum and moderation. Objects are made straight in the database (no rate limits): a public
 * category, and two categories of the owner's brand (the owner moderates there as its manager).
 */
interface Places {
  open: number;
  brandA: number;
  brandB: number;
}
const places = new WeakMap<World, Promise<Places>>();
let seq = 0;
const uniq = () => `${process.pid}-${++seq}-${Math.floor(Math.random() * 1e6)}`;

async function category(w: World, o: { brandId?: number } = {}): Promise<number> {
  const [c] = await rows<{ id: number }>(
    w.app.get(Db).ds,
    `INSERT INTO forum_categories (slug, name, name_ar, brand_id) VALUES ($1, 'C', 'ق', $2) RETURNING id`,
    [`c-${uniq()}`, o.brandId ?? null],
  );
  return c.id;
}

function placesOf(w: World): Promise<Places> {
  let p = places.get(w);
  if (!p) {
    // a brand of the forum's own, managed by the owner only (other policies add managers to w.brand)
    p = (async () => {
      const brand = await makeBrand(w.app, [w.owner.id]);
      return { open: await category(w), brandA: await category(w, { brandId: brand.id }), brandB: await category(w, { brandId: brand.id }) };
    })();
    places.set(w, p);
  }
  return p;
}

/** A topic with its opening post (and more posts), straight in the database. */
async function topic(
  w: World,
  where: keyof Places,
  authorId: number,
  o: { kind?: 'question'; replyBy?: number; status?: 'visible' | 'hidden' | 'pending' } = {},
): Promise<{ topicId: number; postId: number; replyId: number | null }> {
  const db = w.app.get(Db).ds;
  const categoryId = (await placesOf(w))[where];
  const [t] = await rows<{ id: number }>(
    db,
    `INSERT INTO forum_topics (category_id, author_id, title, kind, highest_post_number, reply_count) VALUES ($1, $2, 'Topic', $3, $4, $5) RETURNING id`,
    [categoryId, authorId, o.kind ?? 'discussion', o.replyBy ? 2 : 1, o.replyBy ? 1 : 0],
  );
  const post = async (author: number, n: number, status: string) =>
    (
      await rows<{ id: number }>(
        db,
        `INSERT INTO forum_posts (topic_id, author_id, post_number, raw, cooked, status, search_vector) VALUES ($1, $2, $3, 'coffee', '<p>coffee</p>', $4, to_tsvector('wala_search', 'coffee')) RETURNING id`,
        [t.id, author, n, status],
      )
    )[0].id;
  const postId = await post(authorId, 1, o.replyBy ? 'visible' : (o.status ?? 'visible'));
  const replyId = o.replyBy ? await post(o.replyBy, 2, o.status ?? 'visible') : null;
  return { topicId: t.id, postId, replyId };
}

const MOD_HERE = { anonymous: 401, owner: 204, member: 403, moderator: 204, otherManager: 403, admin: 204 };
const AUTHOR_OR_MOD = (ok: number) => ({ anonymous: 401, owner: ok, member: 403, moderator: ok, otherManager: 403, admin: ok });
const QUEUE = { anonymous: 401, owner: 200, member: 403, moderator: 200, otherManager: 403, admin: 200 };
const STAFF = (ok: number) => ({ anonymous: 401, owner: 403, member: 403, moderator: ok, otherManager: 403, admin: ok });

export const FORUM_POLICIES: Record<string, RouteCase> = {
  // categories: everyone reads what they may; admins manage
  'GET /forum/categories': { expect: PUBLIC(200) },
  'GET /forum/categories/{idOrSlug}': { setup: async (w) => ({ path: { idOrSlug: (await placesOf(w)).open } }), expect: PUBLIC(200) },
  'POST /admin/forum/categories': { setup: async () => ({ body: { slug: `s-${uniq()}`, name: 'N', nameAr: 'ن' } }), expect: ADMIN_ONLY(201) },
  'PATCH /admin/forum/categories/{id}': { setup: async (w) => ({ path: { id: (await placesOf(w)).open } }), body: { position: 3 }, expect: ADMIN_ONLY(200) },
  'DELETE /admin/forum/categories/{id}': { setup: async (w) => ({ path: { id: await category(w) } }), expect: ADMIN_ONLY(204) },

  // reading
  'GET /forum/topics': { expect: PUBLIC(200) },
  'GET /forum/search': { query: 'q=coffee', expect: PUBLIC(200) },
  'GET /forum/topics/{id}': { setup: async (w) => ({ path: { id: (await topic(w, 'open', w.owner.id)).topicId } }), expect: PUBLIC(200) },
  'GET /forum/topics/{id}/posts': { setup: async (w) => ({ path: { id: (await topic(w, 'open', w.owner.id)).topicId } }), expect: PUBLIC(200) },
  'GET /forum/posts/{id}/revisions': { setup: async (w) => ({ path: { id: (await topic(w, 'open', w.owner.id)).postId } }), expect: PUBLIC(200) },

  // taking part: any signed-in member where the category allows
  'POST /forum/topics': { setup: async (w) => ({ body: { categoryId: (await placesOf(w)).open, title: 'Hello there', raw: 'Body' } }), expect: SIGNED_IN(201) },
  'POST /forum/topics/{id}/posts': { setup: async (w) => ({ path: { id: (await topic(w, 'open', w.owner.id)).topicId } }), body: { raw: 'A reply' }, expect: SIGNED_IN(201) },
  'POST /forum/preview': { body: { raw: '**hello**' }, expect: SIGNED_IN(200) },
  'POST /forum/topics/{id}/read': { setup: async (w) => ({ path: { id: (await topic(w, 'open', w.owner.id)).topicId } }), body: { postNumber: 1 }, expect: SIGNED_IN(200) },
  'PUT /forum/topics/{id}/subscription': { setup: async (w) => ({ path: { id: (await topic(w, 'open', w.owner.id)).topicId } }), expect: SIGNED_IN(200) },
  'DELETE /forum/topics/{id}/subscription': { setup: async (w) => ({ path: { id: (await topic(w, 'open', w.owner.id)).topicId } }), expect: SIGNED_IN(200) },
  'PUT /forum/posts/{id}/reactions/{reaction}': {
    setup: async (w) => ({ path: { id: (await topic(w, 'open', w.owner.id)).postId, reaction: 'like' } }),
    expect: { anonymous: 401, owner: 403, member: 200, moderator: 200, otherManager: 200, admin: 200 },
  },
  'DELETE /forum/posts/{id}/reactions/{reaction}': {
    setup: async (w) => ({ path: { id: (await topic(w, 'open', w.owner.id)).postId, reaction: 'like' } }),
    expect: { anonymous: 401, owner: 403, member: 200, moderator: 200, otherManager: 200, admin: 200 },
  },
  'POST /forum/posts/{id}/reports': {
    setup: async (w) => ({ path: { id: (await topic(w, 'open', w.owner.id)).postId } }),
    body: { reason: 'spam' },
    expect: { anonymous: 401, owner: 403, member: 201, moderator: 201, otherManager: 201, admin: 201 },
  },

  // the author's own content, or a moderator
  'PATCH /forum/topics/{id}': { setup: async (w) => ({ path: { id: (await topic(w, 'open', w.owner.id)).topicId } }), body: { title: 'Renamed topic' }, expect: AUTHOR_OR_MOD(200) },
  'PATCH /forum/posts/{id}': { setup: async (w) => ({ path: { id: (await topic(w, 'open', w.owner.id)).postId } }), body: { raw: 'Edited' }, expect: AUTHOR_OR_MOD(200) },
  'DELETE /forum/posts/{id}': { setup: async (w) => ({ path: { id: (await topic(w, 'open', w.owner.id)).postId } }), expect: AUTHOR_OR_MOD(204) },
  'POST /forum/topics/{id}/solution': {
    setup: async (w) => {
      const t = await topic(w, 'open', w.owner.id, { kind: 'question', replyBy: w.member.id });
      return { path: { id: t.topicId }, body: { postId: t.replyId } };
    },
    expect: AUTHOR_OR_MOD(200),
  },
  'DELETE /forum/topics/{id}/solution': {
    setup: async (w) => ({ path: { id: (await topic(w, 'open', w.owner.id, { kind: 'question' })).topicId } }),
    expect: AUTHOR_OR_MOD(200),
  },

  // moderation: staff everywhere, the owner as manager in its brand's categories
  'POST /forum/posts/{id}/feature': {
    setup: async (w) => ({ path: { id: (await topic(w, 'brandA', w.member.id)).postId } }),
    expect: { anonymous: 401, owner: 200, member: 403, moderator: 200, otherManager: 403, admin: 200 },
  },
  'POST /forum/posts/{id}/hide': { setup: async (w) => ({ path: { id: (await topic(w, 'brandA', w.member.id)).postId } }), expect: MOD_HERE },
  'POST /forum/posts/{id}/restore': {
    setup: async (w) => ({ path: { id: (await topic(w, 'brandA', w.member.id, { replyBy: w.member.id, status: 'hidden' })).replyId! } }),
    expect: MOD_HERE,
  },
  'POST /forum/topics/{id}/lock': { setup: async (w) => ({ path: { id: (await topic(w, 'brandA', w.member.id)).topicId } }), body: { locked: true }, expect: MOD_HERE },
  'POST /forum/topics/{id}/pin': { setup: async (w) => ({ path: { id: (await topic(w, 'brandA', w.member.id)).topicId } }), body: { pinned: true }, expect: MOD_HERE },
  'POST /forum/topics/{id}/move': {
    setup: async (w) => ({ path: { id: (await topic(w, 'brandA', w.member.id)).topicId }, body: { categoryId: (await placesOf(w)).brandB } }),
    expect: MOD_HERE,
  },
  'GET /forum/moderation/reports': { setup: async (w) => (await placesOf(w), {}), expect: QUEUE },
  'POST /forum/moderation/reports/{id}/resolve': {
    setup: async (w) => {
      const t = await topic(w, 'brandA', w.member.id);
      const [r] = await rows<{ id: number }>(w.app.get(Db).ds, `INSERT INTO forum_reports (post_id, reporter_id, reason) VALUES ($1, $2, 'spam') RETURNING id`, [
        t.postId,
        w.admin.id,
      ]);
      return { path: { id: r.id } };
    },
    body: { action: 'dismiss' },
    expect: { anonymous: 401, owner: 200, member: 404, moderator: 200, otherManager: 404, admin: 200 },
  },
  'GET /forum/moderation/approvals': { setup: async (w) => (await placesOf(w), {}), expect: QUEUE },
  'POST /forum/moderation/approvals/{id}/approve': {
    setup: async (w) => ({ path: { id: (await topic(w, 'brandA', w.member.id, { replyBy: w.member.id, status: 'pending' })).replyId! } }),
    expect: { anonymous: 401, owner: 204, member: 404, moderator: 204, otherManager: 404, admin: 204 },
  },
  'POST /forum/moderation/approvals/{id}/reject': {
    setup: async (w) => ({ path: { id: (await topic(w, 'brandA', w.member.id, { replyBy: w.member.id, status: 'pending' })).replyId! } }),
    expect: { anonymous: 401, owner: 204, member: 404, moderator: 204, otherManager: 404, admin: 204 },
  },

  // suspensions and the word filter: site staff only
  'POST /forum/moderation/users/{id}/suspend': {
    setup: async (w) => ({ path: { id: (await makeMember(w.app)).id } }),
    body: { hours: 1, reason: 'spam' },
    expect: STAFF(200),
  },
  'DELETE /forum/moderation/users/{id}/suspension': { setup: async (w) => ({ path: { id: (await makeMember(w.app)).id } }), expect: STAFF(200) },
  'GET /forum/moderation/word-filters': { expect: STAFF(200) },
  'POST /forum/moderation/word-filters': { setup: async () => ({ body: { word: `w${uniq()}`, action: 'flag' } }), expect: STAFF(201) },
  'DELETE /forum/moderation/word-filters/{id}': {
    setup: async (w) => {
      const [f] = await rows<{ id: number }>(w.app.get(Db).ds, `INSERT INTO forum_word_filters (word, action) VALUES ($1, 'flag') RETURNING id`, [`w${uniq()}`]);
      return { path: { id: f.id } };
    },
    expect: STAFF(204),
  },
};
