import type { ClientToServerEvents, PostCreatedEvent, ServerToClientEvents } from '@wala/contract';
// socket.io-client is a workspace dependency (root package.json); the web bundles it from there
import { io, type Socket } from 'socket.io-client';

let socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;

/**
 * Follows a topic live: joins its `topic:<id>` room (the server checks the member may read it)
 * and calls `onPost` for each new post (with null once joined: posts may have come meanwhile). Signed-in members only (the socket handshake needs a
 * session). Returns the function that stops following.
 */
export function followTopic(topicId: number, onPost: (e: PostCreatedEvent | null) => void): () => void {
  socket ??= io({ transports: ['websocket'], withCredentials: true });
  const s = socket;
  const ref = { kind: 'topic', id: String(topicId) };
  // after each (re)join, catch up on what was posted while the socket was away
  const join = () => s.emit('room:join', ref, (res) => res.ok && onPost(null));
  const handler = (e: PostCreatedEvent) => {
    if (e.topicId === topicId) onPost(e);
  };
  if (s.connected) join();
  s.on('connect', join);
  s.on('post:created', handler);
  return () => {
    s.off('connect', join);
    s.off('post:created', handler);
    if (s.connected) s.emit('room:leave', ref, () => undefined);
  };
}

/** The posts-page cursor that starts after post number `n` (the API's keyset cursor shape). */
export const afterCursor = (n: number) => btoa(JSON.stringify([n])).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
