import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { BrandEntity } from '../brands/brand.entity';
import { UserEntity } from '../identity/user.entity';
import { UploadEntity } from '../uploads/upload.entity';

@Entity('charities')
export class CharityEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'varchar', length: 120 })
  nameAr: string;

  @Column({ type: 'varchar', length: 4000, default: '' })
  description: string;

  @Column({ type: 'varchar', length: 4000, default: '' })
  descriptionAr: string;

  @Column({ type: 'varchar', length: 80 })
  registrationNumber: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  website: string | null;

  @ForeignKey(() => UploadEntity, { onDelete: 'SET NULL' })
  @Column({ type: 'bigint', nullable: true })
  logoUploadId: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/**
 * A charity campaign sponsored by a brand. Money is integer minor units of `currency`; a donation
 * of p points is worth floor(p × rateMinor / ratePoints). The running totals are moved by
 * conditional updates, and the CHECKs keep the match under its cap and payments under what is owed.
 */
@Entity('campaigns')
@Check(`"currency" ~ '^[A-Z]{3}$'`)
@Check(`"goal_minor" > 0`)
@Check(`"rate_minor" >= 0 AND "rate_points" > 0`)
@Check(`"min_points" > 0`)
@Check(`"match_percent" >= 0 AND "match_cap_minor" >= 0`)
@Check(`"matched_minor" <= "match_cap_minor"`)
@Check(`"donated_points" >= 0 AND "donated_minor" >= 0 AND "matched_minor" >= 0 AND "pledged_minor" >= 0 AND "paid_minor" >= 0`)
@Check(`"paid_minor" <= "donated_minor" + "matched_minor" + "pledged_minor"`)
@Check(`"ends_at" IS NULL OR "starts_at" IS NULL OR "ends_at" > "starts_at"`)
@Index('campaigns_brand_idx', ['brandId', 'id'])
@Index('campaigns_charity_idx', ['charityId', 'id'])
export class CampaignEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @ForeignKey(() => CharityEntity, { onDelete: 'RESTRICT' })
  @Column({ type: 'bigint' })
  charityId: number;

  @ForeignKey(() => BrandEntity, { onDelete: 'RESTRICT' })
  @Column({ type: 'bigint' })
  brandId: number;

  @Column({ type: 'varchar', length: 120 })
  title: string;

  @Column({ type: 'varchar', length: 120 })
  titleAr: string;

  @Column({ type: 'varchar', length: 4000, default: '' })
  description: string;

  @Column({ type: 'varchar', length: 4000, default: '' })
  descriptionAr: string;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ type: 'bigint' })
  goalMinor: number;

  @Column({ type: 'timestamptz', nullable: true })
  startsAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  endsAt: Date | null;

  /** published conversion: `ratePoints` points are worth `rateMinor` minor units */
  @Column({ type: 'integer' })
  rateMinor: number;

  @Column({ type: 'integer' })
  ratePoints: number;

  @Column({ type: 'integer', default: 1 })
  minPoints: number;

  /** the brand adds matchPercent % of each donation's money, up to matchCapMinor in total */
  @Column({ type: 'integer', default: 0 })
  matchPercent: number;

  @Column({ type: 'bigint', default: 0 })
  matchCapMinor: number;

  @Column({ type: 'bigint', default: 0 })
  donatedPoints: number;

  @Column({ type: 'bigint', default: 0 })
  donatedMinor: number;

  @Column({ type: 'bigint', default: 0 })
  matchedMinor: number;

  @Column({ type: 'bigint', default: 0 })
  pledgedMinor: number;

  @Column({ type: 'bigint', default: 0 })
  paidMinor: number;

  @ForeignKey(() => UserEntity, { onDelete: 'SET NULL' })
  @Column({ type: 'bigint', nullable: true })
  createdById: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** A per-action pledge: the brand gives `amountMinor` per completed challenge or event check-in, up to `capMinor`. */
