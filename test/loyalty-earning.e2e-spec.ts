import { translatorFor } from '@wala/contract';
import { one, rows } from '../apps/api/src/common/sql';
import { Db } from '../apps/api/src/database/db.service';
import { BadgesService } from '../apps/api/src/loyalty/badges.service';
import { EarningService, multiply } from '../apps/api/src/loyalty/earning.service';
import { LoyaltyJobs } from '../apps/api/src/loyalty/jobs.service';
import { LoyaltySettings } from '../apps/api/src/loyalty/settings.service';
import { StreaksService } from '../apps/api/src/loyalty/streaks.service';
import { startApp, type TestApp } from './support/app';
import { eventually } from './support/process';
import { connect, next as nextEvent } from './support/sockets';
import { anonymous, makeBrand, makeMember } from './support/factories';
import { awardsOf, emit, givePoints, ledgerOf, makeRule, setTierRank, settle } from './support/loyalty';

let app: TestApp;
let admin: Awaited<ReturnType<typeof makeMember>>;
beforeAll(async () => {
  app = await startApp();
  admin = await makeMember(app, { role: 'admin' });
});
afterAll(async () => {
  await app?.close();
});

const db = () => app.get(Db);
let ids = 5000;
const next = () => ++ids;
const topic = (authorId: number, o: { postId?: number; brandId?: number | null; categoryId?: number } = {}) => ({
  topicId: next(),
  postId: o.postId ?? next(),
  authorId,
  categoryId: o.categoryId ?? 1,
  brandId: o.brandId ?? null,
  tags: [],
});
const reset = async () => {
  await db().ds.query(`DELETE FROM earning_rules; DELETE FROM points_campaigns; DELETE FROM badge_grants; DELETE FROM badges; DELETE FROM loyalty_tiers`);
};
beforeEach(reset);

it('awards by the rule an admin edits, never re-scoring the past, with filters by brand and category', async () => {
  const m = await makeMember(app);
  const brand = await makeBrand(app);
  const created = await admin.api.post('/admin/earning-rules', { action: 'topic.created', points: 10 });
  expect(created.status).toBe(201);
  await emit(app, 'topic.created', topic(m.id));
  expect((await admin.api.patch(`/admin/earning-rules/${created.body.id}`, { points: 25 })).status).toBe(200);
  await emit(app, 'topic.created', topic(m.id));
  expect((await awardsOf(app, m.id, 'topic.created')).map((a) => a.delta)).toEqual([10, 25]);

  // a brand rule for category 7 only: other categories fall back to the general rule
  await admin.api.post('/admin/earning-rules', { action: 'topic.created', points: 40, brandId: brand.id, categoryIds: [7] });
  await emit(app, 'topic.created', topic(m.id, { brandId: brand.id, categoryId: 7 }));
  await emit(app, 'topic.created', topic(m.id, { brandId: brand.id, categoryId: 8 }));
  const [, , a3, a4] = await rows<{ delta: number; brand_id: number | null }>(
    db().ds,
    `SELECT delta, brand_id FROM points_entries WHERE user_id = $1 AND rule = 'topic.created' ORDER BY id`,
    [m.id],
  );
  expect([a3, a4]).toEqual([
    { delta: 40, brand_id: brand.id },
    { delta: 25, brand_id: brand.id },
  ]);
  // an inactive rule or one outside its window awards nothing
  await db().ds.query(`UPDATE earning_rules SET active = false`);
  await emit(app, 'topic.created', topic(m.id));
  expect(await awardsOf(app, m.id, 'topic.created')).toHaveLength(4);
});

