import type { EntityManager } from 'typeorm';
import { one } from './sql';

/**
 * What a state row is about: `post` (a forum post, and the reactions to it), `chat` (a chat
 * message), `acceptance` (a post as a topic's accepted answer; `removed`: not accepted).
 */
export type ContentKind = 'post' | 'chat' | 'acceptance';

/** A removal (or unacceptance) or a restoration (or acceptance), ordered by its outbox id. */
export interface ContentChange {
  removed: boolean;
  eventId: number;
}

/**
 * Locks the content's state row (`loyalty_content_states`) and answers whether it is removed;
 * with a change, applies it first when it is newer than the one that decided the state. The
 * areas that count content (loyalty's awards, challenge progress) each apply the same events to
 * the same row: the latest event by outbox id wins, so the row ends the same whichever
 * subscriber, and whichever event, is handled first. Lock it before any member's row.
 */
export async function contentRemoved(em: EntityManager, kind: ContentKind, contentId: number, change?: ContentChange): Promise<boolean> {
  const st = await one<{ removed: boolean }>(
    em,
    `INSERT INTO loyalty_content_states AS c (kind, content_id, removed, event_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT (kind, content_id) DO UPDATE SET removed = CASE WHEN EXCLUDED.event_id > c.event_id THEN EXCLUDED.removed ELSE c.removed END,
                                                  event_id = GREATEST(c.event_id, EXCLUDED.event_id)
     RETURNING removed`,
    [kind, contentId, change?.removed ?? false, change?.eventId ?? 0],
  );
  return st!.removed;
}
