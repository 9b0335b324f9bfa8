import { startApp, type TestApp } from './support/app';
import { anonymous, cookieClient, makeBrand, makeMember, type Member } from './support/factories';
import { makeCategory, makeTopic, outbox, reply, settle } from './support/forum';

let app: TestApp;
let admin: Member;
let mod: Member;
let alice: Member;
let bob: Member;
beforeAll(async () => {
  app = await startApp();
  admin = await makeMember(app, { role: 'admin' });
  mod = await makeMember(app, { role: 'moderator' });
  alice = await makeMember(app);
  bob = await makeMember(app);
});
afterAll(async () => {
  await app?.close();
});

const audit = async (action: string) => (await admin.api.get(`/admin/audit?action=${action}`)).body.items;

it('reports go to a queue with counts; resolving hides the post, tells its author, emits a reversal and is audited', async () => {
  const c = await makeCategory(app);
  const t = await makeTopic(alice, c.id);
  const bad = await reply(bob, t.id, 'buy cheap followers');
  const carol = await makeMember(app);
  expect((await alice.api.post(`/forum/posts/${bad}/reports`, { reason: 'spam', note: 'advertising' })).status).toBe(201);
  expect((await alice.api.post(`/forum/posts/${bad}/reports`, { reason: 'spam' })).status).toBe(409);
  expect((await carol.api.post(`/forum/posts/${bad}/reports`, { reason: 'abuse' })).status).toBe(201);
  expect((await bob.api.post(`/forum/posts/${bad}/reports`, { reason: 'spam' })).status).toBe(403);
  expect((await carol.api.post(`/forum/posts/${bad}/reports`, { reason: 'rude' })).status).toBe(400);

  expect((await alice.api.get('/forum/moderation/reports')).status).toBe(403);
  const queue = await mod.api.get('/forum/moderation/reports');
  const mine = queue.body.items.filter((r: { post: { id: number } }) => r.post.id === bad);
  expect(mine).toHaveLength(2);
  expect(mine[1]).toMatchObject({ reason: 'spam', note: 'advertising', reportCount: 2, reporter: { id: alice.id }, post: { topicId: t.id, author: { id: bob.id } } });

  const res = await mod.api.post(`/forum/moderation/reports/${mine[0].id}/resolve`, { action: 'hide', reason: 'spam link' });
  expect(res.body).toEqual({ resolved: 2 });
  expect((await mod.api.get('/forum/moderation/reports')).body.items.filter((r: { post: { id: number } }) => r.post.id === bad)).toEqual([]);
  const seen = (await carol.api.get(`/forum/topics/${t.id}/posts`)).body.items[1];
  expect(seen).toMatchObject({ status: 'hidden', cooked: '' });
  expect((await mod.api.get(`/forum/topics/${t.id}/posts`)).body.items[1].cooked).toContain('cheap followers');
  expect((await outbox(app, 'post.removed')).find((e) => e.postId === bad)).toMatchObject({ reason: 'hidden', actorId: mod.id, authorId: bob.id });
  const note = (await bob.api.get('/notifications')).body.items.find((n: { kind: string }) => n.kind === 'moderation');
  expect(note.data).toMatchObject({ action: 'hidden', postId: bad, reason: 'spam link' });
  expect((await audit('forum.')).map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['forum.post_hide', 'forum.report_resolve']));
  const entry = (await audit('forum.post_hide'))[0];
  expect(entry).toMatchObject({ actorId: mod.id, targetId: bad, reason: 'spam link' });

  expect((await mod.api.post(`/forum/posts/${bad}/restore`, {})).status).toBe(204);
  expect((await carol.api.get(`/forum/topics/${t.id}/posts`)).body.items[1].status).toBe('visible');
});

