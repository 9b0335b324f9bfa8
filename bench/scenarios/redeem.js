'use strict';
/**
 * Redemption of 10 hot items under contention: logged-in members (each request a different
 * member and a fresh Idempotency-Key) redeem rewards 1–10 (digital, 5 points). Every request
 * locks the member's balance and the item's stock row. The ceiling is the bare handler running
 * the very statements the app logged, in one transaction, each request's ids bound from the
 * rows its own earlier statements returned. Afterwards the books are checked: for each hot item,
 * redemptions + remaining stock = initial stock, every redemption has exactly one spend entry of
 * its points, and no balance is negative; any difference is an overspend (must be 0). Then a
 * sell-out: the items' stock is set to 25 and the load run again: at most 25 may be sold of each
 * (exactly 25 when demand exceeds it), the books checked again.
 */
const { applyRefs } = require('../lib/plan');

const HOT = 10;
const hotIds = Array.from({ length: HOT }, (_, i) => i + 1);
const settle = () => new Promise((r) => setTimeout(r, 2000));
/** position of source_id among the ledger insert's parameters (checked against the capture) */
const SOURCE_ID_PARAM = 9;

/** the books of the given items (their ids): any difference is an overspend */
async function books(db, ids) {
  const r = await db.query(
    `SELECT
       (SELECT count(*)::int FROM rewards r WHERE r.id = ANY($1::bigint[])
           AND r.stock + (SELECT count(*) FROM redemptions d WHERE d.reward_id = r.id AND d.status <> 'cancelled') <> r.bench_initial_stock) AS stock_mismatch,
       (SELECT count(*)::int FROM redemptions d WHERE d.reward_id = ANY($1::bigint[]) AND d.status <> 'cancelled'
           AND (SELECT count(*) FROM points_entries e WHERE e.kind = 'spend' AND e.source_type = 'redemption' AND e.source_id = d.id AND e.delta = -d.points) <> 1) AS unpaid,
       (SELECT count(*)::int FROM points_balances WHERE available < 0) AS negative,
       (SELECT count(*)::int FROM rewards WHERE id = ANY($1::bigint[]) AND stock < 0) AS negative_stock,
       (SELECT count(*)::int FROM redemptions WHERE reward_id = ANY($1::bigint[])) AS redemptions`,
    [ids],
  );
  const b = r.rows[0];
  return { ...b, overspends: b.stock_mismatch + b.unpaid + b.negative + b.negative_stock };
}

/** ids the request's own statements returned: the redemption's id and the spend entry's id */
const redeemRefs = (plan) =>
  applyRefs(plan, [
    { stmt: /INSERT INTO points_entries/i, param: SOURCE_ID_PARAM, from: /INSERT INTO redemptions/i, col: 'id' },
    { stmt: /UPDATE redemptions SET code/i, param: 0, from: /INSERT INTO redemptions/i, col: 'id' },
    { stmt: /UPDATE redemptions SET code/i, param: 2, from: /INSERT INTO points_entries/i, col: 'id' },
    { stmt: /WHERE d\.id = \$1/i, param: 0, from: /INSERT INTO redemptions/i, col: 'id' },
  ]);

/** A reused database keeps what earlier runs sold: the items get deep stock again, and the books their starting point. */
async function restock(db, ids) {
  await db.query(`UPDATE rewards SET stock = 1000000 WHERE id = ANY($1::bigint[])`, [ids]);
  await db.query(`ALTER TABLE rewards ADD COLUMN IF NOT EXISTS bench_initial_stock int`);
  await db.query(
    `UPDATE rewards SET bench_initial_stock = stock + (SELECT count(*) FROM redemptions d WHERE d.reward_id = rewards.id AND d.status <> 'cancelled')
      WHERE id = ANY($1::bigint[])`,
    [ids],
  );
}

/** The redeem route as both redemption scenarios call it and measure it against its ceiling. */
const redeemRoute = {
  issue: 7,
  requires: ['rewards', 'redemptions', 'points_balances'],
  target: '≥ 70% of bare SQL, zero overspends',
  ceilingKind: 'bare Fastify + pg running the logged statements (ids chained)',
  method: 'POST',
  route: '/api/v1/rewards/:rewardId/redeem',
  routeParams: (p) => ({ rewardId: Number(/rewards\/(\d+)/.exec(p)[1]) }),
  bodies: () => [{}],
  refs: redeemRefs,
};

module.exports = {
  ...redeemRoute,
  name: 'redeem-hot',
  order: 60,
  title: 'Redeem one of 10 hot items under contention',
  paths: () => Array.from({ length: HOT }, (_, i) => `/api/v1/rewards/${i + 1}/redeem`),
  headers: { 'idempotency-key': 'bench-${n}' },
  prepare: (ctx) => restock(ctx.db, hotIds),
  async after(ctx, run) {
    // requests still in flight when the load generator stopped finish on the server first
    await settle();
    const b = await books(ctx.db, hotIds);
    console.log(`   books: ${b.redemptions} redemptions of the hot items, overspends ${b.overspends}`);
    // sell-out: 25 units left of each hot item, far more demand than that
    const SELL = 25;
    await ctx.db.query(`UPDATE rewards SET stock = $2::int WHERE id <= $1`, [HOT, SELL]);
    await ctx.db.query(
      `UPDATE rewards SET bench_initial_stock = stock + (SELECT count(*) FROM redemptions d WHERE d.reward_id = rewards.id AND d.status <> 'cancelled') WHERE id = ANY($1::bigint[])`,
      [hotIds],
    );
    const before = await ctx.db.query(`SELECT count(*)::int AS n FROM redemptions WHERE reward_id <= $1`, [HOT]);
    await run({ duration: Math.max(2, Math.ceil(ctx.duration / 2)) });
    await settle();
    const after = await books(ctx.db, hotIds);
    const left = await ctx.db.query(`SELECT count(*)::int AS n FROM rewards WHERE id <= $1 AND stock <> 0`, [HOT]);
    const sold = after.redemptions - before.rows[0].n;
    console.log(`   sell-out: ${sold} sold of ${HOT * SELL} units, ${left.rows[0].n} items not sold out, overspends ${after.overspends}`);
    return { overspends: b.overspends + after.overspends, redemptions: b.redemptions, 'sell-out sold/units': `${sold}/${HOT * SELL}` };
  },
  // shared with the spread scenario (redeem-spread.js)
  books,
  redeemRoute,
  restock,
  settle,
};
