'use strict';
/**
 * Create a reply (and, through the outbox, its points): logged-in members post to recent
 * topics, each reply a distinct text. The app's throughput includes its event delivery (the
 * loyalty award and notifications run in the same process); the ceiling replays only the
 * request's own statements.
 */
module.exports = {
  name: 'reply',
  order: 50,
  title: 'Create a reply (with its points)',
  issue: 3,
  requires: ['forum_topics', 'forum_posts'],
  target: '≥ 1,000 replies/s, p99 ≤ 50 ms',
  method: 'POST',
  route: '/api/v1/forum/topics/:topicId/posts',
  async prepare(ctx) {
    const r = await ctx.db.query(`SELECT id FROM forum_topics WHERE status = 'visible' AND NOT locked ORDER BY id DESC LIMIT 500`);
    ctx.replyTopics = r.rows.map((t) => Number(t.id));
  },
  paths: (ctx) => ctx.replyTopics.map((id) => `/api/v1/forum/topics/${id}/posts`),
  routeParams: (p) => ({ topicId: Number(/topics\/(\d+)/.exec(p)[1]) }),
  bodies: () => [
    { raw: 'Thanks for sharing, the delivery was quick and the coffee great (${n})' },
    { raw: 'شكرا على المشاركه، التوصيل كان سريعا والقهوه رائعه (${n})' },
  ],
};
