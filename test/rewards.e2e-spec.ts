import { startApp, type TestApp } from './support/app';
import { anonymous, makeBrand, makeMember, type Member } from './support/factories';
import { insertRedemption, insertReward } from './support/rewards';

let app: TestApp;
let manager: Member;
let other: Member;
let admin: Member;
let member: Member;
let brand: { id: number };
beforeAll(async () => {
  app = await startApp();
  [manager, other, admin, member] = [await makeMember(app), await makeMember(app), await makeMember(app, { role: 'admin' }), await makeMember(app)];
  brand = await makeBrand(app, [manager.id]);
  await makeBrand(app, [other.id]);
});
afterAll(async () => {
  await app?.close();
});

const gift = (o: Record<string, unknown> = {}) => ({ brandId: brand.id, kind: 'digital', title: 'E-book', titleAr: 'كتاب', costPoints: 50, stock: 3, ...o });

it('lets a brand manager run their brand catalog, admins every one, nobody else', async () => {
  const made = await manager.api.post('/rewards', gift({ description: 'A book', deliveryText: 'https://example.com/book' }));
  expect(made.status).toBe(201);
  expect(made.body).toMatchObject({ brandId: brand.id, kind: 'digital', costPoints: 50, stock: 3, active: true, canManage: true });
  expect(made.body).not.toHaveProperty('deliveryText');
  const id = made.body.id;
  expect((await other.api.post('/rewards', gift())).status).toBe(404);
  expect((await member.api.post('/rewards', { ...gift(), brandId: undefined })).status).toBe(403);
  expect((await admin.api.post('/rewards', { ...gift(), brandId: undefined, title: 'Community mug' })).status).toBe(201);
  expect((await other.api.patch(`/rewards/${id}`, { costPoints: 1 })).status).toBe(404);
  const edited = await manager.api.patch(`/rewards/${id}`, { costPoints: 60, perMemberLimit: 1 });
  expect(edited.body).toMatchObject({ costPoints: 60, perMemberLimit: 1 });
  expect((await admin.api.patch(`/rewards/${id}`, { titleAr: 'كتاب إلكتروني' })).body.titleAr).toBe('كتاب إلكتروني');

  // an inactive reward is hidden from members and the catalog, seen by its managers
  await manager.api.patch(`/rewards/${id}`, { active: false });
  expect((await anonymous(app).get(`/rewards/${id}`)).status).toBe(404);
  expect((await member.api.get(`/rewards/${id}`)).status).toBe(404);
  expect((await manager.api.get(`/rewards/${id}`)).status).toBe(200);
  expect((await anonymous(app).get(`/rewards?brandId=${brand.id}`)).body.items.map((r: { id: number }) => r.id)).not.toContain(id);
  expect((await manager.api.get(`/rewards?manage=1`)).body.items.map((r: { id: number }) => r.id)).toContain(id);
  expect((await other.api.get(`/rewards?manage=1`)).body.items.map((r: { id: number }) => r.id)).not.toContain(id);
});

it('validates rewards: windows, coupon stock, image kind, unknown fields', async () => {
  expect((await manager.api.post('/rewards', gift({ startsAt: '2030-01-02T00:00:00Z', endsAt: '2030-01-01T00:00:00Z' }))).status).toBe(400);
  expect((await manager.api.post('/rewards', gift({ kind: 'coupon', stock: 5 }))).status).toBe(400);
  expect((await manager.api.post('/rewards', gift({ costPoints: 0 }))).status).toBe(400);
  expect((await manager.api.post('/rewards', gift({ imageUploadId: 999999 }))).status).toBe(400);
  expect((await manager.api.post('/rewards', gift({ secret: 1 }))).status).toBe(400);
  // a reward whose window has not opened is not in the catalog
  const later = await manager.api.post('/rewards', gift({ startsAt: new Date(Date.now() + 86_400_000).toISOString() }));
  expect((await anonymous(app).get(`/rewards/${later.body.id}`)).status).toBe(404);
});

