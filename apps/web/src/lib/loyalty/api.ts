import type {
  BadgeCriteria,
  BadgeDto,
  BadgeGrantDto,
  EarningRuleDto,
  EarningRuleRequest,
  LeaderboardDto,
  LeaderboardPeriod,
  LoyaltySettingsDto,
  MemberTierDto,
  Page,
  PointsBalanceDto,
  PointsCampaignDto,
  PointsEntryDto,
  ReferralDto,
  StreakDto,
  TierDto,
  TierRequest,
} from '@wala/contract';
import { call, query as q } from '../api';
import { lang, t } from '../i18n.svelte';

/** The loyalty API: points, badges, streak, leaderboards, and the admin side. */
export const loyaltyApi = {
  points: () => call<PointsBalanceDto>('GET', '/me/points'),
  entries: (cursor?: string | null) => call<Page<PointsEntryDto>>('GET', `/me/points/entries${q({ cursor, limit: 20 })}`),
  myBadges: () => call<BadgeGrantDto[]>('GET', '/me/badges'),
  streak: () => call<StreakDto>('GET', '/me/streak'),
  referral: () => call<ReferralDto>('GET', '/me/referral'),
  tiers: () => call<TierDto[]>('GET', '/tiers'),
  badges: () => call<BadgeDto[]>('GET', '/badges'),
  userBadges: (userId: number) => call<BadgeGrantDto[]>('GET', `/users/${userId}/badges`),
  userTier: (userId: number) => call<MemberTierDto>('GET', `/users/${userId}/tier`),
  leaderboard: (period: LeaderboardPeriod, brandId?: number | null) => call<LeaderboardDto>('GET', `/leaderboards/${period}${q({ brandId })}`),

  rules: () => call<EarningRuleDto[]>('GET', '/admin/earning-rules'),
  createRule: (r: Partial<EarningRuleRequest>) => call<EarningRuleDto>('POST', '/admin/earning-rules', r),
  updateRule: (id: number, r: Partial<EarningRuleRequest>) => call<EarningRuleDto>('PATCH', `/admin/earning-rules/${id}`, r),
  deleteRule: (id: number) => call<void>('DELETE', `/admin/earning-rules/${id}`),
  campaigns: () => call<PointsCampaignDto[]>('GET', '/admin/points-campaigns'),
  createCampaign: (c: Omit<PointsCampaignDto, 'id'>) => call<PointsCampaignDto>('POST', '/admin/points-campaigns', c),
  deleteCampaign: (id: number) => call<void>('DELETE', `/admin/points-campaigns/${id}`),
  createTier: (d: Partial<TierRequest>) => call<TierDto>('POST', '/admin/tiers', d),
  updateTier: (id: number, d: Partial<TierRequest>) => call<TierDto>('PATCH', `/admin/tiers/${id}`, d),
  deleteTier: (id: number) => call<void>('DELETE', `/admin/tiers/${id}`),
  adminBadges: () => call<BadgeDto[]>('GET', '/admin/badges'),
  createBadge: (d: { slug: string; name: string; nameAr: string; description?: string; descriptionAr?: string; iconUploadId?: number | null; criteria: BadgeCriteria; multi?: boolean }) =>
    call<BadgeDto>('POST', '/admin/badges', d),
  updateBadge: (id: number, d: { active?: boolean }) => call<BadgeDto>('PATCH', `/admin/badges/${id}`, d),
  grantBadge: (id: number, userId: number, reason: string) => call<{ grantId: number }>('POST', `/admin/badges/${id}/grants`, { userId, reason }),
  adjust: (userId: number, points: number, reason: string) => call<PointsEntryDto>('POST', '/admin/points/adjust', { userId, points, reason }),
  settings: () => call<LoyaltySettingsDto>('GET', '/admin/loyalty/settings'),
  updateSettings: (s: Partial<LoyaltySettingsDto>) => call<LoyaltySettingsDto>('PATCH', '/admin/loyalty/settings', s),
};

/** A name in the member's language. */
export const localName = (o: { name: string; nameAr: string }) => (lang.locale === 'ar' ? o.nameAr || o.name : o.name || o.nameAr);

/** The human-readable reason of a ledger entry (its i18n key and parameters). */
export const entryReason = (e: PointsEntryDto) => t(e.reason, e.params);

export const ACTION_LABEL = (action: string) => t(`web.loyalty.actions.${action.replace(/\./g, '_')}`);
