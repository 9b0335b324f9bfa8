/**
 * Domain events reach loyalty in any order (batches claimed with SKIP LOCKED, retries, several
 * nodes): the points a member ends with depend on what happened, not on the order the events
 * were handled in. Events are published in the order they happened (their outbox ids follow it)
 * and handled in another.
 */
import { Logger } from '@nestjs/common';
import fc from 'fast-check';
import { one, rows } from '../apps/api/src/common/sql';
import { Db } from '../apps/api/src/database/db.service';
import { EventBus, MAX_ATTEMPTS } from '../apps/api/src/events/event-bus.service';
import { METRICS, type Metrics } from '../apps/api/src/ops/metrics';
import { clientId, makeChannel } from './support/chat';
import { startApp, type TestApp } from './support/app';
import { makeMember } from './support/factories';
import { connect, next as nextEvent } from './support/sockets';
import { type AnyEvent, awardsOf, balancesAndSums, emit, emitOutOfOrder, makeRule, settle } from './support/loyalty';

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
  await app.get(Db).ds.query(`DELETE FROM earning_rules; DELETE FROM points_campaigns; DELETE FROM loyalty_tiers`);
  await makeRule(app, { action: 'post.replied', points: 30 });
  await makeRule(app, { action: 'reaction.received', points: 5 });
  await makeRule(app, { action: 'post.accepted', points: 20 });
  await makeRule(app, { action: 'chat.message_sent', points: 2 });
});
afterAll(async () => {
  await app?.close();
});

const ds = () => app.get(Db).ds;
let ids = 900_000;
const next = () => ++ids;

/** A post's history in the order it happened: created, reacted to, removed, restored, accepted, removed, restored. */
function history(authorId: number, fanId: number, postId: number): { events: AnyEvent[]; earns: Record<number, string>; visibleAfter: boolean[] } {
  const ref = { postId, topicId: 1, authorId };
  const events: AnyEvent[] = [
    {
      type: 'post.created',
      payload: { ...ref, categoryId: 1, brandId: null, isFirstPost: false, isTopicStart: false, replyToPostId: null, replyToAuthorId: null, tags: [] },
    },
    { type: 'reaction.added', payload: { postId, authorId, reactorId: fanId, reaction: 'like', categoryId: 1, brandId: null } },
    { type: 'post.removed', payload: { ...ref, reason: 'hidden', actorId: null } },
    { type: 'post.restored', payload: { ...ref, actorId: null } },
    { type: 'post.accepted', payload: { ...ref, acceptedById: fanId, brandId: null } },
    { type: 'post.removed', payload: { ...ref, reason: 'deleted', actorId: null } },
    { type: 'post.restored', payload: { ...ref, actorId: null } },
  ];
  return {
    events,
    earns: { 0: 'post.replied', 1: 'reaction.received', 4: 'post.accepted' },
    // is the post visible once the first n + 1 events happened?
    visibleAfter: [true, true, false, true, true, false, true],
  };
}
const POINTS: Record<string, number> = { 'post.replied': 30, 'reaction.received': 5, 'post.accepted': 20 };

/** The member's live (unreversed) awards per rule. */
async function liveAwards(userId: number): Promise<Record<string, number>> {
  const found = await rows<{ rule: string; n: number }>(
    ds(),
    `SELECT a.rule, count(*)::int AS n FROM points_entries a
      WHERE a.user_id = $1 AND a.kind = 'award' AND NOT EXISTS (SELECT 1 FROM points_entries r WHERE r.reverses_entry_id = a.id)
      GROUP BY a.rule ORDER BY a.rule`,
    [userId],
  );
  return Object.fromEntries(found.map((r) => [r.rule, r.n]));
}

it('a post ends with the awards of what happened to it, whatever the order its events are handled in', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 1, max: 7 }).chain((n) =>
        fc.shuffledSubarray(
          Array.from({ length: n }, (_, i) => i),
          { minLength: n, maxLength: n },
        ),
      ),
      async (order) => {
        const [author, fan] = [await makeMember(app), await makeMember(app)];
        const n = order.length;
        const h = history(author.id, fan.id, next());
        await emitOutOfOrder(app, h.events.slice(0, n), order);

        const visible = h.visibleAfter[n - 1];
        const earned = Object.entries(h.earns)
          .filter(([i]) => Number(i) < n)
          .map(([, rule]) => rule)
          .sort();
        const expected = visible ? Object.fromEntries(earned.map((rule) => [rule, 1])) : {};
        expect(await liveAwards(author.id)).toEqual(expected);
        const total = visible ? earned.reduce((s, r) => s + POINTS[r], 0) : 0;
        const b = await balancesAndSums(app, author.id);
        expect(b).toMatchObject({ available: total, pending: 0, debt: 0, earned: total });
        expect([b!.s_available, b!.s_earned]).toEqual([b!.available, b!.earned]);
      },
    ),
    { numRuns: 30 },
  );
});

