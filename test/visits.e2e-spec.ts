/**
 * Identity publishes the facts loyalty and analytics count: the first sign of life on a new day of
 * the member's calendar (`member.visited`) and a profile becoming complete
 * (`member.profile_completed`), each turned into at most one award.
 */
import { one, rows } from '../apps/api/src/common/sql';
import { Db } from '../apps/api/src/database/db.service';
import { startApp, type TestApp } from './support/app';
import { makeMember } from './support/factories';
import { awardsOf, makeRule, settle } from './support/loyalty';
import { png } from './security/policies/index';

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
  await makeRule(app, { action: 'member.visited', points: 3 });
  await makeRule(app, { action: 'member.profile_completed', points: 20 });
});
afterAll(async () => {
  await app?.close();
});

const ds = () => app.get(Db).ds;
const events = (type: string, userId: number) =>
  rows<{ payload: { day?: string } }>(ds(), `SELECT payload FROM outbox WHERE type = $1 AND (payload->>'userId')::bigint = $2 ORDER BY id`, [type, userId]);
/** as if the member's session was last used `minutes` ago and the member last seen `days` ago */
async function rewind(userId: number, minutes: number, days: number) {
  await ds().query(`UPDATE sessions SET last_seen_at = now() - make_interval(mins => $2) WHERE user_id = $1`, [userId, minutes]);
  await ds().query(`UPDATE users SET last_seen_at = now() - make_interval(days => $2) WHERE id = $1`, [userId, days]);
}

it('publishes member.visited once per day of the member calendar, and the visit earns once', async () => {
  const m = await makeMember(app);
  await ds().query(`UPDATE users SET time_zone = 'Asia/Riyadh' WHERE id = $1`, [m.id]);
  await rewind(m.id, 5, 1);
  expect((await m.api.get('/me')).status).toBe(200);
  await app.drain(); // the session's touch runs beside the request
  const today = await one<{ d: string }>(ds(), `SELECT to_char(now() AT TIME ZONE 'Asia/Riyadh', 'YYYY-MM-DD') AS d`);
  expect((await events('member.visited', m.id)).map((e) => e.payload.day)).toEqual([today!.d]);

  // later the same day: the session is touched again, but it is not a new visit
  await ds().query(`UPDATE sessions SET last_seen_at = now() - interval '5 minutes' WHERE user_id = $1`, [m.id]);
  expect((await m.api.get('/me')).status).toBe(200);
  await app.drain();
  expect(await events('member.visited', m.id)).toHaveLength(1);

  await settle(app);
  expect((await awardsOf(app, m.id, 'member.visited')).map((a) => a.delta + a.pending_delta)).toEqual([3]);
});

it('publishes member.profile_completed when avatar, bio and birthday are all set, once', async () => {
  const m = await makeMember(app);
  const up = await one<{ id: number }>(
    ds(),
    `INSERT INTO uploads (owner_id, kind, content_type, width, height, bytes, sha256, data) VALUES ($1, 'avatar', 'image/png', 8, 8, 1, $2, $3) RETURNING id`,
    [m.id, 'a'.repeat(64), await png()],
  );
  expect((await m.api.patch('/me', { bio: 'I love coffee', avatarUploadId: up!.id })).status).toBe(200);
  expect(await events('member.profile_completed', m.id)).toHaveLength(0);
  expect((await m.api.patch('/me', { birthday: '1990-05-01' })).status).toBe(200);
  expect((await m.api.patch('/me', { bio: 'I love tea' })).status).toBe(200);
  expect(await events('member.profile_completed', m.id)).toHaveLength(1);
  await settle(app);
  expect((await awardsOf(app, m.id, 'member.profile_completed')).map((a) => a.delta + a.pending_delta)).toEqual([20]);
});