@Entity('campaign_pledges')
@Check(`"action" IN ('challenge.completed', 'event.checked_in')`)
@Check(`"amount_minor" > 0 AND "cap_minor" > 0`)
@Check(`"pledged_minor" >= 0 AND "pledged_minor" <= "cap_minor"`)
@Index('campaign_pledges_campaign_idx', ['campaignId'])
@Index('campaign_pledges_action_idx', ['action', 'sourceId'])
export class CampaignPledgeEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @ForeignKey(() => CampaignEntity, { onDelete: 'CASCADE' })
  @Column({ type: 'bigint' })
  campaignId: number;

  @Column({ type: 'varchar', length: 40 })
  action: 'challenge.completed' | 'event.checked_in';

  /** the challenge or event it is tied to; null: any of the sponsor brand's */
  @Column({ type: 'bigint', nullable: true })
  sourceId: number | null;

  @Column({ type: 'bigint' })
  amountMinor: number;

  @Column({ type: 'bigint' })
  capMinor: number;

  @Column({ type: 'bigint', default: 0 })
  pledgedMinor: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** One action credited to a pledge: once per (pledge, source action). */
@Entity('pledge_credits')
@Index('pledge_credits_source_key', ['pledgeId', 'sourceKey'], { unique: true })
@Check(`"amount_minor" > 0`)
export class PledgeCreditEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @ForeignKey(() => CampaignPledgeEntity, { onDelete: 'CASCADE' })
  @Column({ type: 'bigint' })
  pledgeId: number;

  @Column({ type: 'varchar', length: 80 })
  sourceKey: string;

  @ForeignKey(() => UserEntity, { onDelete: 'SET NULL' })
  @Column({ type: 'bigint', nullable: true })
  userId: number | null;

  @Column({ type: 'bigint' })
  amountMinor: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A member's donation of points; its rate is copied from the campaign so later changes never rewrite it. */
@Entity('donations')
@Check(`"points" > 0`)
@Check(`"amount_minor" >= 0 AND "match_minor" >= 0`)
@Check(`"amount_minor" = ("points"::bigint * "rate_minor") / "rate_points"`)
@Index('donations_idempotency_key', ['userId', 'idempotencyKey'], { unique: true })
@Index('donations_receipt_key', ['receiptNumber'], { unique: true })
@Index('donations_campaign_idx', ['campaignId', 'id'])
@Index('donations_user_idx', ['userId', 'id'])
export class DonationEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @ForeignKey(() => CampaignEntity, { onDelete: 'RESTRICT' })
  @Column({ type: 'bigint' })
  campaignId: number;

  @ForeignKey(() => UserEntity, { onDelete: 'SET NULL' })
  @Column({ type: 'bigint', nullable: true })
  userId: number | null;

  @Column({ type: 'integer' })
  points: number;

  @Column({ type: 'integer' })
  rateMinor: number;

  @Column({ type: 'integer' })
  ratePoints: number;

  @Column({ type: 'bigint' })
  amountMinor: number;

  @Column({ type: 'bigint', default: 0 })
  matchMinor: number;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ type: 'bigint', nullable: true })
  ledgerEntryId: number | null;

  @Column({ type: 'boolean', default: false })
  showPublicly: boolean;

  @Column({ type: 'varchar', length: 40 })
  receiptNumber: string;

  @Column({ type: 'varchar', length: 100 })
  idempotencyKey: string;

  @Column({ type: 'varchar', length: 64 })
  requestHash: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** Money a brand paid to the charity of a campaign, with the charity's receipt reference. */
@Entity('campaign_payments')
@Check(`"amount_minor" > 0`)
@Index('campaign_payments_campaign_idx', ['campaignId', 'id'])
export class CampaignPaymentEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @ForeignKey(() => CampaignEntity, { onDelete: 'RESTRICT' })
  @Column({ type: 'bigint' })
  campaignId: number;

  @Column({ type: 'bigint' })
  amountMinor: number;

  @Column({ type: 'varchar', length: 120 })
  receiptReference: string;

  @ForeignKey(() => UserEntity, { onDelete: 'SET NULL' })
  @Column({ type: 'bigint', nullable: true })
  recordedById: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
