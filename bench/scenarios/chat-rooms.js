'use strict';
const { chatScenario } = require('../lib/chat-scenario');

/** Chat broadcast in many small rooms at once (200 × 50 in full). */
module.exports = chatScenario({
  name: 'chat-rooms',
  order: 71,
  title: 'Chat broadcast in many rooms (half load = "at 70%" column)',
  rooms: (s) => s.rooms,
  perRoom: (s) => s.roomMembers,
});
