import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { BrandEntity } from '../brands/brand.entity';
import { UserEntity } from '../identity/user.entity';

/*
 * Analytics keeps its own facts, fed by domain events (never by reading other areas' tables).
 * `scope` is 0 for the whole community and a brand id for a brand's own figures; every activity
 * is counted in scope 0 and, when it belongs to a brand, in that brand's scope too.
 * Rollups (`analytics_period_stats`, `analytics_cohorts`, `analytics_points_daily`) are kept
 * incrementally by the SQL function `analytics_touch` and the handlers, so dashboards read a few
 * hundred rows whatever the size of the community. See docs/METRICS.md.
 */

/** The community settings analytics needs: one row (id = 1). */
@Entity('analytics_settings')
@Check(`"id" = 1`)
export class AnalyticsSettingsEntity {
  @PrimaryColumn({ type: 'smallint' })
  id: number;

  /** IANA zone in which days, weeks (Monday) and months of every figure are cut */
  @Column({ type: 'varchar', length: 64, default: 'UTC' })
  timeZone: string;
}

/** A member of a scope and the day they became one (sign-up for scope 0, first activity in a brand). */
@Entity('analytics_members')
export class AnalyticsMemberEntity {
  @PrimaryColumn({ type: 'int' })
  scope: number;

  @ForeignKey(() => UserEntity, { onDelete: 'CASCADE' })
  @PrimaryColumn({ type: 'bigint' })
  userId: number;

  @Column({ type: 'date' })
  firstDay: string;
}

/** Who was active in which day (d), week (w) and month (m); `flags`: 1 challenge, 2 event, 4 chat. */
@Entity('analytics_user_periods')
@Check(`"grain" IN ('d', 'w', 'm')`)
@Index('analytics_user_periods_user_idx', ['userId'])
export class AnalyticsUserPeriodEntity {
  @PrimaryColumn({ type: 'int' })
  scope: number;

  @PrimaryColumn({ type: 'char', length: 1 })
  grain: string;

  @PrimaryColumn({ type: 'date' })
  period: string;

  @ForeignKey(() => UserEntity, { onDelete: 'CASCADE' })
  @PrimaryColumn({ type: 'bigint' })
  userId: number;

  @Column({ type: 'smallint', default: 0 })
  flags: number;
}

/** Counters per scope and period, maintained as facts arrive. */
@Entity('analytics_period_stats')
@Check(`"grain" IN ('d', 'w', 'm')`)
export class AnalyticsPeriodStatsEntity {
  @PrimaryColumn({ type: 'int' })
  scope: number;

  @PrimaryColumn({ type: 'char', length: 1 })
  grain: string;

  @PrimaryColumn({ type: 'date' })
  period: string;

  /** members active in the period */
  @Column({ type: 'int', default: 0 })
  active: number;

  /** members whose first day falls in the period */
  @Column({ type: 'int', default: 0 })
  newMembers: number;

  /** members active in this period and in the one before */
  @Column({ type: 'int', default: 0 })
  retained: number;

  /** active members who joined a challenge, an event or chatted in the period */
  @Column({ type: 'int', default: 0 })
  participants: number;

  /** retained members who had participated in the period before */
  @Column({ type: 'int', default: 0 })
  retainedParticipants: number;

  @Column({ type: 'int', default: 0 })
  challengeMembers: number;

  @Column({ type: 'int', default: 0 })
  eventMembers: number;

  @Column({ type: 'int', default: 0 })
  chatMembers: number;
}

/** Members of the cohort (first month) active in a month. */
@Entity('analytics_cohorts')
export class AnalyticsCohortEntity {
  @PrimaryColumn({ type: 'int' })
  scope: number;

  @PrimaryColumn({ type: 'date' })
  cohort: string;

  @PrimaryColumn({ type: 'date' })
  period: string;

  @Column({ type: 'int', default: 0 })
  active: number;
}

/** Ledger entries already counted (redelivery guard). */
@Entity('analytics_points_entries')
export class AnalyticsPointsEntryEntity {
  @PrimaryColumn({ type: 'bigint' })
  entryId: number;
}