it('awards once when the same event is delivered 20 times, and caps hold: 50 actions against a daily cap of 10 award 10', async () => {
  const m = await makeMember(app);
  await makeRule(app, { action: 'chat.message_sent', points: 2, dailyCap: 10 });
  await emit(app, 'chat.message_sent', { messageId: 42, channelId: 1, authorId: m.id, brandId: null }, 20);
  expect(await awardsOf(app, m.id, 'chat.message_sent')).toHaveLength(1);
  await db().tx(async (em) => {
    for (let i = 0; i < 50; i++) await db().publish(em, 'chat.message_sent', { messageId: 1000 + i, channelId: 1, authorId: m.id, brandId: null });
  });
  // concurrent handlers: the awards themselves run in parallel transactions
  const earning = app.get(EarningService);
  await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      db().tx((em) => earning.earn(em, { action: 'chat.message_sent', userId: m.id, sourceType: 'chat', sourceId: 2000 + i, brandId: null })),
    ),
  );
  await settle(app);
  expect(await awardsOf(app, m.id, 'chat.message_sent')).toHaveLength(10);
});

it('multiplies stacked campaigns and the tier multiplier, then rounds down once', async () => {
  expect(multiply(5, [150, 150])).toBe(11);
  expect(multiply(3, [150])).toBe(4);
  const m = await makeMember(app);
  await db().ds.query(`INSERT INTO loyalty_tiers (name, name_ar, min_points, multiplier_pct) VALUES ('Gold', 'ذهبي', 1, 150)`);
  await givePoints(app, m.id, 1); // reaches Gold
  await makeRule(app, { action: 'post.featured', points: 5 });
  const c = await admin.api.post('/admin/points-campaigns', {
    name: 'International Customer Day',
    nameAr: 'اليوم العالمي للعملاء',
    multiplierPct: 150,
    startsAt: new Date(Date.now() - 60_000).toISOString(),
    endsAt: new Date(Date.now() + 3_600_000).toISOString(),
  });
  expect(c.status).toBe(201);
  await emit(app, 'post.featured', { postId: next(), authorId: m.id, actorId: admin.id });
  expect((await awardsOf(app, m.id, 'post.featured')).map((a) => a.delta)).toEqual([11]);
  // a campaign that has ended multiplies nothing
  await admin.api.patch(`/admin/points-campaigns/${c.body.id}`, { endsAt: new Date(Date.now() - 1000).toISOString(), startsAt: new Date(Date.now() - 60_000).toISOString() });
  await emit(app, 'post.featured', { postId: next(), authorId: m.id, actorId: admin.id });
  expect((await awardsOf(app, m.id, 'post.featured')).map((a) => a.delta)).toEqual([11, 7]);
});

it('reactions: none for reacting to yourself, the (post, reactor) pair earns once, a daily limit per pair of members', async () => {
  const author = await makeMember(app);
  const fan = await makeMember(app);
  await makeRule(app, { action: 'reaction.received', points: 1 });
  const react = (postId: number, reactorId: number) => emit(app, 'reaction.added', { postId, authorId: author.id, reactorId, reaction: 'like', categoryId: 1, brandId: null });
  await react(1, author.id);
  expect(await awardsOf(app, author.id, 'reaction.received')).toHaveLength(0);
  await react(1, fan.id);
  await emit(app, 'reaction.removed', { postId: 1, authorId: author.id, reactorId: fan.id, reaction: 'like' });
  await react(1, fan.id); // un-react and react again: nothing more
  expect(await awardsOf(app, author.id, 'reaction.received')).toHaveLength(1);
  for (const p of [2, 3, 4, 5]) await react(p, fan.id); // the daily pair limit is 3
  expect(await awardsOf(app, author.id, 'reaction.received')).toHaveLength(3);
});

