import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { BrandEntity } from '../brands/brand.entity';
import { UserEntity } from '../identity/user.entity';
import { UploadEntity } from '../uploads/upload.entity';

/** An item of the catalog, offered by a brand (`brandId`) or the community (null, admins manage it). */
@Entity('rewards')
@Check(`"kind" IN ('coupon', 'digital', 'physical', 'ticket')`)
@Check(`"cost_points" > 0`)
@Check(`"stock" >= 0`)
@Check(`"per_member_limit" IS NULL OR "per_member_limit" > 0`)
@Check(`"min_tier_rank" >= 0`)
@Check(`"ends_at" IS NULL OR "starts_at" IS NULL OR "ends_at" > "starts_at"`)
@Index('rewards_brand_idx', ['brandId', 'id'])
@Index('rewards_active_idx', ['id'], { where: '"active"' })
export class RewardEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @ForeignKey(() => BrandEntity, { onDelete: 'RESTRICT' })
  @Column({ type: 'bigint', nullable: true })
  brandId: number | null;

  @Column({ type: 'varchar', length: 16 })
  kind: 'coupon' | 'digital' | 'physical' | 'ticket';

  @Column({ type: 'varchar', length: 120 })
  title: string;

  @Column({ type: 'varchar', length: 120 })
  titleAr: string;

  @Column({ type: 'varchar', length: 4000, default: '' })
  description: string;

  @Column({ type: 'varchar', length: 4000, default: '' })
  descriptionAr: string;

  @ForeignKey(() => UploadEntity, { onDelete: 'SET NULL' })
  @Column({ type: 'bigint', nullable: true })
  imageUploadId: number | null;

  @Column({ type: 'integer' })
  costPoints: number;

  /** units left; for coupons, the number of codes not yet handed out */
  @Column({ type: 'integer', default: 0 })
  stock: number;

  @Column({ type: 'integer', nullable: true })
  perMemberLimit: number | null;

  /** 0: everyone; n: members whose tier rank is at least n */
  @Column({ type: 'integer', default: 0 })
  minTierRank: number;

  @Column({ type: 'timestamptz', nullable: true })
  startsAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  endsAt: Date | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** what a digital gift delivers (a link or instructions), shown only to who redeemed it */
  @Column({ type: 'varchar', length: 2000, default: '' })
  deliveryText: string;

  /** event ticket: where and when */
  @Column({ type: 'varchar', length: 500, default: '' })
  eventDetails: string;

  @ForeignKey(() => UserEntity, { onDelete: 'SET NULL' })
  @Column({ type: 'bigint', nullable: true })
  createdById: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** One coupon code of a reward's pool: handed out at most once (`redemptionId`). */
@Entity('reward_codes')
@Index('reward_codes_code_key', ['rewardId', 'code'], { unique: true })
@Index('reward_codes_free_idx', ['rewardId', 'id'], { where: '"redemption_id" IS NULL' })
@Index('reward_codes_redemption_key', ['redemptionId'], { unique: true, where: '"redemption_id" IS NOT NULL' })
@Check(`"redemption_id" IS NOT NULL OR "assigned_to" IS NULL`)
export class RewardCodeEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @ForeignKey(() => RewardEntity, { onDelete: 'CASCADE' })
  @Column({ type: 'bigint' })
  rewardId: number;

  @Column({ type: 'varchar', length: 100 })
  code: string;

  @ForeignKey(() => UserEntity, { onDelete: 'SET NULL' })
  @Column({ type: 'bigint', nullable: true })
  assignedTo: number | null;

  @Column({ type: 'bigint', nullable: true })
  redemptionId: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  assignedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/**
 * A member's redemption. `(userId, idempotencyKey)` is unique: the key is scoped to the member
 * and to this route; `requestHash` tells a retry from a different request under the same key.
 */
@Entity('redemptions')
@Check(`"status" IN ('fulfilled', 'pending', 'shipped', 'delivered', 'cancelled')`)
@Check(`"points" > 0`)
@Index('redemptions_idempotency_key', ['userId', 'idempotencyKey'], { unique: true })
@Index('redemptions_user_idx', ['userId', 'id'])
@Index('redemptions_reward_idx', ['rewardId', 'id'])
export class RedemptionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @ForeignKey(() => RewardEntity, { onDelete: 'RESTRICT' })
  @Column({ type: 'bigint' })
  rewardId: number;

  @ForeignKey(() => UserEntity, { onDelete: 'CASCADE' })
  @Column({ type: 'bigint' })
  userId: number;

  @Column({ type: 'integer' })
  points: number;

  @Column({ type: 'varchar', length: 16 })
  status: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  code: string | null;

  @Column({ type: 'jsonb', nullable: true })
  shipping: Record<string, string> | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  trackingNumber: string | null;

  @Column({ type: 'bigint', nullable: true })
  ledgerEntryId: number | null;

  @Column({ type: 'bigint', nullable: true })
  refundEntryId: number | null;

  @Column({ type: 'varchar', length: 100 })
  idempotencyKey: string;

  @Column({ type: 'varchar', length: 64 })
  requestHash: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** How many live redemptions a member holds of a reward: the per-member limit is a conditional upsert on it. */
@Entity('reward_claims')
@Check(`"count" >= 0`)
export class RewardClaimEntity {
  @ForeignKey(() => RewardEntity, { onDelete: 'CASCADE' })
  @PrimaryColumn({ type: 'bigint' })
  rewardId: number;

  @ForeignKey(() => UserEntity, { onDelete: 'CASCADE' })
  @PrimaryColumn({ type: 'bigint' })
  userId: number;

  @Column({ type: 'integer', default: 0 })
  count: number;
}
