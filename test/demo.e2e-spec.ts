import { one } from '../apps/api/src/common/sql';
import { Db } from '../apps/api/src/database/db.service';
import { DEMO_DOMAIN, seedDemo, seedDemoIfWanted } from '../apps/api/src/demo/demo-seed';
import { IS_POSTGRES, startApp, type TestApp } from './support/app';
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

describe('the first start (main.ts: seedDemoIfWanted)', () => {
  const demoUsers = async (t: TestApp) =>
    (await one<{ n: number }>(t.get(Db).ds, `SELECT count(*)::int AS n FROM users WHERE email LIKE '%@' || $1`, [DEMO_DOMAIN]))!.n;
  const printed = async (run: () => Promise<void>): Promise<string> => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await run();
      return log.mock.calls.map((c) => c.join(' ')).join('\n');
    } finally {
      log.mockRestore();
    }
  };

  it('seeds an empty embedded database and prints demo logins that sign in; a second start adds nothing', async () => {
    const embedded = await startApp({ env: { DATABASE_URL: '' } });
    try {
      expect(embedded.config.embedded).toBe(true);
      expect(await demoUsers(embedded)).toBe(0);
      const out = await printed(() => seedDemoIfWanted(embedded.wala, embedded.config, false));
      expect(out).toMatch(/Demo community ready/);
      const seeded = await demoUsers(embedded);
      expect(seeded).toBeGreaterThanOrEqual(24);
      const shown = [...out.matchAll(new RegExp(`^\\s+(\\S+@${DEMO_DOMAIN.replace(/\./g, '\\.')})\\s+(\\S+)$`, 'gm'))];
      expect(shown).toHaveLength(6);
      const [, email, password] = shown[1];
      const token = await new Client(embedded.url).post('/auth/tokens', { email, password });
      expect(token.status).toBe(201);
      expect(token.body.user.email).toBe(email);
      expect(token.body.token).toEqual(expect.any(String));

      // the database is no longer empty: the next start seeds nothing and prints nothing
      expect(await printed(() => seedDemoIfWanted(embedded.wala, embedded.config, false))).toBe('');
      expect(await demoUsers(embedded)).toBe(seeded);
    } finally {
      await embedded.close();
    }
  }, 300_000);

  it('never seeds a DATABASE_URL start by itself, even when empty; --demo does', async () => {
    const server = await startApp();
    // without a PostgreSQL server at hand the same config with embedded off stands for a DATABASE_URL start
    const config = IS_POSTGRES ? server.config : { ...server.config, embedded: false };
    try {
      expect(config.embedded).toBe(false);
      expect(await printed(() => seedDemoIfWanted(server.wala, config, false))).toBe('');
      expect(await demoUsers(server)).toBe(0);
      expect(await printed(() => seedDemoIfWanted(server.wala, config, true))).toMatch(/Demo community ready/);
      expect(await demoUsers(server)).toBeGreaterThanOrEqual(24);
    } finally {
      await server.close();
    }
  }, 300_000);
});
