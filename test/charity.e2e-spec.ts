import { one } from '../apps/api/src/common/sql';
import { Db } from '../apps/api/src/database/db.service';
import { donationMinor } from '../apps/api/src/charity/charity.service';
import { startApp, type TestApp } from './support/app';
import { anonymous, makeBrand, makeMember, type Member } from './support/factories';
import { eventually } from './support/process';

let app: TestApp;
let manager: Member;
let other: Member;
let admin: Member;
let member: Member;
let brand: { id: number };
let charityId: number;
beforeAll(async () => {
  app = await startApp();
  [manager, other, admin, member] = [await makeMember(app), await makeMember(app), await makeMember(app, { role: 'admin' }), await makeMember(app)];
  brand = await makeBrand(app, [manager.id]);
  await makeBrand(app, [other.id]);
  const c = await admin.api.post('/charities', {
    name: 'Food Bank',
    nameAr: 'بنك الطعام',
    registrationNumber: 'SA-123',
    website: 'https://foodbank.example.org',
    description: 'Meals',
  });
  expect(c.status).toBe(201);
  charityId = c.body.id;
});
afterAll(async () => {
  await app?.close();
});

const campaign = (o: Record<string, unknown> = {}) => ({
  charityId,
  brandId: brand.id,
  title: 'Ramadan meals',
  titleAr: 'وجبات رمضان',
  currency: 'USD',
  goalMinor: 100_000,
  rateMinor: 1,
  ratePoints: 3,
  minPoints: 10,
  matchPercent: 50,
  matchCapMinor: 2_000,
  ...o,
});

/** Every published event handled, including one the background dispatcher holds while drain() runs. */
const settle = () =>
  eventually(async () => {
    await app.drain();
    return (await one<{ n: number }>(app.get(Db).ds, `SELECT count(*)::int AS n FROM outbox WHERE processed_at IS NULL`))!.n === 0;
  });

const publish = <T extends 'challenge.completed' | 'event.checked_in'>(type: T, payload: Parameters<Db['publish']>[2] & object) =>
  app.get(Db).tx((em) => app.get(Db).publish(em, type, payload as never));

it('keeps a list of charities that admins edit and everyone reads', async () => {
  expect((await member.api.post('/charities', { name: 'X', nameAr: 'س', registrationNumber: 'R' })).status).toBe(403);
  expect((await admin.api.post('/charities', { name: 'X', nameAr: 'س', registrationNumber: 'R', website: 'javascript:alert(1)' })).status).toBe(400);
  const edited = await admin.api.patch(`/charities/${charityId}`, { descriptionAr: 'وجبات' });
  expect(edited.body).toMatchObject({ id: charityId, name: 'Food Bank', descriptionAr: 'وجبات', registrationNumber: 'SA-123' });
  expect((await anonymous(app).get('/charities')).body.map((c: { id: number }) => c.id)).toContain(charityId);
  expect((await anonymous(app).get(`/charities/${charityId}`)).body.website).toBe('https://foodbank.example.org');
});

it('lets the sponsor brand run campaigns; others get 404', async () => {
  const made = await manager.api.post('/campaigns', campaign());
  expect(made.status).toBe(201);
  expect(made.body).toMatchObject({ brandId: brand.id, currency: 'USD', rateMinor: 1, ratePoints: 3, canManage: true, charity: { id: charityId } });
  expect(made.body.totals).toEqual({ donatedPoints: 0, donatedMinor: 0, matchedMinor: 0, pledgedMinor: 0, raisedMinor: 0, paidMinor: 0, donationCount: 0 });
  expect((await other.api.post('/campaigns', campaign())).status).toBe(404);
  expect((await member.api.post('/campaigns', campaign())).status).toBe(404);
  expect((await manager.api.post('/campaigns', campaign({ currency: 'usd' }))).status).toBe(400);
  expect((await manager.api.post('/campaigns', campaign({ charityId: 999999 }))).status).toBe(400);
  expect((await other.api.patch(`/campaigns/${made.body.id}`, { goalMinor: 1 })).status).toBe(404);
  expect((await manager.api.patch(`/campaigns/${made.body.id}`, { currency: 'EUR' })).status).toBe(400);
  expect((await admin.api.patch(`/campaigns/${made.body.id}`, { goalMinor: 200_000 })).body.goalMinor).toBe(200_000);
  const page = await anonymous(app).get(`/campaigns/${made.body.id}`);
  expect(page.body).toMatchObject({ id: made.body.id, canManage: false, topDonors: [] });
  expect((await anonymous(app).get(`/campaigns?brandId=${brand.id}`)).body.items.map((c: { id: number }) => c.id)).toContain(made.body.id);
});

