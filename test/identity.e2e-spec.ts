import { request as httpRequest } from 'node:http';
import sharp from 'sharp';
import { Db } from '../apps/api/src/database/db.service';
import { one, rows } from '../apps/api/src/common/sql';
import { startApp, type TestApp } from './support/app';
import { Client } from './support/client';
import { anonymous, cookieClient, makeMember, PASSWORD } from './support/factories';
import { makeCategory, makeTopic, reply } from './support/forum';
import { givePoints } from './support/loyalty';

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

/** GET from a chosen local address (127.0.0.2 is a client that is not the loopback address 127.0.0.1) */
function getFrom(url: string, localAddress: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { localAddress, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function pngForm(bytes: Buffer): FormData {
  const f = new FormData();
  f.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), 'avatar.png');
  return f;
}

const register = (c: Client, email: string, extra: Record<string, unknown> = {}) =>
  c.post('/auth/register', { email, password: 'a fine passphrase', displayName: 'Layla', ...extra });

async function adminMailbox(to: string): Promise<string> {
  const admin = await makeMember(app, { role: 'admin' });
  const res = await admin.api.get(`/admin/mails?to=${encodeURIComponent(to)}`);
  expect(res.status).toBe(200);
  return res.body.items.map((m: { text: string }) => m.text).join('\n');
}