it('reverses the awards of removed content (what was spent becomes debt), and restored content earns again once', async () => {
  const m = await makeMember(app);
  await makeRule(app, { action: 'post.replied', points: 30 });
  const post = { postId: next(), topicId: 1, authorId: m.id, categoryId: 1, brandId: null, isFirstPost: false, isTopicStart: false, replyToPostId: null, replyToAuthorId: null, tags: [] };
  await emit(app, 'post.created', post);
  await db().tx((em) => ledgerOf(app).debit(em, { userId: m.id, points: 20, kind: 'spend', sourceType: 'redemption', sourceId: next(), brandId: null, reason: 'web.loyalty.reasons.spend' }));
  await emit(app, 'post.removed', { postId: post.postId, topicId: 1, authorId: m.id, reason: 'hidden', actorId: admin.id }, 2);
  let me = (await m.api.get('/me/points')).body;
  expect(me).toMatchObject({ available: 0, debt: 20, lifetimeEarned: 0 });
  await emit(app, 'post.restored', { postId: post.postId, topicId: 1, authorId: m.id, actorId: admin.id }, 2);
  const awards = await awardsOf(app, m.id, 'post.replied');
  expect(awards.map((a) => a.generation)).toEqual([0, 1]);
  me = (await m.api.get('/me/points')).body;
  expect(me).toMatchObject({ available: 10, debt: 0, lifetimeEarned: 30 });
  // the redelivered restore earned nothing more; removing again reverses the new generation
  await emit(app, 'post.removed', { postId: post.postId, topicId: 1, authorId: m.id, reason: 'deleted', actorId: null });
  expect((await m.api.get('/me/points')).body).toMatchObject({ available: 0, debt: 20 });
});

it('reverses the award of an answer that is no longer accepted, and accepting it again holds one award again', async () => {
  const m = await makeMember(app);
  await makeRule(app, { action: 'post.accepted', points: 25 });
  const postId = next();
  await emit(app, 'post.accepted', { postId, topicId: 1, authorId: m.id, acceptedById: admin.id, brandId: null });
  await emit(app, 'post.unaccepted', { postId, topicId: 1, authorId: m.id, actorId: admin.id, brandId: null }, 2);
  expect((await m.api.get('/me/points')).body).toMatchObject({ available: 0, lifetimeEarned: 0 });
  await emit(app, 'post.accepted', { postId, topicId: 1, authorId: m.id, acceptedById: admin.id, brandId: null }, 2);
  expect((await m.api.get('/me/points')).body).toMatchObject({ available: 25, lifetimeEarned: 25 });
  expect((await awardsOf(app, m.id, 'post.accepted')).map((a) => a.generation)).toEqual([0, 1]);
});

it('holds points of young accounts as pending until they mature', async () => {
  const young = await makeMember(app, { createdDaysAgo: 2 }); // pending for 7 days from sign-up
  await makeRule(app, { action: 'member.profile_completed', points: 15 });
  await emit(app, 'member.profile_completed', { userId: young.id });
  expect((await young.api.get('/me/points')).body).toMatchObject({ available: 0, pending: 15 });
  const [a] = await awardsOf(app, young.id, 'member.profile_completed');
  expect(a.pending_delta).toBe(15);
});

it('referrals: both sides earn when the referee verifies, and again on the first post; a self-referral earns nothing', async () => {
  const referrer = await makeMember(app);
  const referee = await makeMember(app);
  await makeRule(app, { action: 'referral.signed_up', points: 50 });
  await makeRule(app, { action: 'referral.first_post', points: 20 });
  await emit(app, 'member.registered', { userId: referee.id, referredById: referrer.id });
  expect(await awardsOf(app, referrer.id, 'referral.signed_up')).toHaveLength(0); // not verified yet
  await emit(app, 'member.email_verified', { userId: referee.id }, 2);
  await emit(app, 'post.created', { postId: next(), topicId: 1, authorId: referee.id, categoryId: 1, brandId: null, isFirstPost: true, isTopicStart: true, replyToPostId: null, replyToAuthorId: null, tags: [] });
  for (const u of [referrer.id, referee.id]) {
    expect((await awardsOf(app, u, 'referral.signed_up')).length).toBe(1);
    expect((await awardsOf(app, u, 'referral.first_post')).length).toBe(1);
  }
  await emit(app, 'member.registered', { userId: referrer.id, referredById: referrer.id });
  expect(await one(db().ds, `SELECT 1 FROM loyalty_referrals WHERE referee_id = $1`, [referrer.id])).toBeNull();
  const link = (await referrer.api.get('/me/referral')).body;
  expect(link).toMatchObject({ referred: 1 });
  expect(link.link).toContain(link.code);
});

