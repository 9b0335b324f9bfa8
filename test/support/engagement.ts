import type { DomainEventMap, DomainEventType } from '../../apps/api/src/events/domain-events';
import { rows } from '../../apps/api/src/common/sql';
import { Db } from '../../apps/api/src/database/db.service';
import type { TestApp } from './app';
import { makeBrand, makeMember, type Member } from './factories';
import { settle } from './loyalty';

/** Publishes a domain event as another area would, and waits until it is handled. */
export async function publish<E extends DomainEventType>(app: TestApp, type: E, payload: DomainEventMap[E]): Promise<void> {
  const db = app.get(Db);
  await db.tx((em) => db.publish(em, type, payload));
  await settle(app);
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

/** An upcoming event body (brand side), check-in open now unless `extra` moves it. */
export function eventBody(brandId: number | undefined, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    brandId,
    title: 'Latte art night',
    titleAr: 'ليلة فن اللاتيه',
    mode: 'in_person',
    location: 'Riyadh, Olaya St.',
    timeZone: 'Asia/Riyadh',
    startsAt: hoursFromNow(0.25),
    endsAt: hoursFromNow(2),
    checkInPoints: 30,
    ...extra,
  };
}

/** Moves an event in time, straight in the database (the API takes only future events). */
export async function moveEvent(app: TestApp, id: number, startsAt: string, endsAt: string): Promise<void> {
  await app.get(Db).ds.query(`UPDATE brand_events SET starts_at = $2, ends_at = $3 WHERE id = $1`, [id, startsAt, endsAt]);
}

/** An open giveaway body (brand side). */
export function giveawayBody(brandId: number | undefined, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    brandId,
    title: 'Win a year of coffee',
    titleAr: 'اربح قهوة سنة',
    prize: 'A year of coffee',
    prizeAr: 'قهوة سنة كاملة',
    closesAt: hoursFromNow(24),
    winnersCount: 2,
    alternatesCount: 2,
    ...extra,
  };
}

/** Moves a giveaway's close time into the past (instead of waiting for it). */
export async function closeGiveaway(app: TestApp, id: number): Promise<void> {
  await app.get(Db).ds.query(`UPDATE giveaways SET closes_at = now() - interval '1 second', opens_at = LEAST(opens_at, now() - interval '1 hour') WHERE id = $1`, [id]);
}

/** A brand with its manager, and another brand's manager (who must get 404 on the first brand's things). */
export async function twoBrands(app: TestApp): Promise<{ manager: Member; otherManager: Member; brand: { id: number; slug: string } }> {
  const manager = await makeMember(app);
  const otherManager = await makeMember(app);
  const brand = await makeBrand(app, [manager.id]);
  await makeBrand(app, [otherManager.id]);
  return { manager, otherManager, brand };
}
