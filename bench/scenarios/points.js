'use strict';
/** GET /api/v1/me/points/entries: a logged-in member's points history (keyset page). */
module.exports = {
  name: 'points-history',
  order: 20,
  title: 'My points history (ledger page)',
  issue: 5,
  requires: ['points_entries'],
  target: 'no target set in the issue; same bar as reads: ≥ 60% of bare, p99 ≤ 25 ms at 70%',
  method: 'GET',
  route: '/api/v1/me/points/entries',
  paths: () => ['/api/v1/me/points/entries'],
};