it('resolving a report by "delete" removes the post, closes every report on it, tells its author and is audited', async () => {
  const c = await makeCategory(app);
  const t = await makeTopic(alice, c.id);
  const bad = await reply(bob, t.id, 'a scam link to delete');
  const carol = await makeMember(app);
  expect((await alice.api.post(`/forum/posts/${bad}/reports`, { reason: 'spam' })).status).toBe(201);
  expect((await carol.api.post(`/forum/posts/${bad}/reports`, { reason: 'abuse' })).status).toBe(201);
  const before = (await anonymous(app).get(`/forum/topics/${t.id}`)).body.replyCount;
  const open = (await mod.api.get('/forum/moderation/reports')).body.items.filter((r: { post: { id: number } }) => r.post.id === bad);
  expect(open).toHaveLength(2);

  const res = await mod.api.post(`/forum/moderation/reports/${open[1].id}/resolve`, { action: 'delete', reason: 'scam' });
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ resolved: 2 });
  const seen = (await carol.api.get(`/forum/topics/${t.id}/posts`)).body.items.find((p: { id: number }) => p.id === bad);
  expect(seen).toMatchObject({ status: 'deleted', cooked: '', raw: null });
  expect((await anonymous(app).get(`/forum/topics/${t.id}`)).body.replyCount).toBe(before - 1);
  const closed = (await mod.api.get('/forum/moderation/reports?status=resolved')).body.items.filter((r: { post: { id: number } }) => r.post.id === bad);
  expect(closed.map((r: { status: string }) => r.status)).toEqual(['resolved', 'resolved']);
  expect(closed[0].post.status).toBe('deleted');
  expect((await mod.api.get('/forum/moderation/reports')).body.items.filter((r: { post: { id: number } }) => r.post.id === bad)).toEqual([]);
  // a closed report cannot be resolved again
  expect((await mod.api.post(`/forum/moderation/reports/${open[0].id}/resolve`, { action: 'dismiss' })).status).toBe(409);

  const note = (await bob.api.get('/notifications')).body.items.find((n: { kind: string; data: { postId?: number } }) => n.kind === 'moderation' && n.data.postId === bad);
  expect(note.data).toMatchObject({ action: 'deleted', postId: bad, reason: 'scam' });
  expect((await outbox(app, 'post.removed')).find((e) => e.postId === bad)).toMatchObject({ reason: 'deleted', actorId: mod.id, authorId: bob.id });
  expect((await audit('forum.post_delete')).find((a: { targetId: number }) => a.targetId === bad)).toMatchObject({ actorId: mod.id, reason: 'scam' });
  expect((await audit('forum.report_resolve')).find((a: { targetId: number }) => a.targetId === bad)).toMatchObject({
    actorId: mod.id,
    reason: 'scam',
    data: { reportId: open[1].id, action: 'delete', reports: 2 },
  });
});

it('dismissing a report leaves the post up, closes its reports as dismissed, tells nobody and is audited', async () => {
  const c = await makeCategory(app);
  const t = await makeTopic(alice, c.id);
  const fine = await reply(bob, t.id, 'a perfectly fine opinion');
  expect((await alice.api.post(`/forum/posts/${fine}/reports`, { reason: 'abuse', note: 'I disagree' })).status).toBe(201);
  const before = (await bob.api.get('/notifications')).body.items.filter((n: { kind: string }) => n.kind === 'moderation').length;
  const open = (await mod.api.get('/forum/moderation/reports')).body.items.find((r: { post: { id: number } }) => r.post.id === fine);

  const res = await mod.api.post(`/forum/moderation/reports/${open.id}/resolve`, { action: 'dismiss', reason: 'not abuse' });
  expect(res.body).toEqual({ resolved: 1 });
  const seen = (await anonymous(app).get(`/forum/topics/${t.id}/posts`)).body.items.find((p: { id: number }) => p.id === fine);
  expect(seen).toMatchObject({ status: 'visible' });
  expect(seen.cooked).toContain('perfectly fine opinion');
  const dismissed = (await mod.api.get('/forum/moderation/reports?status=dismissed')).body.items.find((r: { post: { id: number } }) => r.post.id === fine);
  expect(dismissed).toMatchObject({ id: open.id, status: 'dismissed', post: { status: 'visible' } });
  expect((await mod.api.get('/forum/moderation/reports?status=resolved')).body.items.find((r: { post: { id: number } }) => r.post.id === fine)).toBeUndefined();
  expect((await mod.api.get('/forum/moderation/reports')).body.items.find((r: { post: { id: number } }) => r.post.id === fine)).toBeUndefined();

  await settle(app);
  expect((await bob.api.get('/notifications')).body.items.filter((n: { kind: string }) => n.kind === 'moderation')).toHaveLength(before);
  expect((await outbox(app, 'post.removed')).find((e) => e.postId === fine)).toBeUndefined();
  expect((await audit('forum.post_')).find((a: { targetId: number }) => a.targetId === fine)).toBeUndefined();
  expect((await audit('forum.report_resolve')).find((a: { targetId: number }) => a.targetId === fine)).toMatchObject({
    actorId: mod.id,
    reason: 'not abuse',
    data: { reportId: open.id, action: 'dismiss', reports: 1 },
  });
  // the same post can be reported again later, and then resolved differently
  expect((await alice.api.post(`/forum/posts/${fine}/reports`, { reason: 'spam' })).status).toBe(201);
});

