/** Rate limits at their configured points, and the properties of emailed tokens (issue 10). */
import { RATE_LIMITS } from '../../apps/api/src/common/rate-limit.service';
import { Db } from '../../apps/api/src/database/db.service';
import { startApp, type TestApp } from '../support/app';
import { Client } from '../support/client';
import { makeMember, PASSWORD } from '../support/factories';

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

const fromIp = (ip: string) => {
  const c = new Client(app.url);
  c.headers['x-forwarded-for'] = ip; // ignored: TRUST_PROXY is off, so every call counts for 127.0.0.1
  return c;
};

it('refuses the registration past its per-IP limit with 429 and Retry-After', async () => {
  const statuses: number[] = [];
  for (let i = 0; i <= RATE_LIMITS.register.points; i++) {
    const res = await fromIp(`10.0.0.${i}`).post('/auth/register', { email: `r${i}@example.com`, password: 'a fine passphrase', displayName: `R${i}` });
    statuses.push(res.status);
    if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  }
  expect(statuses).toEqual([...Array(RATE_LIMITS.register.points).fill(201), 429]);
  expect(statuses[RATE_LIMITS.register.points]).toBe(429);
});

it('limits password-reset requests per account without touching other accounts', async () => {
  const a = await makeMember(app);
  const b = await makeMember(app);
  const codes: number[] = [];
  for (let i = 0; i <= RATE_LIMITS['reset-account'].points; i++) codes.push((await new Client(app.url).post('/auth/password-reset', { email: a.email })).status);
  expect(codes).toEqual([...Array(RATE_LIMITS['reset-account'].points).fill(202), 429]);
  expect((await new Client(app.url).post('/auth/password-reset', { email: b.email })).status).toBe(202);
});

it('makes reset tokens long, distinct, single-use and expiring', async () => {
  const m = await makeMember(app);
  const admin = await makeMember(app, { role: 'admin' });
  await new Client(app.url).post('/auth/password-reset', { email: m.email });
  await new Client(app.url).post('/auth/password-reset', { email: m.email });
  const mails = (await admin.api.get(`/admin/mails?to=${encodeURIComponent(m.email)}`)).body.items;
  const tokens = mails.map((x: { text: string }) => /token=([\w-]+)/.exec(x.text)![1]);
  expect(tokens).toHaveLength(2);
  expect(new Set(tokens).size).toBe(2);
  for (const t of tokens) expect(t.length).toBeGreaterThanOrEqual(43); // 256 bits, base64url
  // a newer request voids the older token
  expect((await new Client(app.url).post('/auth/password-reset/confirm', { token: tokens[1], password: 'brand new secret one' })).status).toBe(400);
  // an expired token is refused
  await app.get(Db).ds.query(`UPDATE one_time_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [m.id]);
  expect((await new Client(app.url).post('/auth/password-reset/confirm', { token: tokens[0], password: 'brand new secret two' })).status).toBe(400);
  // the old password still works: nothing was changed
  expect((await new Client(app.url).post('/auth/login', { email: m.email, password: PASSWORD })).status).toBe(200);
});
