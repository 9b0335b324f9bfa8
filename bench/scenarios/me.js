'use strict';
/** GET /api/v1/me for logged-in members: session lookup, profile, brand memberships. */
module.exports = {
  name: 'me',
  order: 0,
  requires: ['users', 'sessions'],
  title: 'Who am I (session lookup + profile)',
  issue: 2,
  target: 'no target set; the cost floor of every authenticated request',
  method: 'GET',
  route: '/api/v1/me',
  paths: () => ['/api/v1/me'],
};