it('pins, moves and locks topics; brand managers moderate only their brand categories', async () => {
  const manager = await makeMember(app);
  const brand = await makeBrand(app, [manager.id]);
  const a = await makeCategory(app, { brandId: brand.id });
  const b = await makeCategory(app, { brandId: brand.id });
  const outside = await makeCategory(app);
  const t = await makeTopic(alice, a.id);
  const o = await makeTopic(alice, outside.id);
  expect((await manager.api.post(`/forum/topics/${o.id}/lock`, { locked: true })).status).toBe(403);
  expect((await manager.api.post(`/forum/topics/${t.id}/pin`, { pinned: true })).status).toBe(204);
  expect((await manager.api.post(`/forum/topics/${t.id}/move`, { categoryId: outside.id })).status).toBe(400);
  expect((await manager.api.post(`/forum/topics/${t.id}/move`, { categoryId: b.id, reason: 'better fit' })).status).toBe(204);
  const moved = await anonymous(app).get(`/forum/topics/${t.id}`);
  expect(moved.body).toMatchObject({ pinned: true, category: { id: b.id } });
  expect((await anonymous(app).get(`/forum/categories/${a.id}`)).body.topicCount).toBe(0);
  expect((await anonymous(app).get(`/forum/categories/${b.id}`)).body.topicCount).toBe(1);
  const reports = await manager.api.get('/forum/moderation/reports');
  expect(reports.status).toBe(200);
  expect((await audit('forum.topic_move'))[0]).toMatchObject({ actorId: manager.id, targetId: t.id, reason: 'better fit', data: { from: a.id, to: b.id } });
});

it('suspends a member for a duration: their sessions end at once and sign-in is refused', async () => {
  const victim = await makeMember(app);
  const browser = await cookieClient(app, victim);
  expect((await browser.get('/me')).status).toBe(200);
  expect((await alice.api.post(`/forum/moderation/users/${victim.id}/suspend`, { hours: 24, reason: 'spam' })).status).toBe(403);
  expect((await mod.api.post(`/forum/moderation/users/${admin.id}/suspend`, { hours: 24, reason: 'nope' })).status).toBe(403);
  const s = await mod.api.post(`/forum/moderation/users/${victim.id}/suspend`, { hours: 24, reason: 'spam' });
  expect(s.status).toBe(200);
  expect(Date.parse(s.body.suspendedUntil)).toBeGreaterThan(Date.now() + 23 * 3600_000);
  expect((await victim.api.get('/me')).status).toBe(401);
  expect((await browser.get('/me')).status).toBe(401);
  const login = await anonymous(app).post('/auth/login', { email: victim.email, password: 'correct horse battery staple' });
  expect(login.status).toBe(403);
  expect((await outbox(app, 'member.suspended')).find((e) => e.userId === victim.id)).toMatchObject({ actorId: mod.id, reason: 'spam' });
  expect((await audit('member.suspend'))[0]).toMatchObject({ actorId: mod.id, targetId: victim.id, reason: 'spam' });
  expect((await mod.api.delete(`/forum/moderation/users/${victim.id}/suspension`)).body).toEqual({ userId: victim.id, suspendedUntil: null });
  expect((await anonymous(app).post('/auth/login', { email: victim.email, password: 'correct horse battery staple' })).status).toBe(200);
});

it('the word filter blocks or flags, in Arabic too', async () => {
  const c = await makeCategory(app);
  expect((await mod.api.post('/forum/moderation/word-filters', { word: 'scamcoin', action: 'block' })).status).toBe(201);
  const flag = await mod.api.post('/forum/moderation/word-filters', { word: 'احتيال', action: 'flag' });
  const blocked = await alice.api.post('/forum/topics', { categoryId: c.id, title: 'Try ScamCoin today', raw: 'hello' });
  expect(blocked.status).toBe(400);
  expect(blocked.body.errors[0]).toMatchObject({ field: 'title', code: 'forumBlockedWord' });
  const t = await makeTopic(alice, c.id, { title: 'سؤال', raw: 'هل هذا اِحْتِيَال؟' });
  const queue = (await mod.api.get('/forum/moderation/reports')).body.items;
  expect(queue.find((r: { post: { id: number } }) => r.post.id === t.postId)).toMatchObject({ reporter: null, note: 'word filter: احتيال' });
  expect((await mod.api.delete(`/forum/moderation/word-filters/${flag.body.id}`)).status).toBe(204);
  expect((await mod.api.get('/forum/moderation/word-filters')).body.map((w: { word: string }) => w.word)).toEqual(['scamcoin']);
});

