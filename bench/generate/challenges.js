'use strict';
/**
 * Engagement: `challenges` challenges (a third running now, the rest ended), action and steps
 * challenges counting forum posts and reactions, streaks and community goals among them, with
 * participants (the logged-in members join the running ones) and completions for some.
 * Deterministic from the seed.
 */
async function generate(db, { members, sessions, challenges }, seed) {
  await db.query(
    `INSERT INTO challenges (id, title, title_ar, description, kind, scope, steps, streak_days, community_target, points, starts_at, ends_at)
     SELECT g, 'Challenge ' || g, 'التحدي ' || g, 'Post and react',
            CASE g % 4 WHEN 0 THEN 'action' WHEN 1 THEN 'steps' WHEN 2 THEN 'streak' ELSE 'action' END,
            CASE WHEN g % 10 = 0 THEN 'community' ELSE 'individual' END,
            CASE g % 4
              WHEN 1 THEN '[{"action":"post.created","count":3},{"action":"reaction.added","count":2}]'::jsonb
              ELSE '[{"action":"post.created","count":5}]'::jsonb END,
            CASE WHEN g % 4 = 2 THEN 7 END,
            CASE WHEN g % 10 = 0 THEN 1000 END,
            10 + (g * 7) % 90,
            now() - make_interval(days => 10 + (g % 3) * 30),
            CASE WHEN g % 3 = 0 THEN now() + interval '30 days' ELSE now() - make_interval(days => 1 + (g % 3) * 5) END
       FROM generate_series(1, $1::int) g`,
    [challenges],
  );
  await db.query(`SELECT setval(pg_get_serial_sequence('challenges', 'id'), $1)`, [challenges]);
  // every member joined a couple of challenges; the logged-in ones also each running one
  await db.query(
    `INSERT INTO challenge_participants (challenge_id, user_id, total, joined_at)
     SELECT DISTINCT 1 + ((u::bigint * 7919 + k * 104729 + $3::bigint) % $1::int), u, 0, now() - interval '5 days'
       FROM generate_series(11, $2::int) u, generate_series(1, 2) k
     ON CONFLICT DO NOTHING`,
    [challenges, members, seed % 1000],
  );
  await db.query(
    `INSERT INTO challenge_participants (challenge_id, user_id, total, joined_at)
     SELECT 3 * (1 + u % GREATEST($1::int / 3, 1)), u, 0, now() - interval '1 day'
       FROM generate_series(11, 10 + $2::int) u
     ON CONFLICT DO NOTHING`,
    [challenges, Math.min(sessions, members - 10)],
  );
  await db.query(
    `WITH done AS (
       UPDATE challenge_participants SET completed_at = joined_at + interval '2 days', total = 5
        WHERE (user_id + challenge_id) % 5 = 0 AND challenge_id % 3 <> 0 RETURNING challenge_id, user_id, completed_at)
     INSERT INTO challenge_completions (challenge_id, user_id, created_at) SELECT challenge_id, user_id, completed_at FROM done`,
  );
}

module.exports = { name: 'challenges', version: 1, order: 50, requires: ['challenges', 'challenge_participants', 'challenge_completions'], generate };
