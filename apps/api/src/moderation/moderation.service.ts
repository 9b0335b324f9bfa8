import { Injectable } from '@nestjs/common';
import type { ApprovalDto, Page, ReportDto, SuspensionDto, WordFilterDto } from '@wala/contract';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-context';
import { AppError, conflict, forbidden, invalidFields, notFound } from '../common/errors';
import { decodeCursor, toPage } from '../common/params';
import { affected, one, rows } from '../common/sql';
import { Db } from '../database/db.service';
import { SessionService } from '../identity/session.service';
import { ForumAccess, type Viewer } from '../forum/forum-access';
import type { MoveDto, ReportDtoIn, ResolveReportDto, SuspendDto, WordFilterIn } from '../forum/forum.dto';
import { mapPost, POST_FROM, postSelect, type PostRow } from '../forum/posts.repo';
import { PostsService, type TopicCtx } from '../forum/posts.service';
import { htmlText } from '../forum/text';

/**
 * Moderation: reports, hide/unhide, lock/pin/move, approval queue, suspensions and the word
 * filter. Staff moderate everywhere, a brand's managers in that brand's categories. Every action
 * is written to the audit log in its own transaction.
 */
@Injectable()
export class ModerationService {
  constructor(
    private readonly db: Db,
    private readonly access: ForumAccess,
    private readonly posts: PostsService,
    private readonly audit: AuditService,
    private readonly sessions: SessionService,
  ) {}

  /** Category ids the caller moderates; 403 for members who moderate nowhere. */
  private moderated(v: Viewer): number[] {
    const ids = v.categories.filter((c) => v.canModerate(c)).map((c) => c.id);
    if (!v.staff && !ids.length) throw forbidden('errors.forum.not_moderator');
    return ids;
  }

  async report(user: AuthUser, postId: number, dto: ReportDtoIn): Promise<{ reported: true }> {
    await this.db.tx(async (em) => {
      const { post } = await this.posts.postCtx(em, user, postId);
      if (post.status !== 'visible') throw notFound('errors.forum.post_not_found');
      if (post.author_id === user.id) throw forbidden('errors.forum.own_post');
      const made = await rows(
        em,
        `INSERT INTO forum_reports (post_id, reporter_id, reason, note) VALUES ($1, $2, $3, $4)
         ON CONFLICT (post_id, reporter_id) WHERE status = 'open' DO NOTHING RETURNING id`,
        [postId, user.id, dto.reason, dto.note ?? ''],
      );
      if (!made.length) throw conflict('errors.forum.already_reported');
    });
    return { reported: true };
  }

  async reports(user: AuthUser, status: 'open' | 'resolved' | 'dismissed', cursor: string | undefined, limit: number): Promise<Page<ReportDto>> {
    const v = await this.access.viewer(this.db.ds, user);
    const ids = this.moderated(v);
    const cur = decodeCursor(cursor, ['number']);
    const found = await rows<{
      id: number;
      reason: ReportDto['reason'];
      note: string;
      status: ReportDto['status'];
      reporter_id: number | null;
      reporter_name: string | null;
      report_count: number;
      post_id: number;
      topic_id: number;
      title: string;
      post_number: number;
      cooked: string;
      post_status: ReportDto['post']['status'];
      author_id: number;
      author_name: string;
      created_at: Date;
    }>(
      this.db.ds,
      `SELECT r.id, r.reason, r.note, r.status, r.reporter_id, ru.display_name AS reporter_name,
              (SELECT count(*)::int FROM forum_reports o WHERE o.post_id = r.post_id AND o.status = 'open') AS report_count,
              p.id AS post_id, p.topic_id, t.title, p.post_number, p.cooked, p.status AS post_status, p.author_id, au.display_name AS author_name, r.created_at
         FROM forum_reports r JOIN forum_posts p ON p.id = r.post_id JOIN forum_topics t ON t.id = p.topic_id
         JOIN users au ON au.id = p.author_id LEFT JOIN users ru ON ru.id = r.reporter_id
        WHERE r.status = $1 AND t.category_id = ANY($2::bigint[]) AND ($3::bigint IS NULL OR r.id < $3)
        ORDER BY r.id DESC LIMIT $4`,
      [status, ids, cur?.[0] ?? null, limit + 1],
    );
    return toPage(
      found,
      limit,
      (r) => ({
        id: r.id,
        reason: r.reason,
        note: r.note,
        status: r.status,
        reporter: r.reporter_id ? { id: r.reporter_id, displayName: r.reporter_name! } : null,
        reportCount: r.report_count,
        post: {
          id: r.post_id,
          topicId: r.topic_id,
          topicTitle: r.title,
          postNumber: r.post_number,
          cooked: r.cooked,
          status: r.post_status,
          author: { id: r.author_id, displayName: r.author_name },
        },
        createdAt: r.created_at.toISOString(),
      }),
      (r) => [r.id],
    );
  }

