import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { BrandEntity } from '../brands/brand.entity';
import { UserEntity } from '../identity/user.entity';

/** A forum category: one level of sub-categories, bilingual, with read/post rules (see docs/FORUM.md). */
@Entity('forum_categories')
@Check(`"read_access" IN ('everyone', 'members', 'staff')`)
@Check(`"post_access" IN ('members', 'staff')`)
@Check(`"min_tier_rank" >= 0 AND "slow_mode_seconds" >= 0`)
@Index('forum_categories_parent_idx', ['parentId', 'position'])
export class ForumCategoryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @ForeignKey(() => ForumCategoryEntity, { onDelete: 'RESTRICT' })
  @Column({ type: 'bigint', nullable: true })
  parentId: number | null;

  @Index('forum_categories_slug_key', { unique: true })
  @Column({ type: 'varchar', length: 60 })
  slug: string;

  @Column({ type: 'varchar', length: 80 })
  name: string;

  @Column({ type: 'varchar', length: 80 })
  nameAr: string;

  @Column({ type: 'varchar', length: 1000, default: '' })
  description: string;

  @Column({ type: 'varchar', length: 1000, default: '' })
  descriptionAr: string;

  @Column({ type: 'int', default: 0 })
  position: number;

  @Column({ type: 'varchar', length: 16, default: 'everyone' })
  readAccess: 'everyone' | 'members' | 'staff';

  @Column({ type: 'varchar', length: 16, default: 'members' })
  postAccess: 'members' | 'staff';

  @Column({ type: 'int', default: 0 })
  minTierRank: number;

  @ForeignKey(() => BrandEntity, { onDelete: 'SET NULL' })
  @Column({ type: 'bigint', nullable: true })
  brandId: number | null;

  @Column({ type: 'int', default: 0 })
  slowModeSeconds: number;

  @Column({ type: 'int', default: 0 })
  topicCount: number;

  @Column({ type: 'int', default: 0 })
  postCount: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

@Entity('forum_topics')
@Check(`"kind" IN ('discussion', 'question')`)
@Check(`"status" IN ('visible', 'pending', 'deleted')`)
@Index('forum_topics_latest_idx', ['pinned', 'lastPostId', 'id'], { where: `"status" = 'visible'` })
@Index('forum_topics_category_latest_idx', ['categoryId', 'pinned', 'lastPostId', 'id'], { where: `"status" = 'visible'` })
@Index('forum_topics_created_idx', ['createdAt'], { where: `"status" = 'visible'` })
@Index('forum_topics_author_idx', ['authorId'])
export class ForumTopicEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @ForeignKey(() => ForumCategoryEntity, { onDelete: 'RESTRICT' })
  @Column({ type: 'bigint' })
  categoryId: number;

  @ForeignKey(() => UserEntity, { onDelete: 'CASCADE' })
  @Column({ type: 'bigint' })
  authorId: number;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 16, default: 'discussion' })
  kind: 'discussion' | 'question';

  @Column({ type: 'varchar', length: 16, default: 'visible' })
  status: 'visible' | 'pending' | 'deleted';

  @Index('forum_topics_tags_idx', { synchronize: false })
  @Column({ type: 'text', array: true, default: () => `'{}'` })
  tags: string[];

  @Column({ type: 'boolean', default: false })
  pinned: boolean;

  @Column({ type: 'boolean', default: false })
  locked: boolean;

  @Column({ type: 'bigint', nullable: true })
  acceptedPostId: number | null;

  /** number of the highest post in the topic (for read positions and unread counts) */
  @Column({ type: 'int', default: 0 })
  highestPostNumber: number;

  @Column({ type: 'int', default: 0 })
  replyCount: number;

  @Column({ type: 'int', default: 0 })
  viewCount: number;

  @Column({ type: 'int', default: 0 })
  reactionCount: number;

  /** id of the newest post: orders "latest" (post ids grow with time) */
  @Column({ type: 'bigint', default: 0 })
  lastPostId: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  lastPostedAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