it('challenges, check-ins and surveys pay their own points; badges come from the challenge, from counts and from streaks', async () => {
  const m = await makeMember(app);
  const own = await admin.api.post('/admin/badges', { slug: 'explorer', name: 'Explorer', nameAr: 'مستكشف' });
  const first = await admin.api.post('/admin/badges', { slug: 'first-topic', name: 'First topic', nameAr: 'أول موضوع', criteria: { type: 'count', action: 'topic.created', n: 1 } });
  const streak = await admin.api.post('/admin/badges', { slug: 'streak-2', name: 'Two days', nameAr: 'يومان', criteria: { type: 'streak', days: 2 } });
  expect((await admin.api.post('/admin/badges', { slug: 'bad', name: 'B', nameAr: 'ب', criteria: { type: 'count', action: 'nope', n: 1 } })).status).toBe(400);
  await emit(app, 'challenge.completed', { challengeId: 3, userId: m.id, brandId: null, completionId: next(), points: 40, badgeId: own.body.id, pledgeCampaignId: null }, 2);
  await emit(app, 'event.checked_in', { eventId: 1, userId: m.id, brandId: null, checkInId: next(), points: 7 });
  await emit(app, 'survey.answered', { surveyId: 1, userId: m.id, brandId: null, participationId: next(), points: 3 });
  expect((await m.api.get('/me/points')).body.available).toBe(50);
  await makeRule(app, { action: 'topic.created', points: 1 });
  await emit(app, 'topic.created', topic(m.id));
  const streaks = app.get(StreaksService);
  await db().tx((em) => streaks.touch(em, m.id, new Date(Date.now() - 86_400_000)));
  await db().tx((em) => streaks.touch(em, m.id));
  expect((await m.api.get('/me/streak')).body).toMatchObject({ current: 2, longest: 2 });
  const held = (await m.api.get('/me/badges')).body.map((g: { badge: { slug: string } }) => g.badge.slug).sort();
  expect(held).toEqual(['explorer', 'first-topic', 'streak-2']);
  await settle(app);
  const kinds = await rows<{ kind: string }>(db().ds, `SELECT kind FROM notifications WHERE user_id = $1 AND kind = 'loyalty_badge'`, [m.id]);
  expect(kinds).toHaveLength(3);
  // rarity, revocation with an audit entry
  const list = (await anonymous(app).get('/badges')).body as { slug: string; holders: number; rarityPct: number }[];
  expect(list.find((b) => b.slug === 'explorer')).toMatchObject({ holders: 1 });
  const grants = (await anonymous(app).get(`/users/${m.id}/badges`)).body as { id: number; badge: { slug: string } }[];
  const g = grants.find((x) => x.badge.slug === 'first-topic')!;
  expect((await admin.api.post(`/admin/badge-grants/${g.id}/revoke`, { reason: 'mistake' })).status).toBe(204);
  expect((await m.api.get('/me/badges')).body).toHaveLength(2);
  expect(await one(db().ds, `SELECT 1 FROM audit_log WHERE action = 'badge.revoke' AND target_id = $1`, [m.id])).not.toBeNull();
  void first;
  void streak;
});

