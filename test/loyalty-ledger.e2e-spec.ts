import fc from 'fast-check';
import { AppError } from '../apps/api/src/common/errors';
import { MemberStanding } from '../apps/api/src/common/member-standing';
import { PointsWallet } from '../apps/api/src/common/points-wallet';
import { one, rows } from '../apps/api/src/common/sql';
import { Db } from '../apps/api/src/database/db.service';
import { LedgerService } from '../apps/api/src/loyalty/ledger.service';
import { LoyaltyStanding } from '../apps/api/src/loyalty/standing.service';
import { NotificationsModule } from '../apps/api/src/notifications/notifications.module';
import { startApp, type TestApp } from './support/app';
import { anonymous, makeMember } from './support/factories';
import { balancesAndSums, givePoints, ledgerOf } from './support/loyalty';

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

const db = () => app.get(Db);
let src = 1;
const debit = (userId: number, points: number, sourceId = ++src) =>
  db().tx((em) => ledgerOf(app).debit(em, { userId, points, kind: 'spend', sourceType: 'redemption', sourceId, brandId: null, reason: 'web.loyalty.reasons.spend' }));
const errorOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a failure');
};

it('binds the real ledger and tiers for every module, not only loyalty', () => {
  expect(app.wala.app.get(PointsWallet)).toBeInstanceOf(LedgerService);
  expect(app.wala.app.get(MemberStanding)).toBeInstanceOf(LoyaltyStanding);
  const fromOther = app.wala.app.select(NotificationsModule).get(PointsWallet, { strict: false });
  expect(fromOther).toBe(app.wala.app.get(PointsWallet));
});

it('refuses UPDATE, DELETE and TRUNCATE of entries and direct writes of balances', async () => {
  const m = await makeMember(app);
  const e = await givePoints(app, m.id, 10);
  await expect(db().ds.query(`UPDATE points_entries SET delta = 1000 WHERE id = $1`, [e!.id])).rejects.toThrow(/append-only/);
  await expect(db().ds.query(`DELETE FROM points_entries WHERE id = $1`, [e!.id])).rejects.toThrow(/append-only/);
  await expect(db().ds.query(`TRUNCATE points_entries CASCADE`)).rejects.toThrow(/append-only/);
  await expect(db().ds.query(`UPDATE points_balances SET available = 1000 WHERE user_id = $1`, [m.id])).rejects.toThrow(/ledger entries/);
  await expect(db().ds.query(`DELETE FROM points_balances WHERE user_id = $1`, [m.id])).rejects.toThrow(/never deleted/);
  expect(await ledgerOf(app).balance(db().ds, m.id)).toEqual({ available: 10, pending: 0 });
});

it('awards once per source, spends with a 409 carrying what is available, refunds once, reverses into debt that awards settle', async () => {
  const m = await makeMember(app);
  const first = await givePoints(app, m.id, 50, { sourceId: 77, rule: 'topic.created' });
  expect(first).toMatchObject({ kind: 'award', delta: 50 });
  expect(await givePoints(app, m.id, 50, { sourceId: 77, rule: 'topic.created' })).toBeNull();
  // a new generation (content restored after removal) may earn again
  expect(await givePoints(app, m.id, 5, { sourceId: 77, rule: 'topic.created', generation: 1 })).toMatchObject({ delta: 5 });

  const spent = await debit(m.id, 40, 9001);
  expect(spent.available).toBe(15);
  const dup = await errorOf(debit(m.id, 1, 9001));
  expect(dup).toBeInstanceOf(AppError);
  expect((dup as AppError).code).toBe('errors.conflict');
  const short = (await errorOf(debit(m.id, 16))) as AppError;
  expect([short.status, short.code, short.params]).toEqual([409, 'errors.points.insufficient', { available: 15 }]);

  // the award of 50 is reversed after 40 were spent: 15 taken, 35 owed
  const rev = await db().tx((em) => ledgerOf(app).reverse(em, first!.id, { reason: 'web.loyalty.reasons.reversal' }));
  expect(rev).toMatchObject({ kind: 'reversal', delta: -15, debtDelta: 35, reversesEntryId: first!.id });
  expect(await db().tx((em) => ledgerOf(app).reverse(em, first!.id, { reason: 'web.loyalty.reasons.reversal' }))).toBeNull();
  // later awards pay the debt first
  expect(await givePoints(app, m.id, 30)).toMatchObject({ delta: 0, debtDelta: -30 });
  expect(await givePoints(app, m.id, 10)).toMatchObject({ delta: 5, debtDelta: -5 });
  // a refund gives the spend back, once
  const refund = await db().tx((em) => ledgerOf(app).refund(em, { entryId: spent.entryId, sourceType: 'redemption', sourceId: 9001, reason: 'web.loyalty.reasons.refund' }));
  expect(refund.available).toBe(45);
  const again = (await errorOf(db().tx((em) => ledgerOf(app).refund(em, { entryId: spent.entryId, sourceType: 'redemption', sourceId: 9001, reason: 'x' })))) as AppError;
  expect(again.status).toBe(409);

  const s = await balancesAndSums(app, m.id);
  expect(s).toMatchObject({ available: 45, debt: 0, earned: 45, s_available: 45, s_debt: 0, s_earned: 45 });
  const me = await m.api.get('/me/points');
  expect(me.body).toMatchObject({ available: 45, pending: 0, debt: 0, lifetimeEarned: 45, windowEarned: 45 });
});

