'use strict';
/**
 * Chat: `chatChannels` community channels (enough for the fan-out rooms), members who have
 * posted in them, and `chatMessages` messages of history (half Arabic, half English), newest
 * in the busiest channels. Deterministic from the seed.
 */
const { sentenceSql } = require('./words');

async function generate(db, { members, chatChannels, chatMessages, rooms }, seed) {
  const channels = Math.max(chatChannels, rooms + 1);
  await db.query(
    `INSERT INTO chat_channels (id, kind, name, name_ar, description)
     SELECT g, 'community', 'Lounge ' || g, 'المجلس ' || g, 'Talk' FROM generate_series(1, $1::int) g`,
    [channels],
  );
  await db.query(`SELECT setval(pg_get_serial_sequence('chat_channels', 'id'), $1)`, [channels]);
  await db.query(
    `INSERT INTO chat_messages (channel_id, author_id, body, client_id, created_at)
     SELECT 1 + (g % $4::int), 1 + ((g::bigint * 2654435761 + $2::bigint) % $3::bigint), ${sentenceSql('g', '$2', 9, 'g % 2 = 0')},
            'gen' || g, now() - make_interval(secs => $1::int - g)
       FROM generate_series(1, $1::int) g`,
    [chatMessages, seed, members, channels],
  );
  await db.query(
    `INSERT INTO chat_channel_members (channel_id, user_id, last_read_message_id, last_sent_at)
     SELECT channel_id, author_id, max(id), max(created_at) FROM chat_messages GROUP BY channel_id, author_id`,
  );
}

module.exports = { name: 'chat', version: 1, order: 30, requires: ['chat_channels', 'chat_messages', 'chat_channel_members'], generate };
