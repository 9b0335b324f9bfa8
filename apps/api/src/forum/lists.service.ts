import { Injectable } from '@nestjs/common';
import type { Page, SearchHitDto, TopicListKind, TopicSummaryDto, TopPeriod } from '@wala/contract';
import type { AuthUser } from '../common/auth-context';
import { invalidFields, notFound, unauthenticated } from '../common/errors';
import { decodeCursor, toPage } from '../common/params';
import { rows } from '../common/sql';
import { Db } from '../database/db.service';
import { ForumAccess } from './forum-access';
import { mapTopicSummary, TOPIC_SELECT, topicFrom, type TopicRow } from './posts.repo';
import { htmlText, normalizeSearch, SEARCH_CONFIG } from './text';

const PERIODS: Record<TopPeriod, string | null> = { day: '1 day', week: '7 days', month: '1 month', year: '1 year', all: null };

/** At most this many matching posts (newest first) are ranked per search: common words stay fast. */
export const SEARCH_CANDIDATES = 1000;
/**
 * The newest posts searched first, then ten times as many, then all: a word that is in a few
 * percent of a million posts finds its newest 1,000 matches among the newest posts without
 * visiting every match's row, and the answer is the same as one pass over all posts (the newest
 * matches are the newest matches of any window that holds 1,000 of them).
 */
export const SEARCH_WINDOWS = [10_000, 100_000, null];

export interface ListQuery {
  list: TopicListKind;
  categoryId?: number;
  tag?: string;
  period: TopPeriod;
  cursor?: string;
  limit: number;
}

interface SearchRow {
  candidates: number;
  whole: boolean;
  id: number;
  topic_id: number;
  post_number: number;
  category_id: number;
  author_id: number;
  author_name: string;
  title: string;
  cooked: string;
  created_at: Date;
  rank: number;
}

export interface SearchQuery {
  q: string;
  categoryId?: number;
  authorId?: number;
  from?: string;
  to?: string;
  cursor?: string;
  limit: number;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/**
 * A snippet of the original text around the first match, the matching words in <mark>. Words
 * match by their normalized form, so "مدرسة" highlights "مَدْرَسَةٌ"; English words also by their
 * stem (`stemOf`, as the search configuration stems them), so "running" highlights "runs". The
 * text shown keeps its own spelling. Everything but the marks is escaped.
 */
export function snippet(text: string, terms: string[], words = 30, stemOf: (word: string) => string | undefined = () => undefined): string {
  const parts = text.split(/(\s+)/);
  const stems = new Set(terms.map(stemOf).filter((s) => s !== undefined));
  const isHit = (w: string) => {
    const n = normalizeSearch(w).replace(/[^\p{L}\p{N}]+/gu, '');
    if (!n.length) return false;
    const stem = stemOf(n);
    return terms.includes(n) || (stem !== undefined && stems.has(stem));
  };
  let first = parts.findIndex((w) => isHit(w));
  if (first < 0) first = 0;
  const start = Math.max(0, first - 10 * 2);
  const end = Math.min(parts.length, start + words * 2);
  const body = parts
    .slice(start, end)
    .map((w) => (isHit(w) ? `<mark>${escapeHtml(w)}</mark>` : escapeHtml(w)))
    .join('');
  return `${start > 0 ? '… ' : ''}${body}${end < parts.length ? ' …' : ''}`;
}

@Injectable()
export class ListsService {
  constructor(
    private readonly db: Db,
    private readonly access: ForumAccess,
  ) {}

  /** Category ids a list covers: the category and its readable sub-categories, or every readable one. */
  private async scope(user: AuthUser | null, categoryId?: number): Promise<{ hidden: number[]; only: number[] | null }> {
    const v = await this.access.viewer(this.db.ds, user);
    const hidden = v.categories.filter((c) => !v.canRead(c)).map((c) => c.id);
    if (categoryId === undefined) return { hidden, only: null };
    const c = v.category(categoryId);
    if (!c || !v.canRead(c)) throw notFound('errors.forum.category_not_found');
    return { hidden, only: [c.id, ...v.categories.filter((x) => x.parent_id === c.id && v.canRead(x)).map((x) => x.id)] };
  }