it('badge holders are counted in the grant and revoke transactions (a member once, however many grants); the member count behind rarity is reused for a minute', async () => {
  const [m, other] = [await makeMember(app), await makeMember(app)];
  const multi = (await admin.api.post('/admin/badges', { slug: 'helper', name: 'Helper', nameAr: 'مساعد', multi: true })).body;
  const single = (await admin.api.post('/admin/badges', { slug: 'pioneer', name: 'Pioneer', nameAr: 'رائد' })).body;
  const grant = async (badgeId: number, userId: number) => (await admin.api.post(`/admin/badges/${badgeId}/grants`, { userId, reason: 'thanks' })).body.grantId as number;
  const holders = async () => {
    const list = (await anonymous(app).get('/badges')).body as { id: number; holders: number; rarityPct: number }[];
    return [multi.id, single.id].map((id) => list.find((b) => b.id === id)!.holders);
  };
  const revoke = (grantId: number) => admin.api.post(`/admin/badge-grants/${grantId}/revoke`, { reason: 'undo' });
  // concurrent grants of one member (two sources) count the member once
  const badges = app.get(BadgesService);
  const [a1, a2] = (await Promise.all(['src:1', 'src:2'].map((key) => db().tx((em) => badges.grant(em, multi.id, m.id, { key }))))) as number[];
  expect(a1).not.toBe(a2);
  await grant(multi.id, other.id);
  const s1 = await grant(single.id, m.id);
  expect(await holders()).toEqual([2, 1]);
  expect((await revoke(a1)).status).toBe(204);
  expect(await holders()).toEqual([2, 1]); // m still holds it by the other grant
  expect((await revoke(a2)).status).toBe(204);
  expect((await revoke(s1)).status).toBe(204);
  expect((await revoke(s1)).status).toBe(404);
  expect(await holders()).toEqual([1, 0]);
  const counted = await one<{ n: number }>(
    db().ds,
    `SELECT count(DISTINCT user_id)::int AS n FROM badge_grants WHERE badge_id = $1 AND revoked_at IS NULL`,
    [multi.id],
  );
  expect(counted!.n).toBe(1);

  // rarity = holders / members, members counted at most once a minute per node
  const before = ((await anonymous(app).get('/badges')).body as { id: number; rarityPct: number }[]).find((b) => b.id === multi.id)!.rarityPct;
  expect(before).toBeGreaterThan(0);
  for (let i = 0; i < 3; i++) await makeMember(app);
  const after = ((await anonymous(app).get('/badges')).body as { id: number; rarityPct: number }[]).find((b) => b.id === multi.id)!.rarityPct;
  expect(after).toBe(before);
});

it('streaks count days in the member own time zone', async () => {
  const m = await makeMember(app);
  await db().ds.query(`UPDATE users SET time_zone = 'Asia/Riyadh' WHERE id = $1`, [m.id]);
  const streaks = app.get(StreaksService);
  // 22:30 UTC on 1 March is already 2 March in Riyadh (UTC+3); 00:30 UTC on 2 March is still 2 March there
  await db().tx((em) => streaks.touch(em, m.id, new Date('2026-03-01T20:30:00Z')));
  await db().tx((em) => streaks.touch(em, m.id, new Date('2026-03-01T22:30:00Z')));
  const s = await db().tx((em) => streaks.touch(em, m.id, new Date('2026-03-02T00:30:00Z')));
  expect(s).toEqual({ current: 2, longest: 2, lastDay: '2026-03-02' });
});

