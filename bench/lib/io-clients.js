'use strict';
/**
 * How the socket load generator joins a room, sends and reads a message, per server. Each
 * export takes the job and returns { join, send, onMessage, textOf }; `send` resolves on the
 * server's acknowledgement (and rejects on a refusal).
 */
const emitAck = (socket, event, ...args) =>
  new Promise((resolve, reject) => {
    socket.timeout(10_000).emit(event, ...args, (err, res) => {
      if (err) reject(err);
      else if (res && res.ok === false) reject(new Error(JSON.stringify(res.error ?? res)));
      else resolve(res);
    });
  });

/** The bare socket.io server: broadcasts the app's own payload (job.template) with our text in job.textField. */
const bare = (job) => ({
  join: (socket, room) => emitAck(socket, 'join', room),
  send: (socket, room, text) => emitAck(socket, 'send', { room, payload: { ...job.template, [job.textField]: text } }),
  onMessage: (socket, fn) => socket.on(job.event, fn),
  textOf: (payload) => payload?.[job.textField],
});

/** The app's chat (issue 4): `chat:join`, `chat:send` with a client id, `chat:message` broadcasts. */
const walaChat = (job) => ({
  join: (socket, room) => emitAck(socket, 'chat:join', { channelId: Number(room) }),
  send: (socket, room, text) => emitAck(socket, 'chat:send', { channelId: Number(room), body: text, clientId: `bench${job.nextId()}`.replace(/[^A-Za-z0-9_-]/g, '_') }),
  onMessage: (socket, fn) => socket.on('chat:message', fn),
  textOf: (payload) => payload?.body,
});

module.exports = { bare, walaChat, emitAck };