it('credits per-action pledges from challenge completions and check-ins, once each, never past the cap', async () => {
  const c = (await manager.api.post('/campaigns', campaign())).body;
  const withChallenge = await manager.api.post(`/campaigns/${c.id}/pledges`, { action: 'challenge.completed', amountMinor: 500, capMinor: 1_200 });
  expect(withChallenge.body.pledges).toHaveLength(1);
  await manager.api.post(`/campaigns/${c.id}/pledges`, { action: 'event.checked_in', sourceId: 77, amountMinor: 100, capMinor: 10_000 });
  expect((await other.api.post(`/campaigns/${c.id}/pledges`, { action: 'event.checked_in', amountMinor: 1, capMinor: 1 })).status).toBe(404);

  const done = (completionId: number, pledgeCampaignId: number | null = c.id) =>
    publish('challenge.completed', { challengeId: 5, userId: member.id, brandId: brand.id, completionId, points: 10, badgeId: null, pledgeCampaignId });
  await done(1);
  await done(1); // redelivered: credited once
  await done(2);
  await done(3); // only 200 left under the cap
  await done(4); // cap reached
  await done(5, null); // a challenge without a pledge campaign
  await publish('event.checked_in', { eventId: 77, userId: member.id, brandId: brand.id, checkInId: 1, points: 5 });
  await publish('event.checked_in', { eventId: 78, userId: member.id, brandId: brand.id, checkInId: 2, points: 5 }); // another event
  await settle();

  const page = (await anonymous(app).get(`/campaigns/${c.id}`)).body;
  expect(page.pledges.map((p: { pledgedMinor: number }) => p.pledgedMinor)).toEqual([1_200, 100]);
  expect(page.totals).toMatchObject({ pledgedMinor: 1_300, raisedMinor: 1_300 });
  const report = (await anonymous(app).get(`/campaigns/${c.id}/transparency`)).body;
  expect(report.pledges.map((p: { credits: number }) => p.credits)).toEqual([3, 1]);
  expect(report.outstandingMinor).toBe(1_300);
});

it('settles: what each brand owes each charity, payments with receipts up to what is owed, CSV and the public report', async () => {
  const b2 = await makeBrand(app, [manager.id]);
  const c = (await manager.api.post('/campaigns', campaign({ brandId: b2.id, currency: 'SAR' }))).body;
  await manager.api.post(`/campaigns/${c.id}/pledges`, { action: 'event.checked_in', amountMinor: 750, capMinor: 10_000 });
  await publish('event.checked_in', { eventId: 9, userId: member.id, brandId: b2.id, checkInId: 10, points: 5 });
  await publish('event.checked_in', { eventId: 9, userId: admin.id, brandId: b2.id, checkInId: 11, points: 5 });
  await settle();

  const owed = await manager.api.get(`/settlement?brandId=${b2.id}`);
  expect(owed.body).toEqual([
    expect.objectContaining({ brandId: b2.id, charityId, currency: 'SAR', pledgedMinor: 1_500, owedMinor: 1_500, paidMinor: 0, outstandingMinor: 1_500 }),
  ]);
  expect((await other.api.get(`/settlement?brandId=${b2.id}`)).status).toBe(404);
  expect((await member.api.get('/settlement')).body).toEqual([]);
  expect((await other.api.post(`/campaigns/${c.id}/payments`, { amountMinor: 100, receiptReference: 'X' })).status).toBe(404);
  expect((await manager.api.post(`/campaigns/${c.id}/payments`, { amountMinor: 1_501, receiptReference: 'TOO-MUCH' })).status).toBe(409);
  const paid = await manager.api.post(`/campaigns/${c.id}/payments`, { amountMinor: 1_000, receiptReference: 'FB-2026-001' });
  expect(paid.body).toMatchObject({ campaignId: c.id, amountMinor: 1_000, receiptReference: 'FB-2026-001' });
  expect((await admin.api.get(`/settlement?brandId=${b2.id}`)).body[0]).toMatchObject({ paidMinor: 1_000, outstandingMinor: 500 });

  const csv = await manager.api.get(`/settlement/export.csv?brandId=${b2.id}`);
  expect(csv.headers.get('content-type')).toContain('text/csv');
  expect(csv.text.split('\r\n')[0]).toBe('brand,charity,currency,donated_minor,matched_minor,pledged_minor,owed_minor,paid_minor,outstanding_minor');
  expect(csv.text).toContain(',SAR,0,0,1500,1500,1000,500');

  const report = (await anonymous(app).get(`/campaigns/${c.id}/transparency`)).body;
  expect(report.payments).toEqual([expect.objectContaining({ amountMinor: 1_000, receiptReference: 'FB-2026-001' })]);
  expect(report.outstandingMinor).toBe(500);
});

it('computes a donation as points × rate rounded down, exactly, in integers', () => {
  expect(donationMinor(10, 1, 3)).toBe(3);
  expect(donationMinor(100, 25, 100)).toBe(25);
  expect(donationMinor(99_999_999, 999_999, 7)).toBe(Math.floor((99_999_999 * 999_999) / 7));
  expect(donationMinor(1, 1, 1_000_000)).toBe(0);
});
