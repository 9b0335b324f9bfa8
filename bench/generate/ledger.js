'use strict';
/**
 * The points ledger: `ledgerEntries` entries over every member (awards mostly, some spends and
 * refunds-free adjustments), three tiers, and balances equal to the sum of entries. Written in
 * bulk with the per-row balance trigger switched off for this session
 * (`session_replication_role = replica`), then balances computed from the entries in one
 * statement: the invariant balance = sum of entries holds exactly as the trigger would keep it.
 * Deterministic: every value is a function of the row number and the seed.
 */
async function generate(db, { members, sessions, ledgerEntries }, seed) {
  await db.query(`INSERT INTO loyalty_tiers (name, name_ar, min_points, multiplier_pct, color)
                  VALUES ('Bronze', 'برونزي', 0, 100, '#cd7f32'), ('Silver', 'فضي', 500, 110, '#c0c0c0'), ('Gold', 'ذهبي', 2000, 125, '#ffd700')`);
  await db.query(`SET session_replication_role = replica`);
  try {
    // awards: member = a hash of the row over all members (skewed: low ids are more active)
    await db.query(
      `INSERT INTO points_entries (user_id, kind, delta, earned_delta, reason, source_type, source_id, rule, created_at)
       SELECT u, 'award', pts, pts, 'web.loyalty.reasons.bench', 'bench', g, 'bench', now() - make_interval(mins => ((g::bigint * 7919 + $3::bigint) % 525600)::int)
         FROM (SELECT g,
                      1 + (CASE WHEN g % 3 = 0 THEN (g::bigint * 2654435761 + $3::bigint) % GREATEST($2::bigint / 10, 1) ELSE (g::bigint * 2654435761 + $3::bigint) % $2::bigint END) AS u,
                      (5 + (g::bigint * 40503 + $3::bigint) % 46)::int AS pts
                 FROM generate_series(1, $1::int) g) s`,
      [Math.floor(ledgerEntries * 0.9), members, seed],
    );
    // spends: a tenth of the entries, each at most the member's earnings so far / 4
    await db.query(
      `INSERT INTO points_entries (user_id, kind, delta, reason, source_type, source_id, created_at)
       SELECT e.user_id, 'spend', -LEAST(e.delta, 5 + (e.id % 20)), 'web.rewards.reasons.redeemed', 'bench-spend', e.id, e.created_at + interval '1 hour'
         FROM points_entries e WHERE e.kind = 'award' AND e.id % 9 = 0`,
    );
    // the members the benchmark logs in as can afford what the scenarios make them redeem
    await db.query(
      `INSERT INTO points_entries (user_id, kind, delta, earned_delta, reason, source_type, source_id, rule)
       SELECT u, 'award', 2000, 2000, 'web.loyalty.reasons.bench', 'bench-topup', u, 'bench-topup'
         FROM generate_series(11, 10 + $1::int) u`,
      [Math.min(sessions, members - 10)],
    );
    await db.query(
      `INSERT INTO points_balances (user_id, available, pending, debt, earned, tier_id)
       SELECT e.user_id, sum(e.delta), sum(e.pending_delta), sum(e.debt_delta), sum(e.earned_delta),
              (SELECT t.id FROM loyalty_tiers t WHERE t.min_points <= sum(e.earned_delta) ORDER BY t.min_points DESC LIMIT 1)
         FROM points_entries e GROUP BY e.user_id`,
    );
  } finally {
    await db.query(`SET session_replication_role = DEFAULT`);
  }
  const bad = await db.query(`SELECT count(*)::int AS n FROM points_balances WHERE available < 0`);
  if (bad.rows[0].n) throw new Error('ledger generator produced negative balances');
}

module.exports = { name: 'ledger', version: 2, order: 10, requires: ['points_entries', 'points_balances', 'loyalty_tiers'], generate };
