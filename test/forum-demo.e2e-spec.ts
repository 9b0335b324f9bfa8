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

it('seeds forum categories (a Gold lounge, brand categories) and bilingual topics, once', async () => {
  await seedDemo(app.wala, app.config);
  const count = async () =>
    (await one<{ categories: number; topics: number; posts: number }>(
      app.get(Db).ds,
      `SELECT (SELECT count(*)::int FROM forum_categories) AS categories, (SELECT count(*)::int FROM forum_topics) AS topics,
              (SELECT count(*)::int FROM forum_posts) AS posts`,
    ))!;
  const before = await count();
  expect(before.categories).toBe(6);
  expect(before.topics).toBe(6);
  await seedDemo(app.wala, app.config);
  expect(await count()).toEqual(before);

  const cats = (await anonymous(app).get('/forum/categories')).body as { slug: string; brandId: number | null; children: { slug: string }[] }[];
  // the Gold lounge needs a tier: a visitor does not see it
  expect(cats.map((c) => c.slug)).toEqual(['announcements', 'general', 'qahwa-house', 'souq-support']);
  expect(cats.find((c) => c.slug === 'qahwa-house')).toMatchObject({ brandId: expect.any(Number), children: [{ slug: 'brewing' }] });

  const hits = (await anonymous(app).get(`/forum/search?q=${encodeURIComponent('القهوه العربيه')}`)).body.items;
  expect(hits.length).toBeGreaterThan(0);
  const latest = (await anonymous(app).get('/forum/topics?limit=50')).body.items as { title: string; solved: boolean; id: number }[];
  const v60 = latest.find((t) => t.title === 'Best grind size for a V60?')!;
  expect(v60.solved).toBe(true);
  const topic = (await anonymous(app).get(`/forum/topics/${v60.id}`)).body;
  expect(topic.acceptedPost.brandMark).toMatchObject({ slug: 'qahwa-house' });
});
