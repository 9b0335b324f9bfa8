import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { BrandEntity } from '../brands/brand.entity';
import { UserEntity } from '../identity/user.entity';

export const ENTRY_KINDS = ['award', 'reversal', 'spend', 'refund', 'donation', 'expiry', 'adjustment', 'pending-release'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/**
 * The append-only points ledger. A trigger refuses UPDATE, DELETE and TRUNCATE; another one adds
 * each entry's deltas to `points_balances` in the same statement, so a balance is always the sum
 * of its entries. `delta` moves the available balance, `pending_delta` the pending one,
 * `debt_delta` the debt left by reversals of spent points, `earned_delta` the points earned
 * (awards − reversals, what tiers count).
 */
@Entity('points_entries')
@Check('points_entries_kind', `"kind" IN ('award', 'reversal', 'spend', 'refund', 'donation', 'expiry', 'adjustment', 'pending-release')`)
@Check('points_entries_spend_negative', `"kind" NOT IN ('spend', 'donation', 'expiry') OR ("delta" < 0 AND "pending_delta" = 0 AND "earned_delta" = 0)`)
@Check('points_entries_earned_kinds', `"earned_delta" = 0 OR "kind" IN ('award', 'reversal')`)
@Check('points_entries_reverses', `("reverses_entry_id" IS NULL) = ("kind" NOT IN ('reversal', 'refund'))`)
@Index('points_entries_user_idx', ['userId', 'id'])
@Index('points_entries_user_time_idx', ['userId', 'createdAt'])
@Index('points_entries_award_once', ['userId', 'rule', 'sourceType', 'sourceId', 'sourceSub', 'generation'], { unique: true, where: `"kind" = 'award'` })
@Index('points_entries_source_once', ['kind', 'sourceType', 'sourceId'], { unique: true, where: `"kind" IN ('spend', 'donation', 'pending-release')` })
@Index('points_entries_reverses_once', ['reversesEntryId'], { unique: true, where: '"reverses_entry_id" IS NOT NULL' })
@Index('points_entries_maturing_idx', ['maturesAt'], { where: `"kind" = 'award' AND "pending_delta" > 0` })
export class PointsEntryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @ForeignKey(() => UserEntity)
  @Column({ type: 'bigint' })
  userId: number;

  @Column({ type: 'varchar', length: 16 })
  kind: EntryKind;

  @Column({ type: 'integer' })
  delta: number;

  @Column({ type: 'integer', default: 0 })
  pendingDelta: number;

  @Column({ type: 'integer', default: 0 })
  debtDelta: number;

  @Column({ type: 'integer', default: 0 })
  earnedDelta: number;

  /** i18n key of the human-readable reason (`loyalty.reasons.*`), with `params` */
  @Column({ type: 'varchar', length: 80 })
  reason: string;

  @Column({ type: 'jsonb', default: {} })
  params: Record<string, unknown>;

  @Column({ type: 'varchar', length: 40 })
  sourceType: string;

  @Column({ type: 'bigint' })
  sourceId: number;

  /** second part of a source, e.g. the reactor of a (post, reactor) reaction; 0 when unused */
  @Column({ type: 'bigint', default: 0 })
  sourceSub: number;

  /** lets restored content earn again after its reversal */
  @Column({ type: 'integer', default: 0 })
  generation: number;

  /** the earning action (e.g. `topic.created`) or the origin of the award (`challenge`, `adjustment`) */
  @Column({ type: 'varchar', length: 60, default: '' })
  rule: string;

  @Column({ type: 'bigint', nullable: true })
  ruleId: number | null;

  /** a charity campaign (donations) or multiplier campaign (awards), by id */
  @Column({ type: 'bigint', nullable: true })
  campaignId: number | null;

  /** the brand that funds (or is settled by) the entry, null for the community */
  @ForeignKey(() => BrandEntity)
  @Column({ type: 'bigint', nullable: true })
  brandId: number | null;

  @ForeignKey(() => PointsEntryEntity)
  @Column({ type: 'bigint', nullable: true })
  reversesEntryId: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  maturesAt: Date | null;

  @ForeignKey(() => UserEntity)
  @Column({ type: 'bigint', nullable: true })
  actorId: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A member's balances, maintained only by the ledger trigger (direct changes are refused). */
@Entity('points_balances')
@Check('points_balances_available_nonneg', `"available" >= 0`)
@Check('points_balances_pending_nonneg', `"pending" >= 0`)
@Check('points_balances_debt_nonneg', `"debt" >= 0`)
export class PointsBalanceEntity {
  @ForeignKey(() => UserEntity)
  @PrimaryColumn({ type: 'bigint' })
  userId: number;

  @Column({ type: 'integer', default: 0 })
  available: number;

  @Column({ type: 'integer', default: 0 })
  pending: number;

  @Column({ type: 'integer', default: 0 })
  debt: number;

  /** lifetime earned (awards − reversals) */
  @Column({ type: 'integer', default: 0 })
  earned: number;

  @ForeignKey(() => TierEntity, { onDelete: 'SET NULL' })
  @Column({ type: 'bigint', nullable: true })
  tierId: number | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** Admin-defined tiers, ranked by the points earned in the rolling window they require. */
@Entity('loyalty_tiers')
@Check('loyalty_tiers_min_points', `"min_points" >= 0`)
@Check('loyalty_tiers_multiplier', `"multiplier_pct" BETWEEN 100 AND 1000`)
@Index('loyalty_tiers_min_points_key', ['minPoints'], { unique: true })
export class TierEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @Column({ type: 'varchar', length: 40 })
  name: string;

  @Column({ type: 'varchar', length: 40 })
  nameAr: string;

  @Column({ type: 'integer' })
  minPoints: number;

  /** earn multiplier in percent (150 = ×1.5) */
  @Column({ type: 'integer', default: 100 })
  multiplierPct: number;

  @Column({ type: 'jsonb', default: [] })
  perks: { en: string; ar: string }[];

  @Column({ type: 'varchar', length: 7, default: '#888888' })
  color: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
