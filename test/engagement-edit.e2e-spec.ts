import { Db } from '../apps/api/src/database/db.service';
import { startApp, type TestApp } from './support/app';
import { challengeBody, closeGiveaway, eventBody, giveawayBody, hoursFromNow, postCreated, publish, published, twoBrands } from './support/engagement';
import { makeMember, type Member } from './support/factories';
import { givePoints, ledgerOf } from './support/loyalty';

let app: TestApp;
let manager: Member;
let otherManager: Member;
let brand: { id: number };
let postSeq = 5000;
beforeAll(async () => {
  app = await startApp({ env: { GIVEAWAY_PAID_ENTRIES: 'true' } });
  ({ manager, otherManager, brand } = await twoBrands(app));
});
afterAll(async () => {
  await app?.close();
});

const created = async (path: string, body: Record<string, unknown>) => {
  const res = await manager.api.post(path, body);
  expect(res.status).toBe(201);
  return res.body.id as number;
};

const kindsOf = async (m: Member) => ((await m.api.get('/notifications')).body.items as { kind: string }[]).map((n) => n.kind);

it('edits a challenge (texts, a later end) for its brand only, and a cancelled challenge stops counting and never completes', async () => {
  const id = await created('/challenges', challengeBody(brand.id, { steps: [{ action: 'post.created', count: 2 }] }));
  expect((await otherManager.api.patch(`/challenges/${id}`, { title: 'Mine' })).status).toBe(404);
  expect((await otherManager.api.post(`/challenges/${id}/cancel`, { reason: 'no' })).status).toBe(404);
  expect((await manager.api.patch(`/challenges/${id}`, { endsAt: hoursFromNow(1) })).status).toBe(400); // never earlier
  expect((await manager.api.patch(`/challenges/${id}`, { points: 5000 })).status).toBe(400); // not editable
  const endsAt = hoursFromNow(96);
  const edited = await manager.api.patch(`/challenges/${id}`, { title: 'Post twice', titleAr: 'انشر مرتين', endsAt });
  expect(edited.status).toBe(200);
  expect(edited.body).toMatchObject({ title: 'Post twice', titleAr: 'انشر مرتين', endsAt, points: 50, cancelledAt: null });

  const a = await makeMember(app);
  await a.api.post(`/challenges/${id}/join`);
  await publish(app, 'post.created', postCreated(++postSeq, a.id));
  expect((await a.api.get(`/challenges/${id}`)).body.me).toMatchObject({ steps: [1], completed: false });

  const cancelled = await manager.api.post(`/challenges/${id}/cancel`, { reason: 'Store closed' });
  expect(cancelled.status).toBe(200);
  expect(cancelled.body).toMatchObject({ cancelReason: 'Store closed', cancelledAt: expect.any(String) });
  await publish(app, 'post.created', postCreated(++postSeq, a.id));
  expect((await a.api.get(`/challenges/${id}`)).body.me).toMatchObject({ steps: [1], completed: false });
  expect((await published(app, 'challenge.completed')).filter((e) => e.challengeId === id)).toEqual([]);

  const again = await manager.api.post(`/challenges/${id}/cancel`, { reason: 'twice' });
  expect(again.status).toBe(409);
  expect(again.headers.get('content-type')).toMatch(/application\/problem\+json/);
  expect(again.body).toMatchObject({ code: 'engagement.cancelled', title: 'This was cancelled.' });
  expect((await manager.api.patch(`/challenges/${id}`, { title: 'x' })).status).toBe(409);
  const b = await makeMember(app, { locale: 'ar' });
  const join = await b.api.post(`/challenges/${id}/join`);
  expect(join.status).toBe(409);
  expect(join.body.title).toBe('تم إلغاء هذا.');
});

const question = (prompt: string, correct: number) => ({ prompt, promptAr: `${prompt} (ar)`, options: ['A', 'B', 'C'], optionsAr: ['أ', 'ب', 'ج'], correct });