it('ranks members on week, month and all-time boards (competition ranking), staff excluded, the same from PostgreSQL and Redis', async () => {
  const brand = await makeBrand(app);
  const [a, b, c] = [await makeMember(app), await makeMember(app), await makeMember(app)];
  const mod = await makeMember(app, { role: 'moderator' });
  await givePoints(app, a.id, 500, { brandId: brand.id });
  await givePoints(app, b.id, 500);
  await givePoints(app, c.id, 300);
  await givePoints(app, mod.id, 10_000);
  await settle(app);
  const board = async (q = '') => (await c.api.get(`/leaderboards/week${q}`)).body;
  const pg = await board();
  const top = pg.items.filter((r: { userId: number }) => [a.id, b.id, c.id, mod.id].includes(r.userId));
  // a and b tie (same rank), listed newest member first
  expect(top.map((r: { userId: number; rank: number }) => [r.userId, r.rank])).toEqual([
    [b.id, pg.items.find((r: { userId: number }) => r.userId === a.id).rank],
    [a.id, pg.items.find((r: { userId: number }) => r.userId === a.id).rank],
    [c.id, pg.me.rank],
  ]);
  expect(pg.me).toMatchObject({ userId: c.id, points: 300 });
  const ranks = pg.items.map((r: { rank: number }) => r.rank);
  expect(ranks).toEqual([...ranks].sort((x: number, y: number) => x - y));
  const brandBoard = await board(`?brandId=${brand.id}`);
  expect(brandBoard.items.map((r: { userId: number; rank: number; points: number }) => [r.userId, r.rank, r.points])).toEqual([[a.id, 1, 500]]);
  expect(brandBoard.me).toBeNull();
  // Redis mirrors the boards once rebuilt: same answer
  let fromRedis = pg;
  for (let i = 0; i < 100 && fromRedis.source !== 'redis'; i++) {
    await new Promise((r) => setTimeout(r, 50));
    fromRedis = await board();
  }
  expect(fromRedis.source).toBe('redis');
  expect({ items: fromRedis.items, me: fromRedis.me }).toEqual({ items: pg.items, me: pg.me });
  // a later award reaches both
  await givePoints(app, c.id, 250);
  await settle(app);
  // Redis is written right after the commit: the board follows within moments
  const after = await eventually(async () => {
    const x = await board();
    return x.me.points === 550 ? x : null;
  });
  expect(after.me).toMatchObject({ rank: 1, points: 550 });
  expect((await anonymous(app).get('/leaderboards/year')).status).toBe(400);
  expect((await anonymous(app).get('/leaderboards/all')).body.me).toBeNull();
});

it('a reversal counts in the period of the award it reverses, and a score is never shown below 0', async () => {
  const m = await makeMember(app);
  const settings = app.get(LoyaltySettings);
  const s = await settings.get(db().ds);
  const now = new Date().toISOString();
  const lastWeek = new Date(Date.now() - 8 * 86_400_000).toISOString();
  const [thisP, lastP] = [await settings.periods(db().ds, s, now), await settings.periods(db().ds, s, lastWeek)];
  const score = async (period: string, start: string) =>
    (await one<{ points: number }>(db().ds, `SELECT points FROM leaderboard_scores WHERE period = $1 AND period_start = $2 AND brand_id = 0 AND user_id = $3`, [period, start, m.id]))
      ?.points ?? null;
  // the reversal the ledger publishes says when the reversed award was written
  const award = await givePoints(app, m.id, 12);
  await db().tx((em) => ledgerOf(app).reverse(em, award!.id, { reason: 'web.loyalty.reasons.reversal' }));
  const published = await one<{ payload: { reversesAt: string } }>(
    db().ds,
    `SELECT payload FROM outbox WHERE type = 'points.entry' AND payload->>'kind' = 'reversal' AND (payload->>'userId')::bigint = $1`,
    [m.id],
  );
  expect(published!.payload.reversesAt).toBe(award!.createdAt);
  await settle(app);
  expect(await score('week', thisP.week)).toBe(0);

  // an award of last week reversed now: last week loses it, this week keeps its score (points.entry as the ledger publishes them)
  const entry = (kind: string, earned: number, at: string, reversesAt?: string) => ({
    userId: m.id,
    entryId: 8_000_000_000 + next(),
    kind,
    delta: earned,
    pendingDelta: 0,
    brandId: null,
    at,
    earnedDelta: earned,
    ...(reversesAt ? { reversesAt } : {}),
  });
  await emit(app, 'points.entry', entry('award', 30, lastWeek));
  await emit(app, 'points.entry', entry('award', 5, now));
  expect([await score('week', lastP.week), await score('week', thisP.week)]).toEqual([30, 5]);
  await emit(app, 'points.entry', entry('reversal', -30, now, lastWeek));
  expect([await score('week', lastP.week), await score('week', thisP.week), await score('all', '1970-01-01')]).toEqual([0, 5, 5]);

  // a reversal handled before its award: the stored sum dips below 0 for a while, the board shows 0
  await emit(app, 'points.entry', entry('reversal', -20, now, now));
  expect(await score('week', thisP.week)).toBe(-15);
  const week = async () => (await m.api.get('/leaderboards/week')).body as { source: string; me: { points: number }; items: { points: number }[] };
  for (const b of [await week(), await eventually(async () => ((await week()).source === 'redis' ? week() : null))]) {
    expect(b.me).toMatchObject({ points: 0 });
    expect(b.items.every((i) => i.points >= 0)).toBe(true);
  }
  await emit(app, 'points.entry', entry('award', 20, now));
  expect(await score('week', thisP.week)).toBe(5);
});

