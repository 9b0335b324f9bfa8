/**
 * Session lifecycle (ASVS V7, OWASP API2): a new session at every login (the one held before
 * ends, no fixation), and the end of sessions at logout, password change, password reset,
 * suspension (by the moderation route) and account deletion — for cookie sessions and bearer tokens alike, judged on the
 * next request (401). Emailed tokens: 256-bit, stored only as a hash, single-use even under
 * concurrent use, expiring, voided by a newer one.
 */
import { one, rows } from '../../apps/api/src/common/sql';
import { Db } from '../../apps/api/src/database/db.service';
import { startApp, type TestApp } from '../support/app';
import { Client } from '../support/client';
import { cookieClient, makeMember, PASSWORD, type Member } from '../support/factories';
import { record } from './counts';
import { isWrite, operations, prepare } from './routes';
import { makeWorld } from './world';

let app: TestApp;
let admin: Member;
beforeAll(async () => {
  // behind a trusted proxy, each client below comes from its own address, so the per-IP limits
  // of login and reset (abuse.e2e-spec.ts) do not answer in place of the session rules
  app = await startApp({ env: { TRUST_PROXY: 'true' } });
  admin = await makeMember(app, { role: 'admin' });
});
afterAll(async () => {
  await app?.close();
});

let ip = 0;
const anon = () => {
  const c = new Client(app.url);
  c.headers['x-forwarded-for'] = `10.9.${Math.floor(++ip / 250)}.${ip % 250}`;
  return c;
};
let checks = 0;
afterAll(() => record('sessions: ended-session checks', checks));

/** A client holding an ended session is a stranger: 401 on reads and writes, cookie or token. */
async function expectEnded(c: Client, label: string) {
  const read = await c.get('/me');
  const write = await c.patch('/me', { bio: 'should not land' });
  const session = await c.get('/auth/session');
  checks += 3;
  expect({ label, read: read.status, write: write.status, session: session.status }).toEqual({ label, read: 401, write: 401, session: 401 });
}

async function expectLive(c: Client) {
  expect((await c.get('/me')).status).toBe(200);
}

/** Signs a member in the way the web and API clients do: a cookie session and a bearer token. */
async function signedIn(m: Member) {
  const web = anon();
  expect((await web.post('/auth/login', { email: m.email, password: PASSWORD })).status).toBe(200);
  const t = await anon().post('/auth/tokens', { email: m.email, password: PASSWORD });
  expect(t.status).toBe(201);
  const api = anon();
  api.bearer = t.body.token;
  return { web, api };
}

const copy = (c: Client) => Object.assign(anon(), { cookie: c.cookie, csrf: c.csrf, bearer: c.bearer });

describe('sessions rotate at login', () => {
  it('gives a new cookie and CSRF token at login and ends the one held before (no fixation)', async () => {
    const m = await makeMember(app);
    // an attacker plants a session of their own in the victim's browser, then the victim signs in
    const attacker = await makeMember(app);
    const planted = await cookieClient(app, attacker);
    const browser = copy(planted);
    const login = await browser.post('/auth/login', { email: m.email, password: PASSWORD });
    expect(login.status).toBe(200);
    expect(browser.cookie).not.toBe(planted.cookie);
    expect(login.body.csrfToken).not.toBe(planted.csrf);
    await expectEnded(planted, 'planted cookie after the victim signed in');
    expect((await browser.get('/me')).body.id).toBe(m.id);
    // and a second login rotates again
    const before = copy(browser);
    expect((await browser.post('/auth/login', { email: m.email, password: PASSWORD })).status).toBe(200);
    expect(browser.cookie).not.toBe(before.cookie);
    await expectEnded(before, 'cookie before the second login');
    await expectLive(browser);
  });

  it('gives each API token its own session, independent of the others', async () => {
    const m = await makeMember(app);
    const a = await signedIn(m);
    const b = await signedIn(m);
    expect(a.api.bearer).not.toBe(b.api.bearer);
    expect((await a.api.delete('/auth/tokens/current')).status).toBe(204);
    await expectEnded(a.api, 'revoked token');
    await expectLive(b.api);
    await expectLive(b.web);
  });
});