  async resolve(user: AuthUser, reportId: number, dto: ResolveReportDto): Promise<{ resolved: number }> {
    return this.db.tx(async (em) => {
      const r = await one<{ post_id: number; status: string }>(em, `SELECT post_id, status FROM forum_reports WHERE id = $1 FOR UPDATE`, [reportId]);
      if (!r) throw notFound();
      const { ctx, post } = await this.posts.postCtx(em, user, r.post_id, true).catch(() => {
        throw notFound();
      });
      if (!ctx.moderator) throw notFound();
      if (r.status !== 'open') throw conflict('errors.forum.report_closed');
      if (dto.action !== 'dismiss' && post.status !== (dto.action === 'hide' ? 'hidden' : 'deleted')) {
        if (post.status === 'deleted') throw conflict('errors.forum.report_closed');
        await this.posts.takeDown(em, ctx, post, dto.action === 'hide' ? 'hidden' : 'deleted', user, dto.reason);
      }
      const n = await affected(
        em,
        `UPDATE forum_reports SET status = $2, resolution = $3, resolved_by_id = $4, resolved_at = now() WHERE post_id = $1 AND status = 'open'`,
        [r.post_id, dto.action === 'dismiss' ? 'dismissed' : 'resolved', dto.action, user.id],
      );
      await this.audit.record(em, {
        actorId: user.id,
        action: 'forum.report_resolve',
        targetType: 'forum_post',
        targetId: r.post_id,
        reason: dto.reason,
        data: { reportId, action: dto.action, reports: n },
      });
      return { resolved: n };
    });
  }

  private async modPost(em: Parameters<Parameters<Db['tx']>[0]>[0], user: AuthUser, postId: number) {
    const found = await this.posts.postCtx(em, user, postId, true);
    if (!found.ctx.moderator) throw forbidden('errors.forum.not_moderator');
    return found;
  }

  async hide(user: AuthUser, postId: number, reason?: string): Promise<void> {
    await this.db.tx(async (em) => {
      const { ctx, post } = await this.modPost(em, user, postId);
      if (post.status !== 'visible') throw new AppError(409, 'errors.forum.not_visible');
      await this.posts.takeDown(em, ctx, post, 'hidden', user, reason);
    });
  }

  async restore(user: AuthUser, postId: number, reason?: string): Promise<void> {
    await this.db.tx(async (em) => {
      const { ctx, post } = await this.modPost(em, user, postId);
      await this.posts.restore(em, ctx, post, user, reason);
    });
  }

  private async modTopic(em: Parameters<Parameters<Db['tx']>[0]>[0], user: AuthUser, topicId: number): Promise<TopicCtx> {
    const ctx = await this.posts.topicCtx(em, user, topicId, undefined, true);
    if (!ctx.moderator) throw forbidden('errors.forum.not_moderator');
    return ctx;
  }

  async setFlag(user: AuthUser, topicId: number, flag: 'locked' | 'pinned', value: boolean, reason?: string): Promise<void> {
    await this.db.tx(async (em) => {
      const ctx = await this.modTopic(em, user, topicId);
      await em.query(`UPDATE forum_topics SET ${flag === 'locked' ? 'locked' : 'pinned'} = $2 WHERE id = $1`, [topicId, value]);
      const action = flag === 'locked' ? (value ? 'lock' : 'unlock') : value ? 'pin' : 'unpin';
      await this.audit.record(em, { actorId: user.id, action: `forum.topic_${action}`, targetType: 'forum_topic', targetId: topicId, reason });
      if (ctx.topic.author_id !== user.id) await this.posts.notifyModeration(em, ctx.topic.author_id, action, ctx.topic, 0, reason);
    });
  }

  async move(user: AuthUser, topicId: number, dto: MoveDto): Promise<void> {
    await this.db.tx(async (em) => {
      const ctx = await this.modTopic(em, user, topicId);
      const target = ctx.v.category(dto.categoryId);
      if (!target || !ctx.v.canModerate(target)) throw invalidFields([{ field: 'categoryId', code: 'default' }]);
      if (target.id === ctx.category.id) return;
      await em.query(`UPDATE forum_topics SET category_id = $2 WHERE id = $1`, [topicId, target.id]);
      if (ctx.topic.status === 'visible') {
        const posts = ctx.topic.reply_count + 1;
        await em.query(`UPDATE forum_categories SET topic_count = topic_count - 1, post_count = post_count - $2 WHERE id = $1`, [ctx.category.id, posts]);
        await em.query(`UPDATE forum_categories SET topic_count = topic_count + 1, post_count = post_count + $2 WHERE id = $1`, [target.id, posts]);
      }
      await this.audit.record(em, {
        actorId: user.id,
        action: 'forum.topic_move',
        targetType: 'forum_topic',
        targetId: topicId,
        reason: dto.reason,
        data: { from: ctx.category.id, to: target.id },
      });
      if (ctx.topic.author_id !== user.id) await this.posts.notifyModeration(em, ctx.topic.author_id, 'move', ctx.topic, 0, dto.reason);
    });
  }

  // ------------------------------------------------------------ approval queue