/** Sum of ledger entries (available + pending deltas) per scope, day and entry kind. */
@Entity('analytics_points_daily')
export class AnalyticsPointsDailyEntity {
  @PrimaryColumn({ type: 'int' })
  scope: number;

  @PrimaryColumn({ type: 'date' })
  day: string;

  @PrimaryColumn({ type: 'varchar', length: 40 })
  kind: string;

  @Column({ type: 'bigint', default: 0 })
  total: number;

  @Column({ type: 'int', default: 0 })
  entries: number;
}

/** Challenge participation facts (also the audience of surveys for a challenge's participants). */
@Entity('analytics_challenge_facts')
@Index('analytics_challenge_facts_brand_idx', ['brandId', 'joinedDay'])
export class AnalyticsChallengeFactEntity {
  @PrimaryColumn({ type: 'bigint' })
  challengeId: number;

  @ForeignKey(() => UserEntity, { onDelete: 'CASCADE' })
  @PrimaryColumn({ type: 'bigint' })
  userId: number;

  @Column({ type: 'bigint', nullable: true })
  brandId: number | null;

  @Column({ type: 'date', nullable: true })
  joinedDay: string | null;

  @Column({ type: 'date', nullable: true })
  completedDay: string | null;
}

/** Brand of each event (from event.created), for RSVPs that carry none. */
@Entity('analytics_event_brands')
export class AnalyticsEventBrandEntity {
  @PrimaryColumn({ type: 'bigint' })
  eventId: number;

  @Column({ type: 'bigint', nullable: true })
  brandId: number | null;
}

/** Event RSVP and attendance facts (also the audience of surveys for an event's attendees). */
@Entity('analytics_event_facts')
@Index('analytics_event_facts_day_idx', ['rsvpDay'])
export class AnalyticsEventFactEntity {
  @PrimaryColumn({ type: 'bigint' })
  eventId: number;

  @ForeignKey(() => UserEntity, { onDelete: 'CASCADE' })
  @PrimaryColumn({ type: 'bigint' })
  userId: number;

  @Column({ type: 'varchar', length: 12, nullable: true })
  rsvpStatus: string | null;

  @Column({ type: 'date', nullable: true })
  rsvpDay: string | null;

  @Column({ type: 'date', nullable: true })
  checkedInDay: string | null;
}

/** Donations to charity campaigns. */
@Entity('analytics_donations')
@Index('analytics_donations_day_idx', ['day'])
export class AnalyticsDonationEntity {
  @PrimaryColumn({ type: 'bigint' })
  donationId: number;

  @Column({ type: 'bigint', nullable: true })
  brandId: number | null;

  @Column({ type: 'int' })
  points: number;

  @Column({ type: 'bigint' })
  amountMinor: number;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ type: 'date' })
  day: string;
}

/** Imported purchases (API or CSV), for customer lifetime value. */
@Entity('analytics_purchases')
@Check(`"amount_minor" > 0`)
@Index('analytics_purchases_user_idx', ['userId', 'purchasedOn'])
@Index('analytics_purchases_ref_key', ['externalRef'], {
  unique: true,
  where: '"external_ref" IS NOT NULL',
})
export class AnalyticsPurchaseEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @ForeignKey(() => UserEntity, { onDelete: 'CASCADE' })
  @Column({ type: 'bigint' })
  userId: number;

  @ForeignKey(() => BrandEntity, { onDelete: 'CASCADE' })
  @Column({ type: 'bigint', nullable: true })
  brandId: number | null;

  @Column({ type: 'bigint' })
  amountMinor: number;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ type: 'date' })
  purchasedOn: string;

  @Column({ type: 'varchar', length: 80, nullable: true })
  externalRef: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

export const ANALYTICS_ENTITIES = [
  AnalyticsSettingsEntity,
  AnalyticsMemberEntity,
  AnalyticsUserPeriodEntity,
  AnalyticsPeriodStatsEntity,
  AnalyticsCohortEntity,
  AnalyticsPointsEntryEntity,
  AnalyticsPointsDailyEntity,
  AnalyticsChallengeFactEntity,
  AnalyticsEventBrandEntity,
  AnalyticsEventFactEntity,
  AnalyticsDonationEntity,
  AnalyticsPurchaseEntity,
];
