import { startApp, type TestApp } from './support/app';
import { challengeBody, eventBody, giveawayBody, hoursFromNow } from './support/engagement';
import { makeBrand, makeMember, type Member } from './support/factories';
import { givePoints, setTierRank } from './support/loyalty';

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

it('gates challenges, early RSVPs and giveaways by tier rank', async () => {
  const [low, high] = [await makeMember(app), await makeMember(app)];
  await setTierRank(app, low.id, 1);
  await setTierRank(app, high.id, 3);

  const ch = await manager.api.post('/challenges', challengeBody(brand.id, { minTierRank: 2 }));
  const refused = await low.api.post(`/challenges/${ch.body.id}/join`);
  expect([refused.status, refused.body.code]).toEqual([403, 'engagement.tier_too_low']);
  expect((await high.api.post(`/challenges/${ch.body.id}/join`)).status).toBe(200);

  const ev = await manager.api.post('/events', eventBody(brand.id, { earlyTierRank: 2, rsvpOpensAt: hoursFromNow(0.2) }));
  expect((await low.api.post(`/events/${ev.body.id}/rsvp`, { status: 'going' })).status).toBe(409);
  expect((await high.api.post(`/events/${ev.body.id}/rsvp`, { status: 'going' })).body.status).toBe('going');

  const gv = await manager.api.post('/giveaways', giveawayBody(brand.id, { minTierRank: 2 }));
  expect((await low.api.post(`/giveaways/${gv.body.id}/entries`, {})).status).toBe(403);
  expect((await high.api.post(`/giveaways/${gv.body.id}/entries`, {})).status).toBe(201);
});

it('asks for a minimum balance without spending it', async () => {
  const gv = await manager.api.post('/giveaways', giveawayBody(brand.id, { minPoints: 100 }));
  const m = await makeMember(app);
  const res = await m.api.post(`/giveaways/${gv.body.id}/entries`, {});
  expect([res.status, res.body.code]).toEqual([403, 'engagement.giveaway_min_points']);
  await givePoints(app, m.id, 150);
  expect((await m.api.post(`/giveaways/${gv.body.id}/entries`, {})).status).toBe(201);
});

it('refuses paid entries while the community has them off', async () => {
  const res = await manager.api.post('/giveaways', giveawayBody(brand.id, { entryCostPoints: 10 }));
  expect([res.status, res.body.code]).toEqual([403, 'engagement.paid_entries_disabled']);
});
