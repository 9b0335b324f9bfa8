import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EarningAction, LoyaltySettingsDto, PointsEntryDto } from '@wala/contract';
import type { EntityManager } from 'typeorm';
import { contentRemoved, type ContentChange } from '../common/content-state';
import { PointsWallet } from '../common/points-wallet';
import { affected, one, rows } from '../common/sql';
import { EventBus } from '../events/event-bus.service';
import type { DomainEventMap } from '../events/domain-events';
import { BadgesService } from './badges.service';
import type { LedgerService } from './ledger.service';
import { LoyaltySettings } from './settings.service';
import { StreaksService } from './streaks.service';

/** A qualifying action as the engine sees it. */
export interface Qualifying {
  action: EarningAction;
  userId: number;
  sourceType: string;
  sourceId: number;
  sourceSub?: number;
  brandId: number | null;
  categoryId?: number | null;
  /** the action's own points (a challenge's, an event's): used instead of a rule's */
  ownPoints?: number;
  params?: Record<string, unknown>;
  /** skip the per-member caps (referral bonuses have their own limit) */
  uncapped?: boolean;
  /** the award's generation (an action that earns again after a reversal) */
  generation?: number;
}

interface RuleRow {
  id: number;
  points: number;
  daily_cap: number | null;
  weekly_cap: number | null;
  brand_id: number | null;
}

export const reasonKey = (action: string) => `web.loyalty.reasons.${action.replace(/\./g, '_')}`;

/** Content whose removal reverses its awards: a forum post (its own awards and the reactions to it), a chat message. */
type ContentKind = 'post' | 'chat';
type Change = ContentChange & { actorId: number | null };
const CONTENT_OF: Record<string, ContentKind | undefined> = { post: 'post', reaction: 'post', chat: 'chat' };
const SOURCES_OF: Record<ContentKind, string[]> = { post: ['post', 'reaction'], chat: ['chat'] };
/** the reason of a reversal for removed content: only those come back when the content is restored */
const REMOVAL_REASON = 'web.loyalty.reasons.reversal';

/**
 * Turns domain events into awards. Each handler runs in the outbox transaction of its event
 * (delivered at least once, retried after a crash) and the ledger's once-only keys make a
 * redelivery award nothing. Caps are counted under the member's balance lock, so concurrent
 * actions on several nodes cannot pass them.
 */
@Injectable()
export class EarningService implements OnModuleInit {
  constructor(
    @Inject(PointsWallet) private readonly ledger: LedgerService,
    private readonly bus: EventBus,
    private readonly settings: LoyaltySettings,
    private readonly badges: BadgesService,
    private readonly streaks: StreaksService,
  ) {}