describe('sessions end', () => {
  it('at logout: the cookie is cleared and the stolen copy is dead too', async () => {
    const m = await makeMember(app);
    const { web, api } = await signedIn(m);
    const stolen = copy(web);
    const out = await web.post('/auth/logout');
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().join(';')).toMatch(/wala_session=;|Max-Age=0|Expires=Thu, 01 Jan 1970/i);
    await expectEnded(stolen, 'cookie after logout');
    await expectLive(api); // only the session that logged out ends
  });

  it('at password change: every other cookie and token, the current one stays', async () => {
    const m = await makeMember(app);
    const first = await signedIn(m);
    const second = await signedIn(m);
    const res = await second.web.post('/me/password', { currentPassword: PASSWORD, newPassword: 'a completely new passphrase' });
    expect(res.status).toBe(204);
    await expectEnded(first.web, 'other cookie after password change');
    await expectEnded(first.api, 'token after password change');
    await expectEnded(second.api, 'token of the same device after password change');
    await expectLive(second.web);
    expect((await anon().post('/auth/login', { email: m.email, password: PASSWORD })).status).toBe(401);
  });

  it('at password reset: every session, cookie and token', async () => {
    const m = await makeMember(app);
    const s = await signedIn(m);
    const token = await resetToken(m);
    expect((await anon().post('/auth/password-reset/confirm', { token, password: 'reset to something new' })).status).toBe(204);
    await expectEnded(s.web, 'cookie after reset');
    await expectEnded(s.api, 'token after reset');
    expect((await anon().post('/auth/login', { email: m.email, password: 'reset to something new' })).status).toBe(200);
  });

  it('at account deletion: every session, and the credentials no longer sign in', async () => {
    const m = await makeMember(app);
    const s = await signedIn(m);
    expect((await s.web.delete('/me', { password: PASSWORD })).status).toBe(204);
    await expectEnded(s.web, 'cookie after deletion');
    await expectEnded(s.api, 'token after deletion');
    expect((await anon().post('/auth/login', { email: m.email, password: PASSWORD })).status).toBe(401);
  });

  it('at expiry: a session past its end is refused', async () => {
    const m = await makeMember(app);
    const s = await signedIn(m);
    await app.get(Db).ds.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [m.id]);
    await expectEnded(s.web, 'expired cookie');
    await expectEnded(s.api, 'expired token');
  });

  it('at suspension by a moderator: every cookie and token of the member ends (401), sign-in is refused', async () => {
    // the moderation route, found in the route table wherever its area mounts it
    const route = operations(app).find((o) => o.method === 'POST' && /\/users\/\{id\}\/suspend$/.test(o.path));
    expect(route).toBeDefined();
    const m = await makeMember(app);
    const s = await signedIn(m);
    const moderator = await makeMember(app, { role: 'moderator' });
    const res = await moderator.api.post(route!.path.replace('{id}', String(m.id)), { hours: 24, reason: 'security suite' });
    expect(res.status).toBeLessThan(300);
    await expectEnded(s.web, 'cookie after suspension');
    await expectEnded(s.api, 'token after suspension');
    await expectEnded(m.api, 'factory token after suspension');
    const login = await anon().post('/auth/login', { email: m.email, password: PASSWORD });
    expect([login.status, login.body.code]).toEqual([403, 'auth.suspended']);
  });

  it('at suspension: a suspended member is refused on every signed-in route and cannot sign in; public pages still answer', async () => {
    const w = await makeWorld(app);
    const web = await cookieClient(app, w.owner);
    const routes = operations(app).filter((o) => o.signedIn && o.policy && !o.policy.fresh);
    expect(routes.length).toBeGreaterThan(10);
    // the objects first (some setups act as the owner), then the suspension
    const prepared = [];
    for (const o of routes) prepared.push({ o, p: await prepare(w, o) });
    await app.get(Db).ds.query(`UPDATE users SET suspended_until = now() + interval '1 day' WHERE id = $1`, [w.owner.id]);
    const failures: string[] = [];
    for (const { o, p } of prepared) {
      for (const c of [w.owner.api, web]) {
        const res = await c.request(o.method, p.url, p.body);
        checks++;
        // refused before the route runs: 401 once the session has ended, 403 suspended while it lives
        if (!(res.status === 401 || (res.status === 403 && res.body.code === 'auth.suspended'))) {
          failures.push(`${o.route} (${c.bearer ? 'token' : 'cookie'}) → ${res.status} ${res.body?.code}`);
        }
      }
    }
    expect(failures).toEqual([]);
    const login = await anon().post('/auth/login', { email: w.owner.email, password: PASSWORD });
    expect(login.status).toBe(403);
    expect(login.body.code).toBe('auth.suspended');
    expect((await w.owner.api.get('/brands')).status).toBe(200);
    expect(operations(app).some((o) => isWrite(o.method))).toBe(true);
  });
});

// --- emailed one-time tokens ----------------------------------------------------------------

async function mailedTokens(to: string, kind: 'reset-password' | 'verify-email'): Promise<string[]> {
  const mails = (await admin.api.get(`/admin/mails?to=${encodeURIComponent(to)}`)).body.items as { text: string }[];
  const re = new RegExp(`${kind}\\?token=([\\w-]+)`);
  return mails.map((x) => re.exec(x.text)?.[1]).filter((t): t is string => !!t);
}

