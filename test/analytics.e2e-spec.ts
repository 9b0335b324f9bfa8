import { Db } from '../apps/api/src/database/db.service';
import { publishAt, publishPost, settle } from './support/analytics';
import { startApp, type TestApp } from './support/app';
import { PASSWORD, makeBrand, makeMember, type Member } from './support/factories';

/*
 * A small community whose every figure is worked out by hand below. The community time zone is
 * Asia/Riyadh (UTC+3): an activity at 2025-02-28T22:00Z is on 1 March there.
 *
 *   member  signs up     active months (community)        participation
 *   A       2025-01-05   Jan Feb Mar                      Jan: chat + challenge
 *   B       2025-01-10   Jan Feb                          Jan: challenge (joined and completed)
 *   C       2025-01-20   Jan     Mar (reactivated)        -
 *   D       2025-02-03       Feb Mar                      Feb: event (going, checked in)
 *   E       2025-02-10       Feb                          Feb: event (going, absent)
 *   F       2025-03-01           Mar                      -
 *
 * Brand X: A posts in Jan and Feb and donates to X's campaign in Mar, D posts in Feb and Mar,
 * E RSVPs to X's event in Feb.
 */
let app: TestApp;
let admin: Member;
let managerX: Member;
let managerY: Member;
let plain: Member;
let brandX: number;
let brandY: number;
const m: Record<string, number> = {};

const at = (day: string, time = '12:00:00') => `${day}T${time}Z`;
const range = 'from=2025-01-01&to=2025-03-31';

beforeAll(async () => {
  app = await startApp();
  admin = await makeMember(app, { role: 'admin' });
  managerX = await makeMember(app);
  managerY = await makeMember(app);
  plain = await makeMember(app);
  brandX = (await makeBrand(app, [managerX.id])).id;
  brandY = (await makeBrand(app, [managerY.id])).id;
  expect((await admin.api.put('/analytics/settings', { timeZone: 'Asia/Riyadh' })).status).toBe(200);

  const signups: Record<string, string> = {
    A: '2025-01-05',
    B: '2025-01-10',
    C: '2025-01-20',
    D: '2025-02-03',
    E: '2025-02-10',
    F: '2025-03-01',
  };
  for (const [k, day] of Object.entries(signups)) {
    m[k] = (await makeMember(app)).id;
    await app.get(Db).ds.query(`UPDATE users SET created_at = $2 WHERE id = $1`, [m[k], at(day, '09:00:00')]);
    await publishAt(app, at(day, '09:00:00'), 'member.registered', {
      userId: m[k],
      referredById: null,
    });
  }
  const post = (who: string, day: string, brandId: number | null) => publishPost(app, at(day), m[who], brandId);
  // January
  await publishAt(app, at('2025-01-06'), 'chat.message_sent', {
    messageId: 1,
    channelId: 1,
    authorId: m.A,
    brandId: null,
  });
  await publishAt(app, at('2025-01-07'), 'challenge.joined', {
    challengeId: 7,
    userId: m.A,
    brandId: null,
  });
  await publishAt(app, at('2025-01-11'), 'challenge.joined', {
    challengeId: 7,
    userId: m.B,
    brandId: null,
  });
  await publishAt(app, at('2025-01-25'), 'challenge.completed', {
    challengeId: 7,
    userId: m.B,
    brandId: null,
    completionId: 1,
    points: 10,
    badgeId: null,
    pledgeCampaignId: null,
  });
  await post('A', '2025-01-15', brandX);
  await post('C', '2025-01-21', null);
  // February (A's visit late on 31 January UTC is 1 February in Riyadh)
  await publishAt(app, at('2025-01-31', '22:30:00'), 'reaction.added', {
    postId: 1,
    authorId: m.C,
    reactorId: m.A,
    reaction: 'like',
    categoryId: 1,
    brandId: null,
  });
  await post('A', '2025-02-15', brandX);
  await publishAt(app, at('2025-02-04'), 'member.visited', {
    userId: m.B,
    day: '2025-02-04',
  });
  await publishAt(app, at('2025-02-01'), 'event.created', {
    eventId: 10,
    brandId: brandX,
    title: 'Meetup',
    titleAr: 'لقاء',
  });
  await publishAt(app, at('2025-02-05'), 'event.rsvped', {
    eventId: 10,
    userId: m.D,
    status: 'going',
  });
  await publishAt(app, at('2025-02-11'), 'event.rsvped', {
    eventId: 10,
    userId: m.E,
    status: 'going',
  });
  await publishAt(app, at('2025-02-20'), 'event.checked_in', {
    eventId: 10,
    userId: m.D,
    brandId: brandX,
    checkInId: 1,
    points: 5,
  });
  await post('D', '2025-02-21', brandX);
  // March
  await publishAt(app, at('2025-02-28', '22:00:00'), 'member.visited', {
    userId: m.C,
    day: '2025-03-01',
  });
  await publishAt(app, at('2025-03-02'), 'member.visited', {
    userId: m.A,
    day: '2025-03-02',
  });
  await post('D', '2025-03-05', brandX);

  // the ledger: awards (one still pending), a spend and its partial refund, a donation, an expiry
  // (ids far from the real ledger's, whose own entries from earning rules are published too)
  const entry = (entryId: number, who: string, kind: string, delta: number, pendingDelta: number, brandId: number | null, day: string) =>
    publishAt(app, at(day), 'points.entry', {
      userId: m[who],
      entryId,
      kind,
      delta,
      pendingDelta,
      brandId,
      at: at(day),
    });
  await entry(900001, 'A', 'award', 100, 0, null, '2025-01-10');
  await entry(900002, 'B', 'award', 50, 0, brandX, '2025-01-12');
  await entry(900003, 'A', 'spend', -30, 0, brandX, '2025-02-02');
  await entry(900003, 'A', 'spend', -30, 0, brandX, '2025-02-02'); // redelivered: counted once
  await entry(900004, 'A', 'refund', 10, 0, brandX, '2025-02-03');
  await entry(900005, 'B', 'donation', -20, 0, null, '2025-02-05');
  await entry(900006, 'D', 'award', 0, 40, null, '2025-02-10');
  await entry(900007, 'C', 'expiry', -5, 0, null, '2025-03-01');
  await entry(900008, 'A', 'award', 1000, 0, null, '2025-04-02'); // after the range: not counted

  await publishAt(app, at('2025-02-05'), 'donation.made', {
    donationId: 1,
    campaignId: 1,
    userId: m.B,
    points: 20,
    amountMinor: 500,
    currency: 'SAR',
  });
  await publishAt(app, at('2025-03-03'), 'donation.made', {
    donationId: 2,
    campaignId: 2,
    userId: m.A,
    points: 30,
    amountMinor: 300,
    currency: 'USD',
    brandId: brandX,
  });
  await settle(app);
});
afterAll(async () => {
  await app?.close();
});

