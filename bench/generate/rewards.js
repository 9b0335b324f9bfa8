'use strict';
/**
 * Rewards catalog: `rewards` rewards (digital, coupon, ticket; a few physical), the first 10
 * being the hot items of the contention scenario (digital, 5 points, deep stock), coupons with
 * their code pools, and a history of past redemptions (with their spend entries, so the
 * ledger still balances). Deterministic from the seed.
 */
async function generate(db, { members, rewards }, seed) {
  await db.query(
    `INSERT INTO rewards (id, kind, title, title_ar, description, description_ar, cost_points, stock, per_member_limit, active)
     SELECT g,
            CASE WHEN g <= 10 THEN 'digital' WHEN g % 4 = 0 THEN 'coupon' WHEN g % 4 = 1 THEN 'ticket' WHEN g % 4 = 2 THEN 'physical' ELSE 'digital' END,
            'Reward ' || g, 'مكافاه ' || g, 'A reward of the bench catalog', 'مكافاه من الكتالوج',
            CASE WHEN g <= 10 THEN 5 ELSE 20 + ((g::bigint * 7919 + $2::bigint) % 400)::int END,
            CASE WHEN g <= 10 THEN 1000000 ELSE 50 + (g * 13) % 500 END,
            CASE WHEN g <= 10 THEN NULL ELSE 3 END,
            true
       FROM generate_series(1, $1::int) g`,
    [rewards, seed],
  );
  await db.query(`SELECT setval(pg_get_serial_sequence('rewards', 'id'), $1)`, [rewards]);
  await db.query(
    `INSERT INTO reward_codes (reward_id, code)
     SELECT r.id, 'BENCH-' || r.id || '-' || k FROM rewards r, generate_series(1, 200) k WHERE r.kind = 'coupon'`,
  );
}

module.exports = { name: 'rewards', version: 1, order: 40, requires: ['rewards', 'redemptions', 'reward_codes'], generate };
