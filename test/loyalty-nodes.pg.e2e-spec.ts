/**
 * Exactly-once awards across API processes on one PostgreSQL: the outbox is handled by two
 * processes at once (so an in-process lock could not pass these), and a process killed with
 * SIGKILL after an action committed leaves its award to the restarted process.
 */
import { Client as Pg } from 'pg';
import { startApp, type TestApp } from './support/app';
import { makeMember } from './support/factories';
import { makeRule } from './support/loyalty';
import { createTestDatabase } from './support/pg';
import { eventually, spawnApi, type ApiProcess } from './support/process';

let app: TestApp;
let second: ApiProcess;
let pg: Pg;
beforeAll(async () => {
  app = await startApp();
  second = await spawnApi({ DATABASE_URL: app.databaseUrl!, REDIS_URL: process.env.REDIS_URL ?? '' });
  pg = new Pg({ connectionString: app.databaseUrl! });
  await pg.connect();
});
afterAll(async () => {
  await pg?.end();
  await second?.stop();
  await app?.close();
});

const count = async (q: string, params: unknown[]) => (await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${q}) x`, params)).rows[0].n;
const allHandled = () => eventually(async () => (await count(`SELECT 1 FROM outbox WHERE processed_at IS NULL`, [])) === 0, 30_000);
const publish = async (events: { type: string; payload: unknown }[]) => {
  await pg.query('BEGIN');
  for (const e of events) await pg.query(`INSERT INTO outbox (type, payload) VALUES ($1, $2)`, [e.type, JSON.stringify(e.payload)]);
  await pg.query('COMMIT');
};

it('awards once when the same event is delivered 20 times to two processes', async () => {
  const m = await makeMember(app);
  await makeRule(app, { action: 'post.featured', points: 9 });
  await publish(Array.from({ length: 20 }, () => ({ type: 'post.featured', payload: { postId: 77, authorId: m.id, actorId: 1 } })));
  await allHandled();
  expect(await count(`SELECT 1 FROM points_entries WHERE user_id = $1 AND rule = 'post.featured'`, [m.id])).toBe(1);
});

it('50 simultaneous qualifying actions against a daily cap of 10 award exactly 10, handled by two processes', async () => {
  const m = await makeMember(app);
  await makeRule(app, { action: 'chat.message_sent', points: 1, dailyCap: 10 });
  await publish(Array.from({ length: 50 }, (_, i) => ({ type: 'chat.message_sent', payload: { messageId: 9000 + i, channelId: 1, authorId: m.id, brandId: null } })));
  await allHandled();
  expect(await count(`SELECT 1 FROM points_entries WHERE user_id = $1 AND rule = 'chat.message_sent'`, [m.id])).toBe(10);
  const b = await pg.query(`SELECT available FROM points_balances WHERE user_id = $1`, [m.id]);
  expect(b.rows[0].available).toBe(10);
});

it('an action committed just before its process is killed with SIGKILL is awarded once after the restart', async () => {
  const db = await createTestDatabase();
  const c = new Pg({ connectionString: db.url });
  await c.connect();
  let node: ApiProcess | null = null;
  try {
    const u = await c.query<{ id: number }>(
      `INSERT INTO users (email, display_name, referral_code, created_at) VALUES ('crash@example.com', 'Crash', 'CRASH1', now() - interval '60 days') RETURNING id`,
    );
    const userId = Number(u.rows[0].id);
    await c.query(`INSERT INTO earning_rules (action, points) VALUES ('topic.created', 12)`);
    node = await spawnApi({ DATABASE_URL: db.url });
    // the forum's transaction commits the topic and its event; the dispatcher has not run it yet
    await c.query(
      `INSERT INTO outbox (type, payload, next_attempt_at) VALUES ('topic.created', $1, now() + interval '2 seconds')`,
      [JSON.stringify({ topicId: 1, postId: 501, authorId: userId, categoryId: 1, brandId: null, tags: [] })],
    );
    await node.kill();
    expect(await c.query(`SELECT 1 FROM points_entries WHERE user_id = $1`, [userId]).then((r) => r.rowCount)).toBe(0);
    node = await spawnApi({ DATABASE_URL: db.url });
    await eventually(async () => (await c.query(`SELECT 1 FROM outbox WHERE processed_at IS NULL`)).rowCount === 0, 30_000);
    const awards = await c.query<{ delta: number }>(`SELECT delta FROM points_entries WHERE user_id = $1 AND kind = 'award'`, [userId]);
    expect(awards.rows.map((r) => r.delta)).toEqual([12]);
  } finally {
    await node?.stop();
    await c.end();
    await db.drop();
  }
});
