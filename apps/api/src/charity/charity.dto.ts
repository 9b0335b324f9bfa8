import { OmitType, PartialType } from '@nestjs/swagger';
import { PLEDGE_ACTIONS, type PledgeAction } from '@wala/contract';
import { BilingualTextDto, Bool, HttpUrl, Id, Int, OneOf, Str } from '../common/validation';
import { Instant } from '../rewards/rewards.dto';

const MONEY_MAX = 1_000_000_000_000; // 10 billion major units: far below 2^53

export class CreateCharityDto {
  @Str({ min: 1, max: 120 })
  name: string;

  @Str({ min: 1, max: 120 })
  nameAr: string;

  @Str({ max: 4000, optional: true })
  description?: string;

  @Str({ max: 4000, optional: true })
  descriptionAr?: string;

  @Str({ min: 1, max: 80 })
  registrationNumber: string;

  @HttpUrl({ optional: true })
  website?: string;

  @Id({ optional: true })
  logoUploadId?: number;
}

export class UpdateCharityDto extends PartialType(CreateCharityDto) {}

export class CreateCampaignDto extends BilingualTextDto {
  @Id()
  charityId: number;

  /** the sponsor brand: the caller must manage it (admins any) */
  @Id()
  brandId: number;

  /** ISO 4217, one currency per campaign */
  @Str({ min: 3, max: 3, pattern: /^[A-Z]{3}$/, example: 'USD' })
  currency: string;

  @Int({ min: 1, max: MONEY_MAX, description: 'goal in minor units (cents)' })
  goalMinor: number;

  @Instant({ optional: true })
  startsAt?: string;

  @Instant({ optional: true })
  endsAt?: string;

  /** `ratePoints` points are worth `rateMinor` minor units, e.g. 100 points = 25 cents */
  @Int({ min: 0, max: 1_000_000 })
  rateMinor: number;

  @Int({ min: 1, max: 1_000_000 })
  ratePoints: number;

  @Int({ min: 1, max: 10_000_000, optional: true })
  minPoints?: number;

  /** the brand adds this % of each donation's money (100 = 1:1) */
  @Int({ min: 0, max: 1000, optional: true })
  matchPercent?: number;

  @Int({ min: 0, max: MONEY_MAX, optional: true })
  matchCapMinor?: number;
}

export class UpdateCampaignDto extends PartialType(OmitType(CreateCampaignDto, ['charityId', 'brandId', 'currency'] as const)) {}

export class CreatePledgeDto {
  @OneOf(PLEDGE_ACTIONS)
  action: PledgeAction;

  /** the challenge or event; absent: every one of the sponsor brand's (check-ins) or linked to the campaign (challenges) */
  @Id({ optional: true })
  sourceId?: number;

  @Int({ min: 1, max: MONEY_MAX })
  amountMinor: number;

  @Int({ min: 1, max: MONEY_MAX })
  capMinor: number;
}

export class DonateDto {
  @Int({ min: 1, max: 100_000_000 })
  points: number;

  /** show the donor's name among the campaign's top donors */
  @Bool({ optional: true })
  showPublicly?: boolean;
}

export class PaymentDto {
  @Int({ min: 1, max: MONEY_MAX })
  amountMinor: number;

  @Str({ min: 1, max: 120 })
  receiptReference: string;
}
