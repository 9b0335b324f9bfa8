'use strict';
/**
 * GET /api/v1/analytics/overview for a brand manager over the last 90 days (monthly retention):
 * the whole dashboard (DAU/WAU/MAU series, retention, CRR, churn, participation, NPS/CSAT trend,
 * points, challenges, events, charity and the previous period) in one request. Each logged-in
 * bench member manages one bench brand (bench/generate/analytics.js) and asks for it.
 */
const BRANDS = 10;
let brandIds = [];
const day = (d) => new Date(Date.now() - d * 86_400_000).toISOString().slice(0, 10);

module.exports = {
  name: 'analytics-overview',
  order: 60,
  title: 'Brand loyalty dashboard, 90 days (analytics overview)',
  issue: 8,
  requires: ['analytics_period_stats'],
  available: async (ctx) =>
    (await ctx.db.query(`SELECT 1 FROM brands WHERE slug = 'bench-a-1'`)).rowCount ? null : 'the analytics facts were not generated',
  target: 'p95 ≤ 500 ms with 1,000,000 members and 10,000,000 activity events (issue 8)',
  method: 'GET',
  route: '/api/v1/analytics/overview',
  async prepare(ctx) {
    brandIds = (await ctx.db.query(`SELECT id FROM brands WHERE slug LIKE 'bench-a-%' ORDER BY id`)).rows.map((r) => Number(r.id));
  },
  // request i carries token i (stride 1): member 11 + i manages brand i % 10
  paths: (ctx) => ctx.tokens.map((_, k) => `/api/v1/analytics/overview?brandId=${brandIds[k % BRANDS]}&from=${day(89)}&to=${day(0)}&grain=month`),
  routeParams: () => ({}),
};