it('computes active members, retention, CRR, churn and participation per month for the community', async () => {
  const res = await admin.api.get(`/analytics/overview?${range}&grain=month`);
  expect(res.status).toBe(200);
  const d = res.body;
  expect(d.timeZone).toBe('Asia/Riyadh');
  expect(d.mau).toEqual([
    { period: '2025-01-01', active: 3, newMembers: 3 },
    { period: '2025-02-01', active: 4, newMembers: 2 },
    { period: '2025-03-01', active: 4, newMembers: 1 },
  ]);
  expect(d.summary.newMembers).toBe(6);
  expect(d.summary.averageMau).toBe(3.67);
  // daily: 1 Feb holds A's late-night reaction (Riyadh time); 1 Mar holds F's sign-up and C's visit
  const day = (p: string) => d.dau.find((x: { period: string }) => x.period === p);
  expect(day('2025-02-01')).toEqual({
    period: '2025-02-01',
    active: 1,
    newMembers: 0,
  });
  expect(day('2025-01-31')).toEqual({
    period: '2025-01-31',
    active: 0,
    newMembers: 0,
  });
  expect(day('2025-03-01')).toEqual({
    period: '2025-03-01',
    active: 2,
    newMembers: 1,
  });
  expect(d.dau).toHaveLength(90);

  const [jan, feb, mar] = d.retention;
  expect(jan).toMatchObject({
    period: '2025-01-01',
    atStart: 0,
    atEnd: 3,
    retentionRate: null,
    crr: null,
    churnRate: null,
  });
  expect(jan).toMatchObject({
    challengeParticipation: 66.67,
    chatParticipation: 33.33,
    eventParticipation: 0,
  });
  // Feb: start {A,B,C}, end {A,B,D,E}, new {D,E}, retained {A,B}
  expect(feb).toEqual({
    period: '2025-02-01',
    atStart: 3,
    atEnd: 4,
    newMembers: 2,
    retained: 2,
    lost: 1,
    retentionRate: 66.67,
    crr: 66.67,
    churnRate: 33.33,
    participantsAtStart: 2,
    participantRetention: 100,
    nonParticipantRetention: 0,
    challengeParticipation: 0,
    eventParticipation: 50,
    chatParticipation: 0,
  });
  // Mar: start {A,B,D,E}, end {A,C,D,F}, new {F}, retained {A,D}; CRR counts C's return: (4 − 1) / 4
  expect(mar).toMatchObject({
    atStart: 4,
    atEnd: 4,
    newMembers: 1,
    retained: 2,
    lost: 2,
    retentionRate: 50,
    crr: 75,
    churnRate: 50,
  });
  // participants in Feb {D,E}: D stayed; the others {A,B}: A stayed
  expect(mar).toMatchObject({
    participantsAtStart: 2,
    participantRetention: 50,
    nonParticipantRetention: 50,
  });
});