it('holds awards of young accounts as pending, releases them once, and a reversal before release takes the pending', async () => {
  const m = await makeMember(app, { createdDaysAgo: 0 });
  const soon = new Date(Date.now() + 60_000);
  const a = await givePoints(app, m.id, 20, { maturesAt: soon });
  const b = await givePoints(app, m.id, 7, { maturesAt: soon });
  expect(a).toMatchObject({ delta: 0, pendingDelta: 20 });
  expect(await ledgerOf(app).balance(db().ds, m.id)).toEqual({ available: 0, pending: 27 });
  await db().tx((em) => ledgerOf(app).reverse(em, b!.id, { reason: 'web.loyalty.reasons.reversal' }));
  expect(await ledgerOf(app).releaseDue()).toBe(0); // not due yet
  expect(await db().tx((em) => ledgerOf(app).release(em, a!.id))).toMatchObject({ kind: 'pending-release', delta: 20, pendingDelta: -20 });
  expect(await db().tx((em) => ledgerOf(app).release(em, a!.id))).toBeNull();
  expect(await db().tx((em) => ledgerOf(app).release(em, b!.id))).toBeNull(); // reversed: never released
  expect(await balancesAndSums(app, m.id)).toMatchObject({ available: 20, pending: 0, s_available: 20, s_pending: 0, earned: 20 });
});

it('releases matured awards in the release job', async () => {
  const m = await makeMember(app, { createdDaysAgo: 0 });
  const e = await givePoints(app, m.id, 12, { maturesAt: new Date(Date.now() + 1500) });
  expect(e).toMatchObject({ pendingDelta: 12 });
  await db().ds.query(`SELECT pg_sleep(1.6)`);
  expect(await ledgerOf(app).releaseDue()).toBeGreaterThanOrEqual(1);
  expect(await ledgerOf(app).balance(db().ds, m.id)).toEqual({ available: 12, pending: 0 });
});

it('parallel debits never overspend', async () => {
  const m = await makeMember(app);
  await givePoints(app, m.id, 100);
  const results = await Promise.allSettled(Array.from({ length: 25 }, () => debit(m.id, 10)));
  const ok = results.filter((r) => r.status === 'fulfilled');
  const refused = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
  expect(ok).toHaveLength(10);
  expect(refused.every((r) => r.reason instanceof AppError && r.reason.code === 'errors.points.insufficient')).toBe(true);
  expect(await balancesAndSums(app, m.id)).toMatchObject({ available: 0, s_available: 0 });
});

it('publishes points.entry for every entry and points.awarded for awards', async () => {
  const m = await makeMember(app);
  await givePoints(app, m.id, 3);
  await debit(m.id, 2);
  const evs = await rows<{ type: string; payload: { userId: number; kind?: string } }>(
    db().ds,
    `SELECT type, payload FROM outbox WHERE (payload->>'userId')::bigint = $1 AND type IN ('points.entry', 'points.awarded') ORDER BY id`,
    [m.id],
  );
  expect(evs.map((e) => [e.type, e.payload.kind ?? null])).toEqual([
    ['points.entry', 'award'],
    ['points.awarded', null],
    ['points.entry', 'spend'],
  ]);
});

