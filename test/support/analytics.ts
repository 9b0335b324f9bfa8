import { rows } from '../../apps/api/src/common/sql';
import { Db } from '../../apps/api/src/database/db.service';
import type { DomainEventMap, DomainEventType } from '../../apps/api/src/events/domain-events';
import type { TestApp } from './app';

/**
 * Publishes a domain event as if it had happened at `at` (the outbox row's time is the fact's
 * time for analytics), through Db.publish in a transaction like any area does.
 */
export async function publishAt<E extends DomainEventType>(app: TestApp, at: string, type: E, payload: DomainEventMap[E]): Promise<void> {
  const db = app.get(Db);
  await db.tx(async (em) => {
    await db.publish(em, type, payload);
    await em.query(`UPDATE outbox SET created_at = $1 WHERE created_at = now() AND processed_at IS NULL`, [at]);
  });
}

/** A forum post by `authorId` at `at` (in a brand's category, or not), as analytics sees it. */
export function publishPost(app: TestApp, at: string, authorId: number, brandId: number | null): Promise<void> {
  return publishAt(app, at, 'post.created', {
    postId: 1,
    topicId: 1,
    authorId,
    categoryId: 1,
    brandId,
    isFirstPost: false,
    isTopicStart: false,
    replyToPostId: null,
    replyToAuthorId: null,
    tags: [],
  });
}

/** Waits until every outbox event is handled (the dispatcher may hold one when drain() starts). */
export async function settle(app: TestApp): Promise<void> {
  for (let i = 0; i < 200; i++) {
    await app.drain();
    const [left] = await rows<{ n: number; err: string | null }>(
      app.get(Db).ds,
      `SELECT count(*)::int AS n, max(last_error) AS err FROM outbox WHERE processed_at IS NULL`,
    );
    if (left.err) throw new Error(`event failed: ${left.err}`);
    if (!left.n) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('outbox did not drain');
}