describe('accounts and sessions', () => {
  it('registers, signs in with a cookie, reads /me, and the cookie dies at logout', async () => {
    const web = new Client(app.url);
    const reg = await register(web, 'Layla@Example.com', { locale: 'ar' });
    expect(reg.status).toBe(201);
    expect(reg.body.user).toMatchObject({ email: 'layla@example.com', displayName: 'Layla', role: 'member', locale: 'ar' });
    expect(reg.body.user).not.toHaveProperty('passwordHash');
    expect(reg.headers.getSetCookie().join(';')).toMatch(/wala_session=.*HttpOnly.*SameSite=Lax/i);

    const browser = new Client(app.url);
    const login = await browser.post('/auth/login', { email: 'layla@example.com', password: 'a fine passphrase' });
    expect(login.status).toBe(200);
    expect(login.body.csrfToken).toEqual(expect.any(String));
    const me = await browser.get('/me');
    expect(me.status).toBe(200);
    expect(me.body.email).toBe('layla@example.com');

    const cookie = browser.cookie;
    expect((await browser.post('/auth/logout')).status).toBe(204);
    const stale = new Client(app.url);
    stale.cookie = cookie;
    expect((await stale.get('/me')).status).toBe(401);
  });

  it('rotates the session at login: the cookie held before signing in no longer works', async () => {
    await register(new Client(app.url), 'rotate@example.com');
    const c = new Client(app.url);
    await c.post('/auth/login', { email: 'rotate@example.com', password: 'a fine passphrase' });
    const first = c.cookie;
    await c.post('/auth/login', { email: 'rotate@example.com', password: 'a fine passphrase' });
    expect(c.cookie).not.toBe(first);
    const old = new Client(app.url);
    old.cookie = first;
    expect((await old.get('/me')).status).toBe(401);
    expect((await c.get('/me')).status).toBe(200);
  });

  it('issues a bearer token that works until it is revoked', async () => {
    await register(new Client(app.url), 'api@example.com');
    const api = new Client(app.url);
    const t = await api.post('/auth/tokens', { email: 'api@example.com', password: 'a fine passphrase' });
    expect(t.status).toBe(201);
    expect(t.body.token).toMatch(/^wala_/);
    api.bearer = t.body.token;
    expect((await api.get('/me')).body.email).toBe('api@example.com');
    expect((await api.delete('/auth/tokens/current')).status).toBe(204);
    expect((await api.get('/me')).status).toBe(401);
  });

  it('treats a request carrying both a bearer token and a cookie as the bearer only', async () => {
    const a = await makeMember(app, { displayName: 'Bearer Owner' });
    const b = new Client(app.url);
    await register(b, 'cookieowner@example.com');
    b.bearer = a.api.bearer;
    const me = await b.get('/me');
    expect(me.body.id).toBe(a.id);
    // and a cookie write with the bearer needs no CSRF token: the cookie is ignored entirely
    b.csrf = null;
    const patched = await b.patch('/me', { bio: 'from the token' });
    expect(patched.status).toBe(200);
    expect(patched.body.id).toBe(a.id);
  });

  it('refuses a duplicate email with 409', async () => {
    await register(new Client(app.url), 'dup@example.com');
    const again = await register(new Client(app.url), 'DUP@example.com');
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(again.body).toMatchObject({ status: 409, code: 'auth.email_taken' });
  });

  it('answers weak passwords and malformed emails with field errors in the member language', async () => {
    const res = await new Client(app.url).post(
      '/auth/register',
      { email: 'not-an-email', password: 'short', displayName: 'X' },
      { 'accept-language': 'ar' },
    );
    expect(res.status).toBe(400);
    const fields = Object.fromEntries(res.body.errors.map((e: { field: string; message: string }) => [e.field, e.message]));
    expect(Object.keys(fields).sort()).toEqual(['displayName', 'email', 'password']);
    expect(fields.email).toMatch(/البريد/);
    const common = await register(new Client(app.url), 'weak@example.com', { password: 'password123' });
    expect(common.status).toBe(400);
    expect(common.body.errors[0]).toMatchObject({ field: 'password', code: 'isStrongPassword' });
  });

  it('rejects privileged fields in PATCH /me and leaves the role alone', async () => {
    const m = await makeMember(app);
    for (const body of [{ role: 'admin' }, { points: 1000 }, { displayName: 'Ok', brandId: 1 }]) {
      const res = await m.api.patch('/me', body);
      expect(res.status).toBe(400);
      expect(res.body.errors[0].code).toBe('unknown_field');
    }
    expect((await m.api.get('/me')).body.role).toBe('member');
  });

  it('lets the birthday be set once, then only by an admin', async () => {
    const m = await makeMember(app);
    expect((await m.api.patch('/me', { birthday: '1994-02-30' })).status).toBe(400);
    expect((await m.api.patch('/me', { birthday: '1994-03-19', timeZone: 'Asia/Riyadh' })).body).toMatchObject({
      birthday: '1994-03-19',
      timeZone: 'Asia/Riyadh',
    });
    expect((await m.api.patch('/me', { birthday: '1990-01-01' })).status).toBe(403);
    const admin = await makeMember(app, { role: 'admin' });
    const fixed = await admin.api.patch(`/admin/users/${m.id}/birthday`, { birthday: '1990-01-01' });
    expect(fixed.body).toMatchObject({ birthday: '1990-01-01' });
    expect(fixed.body.birthday).toBe('1990-01-01');
  });

  it('gives members 403 on admin routes and anonymous callers 401', async () => {
    const m = await makeMember(app);
    expect((await m.api.get('/admin/users')).status).toBe(403);
    expect((await new Client(app.url).get('/admin/users')).status).toBe(401);
    const admin = await makeMember(app, { role: 'admin' });
    expect((await admin.api.get('/admin/users?limit=1000000')).body.items.length).toBeLessThanOrEqual(100);
  });

  it('requires the CSRF token on cookie-authenticated writes', async () => {
    const c = new Client(app.url);
    await register(c, 'csrf@example.com');
    const token = c.csrf;
    c.csrf = null;
    const res = await c.patch('/me', { bio: 'no token' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('csrf');
    expect((await c.patch('/me', { bio: 'wrong' }, { 'x-csrf-token': 'x'.repeat(43) })).status).toBe(403);
    c.csrf = token;
    expect((await c.patch('/me', { bio: 'with token' })).status).toBe(200);
  });

  it('limits login attempts per account and IP with 429, while others still sign in', async () => {
    await register(new Client(app.url), 'victim@example.com');
    let last = 0;
    for (let i = 0; i < 6; i++) {
      last = (await new Client(app.url).post('/auth/login', { email: 'victim@example.com', password: 'wrong password!' })).status;
    }
    expect(last).toBe(429);
    const other = await makeMember(app);
    const ok = await new Client(app.url).post('/auth/login', { email: other.email, password: PASSWORD });
    expect(ok.status).toBe(200);
  });

  it('keeps a trusted device signing in while failures from many IPs lock the account; the block ends on its own', async () => {
    // behind a proxy, so each attempt can come from its own IP; in-process limits, so the clock can move
    const own = await startApp({ env: { TRUST_PROXY: 'true', REDIS_URL: '' } });
    const from = (ip: string, device: string | null = null) => Object.assign(new Client(own.url), { headers: { 'x-forwarded-for': ip }, device });
    const victim = { email: 'besieged@example.com', password: 'a fine passphrase' };
    const login = (c: Client, password = victim.password) => c.post('/auth/login', { ...victim, password });
    try {
      expect((await register(from('10.9.0.1'), victim.email)).status).toBe(201);
      expect((await register(from('10.9.0.1'), 'bystander@example.com')).status).toBe(201);
      const browser = from('10.9.0.2');
      const first = await login(browser);
      expect(first.status).toBe(200);
      expect(first.headers.getSetCookie().find((c) => c.startsWith('wala_device='))).toMatch(/HttpOnly/i);
      const tok = await from('10.9.0.3').post('/auth/tokens', victim);
      expect(tok.status).toBe(201);
      const deviceHeader = tok.headers.get('x-wala-device')!;
      expect(deviceHeader).toBeTruthy();
      const foreignDevice = (await from('10.9.0.4').post('/auth/tokens', { ...victim, email: 'bystander@example.com' })).headers.get('x-wala-device')!;
      const second = from('10.9.0.5');
      expect((await login(second)).status).toBe(200);

      // an attacker spreads 30 failures over 30 IPs: no per-IP limit trips, the account bucket does
      for (let i = 0; i < 30; i++) expect((await login(from(`10.66.${i}.1`), 'wrong password!')).status).toBe(401);
      const untrusted = await login(from('10.66.200.1'));
      expect(untrusted.status).toBe(429);
      expect(Number(untrusted.headers.get('retry-after'))).toBeGreaterThan(60);
      // the victim's own browser and API client still get in with the right password, from a new IP too
      const back = from('10.9.1.2', browser.device);
      expect((await login(back)).status).toBe(200);
      expect((await back.get('/me')).body.email).toBe(victim.email);
      expect((await from('10.9.1.3').post('/auth/tokens', victim, { 'x-wala-device': deviceHeader })).status).toBe(201);
      // a device token of another account, or a forged one, is no better than none
      expect((await from('10.9.1.5').post('/auth/login', victim, { 'x-wala-device': foreignDevice })).status).toBe(429);
      const forged = deviceHeader.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A'));
      expect((await from('10.9.1.6').post('/auth/login', victim, { 'x-wala-device': forged })).status).toBe(429);
      // a trusted device has its own failure limit: 10 wrong passwords, then it waits too (others do not)
      const guessing = from('10.9.2.1', second.device);
      for (let i = 0; i < 10; i++) expect((await login(guessing, 'wrong password!')).status).toBe(401);
      expect((await login(guessing)).status).toBe(429);
      expect((await login(back)).status).toBe(200);

      // once the account's window (1 h) has passed, every refusal has ended by itself
      const realNow = Date.now.bind(Date);
      const clock = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 61 * 60_000);
      try {
        expect((await login(from('10.66.201.1'))).status).toBe(200);
        expect((await login(guessing)).status).toBe(200);
      } finally {
        clock.mockRestore();
      }
    } finally {
      await own.close();
    }
  });

  it('resets a password by emailed one-time token; the token works once and old sessions end', async () => {
    const web = new Client(app.url);
    await register(web, 'forgot@example.com');
    expect((await new Client(app.url).post('/auth/password-reset', { email: 'forgot@example.com' })).status).toBe(202);
    expect((await new Client(app.url).post('/auth/password-reset', { email: 'nobody@example.com' })).status).toBe(202);
    const mail = await adminMailbox('forgot@example.com');
    const token = /reset-password\?token=([\w-]+)/.exec(mail)![1];
    expect(token.length).toBeGreaterThanOrEqual(43);
    const ok = await new Client(app.url).post('/auth/password-reset/confirm', { token, password: 'a brand new secret' });
    expect(ok.status).toBe(204);
    const again = await new Client(app.url).post('/auth/password-reset/confirm', { token, password: 'another new secret' });
    expect(again.status).toBe(400);
    expect((await web.get('/me')).status).toBe(401);
    const login = await new Client(app.url).post('/auth/login', { email: 'forgot@example.com', password: 'a brand new secret' });
    expect(login.status).toBe(200);
  });

  it('verifies the email address with the emailed link', async () => {
    const web = new Client(app.url);
    const reg = await register(web, 'verify@example.com');
    expect(reg.body.user.emailVerified).toBe(false);
    const token = /verify-email\?token=([\w-]+)/.exec(await adminMailbox('verify@example.com'))![1];
    expect((await new Client(app.url).post('/auth/verify-email', { token })).status).toBe(204);
    expect((await web.get('/me')).body.emailVerified).toBe(true);
    expect((await new Client(app.url).post('/auth/verify-email', { token })).status).toBe(400);
  });

  it('ends every other session when the password changes', async () => {
    const m = await makeMember(app);
    const second = await new Client(app.url).post('/auth/tokens', { email: m.email, password: PASSWORD });
    const other = new Client(app.url);
    other.bearer = second.body.token;
    const res = await m.api.post('/me/password', { currentPassword: PASSWORD, newPassword: 'completely different one' });
    expect(res.status).toBe(204);
    expect((await other.get('/me')).status).toBe(401);
    expect((await m.api.get('/me')).status).toBe(200);
  });

  it('exports personal data and deletes the account under a pseudonym', async () => {
    const m = await makeMember(app, { displayName: 'Soon Gone' });
    const exp = await m.api.get('/me/export');
    expect(exp.status).toBe(200);
    expect(exp.body.profile.email).toBe(m.email);
    expect((await m.api.delete('/me', { password: 'wrong one here' })).status).toBe(400);
    expect((await m.api.delete('/me', { password: PASSWORD })).status).toBe(204);
    expect((await m.api.get('/me')).status).toBe(401);
    const row = await one<{ email: string; display_name: string; password_hash: string | null }>(
      app.get(Db).ds,
      'SELECT email, display_name, password_hash FROM users WHERE id = $1',
      [m.id],
    );
    expect(row).toEqual({ email: `deleted-${m.id}@deleted.invalid`, display_name: `Former member #${m.id}`, password_hash: null });
    expect((await new Client(app.url).post('/auth/login', { email: m.email, password: PASSWORD })).status).toBe(401);
  });
});

describe('account deletion', () => {
  it('keeps the ledger under the pseudonym, removes personal data, blanks forum posts and keeps topic titles', async () => {
    const ds = app.get(Db).ds;
    const m = await makeMember(app, { displayName: 'Hana Personal' });
    const other = await makeMember(app);
    const web = await cookieClient(app, m);
    const up = await m.api.post('/uploads?kind=avatar', pngForm(await sharp({ create: { width: 64, height: 64, channels: 3, background: '#0f766e' } }).png().toBuffer()));
    expect(up.status).toBe(201);
    expect((await m.api.patch('/me', { avatarUploadId: up.body.id, bio: 'I live on Palm Street', birthday: '1990-04-02' })).status).toBe(200);
    await givePoints(app, m.id, 40);
    await givePoints(app, m.id, 15);
    const ledgerBefore = await one<{ n: number; s: number }>(ds, 'SELECT count(*)::int AS n, sum(delta)::int AS s FROM points_entries WHERE user_id = $1', [m.id]);
    expect(ledgerBefore).toEqual({ n: 2, s: 55 });
    const c = await makeCategory(app);
    const own = await makeTopic(m, c.id, { title: 'Hana asks about opening hours', raw: 'my phone is 0551234567' });
    const answer = await reply(other, own.id, 'Nine to five.');
    const elsewhere = await makeTopic(other, c.id, { title: 'Someone else started this' });
    const mine = await reply(m, elsewhere.id, 'my private remark zebra');
    const counts = async () => ({
      ownReplies: (await anonymous(app).get(`/forum/topics/${own.id}`)).body.replyCount,
      elsewhereReplies: (await anonymous(app).get(`/forum/topics/${elsewhere.id}`)).body.replyCount,
      categoryPosts: (await one<{ n: number }>(ds, 'SELECT post_count::int AS n FROM forum_categories WHERE id = $1', [c.id]))!.n,
    });
    expect(await counts()).toEqual({ ownReplies: 1, elsewhereReplies: 1, categoryPosts: 4 });

    expect((await m.api.delete('/me', { password: PASSWORD })).status).toBe(204);
    await app.drain();

    // the ledger is untouched: same entries, same sum, still on the (now pseudonymous) user
    expect(await one(ds, 'SELECT count(*)::int AS n, sum(delta)::int AS s FROM points_entries WHERE user_id = $1', [m.id])).toEqual(ledgerBefore);
    const row = await one<Record<string, unknown>>(
      ds,
      'SELECT email, display_name, bio, birthday, avatar_upload_id, password_hash, deleted_at IS NOT NULL AS deleted FROM users WHERE id = $1',
      [m.id],
    );
    expect(row).toEqual({
      email: `deleted-${m.id}@deleted.invalid`,
      display_name: `Former member #${m.id}`,
      bio: '',
      birthday: null,
      avatar_upload_id: null,
      password_hash: null,
      deleted: true,
    });
    expect(await one(ds, `SELECT count(*)::int AS n FROM uploads WHERE owner_id = $1 AND kind = 'avatar'`, [m.id])).toEqual({ n: 0 });
    expect(
      await one(ds, 'SELECT count(*)::int AS live, count(ip)::int AS ips, count(user_agent)::int AS agents FROM sessions WHERE user_id = $1 AND revoked_at IS NULL', [m.id]),
    ).toEqual({ live: 0, ips: 0, agents: 0 });
    expect(await one(ds, 'SELECT count(ip)::int AS ips, count(user_agent)::int AS agents FROM sessions WHERE user_id = $1', [m.id])).toEqual({ ips: 0, agents: 0 });
    expect((await web.get('/me')).status).toBe(401);
    const dump = JSON.stringify(await rows(ds, 'SELECT * FROM users WHERE id = $1', [m.id]));
    for (const secret of [m.email, 'Hana Personal', 'Palm Street', '1990-04-02']) expect(dump).not.toContain(secret);

    // forum: their posts are blanked everywhere; the title of the topic they started stays (docs/FORUM.md)
    const posts = await rows<{ raw: string; cooked: string; status: string }>(ds, 'SELECT raw, cooked, status FROM forum_posts WHERE author_id = $1', [m.id]);
    expect(posts).toHaveLength(2);
    for (const p of posts) expect(p).toEqual({ raw: '', cooked: '', status: 'deleted' });
    const topic = await anonymous(app).get(`/forum/topics/${own.id}`);
    expect(topic.status).toBe(200);
    expect(topic.body.title).toBe('Hana asks about opening hours');
    const thread = (await anonymous(app).get(`/forum/topics/${own.id}/posts`)).body.items;
    expect(thread.find((p: { id: number }) => p.id === own.postId)).toMatchObject({ cooked: '', author: { displayName: `Former member #${m.id}` } });
    expect(thread.find((p: { id: number }) => p.id === answer).cooked).toContain('Nine to five.');
    const there = (await anonymous(app).get(`/forum/topics/${elsewhere.id}/posts`)).body.items;
    expect(JSON.stringify(there)).not.toContain('zebra');
    expect(there.find((p: { id: number }) => p.id === mine)?.cooked ?? '').toBe('');
    expect((await anonymous(app).get('/forum/search?q=zebra')).body.items).toEqual([]);
    // the counters follow: their reply no longer counts; their blanked opening post stays the topic's head
    expect(await counts()).toEqual({ ownReplies: 1, elsewhereReplies: 0, categoryPosts: 2 });
  });
});

describe('API conventions', () => {
  it('answers errors as problem+json without stack traces', async () => {
    const c = new Client(app.url);
    const bad = await c.request('POST', '/auth/login', '{"email": ', {});
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/problem\+json/);
    expect(bad.text).not.toMatch(/at .*\.(js|ts):\d+/);
    const missing = await c.get('/no/such/route');
    expect(missing.status).toBe(404);
    expect(missing.body.type).toMatch(/^https:\/\//);
    const proto = await c.request('POST', '/auth/login', '{"__proto__": {"polluted": true}, "email": "a@b.co", "password": "x"}');
    expect(proto.status).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const big = await c.post('/auth/login', { email: 'a@b.co', password: 'x'.repeat(2 * 1024 * 1024) });
    expect(big.status).toBe(413);
    const id = await c.get('/users/1%20OR%201=1');
    expect(id.status).toBe(400);
    expect((await c.get('/users/-1')).status).toBe(400);
  });

  it('serves health, OpenAPI and security headers', async () => {
    const c = new Client(app.url);
    const h = await c.get('/api/health');
    expect(h.body).toMatchObject({ status: 'ok', database: 'ok' });
    const doc = await c.get('/api/docs-json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/register', '/api/v1/me']));
    expect(h.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(h.headers.get('x-content-type-options')).toBe('nosniff');
    expect(h.headers.get('x-request-id')).toBeTruthy();
  });

  it('serves /metrics from loopback or with the token, never because of X-Forwarded-For', async () => {
    const res = await new Client(app.url).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/wala_http_request_duration_seconds/);

    // a second app behind a trusted proxy, with a scrape token; 127.0.0.2 is not in the loopback set
    const token = 'metrics-token-0123456789';
    const proxied = await startApp({ env: { TRUST_PROXY: 'true', METRICS_TOKEN: token } });
    try {
      const scrape = (from: string, headers: Record<string, string> = {}) => getFrom(proxied.url + '/metrics', from, headers);
      expect((await scrape('127.0.0.1')).status).toBe(200);
      const remote = await scrape('127.0.0.2');
      expect(remote.status).toBe(403);
      expect(remote.body).not.toMatch(/wala_http_request_duration_seconds/);
      // claiming to be loopback through the proxy header does not help
      expect((await scrape('127.0.0.2', { 'x-forwarded-for': '127.0.0.1' })).status).toBe(403);
      expect((await scrape('127.0.0.2', { 'x-forwarded-for': '::1, 127.0.0.1' })).status).toBe(403);
      // the token opens it from anywhere; a wrong one or another scheme does not
      const byToken = await scrape('127.0.0.2', { authorization: `Bearer ${token}` });
      expect(byToken.status).toBe(200);
      expect(byToken.body).toMatch(/wala_http_request_duration_seconds/);
      expect((await scrape('127.0.0.2', { authorization: `Bearer ${token}x` })).status).toBe(403);
      expect((await scrape('127.0.0.2', { authorization: 'Bearer metrics-token-9876543210' })).status).toBe(403);
      expect((await scrape('127.0.0.2', { authorization: token })).status).toBe(403);
    } finally {
      await proxied.close();
    }
  });
});
