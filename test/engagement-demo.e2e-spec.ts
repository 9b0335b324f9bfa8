import { one } from '../apps/api/src/common/sql';
import { Db } from '../apps/api/src/database/db.service';
import { seedDemo } from '../apps/api/src/demo/demo-seed';
import { startApp, type TestApp } from './support/app';
import { anonymous } from './support/factories';

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

it('seeds a challenge, an event and a giveaway per demo brand, once', async () => {
  const counts = async () =>
    (await one<{ c: number; e: number; g: number }>(
      app.get(Db).ds,
      `SELECT (SELECT count(*)::int FROM challenges) AS c, (SELECT count(*)::int FROM brand_events) AS e, (SELECT count(*)::int FROM giveaways) AS g`,
    ))!;
  await seedDemo(app.wala, app.config);
  expect(await counts()).toEqual({ c: 2, e: 2, g: 2 });
  await seedDemo(app.wala, app.config);
  expect(await counts()).toEqual({ c: 2, e: 2, g: 2 });
  const giveaways = (await anonymous(app).get('/giveaways')).body.items;
  expect(giveaways.every((g: { seedHash: string; status: string }) => /^[0-9a-f]{64}$/.test(g.seedHash) && g.status === 'open')).toBe(true);
  const events = (await anonymous(app).get('/events')).body.items;
  expect(events.map((e: { mode: string }) => e.mode).sort()).toEqual(['in_person', 'online']);
  const ics = await anonymous(app).get(`/events/${events[0].id}/ics`);
  expect(ics.text).toContain('BEGIN:VCALENDAR');
});
