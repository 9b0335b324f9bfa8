import { rows } from '../apps/api/src/common/sql';
import { Db } from '../apps/api/src/database/db.service';
import { SEARCH_CANDIDATES, SEARCH_WINDOWS } from '../apps/api/src/forum/lists.service';
import { startApp, type TestApp } from './support/app';
import { anonymous, makeMember, type Member } from './support/factories';
import { makeCategory, makeTopic, reply } from './support/forum';

let app: TestApp;
let alice: Member;
let bob: Member;
beforeAll(async () => {
  app = await startApp();
  alice = await makeMember(app, { displayName: 'Alice Search' });
  bob = await makeMember(app, { displayName: 'Bob Search' });
});
afterAll(async () => {
  await app?.close();
});

const ids = (res: { body: { items: { postId: number }[] } }) => res.body.items.map((h) => h.postId);

it('matches Arabic regardless of diacritics, alef/hamza variants, ta marbuta and tatweel, both ways', async () => {
  const c = await makeCategory(app);
  const t1 = await makeTopic(alice, c.id, { title: 'مَدْرَسَةُ القَهْوَةِ', raw: 'أفضل طريقة لتحضير القهــــوة العربية في المنزل' });
  const t2 = await makeTopic(bob, c.id, { title: 'سؤال عن الإسبريسو', raw: 'هل آلة الاسبريسو مناسبة للمبتدئين؟ مستشفى' });
  // stored with marks, queried without
  expect(ids(await anonymous(app).get(`/forum/search?q=${encodeURIComponent('مدرسه')}`))).toEqual([t1.postId]);
  expect(ids(await anonymous(app).get(`/forum/search?q=${encodeURIComponent('القهوة')}`))).toEqual([t1.postId]);
  // alef with hamza below in the query, plain alef stored; and the other way round
  expect(ids(await anonymous(app).get(`/forum/search?q=${encodeURIComponent('الإسبريسو')}`)).sort()).toEqual([t2.postId]);
  expect(ids(await anonymous(app).get(`/forum/search?q=${encodeURIComponent('افضل')}`))).toEqual([t1.postId]);
  expect(ids(await anonymous(app).get(`/forum/search?q=${encodeURIComponent('آلة')}`))).toEqual([t2.postId]);
  expect(ids(await anonymous(app).get(`/forum/search?q=${encodeURIComponent('الَة')}`))).toEqual([t2.postId]);
  // tatweel and diacritics in the query
  expect(ids(await anonymous(app).get(`/forum/search?q=${encodeURIComponent('العَرَبِيّـــة')}`))).toEqual([t1.postId]);
  expect(ids(await anonymous(app).get(`/forum/search?q=${encodeURIComponent('مستشفي')}`))).toEqual([t2.postId]);

  // the snippet keeps the original spelling and marks the match
  const hit = (await anonymous(app).get(`/forum/search?q=${encodeURIComponent('قهوه')}`)).body.items[0];
  expect(hit.snippet).toContain('<mark>القهــــوة</mark>');
  expect(hit.topicTitle).toBe('مَدْرَسَةُ القَهْوَةِ');
});

