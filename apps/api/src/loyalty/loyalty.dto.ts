import { PartialType } from '@nestjs/swagger';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import { EARNING_ACTIONS, type BadgeCriteria } from '@wala/contract';
import { ArrayMaxSize, IsArray, IsInt, IsISO8601, IsObject, IsOptional, Min } from 'class-validator';
import { Bool, Id, Int, Nested, OneOf, Str, TimeZone } from '../common/validation';

/** An ISO 8601 instant, optional (null clears it). */
const Instant = (required = false) =>
  applyDecorators(ApiPropertyOptional({ type: String, format: 'date-time' }), IsISO8601({ strict: true }), ...(required ? [] : [IsOptional()]));

export class EarningRuleDtoIn {
  @OneOf(EARNING_ACTIONS)
  action: string;

  @Int({ min: 1, max: 100000 })
  points: number;

  @Int({ min: 1, max: 10000, optional: true })
  dailyCap?: number | null;

  @Int({ min: 1, max: 100000, optional: true })
  weeklyCap?: number | null;

  @ApiPropertyOptional({ type: [Number] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsInt({ each: true })
  @Min(1, { each: true })
  categoryIds?: number[];

  @Id({ optional: true })
  brandId?: number | null;

  @Instant()
  startsAt?: string | null;

  @Instant()
  endsAt?: string | null;

  @Bool({ optional: true })
  active?: boolean;
}

export class UpdateEarningRuleDto extends PartialType(EarningRuleDtoIn) {}

export class PointsCampaignDtoIn {
  @Str({ min: 1, max: 80 })
  name: string;

  @Str({ min: 1, max: 80 })
  nameAr: string;

  @Int({ min: 100, max: 1000 })
  multiplierPct: number;

  @OneOf(EARNING_ACTIONS, { optional: true })
  action?: string | null;

  @Id({ optional: true })
  brandId?: number | null;

  @Instant(true)
  startsAt: string;

  @Instant(true)
  endsAt: string;
}

export class UpdatePointsCampaignDto extends PartialType(PointsCampaignDtoIn) {}

export class PerkDto {
  @Str({ min: 1, max: 120 })
  en: string;

  @Str({ min: 1, max: 120 })
  ar: string;
}

export class TierDtoIn {
  @Str({ min: 1, max: 40 })
  name: string;

  @Str({ min: 1, max: 40 })
  nameAr: string;

  @Int({ min: 0, max: 100_000_000 })
  minPoints: number;

  @Int({ min: 100, max: 1000, optional: true })
  multiplierPct?: number;

  @Nested(() => PerkDto, { array: true, maxItems: 10, optional: true })
  perks?: PerkDto[];

  @Str({ max: 7, pattern: /^#[0-9a-fA-F]{6}$/, optional: true })
  color?: string;
}

export class UpdateTierDto extends PartialType(TierDtoIn) {}

export class BadgeDtoIn {
  @Str({ min: 2, max: 40, pattern: /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/ })
  slug: string;

  @Str({ min: 1, max: 60 })
  name: string;

  @Str({ min: 1, max: 60 })
  nameAr: string;

  @Str({ max: 300, optional: true })
  description?: string;

  @Str({ max: 300, optional: true })
  descriptionAr?: string;

  @Id({ optional: true })
  iconUploadId?: number | null;

  /** `{type:'manual'}`, `{type:'count',action,n}`, `{type:'streak',days}`, `{type:'tier',tierId}`, `{type:'challenge',challengeId}` */
  @ApiPropertyOptional({ type: Object })
  @IsOptional()
  @IsObject()
  criteria?: BadgeCriteria;

  @Bool({ optional: true })
  multi?: boolean;

  @Bool({ optional: true })
  active?: boolean;
}

export class UpdateBadgeDto extends PartialType(BadgeDtoIn) {}

export class GrantBadgeDto {
  @Id()
  userId: number;

  @Str({ min: 3, max: 200 })
  reason: string;
}

export class ReasonDto {
  @Str({ min: 3, max: 200 })
  reason: string;
}

export class AdjustPointsDto {
  @Id()
  userId: number;

  /** positive credits, negative debits (never below the available balance) */
  @Int({ min: -1_000_000, max: 1_000_000 })
  points: number;

  @Str({ min: 3, max: 200 })
  reason: string;

  @Id({ optional: true })
  brandId?: number | null;
}

export class LoyaltySettingsDtoIn {
  @TimeZone({ optional: true })
  timeZone?: string;

  @Int({ min: 0, max: 6, optional: true })
  weekStart?: number;

  @Int({ min: 1, max: 3650, optional: true })
  tierWindowDays?: number;

  @Int({ min: 0, max: 365, optional: true })
  pendingDays?: number;

  @Int({ min: 0, max: 1000, optional: true })
  reactionPairDailyLimit?: number;

  @Int({ min: 0, max: 1000, optional: true })
  referralMonthlyLimit?: number;

  /** null: points never expire */
  @Int({ min: 30, max: 3650, optional: true })
  expiryDays?: number | null;
}