it('counts weekly active members per Monday-to-Sunday week, in the community time zone', async () => {
  const d = (await admin.api.get(`/analytics/overview?${range}`)).body;
  // weeks from the Monday on or before 1 January (30 Dec 2024) to the one holding 31 March
  expect(d.wau).toHaveLength(14);
  expect(d.wau[0].period).toBe('2024-12-30');
  const week = (p: string) => d.wau.find((x: { period: string }) => x.period === p);
  // 30 Dec – 5 Jan: A signs up
  expect(week('2024-12-30')).toEqual({ period: '2024-12-30', active: 1, newMembers: 1 });
  // 6 – 12 Jan: A chats and joins the challenge, B signs up and joins it
  expect(week('2025-01-06')).toEqual({ period: '2025-01-06', active: 2, newMembers: 1 });
  // 13 – 19 Jan: A posts
  expect(week('2025-01-13')).toEqual({ period: '2025-01-13', active: 1, newMembers: 0 });
  // 20 – 26 Jan: C signs up and posts, B completes the challenge
  expect(week('2025-01-20')).toEqual({ period: '2025-01-20', active: 2, newMembers: 1 });
  // 27 Jan – 2 Feb: only A (the reaction at 22:30Z on 31 Jan is Saturday 1 Feb in Riyadh)
  expect(week('2025-01-27')).toEqual({ period: '2025-01-27', active: 1, newMembers: 0 });
  // 17 – 23 Feb: D checks in and posts
  expect(week('2025-02-17')).toEqual({ period: '2025-02-17', active: 1, newMembers: 0 });
  // 24 Feb – 2 Mar: C's visit (1 Mar in Riyadh), F's sign-up, A's visit
  expect(week('2025-02-24')).toEqual({ period: '2025-02-24', active: 3, newMembers: 1 });
  // 10 – 16 Mar onwards: nobody
  expect(d.wau.slice(10).map((x: { active: number }) => x.active)).toEqual([0, 0, 0, 0]);
});

it('computes points, challenges, events and charity over the range, and the previous range', async () => {
  const d = (await admin.api.get(`/analytics/overview?${range}`)).body;
  expect(d.summary.points).toEqual({
    issued: 190,
    redeemed: 20,
    donated: 20,
    expired: 5,
    outstanding: 145,
    redemptionRate: 10.53,
  });
  expect(d.summary).toMatchObject({
    challengeJoins: 2,
    challengeCompletions: 1,
    challengeCompletionRate: 50,
    eventRsvps: 2,
    eventAttended: 1,
    rsvpAttendanceRate: 50,
    donatedPoints: 50,
  });
  expect(d.summary.charity).toEqual([
    { currency: 'SAR', amountMinor: 500, donations: 1 },
    { currency: 'USD', amountMinor: 300, donations: 1 },
  ]);
  // the 90 days before 1 January hold nothing
  expect(d.previous).toMatchObject({
    newMembers: 0,
    challengeJoins: 0,
    charity: [],
    points: { issued: 0, outstanding: 0, redemptionRate: null },
  });
  // April alone: the late award, and the liability up to then
  const april = (await admin.api.get('/analytics/overview?from=2025-04-01&to=2025-04-30')).body;
  expect(april.summary.points).toMatchObject({
    issued: 1000,
    redeemed: 0,
    outstanding: 1145,
  });
  // the 30 days before April start on 2 March: the expiry of 1 March is before them
  expect(april.previous.points).toMatchObject({
    issued: 0,
    expired: 0,
    outstanding: 145,
  });
});