it('handled in reverse: the restore before the removal before the creation still leaves the reply earning once', async () => {
  const [author, fan] = [await makeMember(app), await makeMember(app)];
  const h = history(author.id, fan.id, next());
  await emitOutOfOrder(app, h.events.slice(0, 4), [3, 2, 1, 0]);
  expect(await liveAwards(author.id)).toEqual({ 'post.replied': 1, 'reaction.received': 1 });
  expect((await author.api.get('/me/points')).body).toMatchObject({ available: 35, lifetimeEarned: 35 });
  // the removal, older than the restore handled before it, changed nothing: no reversal at all
  const reversals = await one<{ n: number }>(ds(), `SELECT count(*)::int AS n FROM points_entries WHERE user_id = $1 AND kind = 'reversal'`, [author.id]);
  expect(reversals!.n).toBe(0);
});

it('a removal handled before the creation: the award is reversed at once, and comes back when the post is restored', async () => {
  const [author, fan] = [await makeMember(app), await makeMember(app)];
  const h = history(author.id, fan.id, next());
  await emitOutOfOrder(app, h.events.slice(0, 3), [2, 0, 1]);
  expect((await author.api.get('/me/points')).body).toMatchObject({ available: 0, pending: 0, lifetimeEarned: 0 });
  expect(await awardsOf(app, author.id, 'post.replied')).toHaveLength(1);
  await emit(app, h.events[3].type, h.events[3].payload as never);
  expect((await author.api.get('/me/points')).body).toMatchObject({ available: 35, lifetimeEarned: 35 });
  expect((await awardsOf(app, author.id, 'post.replied')).map((a) => a.generation)).toEqual([0, 1]);
});

it('restored content earns again as pending for a young account, in order and out of order', async () => {
  for (const order of [
    [0, 1, 2, 3],
    [2, 3, 0, 1],
  ]) {
    const young = await makeMember(app, { createdDaysAgo: 2 }); // pending for 7 days from sign-up
    const fan = await makeMember(app);
    const h = history(young.id, fan.id, next());
    await emitOutOfOrder(app, h.events.slice(0, 4), order);
    expect((await young.api.get('/me/points')).body).toMatchObject({ available: 0, pending: 35, lifetimeEarned: 35 });
    const live = (await awardsOf(app, young.id, 'post.replied')).at(-1)!;
    expect(live).toMatchObject({ delta: 0, pending_delta: 30 });
  }
});

it('a deleted chat message loses its award, also when the deletion is handled first', async () => {
  const m = await makeMember(app);
  const sent = (messageId: number): AnyEvent => ({ type: 'chat.message_sent', payload: { messageId, channelId: 1, authorId: m.id, brandId: null } });
  const deleted = (messageId: number): AnyEvent => ({
    type: 'chat.message_deleted',
    payload: { messageId, channelId: 1, authorId: m.id, actorId: m.id, brandId: null },
  });
  const [a, b] = [next(), next()];
  await emitOutOfOrder(app, [sent(a), deleted(a)], [0, 1]);
  await emitOutOfOrder(app, [sent(b), deleted(b)], [1, 0]);
  expect(await awardsOf(app, m.id, 'chat.message_sent')).toHaveLength(2);
  expect((await m.api.get('/me/points')).body).toMatchObject({ available: 0, lifetimeEarned: 0 });

  // through the API: a moderator deletes a member's message
  const mod = await makeMember(app, { role: 'moderator' });
  const ch = await makeChannel(app);
  const msg = (await m.api.post(`/chat/channels/${ch.id}/messages`, { body: 'hello', clientId: clientId() })).body;
  await settle(app);
  expect((await m.api.get('/me/points')).body).toMatchObject({ available: 2, lifetimeEarned: 2 });
  expect((await mod.api.delete(`/chat/messages/${msg.id}`)).status).toBe(200);
  expect((await m.api.delete(`/chat/messages/${msg.id}`)).status).toBe(200); // already deleted: no second event
  await settle(app);
  const published = await one<{ n: number }>(ds(), `SELECT count(*)::int AS n FROM outbox WHERE type = 'chat.message_deleted' AND (payload->>'messageId')::bigint = $1`, [
    msg.id,
  ]);
  expect(published!.n).toBe(1);
  expect((await m.api.get('/me/points')).body).toMatchObject({ available: 0, lifetimeEarned: 0 });
});

/** Every order of handling the first `n` events (indexes), for small `n`. */
function orders(n: number): number[][] {
  if (n === 0) return [[]];
  return orders(n - 1).flatMap((o) => Array.from({ length: n }, (_, i) => [...o.slice(0, i), n - 1, ...o.slice(i)]));
}

