'use strict';
const { chatScenario } = require('../lib/chat-scenario');

/** Chat broadcast to one big room (1,000 members in quick and full). */
module.exports = chatScenario({
  name: 'chat-room',
  order: 70,
  title: 'Chat broadcast to one large room (half load = "at 70%" column)',
  rooms: () => 1,
  perRoom: (s) => s.roomSize,
  tiny: false,
});