it('grids cohort retention by sign-up month', async () => {
  const res = await admin.api.get(`/analytics/cohorts?${range}`);
  expect(res.status).toBe(200);
  expect(res.body.cohorts).toEqual([
    {
      cohort: '2025-01-01',
      size: 3,
      active: [3, 2, 2],
      rates: [100, 66.67, 66.67],
    },
    { cohort: '2025-02-01', size: 2, active: [2, 1], rates: [100, 50] },
    { cohort: '2025-03-01', size: 1, active: [1], rates: [100] },
  ]);
});

it('shows a brand manager their brand only, and the same 404 for any other scope', async () => {
  const res = await managerX.api.get(`/analytics/overview?${range}&brandId=${brandX}`);
  expect(res.status).toBe(200);
  const d = res.body;
  expect(d.brandId).toBe(brandX);
  // X: Jan {A}; Feb {A,D,E} (E by RSVP to X's event); Mar {A,D} (A by donating to X's campaign)
  expect(d.mau.map((x: { active: number }) => x.active)).toEqual([1, 3, 2]);
  expect(d.retention[1]).toMatchObject({
    atStart: 1,
    atEnd: 3,
    newMembers: 2,
    retained: 1,
    retentionRate: 100,
    crr: 100,
    churnRate: 0,
  });
  expect(d.retention[2]).toMatchObject({
    atStart: 3,
    atEnd: 2,
    newMembers: 0,
    retained: 2,
    lost: 1,
    retentionRate: 66.67,
    crr: 66.67,
    churnRate: 33.33,
  });
  expect(d.summary.points).toEqual({
    issued: 50,
    redeemed: 20,
    donated: 0,
    expired: 0,
    outstanding: 30,
    redemptionRate: 40,
  });
  expect(d.summary).toMatchObject({
    challengeJoins: 0,
    eventRsvps: 2,
    eventAttended: 1,
    charity: [{ currency: 'USD', amountMinor: 300, donations: 1 }],
  });
  expect((await managerX.api.get(`/analytics/cohorts?${range}&brandId=${brandX}`)).body.cohorts).toEqual([
    {
      cohort: '2025-01-01',
      size: 1,
      active: [1, 1, 1],
      rates: [100, 100, 100],
    },
    { cohort: '2025-02-01', size: 2, active: [2, 1], rates: [100, 50] },
  ]);

  expect((await admin.api.get(`/analytics/overview?${range}&brandId=${brandX}`)).status).toBe(200);
  for (const path of ['overview', 'cohorts', 'cltv']) {
    expect((await managerY.api.get(`/analytics/${path}?${range}&brandId=${brandX}`)).status).toBe(404);
    expect((await managerX.api.get(`/analytics/${path}?${range}`)).status).toBe(404);
    expect((await plain.api.get(`/analytics/${path}?${range}`)).status).toBe(404);
  }
  expect((await managerY.api.get(`/analytics/overview?${range}&brandId=${brandY}`)).body.mau.map((x: { active: number }) => x.active)).toEqual([0, 0, 0]);
});

it('checks the date range', async () => {
  expect((await admin.api.get('/analytics/overview?from=2025-03-01&to=2025-02-01')).status).toBe(400);
  expect((await admin.api.get('/analytics/overview?from=2020-01-01&to=2025-02-01')).status).toBe(400);
  expect((await admin.api.get('/analytics/overview?from=2025-02-30')).status).toBe(400);
  expect((await admin.api.get('/analytics/overview?grain=year')).status).toBe(400);
  expect((await admin.api.put('/analytics/settings', { timeZone: 'Mars/Olympus' })).status).toBe(400);
});