it('raises and lowers the tier from points earned, with tier.changed and the rank other areas read', async () => {
  const m = await makeMember(app);
  await db().ds.query(`INSERT INTO loyalty_tiers (name, name_ar, min_points) VALUES ('Bronze', 'برونزي', 0), ('Silver', 'فضي', 100), ('Gold', 'ذهبي', 500)`);
  const standing = app.wala.app.get(MemberStanding);
  const a = await givePoints(app, m.id, 120);
  expect(await standing.tierRank(db().ds, m.id)).toBe(2);
  // an adjustment never raises the tier
  await db().tx((em) => ledgerOf(app).adjust(em, { userId: m.id, points: 1000, reason: 'goodwill', actorId: m.id, brandId: null, sourceId: 1 }));
  expect(await standing.tierRank(db().ds, m.id)).toBe(2);
  await db().tx((em) => ledgerOf(app).reverse(em, a!.id, { reason: 'web.loyalty.reasons.reversal' }));
  expect(await standing.tierRank(db().ds, m.id)).toBe(1);
  const changes = await rows<{ payload: { direction: string } }>(db().ds, `SELECT payload FROM outbox WHERE type = 'tier.changed' AND (payload->>'userId')::bigint = $1 ORDER BY id`, [m.id]);
  expect(changes.map((c) => c.payload.direction)).toEqual(['up', 'down']);
  const me = (await m.api.get('/me/points')).body;
  expect(me).toMatchObject({ tier: { name: 'Bronze', rank: 1 }, nextTier: { name: 'Silver' }, toNextTier: 100, available: 1000 });
  await db().ds.query(`DELETE FROM loyalty_tiers`);
});

it('pages the history by keyset, each member only their own', async () => {
  const m = await makeMember(app);
  const other = await makeMember(app);
  for (let i = 1; i <= 5; i++) await givePoints(app, m.id, i);
  await givePoints(app, other.id, 99);
  const p1 = await m.api.get('/me/points/entries?limit=3');
  expect(p1.body.items.map((e: { delta: number }) => e.delta)).toEqual([5, 4, 3]);
  const p2 = await m.api.get(`/me/points/entries?limit=3&cursor=${p1.body.nextCursor}`);
  expect(p2.body.items.map((e: { delta: number }) => e.delta)).toEqual([2, 1]);
  expect(p2.body.nextCursor).toBeNull();
  expect((await anonymous(app).get('/me/points')).status).toBe(401);
});

type Op = { t: 'award'; u: number; src: number; p: number; young: boolean } | { t: 'spend'; u: number; p: number } | { t: 'refund'; i: number } | { t: 'reverse'; i: number } | { t: 'release'; i: number };

