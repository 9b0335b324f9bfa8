/** Forum contract: categories, topics, posts, search and moderation (see docs/FORUM.md). */

export type ForumReadAccess = 'everyone' | 'members' | 'staff';
export type ForumPostAccess = 'members' | 'staff';
export const FORUM_REACTIONS = ['like', 'heart', 'laugh', 'insightful', 'thanks'] as const;
export type ForumReaction = (typeof FORUM_REACTIONS)[number];
export const FORUM_REPORT_REASONS = ['spam', 'abuse', 'off_topic', 'illegal', 'other'] as const;
export type ForumReportReason = (typeof FORUM_REPORT_REASONS)[number];
export type TopicKind = 'discussion' | 'question';
export type PostStatus = 'visible' | 'hidden' | 'deleted' | 'pending';
export type TopicListKind = 'latest' | 'top' | 'unread';
export type TopPeriod = 'day' | 'week' | 'month' | 'year' | 'all';

export interface ForumCategoryDto {
  id: number;
  parentId: number | null;
  slug: string;
  name: string;
  nameAr: string;
  description: string;
  descriptionAr: string;
  position: number;
  readAccess: ForumReadAccess;
  postAccess: ForumPostAccess;
  minTierRank: number;
  brandId: number | null;
  slowModeSeconds: number;
  topicCount: number;
  postCount: number;
  /** whether the caller may start topics here */
  canPost: boolean;
  /** whether the caller moderates here (staff, or a manager of the category's brand) */
  canModerate: boolean;
  children: ForumCategoryDto[];
}

export interface ForumAuthorDto {
  id: number;
  displayName: string;
}

export interface BrandMarkDto {
  brandId: number;
  slug: string;
  name: string;
  nameAr: string;
}

export interface TopicSummaryDto {
  id: number;
  categoryId: number;
  title: string;
  kind: TopicKind;
  tags: string[];
  author: ForumAuthorDto;
  pinned: boolean;
  locked: boolean;
  solved: boolean;
  replyCount: number;
  viewCount: number;
  reactionCount: number;
  highestPostNumber: number;
  /** posts after the caller's read position; null when the caller has not opened the topic */
  unreadCount: number | null;
  lastPostedAt: string;
  createdAt: string;
}

export interface PostDto {
  id: number;
  topicId: number;
  postNumber: number;
  author: ForumAuthorDto;
  brandMark: BrandMarkDto | null;
  /** sanitized HTML; empty for hidden/deleted posts the caller may not see */
  cooked: string;
  /** the markdown source, for its author and moderators (editing) */
  raw: string | null;
  replyTo: { postId: number; postNumber: number; author: ForumAuthorDto } | null;
  status: PostStatus;
  reactions: Partial<Record<ForumReaction, number>>;
  myReactions: ForumReaction[];
  editCount: number;
  editedAt: string | null;
  accepted: boolean;
  featured: boolean;
  canEdit: boolean;
  createdAt: string;
}

export interface TopicDto extends TopicSummaryDto {
  category: { id: number; slug: string; name: string; nameAr: string; brandId: number | null };
  status: 'visible' | 'pending' | 'deleted';
  acceptedPost: PostDto | null;
  subscribed: boolean;
  lastReadPostNumber: number;
  canReply: boolean;
  canModerate: boolean;
  canSolve: boolean;
}

export interface PostRevisionDto {
  revision: number;
  raw: string;
  title: string | null;
  editor: ForumAuthorDto | null;
  createdAt: string;
}

export interface CreatedPostDto {
  post: PostDto;
  /** true when the post waits in the approval queue (first post with links by a new member) */
  pending: boolean;
}

export interface CreatedTopicDto {
  topic: TopicDto;
  pending: boolean;
}

export interface SearchHitDto {
  postId: number;
  topicId: number;
  topicTitle: string;
  postNumber: number;
  categoryId: number;
  author: ForumAuthorDto;
  /** HTML: the matched words in <mark>, everything else escaped */
  snippet: string;
  createdAt: string;
}

export interface ReportDto {
  id: number;
  reason: ForumReportReason;
  note: string;
  status: 'open' | 'resolved' | 'dismissed';
  reporter: ForumAuthorDto | null;
  /** open reports on the same post */
  reportCount: number;
  post: { id: number; topicId: number; topicTitle: string; postNumber: number; cooked: string; status: PostStatus; author: ForumAuthorDto };
  createdAt: string;
}

export interface ApprovalDto {
  post: PostDto;
  topicTitle: string;
  categoryId: number;
}

export interface WordFilterDto {
  id: number;
  word: string;
  action: 'block' | 'flag';
}

export interface SuspensionDto {
  userId: number;
  suspendedUntil: string | null;
}

/** Socket push to the room `topic:<id>` when a post becomes visible there. */
export interface PostCreatedEvent {
  topicId: number;
  postId: number;
  postNumber: number;
}
