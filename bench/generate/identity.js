'use strict';
/**
 * Members and their sessions. Ids are explicit (1..members) so tokens can name their member;
 * one argon2id hash serves every bench account (its password is `bench password 1`).
 */
const { createHash } = require('node:crypto');


function benchToken(userId, seed) {
  return `wala_bench_${userId}_${createHash('sha256').update(`${seed}:${userId}`).digest('hex').slice(0, 32)}`;
}

async function generate(db, { members, sessions }, seed) {
  const { hash } = require('@node-rs/argon2');
  const BENCH_HASH = await hash('bench password 1', { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 });
  await db.query(
    `INSERT INTO users (id, email, password_hash, display_name, role, locale, time_zone, referral_code, email_verified_at, created_at)
     SELECT g, 'm' || g || '@bench.wala', $1, 'Member ' || g,
            CASE WHEN g <= 3 THEN 'admin' WHEN g <= 10 THEN 'moderator' ELSE 'member' END,
            CASE WHEN g % 2 = 0 THEN 'ar' ELSE 'en' END,
            (ARRAY['Asia/Riyadh','Africa/Cairo','Europe/London','America/New_York'])[1 + g % 4],
            'B' || to_hex(g), now(), now() - make_interval(days => ((g::bigint * 7919) % 730)::int)
       FROM generate_series(1, $2::int) g`,
    [BENCH_HASH, members],
  );
  await db.query(`SELECT setval(pg_get_serial_sequence('users', 'id'), $1)`, [members]);
  const n = Math.min(sessions, members - 10);
  // staff (admins 1–3, moderators 4–10) have sessions too, for the dashboards
  const tokens = [];
  for (let id = 1; id < 11 + n && id <= members; id++) tokens.push(benchToken(id, seed));
  // insert in chunks: one statement per 5,000 sessions
  for (let i = 0; i < tokens.length; i += 5000) {
    const chunk = tokens.slice(i, i + 5000);
    await db.query(
      `INSERT INTO sessions (user_id, token_hash, kind, last_seen_at, expires_at)
       SELECT split_part(t, '_', 3)::bigint, encode(sha256(convert_to(t, 'UTF8')), 'hex'), 'bearer', now(), now() + interval '365 days'
         FROM unnest($1::text[]) t`,
      [chunk],
    );
  }
  return { tokens };
}

module.exports = { name: 'identity', version: 2, order: 0, requires: ['users', 'sessions'], generate, benchToken };