@Entity('forum_posts')
@Check(`"status" IN ('visible', 'hidden', 'deleted', 'pending')`)
@Unique('forum_posts_topic_number_key', ['topicId', 'postNumber'])
@Index('forum_posts_author_idx', ['authorId', 'id'])
@Index('forum_posts_pending_idx', ['id'], { where: `"status" = 'pending'` })
export class ForumPostEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @ForeignKey(() => ForumTopicEntity, { onDelete: 'CASCADE' })
  @Column({ type: 'bigint' })
  topicId: number;

  @ForeignKey(() => UserEntity, { onDelete: 'CASCADE' })
  @Column({ type: 'bigint' })
  authorId: number;

  @Column({ type: 'int' })
  postNumber: number;

  @Column({ type: 'text' })
  raw: string;

  /** markdown rendered to sanitized HTML at write time */
  @Column({ type: 'text' })
  cooked: string;

  /** to_tsvector(SEARCH_CONFIG, normalized title + body): see text.ts normalizeSearch; GIN index made by hand */
  @Index('forum_posts_search_idx', { synchronize: false })
  @Column({ type: 'tsvector', nullable: true })
  searchVector: string | null;

  @Column({ type: 'bigint', nullable: true })
  replyToPostId: number | null;

  @Column({ type: 'bigint', nullable: true })
  quotePostId: number | null;

  @Column({ type: 'varchar', length: 16, default: 'visible' })
  status: 'visible' | 'hidden' | 'deleted' | 'pending';

  /** the brand whose mark the post carries (its author manages that brand) */
  @ForeignKey(() => BrandEntity, { onDelete: 'SET NULL' })
  @Column({ type: 'bigint', nullable: true })
  brandMarkId: number | null;

  @Column({ type: 'jsonb', default: {} })
  reactionCounts: Record<string, number>;

  @Column({ type: 'int', default: 0 })
  editCount: number;

  @Column({ type: 'timestamptz', nullable: true })
  editedAt: Date | null;

  @Column({ type: 'boolean', default: false })
  featured: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** Earlier versions of a post (and of its topic's title for an opening post). */
@Entity('forum_post_revisions')
@Unique('forum_post_revisions_key', ['postId', 'revision'])
export class ForumPostRevisionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @ForeignKey(() => ForumPostEntity, { onDelete: 'CASCADE' })
  @Column({ type: 'bigint' })
  postId: number;

  @Column({ type: 'int' })
  revision: number;

  @Column({ type: 'text' })
  raw: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  title: string | null;

  @ForeignKey(() => UserEntity, { onDelete: 'SET NULL' })
  @Column({ type: 'bigint', nullable: true })
  editorId: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

@Entity('forum_reactions')
@Index('forum_reactions_user_idx', ['userId'])
export class ForumReactionEntity {
  @ForeignKey(() => ForumPostEntity, { onDelete: 'CASCADE' })
  @PrimaryColumn({ type: 'bigint' })
  postId: number;

  @ForeignKey(() => UserEntity, { onDelete: 'CASCADE' })
  @PrimaryColumn({ type: 'bigint' })
  userId: number;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  reaction: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A member's state in a topic: read position and subscription. */
@Entity('forum_topic_users')
@Index('forum_topic_users_topic_idx', ['topicId'], { where: `"subscribed"` })
export class ForumTopicUserEntity {
  @ForeignKey(() => UserEntity, { onDelete: 'CASCADE' })
  @PrimaryColumn({ type: 'bigint' })
  userId: number;

  @ForeignKey(() => ForumTopicEntity, { onDelete: 'CASCADE' })
  @PrimaryColumn({ type: 'bigint' })
  topicId: number;

  @Column({ type: 'int', default: 0 })
  lastReadPostNumber: number;

  @Column({ type: 'boolean', default: false })
  subscribed: boolean;
}

/** Per-member forum counters (first post, new-member approval). */
@Entity('forum_member_stats')
export class ForumMemberStatsEntity {
  @ForeignKey(() => UserEntity, { onDelete: 'CASCADE' })
  @PrimaryColumn({ type: 'bigint' })
  userId: number;

  @Column({ type: 'int', default: 0 })
  postCount: number;

  /** set once, when the member's first post became visible */
  @Column({ type: 'bigint', nullable: true })
  firstPostId: number | null;
}

@Entity('forum_reports')
@Check(`"status" IN ('open', 'resolved', 'dismissed')`)
@Index('forum_reports_open_key', ['postId', 'reporterId'], { unique: true, where: `"status" = 'open'` })
@Index('forum_reports_status_idx', ['status', 'id'])
export class ForumReportEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @ForeignKey(() => ForumPostEntity, { onDelete: 'CASCADE' })
  @Column({ type: 'bigint' })
  postId: number;

  @ForeignKey(() => UserEntity, { onDelete: 'SET NULL' })
  @Column({ type: 'bigint', nullable: true })
  reporterId: number | null;

  @Column({ type: 'varchar', length: 24 })
  reason: string;

  @Column({ type: 'varchar', length: 500, default: '' })
  note: string;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status: 'open' | 'resolved' | 'dismissed';

  @ForeignKey(() => UserEntity, { onDelete: 'SET NULL' })
  @Column({ type: 'bigint', nullable: true })
  resolvedById: number | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  resolution: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

@Entity('forum_word_filters')
@Check(`"action" IN ('block', 'flag')`)
export class ForumWordFilterEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @Index('forum_word_filters_word_key', { unique: true })
  @Column({ type: 'varchar', length: 80 })
  word: string;

  @Column({ type: 'varchar', length: 8 })
  action: 'block' | 'flag';

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

export const FORUM_ENTITIES = [
  ForumCategoryEntity,
  ForumTopicEntity,
  ForumPostEntity,
  ForumPostRevisionEntity,
  ForumReactionEntity,
  ForumTopicUserEntity,
  ForumMemberStatsEntity,
  ForumReportEntity,
  ForumWordFilterEntity,
];
