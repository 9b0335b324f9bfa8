import type { DomainEventMap, DomainEventType } from '../../apps/api/src/events/domain-events';
import { rows } from '../../apps/api/src/common/sql';
import { Db } from '../../apps/api/src/database/db.service';
import type { TestApp } from './app';

/** Publishes a domain event as another area would, and waits until it is handled. */
export async function publish<E extends DomainEventType>(app: TestApp, type: E, payload: DomainEventMap[E]): Promise<void> {
  const db = app.get(Db);
  await db.tx((em) => db.publish(em, type, payload));
  await settle(app);
}

/**
 * Waits until no due outbox event is left unprocessed. `drain()` alone can return while the
 * dispatcher woken by the commit still holds the event (SKIP LOCKED), so this also polls.
 */
export async function settle(app: TestApp): Promise<void> {
  const db = app.get(Db);
  for (let i = 0; i < 500; i++) {
    await app.drain();
    const [r] = await rows<{ n: number }>(db.ds, `SELECT count(*)::int AS n FROM outbox WHERE processed_at IS NULL AND next_attempt_at <= now()`);
    if (r.n === 0) return;
    await new Promise((res) => setTimeout(res, 10));
  }
  throw new Error('outbox did not settle');
}

/** The payloads of the outbox events of a type (what loyalty and chat would receive). */
export async function published<E extends DomainEventType>(app: TestApp, type: E): Promise<DomainEventMap[E][]> {
  const found = await rows<{ payload: DomainEventMap[E] }>(app.get(Db).ds, `SELECT payload FROM outbox WHERE type = $1 ORDER BY id`, [type]);
  return found.map((r) => r.payload);
}

export const hoursFromNow = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

/** A running challenge body (brand side), merged with `extra`. */
export function challengeBody(brandId: number | undefined, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    brandId,
    title: 'Post three times',
    titleAr: 'انشر ثلاث مرات',
    kind: 'action',
    steps: [{ action: 'post.created', count: 3 }],
    points: 50,
    startsAt: hoursFromNow(-1),
    endsAt: hoursFromNow(48),
    ...extra,
  };
}

export const postCreated = (postId: number, authorId: number, o: { categoryId?: number; tags?: string[] } = {}): DomainEventMap['post.created'] => ({
  postId,
  topicId: 1,
  authorId,
  categoryId: o.categoryId ?? 1,
  brandId: null,
  isFirstPost: false,
  isTopicStart: false,
  replyToPostId: null,
  replyToAuthorId: null,
  tags: o.tags ?? [],
});
