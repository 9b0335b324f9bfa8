import { rows } from '../apps/api/src/common/sql';
import { Db } from '../apps/api/src/database/db.service';
import { publishAt, settle } from './support/analytics';
import { startApp, type TestApp } from './support/app';
import { anonymous, makeBrand, makeMember, type Member } from './support/factories';
import { setTierRank } from './support/loyalty';

let app: TestApp;
let admin: Member;
let manager: Member;
let otherManager: Member;
let brand: number;

beforeAll(async () => {
  app = await startApp();
  admin = await makeMember(app, { role: 'admin' });
  manager = await makeMember(app);
  otherManager = await makeMember(app);
  brand = (await makeBrand(app, [manager.id])).id;
  await makeBrand(app, [otherManager.id]);
});
afterAll(async () => {
  await app?.close();
});

const questions = [
  {
    kind: 'nps',
    prompt: 'How likely are you to recommend us?',
    promptAr: 'ما مدى احتمال أن توصي بنا؟',
  },
  { kind: 'csat', prompt: 'How satisfied are you?', promptAr: 'ما مدى رضاك؟' },
  {
    kind: 'single',
    prompt: 'Favourite drink?',
    promptAr: 'مشروبك المفضل؟',
    options: [
      { en: 'Coffee', ar: 'قهوة' },
      { en: 'Tea', ar: 'شاي' },
    ],
  },
  {
    kind: 'multiple',
    prompt: 'When do you visit?',
    promptAr: 'متى تزورنا؟',
    options: [
      { en: 'Morning', ar: 'صباحًا' },
      { en: 'Noon', ar: 'ظهرًا' },
      { en: 'Evening', ar: 'مساءً' },
    ],
  },
  {
    kind: 'text',
    prompt: 'Anything else?',
    promptAr: 'شيء آخر؟',
    required: false,
  },
];

const survey = (o: Record<string, unknown> = {}) => ({
  brandId: brand,
  title: 'Visit',
  titleAr: 'الزيارة',
  points: 25,
  questions,
  ...o,
});

async function openSurvey(o: Record<string, unknown> = {}, by: Member = manager) {
  const created = await by.api.post('/surveys', survey(o));
  expect(created.status).toBe(201);
  const opened = await by.api.post(`/surveys/${created.body.id}/status`, {
    status: 'open',
  });
  expect(opened.status).toBe(200);
  return created.body as {
    id: number;
    questions: { id: number; kind: string }[];
  };
}

const answersFor = (qs: { id: number; kind: string }[], nps: number, csat: number, single: number, multiple: number[], text?: string) =>
  qs.map((q) =>
    q.kind === 'nps'
      ? { questionId: q.id, score: nps, text: `comment ${nps}` }
      : q.kind === 'csat'
        ? { questionId: q.id, score: csat }
        : q.kind === 'single'
          ? { questionId: q.id, choices: [single] }
          : q.kind === 'multiple'
            ? { questionId: q.id, choices: multiple }
            : { questionId: q.id, text },
  );

