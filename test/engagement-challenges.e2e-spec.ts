import { Db } from '../apps/api/src/database/db.service';
import { startApp, type TestApp } from './support/app';
import { challengeBody, hoursFromNow, postCreated, publish, published, twoBrands } from './support/engagement';
import { anonymous, makeMember, type Member } from './support/factories';
import { emitOutOfOrder } from './support/loyalty';
import { connect, next } from './support/sockets';

let app: TestApp;
let manager: Member;
let otherManager: Member;
let brand: { id: number };
let postSeq = 1000;
beforeAll(async () => {
  app = await startApp();
  ({ manager, otherManager, brand } = await twoBrands(app));
});
afterAll(async () => {
  await app?.close();
});

it('counts matching posts from domain events, completes exactly once, with a per-challenge leaderboard', async () => {
  const created = await manager.api.post(
    '/challenges',
    challengeBody(brand.id, { steps: [{ action: 'post.created', count: 2, categoryId: 7, tag: 'coffee' }] }),
  );
  expect(created.status).toBe(201);
  const id = created.body.id as number;
  expect((await published(app, 'challenge.created')).some((e) => e.challengeId === id)).toBe(true);

  const a = await makeMember(app);
  const b = await makeMember(app);
  // not joined: nothing counts
  await publish(app, 'post.created', postCreated(++postSeq, a.id, { categoryId: 7, tags: ['coffee'] }));
  expect((await a.api.post(`/challenges/${id}/join`)).status).toBe(200);
  expect((await b.api.post(`/challenges/${id}/join`)).status).toBe(200);
  expect((await published(app, 'challenge.joined')).filter((e) => e.challengeId === id)).toHaveLength(2);

  // wrong category / missing tag: not counted
  await publish(app, 'post.created', postCreated(++postSeq, a.id, { categoryId: 8, tags: ['coffee'] }));
  await publish(app, 'post.created', postCreated(++postSeq, a.id, { categoryId: 7, tags: [] }));
  expect((await a.api.get(`/challenges/${id}`)).body.me).toMatchObject({ joined: true, steps: [0], completed: false });

  const first = postCreated(++postSeq, a.id, { categoryId: 7, tags: ['coffee'] });
  await publish(app, 'post.created', first);
  await publish(app, 'post.created', first); // redelivered: counted once
  expect((await a.api.get(`/challenges/${id}`)).body.me).toMatchObject({ steps: [1], total: 1, completed: false });
  await publish(app, 'post.created', postCreated(++postSeq, a.id, { categoryId: 7, tags: ['coffee', 'x'] }));
  await publish(app, 'post.created', postCreated(++postSeq, a.id, { categoryId: 7, tags: ['coffee'] }));
  const me = (await a.api.get(`/challenges/${id}`)).body.me;
  expect(me).toMatchObject({ steps: [2], completed: true });

  const completions = (await published(app, 'challenge.completed')).filter((e) => e.challengeId === id);
  expect(completions).toEqual([expect.objectContaining({ userId: a.id, points: 50, brandId: brand.id, badgeId: null })]);

  await publish(app, 'post.created', postCreated(++postSeq, b.id, { categoryId: 7, tags: ['coffee'] }));
  const board = await anonymous(app).get(`/challenges/${id}/leaderboard?limit=1`);
  expect(board.body.items).toEqual([expect.objectContaining({ rank: 1, userId: a.id, total: 2 })]);
  const rest = await anonymous(app).get(`/challenges/${id}/leaderboard?cursor=${board.body.nextCursor}`);
  expect(rest.body.items).toEqual([expect.objectContaining({ rank: 2, userId: b.id, total: 1 })]);
  const notes = await a.api.get('/notifications');
  expect(notes.body.items.map((n: { kind: string }) => n.kind)).toContain('challenge_completed');
});

it('lets only the brand manager (or an admin) create and review; others get 404', async () => {
  expect((await otherManager.api.post('/challenges', challengeBody(brand.id))).status).toBe(404);
  const plain = await makeMember(app);
  expect((await plain.api.post('/challenges', challengeBody(brand.id))).status).toBe(404);
  expect((await plain.api.post('/challenges', challengeBody(undefined))).status).toBe(404);
  const admin = await makeMember(app, { role: 'admin' });
  expect((await admin.api.post('/challenges', challengeBody(undefined))).status).toBe(201);
  expect((await manager.api.post('/challenges', challengeBody(brand.id, { steps: [] }))).status).toBe(400);
  expect((await manager.api.post('/challenges', challengeBody(brand.id, { endsAt: hoursFromNow(-2) }))).status).toBe(400);
});

/** A running `steps` challenge of the brand. */
const stepsChallenge = (steps: { action: string; count: number }[]) => manager.api.post('/challenges', challengeBody(brand.id, { kind: 'steps', steps }));

