'use strict';
/** GET /api/v1/forum/topics?categoryId=: the latest topics of a category, for logged-in members. */
const FORUM = ['forum_topics', 'forum_posts', 'forum_categories'];

module.exports = {
  name: 'topic-list',
  order: 30,
  title: 'Topic list (latest in a category)',
  issue: 3,
  requires: FORUM,
  target: '≥ 60% of bare, p99 ≤ 25 ms at 70% load',
  method: 'GET',
  route: '/api/v1/forum/topics',
  // the first path is the one captured: category 7 collides with no constant of the query
  paths: (ctx) => Array.from({ length: ctx.sizes.categories }, (_, i) => `/api/v1/forum/topics?categoryId=${((i + 6) % ctx.sizes.categories) + 1}`),
};