it('lets brand managers run their brand surveys only, from draft to open to closed', async () => {
  expect((await otherManager.api.post('/surveys', survey())).status).toBe(404);
  expect((await manager.api.post('/surveys', survey({ brandId: undefined }))).status).toBe(404);
  expect((await manager.api.post('/surveys', survey({ questions: [] }))).status).toBe(400);
  expect(
    (
      await manager.api.post(
        '/surveys',
        survey({
          questions: [
            {
              kind: 'single',
              prompt: 'x',
              promptAr: 'س',
              options: [{ en: 'a', ar: 'ا' }],
            },
          ],
        }),
      )
    ).status,
  ).toBe(400);
  expect((await manager.api.post('/surveys', survey({ audience: 'event' }))).status).toBe(400);

  const draft = await manager.api.post('/surveys', survey());
  expect(draft.status).toBe(201);
  expect(draft.body).toMatchObject({
    status: 'draft',
    brandId: brand,
    points: 25,
    audience: 'everyone',
    anonymous: false,
  });
  expect(draft.body.questions.map((q: { kind: string }) => q.kind)).toEqual(['nps', 'csat', 'single', 'multiple', 'text']);
  const edited = await manager.api.put(`/surveys/${draft.body.id}`, survey({ title: 'Your visit', questions: questions.slice(0, 2) }));
  expect(edited.body).toMatchObject({
    title: 'Your visit',
    questions: [{ kind: 'nps' }, { kind: 'csat' }],
  });
  expect((await otherManager.api.put(`/surveys/${draft.body.id}`, survey())).status).toBe(404);

  // a draft is invisible to members
  const member = await makeMember(app);
  expect((await member.api.get(`/surveys/${draft.body.id}`)).status).toBe(404);
  expect((await member.api.get('/surveys')).body.items.map((s: { id: number }) => s.id)).not.toContain(draft.body.id);

  expect(
    (
      await manager.api.post(`/surveys/${draft.body.id}/status`, {
        status: 'closed',
      })
    ).status,
  ).toBe(409);
  expect(
    (
      await otherManager.api.post(`/surveys/${draft.body.id}/status`, {
        status: 'open',
      })
    ).status,
  ).toBe(404);
  expect(
    (
      await manager.api.post(`/surveys/${draft.body.id}/status`, {
        status: 'open',
      })
    ).status,
  ).toBe(200);
  expect((await manager.api.put(`/surveys/${draft.body.id}`, survey())).status).toBe(409);
  expect((await member.api.get('/surveys')).body.items[0]).toMatchObject({
    id: draft.body.id,
    answered: false,
    titleAr: 'الزيارة',
  });
  expect(
    (
      await manager.api.post(`/surveys/${draft.body.id}/status`, {
        status: 'closed',
      })
    ).status,
  ).toBe(200);
  expect((await member.api.get(`/surveys/${draft.body.id}`)).status).toBe(404);

  const mine = await manager.api.get(`/surveys/manage?brandId=${brand}`);
  expect(mine.body.items.map((s: { id: number }) => s.id)).toContain(draft.body.id);
  expect((await otherManager.api.get(`/surveys/manage?brandId=${brand}`)).status).toBe(404);
  expect((await member.api.get('/surveys/manage')).status).toBe(404);
  expect((await admin.api.get('/surveys/manage')).body.items.map((s: { id: number }) => s.id)).toContain(draft.body.id);
  expect((await anonymous(app).get('/surveys')).status).toBe(401);
});

