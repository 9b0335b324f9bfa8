import { one } from '../apps/api/src/common/sql';
import { Db } from '../apps/api/src/database/db.service';
import { seedDemo } from '../apps/api/src/demo/demo-seed';
import { startApp, type TestApp } from './support/app';
import { settle } from './support/loyalty';

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

it('seeds tiers, rules, a campaign, badges and points for demo members, idempotently, with leaderboards filled', async () => {
  const counts = async () =>
    (await one<{ tiers: number; rules: number; campaigns: number; badges: number; entries: number; grants: number }>(
      app.get(Db).ds,
      `SELECT (SELECT count(*)::int FROM loyalty_tiers) AS tiers, (SELECT count(*)::int FROM earning_rules) AS rules,
              (SELECT count(*)::int FROM points_campaigns) AS campaigns, (SELECT count(*)::int FROM badges) AS badges,
              (SELECT count(*)::int FROM points_entries) AS entries, (SELECT count(*)::int FROM badge_grants) AS grants`,
    ))!;
  await seedDemo(app.wala, app.config);
  const first = await counts();
  expect(first).toMatchObject({ tiers: 4, rules: 14, campaigns: 1, badges: 5 });
  expect(first.entries).toBeGreaterThan(100);
  expect(first.grants).toBeGreaterThan(3);
  await seedDemo(app.wala, app.config);
  expect(await counts()).toEqual(first);
  await settle(app);
  const layla = await one<{ id: number }>(app.get(Db).ds, `SELECT id FROM users WHERE email LIKE 'layla@%'`);
  const tier = await one<{ name: string; available: number }>(
    app.get(Db).ds,
    `SELECT t.name, b.available FROM points_balances b JOIN loyalty_tiers t ON t.id = b.tier_id WHERE b.user_id = $1`,
    [layla!.id],
  );
  // 830 from the loyalty history, plus what the other areas' demo content earned through the rules
  expect(tier!.name).toBe('Silver');
  expect(tier!.available).toBeGreaterThanOrEqual(830);
  const board = await one<{ n: number }>(app.get(Db).ds, `SELECT count(*)::int AS n FROM leaderboard_scores WHERE period = 'all' AND brand_id = 0`);
  expect(board!.n).toBeGreaterThanOrEqual(10);
});
