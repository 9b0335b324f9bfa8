import { startApp, type TestApp } from './support/app';
import { anonymous, makeBrand, makeMember, type Member } from './support/factories';
import { makeCategory, makeTopic, outbox, reply, settle } from './support/forum';
import { setTierRank } from './support/loyalty';
import { connect, emitRaw, next } from './support/sockets';

let app: TestApp;
let admin: Member;
let mod: Member;
let alice: Member;
let bob: Member;

beforeAll(async () => {
  app = await startApp();
  admin = await makeMember(app, { role: 'admin' });
  mod = await makeMember(app, { role: 'moderator' });
  alice = await makeMember(app, { displayName: 'Alice Stone' });
  bob = await makeMember(app, { displayName: 'Bob Reed' });
});
afterAll(async () => {
  await app?.close();
});

describe('categories', () => {
  it('admins create, order, nest one level, edit and delete categories; others may not', async () => {
    const parent = await admin.api.post('/admin/forum/categories', { slug: 'coffee-talk', name: 'Coffee talk', nameAr: 'حديث القهوة', position: 2 });
    expect(parent.status).toBe(201);
    expect(parent.body).toMatchObject({ slug: 'coffee-talk', nameAr: 'حديث القهوة', parentId: null, readAccess: 'everyone', canPost: true });
    const child = await admin.api.post('/admin/forum/categories', { slug: 'espresso', name: 'Espresso', nameAr: 'إسبريسو', parentId: parent.body.id });
    expect(child.status).toBe(201);
    // only one level: a sub-category cannot be a parent
    const grandchild = await admin.api.post('/admin/forum/categories', { slug: 'ristretto', name: 'R', nameAr: 'ر', parentId: child.body.id });
    expect(grandchild.status).toBe(400);
    expect((await admin.api.post('/admin/forum/categories', { slug: 'coffee-talk', name: 'x', nameAr: 'س' })).status).toBe(409);
    expect((await alice.api.post('/admin/forum/categories', { slug: 'mine', name: 'x', nameAr: 'س' })).status).toBe(403);

    const list = await anonymous(app).get('/forum/categories');
    const mine = list.body.find((c: { slug: string }) => c.slug === 'coffee-talk');
    expect(mine.children.map((c: { slug: string }) => c.slug)).toEqual(['espresso']);
    expect(mine.canPost).toBe(false);

    const edited = await admin.api.patch(`/admin/forum/categories/${child.body.id}`, { nameAr: 'إسبريسو مركز', slowModeSeconds: 30 });
    expect(edited.body).toMatchObject({ nameAr: 'إسبريسو مركز', slowModeSeconds: 30, parentId: parent.body.id });
    expect((await admin.api.delete(`/admin/forum/categories/${parent.body.id}`)).status).toBe(409);
    expect((await admin.api.delete(`/admin/forum/categories/${child.body.id}`)).status).toBe(204);
    expect((await admin.api.delete(`/admin/forum/categories/${parent.body.id}`)).status).toBe(204);
  });

  it('reads and posts by role, tier and brand; private topics are 404 like missing ones', async () => {
    const staffOnly = await makeCategory(app, { readAccess: 'staff' });
    const membersOnly = await makeCategory(app, { readAccess: 'members' });
    const announcements = await makeCategory(app, { postAccess: 'staff' });
    const gold = await makeCategory(app, { minTierRank: 3, name: 'Gold lounge' });
    const manager = await makeMember(app);
    const brand = await makeBrand(app, [manager.id]);
    const brandCat = await makeCategory(app, { brandId: brand.id, readAccess: 'staff' });

    const secret = await makeTopic(mod, staffOnly.id);
    expect((await alice.api.get(`/forum/topics/${secret.id}`)).status).toBe(404);
    expect((await alice.api.get(`/forum/topics/999999`)).status).toBe(404);
    expect((await mod.api.get(`/forum/topics/${secret.id}`)).status).toBe(200);
    expect((await alice.api.post(`/forum/topics/${secret.id}/posts`, { raw: 'hi' })).status).toBe(404);
    expect((await alice.api.post('/forum/topics', { categoryId: staffOnly.id, title: 'Let me in', raw: 'x' })).status).toBe(404);

    const inner = await makeTopic(alice, membersOnly.id);
    expect((await anonymous(app).get(`/forum/topics/${inner.id}`)).status).toBe(404);
    expect((await bob.api.get(`/forum/topics/${inner.id}`)).status).toBe(200);

    expect((await alice.api.post('/forum/topics', { categoryId: announcements.id, title: 'Not staff', raw: 'x' })).status).toBe(403);
    await makeTopic(mod, announcements.id);

    const lounge = await makeTopic(admin, gold.id, { title: 'Welcome to the lounge' });
    expect((await bob.api.get(`/forum/topics/${lounge.id}`)).status).toBe(404);
    await setTierRank(app, bob.id, 3);
    expect((await bob.api.get(`/forum/topics/${lounge.id}`)).status).toBe(200);
    expect((await bob.api.post(`/forum/topics/${lounge.id}/posts`, { raw: 'Gold at last' })).status).toBe(201);
    const listed = await bob.api.get('/forum/categories');
    expect(listed.body.some((c: { id: number }) => c.id === gold.id)).toBe(true);
    expect((await alice.api.get('/forum/categories')).body.some((c: { id: number }) => c.id === gold.id)).toBe(false);
    // the latest list does not leak unreadable topics
    const latest = await alice.api.get('/forum/topics?limit=100');
    expect(latest.body.items.map((t: { id: number }) => t.id)).not.toContain(lounge.id);
    expect(latest.body.items.map((t: { id: number }) => t.id)).not.toContain(secret.id);

    // a brand category: its managers read, post and moderate there
    const bt = await makeTopic(manager, brandCat.id, { title: 'From the brand team' });
    const page = await manager.api.get(`/forum/topics/${bt.id}`);
    expect(page.body).toMatchObject({ canModerate: true, canReply: true });
    const posts = await manager.api.get(`/forum/topics/${bt.id}/posts`);
    expect(posts.body.items[0].brandMark).toMatchObject({ brandId: brand.id, slug: brand.slug });
    expect((await alice.api.get(`/forum/topics/${bt.id}`)).status).toBe(404);
  });
});