it('rewards an answer once, publishes survey.answered and reports NPS, CSAT and choices', async () => {
  const s = await openSurvey();
  const people = [await makeMember(app), await makeMember(app), await makeMember(app), await makeMember(app), await makeMember(app)];
  // NPS 10, 9, 9, 7, 2 → (3 − 1) / 5 = 40; CSAT 5, 4, 3, 2, 5 → 3.8, 60 % satisfied
  const given: [number, number, number, number[], string?][] = [
    [10, 5, 0, [0, 2], 'Great'],
    [9, 4, 0, [0]],
    [9, 3, 1, [1, 2], 'More tea'],
    [7, 2, 0, [2]],
    [2, 5, 1, [0]],
  ];
  for (const [i, p] of people.entries()) {
    const r = await p.api.post(`/surveys/${s.id}/responses`, {
      answers: answersFor(s.questions, ...given[i]),
    });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ points: 25 });
  }
  const again = await people[0].api.post(`/surveys/${s.id}/responses`, {
    answers: answersFor(s.questions, 0, 1, 0, [0]),
  });
  expect(again.status).toBe(409);
  expect((await people[0].api.get('/surveys')).body.items.find((x: { id: number }) => x.id === s.id).answered).toBe(true);

  const events = await rows<{
    payload: { userId: number; points: number; brandId: number };
  }>(app.get(Db).ds, `SELECT payload FROM outbox WHERE type = 'survey.answered' AND (payload->>'surveyId')::bigint = $1`, [s.id]);
  expect(events.map((e) => e.payload.userId).sort()).toEqual(people.map((p) => p.id).sort());
  expect(events.every((e) => e.payload.points === 25 && e.payload.brandId === brand)).toBe(true);

  const res = await manager.api.get(`/surveys/${s.id}/results`);
  expect(res.status).toBe(200);
  expect(res.body.responses).toBe(5);
  const [nps, csat, single, multiple, text] = res.body.questions;
  expect(nps).toMatchObject({
    answered: 5,
    nps: 40,
    average: 7.4,
    scores: [0, 0, 1, 0, 0, 0, 0, 1, 0, 2, 1],
  });
  expect(nps.texts).toHaveLength(5);
  expect(csat).toMatchObject({
    answered: 5,
    average: 3.8,
    satisfied: 60,
    scores: [0, 0, 1, 1, 1, 2],
  });
  expect(single).toMatchObject({ answered: 5, options: [3, 2] });
  expect(multiple).toMatchObject({ answered: 5, options: [3, 1, 3] });
  expect(text).toMatchObject({ answered: 2 });
  expect([...text.texts].sort()).toEqual(['Great', 'More tea']);
  expect((await otherManager.api.get(`/surveys/${s.id}/results`)).status).toBe(404);
  expect((await people[1].api.get(`/surveys/${s.id}/results`)).status).toBe(404);

  // the brand's dashboard: this month's NPS and CSAT
  await settle(app);
  const d = (await manager.api.get(`/analytics/overview?brandId=${brand}`)).body;
  expect(d.summary).toMatchObject({
    nps: 40,
    npsResponses: 5,
    promoters: 3,
    passives: 1,
    detractors: 1,
    csatAverage: 3.8,
    csatSatisfied: 60,
    csatResponses: 5,
  });
  expect(d.scores).toHaveLength(1);
  expect(d.scores[0]).toMatchObject({
    responses: 5,
    nps: 40,
    csatAverage: 3.8,
    csatSatisfied: 60,
  });
  // answering is activity in the brand: five members active today
  expect(d.dau[d.dau.length - 1].active).toBe(5);
});

it('checks answers against the questions', async () => {
  const s = await openSurvey();
  const p = await makeMember(app);
  const base = answersFor(s.questions, 8, 4, 0, [1]);
  const bad = async (answers: unknown) => (await p.api.post(`/surveys/${s.id}/responses`, { answers })).status;
  expect(await bad(base.map((a, i) => (i === 0 ? { ...a, score: 11 } : a)))).toBe(400);
  expect(await bad(base.map((a, i) => (i === 1 ? { ...a, score: 0 } : a)))).toBe(400);
  expect(await bad(base.map((a, i) => (i === 2 ? { ...a, choices: [0, 1] } : a)))).toBe(400);
  expect(await bad(base.map((a, i) => (i === 3 ? { ...a, choices: [5] } : a)))).toBe(400);
  expect(await bad(base.slice(1))).toBe(400); // the NPS question is required
  expect(await bad([...base, { questionId: 999999, text: 'x' }])).toBe(400);
  // the optional text may be left out; nothing was recorded by the refused attempts
  expect(
    (
      await p.api.post(`/surveys/${s.id}/responses`, {
        answers: base.slice(0, 4),
      })
    ).status,
  ).toBe(201);
  expect((await manager.api.get(`/surveys/${s.id}/results`)).body.responses).toBe(1);
});

