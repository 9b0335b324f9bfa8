import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth-context';
import { invalidFields } from '../common/errors';
import { RateLimitService } from '../common/rate-limit.service';
import { one, rows } from '../common/sql';
import type { CategoryRow, Viewer } from './forum-access';
import { hasLink, normalizeSearch } from './text';

/** Posts (topics and replies) per member per minute, moderators exempt. */
export const POST_LIMIT = { points: 30, duration: 60 };
/** Accounts younger than this whose first post carries a link wait for approval. */
export const NEW_MEMBER_DAYS = 3;

export interface Screening {
  /** word-filter hits with action "flag": the post goes up with an automatic report */
  flagged: string[];
  /** the post waits in the approval queue */
  pending: boolean;
}

/** Rules applied to every new or edited post: rate limit, slow mode, word filter, approval queue. */
@Injectable()
export class ContentRules {
  constructor(private readonly limits: RateLimitService) {}

  async throttle(v: Viewer, c: CategoryRow): Promise<void> {
    if (!v.user || v.canModerate(c)) return;
    await this.limits.consume('forum-post', String(v.user.id), POST_LIMIT);
    if (c.slow_mode_seconds > 0) {
      await this.limits.consume(`forum-slow-${c.id}-${c.slow_mode_seconds}`, String(v.user.id), { points: 1, duration: c.slow_mode_seconds });
    }
  }

  /** Blocked words refuse the text (400 on the field); flagged words are returned. */
  async filter(em: EntityManager, fields: Record<string, string>): Promise<string[]> {
    const words = await rows<{ word: string; action: 'block' | 'flag' }>(em, `SELECT word, action FROM forum_word_filters`);
    if (!words.length) return [];
    const flagged: string[] = [];
    for (const [field, text] of Object.entries(fields)) {
      const norm = ` ${normalizeSearch(text).replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
      for (const w of words) {
        const nw = normalizeSearch(w.word).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
        if (!nw || !norm.includes(` ${nw} `)) continue;
        if (w.action === 'block') throw invalidFields([{ field, code: 'forumBlockedWord', params: { word: w.word } }]);
        flagged.push(w.word);
      }
    }
    return [...new Set(flagged)];
  }

  async needsApproval(em: EntityManager, user: AuthUser, c: CategoryRow, v: Viewer, raw: string): Promise<boolean> {
    if (v.canModerate(c) || !hasLink(raw)) return false;
    if (Date.now() - user.createdAt.getTime() > NEW_MEMBER_DAYS * 86_400_000) return false;
    const s = await one<{ post_count: number }>(em, `SELECT post_count FROM forum_member_stats WHERE user_id = $1`, [user.id]);
    return !s || s.post_count === 0;
  }
}
