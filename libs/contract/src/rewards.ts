/** Rewards catalog, redemptions, charities, campaigns and settlement (issue 7). */

export type RewardKind = 'coupon' | 'digital' | 'physical' | 'ticket';
export const REWARD_KINDS: readonly RewardKind[] = ['coupon', 'digital', 'physical', 'ticket'] as const;

export interface RewardDto {
  id: number;
  brandId: number | null;
  brandName: string | null;
  brandNameAr: string | null;
  kind: RewardKind;
  title: string;
  titleAr: string;
  description: string;
  descriptionAr: string;
  imageUrl: string | null;
  costPoints: number;
  stock: number;
  perMemberLimit: number | null;
  minTierRank: number;
  startsAt: string | null;
  endsAt: string | null;
  active: boolean;
  eventDetails: string;
  /** whether the caller may manage it (its brand's manager or an admin) */
  canManage: boolean;
}

export type RedemptionStatus = 'fulfilled' | 'pending' | 'shipped' | 'delivered' | 'cancelled';
export const FULFILLMENT_STATUSES = ['shipped', 'delivered', 'cancelled'] as const;

export interface ShippingAddressDto {
  name: string;
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  postalCode?: string;
  country: string;
  phone?: string;
}

export interface RedemptionDto {
  id: number;
  rewardId: number;
  rewardTitle: string;
  rewardTitleAr: string;
  kind: RewardKind;
  userId: number;
  points: number;
  status: RedemptionStatus;
  /** coupon code or ticket code, shown to the member who redeemed it */
  code: string | null;
  /** what a digital gift delivers */
  deliveryText: string | null;
  shipping: ShippingAddressDto | null;
  trackingNumber: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CodeUploadResultDto {
  added: number;
  duplicates: number;
  stock: number;
}

export interface CharityDto {
  id: number;
  name: string;
  nameAr: string;
  description: string;
  descriptionAr: string;
  registrationNumber: string;
  website: string | null;
  logoUrl: string | null;
}

export type PledgeAction = 'challenge.completed' | 'event.checked_in';
export const PLEDGE_ACTIONS: readonly PledgeAction[] = ['challenge.completed', 'event.checked_in'] as const;

export interface PledgeDto {
  id: number;
  action: PledgeAction;
  sourceId: number | null;
  amountMinor: number;
  capMinor: number;
  pledgedMinor: number;
}

export interface CampaignTotalsDto {
  donatedPoints: number;
  donatedMinor: number;
  matchedMinor: number;
  pledgedMinor: number;
  /** donations + match + pledges */
  raisedMinor: number;
  paidMinor: number;
  donationCount: number;
}

export interface CampaignDto {
  id: number;
  charity: CharityDto;
  brandId: number;
  brandName: string;
  brandNameAr: string;
  title: string;
  titleAr: string;
  description: string;
  descriptionAr: string;
  currency: string;
  goalMinor: number;
  startsAt: string | null;
  endsAt: string | null;
  /** `ratePoints` points are worth `rateMinor` minor units of `currency` */
  rateMinor: number;
  ratePoints: number;
  minPoints: number;
  matchPercent: number;
  matchCapMinor: number;
  totals: CampaignTotalsDto;
  pledges: PledgeDto[];
  canManage: boolean;
}

export interface TopDonorDto {
  userId: number;
  displayName: string;
  points: number;
  amountMinor: number;
}

export interface CampaignPageDto extends CampaignDto {
  topDonors: TopDonorDto[];
}

export interface DonationDto {
  id: number;
  campaignId: number;
  campaignTitle: string;
  campaignTitleAr: string;
  charityName: string;
  charityNameAr: string;
  /** the charity's registration number, printed on the receipt */
  charityRegistrationNumber: string;
  /** the brand that sponsors (and matches) the campaign */
  sponsorName: string;
  sponsorNameAr: string;
  points: number;
  rateMinor: number;
  ratePoints: number;
  amountMinor: number;
  matchMinor: number;
  currency: string;
  showPublicly: boolean;
  receiptNumber: string;
  createdAt: string;
}

export interface SettlementRowDto {
  brandId: number;
  brandName: string;
  charityId: number;
  charityName: string;
  currency: string;
  donatedMinor: number;
  matchedMinor: number;
  pledgedMinor: number;
  owedMinor: number;
  paidMinor: number;
  outstandingMinor: number;
  campaigns: { id: number; title: string; owedMinor: number; paidMinor: number }[];
}

export interface PaymentDto {
  id: number;
  campaignId: number;
  amountMinor: number;
  receiptReference: string;
  createdAt: string;
}

export interface TransparencyReportDto {
  campaign: CampaignDto;
  /** donations grouped by the rate they were made at */
  byRate: { rateMinor: number; ratePoints: number; donations: number; points: number; amountMinor: number }[];
  pledges: (PledgeDto & { credits: number })[];
  payments: PaymentDto[];
  outstandingMinor: number;
}