it('runs a multi-step challenge and a streak', async () => {
  const steps = await stepsChallenge([
    { action: 'reaction.added', count: 1 },
    { action: 'chat.message_sent', count: 2 },
  ]);
  const m = await makeMember(app);
  await m.api.post(`/challenges/${steps.body.id}/join`);
  await publish(app, 'chat.message_sent', { messageId: 1, channelId: 1, authorId: m.id, brandId: null });
  await publish(app, 'chat.message_sent', { messageId: 2, channelId: 1, authorId: m.id, brandId: null });
  await publish(app, 'chat.message_sent', { messageId: 3, channelId: 1, authorId: m.id, brandId: null });
  expect((await m.api.get(`/challenges/${steps.body.id}`)).body.me).toMatchObject({ steps: [0, 2], completed: false });
  await publish(app, 'reaction.added', { postId: 5, authorId: 1, reactorId: m.id, reaction: 'like', categoryId: 1, brandId: null });
  expect((await m.api.get(`/challenges/${steps.body.id}`)).body.me).toMatchObject({ steps: [1, 2], completed: true });

  const streak = await manager.api.post(
    '/challenges',
    challengeBody(brand.id, { kind: 'streak', streakDays: 3, steps: [{ action: 'post.created', count: 1 }] }),
  );
  const s = await makeMember(app);
  await s.api.post(`/challenges/${streak.body.id}/join`);
  const db = app.get(Db);
  const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
  // yesterday's run was 2 days long: today's post makes it 3
  await db.ds.query(`UPDATE challenge_participants SET progress = '[2]', total = 2, last_day = $3 WHERE challenge_id = $1 AND user_id = $2`, [
    streak.body.id,
    s.id,
    day(1),
  ]);
  await publish(app, 'post.created', postCreated(++postSeq, s.id));
  expect((await s.api.get(`/challenges/${streak.body.id}`)).body.me).toMatchObject({ steps: [3], completed: true });

  // a broken run starts again at 1
  const t = await makeMember(app);
  await t.api.post(`/challenges/${streak.body.id}/join`);
  await db.ds.query(`UPDATE challenge_participants SET progress = '[2]', total = 2, last_day = $3 WHERE challenge_id = $1 AND user_id = $2`, [
    streak.body.id,
    t.id,
    day(3),
  ]);
  await publish(app, 'post.created', postCreated(++postSeq, t.id));
  await publish(app, 'post.created', postCreated(++postSeq, t.id)); // same day: still 1
  expect((await t.api.get(`/challenges/${streak.body.id}`)).body.me).toMatchObject({ steps: [1], completed: false });
});

it('keeps quiz answers on the server and limits attempts', async () => {
  const quiz = await manager.api.post(
    '/challenges',
    challengeBody(brand.id, {
      kind: 'quiz',
      steps: undefined,
      maxAttempts: 2,
      passScore: 2,
      quiz: [
        { prompt: 'Q1', promptAr: 'س1', options: ['a', 'b'], optionsAr: ['أ', 'ب'], correct: 1 },
        { prompt: 'Q2', promptAr: 'س2', options: ['a', 'b', 'c'], optionsAr: ['أ', 'ب', 'ج'], correct: 2 },
      ],
    }),
  );
  expect(quiz.status).toBe(201);
  const text = (await anonymous(app).get(`/challenges/${quiz.body.id}`)).text;
  expect(text).not.toContain('correct');
  const m = await makeMember(app);
  expect((await m.api.post(`/challenges/${quiz.body.id}/quiz`, { answers: [1, 0] })).body).toMatchObject({ score: 1, passed: false, attemptsLeft: 1 });
  expect((await m.api.post(`/challenges/${quiz.body.id}/quiz`, { answers: [0, 0] })).body).toMatchObject({ score: 0, attemptsLeft: 0 });
  const third = await m.api.post(`/challenges/${quiz.body.id}/quiz`, { answers: [1, 2] });
  expect(third.status).toBe(409);
  expect(third.body.code).toBe('engagement.no_attempts_left');

  const n = await makeMember(app);
  expect((await n.api.post(`/challenges/${quiz.body.id}/quiz`, { answers: [1, 2] })).body).toMatchObject({ passed: true, completed: true });
  expect((await n.api.post(`/challenges/${quiz.body.id}/quiz`, { answers: [1, 2] })).body.code).toBe('engagement.already_completed');
});

