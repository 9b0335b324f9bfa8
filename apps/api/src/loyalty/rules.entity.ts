import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { BrandEntity } from '../brands/brand.entity';
import { UserEntity } from '../identity/user.entity';
import { UploadEntity } from '../uploads/upload.entity';

const ACTIONS_SQL = `'topic.created', 'post.replied', 'reaction.received', 'post.accepted', 'post.featured', 'member.visited', 'chat.message_sent',
 'challenge.completed', 'event.checked_in', 'survey.answered', 'referral.signed_up', 'referral.first_post', 'member.profile_completed', 'member.birthday'`;

/** Community-wide loyalty settings: a single row (id = 1). */
@Entity('loyalty_settings')
@Check('loyalty_settings_single', `"id" = 1`)
@Check('loyalty_settings_week_start', `"week_start" BETWEEN 0 AND 6`)
@Check('loyalty_settings_expiry', `"expiry_days" IS NULL OR "expiry_days" > 0`)
@Check('loyalty_settings_numbers', `"tier_window_days" > 0 AND "pending_days" >= 0 AND "reaction_pair_daily_limit" >= 0 AND "referral_monthly_limit" >= 0`)
export class LoyaltySettingsEntity {
  @PrimaryColumn({ type: 'integer' })
  id: number;

  /** days and weeks of caps and leaderboards follow this IANA time zone */
  @Column({ type: 'varchar', length: 64, default: 'UTC' })
  timeZone: string;

  /** 0 = Sunday ... 6 = Saturday */
  @Column({ type: 'smallint', default: 1 })
  weekStart: number;

  @Column({ type: 'integer', default: 365 })
  tierWindowDays: number;

  /** awards to accounts younger than this are pending until the account is this old */
  @Column({ type: 'integer', default: 7 })
  pendingDays: number;

  /** reactions from the same member to the same author that earn, per day */
  @Column({ type: 'integer', default: 3 })
  reactionPairDailyLimit: number;

  /** referrals that earn the referrer, per month */
  @Column({ type: 'integer', default: 10 })
  referralMonthlyLimit: number;

  /** available points expire after this many days without any ledger activity; null: never */
  @Column({ type: 'integer', nullable: true })
  expiryDays: number | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** An earning rule: points for an action, with caps, filters and an active window. */
@Entity('earning_rules')
@Check('earning_rules_action', `"action" IN (${ACTIONS_SQL})`)
@Check('earning_rules_points', `"points" > 0 AND "points" <= 100000`)
@Check('earning_rules_caps', `("daily_cap" IS NULL OR "daily_cap" > 0) AND ("weekly_cap" IS NULL OR "weekly_cap" > 0)`)
@Index('earning_rules_action_idx', ['action'])
export class EarningRuleEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @Column({ type: 'varchar', length: 40 })
  action: string;

  @Column({ type: 'integer' })
  points: number;

  /** awards of this action per member per community day */
  @Column({ type: 'integer', nullable: true })
  dailyCap: number | null;

  @Column({ type: 'integer', nullable: true })
  weeklyCap: number | null;

  /** forum category ids the rule is limited to; empty: every category */
  @Column({ type: 'jsonb', default: [] })
  categoryIds: number[];

  /** limited to the content of one brand (which funds the points); null: any */
  @ForeignKey(() => BrandEntity, { onDelete: 'CASCADE' })
  @Column({ type: 'bigint', nullable: true })
  brandId: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  startsAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  endsAt: Date | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** A multiplier campaign ("double points on 19 March"), optionally for one action or brand. */
@Entity('points_campaigns')
@Check('points_campaigns_multiplier', `"multiplier_pct" BETWEEN 100 AND 1000`)
@Check('points_campaigns_window', `"ends_at" > "starts_at"`)
@Check('points_campaigns_action', `"action" IS NULL OR "action" IN (${ACTIONS_SQL})`)
@Index('points_campaigns_window_idx', ['endsAt'])
export class PointsCampaignEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @Column({ type: 'varchar', length: 80 })
  name: string;

  @Column({ type: 'varchar', length: 80 })
  nameAr: string;

  @Column({ type: 'integer' })
  multiplierPct: number;

  @Column({ type: 'varchar', length: 40, nullable: true })
  action: string | null;

  @ForeignKey(() => BrandEntity, { onDelete: 'CASCADE' })
  @Column({ type: 'bigint', nullable: true })
  brandId: number | null;

  @Column({ type: 'timestamptz' })
  startsAt: Date;

  @Column({ type: 'timestamptz' })
  endsAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** An admin-defined badge; `criteria` says when it is granted automatically. */
@Entity('badges')
@Index('badges_slug_key', ['slug'], { unique: true })
@Check('badges_holders', `"holders" >= 0`)
export class BadgeEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @Column({ type: 'varchar', length: 40 })
  slug: string;

  @Column({ type: 'varchar', length: 60 })
  name: string;

  @Column({ type: 'varchar', length: 60 })
  nameAr: string;

