'use strict';
/**
 * Analytics aggregates for the community scope (0) over the last 400 days, as the ingest would
 * have left them: daily/weekly/monthly period stats sized to the member count, points per day
 * and kind, challenge participation facts (half the members), event facts, and an open NPS/CSAT
 * survey with a tenth of the members' responses. Deterministic from the seed.
 */
async function generate(db, { members }, seed) {
  const active = Math.max(10, Math.floor(members / 5));
  await db.query(
    `INSERT INTO analytics_period_stats (scope, grain, period, active, new_members, retained, participants, retained_participants, challenge_members, event_members, chat_members)
     SELECT 0, g.grain, g.period,
            (g.mult * $1::int * (80 + (d * 7919 + $2::int) % 40) / 100)::int,
            (g.mult * $1::int / 20)::int, (g.mult * $1::int / 2)::int, (g.mult * $1::int / 3)::int, (g.mult * $1::int / 5)::int,
            (g.mult * $1::int / 6)::int, (g.mult * $1::int / 12)::int, (g.mult * $1::int / 4)::int
       FROM (SELECT 'd' AS grain, (current_date - d) AS period, 1 AS mult, d FROM generate_series(0, 399) d
             UNION ALL SELECT 'w', (date_trunc('week', current_date)::date - 7 * d), 3, d FROM generate_series(0, 57) d
             UNION ALL SELECT 'm', (date_trunc('month', current_date)::date - make_interval(months => d))::date, 6, d FROM generate_series(0, 13) d) g`,
    [active, seed % 1000],
  );
  await db.query(
    `INSERT INTO analytics_points_daily (scope, day, kind, total, entries)
     SELECT 0, current_date - d, k.kind, k.sign * $1::bigint * (20 + d % 9), $1::int * (1 + d % 3)
       FROM generate_series(0, 399) d, (VALUES ('award', 1), ('spend', -1), ('donation', -1), ('expiry', -1)) k(kind, sign)`,
    [active],
  );
  await db.query(
    `INSERT INTO analytics_challenge_facts (challenge_id, user_id, brand_id, joined_day, completed_day)
     SELECT 1 + g % 50, g, NULL, current_date - (g % 120), CASE WHEN g % 3 = 0 THEN current_date - (g % 120) + 2 END
       FROM generate_series(1, $1::int) g`,
    [Math.floor(members / 2)],
  );
  await db.query(
    `INSERT INTO analytics_event_facts (event_id, user_id, rsvp_status, rsvp_day, checked_in_day)
     SELECT 1 + g % 20, g, 'going', current_date - (g % 90), CASE WHEN g % 2 = 0 THEN current_date - (g % 90) + 1 END
       FROM generate_series(1, $1::int) g`,
    [Math.floor(members / 5)],
  );
  const s = await db.query(
    `INSERT INTO surveys (title, title_ar, status, opened_at) VALUES ('How are we doing?', 'كيف حالنا؟', 'open', now() - interval '300 days') RETURNING id`,
  );
  await db.query(
    `INSERT INTO survey_responses (id, survey_id, answered_on, nps, csat, answers)
     SELECT md5($2::text || g)::uuid, $1::bigint, current_date - (g % 300), (g * 7 + $3::int) % 11, 1 + (g * 3) % 5, '{}'::jsonb
       FROM generate_series(1, $4::int) g`,
    [s.rows[0].id, seed, seed % 97, Math.floor(members / 10)],
  );
}

module.exports = {
  name: 'analytics',
  version: 1,
  order: 60,
  requires: ['analytics_period_stats', 'analytics_points_daily', 'analytics_challenge_facts', 'survey_responses'],
  generate,
};
