import { one } from '../apps/api/src/common/sql';
import { Db } from '../apps/api/src/database/db.service';
import { seedDemo } from '../apps/api/src/demo/demo-seed';
import { settle } from './support/analytics';
import { startApp, type TestApp } from './support/app';
import { makeMember } from './support/factories';

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

it('seeds surveys with answers, purchases and activity history, once', async () => {
  await seedDemo(app.wala, app.config);
  await settle(app);
  const count = () =>
    one<{
      surveys: number;
      responses: number;
      purchases: number;
      days: number;
    }>(
      app.get(Db).ds,
      `SELECT (SELECT count(*)::int FROM surveys) AS surveys, (SELECT count(*)::int FROM survey_responses) AS responses,
              (SELECT count(*)::int FROM analytics_purchases) AS purchases,
              (SELECT count(*)::int FROM analytics_period_stats WHERE scope = 0 AND grain = 'd' AND active > 0) AS days`,
    );
  const first = (await count())!;
  expect(first).toMatchObject({ surveys: 2, responses: 22 });
  expect(first.purchases).toBeGreaterThan(10);
  expect(first.days).toBeGreaterThan(60);
  await seedDemo(app.wala, app.config);
  expect(await count()).toEqual(first);

  const admin = await makeMember(app, { role: 'admin' });
  const d = (await admin.api.get('/analytics/overview?grain=week')).body;
  expect(d.summary.averageDau).toBeGreaterThan(0);
  expect(d.summary.csatResponses).toBe(22);
  expect(d.summary.npsResponses).toBe(12);
  expect((await admin.api.get('/analytics/cltv?from=2025-01-01&to=' + d.to)).body.length).toBe(2);
});