describe('topics and posts', () => {
  it('validates titles and bodies with field errors', async () => {
    const c = await makeCategory(app);
    const empty = await alice.api.post('/forum/topics', { categoryId: c.id, title: '', raw: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['raw', 'title']);
    const big = await alice.api.post('/forum/topics', { categoryId: c.id, title: 'x'.repeat(201), raw: 'y'.repeat(20001) });
    expect(big.status).toBe(400);
    expect(big.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`).sort()).toEqual(['raw:maxLength', 'title:maxLength']);
    expect((await anonymous(app).post('/forum/topics', { categoryId: c.id, title: 'Hello there', raw: 'x' })).status).toBe(401);
  });

  it('cooks markdown safely, links mentions, notifies replies, quotes, mentions and followers', async () => {
    const c = await makeCategory(app);
    const t = await makeTopic(alice, c.id, {
      title: '<script>alert(1)</script> Brewing',
      raw: '**Bold** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)> hi @BobReed',
      tags: ['Pour Over', 'v60'],
    });
    const topic = await alice.api.get(`/forum/topics/${t.id}`);
    expect(topic.body.title).toBe('<script>alert(1)</script> Brewing'); // stored as text, escaped by the client
    expect(topic.body.tags).toEqual(['pour-over', 'v60']);
    const first = (await alice.api.get(`/forum/topics/${t.id}/posts`)).body.items[0];
    expect(first.cooked).toContain('<strong>Bold</strong>');
    expect(first.cooked).not.toMatch(/<script|<img|href="javascript|<[^>]*\son\w+=/i);
    expect(first.cooked).toContain(`href="/users/${bob.id}"`);

    await settle(app); // the opening post's notifications are behind us
    const follower = await makeMember(app);
    expect((await follower.api.put(`/forum/topics/${t.id}/subscription`)).body).toEqual({ subscribed: true });
    const r1 = await reply(bob, t.id, 'Great question', { replyToPostId: t.postId });
    const carol = await makeMember(app);
    const r2 = await reply(carol, t.id, '> Great question\n\nAgreed', { replyToPostId: r1, quotedPostId: r1 });
    await settle(app);

    const kinds = async (m: Member) => (await m.api.get('/notifications')).body.items.map((n: { kind: string }) => n.kind).sort();
    expect(await kinds(alice)).toEqual(['reply', 'watching']);
    expect(await kinds(bob)).toEqual(['mention', 'quote']);
    expect(await kinds(follower)).toEqual(['watching', 'watching']);
    const note = (await alice.api.get('/notifications')).body.items.find((n: { kind: string }) => n.kind === 'reply');
    expect(note.data).toMatchObject({ topicId: t.id, postId: r1, actorName: 'Bob Reed' });

    const created = await outbox(app, 'post.created');
    const ev = created.find((e) => e.postId === r1)!;
    expect(ev).toMatchObject({ topicId: t.id, authorId: bob.id, isTopicStart: false, replyToPostId: t.postId, replyToAuthorId: alice.id, tags: ['pour-over', 'v60'] });
    expect(created.find((e) => e.postId === t.postId)).toMatchObject({ isTopicStart: true });
    // carol's first post anywhere; bob posted before (the Gold lounge)
    expect(created.find((e) => e.postId === r2)).toMatchObject({ isFirstPost: true, replyToAuthorId: bob.id });
    expect(ev.isFirstPost).toBe(false);
    expect((await outbox(app, 'topic.created')).find((e) => e.topicId === t.id)).toMatchObject({ postId: t.postId, authorId: alice.id, categoryId: c.id });

    const after = await alice.api.get(`/forum/topics/${t.id}`);
    expect(after.body).toMatchObject({ replyCount: 2, highestPostNumber: 3, lastReadPostNumber: 1, unreadCount: 2 });
    expect(after.body.viewCount).toBeGreaterThanOrEqual(2);
    const cat = await anonymous(app).get(`/forum/categories/${c.id}`);
    expect(cat.body).toMatchObject({ topicCount: 1, postCount: 3 });
  });

  it('edits keep a visible history; only the author or a moderator edits; locked topics refuse replies', async () => {
    const c = await makeCategory(app);
    const t = await makeTopic(alice, c.id, { title: 'Original title', raw: 'first version' });
    expect((await bob.api.patch(`/forum/posts/${t.postId}`, { raw: 'hijacked' })).status).toBe(403);
    const e1 = await alice.api.patch(`/forum/posts/${t.postId}`, { raw: 'second *version*', title: 'Better title' });
    expect(e1.status).toBe(200);
    expect(e1.body).toMatchObject({ editCount: 1, cooked: '<p>second <em>version</em></p>\n' });
    await mod.api.patch(`/forum/posts/${t.postId}`, { raw: 'third version' });
    const hist = await anonymous(app).get(`/forum/posts/${t.postId}/revisions`);
    expect(hist.body.map((r: { revision: number; raw: string; title: string | null }) => [r.revision, r.raw, r.title])).toEqual([
      [1, 'first version', 'Original title'],
      [2, 'second *version*', null],
    ]);
    expect((await anonymous(app).get(`/forum/topics/${t.id}`)).body.title).toBe('Better title');

    expect((await alice.api.post(`/forum/topics/${t.id}/lock`, { locked: true })).status).toBe(403);
    expect((await mod.api.post(`/forum/topics/${t.id}/lock`, { locked: true, reason: 'heated' })).status).toBe(204);
    const refused = await bob.api.post(`/forum/topics/${t.id}/posts`, { raw: 'let me in' });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('forum.topic_locked');
    expect((await mod.api.post(`/forum/topics/${t.id}/posts`, { raw: 'Moderators still can' })).status).toBe(201);
  });

  it('soft deletes, reacts with a fixed set, counts and reverses through events', async () => {
    const c = await makeCategory(app);
    const t = await makeTopic(alice, c.id);
    const r = await reply(bob, t.id, 'to be removed');
    const liked = await alice.api.put(`/forum/posts/${r}/reactions/like`);
    expect(liked.body).toMatchObject({ reactions: { like: 1 }, myReactions: ['like'] });
    await alice.api.put(`/forum/posts/${r}/reactions/like`); // idempotent
    await alice.api.put(`/forum/posts/${r}/reactions/heart`);
    expect((await alice.api.put(`/forum/posts/${r}/reactions/angry`)).status).toBe(400);
    expect((await bob.api.put(`/forum/posts/${r}/reactions/like`)).status).toBe(403);
    const off = await alice.api.delete(`/forum/posts/${r}/reactions/heart`);
    expect(off.body.reactions).toEqual({ like: 1 });
    expect((await anonymous(app).get(`/forum/topics/${t.id}`)).body.reactionCount).toBe(1);
    expect((await outbox(app, 'reaction.added')).filter((e) => e.postId === r)).toHaveLength(2);
    expect((await outbox(app, 'reaction.removed')).filter((e) => e.postId === r)).toHaveLength(1);

    expect((await alice.api.delete(`/forum/posts/${r}`)).status).toBe(403);
    expect((await bob.api.delete(`/forum/posts/${r}`)).status).toBe(204);
    const posts = (await anonymous(app).get(`/forum/topics/${t.id}/posts`)).body.items;
    expect(posts[1]).toMatchObject({ status: 'deleted', cooked: '', raw: null });
    expect((await anonymous(app).get(`/forum/topics/${t.id}`)).body.replyCount).toBe(0);
    expect((await outbox(app, 'post.removed')).find((e) => e.postId === r)).toMatchObject({ reason: 'deleted', authorId: bob.id, actorId: bob.id });
    expect((await mod.api.post(`/forum/posts/${r}/restore`, { reason: 'mistake' })).status).toBe(204);
    expect((await anonymous(app).get(`/forum/topics/${t.id}`)).body.replyCount).toBe(1);
    expect((await outbox(app, 'post.restored')).find((e) => e.postId === r)).toMatchObject({ actorId: mod.id });

    // deleting the opening post takes the topic away
    expect((await alice.api.delete(`/forum/posts/${t.postId}`)).status).toBe(204);
    expect((await bob.api.get(`/forum/topics/${t.id}`)).status).toBe(404);
    expect((await mod.api.get(`/forum/topics/${t.id}`)).body.status).toBe('deleted');
  });

  it('question topics are solved by the author or the brand manager, with reversal events', async () => {
    const manager = await makeMember(app);
    const brand = await makeBrand(app, [manager.id]);
    const c = await makeCategory(app, { brandId: brand.id });
    const q = await makeTopic(alice, c.id, { kind: 'question', title: 'How do I redeem points?' });
    const a1 = await reply(bob, q.id, 'Try the rewards page');
    const a2 = await reply(manager, q.id, 'Official answer: rewards → redeem');
    expect((await bob.api.post(`/forum/topics/${q.id}/solution`, { postId: a1 })).status).toBe(403);
    const s1 = await alice.api.post(`/forum/topics/${q.id}/solution`, { postId: a1 });
    expect(s1.body).toMatchObject({ solved: true, acceptedPost: { id: a1 } });
    const s2 = await manager.api.post(`/forum/topics/${q.id}/solution`, { postId: a2 });
    expect(s2.body.acceptedPost).toMatchObject({ id: a2, brandMark: { brandId: brand.id } });
    expect((await outbox(app, 'post.accepted')).filter((e) => e.topicId === q.id).map((e) => e.postId)).toEqual([a1, a2]);
    expect((await outbox(app, 'post.unaccepted')).filter((e) => e.topicId === q.id).map((e) => e.postId)).toEqual([a1]);
    expect((await alice.api.delete(`/forum/topics/${q.id}/solution`)).body.solved).toBe(false);
    const d = await makeTopic(alice, c.id);
    const dr = await reply(bob, d.id);
    expect((await alice.api.post(`/forum/topics/${d.id}/solution`, { postId: dr })).status).toBe(409);
  });
});

describe('lists', () => {
  it('latest, top and unread, per category and overall, with keyset cursors', async () => {
    const parent = await makeCategory(app);
    const sub = await makeCategory(app, { parentId: parent.id });
    const reader = await makeMember(app);
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await makeTopic(alice, i % 2 ? sub.id : parent.id, { title: `List topic ${i}` })).id);
    await reply(bob, ids[1], 'bump'); // ids[1] becomes the newest
    await mod.api.post(`/forum/topics/${ids[3]}/pin`, { pinned: true });

    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: { id: number }[]; nextCursor: string | null } } = await reader.api.get(
        `/forum/topics?categoryId=${parent.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...res.body.items.map((t) => t.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([ids[3], ids[1], ids[4], ids[2], ids[0]]);
    const onlySub = await reader.api.get(`/forum/topics?categoryId=${sub.id}`);
    expect(onlySub.body.items.map((t: { id: number }) => t.id)).toEqual([ids[3], ids[1]]);

    for (const [i, r] of [[0, 'like'], [0, 'heart'], [2, 'like']] as const) {
      const first = (await reader.api.get(`/forum/topics/${ids[i]}/posts`)).body.items[0].id;
      await reader.api.put(`/forum/posts/${first}/reactions/${r}`);
    }
    const top = await reader.api.get(`/forum/topics?list=top&period=day&categoryId=${parent.id}&limit=2`);
    expect(top.body.items.map((t: { id: number }) => t.id)).toEqual([ids[0], ids[2]]);
    const top2 = await reader.api.get(`/forum/topics?list=top&period=day&categoryId=${parent.id}&limit=2&cursor=${top.body.nextCursor}`);
    expect(top2.body.items.map((t: { id: number }) => t.id)).toEqual([ids[1], ids[4]]);

    expect((await anonymous(app).get('/forum/topics?list=unread')).status).toBe(401);
    await reader.api.post(`/forum/topics/${ids[4]}/read`, { postNumber: 1 });
    await reader.api.post(`/forum/topics/${ids[1]}/read`, { postNumber: 1 });
    let unread = await reader.api.get(`/forum/topics?list=unread&categoryId=${parent.id}`);
    expect(unread.body.items.map((t: { id: number; unreadCount: number }) => [t.id, t.unreadCount])).toEqual([[ids[1], 1]]);
    expect((await reader.api.post(`/forum/topics/${ids[1]}/read`, { postNumber: 99 })).body).toEqual({ lastReadPostNumber: 2 });
    unread = await reader.api.get(`/forum/topics?list=unread&categoryId=${parent.id}`);
    expect(unread.body.items).toEqual([]);
    expect((await reader.api.get('/forum/topics?list=sideways')).status).toBe(400);
    expect((await reader.api.get('/forum/topics?cursor=nonsense')).status).toBe(400);
  });
});

describe('live', () => {
  it('sockets that joined a topic room hear of new posts; private topics refuse the join', async () => {
    const c = await makeCategory(app);
    const t = await makeTopic(alice, c.id);
    const socket = await connect(app.url, { token: bob.api.bearer });
    try {
      const joined = await emitRaw(socket, 'room:join', { kind: 'topic', id: String(t.id) });
      expect(joined).toMatchObject({ ok: true });
      const heard = next(socket, 'post:created');
      const r = await reply(alice, t.id, 'live reply');
      expect(await heard).toEqual({ topicId: t.id, postId: r, postNumber: 2 });

      const secret = await makeCategory(app, { readAccess: 'staff' });
      const s = await makeTopic(mod, secret.id);
      const refused = await emitRaw(socket, 'room:join', { kind: 'topic', id: String(s.id) });
      expect(refused).toMatchObject({ ok: false, error: { status: 404 } });
    } finally {
      socket.close();
    }
  });
});

describe('restricted notifications', () => {
  it('tells followers and mentioned members only while they may read the category', async () => {
    const gold = await makeCategory(app, { minTierRank: 3 });
    const vip = await makeMember(app, { displayName: 'Vip Reader' });
    const outsider = await makeMember(app, { displayName: 'Out Sider' });
    const staff = await makeMember(app, { role: 'moderator', displayName: 'Staff Person' });
    await setTierRank(app, vip.id, 3);
    const t = await makeTopic(admin, gold.id, { title: 'Lounge news' });
    expect((await vip.api.put(`/forum/topics/${t.id}/subscription`)).status).toBe(200);
    await reply(admin, t.id, 'first news @OutSider @StaffPerson');
    await settle(app);
    const kinds = async (m: Member) => (await m.api.get('/notifications')).body.items.map((n: { kind: string }) => n.kind);
    expect(await kinds(vip)).toEqual(['watching']);
    expect(await kinds(outsider)).toEqual([]);
    expect(await kinds(staff)).toEqual(['mention']);
    await setTierRank(app, vip.id, 0); // the tier is lost: no more news from the lounge
    await reply(admin, t.id, 'second news');
    await settle(app);
    expect(await kinds(vip)).toEqual(['watching']);
  });
});