it('imports purchases by API and CSV and computes CLTV per currency', async () => {
  const emailA = (await app.get(Db).ds.query(`SELECT email FROM users WHERE id = $1`, [m.A]))[0].email as string;
  const json = await admin.api.post('/analytics/purchases', {
    purchases: [
      {
        member: String(m.A),
        amountMinor: 1000,
        currency: 'SAR',
        date: '2025-01-01',
        externalRef: 'r1',
      },
      {
        member: emailA,
        amountMinor: 2000,
        currency: 'SAR',
        date: '2025-01-31',
        externalRef: 'r2',
      },
      { member: '999999', amountMinor: 5, currency: 'SAR', date: '2025-01-31' },
    ],
  });
  expect(json.status).toBe(201);
  expect(json.body).toEqual({
    imported: 2,
    duplicates: 0,
    errors: [{ line: 3, code: 'member' }],
  });
  const csv = [
    'member,amount_minor,currency,date,external_ref,brand_id',
    `${m.B},3000,SAR,2025-02-15,r3,${brandX}`,
    `${m.A},500,usd,2025-03-01,r4,${brandX}`,
    `${m.A},1000,SAR,2025-01-01,r1,`,
    `${m.A},ten,SAR,2025-01-01,r9,`,
  ].join('\n');
  const imp = await managerX.api.post('/analytics/purchases/csv', {
    csv,
    brandId: brandX,
  });
  expect(imp.status).toBe(201);
  expect(imp.body).toEqual({
    imported: 2,
    duplicates: 1,
    errors: [{ line: 5, code: 'invalid' }],
  });
  // a manager cannot import for another brand or for the community
  expect(
    (
      await managerY.api.post('/analytics/purchases/csv', {
        csv,
        brandId: brandX,
      })
    ).status,
  ).toBe(404);
  expect(
    (
      await managerY.api.post('/analytics/purchases', {
        purchases: [
          {
            member: String(m.A),
            amountMinor: 1,
            currency: 'SAR',
            date: '2025-01-01',
          },
        ],
      })
    ).status,
  ).toBe(404);
  expect((await admin.api.post('/analytics/purchases/csv', { csv: 'who,what\n1,2' })).status).toBe(400);

  // SAR: 3 purchases by 2 customers over a 365-day range, spans 31 and 1 days:
  // APV 2000 × frequency (3/2 per 365/365.25 years) × lifespan (16/365.25 years) = 2000·3·32/(4·365) = 131.5 → 132
  const cltv = await admin.api.get('/analytics/cltv?from=2025-01-01&to=2025-12-31');
  expect(cltv.body).toEqual([
    {
      currency: 'SAR',
      purchases: 3,
      customers: 2,
      revenueMinor: 6000,
      averagePurchaseMinor: 2000,
      purchaseFrequency: 1.501,
      averageLifespan: 0.044,
      cltvMinor: 132,
    },
    {
      currency: 'USD',
      purchases: 1,
      customers: 1,
      revenueMinor: 500,
      averagePurchaseMinor: 500,
      purchaseFrequency: 1.001,
      averageLifespan: 0.003,
      cltvMinor: 1,
    },
  ]);
  // brand X: only the CSV rows with its brand
  const x = await managerX.api.get(`/analytics/cltv?from=2025-01-01&to=2025-12-31&brandId=${brandX}`);
  expect(x.body.map((c: { currency: string; revenueMinor: number }) => [c.currency, c.revenueMinor])).toEqual([
    ['SAR', 3000],
    ['USD', 500],
  ]);
});

it("exports a member's own analytics and erases them with the account, keeping the counts", async () => {
  const g = await makeMember(app);
  await publishAt(app, at('2023-06-10'), 'member.visited', { userId: g.id, day: '2023-06-10' });
  await publishAt(app, at('2023-06-11'), 'challenge.joined', { challengeId: 99, userId: g.id, brandId: brandX });
  await settle(app);
  await admin.api.post('/analytics/purchases', { purchases: [{ member: String(g.id), amountMinor: 700, currency: 'SAR', date: '2023-06-12' }] });
  const exported = (await g.api.get('/me/export')).body.analytics;
  expect(exported).toMatchObject({ activeDays: 2, purchases: [{ amount_minor: 700, currency: 'SAR' }] });

  expect((await g.api.delete('/me', { password: PASSWORD })).status).toBe(204);
  const left = await app
    .get(Db)
    .ds.query(
      `SELECT (SELECT count(*)::int FROM analytics_user_periods WHERE user_id = $1) + (SELECT count(*)::int FROM analytics_purchases WHERE user_id = $1)
            + (SELECT count(*)::int FROM analytics_challenge_facts WHERE user_id = $1) + (SELECT count(*)::int FROM analytics_members WHERE user_id = $1) AS n`,
      [g.id],
    );
  expect(left[0].n).toBe(0);
  const june = (await admin.api.get('/analytics/overview?from=2023-06-01&to=2023-06-30')).body;
  // the counts stay: one member was active, and new (first seen that month, before their sign-up day)
  expect(june.mau).toEqual([{ period: '2023-06-01', active: 1, newMembers: 1 }]);
});