it('stores anonymous answers apart from the participation, with only the week, and rewards once', async () => {
  const s = await openSurvey({
    anonymous: true,
    questions: questions.slice(0, 2),
  });
  const p = await makeMember(app);
  expect(
    (
      await p.api.post(`/surveys/${s.id}/responses`, {
        answers: answersFor(s.questions, 9, 4, 0, []),
      })
    ).status,
  ).toBe(201);
  expect(
    (
      await p.api.post(`/surveys/${s.id}/responses`, {
        answers: answersFor(s.questions, 9, 4, 0, []),
      })
    ).status,
  ).toBe(409);
  const db = app.get(Db).ds;
  const parts = await rows<{ id: number }>(db, `SELECT id FROM survey_participations WHERE survey_id = $1 AND user_id = $2`, [s.id, p.id]);
  expect(parts).toHaveLength(1);
  const [resp] = await rows<{
    id: string;
    participation_id: number | null;
    dow: number;
    answers: unknown[];
  }>(db, `SELECT id, participation_id, extract(isodow FROM answered_on)::int AS dow, answers FROM survey_responses WHERE survey_id = $1`, [s.id]);
  expect(resp.participation_id).toBeNull();
  expect(resp.dow).toBe(1); // a Monday: the week, not the day
  expect(resp.id).toMatch(/^[0-9a-f-]{36}$/); // a random id, no order shared with participations
  expect(JSON.stringify(resp.answers)).not.toContain(String(p.id));
  // the member's export lists the participation but no answers
  const exported = await p.api.get('/me/export');
  const mine = (exported.body.surveys as { survey_id: number; answers: unknown }[]).find((x) => Number(x.survey_id) === s.id);
  expect(mine).toMatchObject({ answers: null });
});

it("targets a tier, an event's attendees and a challenge's participants", async () => {
  const attendee = await makeMember(app);
  const joiner = await makeMember(app);
  const outsider = await makeMember(app);
  const now = new Date().toISOString();
  await publishAt(app, now, 'event.checked_in', {
    eventId: 501,
    userId: attendee.id,
    brandId: brand,
    checkInId: 1,
    points: 0,
  });
  await publishAt(app, now, 'event.rsvped', {
    eventId: 501,
    userId: outsider.id,
    status: 'going',
  }); // RSVP alone is not attendance
  await publishAt(app, now, 'challenge.joined', {
    challengeId: 601,
    userId: joiner.id,
    brandId: brand,
  });
  await settle(app);
  const forEvent = await openSurvey({
    audience: 'event',
    audienceRef: 501,
    questions: questions.slice(1, 2),
  });
  const forChallenge = await openSurvey({
    audience: 'challenge',
    audienceRef: 601,
    questions: questions.slice(1, 2),
  });
  const forTier = await openSurvey({
    audience: 'tier',
    audienceRef: 1,
    questions: questions.slice(1, 2),
  });
  const answer = (who: Member, id: number, qid: number) =>
    who.api.post(`/surveys/${id}/responses`, {
      answers: [{ questionId: qid, score: 4 }],
    });
  const visible = async (who: Member) => (await who.api.get('/surveys?limit=100')).body.items.map((x: { id: number }) => x.id);

  expect(await visible(attendee)).toEqual(expect.arrayContaining([forEvent.id]));
  expect(await visible(attendee)).not.toContain(forChallenge.id);
  expect(await visible(joiner)).toEqual(expect.arrayContaining([forChallenge.id]));
  expect(await visible(outsider)).not.toEqual(expect.arrayContaining([forEvent.id]));
  // without tiers bound, every member has rank 0: below a tier-1 survey
  expect(await visible(attendee)).not.toContain(forTier.id);

  expect((await answer(outsider, forEvent.id, forEvent.questions[0].id)).status).toBe(404);
  expect((await answer(outsider, forChallenge.id, forChallenge.questions[0].id)).status).toBe(404);
  expect((await answer(attendee, forTier.id, forTier.questions[0].id)).status).toBe(404);
  expect((await answer(attendee, forEvent.id, forEvent.questions[0].id)).status).toBe(201);
  expect((await answer(joiner, forChallenge.id, forChallenge.questions[0].id)).status).toBe(201);
  // members of the tier, or above it, see the tier survey and may answer it
  const tierOne = await makeMember(app);
  const tierTwo = await makeMember(app);
  await setTierRank(app, tierOne.id, 1);
  await setTierRank(app, tierTwo.id, 2);
  expect(await visible(tierOne)).toContain(forTier.id);
  expect(await visible(tierTwo)).toContain(forTier.id);
  expect((await answer(tierOne, forTier.id, forTier.questions[0].id)).status).toBe(201);
  expect((await answer(tierTwo, forTier.id, forTier.questions[0].id)).status).toBe(201);
  expect((await answer(attendee, forTier.id, forTier.questions[0].id)).status).toBe(404);
  // the manager sees the survey whatever its audience
  expect((await manager.api.get(`/surveys/${forTier.id}`)).status).toBe(200);
});

