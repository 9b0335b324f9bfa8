import type { ForumReaction, PostDto, TopicSummaryDto } from '@wala/contract';
import type { Viewer } from './forum-access';

/** Columns of a post as the topic page shows it (with author, reply target and brand mark). */
export const POST_SELECT = `
  p.id, p.topic_id, p.post_number, p.author_id, u.display_name AS author_name, p.cooked, p.raw, p.status,
  p.reply_to_post_id, rp.post_number AS reply_to_number, rp.author_id AS reply_to_author_id, ru.display_name AS reply_to_author_name,
  p.reaction_counts, p.edit_count, p.edited_at, p.featured, p.created_at,
  p.brand_mark_id, b.slug AS brand_slug, b.name AS brand_name, b.name_ar AS brand_name_ar,
  COALESCE((SELECT array_agg(r.reaction ORDER BY r.reaction) FROM forum_reactions r WHERE r.post_id = p.id AND r.user_id = $ME), '{}') AS my_reactions`;

export const POST_FROM = `
  forum_posts p JOIN users u ON u.id = p.author_id
  LEFT JOIN forum_posts rp ON rp.id = p.reply_to_post_id LEFT JOIN users ru ON ru.id = rp.author_id
  LEFT JOIN brands b ON b.id = p.brand_mark_id`;

/** POST_SELECT with the caller's id bound to parameter `$n`. */
export const postSelect = (meParam: number) => POST_SELECT.replace('$ME', `$${meParam}`);

export interface PostRow {
  id: number;
  topic_id: number;
  post_number: number;
  author_id: number;
  author_name: string;
  cooked: string;
  raw: string;
  status: PostDto['status'];
  reply_to_post_id: number | null;
  reply_to_number: number | null;
  reply_to_author_id: number | null;
  reply_to_author_name: string | null;
  reaction_counts: Record<string, number>;
  edit_count: number;
  edited_at: Date | null;
  featured: boolean;
  created_at: Date;
  brand_mark_id: number | null;
  brand_slug: string | null;
  brand_name: string | null;
  brand_name_ar: string | null;
  my_reactions: string[];
}

/** A post as the caller may see it: removed content is blank except to moderators. */
export function mapPost(v: Viewer, r: PostRow, o: { moderator: boolean; acceptedPostId: number | null; locked: boolean }): PostDto {
  const own = v.user?.id === r.author_id;
  const showBody = r.status === 'visible' || r.status === 'pending' || o.moderator;
  const reactions: Partial<Record<ForumReaction, number>> = {};
  for (const [k, n] of Object.entries(r.reaction_counts ?? {})) if (n > 0) reactions[k as ForumReaction] = n;
  return {
    id: r.id,
    topicId: r.topic_id,
    postNumber: r.post_number,
    author: { id: r.author_id, displayName: r.author_name },
    brandMark: r.brand_mark_id ? { brandId: r.brand_mark_id, slug: r.brand_slug!, name: r.brand_name!, nameAr: r.brand_name_ar! } : null,
    cooked: showBody ? r.cooked : '',
    raw: (own && r.status !== 'deleted') || o.moderator ? r.raw : null,
    replyTo:
      r.reply_to_post_id && r.reply_to_number
        ? { postId: r.reply_to_post_id, postNumber: r.reply_to_number, author: { id: r.reply_to_author_id!, displayName: r.reply_to_author_name! } }
        : null,
    status: r.status,
    reactions,
    myReactions: (r.my_reactions ?? []) as ForumReaction[],
    editCount: r.edit_count,
    editedAt: r.edited_at?.toISOString() ?? null,
    accepted: o.acceptedPostId === r.id,
    featured: r.featured,
    canEdit: o.moderator || (own && r.status !== 'deleted' && !o.locked),
    createdAt: r.created_at.toISOString(),
  };
}

export const TOPIC_SELECT = `
  t.id, t.category_id, t.title, t.kind, t.tags, t.author_id, au.display_name AS author_name, t.pinned, t.locked, t.status,
  t.accepted_post_id, t.reply_count, t.view_count, t.reaction_count, t.highest_post_number, t.last_posted_at, t.last_post_id,
  t.created_at, tu.last_read_post_number, tu.subscribed`;

export const topicFrom = (meParam: number) => `
  forum_topics t JOIN users au ON au.id = t.author_id
  LEFT JOIN forum_topic_users tu ON tu.topic_id = t.id AND tu.user_id = $${meParam}`;

export interface TopicRow {
  id: number;
  category_id: number;
  title: string;
  kind: 'discussion' | 'question';
  tags: string[];
  author_id: number;
  author_name: string;
  pinned: boolean;
  locked: boolean;
  status: 'visible' | 'pending' | 'deleted';
  accepted_post_id: number | null;
  reply_count: number;
  view_count: number;
  reaction_count: number;
  highest_post_number: number;
  last_posted_at: Date;
  last_post_id: number;
  created_at: Date;
  last_read_post_number: number | null;
  subscribed: boolean | null;
}

export const mapTopicSummary = (t: TopicRow): TopicSummaryDto => ({
  id: t.id,
  categoryId: t.category_id,
  title: t.title,
  kind: t.kind,
  tags: t.tags,
  author: { id: t.author_id, displayName: t.author_name },
  pinned: t.pinned,
  locked: t.locked,
  solved: t.accepted_post_id !== null,
  replyCount: t.reply_count,
  viewCount: t.view_count,
  reactionCount: t.reaction_count,
  highestPostNumber: t.highest_post_number,
  unreadCount: t.last_read_post_number === null ? null : Math.max(0, t.highest_post_number - t.last_read_post_number),
  lastPostedAt: t.last_posted_at.toISOString(),
  createdAt: t.created_at.toISOString(),
});
