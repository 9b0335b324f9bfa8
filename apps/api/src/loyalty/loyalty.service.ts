import { Inject, Injectable } from '@nestjs/common';
import type { BadgeDto, BadgeGrantDto, LeaderboardDto, LeaderboardPeriod, MemberTierDto, ReferralDto, StreakDto, TierDto } from '@wala/contract';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { notFound } from '../common/errors';
import { one } from '../common/sql';
import { Db } from '../database/db.service';
import { BadgesService } from './badges.service';
import { LeaderboardService } from './leaderboard.service';
import { LoyaltyAdminService } from './loyalty-admin.service';
import { StreaksService } from './streaks.service';

/** Member-facing reads: badges, streak, referral, tiers, leaderboards. */
@Injectable()
export class LoyaltyService {
  constructor(
    private readonly db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly badgesSvc: BadgesService,
    private readonly streaks: StreaksService,
    private readonly boards: LeaderboardService,
    private readonly admin: LoyaltyAdminService,
  ) {}

  memberBadges(userId: number): Promise<BadgeGrantDto[]> {
    return this.badgesSvc.ofMember(this.db.ds, userId);
  }

  async publicBadges(userId: number): Promise<BadgeGrantDto[]> {
    await this.mustExist(userId);
    return this.badgesSvc.ofMember(this.db.ds, userId);
  }

  /** The tier shown on a public profile: its name and colour only say roughly how active the member is, never the balance. */
  async publicTier(userId: number): Promise<MemberTierDto> {
    await this.mustExist(userId);
    const b = await one<{ tier_id: number | null }>(this.db.ds, `SELECT tier_id FROM points_balances WHERE user_id = $1`, [userId]);
    const tier = b?.tier_id ? ((await this.tiers()).find((t) => t.id === b.tier_id) ?? null) : null;
    return { tier };
  }

  private async mustExist(userId: number): Promise<void> {
    if (!(await one(this.db.ds, `SELECT 1 FROM users WHERE id = $1 AND deleted_at IS NULL`, [userId]))) throw notFound('errors.user.not_found');
  }

  streak(userId: number): Promise<StreakDto> {
    return this.streaks.get(this.db.ds, userId);
  }

  async referral(userId: number): Promise<ReferralDto> {
    const r = await one<{ code: string; n: number }>(
      this.db.ds,
      `SELECT u.referral_code AS code, (SELECT count(*)::int FROM loyalty_referrals WHERE referrer_id = u.id) AS n FROM users u WHERE u.id = $1`,
      [userId],
    );
    return { code: r!.code, link: `${this.config.publicUrl.replace(/\/$/, '')}/register?ref=${encodeURIComponent(r!.code)}`, referred: r!.n };
  }

  tiers(): Promise<TierDto[]> {
    return this.admin.tiers();
  }

  badges(): Promise<BadgeDto[]> {
    return this.badgesSvc.list(this.db.ds);
  }

  leaderboard(period: LeaderboardPeriod, brandId: number | null, meId: number | null): Promise<LeaderboardDto> {
    return this.boards.board(period, brandId, meId);
  }
}