it('property: over random awards (sources reused), spends, refunds, reversals and releases, balances equal the sums of entries and never go negative, each source awards once, the tier follows the window', async () => {
  const tiers = await rows<{ id: number; min_points: number }>(
    db().ds,
    `INSERT INTO loyalty_tiers (name, name_ar, min_points) VALUES ('Bronze', 'برونزي', 40), ('Silver', 'فضي', 100), ('Gold', 'ذهبي', 200) RETURNING id, min_points`,
  );
  const tierFor = (earned: number) => [...tiers].sort((a, b) => b.min_points - a.min_points).find((t) => t.min_points <= earned)?.id ?? null;
  let sources = 7_000_000;
  const op: fc.Arbitrary<Op> = fc.oneof(
    // a few sources per run, so the same (member, source) comes back and must award once
    fc.record({ t: fc.constant('award' as const), u: fc.nat(2), src: fc.nat(4), p: fc.integer({ min: 1, max: 60 }), young: fc.boolean() }),
    fc.record({ t: fc.constant('spend' as const), u: fc.nat(2), p: fc.integer({ min: 1, max: 80 }) }),
    fc.record({ t: fc.constant('refund' as const), i: fc.nat(40) }),
    fc.record({ t: fc.constant('reverse' as const), i: fc.nat(40) }),
    fc.record({ t: fc.constant('release' as const), i: fc.nat(40) }),
  );
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
      const users = [await makeMember(app), await makeMember(app), await makeMember(app)].map((m) => m.id);
      const base = (sources += 10);
      const awards: number[] = [];
      const spends: number[] = [];
      // the model: what each award earned, whether it was reversed, and which (member, source) awarded
      const model = new Map<number, { u: number; points: number; reversed: boolean }>();
      const awarded = new Set<string>();
      for (const o of ops) {
        if (o.t === 'award') {
          const e = await givePoints(app, users[o.u], o.p, { sourceId: base + o.src, maturesAt: o.young ? new Date(Date.now() + 3_600_000) : null });
          const key = `${o.u}:${o.src}`;
          if (awarded.has(key)) {
            expect(e).toBeNull();
            continue;
          }
          expect(e).toMatchObject(o.young ? { delta: 0, pendingDelta: o.p } : { pendingDelta: 0 });
          awarded.add(key);
          model.set(e!.id, { u: o.u, points: o.p, reversed: false });
          awards.push(e!.id);
        } else if (o.t === 'spend') {
          try {
            spends.push((await debit(users[o.u], o.p)).entryId);
          } catch (e) {
            if (!(e instanceof AppError) || e.code !== 'errors.points.insufficient') throw e;
          }
        } else if (o.t === 'refund' && spends.length) {
          const id = spends[o.i % spends.length];
          await db().tx((em) => ledgerOf(app).refund(em, { entryId: id, sourceType: 'redemption', sourceId: id, reason: 'r' })).catch((e: unknown) => {
            if (!(e instanceof AppError) || e.status !== 409) throw e;
          });
        } else if (o.t === 'reverse' && awards.length) {
          const id = awards[o.i % awards.length];
          const r = await db().tx((em) => ledgerOf(app).reverse(em, id, { reason: 'r' }));
          expect(r === null).toBe(model.get(id)!.reversed);
          model.get(id)!.reversed = true;
        } else if (o.t === 'release' && awards.length) {
          await db().tx((em) => ledgerOf(app).release(em, awards[o.i % awards.length]));
        }
      }
      for (const [i, u] of users.entries()) {
        const s = (await balancesAndSums(app, u))!;
        // every award is inside the window: the tier is the one of awards − reversals
        const windowEarned = [...model.values()].filter((a) => a.u === i && !a.reversed).reduce((n, a) => n + a.points, 0);
        const bal = await one<{ tier_id: number | null }>(db().ds, `SELECT tier_id FROM points_balances WHERE user_id = $1`, [u]);
        expect({ windowEarned, tier: bal?.tier_id ?? null }).toEqual({ windowEarned, tier: tierFor(windowEarned) });
        expect(await ledgerOf(app).windowEarned(db().ds, u)).toBe(windowEarned);
        expect([s.available, s.pending, s.debt, s.earned]).toEqual([s.s_available, s.s_pending, s.s_debt, s.s_earned]);
        expect(s.available).toBeGreaterThanOrEqual(0);
        expect(s.pending).toBeGreaterThanOrEqual(0);
        expect(s.debt).toBeGreaterThanOrEqual(0);
        // earned = awards that were not reversed
        const live = await one<{ n: number }>(
          db().ds,
          `SELECT COALESCE(sum(a.earned_delta), 0)::int AS n FROM points_entries a
            WHERE a.user_id = $1 AND a.kind = 'award' AND NOT EXISTS (SELECT 1 FROM points_entries r WHERE r.reverses_entry_id = a.id)`,
          [u],
        );
        expect(s.earned).toBe(live!.n);
      }
      const dup = await one<{ n: number }>(
        db().ds,
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM points_entries WHERE kind = 'award' GROUP BY user_id, rule, source_type, source_id, source_sub, generation HAVING count(*) > 1) d`,
      );
      expect(dup!.n).toBe(0);
    }),
    { numRuns: 25 },
  );
  await db().ds.query(`DELETE FROM loyalty_tiers`);
});
