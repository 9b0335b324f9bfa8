import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { CreatedPostDto, CreatedTopicDto, PostDto, PostRevisionDto, TopicDto } from '@wala/contract';
import { FORUM_REACTIONS } from '@wala/contract';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-context';
import { AppError, forbidden, invalidFields, notFound, unauthenticated } from '../common/errors';
import { Realtime } from '../common/realtime';
import { affected, one, rows, type Queryable } from '../common/sql';
import { Db } from '../database/db.service';
import { EventBus } from '../events/event-bus.service';
import { PersonalData } from '../identity/personal-data';
import { SocketRegistry } from '../realtime/socket-registry';
import { NotificationsService } from '../notifications/notifications.service';
import { ContentRules } from './content-rules';
import { ForumAccess, type CategoryRow, type Viewer } from './forum-access';
import type { CreatePostDto, CreateTopicDto, EditPostDto, UpdateTopicDto } from './forum.dto';
import { mapPost, mapTopicSummary, POST_FROM, postSelect, TOPIC_SELECT, topicFrom, type PostRow, type TopicRow } from './posts.repo';
import { cook, mentionTokens, normalizeSearch, SEARCH_CONFIG, normalizeTags, plainText } from './text';

interface PostCore {
  id: number;
  topic_id: number;
  author_id: number;
  post_number: number;
  status: PostDto['status'];
  raw: string;
  reply_to_post_id: number | null;
}

export interface TopicCtx {
  v: Viewer;
  topic: TopicRow;
  category: CategoryRow;
  moderator: boolean;
}

const searchText = (title: string | null, raw: string) => normalizeSearch(`${title ?? ''} ${plainText(raw)}`).slice(0, 100_000);

@Injectable()
export class PostsService implements OnModuleInit {
  constructor(
    private readonly db: Db,
    private readonly access: ForumAccess,
    private readonly rules: ContentRules,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly realtime: Realtime,
    private readonly bus: EventBus,
    private readonly personalData: PersonalData,
    private readonly sockets: SocketRegistry,
  ) {}

  onModuleInit(): void {
    // `topic:<id>` rooms: whoever may read the topic follows its new posts live (post:created)
    this.sockets.roomKind({
      kind: 'topic',
      authorize: async (user, id) => {
        if (!/^[1-9]\d{0,15}$/.test(id)) return false;
        return this.topicCtx(this.db.ds, user, Number(id)).then(
          () => true,
          () => false,
        );
      },
    });
    this.bus.on('post.created', 'forum:notify', (em, e) => this.notifyForPost(em, e.postId));
    this.personalData.register({
      section: 'forum',
      collect: (em, userId) =>
        rows(em, `SELECT id, topic_id, post_number, raw, status, created_at FROM forum_posts WHERE author_id = $1 ORDER BY id`, [userId]),
      erase: async (em, userId) => {
        // the counters follow as at a removal (countRemoval): each visible post leaves its topic's
        // replies and its category's posts; the topics they started stay, with a blank opening post
        await em.query(
          `UPDATE forum_topics t SET reply_count = GREATEST(0, t.reply_count - x.n)
             FROM (SELECT topic_id, count(*)::int AS n FROM forum_posts WHERE author_id = $1 AND status = 'visible' AND post_number > 1 GROUP BY topic_id) x
            WHERE t.id = x.topic_id`,
          [userId],
        );
        await em.query(
          `UPDATE forum_categories c SET post_count = GREATEST(0, c.post_count - x.n)
             FROM (SELECT t.category_id, count(*)::int AS n FROM forum_posts p JOIN forum_topics t ON t.id = p.topic_id
                    WHERE p.author_id = $1 AND p.status = 'visible' GROUP BY t.category_id) x
            WHERE c.id = x.category_id`,
          [userId],
        );
        await em.query(`UPDATE forum_member_stats SET post_count = 0 WHERE user_id = $1`, [userId]);
        await em.query(`UPDATE forum_posts SET raw = '', cooked = '', search_vector = NULL, status = 'deleted' WHERE author_id = $1`, [userId]);
        await em.query(`DELETE FROM forum_post_revisions WHERE post_id IN (SELECT id FROM forum_posts WHERE author_id = $1)`, [userId]);
      },
    });
  }

  // ---------------------------------------------------------------- reading

  /** The topic as the caller may see it, or 404 (missing, unreadable category, pending/deleted for others). */
  async topicCtx(db: Queryable, user: AuthUser | null, topicId: number, v?: Viewer, lock = false): Promise<TopicCtx> {
    v ??= await this.access.viewer(db, user);
    if (lock) await db.query(`SELECT 1 FROM forum_topics WHERE id = $1 FOR UPDATE`, [topicId]);
    const topic = await one<TopicRow>(db, `SELECT ${TOPIC_SELECT} FROM ${topicFrom(2)} WHERE t.id = $1`, [topicId, user?.id ?? null]);
    const category = topic ? v.category(topic.category_id) : undefined;
    if (!topic || !category || !v.canRead(category)) throw notFound('errors.forum.topic_not_found');
    const moderator = v.canModerate(category);
    if (topic.status === 'deleted' && !moderator) throw notFound('errors.forum.topic_not_found');
    if (topic.status === 'pending' && !moderator && topic.author_id !== user?.id) throw notFound('errors.forum.topic_not_found');
    return { v, topic, category, moderator };
  }

