/** Rate limits at their configured points (issue 10); emailed tokens are in sessions.e2e-spec.ts. */
import { RATE_LIMITS } from '../../apps/api/src/common/rate-limit.service';
import { startApp, type TestApp } from '../support/app';
import { Client } from '../support/client';
import { makeMember } from '../support/factories';

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