  onModuleInit(): void {
    const b = this.bus;
    b.on('topic.created', 'loyalty:earn', (em, e) =>
      this.earnAndCount(em, { action: 'topic.created', userId: e.authorId, sourceType: 'post', sourceId: e.postId, brandId: e.brandId, categoryId: e.categoryId, params: { topicId: e.topicId } }),
    );
    b.on('post.created', 'loyalty:earn', async (em, e) => {
      await this.streaks.touch(em, e.authorId);
      if (!e.isTopicStart) {
        await this.earnAndCount(em, { action: 'post.replied', userId: e.authorId, sourceType: 'post', sourceId: e.postId, brandId: e.brandId, categoryId: e.categoryId, params: { topicId: e.topicId } });
      }
      if (e.isFirstPost) await this.referralStep(em, e.authorId, 'referral.first_post');
    });
    b.on('reaction.added', 'loyalty:earn', async (em, e) => {
      if (e.reactorId === e.authorId) return; // no points for reacting to yourself
      await contentRemoved(em, 'post', e.postId); // the content before the member: the order removals lock in
      const s = await this.settings.get(em);
      const p = await this.settings.periods(em, s);
      await this.ledger.lock(em, e.authorId);
      const pair = await one<{ n: number }>(
        em,
        `SELECT count(*)::int AS n FROM points_entries
          WHERE user_id = $1 AND kind = 'award' AND rule = 'reaction.received' AND source_sub = $2 AND created_at >= $3`,
        [e.authorId, e.reactorId, p.dayStart],
      );
      if (pair!.n >= s.reactionPairDailyLimit) return;
      await this.earnAndCount(em, {
        action: 'reaction.received',
        userId: e.authorId,
        sourceType: 'reaction',
        sourceId: e.postId,
        sourceSub: e.reactorId,
        brandId: e.brandId,
        categoryId: e.categoryId,
        params: { reaction: e.reaction },
      });
    });
    b.on('post.accepted', 'loyalty:earn', (em, e, m) => this.acceptanceChanged(em, e, { removed: false, eventId: m.eventId, actorId: null }));
    b.on('post.unaccepted', 'loyalty:reverse', (em, e, m) => this.acceptanceChanged(em, e, { removed: true, eventId: m.eventId, actorId: e.actorId }));
    b.on('post.featured', 'loyalty:earn', (em, e) => this.earnAndCount(em, { action: 'post.featured', userId: e.authorId, sourceType: 'post', sourceId: e.postId, brandId: null }));
    b.on('member.visited', 'loyalty:earn', async (em, e) => {
      await this.streaks.touch(em, e.userId);
      await this.earnAndCount(em, { action: 'member.visited', userId: e.userId, sourceType: 'visit', sourceId: Number(e.day.replace(/-/g, '')), brandId: null });
    });
    b.on('chat.message_sent', 'loyalty:earn', async (em, e) => {
      await this.streaks.touch(em, e.authorId);
      await this.earnAndCount(em, { action: 'chat.message_sent', userId: e.authorId, sourceType: 'chat', sourceId: e.messageId, brandId: e.brandId, params: { channelId: e.channelId } });
    });
    b.on('challenge.completed', 'loyalty:earn', async (em, e) => {
      await this.earnAndCount(em, {
        action: 'challenge.completed',
        userId: e.userId,
        sourceType: 'challenge',
        sourceId: e.completionId,
        brandId: e.brandId,
        ownPoints: e.points,
        params: { challengeId: e.challengeId },
      });
      await this.badges.onChallenge(em, e.userId, e.challengeId, e.completionId, e.badgeId);
    });
    b.on('event.checked_in', 'loyalty:earn', (em, e) =>
      this.earnAndCount(em, { action: 'event.checked_in', userId: e.userId, sourceType: 'checkin', sourceId: e.checkInId, brandId: e.brandId, ownPoints: e.points, params: { eventId: e.eventId } }),
    );
    b.on('survey.answered', 'loyalty:earn', (em, e) =>
      this.earnAndCount(em, { action: 'survey.answered', userId: e.userId, sourceType: 'survey', sourceId: e.participationId, brandId: e.brandId, ownPoints: e.points, params: { surveyId: e.surveyId } }),
    );
    b.on('member.profile_completed', 'loyalty:earn', (em, e) =>
      this.earnAndCount(em, { action: 'member.profile_completed', userId: e.userId, sourceType: 'profile', sourceId: e.userId, brandId: null }),
    );
    b.on('member.registered', 'loyalty:referral', async (em, e) => {
      if (!e.referredById || e.referredById === e.userId) return;
      await em.query(`INSERT INTO loyalty_referrals (referee_id, referrer_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [e.userId, e.referredById]);
    });
    b.on('member.email_verified', 'loyalty:referral', async (em, e) => {
      const n = await affected(em, `UPDATE loyalty_referrals SET verified_at = now() WHERE referee_id = $1 AND verified_at IS NULL`, [e.userId]);
      if (n) await this.referralStep(em, e.userId, 'referral.signed_up');
    });
    b.on('post.removed', 'loyalty:reverse', (em, e, m) => this.contentChanged(em, 'post', e.postId, { removed: true, eventId: m.eventId, actorId: e.actorId }));
    b.on('post.restored', 'loyalty:restore', (em, e, m) => this.contentChanged(em, 'post', e.postId, { removed: false, eventId: m.eventId, actorId: null }));
    b.on('chat.message_deleted', 'loyalty:reverse', (em, e, m) => this.contentChanged(em, 'chat', e.messageId, { removed: true, eventId: m.eventId, actorId: e.actorId }));
  }

  /** Awards by the best matching rule (or the action's own points), within caps, times campaigns and the tier. */
  async earn(em: EntityManager, q: Qualifying): Promise<PointsEntryDto | null> {
    const user = await one<{ created_at: Date; deleted_at: Date | null }>(em, `SELECT created_at, deleted_at FROM users WHERE id = $1`, [q.userId]);
    if (!user || user.deleted_at) return null;
    const [rule] = await rows<RuleRow>(
      em,
      `SELECT id, points, daily_cap, weekly_cap, brand_id FROM earning_rules
        WHERE action = $1 AND active AND (starts_at IS NULL OR starts_at <= now()) AND (ends_at IS NULL OR ends_at > now())
          AND (brand_id IS NULL OR brand_id = $2)
          AND (category_ids = '[]'::jsonb OR ($3::bigint IS NOT NULL AND category_ids @> jsonb_build_array($3::bigint)))
        ORDER BY points DESC, id LIMIT 1`,
      [q.action, q.brandId, q.categoryId ?? null],
    );
    const base = q.ownPoints && q.ownPoints > 0 ? q.ownPoints : rule?.points;
    if (!base) return null;
    // the content's state is locked before the member's balance, the order removals take them in
    const content = CONTENT_OF[q.sourceType];
    const removed = content ? await contentRemoved(em, content, q.sourceId) : false;
    const s = await this.settings.get(em);
    const bal = await this.ledger.lock(em, q.userId);
    if (rule && !q.uncapped && !(await this.withinCaps(em, s, q, rule))) return null;

    const campaigns = await rows<{ id: number; multiplier_pct: number }>(
      em,
      `SELECT id, multiplier_pct FROM points_campaigns
        WHERE starts_at <= now() AND ends_at > now() AND (action IS NULL OR action = $1) AND (brand_id IS NULL OR brand_id = $2)
        ORDER BY id`,
      [q.action, q.brandId],
    );
    const tier = bal.tier_id ? await one<{ multiplier_pct: number }>(em, `SELECT multiplier_pct FROM loyalty_tiers WHERE id = $1`, [bal.tier_id]) : null;
    const pcts = [...campaigns.map((c) => c.multiplier_pct), ...(tier && tier.multiplier_pct !== 100 ? [tier.multiplier_pct] : [])];
    const points = multiply(base, pcts);
    if (points <= 0) return null;

    const entry = await this.ledger.award(em, {
      userId: q.userId,
      points,
      rule: q.action,
      ruleId: rule?.id ?? null,
      campaignId: campaigns[0]?.id ?? null,
      sourceType: q.sourceType,
      sourceId: q.sourceId,
      sourceSub: q.sourceSub,
      generation: q.generation,
      brandId: q.brandId ?? rule?.brand_id ?? null,
      reason: reasonKey(q.action),
      params: { ...q.params, ...(pcts.length ? { multipliers: pcts, base } : {}) },
      maturesAt: maturesOf(user.created_at, s),
    });
    // the content's removal was handled first: the award is reversed at once (and comes back if the content is restored)
    if (entry && removed) {
      await this.ledger.reverse(em, entry.id, { reason: REMOVAL_REASON });
      return null;
    }
    return entry;
  }

  /** Earns, then grants the badges that count this action. */
  private async earnAndCount(em: EntityManager, q: Qualifying): Promise<void> {
    const e = await this.earn(em, q);
    if (e) await this.badges.onAward(em, q.userId, q.action);
  }

  private async withinCaps(em: EntityManager, s: LoyaltySettingsDto, q: Qualifying, rule: RuleRow): Promise<boolean> {
    if (!rule.daily_cap && !rule.weekly_cap) return true;
    const p = await this.settings.periods(em, s);
    const c = await one<{ day: number; week: number }>(
      em,
      `SELECT count(*) FILTER (WHERE created_at >= $3)::int AS day, count(*)::int AS week FROM points_entries
        WHERE user_id = $1 AND kind = 'award' AND rule = $2 AND created_at >= LEAST($3::timestamptz, $4::timestamptz)`,
      [q.userId, q.action, p.dayStart, p.weekStart],
    );
    if (rule.daily_cap && c!.day >= rule.daily_cap) return false;
    if (rule.weekly_cap && c!.week >= rule.weekly_cap) return false;
    return true;
  }

  /** Referral bonuses to both sides once the referee is verified (signed up) and posts (first post), within the referrer's monthly limit. */
  private async referralStep(em: EntityManager, refereeId: number, action: 'referral.signed_up' | 'referral.first_post'): Promise<void> {
    const r = await one<{ referrer_id: number; verified: boolean }>(
      em,
      `SELECT referrer_id, verified_at IS NOT NULL AS verified FROM loyalty_referrals WHERE referee_id = $1`,
      [refereeId],
    );
    if (!r || !r.verified) return;
    const s = await this.settings.get(em);
    await this.ledger.lock(em, r.referrer_id);
    const month = await one<{ n: number }>(
      em,
      `SELECT count(*)::int AS n FROM points_entries
        WHERE user_id = $1 AND kind = 'award' AND rule = $2 AND source_type = 'referral' AND created_at > now() - interval '30 days'`,
      [r.referrer_id, action],
    );
    if (month!.n < s.referralMonthlyLimit) {
      await this.earnAndCount(em, { action, userId: r.referrer_id, sourceType: 'referral', sourceId: refereeId, brandId: null, uncapped: true, params: { side: 'referrer' } });
    }
    await this.earnAndCount(em, { action, userId: refereeId, sourceType: 'referral', sourceId: refereeId, brandId: null, uncapped: true, params: { side: 'referee' } });
  }

  /**
   * A removal or restoration of content (its outbox id orders it against the others), then its
   * awards brought in line with the latest one, so the outcome does not depend on the order the
   * events are handled in: removed content has no live award; live content earns again, in the
   * next generation, each action whose last award was reversed by a removal (its points then,
   * held as pending for a young account). Redelivered or stale events change nothing.
   */
  async contentChanged(em: EntityManager, kind: ContentKind, contentId: number, change: Change): Promise<void> {
    const removed = await contentRemoved(em, kind, contentId, change);
    if (removed) {
      const live = await rows<{ id: number }>(
        em,
        `SELECT a.id FROM points_entries a
          WHERE a.kind = 'award' AND a.source_type = ANY($1::text[]) AND a.source_id = $2
            AND NOT EXISTS (SELECT 1 FROM points_entries r WHERE r.reverses_entry_id = a.id)
          ORDER BY a.id`,
        [SOURCES_OF[kind], contentId],
      );
      for (const a of live) await this.ledger.reverse(em, a.id, { reason: REMOVAL_REASON, actorId: change.actorId });
      return;
    }
    const last = await rows<{
      user_id: number;
      earned_delta: number;
      rule: string;
      source_type: string;
      source_sub: number;
      brand_id: number | null;
      params: Record<string, unknown>;
      generation: number;
      reversed_by: string | null;
      created_at: Date;
      deleted_at: Date | null;
    }>(
      em,
      `SELECT DISTINCT ON (a.user_id, a.rule, a.source_type, a.source_sub)
              a.user_id, a.earned_delta, a.rule, a.source_type, a.source_sub, a.brand_id, a.params, a.generation, r.reason AS reversed_by,
              u.created_at, u.deleted_at
         FROM points_entries a JOIN users u ON u.id = a.user_id
         LEFT JOIN points_entries r ON r.reverses_entry_id = a.id
        WHERE a.kind = 'award' AND a.source_type = ANY($1::text[]) AND a.source_id = $2
        ORDER BY a.user_id, a.rule, a.source_type, a.source_sub, a.generation DESC`,
      [SOURCES_OF[kind], contentId],
    );
    const s = await this.settings.get(em);
    // an acceptance withdrawn meanwhile (a post taken down is unaccepted too) does not come back with the post
    const unaccepted = kind === 'post' && !!(await one(em, `SELECT 1 FROM loyalty_content_states WHERE kind = 'acceptance' AND content_id = $1 AND removed`, [contentId]));
    for (const a of last) {
      if (a.reversed_by !== REMOVAL_REASON || a.deleted_at) continue; // live, or reversed for another reason (unaccepted, by a moderator)
      if (a.rule === 'post.accepted' && unaccepted) continue;
      await this.ledger.award(em, {
        userId: a.user_id,
        points: a.earned_delta,
        rule: a.rule,
        sourceType: a.source_type,
        sourceId: contentId,
        sourceSub: a.source_sub,
        generation: a.generation + 1,
        brandId: a.brand_id,
        reason: reasonKey(a.rule),
        params: a.params,
        maturesAt: maturesOf(a.created_at, s),
      });
    }
  }

  /**
   * An acceptance or unacceptance of a post as its topic's answer (ordered by outbox id, as
   * removals are, in the `acceptance` state row), then the acceptance award brought in line with
   * the latest one: an accepted post has one live award (a new generation after an unacceptance),
   * an unaccepted one none. So the outcome does not depend on the order the events are handled in,
   * and redelivered or stale events change nothing.
   */
  private async acceptanceChanged(em: EntityManager, e: DomainEventMap['post.accepted' | 'post.unaccepted'], change: Change): Promise<void> {
    const removed = await contentRemoved(em, 'post', e.postId); // the post's state first: the order its removals lock in
    const unaccepted = await contentRemoved(em, 'acceptance', e.postId, change);
    const last = await one<{ id: number; generation: number; reversed_by: string | null }>(
      em,
      `SELECT a.id, a.generation, r.reason AS reversed_by FROM points_entries a LEFT JOIN points_entries r ON r.reverses_entry_id = a.id
        WHERE a.kind = 'award' AND a.rule = 'post.accepted' AND a.source_type = 'post' AND a.source_id = $1
        ORDER BY a.generation DESC LIMIT 1`,
      [e.postId],
    );
    if (unaccepted) {
      if (last && last.reversed_by === null) await this.ledger.reverse(em, last.id, { reason: 'web.loyalty.reasons.unaccepted', actorId: change.actorId });
      return;
    }
    // live already, or reversed by the post's removal (its restoration brings it back)
    if (last && (last.reversed_by === null || (removed && last.reversed_by === REMOVAL_REASON))) return;
    await this.earnAndCount(em, {
      action: 'post.accepted',
      userId: e.authorId,
      sourceType: 'post',
      sourceId: e.postId,
      brandId: e.brandId,
      params: { topicId: e.topicId },
      generation: last ? last.generation + 1 : 0,
    });
  }

  /** The birthday bonus for members whose birthday is today in their own time zone (daily job). */
  async birthdays(em: EntityManager): Promise<number> {
    const due = await rows<{ id: number; year: number }>(
      em,
      `SELECT id, extract(year FROM now() AT TIME ZONE time_zone)::int AS year FROM users
        WHERE birthday IS NOT NULL AND deleted_at IS NULL
          AND to_char(birthday, 'MM-DD') = to_char(now() AT TIME ZONE time_zone, 'MM-DD')`,
    );
    let n = 0;
    for (const u of due) {
      if (await this.earn(em, { action: 'member.birthday', userId: u.id, sourceType: 'birthday', sourceId: u.year, brandId: null })) n++;
    }
    return n;
  }
}

/** Until when an award to an account created then is held as pending (null: available at once). */
function maturesOf(createdAt: Date, s: LoyaltySettingsDto): Date | null {
  const at = s.pendingDays > 0 ? createdAt.getTime() + s.pendingDays * 86_400_000 : 0;
  return at > Date.now() ? new Date(at) : null;
}

/** Stacked multipliers (in percent) multiply, then the result is rounded down once. */
export function multiply(base: number, pcts: number[]): number {
  let num = BigInt(base);
  let den = 1n;
  for (const p of pcts) {
    num *= BigInt(p);
    den *= 100n;
  }
  return Number(num / den);
}