it('reviews submissions: reject with a reason, resubmit, approve once; other brands get 404', async () => {
  const ch = await manager.api.post('/challenges', challengeBody(brand.id, { kind: 'submission', steps: undefined }));
  const m = await makeMember(app);
  const sub = await m.api.post(`/challenges/${ch.body.id}/submissions`, { text: 'my photo story' });
  expect(sub.status).toBe(201);
  expect((await m.api.post(`/challenges/${ch.body.id}/submissions`, { text: 'again' })).status).toBe(409);
  expect((await otherManager.api.get(`/challenges/${ch.body.id}/submissions`)).status).toBe(404);
  expect((await otherManager.api.post(`/challenge-submissions/${sub.body.id}/review`, { approve: true })).status).toBe(404);
  expect((await manager.api.post(`/challenge-submissions/${sub.body.id}/review`, { approve: false })).status).toBe(400);
  const rejected = await manager.api.post(`/challenge-submissions/${sub.body.id}/review`, { approve: false, reason: 'blurry' });
  expect(rejected.body).toMatchObject({ status: 'rejected', reason: 'blurry' });
  expect((await manager.api.post(`/challenge-submissions/${sub.body.id}/review`, { approve: true })).status).toBe(409);
  const again = await m.api.post(`/challenges/${ch.body.id}/submissions`, { text: 'sharper' });
  expect(again.status).toBe(201);
  const list = await manager.api.get(`/challenges/${ch.body.id}/submissions?status=pending`);
  expect(list.body.items.map((s: { id: number }) => s.id)).toEqual([again.body.id]);
  expect((await manager.api.post(`/challenge-submissions/${again.body.id}/review`, { approve: true })).body.status).toBe('approved');
  expect((await m.api.get(`/challenges/${ch.body.id}`)).body.me).toMatchObject({ completed: true, submission: { status: 'approved' } });
  expect((await published(app, 'challenge.completed')).filter((e) => e.challengeId === ch.body.id)).toHaveLength(1);
});

it('completes a community goal for every contributor when the shared target is met', async () => {
  const ch = await manager.api.post(
    '/challenges',
    challengeBody(brand.id, { scope: 'community', communityTarget: 3, steps: [{ action: 'chat.message_sent', count: 1 }] }),
  );
  const [x, y, z] = [await makeMember(app), await makeMember(app), await makeMember(app)];
  for (const m of [x, y, z]) await m.api.post(`/challenges/${ch.body.id}/join`);
  await publish(app, 'chat.message_sent', { messageId: 101, channelId: 1, authorId: x.id, brandId: null });
  await publish(app, 'chat.message_sent', { messageId: 102, channelId: 1, authorId: x.id, brandId: null });
  expect((await x.api.get(`/challenges/${ch.body.id}`)).body).toMatchObject({ communityProgress: 2, me: { completed: false } });
  await publish(app, 'chat.message_sent', { messageId: 103, channelId: 1, authorId: y.id, brandId: null });
  const done = (await published(app, 'challenge.completed')).filter((e) => e.challengeId === ch.body.id).map((e) => e.userId);
  expect(done.sort()).toEqual([x.id, y.id].sort());
});

it('gates by membership age and window', async () => {
  const ch = await manager.api.post('/challenges', challengeBody(brand.id, { minMemberDays: 30 }));
  const young = await makeMember(app, { createdDaysAgo: 2 });
  const res = await young.api.post(`/challenges/${ch.body.id}/join`);
  expect(res.status).toBe(403);
  expect(res.body.code).toBe('engagement.too_new');
  const later = await manager.api.post('/challenges', challengeBody(brand.id, { startsAt: hoursFromNow(5), endsAt: hoursFromNow(6) }));
  expect((await young.api.post(`/challenges/${later.body.id}/join`)).body.code).toBe('engagement.not_started');
});

it('pushes live progress to the member\'s sockets', async () => {
  const ch = await manager.api.post('/challenges', challengeBody(brand.id, { steps: [{ action: 'chat.message_sent', count: 2 }] }));
  const m = await makeMember(app);
  await m.api.post(`/challenges/${ch.body.id}/join`);
  const socket = await connect(app.url, { token: m.api.bearer });
  try {
    const first = next(socket, 'challenge:progress');
    await publish(app, 'chat.message_sent', { messageId: 9001, channelId: 1, authorId: m.id, brandId: null });
    expect(await first).toEqual({ challengeId: ch.body.id, steps: [1], total: 1, completed: false, communityProgress: 0 });
    const second = next(socket, 'challenge:progress');
    await publish(app, 'chat.message_sent', { messageId: 9002, channelId: 1, authorId: m.id, brandId: null });
    expect(await second).toMatchObject({ steps: [2], completed: true });
  } finally {
    socket.close();
  }
});

const removed = (postId: number, authorId: number) => ({ postId, topicId: 1, authorId, reason: 'hidden' as const, actorId: null });
const restored = (postId: number, authorId: number) => ({ postId, topicId: 1, authorId, actorId: null });