it('filters and pages the catalog', async () => {
  const b = await makeBrand(app, [manager.id]);
  for (const [kind, cost] of [['digital', 10], ['ticket', 20], ['physical', 30], ['digital', 40]] as const) {
    expect((await manager.api.post('/rewards', gift({ brandId: b.id, kind, costPoints: cost }))).status).toBe(201);
  }
  const all = await anonymous(app).get(`/rewards?brandId=${b.id}&limit=3`);
  expect(all.body.items).toHaveLength(3);
  const rest = await anonymous(app).get(`/rewards?brandId=${b.id}&limit=3&cursor=${all.body.nextCursor}`);
  expect(rest.body.items).toHaveLength(1);
  expect(rest.body.nextCursor).toBeNull();
  expect((await anonymous(app).get(`/rewards?brandId=${b.id}&kind=digital`)).body.items.map((r: { costPoints: number }) => r.costPoints)).toEqual([40, 10]);
  expect((await anonymous(app).get(`/rewards?brandId=${b.id}&maxCost=25`)).body.items).toHaveLength(2);
  expect((await anonymous(app).get(`/rewards?kind=car`)).status).toBe(400);
});

it('adds coupon codes from CSV once each; stock follows the pool', async () => {
  const c = await manager.api.post('/rewards', gift({ kind: 'coupon', stock: undefined }));
  expect(c.body.stock).toBe(0);
  const up = await manager.api.post(`/rewards/${c.body.id}/codes`, { csv: 'code\r\nSAVE-1\r\nSAVE-2\r\n"SAVE,3"\r\nSAVE-1\r\n' });
  expect(up.body).toEqual({ added: 3, duplicates: 0, stock: 3 });
  const again = await manager.api.post(`/rewards/${c.body.id}/codes`, { csv: 'SAVE-2\nSAVE-4' });
  expect(again.body).toEqual({ added: 1, duplicates: 1, stock: 4 });
  expect((await other.api.post(`/rewards/${c.body.id}/codes`, { csv: 'X' })).status).toBe(404);
  expect((await manager.api.post(`/rewards/${c.body.id}/codes`, { csv: '\n\n' })).status).toBe(400);
  const notCoupon = await manager.api.post('/rewards', gift());
  expect((await manager.api.post(`/rewards/${notCoupon.body.id}/codes`, { csv: 'A' })).status).toBe(409);
  expect((await manager.api.patch(`/rewards/${c.body.id}`, { stock: 100 })).status).toBe(400);
});

it('moves a physical gift pending → shipped → delivered, only forward, only by its managers', async () => {
  const rewardId = await insertReward(app, { brandId: brand.id, kind: 'physical' });
  const r = await insertRedemption(app, rewardId, member.id);
  expect((await other.api.post(`/redemptions/${r}/fulfillment`, { status: 'shipped' })).status).toBe(404);
  expect((await manager.api.post(`/redemptions/${r}/fulfillment`, { status: 'delivered' })).status).toBe(409);
  const shipped = await manager.api.post(`/redemptions/${r}/fulfillment`, { status: 'shipped', trackingNumber: 'TRK1' });
  expect(shipped.body).toMatchObject({ status: 'shipped', trackingNumber: 'TRK1', shipping: { city: 'C' } });
  expect((await manager.api.post(`/redemptions/${r}/fulfillment`, { status: 'shipped' })).status).toBe(409);
  expect((await admin.api.post(`/redemptions/${r}/fulfillment`, { status: 'delivered' })).body.status).toBe('delivered');
  expect((await manager.api.post(`/redemptions/${r}/fulfillment`, { status: 'cancelled' })).status).toBe(409);
  const list = await manager.api.get(`/rewards/${rewardId}/redemptions?status=delivered`);
  expect(list.body.items.map((x: { id: number }) => x.id)).toEqual([r]);
  expect((await other.api.get(`/rewards/${rewardId}/redemptions`)).status).toBe(404);
  const notes = await member.api.get('/notifications');
  expect(notes.body.items.map((n: { data: { status: string } }) => n.data.status)).toEqual(['delivered', 'shipped']);
  expect((await member.api.get('/me/redemptions')).body.items[0]).toMatchObject({ id: r, status: 'delivered' });
});

it('asks for an Idempotency-Key on redemption', async () => {
  const rewardId = await insertReward(app, { brandId: brand.id });
  expect((await member.api.post(`/rewards/${rewardId}/redeem`, {})).status).toBe(400);
  expect((await member.api.post(`/rewards/${rewardId}/redeem`, {}, { 'idempotency-key': 'short' })).status).toBe(400);
  expect((await anonymous(app).post(`/rewards/${rewardId}/redeem`, {}, { 'idempotency-key': 'a-long-enough-key' })).status).toBe(401);
});