it('edits a quiz (questions, choices, the correct one) until a member first answers it, then refuses with a 409; members never get the answers', async () => {
  const id = await created('/challenges', challengeBody(brand.id, { kind: 'quiz', steps: undefined, quiz: [question('Which bean?', 0)], maxAttempts: 3 }));
  const key = await manager.api.get(`/challenges/${id}/quiz`);
  expect(key.status).toBe(200);
  expect(key.body).toEqual({ questions: [question('Which bean?', 0)], maxAttempts: 3, passScore: 1, attempted: false });
  const m = await makeMember(app);
  expect((await otherManager.api.get(`/challenges/${id}/quiz`)).status).toBe(404);
  expect((await m.api.get(`/challenges/${id}/quiz`)).status).toBe(404);
  expect((await otherManager.api.patch(`/challenges/${id}`, { quiz: [question('Mine?', 1)] })).status).toBe(404);

  const wrong = await manager.api.patch(`/challenges/${id}`, { quiz: [{ ...question('Which roast?', 0), correct: 3 }] });
  expect(wrong.status).toBe(400);
  expect(wrong.body.errors).toEqual([expect.objectContaining({ field: 'quiz.0.correct' })]);
  expect((await manager.api.patch(`/challenges/${id}`, { quiz: [question('Which roast?', 0)], passScore: 2 })).status).toBe(400);
  const action = await created('/challenges', challengeBody(brand.id));
  expect((await manager.api.patch(`/challenges/${action}`, { quiz: [question('Which roast?', 0)] })).status).toBe(400);

  const edited = await manager.api.patch(`/challenges/${id}`, { quiz: [question('Which roast?', 2), question('Which origin?', 1)], passScore: 2 });
  expect(edited.status).toBe(200);
  const { correct: _c, ...shown } = question('Which roast?', 2);
  expect(edited.body.quiz[0]).toEqual(shown);
  expect(JSON.stringify(edited.body)).not.toContain('correct');
  expect(JSON.stringify((await m.api.get(`/challenges/${id}`)).body)).not.toContain('correct');

  // joining is not answering: the quiz stays editable
  expect((await m.api.post(`/challenges/${id}/join`)).status).toBe(200);
  expect((await manager.api.patch(`/challenges/${id}`, { maxAttempts: 5 })).status).toBe(200);
  expect((await manager.api.get(`/challenges/${id}/quiz`)).body).toMatchObject({ maxAttempts: 5, passScore: 2, attempted: false });
  // the member is scored against the edited questions
  expect((await m.api.post(`/challenges/${id}/quiz`, { answers: [2, 0] })).body).toMatchObject({ score: 1, total: 2, passed: false });

  const refused = await manager.api.patch(`/challenges/${id}`, { quiz: [question('Which bean?', 0)] });
  expect(refused.status).toBe(409);
  expect(refused.headers.get('content-type')).toContain('application/problem+json');
  expect(refused.body).toMatchObject({ status: 409, code: 'engagement.quiz_attempted' });
  expect((await manager.api.patch(`/challenges/${id}`, { passScore: 1 })).status).toBe(409);
  expect((await manager.api.get(`/challenges/${id}/quiz`)).body).toMatchObject({ questions: [question('Which roast?', 2), question('Which origin?', 1)], attempted: true });
  // the texts stay editable
  expect((await manager.api.patch(`/challenges/${id}`, { title: 'Coffee quiz' })).body).toMatchObject({ title: 'Coffee quiz' });
});

it('refuses to approve a submission of a cancelled challenge', async () => {
  const id = await created('/challenges', challengeBody(brand.id, { kind: 'submission', steps: undefined }));
  const m = await makeMember(app);
  const s = await m.api.post(`/challenges/${id}/submissions`, { text: 'done it' });
  expect(s.status).toBe(201);
  await manager.api.post(`/challenges/${id}/cancel`, { reason: 'Ended early' });
  expect((await manager.api.post(`/challenge-submissions/${s.body.id}/review`, { approve: true })).status).toBe(409);
  expect((await m.api.get(`/challenges/${id}`)).body.me.completed).toBe(false);
});

it('raises an event capacity (never below the members going, seating the waitlist) and cancels it: RSVPs and check-ins refused, RSVPd members told', async () => {
  const id = await created('/events', eventBody(brand.id, { capacity: 2 }));
  const [a, b, c, bystander] = [await makeMember(app), await makeMember(app), await makeMember(app), await makeMember(app)];
  for (const m of [a, b, c]) await m.api.post(`/events/${id}/rsvp`, { status: 'going' });
  expect((await c.api.get(`/events/${id}`)).body.myRsvp).toBe('waitlist');
  expect((await otherManager.api.patch(`/events/${id}`, { capacity: 10 })).status).toBe(404);
  const lower = await manager.api.patch(`/events/${id}`, { capacity: 1 });
  expect(lower.status).toBe(409);
  expect(lower.body.code).toBe('engagement.capacity_below_going');
  const endsAt = hoursFromNow(3);
  const raised = await manager.api.patch(`/events/${id}`, { capacity: 3, endsAt, descriptionAr: 'وصف' });
  expect(raised.status).toBe(200);
  expect(raised.body).toMatchObject({ capacity: 3, going: 3, waitlist: 0, endsAt, checkInClosesAt: endsAt, descriptionAr: 'وصف' });
  expect((await c.api.get(`/events/${id}`)).body.myRsvp).toBe('going');

  const code = (await manager.api.get(`/events/${id}/check-in-code`)).body.code as string;
  expect((await otherManager.api.post(`/events/${id}/cancel`, { reason: 'x' })).status).toBe(404);
  const cancelled = await manager.api.post(`/events/${id}/cancel`, { reason: 'Venue flooded' });
  expect(cancelled.status).toBe(200);
  expect(cancelled.body).toMatchObject({ cancelReason: 'Venue flooded', cancelledAt: expect.any(String) });
  for (const m of [a, b, c]) expect(await kindsOf(m)).toContain('event_cancelled');
  expect(await kindsOf(bystander)).not.toContain('event_cancelled');
  expect((await bystander.api.post(`/events/${id}/rsvp`, { status: 'going' })).status).toBe(409);
  expect((await a.api.post(`/events/${id}/rsvp`, { status: 'not_going' })).status).toBe(409);
  const checkIn = await a.api.post(`/events/${id}/check-in`, { code });
  expect(checkIn.status).toBe(409);
  expect(checkIn.body.code).toBe('engagement.cancelled');
  expect((await manager.api.post(`/events/${id}/cancel`, { reason: 'again' })).status).toBe(409);
});