it('admin adjustments need a reason, are audited and never raise a tier; moderators reverse awards once', async () => {
  const m = await makeMember(app);
  await db().ds.query(`INSERT INTO loyalty_tiers (name, name_ar, min_points) VALUES ('Silver', 'فضي', 100)`);
  expect((await admin.api.post('/admin/points/adjust', { userId: m.id, points: 500 })).status).toBe(400);
  const adj = await admin.api.post('/admin/points/adjust', { userId: m.id, points: 500, reason: 'event prize' });
  expect(adj.status).toBe(201);
  expect((await m.api.get('/me/points')).body).toMatchObject({ available: 500, tier: null });
  expect((await admin.api.post('/admin/points/adjust', { userId: m.id, points: -600, reason: 'too much' })).status).toBe(409);
  expect(await one(db().ds, `SELECT 1 FROM audit_log WHERE action = 'points.adjust' AND target_id = $1`, [m.id])).not.toBeNull();
  const award = await givePoints(app, m.id, 120);
  expect((await m.api.get('/me/points')).body.tier).toMatchObject({ name: 'Silver' });
  const mod = await makeMember(app, { role: 'moderator' });
  expect((await mod.api.post(`/admin/points/entries/${award!.id}/reverse`, { reason: 'spam' })).status).toBe(201);
  expect((await mod.api.post(`/admin/points/entries/${award!.id}/reverse`, { reason: 'spam' })).status).toBe(409);
  expect((await mod.api.post(`/admin/points/entries/${adj.body.id}/reverse`, { reason: 'spam' })).status).toBe(409);
  expect((await m.api.get('/me/points')).body).toMatchObject({ available: 500, tier: null });
});

it('the daily job lowers tiers when the window moves on, and pays birthdays once in the member time zone', async () => {
  const m = await makeMember(app);
  await db().ds.query(`INSERT INTO loyalty_tiers (name, name_ar, min_points) VALUES ('Silver', 'فضي', 100)`);
  await givePoints(app, m.id, 150);
  expect((await m.api.get('/me/points')).body.tier).toMatchObject({ name: 'Silver' });
  await admin.api.patch('/admin/loyalty/settings', { tierWindowDays: 1 });
  await db().ds.query(`ALTER TABLE points_entries DISABLE TRIGGER points_entries_no_update`);
  await db().ds.query(`UPDATE points_entries SET created_at = now() - interval '3 days' WHERE user_id = $1`, [m.id]);
  await db().ds.query(`ALTER TABLE points_entries ENABLE TRIGGER points_entries_no_update`);
  await makeRule(app, { action: 'member.birthday', points: 100 });
  await db().ds.query(`UPDATE users SET birthday = (now() AT TIME ZONE time_zone)::date - interval '30 years' WHERE id = $1`, [m.id]);
  const jobs = app.get(LoyaltyJobs);
  const r1 = await jobs.daily();
  await jobs.daily();
  expect(r1.birthdays).toBeGreaterThanOrEqual(1);
  expect(await awardsOf(app, m.id, 'member.birthday')).toHaveLength(1);
  // 150 aged out of the 1-day window, the birthday's 100 is inside: still Silver; without it, none
  expect((await m.api.get('/me/points')).body).toMatchObject({ windowEarned: 100, tier: { name: 'Silver' } });
  await admin.api.patch('/admin/loyalty/settings', { tierWindowDays: 365 });
});

