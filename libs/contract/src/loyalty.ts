/** Loyalty: the points ledger, tiers, badges, rules and leaderboards as the API answers them. */

export type PointsEntryKind = 'award' | 'reversal' | 'spend' | 'refund' | 'donation' | 'expiry' | 'adjustment' | 'pending-release';

export interface TierDto {
  id: number;
  name: string;
  nameAr: string;
  minPoints: number;
  /** earn multiplier in percent (150 = ×1.5) */
  multiplierPct: number;
  perks: { en: string; ar: string }[];
  color: string;
  /** 1 for the lowest tier */
  rank: number;
}

/** A member's current tier as anyone may see it on their public profile (GET /users/:id/tier). */
export interface MemberTierDto {
  tier: TierDto | null;
}

export interface PointsBalanceDto {
  /** spendable points (never negative) */
  available: number;
  /** awards to young accounts, waiting to mature */
  pending: number;
  /** points still owed after a reversal of points already spent; later awards settle it first */
  debt: number;
  /** awards − reversals, all time */
  lifetimeEarned: number;
  /** awards − reversals in the tier window: what tiers count */
  windowEarned: number;
  windowDays: number;
  tier: TierDto | null;
  nextTier: TierDto | null;
  /** points still needed for the next tier, or null at the top */
  toNextTier: number | null;
}

export interface PointsEntryDto {
  id: number;
  kind: PointsEntryKind;
  /** change of the available balance */
  delta: number;
  pendingDelta: number;
  debtDelta: number;
  /** i18n key of the reason (`web.loyalty.reasons.*`) and its parameters */
  reason: string;
  params: Record<string, unknown>;
  rule: string;
  brandId: number | null;
  reversesEntryId: number | null;
  maturesAt: string | null;
  createdAt: string;
}

export interface LoyaltySettingsDto {
  /** IANA time zone of the community's days and weeks */
  timeZone: string;
  /** 0 = Sunday ... 6 = Saturday */
  weekStart: number;
  tierWindowDays: number;
  /** awards to accounts younger than this many days are pending until then */
  pendingDays: number;
  reactionPairDailyLimit: number;
  referralMonthlyLimit: number;
  /** available points expire after this many days without ledger activity; null: never */
  expiryDays: number | null;
}

export interface EarningRuleDto {
  id: number;
  action: string;
  points: number;
  dailyCap: number | null;
  weeklyCap: number | null;
  categoryIds: number[];
  brandId: number | null;
  startsAt: string | null;
  endsAt: string | null;
  active: boolean;
}

export type EarningRuleRequest = Omit<EarningRuleDto, 'id'>;

export interface PointsCampaignDto {
  id: number;
  name: string;
  nameAr: string;
  /** 200 = double points */
  multiplierPct: number;
  action: string | null;
  brandId: number | null;
  startsAt: string;
  endsAt: string;
}

export interface TierRequest {
  name: string;
  nameAr: string;
  minPoints: number;
  multiplierPct: number;
  perks: { en: string; ar: string }[];
  color: string;
}

export type BadgeCriteria =
  | { type: 'manual' }
  | { type: 'count'; action: string; n: number }
  | { type: 'streak'; days: number }
  | { type: 'tier'; tierId: number }
  | { type: 'challenge'; challengeId: number | null };

export interface BadgeDto {
  id: number;
  slug: string;
  name: string;
  nameAr: string;
  description: string;
  descriptionAr: string;
  iconUrl: string | null;
  iconUploadId: number | null;
  criteria: BadgeCriteria;
  multi: boolean;
  active: boolean;
  /** members holding it (exact: kept with each grant and revocation) */
  holders: number;
  /** % of members holding it; the member count is refreshed at most every 60 s */
  rarityPct: number;
}

export interface BadgeGrantDto {
  id: number;
  badge: Pick<BadgeDto, 'id' | 'slug' | 'name' | 'nameAr' | 'iconUrl'>;
  userId: number;
  reason: string;
  grantedAt: string;
  revokedAt: string | null;
}

export interface StreakDto {
  current: number;
  longest: number;
  lastDay: string | null;
}

export type LeaderboardPeriod = 'week' | 'month' | 'all';

export interface LeaderboardRowDto {
  rank: number;
  userId: number;
  displayName: string;
  points: number;
}

export interface LeaderboardDto {
  period: LeaderboardPeriod;
  periodStart: string;
  brandId: number | null;
  items: LeaderboardRowDto[];
  me: LeaderboardRowDto | null;
  /** scores include every ledger entry up to this moment */
  asOf: string;
  source: 'redis' | 'postgres';
}

export interface ReferralDto {
  code: string;
  link: string;
  referred: number;
}
