'use strict';
/**
 * The rest of the community analytics dashboard (issue 8) as an admin opens it after the
 * overview: the cohort retention grid by sign-up month and customer lifetime value, over the
 * last twelve months. One visit = both requests.
 */
const day = (d) => new Date(Date.now() - d * 86_400_000).toISOString().slice(0, 10);
const range = () => `from=${day(364)}&to=${day(0)}`;

module.exports = {
  name: 'dashboard-cohorts',
  order: 91,
  title: 'Analytics dashboard (cohort grid + CLTV, 12 months; 2 requests per visit)',
  issue: 8,
  requires: ['analytics_period_stats'],
  target: 'p95 ≤ 500 ms',
  admin: true,
  connections: 8,
  steps: [
    { method: 'GET', route: '/api/v1/analytics/cohorts', paths: () => [`/api/v1/analytics/cohorts?${range()}`], routeParams: () => ({}) },
    { method: 'GET', route: '/api/v1/analytics/cltv', paths: () => [`/api/v1/analytics/cltv?${range()}`], routeParams: () => ({}) },
  ],
};
