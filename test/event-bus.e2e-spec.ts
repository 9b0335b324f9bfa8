/**
 * The outbox event bus delivers each event to each subscriber in the subscriber's own
 * transaction: a failing subscriber neither blocks nor repeats the others, every subscriber's
 * effects happen exactly once, and the event is processed when all of them have handled it.
 * Runs on PostgreSQL and on the embedded single-connection database alike.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { rows } from '../apps/api/src/common/sql';
import { Db } from '../apps/api/src/database/db.service';
import { EventBus } from '../apps/api/src/events/event-bus.service';
import { startApp, type TestApp } from './support/app';
import { makeMember } from './support/factories';

let app: TestApp;
let ds: DataSource;
let flakyDown = true;

beforeAll(async () => {
  app = await startApp();
  ds = app.get(Db).ds;
  await ds.query(`CREATE TABLE bus_test_effects (handler text NOT NULL, event_id bigint NOT NULL)`);
  const bus = app.get(EventBus);
  const effect = (handler: string) => async (em: EntityManager, _p: unknown, meta: { eventId: number }) => {
    await em.query(`INSERT INTO bus_test_effects (handler, event_id) VALUES ($1, $2)`, [handler, meta.eventId]);
  };
  bus.on('post.featured', 'test.steady', effect('steady'));
  bus.on('post.featured', 'test.flaky', async (em, p, meta) => {
    await effect('flaky')(em, p, meta); // written, then rolled back while the subscriber fails
    if (flakyDown) throw new Error('flaky subscriber is down');
  });
});
afterAll(async () => {
  await app?.close();
});

async function feature(authorId: number): Promise<number> {
  return app.get(Db).tx(async (em) => {
    await app.get(Db).publish(em, 'post.featured', { postId: 1, authorId, actorId: authorId });
    const [row] = await rows<{ id: number }>(em, `SELECT max(id)::bigint AS id FROM outbox`);
    return row.id;
  });
}

const effects = async (handler: string, eventId: number) =>
  Number((await rows<{ n: number }>(ds, `SELECT count(*)::int AS n FROM bus_test_effects WHERE handler = $1 AND event_id = $2`, [handler, eventId]))[0].n);
const handledBy = async (eventId: number) =>
  (await rows<{ handler: string }>(ds, `SELECT handler FROM outbox_handled WHERE event_id = $1 AND handler LIKE 'test.%' ORDER BY handler`, [eventId])).map((r) => r.handler);
const outboxRow = async (eventId: number) =>
  (await rows<{ processed: boolean; attempts: number; last_error: string | null }>(
    ds,
    `SELECT processed_at IS NOT NULL AS processed, attempts, last_error FROM outbox WHERE id = $1`,
    [eventId],
  ))[0];
const dueNow = (ids: number[]) => ds.query(`UPDATE outbox SET next_attempt_at = now() WHERE id = ANY($1::bigint[])`, [ids]);

it('a failing subscriber neither blocks nor repeats another; the event is processed once all have handled it', async () => {
  const m = await makeMember(app);
  flakyDown = true;
  const first = await feature(m.id);
  await app.drain();
  expect(await effects('steady', first)).toBe(1);
  expect(await effects('flaky', first)).toBe(0);
  expect(await handledBy(first)).toEqual(['test.steady']);
  const failed = await outboxRow(first);
  expect(failed.processed).toBe(false);
  expect(failed.attempts).toBeGreaterThanOrEqual(1);
  expect(failed.last_error).toContain('test.flaky: flaky subscriber is down');

  // later events still reach the healthy subscriber, and retries never repeat it
  const second = await feature(m.id);
  await dueNow([first]);
  await app.drain();
  expect(await effects('steady', second)).toBe(1);
  expect(await effects('steady', first)).toBe(1);
  expect(await effects('flaky', first)).toBe(0);

  flakyDown = false;
  await dueNow([first, second]);
  await app.drain();
  for (const id of [first, second]) {
    expect(await effects('steady', id)).toBe(1);
    expect(await effects('flaky', id)).toBe(1);
    expect(await handledBy(id)).toEqual(['test.flaky', 'test.steady']);
    expect(await outboxRow(id)).toMatchObject({ processed: true, last_error: null });
  }
});

it('delivers exactly once per subscriber under concurrent dispatchers and redelivery', async () => {
  const m = await makeMember(app);
  flakyDown = false;
  const ids: number[] = [];
  for (let i = 0; i < 30; i++) ids.push(await feature(m.id));
  await Promise.all([app.drain(), app.get(EventBus).drain(), app.get(EventBus).drain()]);
  // an event delivered again (a lease run out after a crash): handled rows make it a no-op
  await ds.query(`UPDATE outbox SET processed_at = NULL, next_attempt_at = now() WHERE id = ANY($1::bigint[])`, [ids]);
  await app.drain();
  const counts = await rows<{ handler: string; events: number; total: number }>(
    ds,
    `SELECT handler, count(DISTINCT event_id)::int AS events, count(*)::int AS total
       FROM bus_test_effects WHERE event_id = ANY($1::bigint[]) GROUP BY handler ORDER BY handler`,
    [ids],
  );
  expect(counts).toEqual([
    { handler: 'flaky', events: 30, total: 30 },
    { handler: 'steady', events: 30, total: 30 },
  ]);
  const unprocessed = await rows(ds, `SELECT id FROM outbox WHERE id = ANY($1::bigint[]) AND processed_at IS NULL`, [ids]);
  expect(unprocessed).toEqual([]);
});
