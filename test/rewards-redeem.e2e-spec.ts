import { one, rows } from '../apps/api/src/common/sql';
import { Db } from '../apps/api/src/database/db.service';
import { startApp, type TestApp } from './support/app';
import { makeBrand, makeMember, type Member } from './support/factories';
import { givePoints, ledgerOf } from './support/loyalty';
import { insertReward } from './support/rewards';

let app: TestApp;
let manager: Member;
let brand: { id: number };
beforeAll(async () => {
  app = await startApp();
  manager = await makeMember(app);
  brand = await makeBrand(app, [manager.id]);
});
afterAll(async () => {
  await app?.close();
});

let k = 0;
const key = () => `test-key-${++k}-${Date.now()}`;
const balance = async (userId: number) => (await ledgerOf(app).balance(app.get(Db).ds, userId)).available;
const stock = async (id: number) => (await one<{ stock: number }>(app.get(Db).ds, `SELECT stock FROM rewards WHERE id = $1`, [id]))!.stock;
const redeem = (m: Member, id: number, idem: string, body: object = {}) => m.api.post(`/rewards/${id}/redeem`, body, { 'idempotency-key': idem });
const richMember = async (points: number) => {
  const m = await makeMember(app);
  await givePoints(app, m.id, points);
  return m;
};
const SHIP = { name: 'Layla', line1: '1 King Fahd Rd', city: 'Riyadh', country: 'SA' };

it('redeems a coupon: points debited, stock down, a code handed out; a retry answers the same, a new body under the key is refused', async () => {
  const id = await insertReward(app, { brandId: brand.id, kind: 'coupon', cost: 30, codes: ['C-1', 'C-2'] });
  const m = await richMember(100);
  const idem = key();
  const first = await redeem(m, id, idem);
  expect(first.status).toBe(201);
  expect(first.body).toMatchObject({ rewardId: id, userId: m.id, points: 30, status: 'fulfilled', kind: 'coupon' });
  expect(['C-1', 'C-2']).toContain(first.body.code);
  expect(await balance(m.id)).toBe(70);
  expect(await stock(id)).toBe(1);

  const again = await redeem(m, id, idem);
  expect(again.status).toBe(201);
  expect(again.headers.get('idempotent-replayed')).toBe('true');
  expect(again.body).toEqual(first.body);
  expect(await balance(m.id)).toBe(70);

  const otherBody = await redeem(m, id, idem, { shipping: SHIP });
  expect(otherBody.status).toBe(422);
  expect(otherBody.body.code).toBe('idempotency.mismatch');
  const otherReward = await redeem(m, await insertReward(app, { brandId: brand.id }), idem);
  expect(otherReward.status).toBe(422);

  // the same key from another member is that member's own request
  const n = await richMember(100);
  const theirs = await redeem(n, id, idem);
  expect(theirs.status).toBe(201);
  expect(theirs.body.userId).toBe(n.id);
  expect(theirs.body.code).not.toBe(first.body.code);
  expect((await redeem(await richMember(100), id, key())).body.code).toBe('rewards.out_of_stock');

  const mine = await m.api.get('/me/redemptions');
  expect(mine.body.items).toEqual([first.body]);
  const [entry] = await rows<{ kind: string; delta: number; source_type: string; source_id: number }>(
    app.get(Db).ds,
    `SELECT kind, delta, source_type, source_id FROM points_entries WHERE user_id = $1 AND kind = 'spend'`,
    [m.id],
  );
  expect(entry).toEqual({ kind: 'spend', delta: -30, source_type: 'redemption', source_id: first.body.id });
});

it('leaves nothing behind when the points do not cover it; the key may be used again after', async () => {
  const id = await insertReward(app, { brandId: brand.id, cost: 50, stock: 2 });
  const m = await richMember(40);
  const idem = key();
  const poor = await redeem(m, id, idem);
  expect(poor.status).toBe(409);
  expect(poor.body.code).toBe('points.insufficient');
  expect(await stock(id)).toBe(2);
  expect(await one(app.get(Db).ds, `SELECT 1 FROM redemptions WHERE user_id = $1`, [m.id])).toBeNull();
  await givePoints(app, m.id, 10);
  expect((await redeem(m, id, idem)).status).toBe(201);
  expect(await balance(m.id)).toBe(0);
});

