'use strict';
/**
 * Leaderboards: the all-time board (overall, brand 0) of every ranked member (role member) with
 * their earned points from the ledger, and its buckets (members per score), exactly as the
 * loyalty handler would have built them entry by entry. Runs after the ledger generator.
 */
async function generate(db) {
  await db.query(
    `INSERT INTO leaderboard_scores (period, period_start, brand_id, user_id, points)
     SELECT 'all', DATE '1970-01-01', 0, b.user_id, b.earned
       FROM points_balances b JOIN users u ON u.id = b.user_id
      WHERE u.role = 'member' AND b.earned <> 0`,
  );
  await db.query(
    `INSERT INTO leaderboard_buckets (period, period_start, brand_id, points, members)
     SELECT period, period_start, brand_id, points, count(*) FROM leaderboard_scores GROUP BY period, period_start, brand_id, points`,
  );
}

module.exports = { name: 'leaderboard', version: 1, order: 15, requires: ['leaderboard_scores', 'leaderboard_buckets', 'points_balances'], generate };
