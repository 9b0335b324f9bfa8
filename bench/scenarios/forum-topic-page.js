'use strict';
/**
 * A topic page as a logged-in member sees it: the topic (session lookup, view counter), its
 * first page of posts, and the read position saved. One visit = these three requests by the
 * same member on the same topic; recent topics are visited most.
 */
module.exports = {
  name: 'topic-page',
  order: 31,
  title: 'Topic page (topic + posts + read position; 3 requests per visit)',
  issue: 3,
  requires: ['forum_topics', 'forum_posts', 'forum_topic_users'],
  target: '≥ 60% of bare, p99 ≤ 25 ms at 70% load',
  async prepare(ctx) {
    const r = await ctx.db.query(`SELECT id, highest_post_number AS n FROM forum_topics WHERE status = 'visible' ORDER BY id DESC LIMIT 1000`);
    ctx.topicPage = r.rows.map((t) => ({ id: Number(t.id), n: t.n }));
  },
  steps: [
    {
      method: 'GET',
      route: '/api/v1/forum/topics/:topicId',
      paths: (ctx) => ctx.topicPage.map((t) => `/api/v1/forum/topics/${t.id}`),
      routeParams: (p) => ({ topicId: Number(/topics\/(\d+)/.exec(p)[1]) }),
    },
    {
      method: 'GET',
      route: '/api/v1/forum/topics/:topicId/posts',
      paths: (ctx) => ctx.topicPage.map((t) => `/api/v1/forum/topics/${t.id}/posts`),
      routeParams: (p) => ({ topicId: Number(/topics\/(\d+)/.exec(p)[1]) }),
    },
    {
      method: 'POST',
      route: '/api/v1/forum/topics/:topicId/read',
      paths: (ctx) => ctx.topicPage.map((t) => `/api/v1/forum/topics/${t.id}/read`),
      bodies: (ctx) => ctx.topicPage.map((t) => ({ postNumber: t.n })),
      routeParams: (p) => ({ topicId: Number(/topics\/(\d+)/.exec(p)[1]) }),
    },
  ],
};