it('holds the per-member limit, tier-only items and the window', async () => {
  const limited = await insertReward(app, { brandId: brand.id, cost: 1, stock: 10 });
  await manager.api.patch(`/rewards/${limited}`, { perMemberLimit: 2 });
  const m = await richMember(100);
  expect((await redeem(m, limited, key())).status).toBe(201);
  expect((await redeem(m, limited, key())).status).toBe(201);
  const third = await redeem(m, limited, key());
  expect([third.status, third.body.code]).toEqual([409, 'rewards.limit_reached']);

  const gold = await insertReward(app, { brandId: brand.id, cost: 1, stock: 10 });
  await manager.api.patch(`/rewards/${gold}`, { minTierRank: 3 });
  const tier = await redeem(m, gold, key());
  expect([tier.status, tier.body.code]).toEqual([403, 'rewards.tier_required']);

  const over = await insertReward(app, { brandId: brand.id, cost: 1, stock: 10 });
  await manager.api.patch(`/rewards/${over}`, { active: false });
  expect((await redeem(m, over, key())).status).toBe(404);

  // outside its start/end window a reward cannot be redeemed: nothing is debited, nothing leaves stock
  const hour = 3_600_000;
  const at = (ms: number) => new Date(Date.now() + ms).toISOString();
  const notYet = await insertReward(app, { brandId: brand.id, cost: 1, stock: 10 });
  expect((await manager.api.patch(`/rewards/${notYet}`, { startsAt: at(hour), endsAt: at(2 * hour) })).status).toBe(200);
  const ended = await insertReward(app, { brandId: brand.id, cost: 1, stock: 10 });
  expect((await manager.api.patch(`/rewards/${ended}`, { startsAt: at(-2 * hour), endsAt: at(-hour) })).status).toBe(200);
  const open = await insertReward(app, { brandId: brand.id, cost: 1, stock: 10 });
  expect((await manager.api.patch(`/rewards/${open}`, { startsAt: at(-hour), endsAt: at(hour) })).status).toBe(200);
  const before = await balance(m.id);
  for (const id of [notYet, ended]) {
    const res = await redeem(m, id, key());
    expect(res.status).toBe(404);
    expect(await stock(id)).toBe(10);
  }
  expect(await balance(m.id)).toBe(before);
  expect((await redeem(m, open, key())).status).toBe(201);
  expect([await balance(m.id), await stock(open)]).toEqual([before - 1, 9]);
});

it('ships physical gifts to the address given; a cancellation refunds the points by a new entry and restocks', async () => {
  const id = await insertReward(app, { brandId: brand.id, kind: 'physical', cost: 25, stock: 1 });
  const m = await richMember(25);
  expect((await redeem(m, id, key())).status).toBe(400);
  const r = await redeem(m, id, key(), { shipping: SHIP });
  expect(r.body).toMatchObject({ status: 'pending', shipping: SHIP, code: null });
  expect(await balance(m.id)).toBe(0);
  expect(await stock(id)).toBe(0);
  const list = await manager.api.get(`/rewards/${id}/redemptions?status=pending`);
  expect(list.body.items[0]).toMatchObject({ id: r.body.id, shipping: SHIP });
  expect((await manager.api.post(`/redemptions/${r.body.id}/fulfillment`, { status: 'cancelled' })).body.status).toBe('cancelled');
  expect(await balance(m.id)).toBe(25);
  expect(await stock(id)).toBe(1);
  expect((await manager.api.post(`/redemptions/${r.body.id}/fulfillment`, { status: 'cancelled' })).status).toBe(409);
  expect(await balance(m.id)).toBe(25);
  const kinds = await rows<{ kind: string }>(app.get(Db).ds, `SELECT kind FROM points_entries WHERE user_id = $1 ORDER BY id`, [m.id]);
  expect(kinds.map((e) => e.kind)).toEqual(['award', 'spend', 'refund']);
});

it('gives tickets their own code and digital gifts their delivery, only to who redeemed them', async () => {
  const ticket = (await manager.api.post('/rewards', { brandId: brand.id, kind: 'ticket', title: 'Gala', titleAr: 'حفل', costPoints: 5, stock: 2, eventDetails: 'Riyadh, 1 Dec' })).body;
  const ebook = (await manager.api.post('/rewards', { brandId: brand.id, kind: 'digital', title: 'Book', titleAr: 'كتاب', costPoints: 5, stock: 2, deliveryText: 'https://example.com/dl/123' })).body;
  const m = await richMember(10);
  const t = await redeem(m, ticket.id, key());
  expect(t.body.code).toMatch(/^T-[0-9A-F]{12}$/);
  const e = await redeem(m, ebook.id, key());
  expect(e.body).toMatchObject({ deliveryText: 'https://example.com/dl/123', code: null });
  expect((await manager.api.get(`/rewards/${ebook.id}/redemptions`)).body.items[0].deliveryText).toBeNull();
});

it('in a race for the last units exactly as many win as there are units; nobody overspends, no code twice', async () => {
  const id = await insertReward(app, { brandId: brand.id, kind: 'coupon', cost: 10, codes: ['R-1', 'R-2', 'R-3'] });
  const racers = await Promise.all(Array.from({ length: 12 }, () => richMember(10)));
  const res = await Promise.all(racers.map((m) => redeem(m, id, key())));
  const won = res.filter((r) => r.status === 201);
  expect(won).toHaveLength(3);
  expect(res.filter((r) => r.status === 409).every((r) => r.body.code === 'rewards.out_of_stock')).toBe(true);
  expect(new Set(won.map((r) => r.body.code)).size).toBe(3);
  expect(await stock(id)).toBe(0);
  const balances = await Promise.all(racers.map((m) => balance(m.id)));
  expect(balances.filter((b) => b === 0)).toHaveLength(3);
  expect(balances.every((b) => b >= 0)).toBe(true);
});

it('a member whose balance covers one redemption sending many at once gets exactly one', async () => {
  const id = await insertReward(app, { brandId: brand.id, cost: 10, stock: 100 });
  const m = await richMember(15);
  const res = await Promise.all(Array.from({ length: 15 }, () => redeem(m, id, key())));
  expect(res.filter((r) => r.status === 201)).toHaveLength(1);
  expect(res.filter((r) => r.status === 409 && r.body.code === 'points.insufficient')).toHaveLength(14);
  expect(await balance(m.id)).toBe(5);
  expect(await stock(id)).toBe(99);
});