it('searches English titles and bodies, ranked, with filters, escaped snippets and cursors', async () => {
  const c = await makeCategory(app);
  const other = await makeCategory(app);
  const strong = await makeTopic(alice, c.id, { title: 'Grinder grinder grinder', raw: 'The grinder matters more than the grinder <script>x</script>' });
  const weak = await makeTopic(bob, c.id, { title: 'Beans', raw: 'a long text that mentions a grinder once among many other words about roasting' });
  const elsewhere = await makeTopic(bob, other.id, { title: 'Water', raw: 'Soft water and a good grinder' });
  const r = await reply(alice, weak.id, 'My GRINDER is loud');

  const all = await anonymous(app).get('/forum/search?q=grinder');
  expect(ids(all)[0]).toBe(strong.postId);
  expect(ids(all).sort()).toEqual([strong.postId, weak.postId, elsewhere.postId, r].sort());
  expect(all.body.items[0].snippet).toContain('<mark>grinder</mark>');
  expect(all.body.items[0].snippet).toContain('&lt;script&gt;');
  expect(all.body.items[0].snippet).not.toContain('<script>');

  expect(ids(await anonymous(app).get(`/forum/search?q=grinder&categoryId=${other.id}`))).toEqual([elsewhere.postId]);
  expect(ids(await anonymous(app).get(`/forum/search?q=grinder&authorId=${alice.id}`)).sort()).toEqual([strong.postId, r].sort());
  expect(ids(await anonymous(app).get(`/forum/search?q=grinder&from=2000-01-01&to=2000-12-31`))).toEqual([]);
  expect(ids(await anonymous(app).get(`/forum/search?q=${encodeURIComponent('grinder -loud')}&authorId=${alice.id}`))).toEqual([strong.postId]);

  const seen: number[] = [];
  let cursor: string | null = null;
  do {
    const page: { body: { items: { postId: number }[]; nextCursor: string | null } } = await anonymous(app).get(
      `/forum/search?q=grinder&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
    );
    seen.push(...ids(page));
    cursor = page.body.nextCursor;
  } while (cursor);
  expect(seen).toEqual(ids(all));

  expect((await anonymous(app).get('/forum/search?q=')).status).toBe(400);
  expect((await anonymous(app).get('/forum/search?q=%20%21%21')).status).toBe(400);
  expect((await anonymous(app).get(`/forum/search?q=${'x'.repeat(201)}`)).status).toBe(400);
  expect((await anonymous(app).get('/forum/search?q=grinder&from=yesterday')).status).toBe(400);
});

it('stems English words, marks the words the stem matched, and keeps short common words findable', async () => {
  const c = await makeCategory(app);
  const t = await makeTopic(alice, c.id, { title: 'Morning routines', raw: 'She runs the espresso machines every day' });
  const band = await makeTopic(bob, c.id, { title: 'The Who', raw: 'a band, not a question' });
  const hit = await anonymous(app).get(`/forum/search?q=${encodeURIComponent('running machine')}`);
  expect(ids(hit)).toEqual([t.postId]);
  expect(hit.body.items[0].snippet).toContain('<mark>runs</mark>');
  expect(hit.body.items[0].snippet).toContain('<mark>machines</mark>');
  expect(hit.body.items[0].snippet).not.toContain('<mark>espresso</mark>');
  // no stop-word list: "the" and "who" are indexed, so the band is found by its name
  expect(ids(await anonymous(app).get(`/forum/search?q=${encodeURIComponent('"the who"')}`))).toEqual([band.postId]);
  // titles are stemmed too: the singular finds the plural
  expect(ids(await anonymous(app).get(`/forum/search?q=${encodeURIComponent('routine')}`))).toEqual([t.postId]);
});

it('never finds what the caller may not read, nor removed posts', async () => {
  const secret = await makeCategory(app, { readAccess: 'staff' });
  const mod = await makeMember(app, { role: 'moderator' });
  const s = await makeTopic(mod, secret.id, { title: 'Confidential roadmap', raw: 'zanzibar plans' });
  expect(ids(await alice.api.get('/forum/search?q=zanzibar'))).toEqual([]);
  expect(ids(await mod.api.get('/forum/search?q=zanzibar'))).toEqual([s.postId]);
  const open = await makeCategory(app);
  const t = await makeTopic(alice, open.id, { title: 'Removed soon', raw: 'quokka' });
  expect(ids(await bob.api.get('/forum/search?q=quokka'))).toEqual([t.postId]);
  await alice.api.delete(`/forum/posts/${t.postId}`);
  expect(ids(await bob.api.get('/forum/search?q=quokka'))).toEqual([]);
});

it('searches the newest posts first and all of them when needed: an old rare match is found, a common word ranks only its newest matches', async () => {
  const c = await makeCategory(app);
  const old = await makeTopic(alice, c.id, { title: 'Zephyrquill tasting', raw: 'commonquill and zephyrquill from long ago' });
  // more posts after it than the first search window holds
  await app.get(Db).ds.query(
    `INSERT INTO forum_posts (topic_id, author_id, post_number, raw, cooked, search_vector, status)
     SELECT $1, $2, 1 + g, 'commonquill filler', '<p>commonquill filler</p>', to_tsvector('wala_search', 'commonquill filler'), 'visible'
       FROM generate_series(1, $3::int) g`,
    [old.id, alice.id, SEARCH_WINDOWS[0]! + 500],
  );
  await app.get(Db).ds.query(`UPDATE forum_topics SET highest_post_number = $2 WHERE id = $1`, [old.id, SEARCH_WINDOWS[0]! + 501]);
  const fresh = await reply(bob, old.id, 'zephyrquill again today');

  // two matches, far apart: the first window has one, the search goes on and finds both
  expect(ids(await anonymous(app).get('/forum/search?q=zephyrquill')).sort()).toEqual([old.postId, fresh].sort());

  // the common word: only its newest SEARCH_CANDIDATES matches are ranked, as in one pass over all posts
  const newest = (
    await rows<{ id: number }>(
      app.get(Db).ds,
      `SELECT id FROM forum_posts WHERE search_vector @@ to_tsquery('wala_search', 'commonquill') AND status = 'visible' ORDER BY id DESC LIMIT $1`,
      [SEARCH_CANDIDATES],
    )
  ).map((r) => Number(r.id));
  const page = ids(await anonymous(app).get('/forum/search?q=commonquill&limit=50'));
  expect(page).toHaveLength(50);
  expect(page.every((id) => newest.includes(id))).toBe(true);
  expect(page).not.toContain(old.postId);
});
