import { rows } from '../apps/api/src/common/sql';
import { Db } from '../apps/api/src/database/db.service';
import { startApp, type TestApp } from './support/app';
import { clientId, makeChannel } from './support/chat';
import { makeBrand, makeMember, PASSWORD, type Member } from './support/factories';
import { eventually } from './support/process';
import { connect, emitRaw, next, type TestSocket } from './support/sockets';

let app: TestApp;
const open: TestSocket[] = [];
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  for (const s of open) s.close();
  await app?.close();
});

async function sock(m: Member): Promise<TestSocket> {
  const s = await connect(app.url, { token: m.api.bearer });
  open.push(s);
  return s;
}
const send = (s: TestSocket, channelId: number, body: string, extra: Record<string, unknown> = {}) =>
  emitRaw(s, 'chat:send', { channelId, body, clientId: clientId(), ...extra });

describe('messages', () => {
  it('stores before the ack, delivers live to the room, dedupes retries by client id, and publishes chat.message_sent', async () => {
    const [a, b] = [await makeMember(app), await makeMember(app)];
    const ch = await makeChannel(app);
    const [sa, sb] = [await sock(a), await sock(b)];
    expect(await emitRaw(sb, 'chat:join', { channelId: ch.id })).toMatchObject({ ok: true, data: { channelId: ch.id } });
    const live = next(sb, 'chat:message');
    const cid = clientId();
    const ack = await emitRaw(sa, 'chat:send', { channelId: ch.id, body: '  hello there  ', clientId: cid });
    expect(ack).toMatchObject({ ok: true, data: { channelId: ch.id, body: 'hello there', author: { id: a.id }, clientId: cid } });
    const id = ack.ok && ack.data.id;
    // stored when acknowledged
    expect(await rows(app.get(Db).ds, `SELECT body FROM chat_messages WHERE id = $1`, [id])).toEqual([{ body: 'hello there' }]);
    expect(await live).toMatchObject({ id, body: 'hello there' });
    // the retry answers the same message, stored once, and pushes it again (the node that stored
    // it may have died before pushing it; clients merge by id)
    const pushedAgain = next(sb, 'chat:message');
    const again = await emitRaw(sa, 'chat:send', { channelId: ch.id, body: 'hello there', clientId: cid });
    expect(again).toMatchObject({ ok: true, data: { id } });
    expect(await pushedAgain).toMatchObject({ id, body: 'hello there' });
    const viaRest = await a.api.post(`/chat/channels/${ch.id}/messages`, { body: 'hello there', clientId: cid });
    expect(viaRest.body.id).toBe(id);
    expect(await rows(app.get(Db).ds, `SELECT count(*)::int AS n FROM chat_messages WHERE author_id = $1`, [a.id])).toEqual([{ n: 1 }]);
    const other = await makeChannel(app);
    expect(await emitRaw(sa, 'chat:send', { channelId: other.id, body: 'x', clientId: cid })).toMatchObject({
      ok: false,
      error: { status: 409 },
    });
    const [ev] = await rows<{ payload: { messageId: number } }>(
      app.get(Db).ds,
      `SELECT payload FROM outbox WHERE type = 'chat.message_sent' AND (payload->>'messageId')::bigint = $1`,
      [id],
    );
    expect(ev.payload).toEqual({ messageId: id, channelId: ch.id, authorId: a.id, brandId: null });
  });

  it("commits a channel's concurrent messages in id order, so they reach the room in id order", async () => {
    const senders = await Promise.all(Array.from({ length: 8 }, () => makeMember(app)));
    const reader = await makeMember(app);
    const ch = await makeChannel(app);
    const rs = await sock(reader);
    expect(await emitRaw(rs, 'chat:join', { channelId: ch.id })).toMatchObject({ ok: true });
    const seen: number[] = [];
    rs.on('chat:message', (m) => void seen.push(m.id));
    const socks = await Promise.all(senders.map((m) => sock(m)));
    const acks = await Promise.all(socks.flatMap((s, i) => Array.from({ length: 5 }, (_, k) => send(s, ch.id, `m${i}-${k}`))));
    expect(acks.every((a) => a.ok)).toBe(true);
    await eventually(async () => seen.length === 40);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it('pages history back, catches up since a last id, edits and deletes (author or moderator)', async () => {
    const [a, b] = [await makeMember(app), await makeMember(app)];
    const mod = await makeMember(app, { role: 'moderator' });
    const ch = await makeChannel(app);
    const ids: number[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await a.api.post(`/chat/channels/${ch.id}/messages`, { body: `m${i}`, clientId: clientId() })).body.id);
    const p1 = await b.api.get(`/chat/channels/${ch.id}/messages?limit=2`);
    expect(p1.body.items.map((m: { body: string }) => m.body)).toEqual(['m4', 'm3']);
    const p2 = await b.api.get(`/chat/channels/${ch.id}/messages?limit=10&cursor=${p1.body.nextCursor}`);
    expect(p2.body.items.map((m: { body: string }) => m.body)).toEqual(['m2', 'm1', 'm0']);
    expect(p2.body.nextCursor).toBeNull();
    const since = await b.api.get(`/chat/channels/${ch.id}/messages/since?after=${ids[2]}`);
    expect(since.body).toMatchObject({ items: [{ body: 'm3' }, { body: 'm4' }], more: false });
    const sb = await sock(b);
    const h = await emitRaw(sb, 'chat:history', { channelId: ch.id, before: ids[4], limit: 2 });
    expect(h).toMatchObject({ ok: true, data: { items: [{ body: 'm2' }, { body: 'm3' }], more: true } });

    expect((await b.api.patch(`/chat/messages/${ids[0]}`, { body: 'nope' })).status).toBe(403);
    expect((await a.api.patch(`/chat/messages/${ids[0]}`, { body: 'edited' })).body).toMatchObject({
      body: 'edited',
      editedAt: expect.any(String),
    });
    expect((await b.api.delete(`/chat/messages/${ids[1]}`)).status).toBe(403);
    await emitRaw(sb, 'chat:join', { channelId: ch.id });
    const upd = next(sb, 'chat:message_updated');
    expect((await mod.api.delete(`/chat/messages/${ids[1]}`)).body).toMatchObject({ body: null, deletedAt: expect.any(String) });
    expect(await upd).toMatchObject({ id: ids[1], body: null });
    expect((await a.api.delete(`/chat/messages/${ids[2]}`)).status).toBe(200);
  });

  it('counts unread messages and notifies mentioned members', async () => {
    const [a, b] = [await makeMember(app), await makeMember(app)];
    const ch = await makeChannel(app);
    const sb = await sock(b);
    await b.api.post(`/chat/channels/${ch.id}/read`, { messageId: 0 });
    const notified = next(sb, 'notification');
    const first = await a.api.post(`/chat/channels/${ch.id}/messages`, {
      body: `hi @${b.displayName}`,
      clientId: clientId(),
      mentions: [b.id, a.id],
    });
    expect(first.body.mentions).toEqual([b.id]);
    expect(await notified).toMatchObject({ kind: 'chat.mention', data: { channelId: ch.id, messageId: first.body.id } });
    await a.api.post(`/chat/channels/${ch.id}/messages`, { body: 'two', clientId: clientId() });
    const mine = (await b.api.get(`/chat/channels/${ch.id}`)).body;
    expect(mine).toMatchObject({ unread: 2, lastMessageId: expect.any(Number) });
    expect(await emitRaw(sb, 'chat:read', { channelId: ch.id, messageId: first.body.id })).toEqual({ ok: true, data: { unread: 1 } });
    expect((await a.api.get(`/chat/channels/${ch.id}`)).body.unread).toBe(0);
  });
});

describe('typing and presence', () => {
  it('tells the room who is typing and who is online', async () => {
    const [a, b] = [await makeMember(app), await makeMember(app)];
    const ch = await makeChannel(app);
    const [sa, sb] = [await sock(a), await sock(b)];
    expect(await emitRaw(sa, 'chat:typing', { channelId: ch.id })).toMatchObject({ ok: false, error: { status: 404 } });
    await emitRaw(sa, 'chat:join', { channelId: ch.id });
    const cameOnline = next(sa, 'presence');
    const joined = await emitRaw(sb, 'chat:join', { channelId: ch.id });
    expect(joined.ok && joined.data.online.map((p: { id: number }) => p.id).sort()).toEqual([a.id, b.id].sort());
    expect(await cameOnline).toMatchObject({ channelId: ch.id, user: { id: b.id }, online: true });
    const typing = next(sa, 'chat:typing');
    expect(await emitRaw(sb, 'chat:typing', { channelId: ch.id })).toMatchObject({ ok: true });
    expect(await typing).toEqual({ channelId: ch.id, user: { id: b.id, displayName: b.displayName } });
    const wentAway = next(sa, 'presence');
    sb.close();
    expect(await wentAway).toMatchObject({ user: { id: b.id }, online: false });
    expect((await a.api.get(`/chat/channels/${ch.id}/presence`)).body.online.map((p: { id: number }) => p.id)).toEqual([a.id]);
  });
});

describe('channels and moderation', () => {
  it('hides tier-gated and archived channels from members, and lets brand managers run their brand channels', async () => {
    const manager = await makeMember(app);
    const m = await makeMember(app);
    const mod = await makeMember(app, { role: 'moderator' });
    const brand = await makeBrand(app, [manager.id]);
    const created = await manager.api.post('/chat/channels', { kind: 'brand', brandId: brand.id, name: 'Fans', nameAr: 'المعجبون' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'brand', brandId: brand.id, canModerate: true });
    expect((await m.api.post('/chat/channels', { kind: 'community', name: 'x', nameAr: 'x' })).status).toBe(403);
    expect((await m.api.post('/chat/channels', { kind: 'brand', brandId: brand.id, name: 'x', nameAr: 'x' })).status).toBe(403);
    const gated = await makeChannel(app, { minTierRank: 2 });
    expect((await m.api.get(`/chat/channels/${gated.id}`)).status).toBe(404);
    expect((await mod.api.get(`/chat/channels/${gated.id}`)).status).toBe(200);
    const ids = async (who: Member) => {
      const all: number[] = [];
      let cursor = '';
      for (;;) {
        const page = await who.api.get(`/chat/channels?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
        all.push(...page.body.items.map((c: { id: number }) => c.id));
        if (!page.body.nextCursor) return all;
        cursor = page.body.nextCursor;
      }
    };
    expect(await ids(m)).toContain(created.body.id);
    expect(await ids(m)).not.toContain(gated.id);
    expect((await manager.api.patch(`/chat/channels/${created.body.id}`, { archived: true })).body.archived).toBe(true);
    expect((await m.api.get(`/chat/channels/${created.body.id}`)).status).toBe(404);
    expect((await manager.api.get(`/chat/channels/${created.body.id}`)).status).toBe(200);
  });

  it('lets a member send from several sockets at once when the channel has no slow mode', async () => {
    const m = await makeMember(app);
    const ch = await makeChannel(app);
    const sockets = [await sock(m), await sock(m), await sock(m)];
    const acks = await Promise.all(sockets.flatMap((s, i) => [0, 1, 2].map((j) => send(s, ch.id, `burst ${i}.${j}`))));
    expect(acks.filter((a) => !(a as { ok: boolean }).ok)).toEqual([]);
    const stored = await rows<{ n: number }>(app.get(Db).ds, `SELECT count(*)::int AS n FROM chat_messages WHERE channel_id = $1 AND author_id = $2`, [ch.id, m.id]);
    expect(stored[0].n).toBe(9);
  });

  it('forgets mutes with the account: the muted member’s reason goes, a deleted moderator’s mutes no longer name them', async () => {
    const [m, mod] = [await makeMember(app), await makeMember(app, { role: 'moderator' })];
    const target = await makeMember(app);
    const ch = await makeChannel(app);
    expect((await mod.api.post(`/chat/channels/${ch.id}/mutes`, { userId: m.id, minutes: 10, reason: 'shared a phone number' })).status).toBe(200);
    expect((await mod.api.post(`/chat/channels/${ch.id}/mutes`, { userId: target.id, minutes: 10, reason: 'spam' })).status).toBe(200);
    const mutes = () => rows<{ user_id: number; by_id: number | null }>(app.get(Db).ds, `SELECT user_id, by_id FROM chat_mutes WHERE channel_id = $1 ORDER BY user_id`, [ch.id]);
    expect((await m.api.delete('/me', { password: PASSWORD })).status).toBe(204);
    expect(await mutes()).toEqual([{ user_id: target.id, by_id: mod.id }]);
    expect((await mod.api.delete('/me', { password: PASSWORD })).status).toBe(204);
    // the mute itself stands (it is the channel's), without its author
    expect(await mutes()).toEqual([{ user_id: target.id, by_id: null }]);
  });

  it('mutes a member for a while and enforces slow mode (moderators exempt)', async () => {
    const [m, other] = [await makeMember(app), await makeMember(app)];
    const mod = await makeMember(app, { role: 'moderator' });
    const ch = await makeChannel(app);
    const sm = await sock(m);
    const told = next(sm, 'chat:muted');
    const muted = await mod.api.post(`/chat/channels/${ch.id}/mutes`, { userId: m.id, minutes: 10, reason: 'spam' });
    expect(muted.status).toBe(200);
    expect(await told).toMatchObject({ channelId: ch.id, until: muted.body.until });
    expect(await send(sm, ch.id, 'hello')).toMatchObject({ ok: false, error: { code: 'errors.chat.muted', status: 403 } });
    expect((await other.api.post(`/chat/channels/${ch.id}/mutes`, { userId: m.id, minutes: 10 })).status).toBe(403);
    // the mute and its reason are the member's personal data: in their export
    expect((await m.api.get('/me/export')).body.chat.mutes).toEqual([{ channel_id: ch.id, until: muted.body.until, reason: 'spam', created_at: expect.any(String) }]);
    expect((await mod.api.delete(`/chat/channels/${ch.id}/mutes/${m.id}`)).status).toBe(204);
    expect(await send(sm, ch.id, 'hello')).toMatchObject({ ok: true });

    expect((await mod.api.patch(`/chat/channels/${ch.id}`, { slowModeSeconds: 600 })).body.slowModeSeconds).toBe(600);
    // the member's last message was just now: slow mode counts from it
    expect(await send(sm, ch.id, 'too soon')).toMatchObject({ ok: false, error: { code: 'errors.chat.slow_mode' } });
    const so = await sock(other);
    expect(await send(so, ch.id, 'first')).toMatchObject({ ok: true });
    expect(await send(so, ch.id, 'too soon')).toMatchObject({ ok: false, error: { code: 'errors.chat.slow_mode', status: 429 } });
    const smod = await sock(mod);
    expect(await send(smod, ch.id, 'a')).toMatchObject({ ok: true });
    expect(await send(smod, ch.id, 'b')).toMatchObject({ ok: true });
  });

  it('lists who is muted to the channel moderators and lifts a mute early, audited and told to the member', async () => {
    const [manager, loud, louder, m] = [await makeMember(app), await makeMember(app), await makeMember(app), await makeMember(app)];
    const admin = await makeMember(app, { role: 'admin' });
    const ch = await makeChannel(app, { brandId: (await makeBrand(app, [manager.id])).id });
    expect((await manager.api.post(`/chat/channels/${ch.id}/mutes`, { userId: loud.id, minutes: 10, reason: 'spam' })).status).toBe(200);
    expect((await manager.api.post(`/chat/channels/${ch.id}/mutes`, { userId: louder.id, minutes: 60 })).status).toBe(200);

    const listed = await manager.api.get(`/chat/channels/${ch.id}/mutes`);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      { user: { id: loud.id, displayName: loud.displayName }, until: expect.any(String), reason: 'spam', by: { id: manager.id, displayName: manager.displayName } },
      { user: { id: louder.id, displayName: louder.displayName }, until: expect.any(String), reason: '', by: { id: manager.id, displayName: manager.displayName } },
    ]);
    expect((await m.api.get(`/chat/channels/${ch.id}/mutes`)).status).toBe(403);
    expect((await loud.api.get(`/chat/channels/${ch.id}/mutes`)).status).toBe(403);
    // keyset pages: the mute ending soonest first
    const first = await manager.api.get(`/chat/channels/${ch.id}/mutes?limit=1`);
    expect(first.body.items.map((x: { user: { id: number } }) => x.user.id)).toEqual([loud.id]);
    const second = await manager.api.get(`/chat/channels/${ch.id}/mutes?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body).toEqual({ items: [expect.objectContaining({ user: expect.objectContaining({ id: louder.id }) })], nextCursor: null });

    const sl = await sock(loud);
    expect(await send(sl, ch.id, 'let me talk')).toMatchObject({ ok: false, error: { code: 'errors.chat.muted' } });
    const told = next(sl, 'chat:unmuted');
    expect((await m.api.delete(`/chat/channels/${ch.id}/mutes/${loud.id}`)).status).toBe(403);
    expect((await manager.api.delete(`/chat/channels/${ch.id}/mutes/${loud.id}`)).status).toBe(204);
    expect(await told).toEqual({ channelId: ch.id });
    expect(await send(sl, ch.id, 'thanks')).toMatchObject({ ok: true });
    expect((await manager.api.get(`/chat/channels/${ch.id}/mutes`)).body.items.map((x: { user: { id: number } }) => x.user.id)).toEqual([louder.id]);
    // lifting a mute that is no longer there changes nothing and is not audited again
    expect((await manager.api.delete(`/chat/channels/${ch.id}/mutes/${loud.id}`)).status).toBe(204);

    const trail = (await admin.api.get('/admin/audit?action=chat.member_&limit=100')).body.items as { action: string; actorId: number; targetId: number; reason: string | null; data: Record<string, unknown> }[];
    const mine = trail.filter((e) => e.data.channelId === ch.id).reverse();
    expect(mine.map((e) => [e.action, e.actorId, e.targetId])).toEqual([
      ['chat.member_muted', manager.id, loud.id],
      ['chat.member_muted', manager.id, louder.id],
      ['chat.member_unmuted', manager.id, loud.id],
    ]);
  });

  it('opens an event channel once when an event is created', async () => {
    const m = await makeMember(app);
    const db = app.get(Db);
    const eventId = 900_000 + Math.floor(Math.random() * 1e5);
    for (let i = 0; i < 2; i++) {
      await db.tx((em) => db.publish(em, 'event.created', { eventId, brandId: null, title: 'Launch night', titleAr: 'ليلة الإطلاق' }));
    }
    await app.drain();
    const found = await rows<{ id: number }>(db.ds, `SELECT id FROM chat_channels WHERE event_id = $1`, [eventId]);
    expect(found).toHaveLength(1);
    expect((await m.api.get(`/chat/channels/${found[0].id}`)).body).toMatchObject({
      kind: 'event',
      eventId,
      name: 'Launch night',
      nameAr: 'ليلة الإطلاق',
    });
  });
});

describe('direct messages', () => {
  it('reach both members only, and blocking stops them', async () => {
    const [a, b, c] = [await makeMember(app), await makeMember(app), await makeMember(app)];
    const dm = await a.api.post('/chat/direct', { userId: b.id });
    expect(dm.body).toMatchObject({ kind: 'direct', peer: { id: b.id } });
    expect((await b.api.post('/chat/direct', { userId: a.id })).body.id).toBe(dm.body.id);
    expect((await c.api.get(`/chat/channels/${dm.body.id}`)).status).toBe(404);
    const [sb, sc] = [await sock(b), await sock(c)];
    const sa = await sock(a);
    expect(await emitRaw(sc, 'chat:join', { channelId: dm.body.id })).toMatchObject({ ok: false, error: { status: 404 } });
    const got = next(sb, 'chat:message');
    expect(await send(sa, dm.body.id, 'psst')).toMatchObject({ ok: true });
    expect(await got).toMatchObject({ body: 'psst', author: { id: a.id } });
    expect((await b.api.post('/chat/blocks', { userId: a.id })).status).toBe(204);
    expect(await send(sa, dm.body.id, 'again')).toMatchObject({ ok: false, error: { code: 'errors.chat.blocked' } });
    expect((await a.api.post('/chat/direct', { userId: b.id })).status).toBe(403);
    expect((await b.api.get('/chat/blocks')).body).toEqual([{ id: a.id, displayName: a.displayName }]);
    expect((await b.api.delete(`/chat/blocks/${a.id}`)).status).toBe(204);
    expect(await send(sa, dm.body.id, 'friends again')).toMatchObject({ ok: true });
  });
});

describe('demo', () => {
  it('seeds channels and messages once', async () => {
    const { seedDemo } = await import('../apps/api/src/demo/demo-seed');
    const count = async () =>
      (
        await rows<{ channels: number; messages: number }>(
          app.get(Db).ds,
          `SELECT (SELECT count(*)::int FROM chat_channels WHERE name IN ('Lounge', 'VIP corner', 'Qahwa House', 'Souq')) AS channels,
                (SELECT count(*)::int FROM chat_messages WHERE client_id LIKE 'demo-%') AS messages`,
        )
      )[0];
    await seedDemo(app.wala, app.config);
    const first = await count();
    expect(first).toEqual({ channels: 4, messages: 8 });
    await seedDemo(app.wala, app.config);
    expect(await count()).toEqual(first);
  });
});