it('slow mode and the posting limit answer 429; moderators are exempt', async () => {
  const slow = await makeCategory(app, { slowModeSeconds: 600 });
  const t = await makeTopic(mod, slow.id);
  const dan = await makeMember(app);
  expect((await dan.api.post(`/forum/topics/${t.id}/posts`, { raw: 'one' })).status).toBe(201);
  const again = await dan.api.post(`/forum/topics/${t.id}/posts`, { raw: 'two' });
  expect(again.status).toBe(429);
  expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(500);
  expect((await mod.api.post(`/forum/topics/${t.id}/posts`, { raw: 'mods are not slowed' })).status).toBe(201);

  const open = await makeCategory(app);
  const u = await makeTopic(mod, open.id);
  const eve = await makeMember(app);
  const statuses: number[] = [];
  for (let i = 0; i < 31; i++) statuses.push((await eve.api.post(`/forum/topics/${u.id}/posts`, { raw: `post ${i}` })).status);
  expect(statuses.slice(0, 30).every((s) => s === 201)).toBe(true);
  expect(statuses[30]).toBe(429);
});

it('first posts with links from new members wait for approval', async () => {
  const c = await makeCategory(app);
  const newbie = await makeMember(app, { createdDaysAgo: 0 });
  const res = await newbie.api.post('/forum/topics', { categoryId: c.id, title: 'Check my site', raw: 'see https://example.com' });
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ pending: true, topic: { status: 'pending' } });
  const topicId = res.body.topic.id;
  expect((await alice.api.get(`/forum/topics/${topicId}`)).status).toBe(404);
  expect((await newbie.api.get(`/forum/topics/${topicId}`)).status).toBe(200);
  expect((await outbox(app, 'topic.created')).find((e) => e.topicId === topicId)).toBeUndefined();

  expect((await alice.api.get('/forum/moderation/approvals')).status).toBe(403);
  const queue = await mod.api.get('/forum/moderation/approvals');
  const item = queue.body.items.find((a: { post: { topicId: number } }) => a.post.topicId === topicId);
  expect(item).toMatchObject({ topicTitle: 'Check my site', post: { status: 'pending', author: { id: newbie.id } } });
  expect((await mod.api.post(`/forum/moderation/approvals/${item.post.id}/approve`, {})).status).toBe(204);
  expect((await alice.api.get(`/forum/topics/${topicId}`)).status).toBe(200);
  expect((await outbox(app, 'post.created')).find((e) => e.postId === item.post.id)).toMatchObject({ isFirstPost: true, isTopicStart: true });
  await settle(app);
  expect((await newbie.api.get('/notifications')).body.items[0].data).toMatchObject({ action: 'approved' });

  // a second post with a link is no longer held; a post without links never is
  expect((await newbie.api.post(`/forum/topics/${topicId}/posts`, { raw: 'also http://example.org' })).body.pending).toBe(false);
  const other = await makeMember(app, { createdDaysAgo: 0 });
  expect((await other.api.post(`/forum/topics/${topicId}/posts`, { raw: 'no links' })).body.pending).toBe(false);
  const spam = await other.api.post(`/forum/topics/${topicId}/posts`, { raw: '[cheap](https://spam.example)' });
  expect(spam.body.pending).toBe(false); // not the first post any more

  const third = await makeMember(app, { createdDaysAgo: 1 });
  const held = await third.api.post(`/forum/topics/${topicId}/posts`, { raw: 'www.spam.example' });
  expect(held.body.pending).toBe(true);
  expect((await mod.api.post(`/forum/moderation/approvals/${held.body.post.id}/reject`, { reason: 'spam' })).status).toBe(204);
  expect((await audit('forum.post_reject'))[0]).toMatchObject({ targetId: held.body.post.id, reason: 'spam' });
});
