import { rows } from '../../apps/api/src/common/sql';
import { Db } from '../../apps/api/src/database/db.service';
import type { TestApp } from './app';
import type { Member } from './factories';

let n = 0;

/** A forum category straight in the database. */
export async function makeCategory(
  app: TestApp,
  o: {
    readAccess?: 'everyone' | 'members' | 'staff';
    postAccess?: 'members' | 'staff';
    minTierRank?: number;
    brandId?: number | null;
    parentId?: number | null;
    slowModeSeconds?: number;
    name?: string;
  } = {},
): Promise<{ id: number; slug: string }> {
  n++;
  const slug = `cat-${n}-${process.pid}-${Math.floor(Math.random() * 1e6)}`;
  const [c] = await rows<{ id: number }>(
    app.get(Db).ds,
    `INSERT INTO forum_categories (slug, name, name_ar, read_access, post_access, min_tier_rank, brand_id, parent_id, slow_mode_seconds, position)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [slug, o.name ?? `Category ${n}`, `قسم ${n}`, o.readAccess ?? 'everyone', o.postAccess ?? 'members', o.minTierRank ?? 0, o.brandId ?? null, o.parentId ?? null, o.slowModeSeconds ?? 0, n],
  );
  return { id: c.id, slug };
}

/** A topic through the API; returns topic id and opening post id. */
export async function makeTopic(
  author: Member,
  categoryId: number,
  o: { title?: string; raw?: string; kind?: 'discussion' | 'question'; tags?: string[] } = {},
): Promise<{ id: number; postId: number }> {
  const res = await author.api.post('/forum/topics', {
    categoryId,
    title: o.title ?? 'A topic to talk about',
    raw: o.raw ?? 'The opening post of the topic.',
    kind: o.kind,
    tags: o.tags,
  });
  if (res.status !== 201) throw new Error(`makeTopic: ${res.status} ${res.text}`);
  const posts = await author.api.get(`/forum/topics/${res.body.topic.id}/posts`);
  return { id: res.body.topic.id, postId: posts.body.items[0].id };
}

export async function reply(author: Member, topicId: number, raw = 'A reply.', extra: Record<string, unknown> = {}): Promise<number> {
  const res = await author.api.post(`/forum/topics/${topicId}/posts`, { raw, ...extra });
  if (res.status !== 201) throw new Error(`reply: ${res.status} ${res.text}`);
  return res.body.post.id;
}

export async function outbox(app: TestApp, type: string): Promise<Record<string, unknown>[]> {
  return (await rows<{ payload: Record<string, unknown> }>(app.get(Db).ds, `SELECT payload FROM outbox WHERE type = $1 ORDER BY id`, [type])).map((r) => r.payload);
}

/** Waits until every outbox event is handled (the background dispatcher may hold one while drain() runs). */
export async function settle(app: TestApp): Promise<void> {
  for (let i = 0; i < 200; i++) {
    await app.drain();
    const [r] = await rows<{ n: number }>(app.get(Db).ds, `SELECT count(*)::int AS n FROM outbox WHERE processed_at IS NULL`);
    if (r.n === 0) return;
    await new Promise((res) => setTimeout(res, 50));
  }
  const stuck = await rows(app.get(Db).ds, `SELECT type, attempts, last_error FROM outbox WHERE processed_at IS NULL`);
  throw new Error(`outbox not drained: ${JSON.stringify(stuck)}`);
}
