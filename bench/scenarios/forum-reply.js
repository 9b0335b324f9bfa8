'use strict';
const { applyRefs } = require('../lib/plan');

const POST = /INSERT INTO forum_posts/i;
const NUMBER = /UPDATE forum_topics SET highest_post_number/i;
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
  /** the post number the topic handed out and the new post's id, from the request's own statements */
  refs: (plan) =>
    applyRefs(plan, [
      { stmt: POST, param: 2, from: NUMBER, col: 'highest_post_number' },
      { stmt: /INSERT INTO forum_topic_users/i, param: 2, from: NUMBER, col: 'highest_post_number' },
      { stmt: /UPDATE forum_posts SET status = 'visible' WHERE id = \$1/i, param: 0, from: POST, col: 'id' },
      { stmt: /UPDATE forum_topics SET status = CASE/i, param: 2, from: POST, col: 'id' },
      { stmt: /INSERT INTO forum_member_stats/i, param: 1, from: POST, col: 'id' },
      { stmt: /FROM forum_posts p JOIN forum_topics t ON t\.id = p\.topic_id .* WHERE p\.id = \$1/is, param: 0, from: POST, col: 'id' },
      { stmt: /AND p\.id = \$4/i, param: 3, from: POST, col: 'id' },
    ]),
  bodies: () => [
    { raw: 'Thanks for sharing, the delivery was quick and the coffee great (${n})' },
    { raw: 'شكرا على المشاركه، التوصيل كان سريعا والقهوه رائعه (${n})' },
  ],
};