it('expires the available points of members idle for the configured days, once, as a ledger entry', async () => {
  const m = await makeMember(app);
  const active = await makeMember(app);
  await givePoints(app, m.id, 70);
  await givePoints(app, active.id, 30);
  await db().ds.query(`ALTER TABLE points_entries DISABLE TRIGGER points_entries_no_update`);
  await db().ds.query(`UPDATE points_entries SET created_at = now() - interval '100 days' WHERE user_id = $1`, [m.id]);
  await db().ds.query(`ALTER TABLE points_entries ENABLE TRIGGER points_entries_no_update`);
  const jobs = app.get(LoyaltyJobs);
  expect((await jobs.daily()).expired).toBe(0); // expiry is off by default
  expect((await admin.api.patch('/admin/loyalty/settings', { expiryDays: 90 })).body.expiryDays).toBe(90);
  expect((await jobs.daily()).expired).toBe(1);
  expect((await jobs.daily()).expired).toBe(0);
  const [e] = (await m.api.get('/me/points/entries')).body.items;
  expect(e).toMatchObject({ kind: 'expiry', delta: -70, params: { days: 90 } });
  expect((await m.api.get('/me/points')).body).toMatchObject({ available: 0, lifetimeEarned: 70 });
  expect((await active.api.get('/me/points')).body.available).toBe(30);
  await admin.api.patch('/admin/loyalty/settings', { expiryDays: null });
});

it('shows the same history to Arabic and English members with translated reasons', async () => {
  const m = await makeMember(app, { locale: 'ar' });
  await makeRule(app, { action: 'topic.created', points: 4 });
  await emit(app, 'topic.created', topic(m.id));
  const [e] = (await m.api.get('/me/points/entries')).body.items;
  expect(e.reason).toBe('web.loyalty.reasons.topic_created');
  expect(translatorFor('en')(e.reason)).toBe('Started a topic');
  expect(translatorFor('ar')(e.reason)).toBe('بدأت موضوعًا');
});

it('pushes points:awarded and badge:granted to the member sockets', async () => {
  const m = await makeMember(app);
  const socket = await connect(app.url, { token: m.api.bearer });
  try {
    const points = nextEvent(socket, 'points:awarded');
    await makeRule(app, { action: 'topic.created', points: 6 });
    await admin.api.post('/admin/badges', { slug: 'live-first', name: 'First', nameAr: 'الأول', criteria: { type: 'count', action: 'topic.created', n: 1 } });
    const badge = nextEvent(socket, 'badge:granted');
    await emit(app, 'topic.created', topic(m.id));
    expect(await points).toMatchObject({ delta: 6, balance: 6, pending: 0, reason: 'web.loyalty.reasons.topic_created' });
    expect(await badge).toMatchObject({ name: 'First', nameAr: 'الأول' });
  } finally {
    socket.close();
  }
});

it('shows a member’s tier to anyone (the tier, never the balance), and nothing of a deleted member', async () => {
  const m = await makeMember(app);
  expect((await anonymous(app).get(`/users/${m.id}/tier`)).body).toEqual({ tier: null });
  await setTierRank(app, m.id, 2);
  const res = await anonymous(app).get(`/users/${m.id}/tier`);
  const held = await one<{ id: number }>(db().ds, `SELECT tier_id AS id FROM points_balances WHERE user_id = $1`, [m.id]);
  expect(Object.keys(res.body)).toEqual(['tier']);
  expect(res.body.tier).toMatchObject({ id: held!.id, rank: 2 });
  await db().ds.query(`UPDATE users SET deleted_at = now() WHERE id = $1`, [m.id]);
  expect((await anonymous(app).get(`/users/${m.id}/tier`)).status).toBe(404);
});
