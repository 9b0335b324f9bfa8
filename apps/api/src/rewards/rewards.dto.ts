import { OmitType, PartialType } from '@nestjs/swagger';
import { FULFILLMENT_STATUSES, REWARD_KINDS, type RewardKind } from '@wala/contract';
import { IsISO8601 } from 'class-validator';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BilingualTextDto, Bool, Id, Int, Nested, OneOf, Str } from '../common/validation';
import { IsDefined, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { Transform } from 'class-transformer';

/**
 * An optional positive integer in the query string, judged on its raw text: `0x10`, `1e3`, `-1`,
 * repeated or bracketed values stay non-numbers and fail.
 */
export function QueryInt(o: { min?: number; max?: number } = {}) {
  return applyDecorators(
    ApiPropertyOptional({ type: Number, minimum: o.min ?? 1 }),
    Transform(({ value }) => (typeof value === 'string' && /^[1-9]\d{0,15}$/.test(value) ? Number(value) : value)),
    IsInt(),
    Min(o.min ?? 1),
    Max(o.max ?? Number.MAX_SAFE_INTEGER),
    IsOptional(),
  );
}

/** An ISO 8601 instant (`2026-11-25T10:00:00Z`), or null to clear it. */
export function Instant(o: { optional?: boolean } = {}) {
  return applyDecorators(
    o.optional ? ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) : ApiProperty({ type: String, format: 'date-time' }),
    IsString(),
    IsISO8601({ strict: true }),
    o.optional ? IsOptional() : IsDefined(),
  );
}

export class CreateRewardDto extends BilingualTextDto {
  /** the offering brand; absent for a community reward (admins only) */
  @Id({ optional: true })
  brandId?: number;

  @OneOf(REWARD_KINDS)
  kind: RewardKind;

  @Id({ optional: true })
  imageUploadId?: number;

  @Int({ min: 1, max: 10_000_000 })
  costPoints: number;

  /** units for digital, physical and ticket rewards; coupons get theirs from uploaded codes */
  @Int({ min: 0, max: 1_000_000, optional: true })
  stock?: number;

  @Int({ min: 1, max: 1000, optional: true })
  perMemberLimit?: number;

  @Int({ min: 0, max: 100, optional: true })
  minTierRank?: number;

  @Instant({ optional: true })
  startsAt?: string;

  @Instant({ optional: true })
  endsAt?: string;

  @Bool({ optional: true })
  active?: boolean;

  @Str({ max: 2000, optional: true })
  deliveryText?: string;

  @Str({ max: 500, optional: true })
  eventDetails?: string;
}

export class UpdateRewardDto extends PartialType(OmitType(CreateRewardDto, ['brandId', 'kind'] as const)) {}

export class CodesUploadDto {
  /** CSV text: one code per row (first column); a header row named `code` is skipped */
  @Str({ min: 1, max: 2_000_000, trim: false })
  csv: string;
}

export class ShippingAddressInput {
  @Str({ min: 1, max: 120 })
  name: string;

  @Str({ min: 1, max: 200 })
  line1: string;

  @Str({ max: 200, optional: true })
  line2?: string;

  @Str({ min: 1, max: 120 })
  city: string;

  @Str({ max: 120, optional: true })
  region?: string;

  @Str({ max: 20, optional: true })
  postalCode?: string;

  @Str({ min: 2, max: 2, pattern: /^[A-Z]{2}$/, example: 'SA' })
  country: string;

  @Str({ max: 30, optional: true })
  phone?: string;
}

export class RedeemDto {
  /** required for physical gifts */
  @Nested(() => ShippingAddressInput, { optional: true })
  shipping?: ShippingAddressInput;
}

export class FulfillmentDto {
  @OneOf(FULFILLMENT_STATUSES)
  status: (typeof FULFILLMENT_STATUSES)[number];

  @Str({ max: 100, optional: true })
  trackingNumber?: string;
}

export class RewardListQuery {
  @QueryInt()
  brandId?: number;

  @OneOf(REWARD_KINDS, { optional: true })
  kind?: RewardKind;

  /** only rewards costing at most this many points */
  @QueryInt({ max: 10_000_000 })
  maxCost?: number;

  /** `1`: the caller's manageable rewards, inactive ones included */
  @OneOf(['1'] as const, { optional: true })
  manage?: '1';

  @Str({ max: 200, optional: true })
  cursor?: string;

  @Str({ max: 20, optional: true })
  limit?: string;
}

export class CampaignListQuery {
  @QueryInt()
  brandId?: number;

  @QueryInt()
  charityId?: number;

  @Str({ max: 200, optional: true })
  cursor?: string;

  @Str({ max: 20, optional: true })
  limit?: string;
}

export class SettlementQuery {
  @QueryInt()
  brandId?: number;
}