  async approvals(user: AuthUser, cursor: string | undefined, limit: number): Promise<Page<ApprovalDto>> {
    const v = await this.access.viewer(this.db.ds, user);
    const ids = this.moderated(v);
    const cur = decodeCursor(cursor, ['number']);
    const found = await rows<PostRow & { title: string; category_id: number }>(
      this.db.ds,
      `SELECT ${postSelect(1)}, t.title, t.category_id FROM ${POST_FROM} JOIN forum_topics t ON t.id = p.topic_id
        WHERE p.status = 'pending' AND t.category_id = ANY($2::bigint[]) AND ($3::bigint IS NULL OR p.id > $3)
        ORDER BY p.id LIMIT $4`,
      [user.id, ids, cur?.[0] ?? null, limit + 1],
    );
    return toPage(
      found,
      limit,
      (r) => ({ post: mapPost(v, r, { moderator: true, acceptedPostId: null, locked: false }), topicTitle: r.title, categoryId: r.category_id }),
      (r) => [r.id],
    );
  }

  async decide(user: AuthUser, postId: number, approve: boolean, reason?: string): Promise<void> {
    await this.db.tx(async (em) => {
      const { ctx, post } = await this.posts.postCtx(em, user, postId, true);
      if (!ctx.moderator) throw notFound('errors.forum.post_not_found');
      if (post.status !== 'pending') throw new AppError(409, 'errors.forum.not_pending');
      if (approve) {
        await this.posts.makeVisible(em, postId);
      } else {
        await em.query(`UPDATE forum_posts SET status = 'deleted' WHERE id = $1`, [postId]);
        if (post.post_number === 1) await em.query(`UPDATE forum_topics SET status = 'deleted' WHERE id = $1`, [ctx.topic.id]);
      }
      await this.audit.record(em, {
        actorId: user.id,
        action: approve ? 'forum.post_approve' : 'forum.post_reject',
        targetType: 'forum_post',
        targetId: postId,
        reason,
        data: { topicId: ctx.topic.id, excerpt: htmlText(post.raw).slice(0, 200) },
      });
      await this.posts.notifyModeration(em, post.author_id, approve ? 'approved' : 'rejected', ctx.topic, postId, reason);
    });
  }

  // ------------------------------------------------------------ suspensions

  /** Suspends a member (not staff) for a number of hours: sign-in refused, every session ended at once. */
  async suspend(actor: AuthUser, userId: number, dto: SuspendDto): Promise<SuspensionDto> {
    return this.db.tx(async (em) => {
      const u = await one<{ role: string }>(em, `SELECT role FROM users WHERE id = $1 AND deleted_at IS NULL FOR UPDATE`, [userId]);
      if (!u) throw notFound();
      if (u.role !== 'member' || userId === actor.id) throw forbidden('errors.forum.cannot_suspend');
      const [r] = await rows<{ suspended_until: Date }>(
        em,
        `UPDATE users SET suspended_until = now() + make_interval(hours => $2) WHERE id = $1 RETURNING suspended_until`,
        [userId, dto.hours],
      );
      const until = r.suspended_until.toISOString();
      await this.sessions.revokeAll(em, userId, 'suspended');
      await this.db.publish(em, 'member.suspended', { userId, until, actorId: actor.id, reason: dto.reason });
      await this.audit.record(em, { actorId: actor.id, action: 'member.suspend', targetType: 'user', targetId: userId, reason: dto.reason, data: { hours: dto.hours, until } });
      return { userId, suspendedUntil: until };
    });
  }

  async unsuspend(actor: AuthUser, userId: number): Promise<SuspensionDto> {
    return this.db.tx(async (em) => {
      const n = await affected(em, `UPDATE users SET suspended_until = NULL WHERE id = $1 AND deleted_at IS NULL`, [userId]);
      if (!n) throw notFound();
      await this.audit.record(em, { actorId: actor.id, action: 'member.unsuspend', targetType: 'user', targetId: userId });
      return { userId, suspendedUntil: null };
    });
  }

  // ------------------------------------------------------------ word filter

  async words(): Promise<WordFilterDto[]> {
    return rows<WordFilterDto>(this.db.ds, `SELECT id, word, action FROM forum_word_filters ORDER BY word`);
  }

  async addWord(actor: AuthUser, dto: WordFilterIn): Promise<WordFilterDto> {
    return this.db.tx(async (em) => {
      const [w] = await rows<WordFilterDto>(
        em,
        `INSERT INTO forum_word_filters (word, action) VALUES (lower($1), $2)
         ON CONFLICT (word) DO UPDATE SET action = EXCLUDED.action RETURNING id, word, action`,
        [dto.word, dto.action],
      );
      await this.audit.record(em, { actorId: actor.id, action: 'forum.word_filter_set', targetType: 'forum_word_filter', targetId: w.id, data: { ...dto } });
      return w;
    });
  }

  async removeWord(actor: AuthUser, id: number): Promise<void> {
    await this.db.tx(async (em) => {
      const gone = await rows(em, `DELETE FROM forum_word_filters WHERE id = $1 RETURNING word`, [id]);
      if (!gone.length) throw notFound();
      await this.audit.record(em, { actorId: actor.id, action: 'forum.word_filter_remove', targetType: 'forum_word_filter', targetId: id, data: gone[0] });
    });
  }
}
