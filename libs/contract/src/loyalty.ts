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