  async postsOf(db: Queryable, ctx: TopicCtx, where: string, params: unknown[], limit: number): Promise<PostDto[]> {
    const me = ctx.v.user?.id ?? null;
    const found = await rows<PostRow>(
      db,
      `SELECT ${postSelect(2)} FROM ${POST_FROM}
        WHERE p.topic_id = $1 AND (p.status <> 'pending' OR p.author_id = $2 OR $3) AND ${where}
        ORDER BY p.post_number LIMIT ${limit}`,
      [ctx.topic.id, me, ctx.moderator, ...params],
    );
    return found.map((r) => mapPost(ctx.v, r, { moderator: ctx.moderator, acceptedPostId: ctx.topic.accepted_post_id, locked: ctx.topic.locked }));
  }

  async topicDto(db: Queryable, ctx: TopicCtx): Promise<TopicDto> {
    const { topic: t, category: c, v } = ctx;
    const accepted = t.accepted_post_id ? (await this.postsOf(db, ctx, `p.id = $4`, [t.accepted_post_id], 1))[0] ?? null : null;
    const me = v.user;
    return {
      ...mapTopicSummary(t),
      category: { id: c.id, slug: c.slug, name: c.name, nameAr: c.name_ar, brandId: c.brand_id },
      status: t.status,
      acceptedPost: accepted,
      subscribed: !!t.subscribed,
      lastReadPostNumber: t.last_read_post_number ?? 0,
      canReply: t.status === 'visible' && v.canPost(c) && (!t.locked || ctx.moderator),
      canModerate: ctx.moderator,
      canSolve: t.kind === 'question' && !!me && (me.id === t.author_id || ctx.moderator),
    };
  }

  async getTopic(user: AuthUser | null, topicId: number): Promise<TopicDto> {
    const ctx = await this.topicCtx(this.db.ds, user, topicId);
    await this.db.ds.query(`UPDATE forum_topics SET view_count = view_count + 1 WHERE id = $1`, [topicId]);
    ctx.topic.view_count++;
    return this.topicDto(this.db.ds, ctx);
  }

  async listPosts(user: AuthUser | null, topicId: number, after: number, limit: number): Promise<{ items: PostDto[]; nextCursor: string | null }> {
    const ctx = await this.topicCtx(this.db.ds, user, topicId);
    const found = await this.postsOf(this.db.ds, ctx, `p.post_number > $4`, [after], limit + 1);
    const items = found.slice(0, limit);
    const nextCursor = found.length > limit ? Buffer.from(JSON.stringify([items[items.length - 1].postNumber])).toString('base64url') : null;
    return { items, nextCursor };
  }