it('extends an open giveaway keeping its commitment, and a cancel before the draw refuses entries and refunds paid entries once', async () => {
  const g = await manager.api.post('/giveaways', giveawayBody(brand.id, { entryCostPoints: 40, maxEntriesPerMember: 3 }));
  const id = g.body.id as number;
  const m = await makeMember(app);
  await givePoints(app, m.id, 100);
  expect((await m.api.post(`/giveaways/${id}/entries`, { key: 'a' })).status).toBe(201);
  expect((await m.api.post(`/giveaways/${id}/entries`, { key: 'b' })).status).toBe(201);
  const balance = async () => (await ledgerOf(app).balance(app.get(Db).ds, m.id)).available;
  expect(await balance()).toBe(20);

  expect((await manager.api.patch(`/giveaways/${id}`, { closesAt: hoursFromNow(1) })).status).toBe(400); // never earlier
  expect((await manager.api.patch(`/giveaways/${id}`, { winnersCount: 9 })).status).toBe(400); // not editable
  const closesAt = hoursFromNow(48);
  const extended = await manager.api.patch(`/giveaways/${id}`, { closesAt, prizeAr: undefined, titleAr: 'اربح' });
  expect(extended.status).toBe(200);
  expect(extended.body).toMatchObject({ closesAt, titleAr: 'اربح', seedHash: g.body.seedHash, entries: 2, status: 'open' });

  expect((await otherManager.api.post(`/giveaways/${id}/cancel`, { reason: 'x' })).status).toBe(404);
  const cancelled = await manager.api.post(`/giveaways/${id}/cancel`, { reason: 'Supplier fell through' });
  expect(cancelled.status).toBe(200);
  expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: 'Supplier fell through' });
  expect(await balance()).toBe(100);
  expect(await kindsOf(m)).toContain('giveaway_cancelled');
  expect((await manager.api.post(`/giveaways/${id}/cancel`, { reason: 'again' })).status).toBe(409);
  expect(await balance()).toBe(100); // refunded once
  const refunds = await app.get(Db).ds.query(`SELECT count(*)::int AS n FROM points_entries WHERE user_id = $1 AND kind = 'refund'`, [m.id]);
  expect(refunds[0].n).toBe(2);
  expect((await m.api.post(`/giveaways/${id}/entries`, { key: 'c' })).status).toBe(409);
  await closeGiveaway(app, id);
  expect((await manager.api.post(`/giveaways/${id}/draw`)).status).toBe(409);
});

it('never moves a closed giveaway close and cannot cancel after the draw', async () => {
  const id = await created('/giveaways', giveawayBody(brand.id, { winnersCount: 1, alternatesCount: 0 }));
  await (await makeMember(app)).api.post(`/giveaways/${id}/entries`, {});
  await closeGiveaway(app, id);
  const moved = await manager.api.patch(`/giveaways/${id}`, { closesAt: hoursFromNow(24) });
  expect(moved.status).toBe(409);
  expect(moved.body.code).toBe('engagement.giveaway_closed');
  expect((await manager.api.post(`/giveaways/${id}/draw`)).status).toBe(200);
  const late = await manager.api.post(`/giveaways/${id}/cancel`, { reason: 'too late' });
  expect(late.status).toBe(409);
  expect(late.body.code).toBe('engagement.giveaway_drawn');
  expect((await manager.api.patch(`/giveaways/${id}`, { title: 'Renamed after the draw' })).status).toBe(200);
});