  @Column({ type: 'varchar', length: 300, default: '' })
  description: string;

  @Column({ type: 'varchar', length: 300, default: '' })
  descriptionAr: string;

  @ForeignKey(() => UploadEntity, { onDelete: 'SET NULL' })
  @Column({ type: 'bigint', nullable: true })
  iconUploadId: number | null;

  @Column({ type: 'jsonb', default: { type: 'manual' } })
  criteria: Record<string, unknown>;

  /** may be granted several times (once per source) */
  @Column({ type: 'boolean', default: false })
  multi: boolean;

  /** members holding it (a live grant), kept by the grant and revoke transactions: rarity without counting grants */
  @Column({ type: 'integer', default: 0 })
  holders: number;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A badge held by a member: once per (badge, member, grant key); revoked grants stay as history. */
@Entity('badge_grants')
@Index('badge_grants_once', ['badgeId', 'userId', 'grantKey'], { unique: true })
@Index('badge_grants_user_idx', ['userId', 'id'])
export class BadgeGrantEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @ForeignKey(() => BadgeEntity)
  @Column({ type: 'bigint' })
  badgeId: number;

  @ForeignKey(() => UserEntity)
  @Column({ type: 'bigint' })
  userId: number;

  /** 'once' for single-grant badges; the source for multi-grant ones */
  @Column({ type: 'varchar', length: 60 })
  grantKey: string;

  @Column({ type: 'varchar', length: 200, default: '' })
  reason: string;

  @ForeignKey(() => UserEntity)
  @Column({ type: 'bigint', nullable: true })
  actorId: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** Daily activity streak, counted in the member's own time zone. */
@Entity('loyalty_streaks')
export class StreakEntity {
  @ForeignKey(() => UserEntity)
  @PrimaryColumn({ type: 'bigint' })
  userId: number;

  @Column({ type: 'integer', default: 0 })
  current: number;

  @Column({ type: 'integer', default: 0 })
  longest: number;

  @Column({ type: 'date', nullable: true })
  lastDay: string | null;
}

/** Who referred whom (from member.registered); both earn when the referee verifies and posts. */
@Entity('loyalty_referrals')
@Index('loyalty_referrals_referrer_idx', ['referrerId', 'createdAt'])
export class ReferralEntity {
  @ForeignKey(() => UserEntity)
  @PrimaryColumn({ type: 'bigint' })
  refereeId: number;

  @ForeignKey(() => UserEntity)
  @Column({ type: 'bigint' })
  referrerId: number;

  @Column({ type: 'timestamptz', nullable: true })
  verifiedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/**
 * Whether a piece of content (`post`: a forum post and the reactions to it; `chat`: a chat
 * message) is removed, or a post's acceptance as an answer withdrawn (`acceptance`), as of the
 * latest such event the subscribers have handled (loyalty's and the challenges', through
 * `common/content-state.ts`). An area publishes those events under the content's row lock, so
 * their outbox ids are in the order they happened: an older event handled late changes nothing.
 * Every earn, count, removal and restoration of the content locks this row, so its awards,
 * reversals and challenge counts are decided one after another whatever the order the events are
 * handled in.
 */
@Entity('loyalty_content_states')
export class ContentStateEntity {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  kind: string;

  @PrimaryColumn({ type: 'bigint' })
  contentId: number;

  @Column({ type: 'boolean', default: false })
  removed: boolean;

  /** the outbox id of the removal or restoration that decided `removed` (0: none yet) */
  @Column({ type: 'bigint', default: 0 })
  eventId: number;
}

/** Points earned per member per period ('week', 'month', 'all') and brand (0 = overall). */
@Entity('leaderboard_scores')
@Check('leaderboard_scores_period', `"period" IN ('week', 'month', 'all')`)
@Index('leaderboard_scores_top_idx', ['period', 'periodStart', 'brandId', 'points', 'userId'])
export class LeaderboardScoreEntity {
  @PrimaryColumn({ type: 'varchar', length: 5 })
  period: string;

  @PrimaryColumn({ type: 'date' })
  periodStart: string;

  @PrimaryColumn({ type: 'bigint' })
  brandId: number;

  @ForeignKey(() => UserEntity)
  @PrimaryColumn({ type: 'bigint' })
  userId: number;

  @Column({ type: 'integer', default: 0 })
  points: number;
}

/** How many members of a board have each score: a rank is the sum over the higher scores, never a scan of members. */
@Entity('leaderboard_buckets')
@Check('leaderboard_buckets_members', `"members" >= 0`)
export class LeaderboardBucketEntity {
  @PrimaryColumn({ type: 'varchar', length: 5 })
  period: string;

  @PrimaryColumn({ type: 'date' })
  periodStart: string;

  @PrimaryColumn({ type: 'bigint' })
  brandId: number;

  @PrimaryColumn({ type: 'integer' })
  points: number;

  @Column({ type: 'integer', default: 0 })
  members: number;
}
