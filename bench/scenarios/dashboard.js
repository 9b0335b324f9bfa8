'use strict';
/**
 * The community analytics dashboard (issue 8) as admins open it: GET /api/v1/analytics/overview
 * (summary against the previous period, daily/weekly/monthly series, retention, NPS/CSAT trend)
 * over the last 90 days, weekly grain.
 */
module.exports = {
  name: 'dashboard',
  order: 90,
  title: 'Analytics dashboard (community overview, 90 days)',
  issue: 8,
  requires: ['analytics_period_stats', 'survey_responses'],
  target: 'p95 ≤ 500 ms',
  admin: true,
  connections: 8,
  method: 'GET',
  route: '/api/v1/analytics/overview',
  paths: () => {
    const to = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 89 * 86400_000).toISOString().slice(0, 10);
    return [`/api/v1/analytics/overview?grain=week&from=${from}&to=${to}`];
  },
};
