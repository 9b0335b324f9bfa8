'use strict';
/**
 * Analytics facts for the dashboard benchmark: `members × 10` activity events (10,000,000 in
 * --full) over the last 365 days, a third of them on one of 10 brands' content, turned into the
 * rows the ingest keeps (member-days, -weeks, -months), then the rollups derived from those rows
 * exactly as `analytics_touch` would have counted them (active, new, retained, participants,
 * cohorts); plus ledger days, challenge and event facts, donations and purchases. Bench members
 * 11.. (the logged-in ones) manage the bench brands in turn, so the dashboard is asked as a brand
 * manager. Deterministic: every value is a function of the row number and the seed.
 */
async function generate(db, { members, sessions }, seed) {
  const B = 10;
  const events = members * 10;
  const { rows: brands } = await db.query(
    `INSERT INTO brands (slug, name, name_ar) SELECT 'bench-a-' || g, 'Bench brand ' || g, 'علامة ' || g FROM generate_series(1, $1::int) g RETURNING id`,
    [B],
  );
  const ids = brands.map((b) => Number(b.id));
  await db.query(
    `INSERT INTO brand_members (brand_id, user_id, role)
     SELECT ($1::bigint[])[1 + k % $2], 11 + k, 'manager' FROM generate_series(0, $3::int - 1) k WHERE 11 + k <= $4 ON CONFLICT DO NOTHING`,
    [ids, B, Math.min(sessions, members - 10), members],
  );
  // member-days: community scope for every event, the brand's for a third of them
  await db.query(
    `INSERT INTO analytics_user_periods (scope, grain, period, user_id, flags)
     SELECT s.scope, 'd', s.day, s.u, bit_or(s.flags)::smallint FROM (
       SELECT CASE WHEN b THEN ($4::bigint[])[1 + g % 10] ELSE 0 END::int AS scope, u, day, flags
         FROM (SELECT g, 1 + (g::bigint * 2654435761 + $2::bigint) % $1::bigint AS u,
                      current_date - ((g::bigint * 40503 + $2::bigint) % 365)::int AS day,
                      (CASE WHEN g % 7 = 0 THEN 1 ELSE 0 END) | (CASE WHEN g % 11 = 0 THEN 2 ELSE 0 END) | (CASE WHEN g % 5 = 0 THEN 4 ELSE 0 END) AS flags
                 FROM generate_series(1, $3::int) g) e, (VALUES (false), (true)) v(b)
        WHERE NOT b OR g % 3 = 0) s
     GROUP BY 1, 2, 3, 4`,
    [members, seed, events, ids],
  );
  for (const [g, trunc] of [
    ['w', 'week'],
    ['m', 'month'],
  ]) {
    await db.query(
      `INSERT INTO analytics_user_periods (scope, grain, period, user_id, flags)
       SELECT scope, $1::char, date_trunc($2::text, period::timestamp)::date, user_id, bit_or(flags)::smallint
         FROM analytics_user_periods WHERE grain = 'd' GROUP BY 1, 2, 3, 4`,
      [g, trunc],
    );
  }
  await db.query(
    `INSERT INTO analytics_members (scope, user_id, first_day)
     SELECT scope, user_id, min(period) FROM analytics_user_periods WHERE grain = 'd' GROUP BY 1, 2`,
  );
  // rollups, counted as analytics_touch counts them
  await db.query(
    `INSERT INTO analytics_period_stats (scope, grain, period, active, retained, participants, retained_participants, challenge_members, event_members, chat_members)
     SELECT c.scope, c.grain, c.period, count(*), count(p.user_id), count(*) FILTER (WHERE c.flags <> 0),
            count(*) FILTER (WHERE p.flags <> 0), count(*) FILTER (WHERE c.flags & 1 <> 0), count(*) FILTER (WHERE c.flags & 2 <> 0),
            count(*) FILTER (WHERE c.flags & 4 <> 0)
       FROM analytics_user_periods c
       LEFT JOIN analytics_user_periods p ON p.scope = c.scope AND p.grain = c.grain AND p.user_id = c.user_id
                                          AND p.period = analytics_step(c.grain, c.period, -1)
      GROUP BY 1, 2, 3`,
  );
  for (const g of ['d', 'w', 'm']) {
    await db.query(
      `INSERT INTO analytics_period_stats AS s (scope, grain, period, new_members)
       SELECT scope, $1::char, analytics_period($1::char, first_day), count(*) FROM analytics_members GROUP BY 1, 2, 3
       ON CONFLICT (scope, grain, period) DO UPDATE SET new_members = EXCLUDED.new_members`,
      [g],
    );
  }
  await db.query(
    `INSERT INTO analytics_cohorts (scope, cohort, period, active)
     SELECT p.scope, analytics_period('m', m.first_day), p.period, count(*)
       FROM analytics_user_periods p JOIN analytics_members m ON m.scope = p.scope AND m.user_id = p.user_id
      WHERE p.grain = 'm' GROUP BY 1, 2, 3`,
  );
  // the ledger by day and kind, challenges, events, donations, purchases
  await db.query(
    `INSERT INTO analytics_points_daily (scope, day, kind, total, entries)
     SELECT s.scope, current_date - d, k.kind, k.sign * (1000 + (d * 7919 + s.scope * 31) % 5000) * (CASE WHEN s.scope = 0 THEN 10 ELSE 1 END), 100
       FROM generate_series(0, 730) d, (SELECT 0 AS scope UNION ALL SELECT unnest($1::bigint[])::int) s,
            (VALUES ('award', 1), ('spend', -1), ('refund', 1), ('donation', -1), ('expiry', -1), ('reversal', -1)) k(kind, sign)
      WHERE k.kind = 'award' OR d % 3 = 0`,
    [ids],
  );
  const facts = Math.max(1000, Math.floor(members / 5));
  await db.query(
    `INSERT INTO analytics_challenge_facts (challenge_id, user_id, brand_id, joined_day, completed_day)
     SELECT 1 + g % 2000, 1 + (g::bigint * 2654435761) % $1::bigint, CASE WHEN g % 2 = 0 THEN ($3::bigint[])[1 + g % 10] END,
            current_date - (g % 365), CASE WHEN g % 3 = 0 THEN current_date - (g % 365) + 5 END
       FROM generate_series(1, $2::int) g ON CONFLICT DO NOTHING`,
    [members, facts, ids],
  );
  await db.query(
    `INSERT INTO analytics_event_brands (event_id, brand_id) SELECT g, CASE WHEN g % 2 = 0 THEN ($1::bigint[])[1 + g % 10] END FROM generate_series(1, 2000) g`,
    [ids],
  );
  await db.query(
    `INSERT INTO analytics_event_facts (event_id, user_id, rsvp_status, rsvp_day, checked_in_day)
     SELECT 1 + g % 2000, 1 + (g::bigint * 40503) % $1::bigint, CASE WHEN g % 5 = 0 THEN 'maybe' ELSE 'going' END,
            current_date - (g % 365), CASE WHEN g % 4 <> 0 THEN current_date - (g % 365) + 3 END
       FROM generate_series(1, $2::int) g ON CONFLICT DO NOTHING`,
    [members, facts],
  );
  await db.query(
    `INSERT INTO analytics_donations (donation_id, brand_id, points, amount_minor, currency, day)
     SELECT g, CASE WHEN g % 2 = 0 THEN ($2::bigint[])[1 + g % 10] END, 100, 500 + g % 1000, (ARRAY['SAR', 'USD', 'EGP'])[1 + g % 3], current_date - (g % 365)
       FROM generate_series(1, $1::int) g`,
    [Math.floor(facts / 2), ids],
  );
  await db.query(
    `INSERT INTO analytics_purchases (user_id, brand_id, amount_minor, currency, purchased_on)
     SELECT 1 + (g::bigint * 2654435761) % $1::bigint, ($3::bigint[])[1 + g % 10], 1000 + g % 9000, (ARRAY['SAR', 'USD'])[1 + g % 2], current_date - (g % 730)
       FROM generate_series(1, $2::int) g`,
    [members, facts, ids],
  );
}

module.exports = { name: 'analytics', version: 2, order: 60, requires: ['analytics_period_stats', 'surveys'], generate };