it('a removed post or deleted message stops counting toward an incomplete challenge, a restored post counts again; a completion stays', async () => {
  const ch = await stepsChallenge([
    { action: 'post.created', count: 2 },
    { action: 'chat.message_sent', count: 1 },
  ]);
  const id = ch.body.id as number;
  const m = await makeMember(app);
  await m.api.post(`/challenges/${id}/join`);
  const me = async () => (await m.api.get(`/challenges/${id}`)).body.me;
  const socket = await connect(app.url, { token: m.api.bearer });
  try {
    const [p1, p2, p3] = [++postSeq, ++postSeq, ++postSeq];
    await publish(app, 'post.created', postCreated(p1, m.id));
    expect(await me()).toMatchObject({ steps: [1, 0], total: 1 });

    // hidden: no longer counts, and the live progress says so; a second removal changes nothing
    const pushed = next(socket, 'challenge:progress');
    await publish(app, 'post.removed', removed(p1, m.id));
    expect(await pushed).toEqual({ challengeId: id, steps: [0, 0], total: 0, completed: false, communityProgress: 0 });
    await publish(app, 'post.removed', { ...removed(p1, m.id), reason: 'deleted' });
    expect(await me()).toMatchObject({ steps: [0, 0], total: 0, completed: false });

    // restored: counts again
    await publish(app, 'post.restored', restored(p1, m.id));
    expect(await me()).toMatchObject({ steps: [1, 0], total: 1 });

    // removed before its creation is handled, and a message deleted before its sending is handled: never counted
    await emitOutOfOrder(
      app,
      [
        { type: 'post.created', payload: postCreated(p2, m.id) },
        { type: 'post.removed', payload: removed(p2, m.id) },
        { type: 'chat.message_sent', payload: { messageId: 8101, channelId: 1, authorId: m.id, brandId: null } },
        { type: 'chat.message_deleted', payload: { messageId: 8101, channelId: 1, authorId: m.id, actorId: m.id, brandId: null } },
      ],
      [1, 3, 0, 2],
    );
    expect(await me()).toMatchObject({ steps: [1, 0], total: 1, completed: false });
    await publish(app, 'chat.message_sent', { messageId: 8102, channelId: 1, authorId: m.id, brandId: null });
    await publish(app, 'chat.message_deleted', { messageId: 8102, channelId: 1, authorId: m.id, actorId: m.id, brandId: null });
    expect(await me()).toMatchObject({ steps: [1, 0], total: 1, completed: false });

    // completed: the completion happened once and stays, whatever is removed afterwards
    await publish(app, 'post.restored', restored(p2, m.id));
    await publish(app, 'chat.message_sent', { messageId: 8103, channelId: 1, authorId: m.id, brandId: null });
    expect(await me()).toMatchObject({ steps: [2, 1], total: 3, completed: true });
    await publish(app, 'post.removed', removed(p1, m.id));
    await publish(app, 'post.created', postCreated(p3, m.id));
    expect(await me()).toMatchObject({ steps: [2, 1], total: 3, completed: true });
    expect((await published(app, 'challenge.completed')).filter((e) => e.challengeId === id)).toHaveLength(1);
  } finally {
    socket.close();
  }
});

it('a community goal loses a removed contribution until its target is met, and completes once', async () => {
  const ch = await manager.api.post(
    '/challenges',
    challengeBody(brand.id, { scope: 'community', communityTarget: 3, steps: [{ action: 'post.created', count: 1 }] }),
  );
  const id = ch.body.id as number;
  const [x, y] = [await makeMember(app), await makeMember(app)];
  for (const m of [x, y]) await m.api.post(`/challenges/${id}/join`);
  const [a, b, c] = [++postSeq, ++postSeq, ++postSeq];
  await publish(app, 'post.created', postCreated(a, x.id));
  await publish(app, 'post.created', postCreated(b, y.id));
  expect((await x.api.get(`/challenges/${id}`)).body).toMatchObject({ communityProgress: 2, me: { total: 1 } });
  await publish(app, 'post.removed', removed(a, x.id));
  expect((await x.api.get(`/challenges/${id}`)).body).toMatchObject({ communityProgress: 1, me: { steps: [0], total: 0, completed: false } });
  await publish(app, 'post.created', postCreated(c, y.id));
  expect((await published(app, 'challenge.completed')).filter((e) => e.challengeId === id)).toHaveLength(0);
  // restored: the third contribution, the target is met and both contributors complete
  await publish(app, 'post.restored', restored(a, x.id));
  const done = (await published(app, 'challenge.completed')).filter((e) => e.challengeId === id).map((e) => e.userId);
  expect(done.sort()).toEqual([x.id, y.id].sort());
  await publish(app, 'post.removed', removed(b, y.id));
  expect((await y.api.get(`/challenges/${id}`)).body).toMatchObject({ communityProgress: 3, me: { completed: true } });
});
