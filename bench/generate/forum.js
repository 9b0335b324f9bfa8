'use strict';
/**
 * Forum: `categories` categories, `topics` topics and `posts` posts (half Arabic, half English,
 * from bench/generate/words.js), authors skewed towards active members, counters and last
 * posts consistent with the posts, per-member post counts, and read positions of the members
 * the benchmark logs in as. Bulk INSERT ... SELECT generate_series; deterministic from the seed.
 */
const { sentenceSql } = require('./words');

async function generate(db, { members, sessions, categories, topics, posts }, seed) {
  await db.query(
    `INSERT INTO forum_categories (id, slug, name, name_ar, description, description_ar, position)
     SELECT g, 'bench-' || g, 'Category ' || g, 'القسم ' || g, 'Talk about everything ' || g, 'حديث عن كل شيء ' || g, g
       FROM generate_series(1, $1::int) g`,
    [categories],
  );
  await db.query(`SELECT setval(pg_get_serial_sequence('forum_categories', 'id'), $1)`, [categories]);
  // post g belongs to topic 1 + (g - 1) % topics, as its (1 + (g - 1) / topics)-th post: post ids
  // grow with time, so a topic's last post is its highest number
  const author = (g) => `1 + (CASE WHEN ${g} % 4 = 0 THEN (${g}::bigint * 2654435761 + $2::bigint) % GREATEST($3::bigint / 20, 1)
                                   ELSE (${g}::bigint * 2654435761 + $2::bigint) % $3::bigint END)`;
  await db.query(
    `INSERT INTO forum_topics (id, category_id, author_id, title, kind, tags, created_at, last_posted_at)
     SELECT g, 1 + g % $4::int, ${author('g')}, ${sentenceSql('g', '$2', 6, 'g % 2 = 0')},
            CASE WHEN g % 5 = 0 THEN 'question' ELSE 'discussion' END, '{}',
            now() - make_interval(mins => ($1::int - g) * 10), now()
       FROM generate_series(1, $1::int) g`,
    [topics, seed, members, categories],
  );
  await db.query(`SELECT setval(pg_get_serial_sequence('forum_topics', 'id'), $1)`, [topics]);
  await db.query(
    `INSERT INTO forum_posts (id, topic_id, author_id, post_number, raw, cooked, search_vector, created_at)
     SELECT g, t, a, n, s, '<p>' || s || '</p>', to_tsvector('wala_search', s), now() - make_interval(secs => ($1::int - g))
       FROM (SELECT g, 1 + (g - 1) % $4::int AS t, 1 + (g - 1) / $4::int AS n, ${author('g')} AS a,
                    ${sentenceSql('g', '$2', 14, '((g - 1) % $4::int) % 2 = 1')} AS s
               FROM generate_series(1, $1::int) g) x`,
    [posts, seed, members, topics],
  );
  await db.query(`SELECT setval(pg_get_serial_sequence('forum_posts', 'id'), $1)`, [posts]);
  await db.query(
    `UPDATE forum_topics t SET highest_post_number = p.n, reply_count = p.n - 1, last_post_id = p.last_id, last_posted_at = p.last_at,
            view_count = p.n * 7
       FROM (SELECT topic_id, max(post_number) AS n, max(id) AS last_id, max(created_at) AS last_at FROM forum_posts GROUP BY topic_id) p
      WHERE p.topic_id = t.id`,
  );
  await db.query(
    `UPDATE forum_categories c SET topic_count = s.topics, post_count = s.posts
       FROM (SELECT t.category_id, count(DISTINCT t.id) AS topics, count(p.id) AS posts
               FROM forum_topics t JOIN forum_posts p ON p.topic_id = t.id GROUP BY t.category_id) s
      WHERE s.category_id = c.id`,
  );
  await db.query(
    `INSERT INTO forum_member_stats (user_id, post_count, first_post_id)
     SELECT author_id, count(*), min(id) FROM forum_posts GROUP BY author_id`,
  );
  // the logged-in members have read positions in 20 topics each
  await db.query(
    `INSERT INTO forum_topic_users (user_id, topic_id, last_read_post_number, subscribed)
     SELECT DISTINCT u, 1 + ((u::bigint * 7919 + k * 104729) % $2::int), 1, false
       FROM generate_series(11, 10 + $1::int) u, generate_series(1, 20) k`,
    [Math.min(sessions, members - 10), topics],
  );
}

module.exports = { name: 'forum', version: 1, order: 20, requires: ['forum_topics', 'forum_posts', 'forum_categories'], generate };
