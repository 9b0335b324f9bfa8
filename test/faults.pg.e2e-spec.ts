/**
 * Faults injected into real servers of the test's own (issue 10): PostgreSQL restarted under
 * write load, Redis stopped and started. Nothing acknowledged may be lost; failures must be 503
 * problem documents without stack traces; the node must recover by itself.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Client as Pg } from 'pg';
import { Client } from './support/client';
import { ownPostgres, ownRedis, type OwnPostgres, type OwnRedis } from './support/own-services';
import { eventually, spawnApi, type ApiProcess } from './support/process';

let pg: OwnPostgres;
let redis: OwnRedis;
let node: ApiProcess;
let admin: Client;

beforeAll(async () => {
  pg = await ownPostgres();
  redis = await ownRedis();
  node = await spawnApi({ DATABASE_URL: pg.url, REDIS_URL: redis.url });
  const db = new Pg({ connectionString: pg.url });
  await db.connect();
  const token = `wala_${randomBytes(32).toString('base64url')}`;
  const u = await db.query(`INSERT INTO users (email, display_name, role, referral_code) VALUES ('ops@example.com', 'Ops', 'admin', 'OPS1') RETURNING id`);
  await db.query(`INSERT INTO sessions (user_id, token_hash, kind, last_seen_at, expires_at) VALUES ($1, $2, 'bearer', now(), now() + interval '1 day')`, [
    u.rows[0].id,
    createHash('sha256').update(token).digest('hex'),
  ]);
  await db.end();
  admin = new Client(node.url);
  admin.bearer = token;
});

afterAll(async () => {
  await node?.stop();
  await redis?.stop();
  pg?.destroy();
});

it('survives a PostgreSQL restart under write load: 503s without stack traces, recovery, no acknowledged write lost', async () => {
  const acked: string[] = [];
  const statuses = new Map<number, number>();
  const bad: string[] = [];
  let stop = false;
  const writer = async (w: number) => {
    for (let i = 0; !stop; i++) {
      const slug = `w${w}-${i}`;
      try {
        const res = await admin.post('/admin/brands', { slug, name: slug, nameAr: slug });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 201) acked.push(slug);
        else if (res.status !== 503 || !String(res.headers.get('content-type')).includes('problem+json') || /\bat\s+\S+\.(js|ts):\d+/.test(res.text)) {
          bad.push(`${res.status} ${res.text.slice(0, 200)}`);
        }
      } catch (e) {
        bad.push(`network: ${String(e)}`);
      }
    }
  };
  const writers = [0, 1, 2, 3].map(writer);
  await eventually(async () => acked.length > 20);
  pg.restart();
  const afterRestart = acked.length;
  await eventually(async () => acked.length > afterRestart + 20, 30_000);
  stop = true;
  await Promise.all(writers);

  // on failure, the node's own log line for each bad answer (by its request id) says why
  const why = (b: string) => {
    const id = /request id ([\w-]+)/.exec(b)?.[1];
    return id ? `${b.slice(0, 60)} … ${node.output().split('\n').find((l) => l.includes(id))?.slice(0, 600) ?? 'no log line'}` : b;
  };
  expect(bad.map(why)).toEqual([]);
  const db = new Pg({ connectionString: pg.url });
  await db.connect();
  const stored = new Set((await db.query<{ slug: string }>('SELECT slug FROM brands')).rows.map((r) => r.slug));
  await db.end();
  expect(acked.filter((s) => !stored.has(s))).toEqual([]);
  expect(statuses.get(201)).toBe(acked.length);
  const health = await admin.get('/api/health');
  expect(health.body.database).toBe('ok');
});

it('keeps serving while Redis is down and uses it again when it is back', async () => {
  expect((await admin.get('/api/health')).body.redis).toBe('ok');
  await redis.stop();
  await eventually(async () => (await admin.get('/api/health')).body.redis === 'down');
  // rate-limited and plain routes both still answer (the in-process limiter stands in)
  expect((await new Client(node.url).post('/auth/login', { email: 'nobody@example.com', password: 'wrong password' })).status).toBe(401);
  expect((await admin.get('/me')).status).toBe(200);
  await redis.start();
  await eventually(async () => (await admin.get('/api/health')).body.redis === 'ok', 20_000);
  expect((await admin.get('/me')).status).toBe(200);
  expect(node.child.exitCode).toBeNull();
});
