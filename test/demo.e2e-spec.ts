import { one } from '../apps/api/src/common/sql';
import { Db } from '../apps/api/src/database/db.service';
import { DEMO_DOMAIN, seedDemo } from '../apps/api/src/demo/demo-seed';
import { startApp, type TestApp } from './support/app';
import { Client } from './support/client';

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

it('seeds the demo community idempotently, with working random passwords', async () => {
  const first = await seedDemo(app.wala, app.config);
  const count = async () =>
    (await one<{ users: number; brands: number; managers: number }>(
      app.get(Db).ds,
      `SELECT (SELECT count(*)::int FROM users WHERE email LIKE '%@' || $1) AS users,
              (SELECT count(*)::int FROM brands) AS brands, (SELECT count(*)::int FROM brand_members) AS managers`,
      [DEMO_DOMAIN],
    ))!;
  const before = await count();
  expect(before.users).toBeGreaterThanOrEqual(24);
  expect(before).toMatchObject({ brands: 2, managers: 2 });
  const second = await seedDemo(app.wala, app.config);
  expect(await count()).toEqual(before);
  expect(second.logins).toEqual(first.logins);

  const [email, password] = first.logins[0].split(/\s+/);
  const c = new Client(app.url);
  const login = await c.post('/auth/login', { email, password });
  expect(login.status).toBe(200);
  expect(login.body.user.role).toBe('admin');
  const arabic = first.logins.find((l) => l.startsWith('layla@'))!.split(/\s+/);
  const layla = await new Client(app.url).post('/auth/login', { email: arabic[0], password: arabic[1] });
  expect(layla.body.user.locale).toBe('ar');
});
