import { one, rows } from '../apps/api/src/common/sql';
import { Db } from '../apps/api/src/database/db.service';
import { startApp, type TestApp } from './support/app';
import { anonymous, makeBrand, makeMember, type Member } from './support/factories';
import { givePoints, ledgerOf } from './support/loyalty';
import { insertCharity } from './support/rewards';

let app: TestApp;
let manager: Member;
let brand: { id: number };
let charityId: number;
beforeAll(async () => {
  app = await startApp();
  manager = await makeMember(app);
  brand = await makeBrand(app, [manager.id]);
  charityId = await insertCharity(app);
});
afterAll(async () => {
  await app?.close();
});

let k = 0;
const key = () => `donate-key-${++k}-${Date.now()}`;
const balance = async (userId: number) => (await ledgerOf(app).balance(app.get(Db).ds, userId)).available;
const donate = (m: Member, id: number, body: object, idem = key()) => m.api.post(`/campaigns/${id}/donate`, body, { 'idempotency-key': idem });
const richMember = async (points: number, displayName?: string) => {
  const m = await makeMember(app, { displayName });
  await givePoints(app, m.id, points);
  return m;
};
const newCampaign = async (o: Record<string, unknown> = {}) =>
  (
    await manager.api.post('/campaigns', {
      charityId,
      brandId: brand.id,
      title: 'Clean water',
      titleAr: 'مياه نظيفة',
      currency: 'EUR',
      goalMinor: 50_000,
      rateMinor: 2,
      ratePoints: 7,
      minPoints: 5,
      matchPercent: 100,
      matchCapMinor: 10,
      ...o,
    })
  ).body as { id: number };

it('turns points into money at the published rate, rounded down, with a receipt; the match stops at its cap', async () => {
  const c = await newCampaign();
  const m = await richMember(100, 'Layla');
  const d = await donate(m, c.id, { points: 20, showPublicly: true });
  expect(d.status).toBe(201);
  // 20 × 2/7 = 5.71 → 5 cents; the brand matches 100%
  expect(d.body).toMatchObject({ campaignId: c.id, points: 20, rateMinor: 2, ratePoints: 7, amountMinor: 5, matchMinor: 5, currency: 'EUR' });
  expect(d.body.receiptNumber).toMatch(/^WR-[0-9A-F]{12}$/);
  // what a printed receipt needs: the charity's registration and the matching brand
  expect(d.body).toMatchObject({ charityName: 'Charity', charityRegistrationNumber: expect.stringMatching(/^REG-/), sponsorName: expect.stringMatching(/^Brand /) });
  expect(await balance(m.id)).toBe(80);
  const d2 = await donate(m, c.id, { points: 30 }); // 8 cents, match limited to the 5 left under the cap
  expect(d2.body).toMatchObject({ amountMinor: 8, matchMinor: 5 });
  const d3 = await donate(m, c.id, { points: 7 });
  expect(d3.body).toMatchObject({ amountMinor: 2, matchMinor: 0 });

  const page = (await anonymous(app).get(`/campaigns/${c.id}`)).body;
  expect(page.totals).toEqual({ donatedPoints: 57, donatedMinor: 15, matchedMinor: 10, pledgedMinor: 0, raisedMinor: 25, paidMinor: 0, donationCount: 3 });
  // top donors count only donations made public
  expect(page.topDonors).toEqual([{ userId: m.id, displayName: 'Layla', points: 20, amountMinor: 5 }]);
  expect((await m.api.get(`/donations/${d.body.id}`)).body).toEqual(d.body);
  expect((await manager.api.get(`/donations/${d.body.id}`)).status).toBe(404);
  expect((await m.api.get('/me/donations')).body.items.map((x: { id: number }) => x.id)).toEqual([d3.body.id, d2.body.id, d.body.id]);
  const [entry] = await rows(app.get(Db).ds, `SELECT kind, delta, source_type FROM points_entries WHERE user_id = $1 AND source_id = $2 AND kind = 'donation'`, [m.id, d.body.id]);
  expect(entry).toEqual({ kind: 'donation', delta: -20, source_type: 'donation' });
  const ev = await one<{ payload: Record<string, unknown> }>(app.get(Db).ds, `SELECT payload FROM outbox WHERE type = 'donation.made' AND payload->>'donationId' = $1`, [String(d.body.id)]);
  expect(ev!.payload).toEqual({ donationId: d.body.id, campaignId: c.id, userId: m.id, points: 20, amountMinor: 5, currency: 'EUR' });
});

it('keeps each donation at the rate it was made at when the rate changes', async () => {
  const c = await newCampaign({ rateMinor: 1, ratePoints: 1, matchPercent: 0 });
  const m = await richMember(100);
  await donate(m, c.id, { points: 10 });
  await manager.api.patch(`/campaigns/${c.id}`, { rateMinor: 1, ratePoints: 2 });
  await donate(m, c.id, { points: 10 });
  const report = (await anonymous(app).get(`/campaigns/${c.id}/transparency`)).body;
  expect(report.byRate).toEqual([
    { rateMinor: 1, ratePoints: 1, donations: 1, points: 10, amountMinor: 10 },
    { rateMinor: 1, ratePoints: 2, donations: 1, points: 10, amountMinor: 5 },
  ]);
  expect(report.campaign.totals.donatedMinor).toBe(15);
});

it('is idempotent per member and key, refuses under the minimum, without the points, or outside the window', async () => {
  const c = await newCampaign();
  const m = await richMember(50);
  const idem = key();
  const first = await donate(m, c.id, { points: 10 }, idem);
  const again = await donate(m, c.id, { points: 10 }, idem);
  expect(again.body).toEqual(first.body);
  expect(again.headers.get('idempotent-replayed')).toBe('true');
  expect((await donate(m, c.id, { points: 11 }, idem)).status).toBe(422);
  expect(await balance(m.id)).toBe(40);
  const n = await richMember(50);
  expect((await donate(n, c.id, { points: 10 }, idem)).body.id).not.toBe(first.body.id);

  const small = await donate(m, c.id, { points: 4 });
  expect(small.status).toBe(400);
  expect(small.body.errors[0]).toMatchObject({ field: 'points', code: 'min' });
  const poor = await donate(m, c.id, { points: 41 });
  expect([poor.status, poor.body.code]).toEqual([409, 'points.insufficient']);
  const ended = await newCampaign({ startsAt: '2020-01-01T00:00:00Z', endsAt: '2020-02-01T00:00:00Z' });
  expect((await donate(m, ended.id, { points: 10 })).status).toBe(409);
  expect(await balance(m.id)).toBe(40);
});

it('under concurrent donations the match never passes its cap and every money figure is points × rate', async () => {
  const c = await newCampaign({ rateMinor: 3, ratePoints: 4, matchPercent: 200, matchCapMinor: 50 });
  const donors = await Promise.all(Array.from({ length: 12 }, () => richMember(100)));
  const res = await Promise.all(donors.map((m, i) => donate(m, c.id, { points: 10 + i })));
  expect(res.map((r) => [r.status, r.status === 201 ? null : r.body])).toEqual(res.map(() => [201, null]));
  for (const r of res) expect(r.body.amountMinor).toBe(Math.floor((r.body.points * 3) / 4));
  const matched = res.reduce((s, r) => s + r.body.matchMinor, 0);
  expect(matched).toBe(50);
  const totals = (await anonymous(app).get(`/campaigns/${c.id}`)).body.totals;
  expect(totals.matchedMinor).toBe(50);
  expect(totals.donatedMinor).toBe(res.reduce((s, r) => s + r.body.amountMinor, 0));
});