  async topics(user: AuthUser | null, q: ListQuery): Promise<Page<TopicSummaryDto>> {
    if (q.list === 'unread' && !user) throw unauthenticated();
    const { hidden, only } = await this.scope(user, q.categoryId);
    const params: unknown[] = [user?.id ?? null, hidden, only, q.tag ?? null, q.limit + 1];
    const where = [
      `t.status = 'visible'`,
      `NOT (t.category_id = ANY($2::bigint[]))`,
      // one category: plain equality, so the (category_id, pinned, last_post_id) index gives the order
      only?.length === 1 ? `t.category_id = ($3::bigint[])[1]` : `($3::bigint[] IS NULL OR t.category_id = ANY($3::bigint[]))`,
      `($4::text IS NULL OR t.tags @> ARRAY[$4::text])`,
    ];
    let order: string;
    let key: (t: TopicRow) => unknown[];
    let shape: ('number' | 'string')[];
    if (q.list === 'latest') {
      shape = ['number', 'number'];
      const cur = decodeCursor(q.cursor, shape);
      if (cur) {
        params.push(cur[0] === 1, cur[1]);
        where.push(`(t.pinned < $6 OR (t.pinned = $6 AND t.last_post_id < $7))`);
      }
      order = `t.pinned DESC, t.last_post_id DESC`;
      key = (t) => [t.pinned ? 1 : 0, t.last_post_id];
    } else if (q.list === 'top') {
      shape = ['number', 'number'];
      const cur = decodeCursor(q.cursor, shape);
      const period = PERIODS[q.period];
      if (period) where.push(`t.created_at >= now() - interval '${period}'`);
      if (cur) {
        params.push(cur[0], cur[1]);
        where.push(`(t.reply_count + t.reaction_count, t.id) < ($6, $7)`);
      }
      order = `t.reply_count + t.reaction_count DESC, t.id DESC`;
      key = (t) => [t.reply_count + t.reaction_count, t.id];
    } else {
      shape = ['number'];
      const cur = decodeCursor(q.cursor, shape);
      where.push(`tu.last_read_post_number < t.highest_post_number`);
      if (cur) {
        params.push(cur[0]);
        where.push(`t.last_post_id < $6`);
      }
      order = `t.last_post_id DESC`;
      key = (t) => [t.last_post_id];
    }
    const found = await rows<TopicRow>(
      this.db.ds,
      `SELECT ${TOPIC_SELECT} FROM ${topicFrom(1)} WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT $5`,
      params,
    );
    return toPage(found, q.limit, mapTopicSummary, key);
  }

  /**
   * The English stems of the query's and the found texts' Latin words, in one round trip, so a
   * snippet marks the words the search matched; nothing to ask when the query has no Latin word.
   */
  private async stemmer(texts: string[], terms: string[]): Promise<(word: string) => string | undefined> {
    const latin = (w: string) => /^[a-z]+$/.test(w);
    if (!terms.some(latin) || !texts.length) return () => undefined;
    const words = new Set(terms.filter(latin));
    for (const t of texts) for (const w of normalizeSearch(t).split(/[^\p{L}\p{N}]+/u)) if (latin(w)) words.add(w);
    const found = await rows<{ word: string; stem: string }>(
      this.db.ds,
      `SELECT w AS word, COALESCE((ts_lexize('wala_english', w))[1], w) AS stem FROM unnest($1::text[]) w`,
      [[...words]],
    );
    const stems = new Map(found.map((r) => [r.word, r.stem]));
    return (word) => stems.get(word);
  }

