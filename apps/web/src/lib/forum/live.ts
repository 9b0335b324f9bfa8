import type { PostCreatedEvent } from '@wala/contract';
import { emitAck, onReconnect, onServer } from '../socket.svelte';

/**
 * Follows a topic live over the app's one socket: joins its `topic:<id>` room (the server checks
 * the member may read it) and calls `onPost` for each new post, and with null after each
 * (re)join, since posts may have come meanwhile. Signed-in members only. Returns the stop function.
 */
export function followTopic(topicId: number, onPost: (e: PostCreatedEvent | null) => void): () => void {
  const ref = { kind: 'topic', id: String(topicId) };
  const join = () => void emitAck('room:join', ref).then((res) => res.ok && onPost(null));
  const offPost = onServer('post:created', (e) => {
    if (e.topicId === topicId) onPost(e);
  });
  const offReconnect = onReconnect(join);
  join();
  return () => {
    offPost();
    offReconnect();
    void emitAck('room:leave', ref);
  };
}

/** The posts-page cursor that starts after post number `n` (the API's keyset cursor shape). */
export const afterCursor = (n: number) => btoa(JSON.stringify([n])).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