it('acceptance: an unacceptance handled before its acceptance leaves no points; accept, unaccept, accept again ends with one award', async () => {
  for (const n of [1, 2, 3]) {
    for (const order of orders(n)) {
      const [author, fan] = [await makeMember(app), await makeMember(app)];
      const ref = { postId: next(), topicId: 1, authorId: author.id, brandId: null };
      const accepted: AnyEvent = { type: 'post.accepted', payload: { ...ref, acceptedById: fan.id } };
      const unaccepted: AnyEvent = { type: 'post.unaccepted', payload: { ...ref, actorId: fan.id } };
      await emitOutOfOrder(app, [accepted, unaccepted, accepted].slice(0, n), order);
      const standing = n % 2 === 1; // accepted after the last event?
      expect({ order, live: await liveAwards(author.id) }).toEqual({ order, live: standing ? { 'post.accepted': 1 } : {} });
      expect((await author.api.get('/me/points')).body).toMatchObject({ available: standing ? 20 : 0, lifetimeEarned: standing ? 20 : 0 });
    }
  }
});

it('acceptance: a post taken down while accepted (removed, then unaccepted) and restored has no acceptance award, whatever the order', async () => {
  for (const order of orders(4)) {
    const [author, fan] = [await makeMember(app), await makeMember(app)];
    const ref = { postId: next(), topicId: 1, authorId: author.id };
    const events: AnyEvent[] = [
      { type: 'post.accepted', payload: { ...ref, acceptedById: fan.id, brandId: null } },
      { type: 'post.removed', payload: { ...ref, reason: 'hidden', actorId: fan.id } },
      { type: 'post.unaccepted', payload: { ...ref, actorId: fan.id, brandId: null } },
      { type: 'post.restored', payload: { ...ref, actorId: fan.id } },
    ];
    await emitOutOfOrder(app, events, order);
    expect({ order, live: await liveAwards(author.id) }).toEqual({ order, live: {} });
    expect((await author.api.get('/me/points')).body).toMatchObject({ available: 0, lifetimeEarned: 0 });
  }
});

it('sends no points toast for an award reversed at once (its post was removed before the award was handled)', async () => {
  const [author, fan] = [await makeMember(app), await makeMember(app)];
  const socket = await connect(app.url, { token: author.api.bearer });
  try {
    const toasts: { delta: number }[] = [];
    socket.on('points:awarded', (e) => toasts.push(e));
    const h = history(author.id, fan.id, next());
    await emitOutOfOrder(app, h.events.slice(0, 3), [2, 0, 1]); // the reply's and the reaction's awards: written and reversed at once
    expect(await awardsOf(app, author.id, 'post.replied')).toHaveLength(1);
    // a standing award afterwards: its toast is the first the member gets
    const standing = nextEvent(socket, 'points:awarded');
    await emit(app, 'chat.message_sent', { messageId: next(), channelId: 1, authorId: author.id, brandId: null });
    expect(await standing).toMatchObject({ delta: 2, balance: 2 });
    expect(toasts).toEqual([expect.objectContaining({ delta: 2 })]);
  } finally {
    socket.close();
  }
});

it('an event whose subscriber fails every attempt is parked, logged at error level and counted', async () => {
  const bus = app.get(EventBus);
  bus.on('giveaway.drawn', 'test:always-fails', async () => {
    throw new Error('always down');
  });
  const metrics = app.wala.app.get<symbol, Metrics>(METRICS);
  const before = (await metrics.outboxGaveUp.get()).values.find((v) => v.labels.type === 'giveaway.drawn')?.value ?? 0;
  const errors = jest.spyOn(Logger.prototype, 'error');
  try {
    const ev = await one<{ id: number }>(
      ds(),
      `INSERT INTO outbox (type, payload, attempts) VALUES ('giveaway.drawn', $1, $2) RETURNING id`,
      [JSON.stringify({ giveawayId: 1, brandId: null, winnerUserIds: [] }), MAX_ATTEMPTS - 2],
    );
    await app.drain(); // attempt 11: retried later
    expect(errors.mock.calls.filter((c) => String(c[0]).includes(`event ${ev!.id} `))).toHaveLength(0);
    await ds().query(`UPDATE outbox SET next_attempt_at = now() WHERE id = $1`, [ev!.id]);
    await app.drain(); // attempt 12: given up
    const row = await one<{ parked: boolean; attempts: number }>(ds(), `SELECT next_attempt_at = 'infinity' AS parked, attempts FROM outbox WHERE id = $1`, [ev!.id]);
    expect(row).toEqual({ parked: true, attempts: MAX_ATTEMPTS });
    expect(errors.mock.calls.filter((c) => String(c[0]).includes(`event ${ev!.id} (giveaway.drawn)`) && String(c[0]).includes('giving up'))).toHaveLength(1);
    const after = (await metrics.outboxGaveUp.get()).values.find((v) => v.labels.type === 'giveaway.drawn')?.value ?? 0;
    expect(after - before).toBe(1);
    await ds().query(`UPDATE outbox SET processed_at = now() WHERE id = $1`, [ev!.id]); // out of the way of settle()
  } finally {
    errors.mockRestore();
  }
});