  /**
   * Full-text search over titles and bodies: the query is normalized like the stored text
   * (text.ts normalizeSearch) and parsed with websearch_to_tsquery(SEARCH_CONFIG); the newest
   * SEARCH_CANDIDATES matches (looked for in SEARCH_WINDOWS of the newest posts) are ranked
   * with ts_rank, paged by (rank, id).
   */
  async search(user: AuthUser | null, q: SearchQuery): Promise<Page<SearchHitDto>> {
    const norm = normalizeSearch(q.q).trim();
    const terms = norm.split(/[^\p{L}\p{N}]+/u).filter((t) => t && t !== 'or');
    if (!terms.length) throw invalidFields([{ field: 'q', code: 'isNotEmpty' }]);
    const { hidden, only } = await this.scope(user, q.categoryId);
    const cur = decodeCursor(q.cursor, ['number', 'number']);
    let found: SearchRow[] = [];
    for (const window of SEARCH_WINDOWS) {
      found = await rows<SearchRow>(
        this.db.ds,
        `WITH query AS (SELECT websearch_to_tsquery('${SEARCH_CONFIG}', $1) AS q),
         bounds AS (SELECT $10::bigint IS NULL OR COALESCE(min(id) > max(id) - $10::bigint, true) AS whole FROM forum_posts),
         candidates AS (
           SELECT p.id, p.topic_id, p.post_number, p.author_id, p.created_at, p.search_vector, t.title, t.category_id
             FROM forum_posts p JOIN forum_topics t ON t.id = p.topic_id, query
            WHERE p.search_vector @@ query.q AND p.status = 'visible' AND t.status = 'visible'
              AND p.id > COALESCE((SELECT max(id) FROM forum_posts) - $10::bigint, 0)
              AND NOT (t.category_id = ANY($2::bigint[])) AND ($3::bigint[] IS NULL OR t.category_id = ANY($3::bigint[]))
              AND ($4::bigint IS NULL OR p.author_id = $4) AND ($5::timestamptz IS NULL OR p.created_at >= $5)
              AND ($6::timestamptz IS NULL OR p.created_at < $6)
            ORDER BY p.id DESC LIMIT ${SEARCH_CANDIDATES}),
         ranked AS (
           SELECT c.*, ts_rank(c.search_vector, query.q)::float8 AS rank FROM candidates c, query),
         page AS (
           SELECT r.id, r.topic_id, r.post_number, r.category_id, r.author_id, u.display_name AS author_name, r.title, p.cooked, r.created_at, r.rank
             FROM ranked r JOIN users u ON u.id = r.author_id JOIN forum_posts p ON p.id = r.id
            WHERE ($7::float8 IS NULL OR (r.rank, r.id) < ($7::float8, $8::bigint))
            ORDER BY r.rank DESC, r.id DESC LIMIT $9)
         SELECT (SELECT count(*) FROM candidates)::int AS candidates, bounds.whole, page.*
           FROM bounds LEFT JOIN page ON true
          ORDER BY page.rank DESC, page.id DESC`,
        [norm, hidden, only, q.authorId ?? null, q.from ?? null, q.to ?? null, cur?.[0] ?? null, cur?.[1] ?? null, q.limit + 1, window],
      );
      const head = found[0];
      if (!head || head.whole || head.candidates >= SEARCH_CANDIDATES) break;
    }
    found = found.filter((r) => r.id !== null);
    const texts = new Map(found.map((r) => [r.id, htmlText(r.cooked)]));
    const stemOf = await this.stemmer([...found.map((r) => r.title), ...texts.values()], terms);
    return toPage(
      found,
      q.limit,
      (r) => {
        const text = texts.get(r.id)!;
        const inTitle = snippet(r.title, terms, 30, stemOf).includes('<mark>');
        const body = snippet(text, terms, 30, stemOf);
        return {
          postId: r.id,
          topicId: r.topic_id,
          topicTitle: r.title,
          postNumber: r.post_number,
          categoryId: r.category_id,
          author: { id: r.author_id, displayName: r.author_name },
          snippet: body.includes('<mark>') || !inTitle ? body : snippet(`${r.title} ${text}`, terms, 30, stemOf),
          createdAt: r.created_at.toISOString(),
        };
      },
      (r) => [r.rank, r.id],
    );
  }
}