  /** A post in a topic the caller may read. */
  async postCtx(db: Queryable, user: AuthUser | null, postId: number, lock = false): Promise<{ ctx: TopicCtx; post: PostCore }> {
    const post = await one<PostCore>(
      db,
      `SELECT id, topic_id, author_id, post_number, status, raw, reply_to_post_id FROM forum_posts WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [postId],
    );
    if (!post) throw notFound('errors.forum.post_not_found');
    const ctx = await this.topicCtx(db, user, post.topic_id);
    if (post.status === 'pending' && !ctx.moderator && post.author_id !== user?.id) throw notFound('errors.forum.post_not_found');
    return { ctx, post };
  }

  async revisions(user: AuthUser | null, postId: number): Promise<PostRevisionDto[]> {
    const { ctx, post } = await this.postCtx(this.db.ds, user, postId);
    if (post.status !== 'visible' && !ctx.moderator) throw notFound('errors.forum.post_not_found');
    const found = await rows<{ revision: number; raw: string; title: string | null; editor_id: number | null; editor_name: string | null; created_at: Date }>(
      this.db.ds,
      `SELECT r.revision, r.raw, r.title, r.editor_id, u.display_name AS editor_name, r.created_at
         FROM forum_post_revisions r LEFT JOIN users u ON u.id = r.editor_id WHERE r.post_id = $1 ORDER BY r.revision`,
      [postId],
    );
    return found.map((r) => ({
      revision: r.revision,
      raw: r.raw,
      title: r.title,
      editor: r.editor_id ? { id: r.editor_id, displayName: r.editor_name! } : null,
      createdAt: r.created_at.toISOString(),
    }));
  }

  // ---------------------------------------------------------------- writing

  private brandMark(user: AuthUser, c: CategoryRow): number | null {
    if (c.brand_id !== null && user.managedBrandIds.includes(c.brand_id)) return c.brand_id;
    return user.managedBrandIds[0] ?? null;
  }

  async createTopic(user: AuthUser, dto: CreateTopicDto): Promise<CreatedTopicDto> {
    const tags = normalizeTags(dto.tags);
    const { topicId, pending } = await this.db.tx(async (em) => {
      const v = await this.access.viewer(em, user);
      const c = v.category(dto.categoryId);
      if (!c || !v.canRead(c)) throw notFound('errors.forum.category_not_found');
      if (!v.canPost(c)) throw forbidden('errors.forum.cannot_post');
      await this.rules.throttle(v, c);
      const flagged = await this.rules.filter(em, { title: dto.title, raw: dto.raw });
      const pending = await this.rules.needsApproval(em, user, c, v, dto.raw);
      const [t] = await rows<{ id: number }>(
        em,
        `INSERT INTO forum_topics (category_id, author_id, title, kind, status, tags, highest_post_number)
         VALUES ($1, $2, $3, $4, $5, $6, 1) RETURNING id`,
        [c.id, user.id, dto.title, dto.kind ?? 'discussion', pending ? 'pending' : 'visible', tags],
      );
      const postId = await this.insertPost(em, user, c, { topicId: t.id, number: 1, raw: dto.raw, title: dto.title, pending });
      await em.query(
        `INSERT INTO forum_topic_users (user_id, topic_id, last_read_post_number, subscribed) VALUES ($1, $2, 1, true)`,
        [user.id, t.id],
      );
      if (!pending) await this.makeVisible(em, postId);
      if (flagged.length) await this.autoReport(em, postId, flagged);
      return { topicId: t.id, pending };
    });
    const ctx = await this.topicCtx(this.db.ds, user, topicId);
    return { topic: await this.topicDto(this.db.ds, ctx), pending };
  }

  private async insertPost(
    em: EntityManager,
    user: AuthUser,
    c: CategoryRow,
    p: { topicId: number; number: number; raw: string; title: string | null; pending: boolean; replyTo?: number | null; quote?: number | null },
  ): Promise<number> {
    const [r] = await rows<{ id: number }>(
      em,
      `INSERT INTO forum_posts (topic_id, author_id, post_number, raw, cooked, search_vector, reply_to_post_id, quote_post_id, status, brand_mark_id)
       VALUES ($1, $2, $3, $4, $5, to_tsvector('${SEARCH_CONFIG}', $6), $7, $8, $9, $10) RETURNING id`,
      [
        p.topicId,
        user.id,
        p.number,
        p.raw,
        await this.cookWithMentions(em, p.raw),
        searchText(p.title, p.raw),
        p.replyTo ?? null,
        p.quote ?? null,
        p.pending ? 'pending' : 'visible',
        this.brandMark(user, c),
      ],
    );
    return r.id;
  }

  /** The composer's preview: the HTML the post would be stored with. */
  async preview(raw: string): Promise<{ cooked: string }> {
    return { cooked: await this.cookWithMentions(this.db.ds.manager, raw) };
  }

  /** Markdown to HTML, with @mentions of existing members turned into links to their profiles. */
  private async cookWithMentions(em: EntityManager, raw: string): Promise<string> {
    const tokens = mentionTokens(raw);
    if (!tokens.length) return cook(raw);
    const found = await this.mentioned(em, tokens);
    if (!found.length) return cook(raw);
    const byToken = new Map(found.map((u) => [u.token, u.id]));
    const linked = raw.replace(/(^|[^\p{L}\p{N}_@])@([\p{L}\p{N}_.-]{2,60})/gu, (all, pre: string, name: string) => {
      const id = byToken.get(name.replace(/[.-]+$/, '').toLowerCase());
      return id ? `${pre}[@${name}](/users/${id})` : all;
    });
    return cook(linked);
  }

  private mentioned(db: Queryable, tokens: string[]): Promise<{ id: number; token: string }[]> {
    return rows(
      db,
      `SELECT min(id) AS id, lower(replace(display_name, ' ', '')) AS token FROM users
        WHERE deleted_at IS NULL AND lower(replace(display_name, ' ', '')) = ANY($1) GROUP BY 2`,
      [tokens],
    );
  }

  /**
   * A post goes public: counters, the member's post count (first post), read position, domain
   * events in this transaction, and after commit a push to the topic's room.
   */
  async makeVisible(em: EntityManager, postId: number): Promise<void> {
    const p = (await one<PostCore & { category_id: number; brand_id: number | null; tags: string[] }>(
      em,
      `SELECT p.id, p.topic_id, p.author_id, p.post_number, p.status, p.raw, p.reply_to_post_id, t.category_id, c.brand_id, t.tags
         FROM forum_posts p JOIN forum_topics t ON t.id = p.topic_id JOIN forum_categories c ON c.id = t.category_id WHERE p.id = $1`,
      [postId],
    ))!;
    const first = p.post_number === 1;
    await em.query(`UPDATE forum_posts SET status = 'visible' WHERE id = $1`, [postId]);
    await em.query(
      `UPDATE forum_topics SET status = CASE WHEN $2 THEN 'visible' ELSE status END, reply_count = reply_count + CASE WHEN $2 THEN 0 ELSE 1 END,
              last_post_id = GREATEST(last_post_id, $3), last_posted_at = now() WHERE id = $1`,
      [p.topic_id, first, postId],
    );
    await em.query(`UPDATE forum_categories SET post_count = post_count + 1, topic_count = topic_count + CASE WHEN $2 THEN 1 ELSE 0 END WHERE id = $1`, [
      p.category_id,
      first,
    ]);
    const [stats] = await rows<{ post_count: number; first_post_id: number }>(
      em,
      `INSERT INTO forum_member_stats (user_id, post_count, first_post_id) VALUES ($1, 1, $2)
       ON CONFLICT (user_id) DO UPDATE SET post_count = forum_member_stats.post_count + 1,
              first_post_id = COALESCE(forum_member_stats.first_post_id, EXCLUDED.first_post_id)
       RETURNING post_count, first_post_id`,
      [p.author_id, postId],
    );
    const replyTo = p.reply_to_post_id ? await one<{ author_id: number }>(em, `SELECT author_id FROM forum_posts WHERE id = $1`, [p.reply_to_post_id]) : null;
    if (first) {
      await this.db.publish(em, 'topic.created', {
        topicId: p.topic_id,
        postId,
        authorId: p.author_id,
        categoryId: p.category_id,
        brandId: p.brand_id,
        tags: p.tags,
      });
    }
    await this.db.publish(em, 'post.created', {
      postId,
      topicId: p.topic_id,
      authorId: p.author_id,
      categoryId: p.category_id,
      brandId: p.brand_id,
      isFirstPost: stats.first_post_id === postId,
      isTopicStart: first,
      replyToPostId: p.reply_to_post_id,
      replyToAuthorId: replyTo?.author_id ?? null,
      tags: p.tags,
    });
    this.db.afterCommit(em, () => this.realtime.toRoom(`topic:${p.topic_id}`, 'post:created', { topicId: p.topic_id, postId, postNumber: p.post_number }));
  }

  async reply(user: AuthUser, topicId: number, dto: CreatePostDto): Promise<CreatedPostDto> {
    const { postId, pending } = await this.db.tx(async (em) => {
      const ctx = await this.topicCtx(em, user, topicId, undefined, true);
      this.checkCanReply(ctx);
      await this.rules.throttle(ctx.v, ctx.category);
      for (const [field, id] of [
        ['replyToPostId', dto.replyToPostId],
        ['quotedPostId', dto.quotedPostId],
      ] as const) {
        if (id === undefined) continue;
        const target = await one(em, `SELECT 1 FROM forum_posts WHERE id = $1 AND topic_id = $2 AND status = 'visible'`, [id, topicId]);
        if (!target) throw invalidFields([{ field, code: 'default' }]);
      }
      const flagged = await this.rules.filter(em, { raw: dto.raw });
      const pending = await this.rules.needsApproval(em, user, ctx.category, ctx.v, dto.raw);
      const [n] = await rows<{ highest_post_number: number }>(
        em,
        `UPDATE forum_topics SET highest_post_number = highest_post_number + 1 WHERE id = $1 RETURNING highest_post_number`,
        [topicId],
      );
      const postId = await this.insertPost(em, user, ctx.category, {
        topicId,
        number: n.highest_post_number,
        raw: dto.raw,
        title: null,
        pending,
        replyTo: dto.replyToPostId,
        quote: dto.quotedPostId,
      });
      await em.query(
        `INSERT INTO forum_topic_users (user_id, topic_id, last_read_post_number) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, topic_id) DO UPDATE SET last_read_post_number = GREATEST(forum_topic_users.last_read_post_number, $3)`,
        [user.id, topicId, n.highest_post_number],
      );
      if (!pending) await this.makeVisible(em, postId);
      if (flagged.length) await this.autoReport(em, postId, flagged);
      return { postId, pending };
    });
    const ctx = await this.topicCtx(this.db.ds, user, topicId);
    const [post] = await this.postsOf(this.db.ds, ctx, `p.id = $4`, [postId], 1);
    return { post, pending };
  }

  private checkCanReply(ctx: TopicCtx): void {
    if (ctx.topic.status !== 'visible') throw forbidden('errors.forum.cannot_post');
    if (!ctx.v.canPost(ctx.category)) throw forbidden('errors.forum.cannot_post');
    if (ctx.topic.locked && !ctx.moderator) throw forbidden('errors.forum.topic_locked');
  }

  /** A word-filter "flag": the post stays up and a report (without reporter) enters the queue. */
  private async autoReport(em: EntityManager, postId: number, words: string[]): Promise<void> {
    await em.query(`INSERT INTO forum_reports (post_id, reporter_id, reason, note) VALUES ($1, NULL, 'other', $2)`, [
      postId,
      `word filter: ${words.join(', ')}`.slice(0, 500),
    ]);
  }

  /** Authors edit their own posts (not in locked topics); moderators edit any. Each edit keeps the previous version. */
  async edit(user: AuthUser, postId: number, dto: EditPostDto): Promise<PostDto> {
    await this.db.tx(async (em) => {
      const { ctx, post } = await this.postCtx(em, user, postId, true);
      const own = post.author_id === user.id;
      if (!ctx.moderator && (!own || post.status === 'deleted' || post.status === 'hidden')) throw forbidden('errors.forum.cannot_edit');
      if (!ctx.moderator && ctx.topic.locked) throw forbidden('errors.forum.topic_locked');
      if (dto.title !== undefined && post.post_number !== 1) throw invalidFields([{ field: 'title', code: 'default' }]);
      const flagged = await this.rules.filter(em, { raw: dto.raw, ...(dto.title ? { title: dto.title } : {}) });
      const [rev] = await rows<{ edit_count: number }>(
        em,
        `UPDATE forum_posts SET edit_count = edit_count + 1, edited_at = now() WHERE id = $1 RETURNING edit_count`,
        [postId],
      );
      const titleChanged = dto.title !== undefined && dto.title !== ctx.topic.title;
      await em.query(`INSERT INTO forum_post_revisions (post_id, revision, raw, title, editor_id) VALUES ($1, $2, $3, $4, $5)`, [
        postId,
        rev.edit_count,
        post.raw,
        titleChanged ? ctx.topic.title : null,
        user.id,
      ]);
      const title = post.post_number === 1 ? (dto.title ?? ctx.topic.title) : null;
      await em.query(`UPDATE forum_posts SET raw = $2, cooked = $3, search_vector = to_tsvector('${SEARCH_CONFIG}', $4) WHERE id = $1`, [
        postId,
        dto.raw,
        await this.cookWithMentions(em, dto.raw),
        searchText(title, dto.raw),
      ]);
      if (titleChanged) await em.query(`UPDATE forum_topics SET title = $2 WHERE id = $1`, [ctx.topic.id, dto.title]);
      if (!own) {
        await this.audit.record(em, { actorId: user.id, action: 'forum.post_edit', targetType: 'forum_post', targetId: postId, data: { topicId: ctx.topic.id } });
        await this.notifyModeration(em, post.author_id, 'edited', ctx.topic, postId);
      }
      if (flagged.length) await this.autoReport(em, postId, flagged);
    });
    const { ctx } = await this.postCtx(this.db.ds, user, postId);
    return (await this.postsOf(this.db.ds, ctx, `p.id = $4`, [postId], 1))[0];
  }

  async updateTopic(user: AuthUser, topicId: number, dto: UpdateTopicDto): Promise<TopicDto> {
    await this.db.tx(async (em) => {
      const ctx = await this.topicCtx(em, user, topicId, undefined, true);
      if (!ctx.moderator && (ctx.topic.author_id !== user.id || ctx.topic.locked)) throw forbidden('errors.forum.cannot_edit');
      if (dto.title !== undefined && dto.title !== ctx.topic.title) {
        const first = (await one<{ id: number; raw: string; edit_count: number }>(
          em,
          `SELECT id, raw, edit_count FROM forum_posts WHERE topic_id = $1 AND post_number = 1 FOR UPDATE`,
          [topicId],
        ))!;
        await this.rules.filter(em, { title: dto.title });
        await em.query(`UPDATE forum_posts SET edit_count = edit_count + 1, edited_at = now(), search_vector = to_tsvector('${SEARCH_CONFIG}', $2) WHERE id = $1`, [
          first.id,
          searchText(dto.title, first.raw),
        ]);
        await em.query(`INSERT INTO forum_post_revisions (post_id, revision, raw, title, editor_id) VALUES ($1, $2, $3, $4, $5)`, [
          first.id,
          first.edit_count + 1,
          first.raw,
          ctx.topic.title,
          user.id,
        ]);
        await em.query(`UPDATE forum_topics SET title = $2 WHERE id = $1`, [topicId, dto.title]);
      }
      if (dto.tags !== undefined) await em.query(`UPDATE forum_topics SET tags = $2 WHERE id = $1`, [topicId, normalizeTags(dto.tags)]);
      if (ctx.topic.author_id !== user.id) {
        await this.audit.record(em, { actorId: user.id, action: 'forum.topic_edit', targetType: 'forum_topic', targetId: topicId, data: { ...dto } });
      }
    });
    return this.topicDto(this.db.ds, await this.topicCtx(this.db.ds, user, topicId));
  }

  // ---------------------------------------------------------------- removal

  /** Soft delete by its author or a moderator. The opening post takes its topic with it. */
  async remove(user: AuthUser, postId: number, reason?: string): Promise<void> {
    await this.db.tx(async (em) => {
      const { ctx, post } = await this.postCtx(em, user, postId, true);
      if (post.author_id !== user.id && !ctx.moderator) throw forbidden('errors.forum.cannot_edit');
      if (post.status === 'deleted') return;
      await this.takeDown(em, ctx, post, 'deleted', user, reason);
    });
  }

  /** Hides or deletes a post (counters, events, the author told when someone else did it). */
  async takeDown(em: EntityManager, ctx: TopicCtx, post: PostCore, to: 'hidden' | 'deleted', actor: AuthUser, reason?: string): Promise<void> {
    const wasVisible = post.status === 'visible';
    await em.query(`UPDATE forum_posts SET status = $2 WHERE id = $1`, [post.id, to]);
    if (wasVisible) await this.countRemoval(em, ctx, post, -1);
    if (post.post_number === 1 && to === 'deleted') await em.query(`UPDATE forum_topics SET status = 'deleted' WHERE id = $1`, [ctx.topic.id]);
    if (wasVisible) {
      await this.db.publish(em, 'post.removed', { postId: post.id, topicId: ctx.topic.id, authorId: post.author_id, reason: to, actorId: actor.id });
    }
    if (ctx.topic.accepted_post_id === post.id) await this.unaccept(em, ctx, actor);
    if (post.author_id !== actor.id) {
      await this.audit.record(em, { actorId: actor.id, action: `forum.post_${to === 'hidden' ? 'hide' : 'delete'}`, targetType: 'forum_post', targetId: post.id, reason, data: { topicId: ctx.topic.id } });
      await this.notifyModeration(em, post.author_id, to, ctx.topic, post.id, reason);
    }
  }

  /** Back to visible after hiding or deletion (moderators). */
  async restore(em: EntityManager, ctx: TopicCtx, post: PostCore, actor: AuthUser, reason?: string): Promise<void> {
    if (post.status !== 'hidden' && post.status !== 'deleted') throw new AppError(409, 'errors.forum.not_removed');
    await em.query(`UPDATE forum_posts SET status = 'visible' WHERE id = $1`, [post.id]);
    if (post.post_number === 1) await em.query(`UPDATE forum_topics SET status = 'visible' WHERE id = $1 AND status = 'deleted'`, [ctx.topic.id]);
    await this.countRemoval(em, ctx, post, 1);
    await this.db.publish(em, 'post.restored', { postId: post.id, topicId: ctx.topic.id, authorId: post.author_id, actorId: actor.id });
    await this.audit.record(em, { actorId: actor.id, action: 'forum.post_restore', targetType: 'forum_post', targetId: post.id, reason, data: { topicId: ctx.topic.id } });
    await this.notifyModeration(em, post.author_id, 'restored', ctx.topic, post.id, reason);
  }

  private async countRemoval(em: EntityManager, ctx: TopicCtx, post: PostCore, d: 1 | -1): Promise<void> {
    const first = post.post_number === 1;
    await em.query(`UPDATE forum_topics SET reply_count = reply_count + $2 WHERE id = $1`, [ctx.topic.id, first ? 0 : d]);
    await em.query(`UPDATE forum_categories SET post_count = post_count + $2, topic_count = topic_count + $3 WHERE id = $1`, [
      ctx.topic.category_id,
      d,
      first ? d : 0,
    ]);
    await em.query(`UPDATE forum_member_stats SET post_count = GREATEST(0, post_count + $2) WHERE user_id = $1`, [post.author_id, d]);
  }

  async notifyModeration(em: EntityManager, userId: number, action: string, topic: TopicRow, postId: number, reason?: string): Promise<void> {
    await this.notifications.notify(em, {
      userId,
      kind: 'moderation',
      data: { action, topicId: topic.id, topicTitle: topic.title, postId, reason: reason ?? '' },
    });
  }

  // ---------------------------------------------------------------- reactions, solving, featuring

  async react(user: AuthUser, postId: number, reaction: string, on: boolean): Promise<PostDto> {
    if (!(FORUM_REACTIONS as readonly string[]).includes(reaction)) throw invalidFields([{ field: 'reaction', code: 'isIn', params: { values: FORUM_REACTIONS.join(', ') } }]);
    await this.db.tx(async (em) => {
      const { ctx, post } = await this.postCtx(em, user, postId);
      if (post.status !== 'visible') throw notFound('errors.forum.post_not_found');
      if (post.author_id === user.id) throw forbidden('errors.forum.own_post');
      if (!user) throw unauthenticated();
      const changed = on
        ? await rows(em, `INSERT INTO forum_reactions (post_id, user_id, reaction) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING post_id`, [postId, user.id, reaction])
        : await rows(em, `DELETE FROM forum_reactions WHERE post_id = $1 AND user_id = $2 AND reaction = $3 RETURNING post_id`, [postId, user.id, reaction]);
      if (!changed.length) return;
      const d = on ? 1 : -1;
      await em.query(
        `UPDATE forum_posts SET reaction_counts = jsonb_set(reaction_counts, ARRAY[$2::text], to_jsonb(GREATEST(0, COALESCE((reaction_counts->>$2)::int, 0) + $3)))
          WHERE id = $1`,
        [postId, reaction, d],
      );
      await em.query(`UPDATE forum_topics SET reaction_count = GREATEST(0, reaction_count + $2) WHERE id = $1`, [ctx.topic.id, d]);
      if (on) {
        await this.db.publish(em, 'reaction.added', {
          postId,
          authorId: post.author_id,
          reactorId: user.id,
          reaction,
          categoryId: ctx.category.id,
          brandId: ctx.category.brand_id,
        });
      } else {
        await this.db.publish(em, 'reaction.removed', { postId, authorId: post.author_id, reactorId: user.id, reaction });
      }
    });
    const { ctx } = await this.postCtx(this.db.ds, user, postId);
    return (await this.postsOf(this.db.ds, ctx, `p.id = $4`, [postId], 1))[0];
  }

  /** Question topics: the author, a moderator or the brand's manager accepts an answer. */
  async solve(user: AuthUser, topicId: number, postId: number | null): Promise<TopicDto> {
    await this.db.tx(async (em) => {
      const ctx = await this.topicCtx(em, user, topicId, undefined, true);
      if (ctx.topic.kind !== 'question') throw new AppError(409, 'errors.forum.not_question');
      if (ctx.topic.author_id !== user.id && !ctx.moderator) throw forbidden('errors.forum.cannot_solve');
      if (postId === null) {
        if (ctx.topic.accepted_post_id) await this.unaccept(em, ctx, user);
        return;
      }
      if (ctx.topic.accepted_post_id === postId) return;
      const p = await one<{ author_id: number }>(
        em,
        `SELECT author_id FROM forum_posts WHERE id = $1 AND topic_id = $2 AND status = 'visible' AND post_number > 1`,
        [postId, topicId],
      );
      if (!p) throw invalidFields([{ field: 'postId', code: 'default' }]);
      if (ctx.topic.accepted_post_id) await this.unaccept(em, ctx, user);
      await em.query(`UPDATE forum_topics SET accepted_post_id = $2 WHERE id = $1`, [topicId, postId]);
      await this.db.publish(em, 'post.accepted', { postId, topicId, authorId: p.author_id, acceptedById: user.id, brandId: ctx.category.brand_id });
      if (p.author_id !== user.id) {
        await this.notifications.notify(em, {
          userId: p.author_id,
          kind: 'accepted',
          data: { topicId, topicTitle: ctx.topic.title, postId, actorName: user.displayName },
          dedupeKey: `accepted:${postId}`,
        });
      }
      if (ctx.moderator && ctx.topic.author_id !== user.id) {
        await this.audit.record(em, { actorId: user.id, action: 'forum.topic_solve', targetType: 'forum_topic', targetId: topicId, data: { postId } });
      }
    });
    return this.topicDto(this.db.ds, await this.topicCtx(this.db.ds, user, topicId));
  }

  private async unaccept(em: EntityManager, ctx: TopicCtx, actor: AuthUser): Promise<void> {
    const prev = ctx.topic.accepted_post_id!;
    const p = await one<{ author_id: number }>(em, `SELECT author_id FROM forum_posts WHERE id = $1`, [prev]);
    await em.query(`UPDATE forum_topics SET accepted_post_id = NULL WHERE id = $1`, [ctx.topic.id]);
    ctx.topic.accepted_post_id = null;
    if (p) {
      await this.db.publish(em, 'post.unaccepted', { postId: prev, topicId: ctx.topic.id, authorId: p.author_id, actorId: actor.id, brandId: ctx.category.brand_id });
    }
  }

  async feature(user: AuthUser, postId: number): Promise<PostDto> {
    await this.db.tx(async (em) => {
      const { ctx, post } = await this.postCtx(em, user, postId, true);
      if (!ctx.moderator) throw forbidden('errors.forum.not_moderator');
      if (post.status !== 'visible') throw notFound('errors.forum.post_not_found');
      const n = await affected(em, `UPDATE forum_posts SET featured = true WHERE id = $1 AND NOT featured`, [postId]);
      if (!n) return;
      await this.db.publish(em, 'post.featured', { postId, authorId: post.author_id, actorId: user.id });
      await this.audit.record(em, { actorId: user.id, action: 'forum.post_feature', targetType: 'forum_post', targetId: postId });
    });
    const { ctx } = await this.postCtx(this.db.ds, user, postId);
    return (await this.postsOf(this.db.ds, ctx, `p.id = $4`, [postId], 1))[0];
  }

  // ---------------------------------------------------------------- read positions and subscriptions

  async markRead(user: AuthUser, topicId: number, postNumber: number): Promise<{ lastReadPostNumber: number }> {
    const ctx = await this.topicCtx(this.db.ds, user, topicId);
    const n = Math.min(postNumber, ctx.topic.highest_post_number);
    const [r] = await rows<{ last_read_post_number: number }>(
      this.db.ds,
      `INSERT INTO forum_topic_users (user_id, topic_id, last_read_post_number) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, topic_id) DO UPDATE SET last_read_post_number = GREATEST(forum_topic_users.last_read_post_number, $3)
       RETURNING last_read_post_number`,
      [user.id, topicId, n],
    );
    return { lastReadPostNumber: r.last_read_post_number };
  }

  async subscribe(user: AuthUser, topicId: number, on: boolean): Promise<{ subscribed: boolean }> {
    await this.topicCtx(this.db.ds, user, topicId);
    await this.db.ds.query(
      `INSERT INTO forum_topic_users (user_id, topic_id, subscribed) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, topic_id) DO UPDATE SET subscribed = $3`,
      [user.id, topicId, on],
    );
    return { subscribed: on };
  }

  // ---------------------------------------------------------------- notifications (after commit, through the bus)

  /** Replies, quotes, mentions and subscriptions, once per post and member (dedupe keys). */
  private async notifyForPost(em: EntityManager, postId: number): Promise<void> {
    const p = await one<{
      id: number;
      topic_id: number;
      post_number: number;
      author_id: number;
      author_name: string;
      raw: string;
      status: string;
      reply_to_post_id: number | null;
      quote_post_id: number | null;
      title: string;
      topic_author_id: number;
      category_id: number;
    }>(
      em,
      `SELECT p.id, p.topic_id, p.post_number, p.author_id, u.display_name AS author_name, p.raw, p.status, p.reply_to_post_id, p.quote_post_id,
              t.title, t.author_id AS topic_author_id, t.category_id
         FROM forum_posts p JOIN forum_topics t ON t.id = p.topic_id JOIN users u ON u.id = p.author_id WHERE p.id = $1`,
      [postId],
    );
    if (!p || p.status !== 'visible') return;
    const v = await this.access.viewer(em, null);
    const category = v.category(p.category_id)!;
    const data = { topicId: p.topic_id, topicTitle: p.title, postId, postNumber: p.post_number, actorId: p.author_id, actorName: p.author_name };
    const told = new Set<number>([p.author_id]);
    const tell = async (userId: number | null | undefined, kind: string) => {
      if (!userId || told.has(userId)) return;
      told.add(userId);
      await this.notifications.notify(em, { userId, kind, data, dedupeKey: `post:${postId}` });
    };
    if (p.quote_post_id) {
      const q = await one<{ author_id: number }>(em, `SELECT author_id FROM forum_posts WHERE id = $1`, [p.quote_post_id]);
      await tell(q?.author_id, 'quote');
    }
    if (p.reply_to_post_id) {
      const r = await one<{ author_id: number }>(em, `SELECT author_id FROM forum_posts WHERE id = $1`, [p.reply_to_post_id]);
      await tell(r?.author_id, 'reply');
    } else if (p.post_number > 1) {
      await tell(p.topic_author_id, 'reply');
    }
    // a restricted category's content reaches only members who may read it there and then
    const open = v.canRead(category) || (category.read_access === 'members' && category.min_tier_rank === 0 && category.parent_id === null);
    const readers = async (ids: number[]): Promise<number[]> => (open || !ids.length ? ids : this.mayRead(em, v, category, ids));
    const tokens = mentionTokens(p.raw);
    if (tokens.length) {
      const users = await this.mentioned(em, tokens);
      for (const id of await readers(users.map((u) => u.id))) await tell(id, 'mention');
    }
    if (p.post_number === 1) return; // followers follow replies
    const subs = await rows<{ user_id: number }>(
      em,
      `SELECT user_id FROM forum_topic_users WHERE topic_id = $1 AND subscribed AND user_id <> $2 ORDER BY user_id LIMIT 500`,
      [p.topic_id, p.author_id],
    );
    for (const id of await readers(subs.map((s) => s.user_id))) await tell(id, 'watching');
  }

  /** The members among `ids` who may read `category` now (role, brand management, loyalty tier). */
  private async mayRead(em: EntityManager, v: Viewer, category: CategoryRow, ids: number[]): Promise<number[]> {
    const users = await rows<{ id: number; role: AuthUser['role']; brands: number[] }>(
      em,
      `SELECT u.id, u.role, COALESCE((SELECT array_agg(brand_id) FROM brand_members WHERE user_id = u.id), '{}') AS brands
         FROM users u WHERE u.id = ANY($1::bigint[]) AND u.deleted_at IS NULL ORDER BY u.id`,
      [ids],
    );
    const out: number[] = [];
    for (const u of users) {
      const who = { id: u.id, role: u.role, managedBrandIds: u.brands.map(Number) } as AuthUser;
      if ((await this.access.viewerFor(em, who, v.categories)).canRead(category)) out.push(u.id);
    }
    return out;
  }
}