it('lets admins run community surveys', async () => {
  const s = await openSurvey({ brandId: undefined }, admin);
  const p = await makeMember(app);
  expect((await p.api.get(`/surveys/${s.id}`)).body).toMatchObject({
    brandId: null,
    status: 'open',
  });
  expect((await manager.api.get(`/surveys/${s.id}/results`)).status).toBe(404);
  expect((await admin.api.get(`/surveys/${s.id}/results`)).status).toBe(200);
});

it("trends a brand's NPS and CSAT month by month over a range", async () => {
  const trendManager = await makeMember(app);
  const trendBrand = (await makeBrand(app, [trendManager.id])).id;
  const s = await openSurvey({ brandId: trendBrand, questions: questions.slice(0, 2) }, trendManager);
  // [nps, csat, answered on]
  const given: [number, number, string][] = [
    [10, 5, '2025-01-10'], // Jan: promoters {10}, detractors {3}: (1 − 1) / 2 = 0; CSAT (5 + 2) / 2 = 3.5, 50 % satisfied
    [3, 2, '2025-01-20'],
    [9, 4, '2025-02-03'], // Feb: 9, 9 promoters, 8 passive: (2 − 0) / 3 = 66.67; CSAT (4 + 4 + 3) / 3 = 3.67, 66.67 %
    [9, 4, '2025-02-14'],
    [8, 3, '2025-02-28'],
    [0, 1, '2025-03-01'], // Mar: 0 and 6 detractors, 10 promoter: (1 − 2) / 3 = −33.33; CSAT (1 + 2 + 5) / 3 = 2.67, 33.33 %
    [6, 2, '2025-03-15'],
    [10, 5, '2025-03-31'],
    [10, 5, '2025-04-01'], // after the range
  ];
  const db = app.get(Db).ds;
  for (const [nps, csat, day] of given) {
    const who = await makeMember(app);
    const res = await who.api.post(`/surveys/${s.id}/responses`, { answers: answersFor(s.questions, nps, csat, 0, []) });
    expect(res.status).toBe(201);
    // dated back: the only response of today is the one just given
    const moved = await rows(db, `UPDATE survey_responses SET answered_on = $2 WHERE survey_id = $1 AND answered_on > '2025-12-31' RETURNING id`, [s.id, day]);
    expect(moved).toHaveLength(1);
  }

  const d = (await trendManager.api.get(`/analytics/overview?brandId=${trendBrand}&from=2025-01-01&to=2025-03-31`)).body;
  expect(d.scores).toEqual([
    { period: '2025-01-01', responses: 2, nps: 0, csatAverage: 3.5, csatSatisfied: 50 },
    { period: '2025-02-01', responses: 3, nps: 66.67, csatAverage: 3.67, csatSatisfied: 66.67 },
    { period: '2025-03-01', responses: 3, nps: -33.33, csatAverage: 2.67, csatSatisfied: 33.33 },
  ]);
  // over the whole range: 4 promoters, 1 passive, 3 detractors of 8 → 12.5
  expect(d.summary).toMatchObject({ nps: 12.5, npsResponses: 8, promoters: 4, passives: 1, detractors: 3 });
  // another brand's manager cannot read this trend
  expect((await manager.api.get(`/analytics/overview?brandId=${trendBrand}&from=2025-01-01&to=2025-03-31`)).status).toBe(404);
});
