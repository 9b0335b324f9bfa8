/**
 * Races with the requests split across two API processes on one PostgreSQL (issue 7): stock,
 * a single balance, one idempotency key and a charity match cap, each contended at once.
 */
import { one, rows } from '../apps/api/src/common/sql';
import { Db } from '../apps/api/src/database/db.service';
import { startApp, type TestApp } from './support/app';
import { Client, type Res } from './support/client';
import { makeBrand, makeMember, type Member } from './support/factories';
import { givePoints } from './support/loyalty';
import { spawnApi, type ApiProcess } from './support/process';
import { insertCharity, insertReward } from './support/rewards';

let app: TestApp;
let node2: ApiProcess;
let brand: { id: number };
beforeAll(async () => {
  app = await startApp();
  node2 = await spawnApi({ DATABASE_URL: app.databaseUrl!, REDIS_URL: process.env.REDIS_URL ?? '' });
  brand = await makeBrand(app);
}, 120_000);
afterAll(async () => {
  await node2?.stop();
  await app?.close();
});

/** the member's client on node 1 or node 2, alternating by index */
const on = (m: Member, i: number): Client => {
  if (i % 2 === 0) return m.api;
  const c = new Client(node2.url);
  c.bearer = m.api.bearer;
  return c;
};
const members = async (n: number, points: number) => {
  const out: Member[] = [];
  for (let i = 0; i < n; i++) {
    const m = await makeMember(app);
    await givePoints(app, m.id, points);
    out.push(m);
  }
  return out;
};
const db = () => app.get(Db).ds;
const count = (res: Res[], status: number, code?: string) => res.filter((r) => r.status === status && (code === undefined || r.body.code === code)).length;

it('200 members race for 10 coupons: exactly 10 win with 10 different codes, 190 are told it is out of stock', async () => {
  const codes = Array.from({ length: 10 }, (_, i) => `RACE-${i}`);
  const id = await insertReward(app, { brandId: brand.id, kind: 'coupon', cost: 10, codes });
  const racers = await members(200, 10);
  const res = await Promise.all(racers.map((m, i) => on(m, i).post(`/rewards/${id}/redeem`, {}, { 'idempotency-key': `race-redeem-${m.id}` })));
  expect(count(res, 201)).toBe(10);
  expect(count(res, 409, 'rewards.out_of_stock')).toBe(190);
  const won = res.filter((r) => r.status === 201).map((r) => r.body.code as string);
  expect(new Set(won).size).toBe(10);
  expect(won.sort()).toEqual([...codes].sort());
  expect(await one(db(), `SELECT stock FROM rewards WHERE id = $1`, [id])).toEqual({ stock: 0 });
  expect(await one(db(), `SELECT count(*)::int AS n, count(DISTINCT assigned_to)::int AS who FROM reward_codes WHERE reward_id = $1 AND redemption_id IS NOT NULL`, [id])).toEqual({ n: 10, who: 10 });
  const spent = await one<{ n: number }>(db(), `SELECT count(*)::int AS n FROM points_entries WHERE kind = 'spend' AND source_type = 'redemption' AND user_id = ANY($1::bigint[])`, [racers.map((m) => m.id)]);
  expect(spent!.n).toBe(10);
  expect(await one(db(), `SELECT count(*)::int AS n FROM points_balances WHERE available < 0`)).toEqual({ n: 0 });
}, 120_000);

it('a member whose balance covers one redemption sends 50 at once: exactly one succeeds', async () => {
  const id = await insertReward(app, { brandId: brand.id, cost: 40, stock: 1000 });
  const [m] = await members(1, 79);
  const res = await Promise.all(Array.from({ length: 50 }, (_, i) => on(m, i).post(`/rewards/${id}/redeem`, {}, { 'idempotency-key': `one-balance-${i}` })));
  expect(count(res, 201)).toBe(1);
  expect(count(res, 409, 'points.insufficient')).toBe(49);
  expect(await one(db(), `SELECT available FROM points_balances WHERE user_id = $1`, [m.id])).toEqual({ available: 39 });
  expect(await one(db(), `SELECT stock FROM rewards WHERE id = $1`, [id])).toEqual({ stock: 999 });
}, 120_000);

it('the same idempotency key sent 20 times at once: one effect, 20 identical answers', async () => {
  const id = await insertReward(app, { brandId: brand.id, kind: 'coupon', cost: 5, codes: ['K-1', 'K-2', 'K-3'] });
  const [m] = await members(1, 100);
  const res = await Promise.all(Array.from({ length: 20 }, (_, i) => on(m, i).post(`/rewards/${id}/redeem`, {}, { 'idempotency-key': 'the-one-and-only-key' })));
  expect(res.map((r) => r.status)).toEqual(Array(20).fill(201));
  for (const r of res) expect(r.body).toEqual(res[0].body);
  expect(await rows(db(), `SELECT id FROM redemptions WHERE user_id = $1`, [m.id])).toHaveLength(1);
  expect(await one(db(), `SELECT available FROM points_balances WHERE user_id = $1`, [m.id])).toEqual({ available: 95 });
  expect(await one(db(), `SELECT stock FROM rewards WHERE id = $1`, [id])).toEqual({ stock: 2 });
}, 120_000);

it('donations from 60 members at once: every money figure is points × rate rounded down, the match stops at its cap', async () => {
  const manager = await makeMember(app);
  const b = await makeBrand(app, [manager.id]);
  const c = await manager.api.post('/campaigns', {
    charityId: await insertCharity(app),
    brandId: b.id,
    title: 'Race',
    titleAr: 'سباق',
    currency: 'KWD',
    goalMinor: 1_000_000,
    rateMinor: 7,
    ratePoints: 9,
    matchPercent: 150,
    matchCapMinor: 333,
  });
  expect(c.status).toBe(201);
  const donors = await members(60, 100);
  const res = await Promise.all(donors.map((m, i) => on(m, i).post(`/campaigns/${c.body.id}/donate`, { points: 20 + i }, { 'idempotency-key': `donation-${m.id}` })));
  expect(count(res, 201)).toBe(60);
  for (const r of res) expect(r.body.amountMinor).toBe(Math.floor((r.body.points * 7) / 9));
  expect(res.reduce((s, r) => s + r.body.matchMinor, 0)).toBe(333);
  const totals = await one<{ matched_minor: number; donated_minor: number; s: number }>(
    db(),
    `SELECT matched_minor, donated_minor, (SELECT sum(amount_minor)::bigint FROM donations WHERE campaign_id = $1) AS s FROM campaigns WHERE id = $1`,
    [c.body.id],
  );
  expect(totals).toEqual({ matched_minor: 333, donated_minor: totals!.s, s: res.reduce((s, r) => s + r.body.amountMinor, 0) });
}, 120_000);