async function resetToken(m: Member): Promise<string> {
  expect((await anon().post('/auth/password-reset', { email: m.email })).status).toBe(202);
  const tokens = await mailedTokens(m.email, 'reset-password');
  return tokens[0];
}

describe('reset and verification tokens', () => {
  it('are 256 random bits, distinct, and stored only as a hash', async () => {
    const members = await Promise.all([0, 1, 2, 3].map(() => makeMember(app)));
    const tokens: string[] = [];
    for (const m of members) tokens.push(await resetToken(m));
    expect(new Set(tokens).size).toBe(tokens.length);
    for (const t of tokens) expect(Buffer.from(t, 'base64url')).toHaveLength(32);
    const stored = await rows<Record<string, unknown>>(app.get(Db).ds, `SELECT * FROM one_time_tokens WHERE user_id = ANY($1)`, [members.map((m) => m.id)]);
    expect(stored.length).toBe(tokens.length);
    const dump = JSON.stringify(stored);
    for (const t of tokens) expect(dump).not.toContain(t);
  });

  it('expire within the hour (reset) and the two days (verification)', async () => {
    const m = await makeMember(app);
    await resetToken(m);
    const r = await one<{ minutes: number }>(
      app.get(Db).ds,
      `SELECT EXTRACT(EPOCH FROM expires_at - created_at) / 60 AS minutes FROM one_time_tokens WHERE user_id = $1 AND purpose = 'reset-password'`,
      [m.id],
    );
    expect(Number(r!.minutes)).toBeLessThanOrEqual(60);
    const web = anon();
    expect((await web.post('/auth/register', { email: `v${Date.now()}@example.com`, password: 'a fine passphrase', displayName: 'Verifier' })).status).toBe(201);
    const v = await one<{ hours: number }>(
      app.get(Db).ds,
      `SELECT EXTRACT(EPOCH FROM expires_at - created_at) / 3600 AS hours FROM one_time_tokens WHERE purpose = 'verify-email' ORDER BY id DESC LIMIT 1`,
    );
    expect(Number(v!.hours)).toBeLessThanOrEqual(48);
  });

  it('work once: a second use, and a concurrent double use, change the password only once', async () => {
    const m = await makeMember(app);
    const token = await resetToken(m);
    const attempts = await Promise.all(
      ['first racer passphrase', 'second racer passphrase', 'third racer passphrase', 'fourth racer passphrase'].map((password) =>
        anon().post('/auth/password-reset/confirm', { token, password }),
      ),
    );
    const statuses = attempts.map((a) => a.status).sort();
    expect(statuses).toEqual([204, 400, 400, 400]);
    expect((await anon().post('/auth/password-reset/confirm', { token, password: 'too late passphrase' })).status).toBe(400);
    // exactly the winner's password signs in
    const winners = await Promise.all(
      ['first racer passphrase', 'second racer passphrase', 'third racer passphrase', 'fourth racer passphrase', 'too late passphrase'].map(
        async (password) => (await anon().post('/auth/login', { email: m.email, password })).status,
      ),
    );
    expect(winners.filter((s) => s === 200)).toHaveLength(1);
  });

  it('are voided by a newer request and refused once expired; nothing changes then', async () => {
    const m = await makeMember(app);
    const older = await resetToken(m);
    expect((await anon().post('/auth/password-reset', { email: m.email })).status).toBe(202);
    const newer = (await mailedTokens(m.email, 'reset-password')).find((t) => t !== older)!;
    expect(newer).toBeDefined();
    expect((await anon().post('/auth/password-reset/confirm', { token: older, password: 'the older one wins?' })).status).toBe(400);
    await app.get(Db).ds.query(`UPDATE one_time_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [m.id]);
    expect((await anon().post('/auth/password-reset/confirm', { token: newer, password: 'an expired one wins?' })).status).toBe(400);
    expect((await anon().post('/auth/login', { email: m.email, password: PASSWORD })).status).toBe(200);
  });

  it('are refused when guessed, truncated or taken from another purpose', async () => {
    const m = await makeMember(app, { verified: false });
    const reset = await resetToken(m);
    for (const token of [reset.slice(0, -1), `${reset}A`, reset.toUpperCase(), 'A'.repeat(43), '', reset.replace(/./, (c) => (c === 'A' ? 'B' : 'A'))]) {
      const res = await anon().post('/auth/password-reset/confirm', { token, password: 'a guessed passphrase' });
      expect([token.slice(0, 8), res.status]).toEqual([token.slice(0, 8), 400]);
    }
    // a reset token does not verify an email address
    expect((await anon().post('/auth/verify-email', { token: reset })).status).toBe(400);
    expect((await anon().post('/auth/password-reset/confirm', { token: reset, password: 'the real new passphrase' })).status).toBe(204);
  });
});
