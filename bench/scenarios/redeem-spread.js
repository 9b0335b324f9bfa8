'use strict';
/**
 * Redemptions spread over the members: every request a different logged-in member (all the
 * benchmark's sessions in turn: 100,000 members in full mode) and one of many ordinary catalog
 * items (digital and ticket rewards costing at most 100 points, a prime number of them so a
 * member meets the same item again only after tokens × items requests; the items' per-member
 * limit is checked, set high enough for the SQL capture's repeated requests).
 * Little contention: what one redemption costs when members do not queue for one row. Same
 * ceiling and books as the hot-item scenario.
 */
const { books, redeemRoute, restock, settle } = require('./redeem');

/** the generator's cost of reward g (bench/generate/rewards.js) */
const cost = (g, seed) => 20 + Number((BigInt(g) * 7919n + BigInt(seed)) % 400n);
const isPrime = (n) => n > 1 && Array.from({ length: Math.floor(Math.sqrt(n)) - 1 }, (_, i) => i + 2).every((d) => n % d);

function items(ctx) {
  const out = [];
  for (let g = 11; g <= ctx.sizes.rewards; g++) if ((g % 4 === 1 || g % 4 === 3) && cost(g, ctx.seed) <= 100) out.push(g);
  let n = out.length;
  while (n > 1 && !(isPrime(n) && ctx.tokens.length % n)) n--;
  return out.slice(0, n);
}

module.exports = {
  ...redeemRoute,
  name: 'redeem-spread',
  order: 61,
  title: 'Redeem catalog items, spread over the members',
  paths: (ctx) => items(ctx).map((id) => `/api/v1/rewards/${id}/redeem`),
  headers: { 'idempotency-key': 'bench-spread-${n}' },
  async prepare(ctx) {
    await restock(ctx.db, items(ctx));
    // the limit stays checked, but high enough for the capture's repeated requests of one member
    await ctx.db.query(`UPDATE rewards SET per_member_limit = 1000 WHERE id = ANY($1::bigint[])`, [items(ctx)]);
  },
  async after(ctx) {
    await settle();
    const b = await books(ctx.db, items(ctx));
    console.log(`   books: ${b.redemptions} redemptions of ${items(ctx).length} items, overspends ${b.overspends}`);
    return { overspends: b.overspends, redemptions: b.redemptions, items: items(ctx).length, members: ctx.tokens.length };
  },
};
