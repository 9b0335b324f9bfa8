import { Module } from '@nestjs/common';
import { BadgesService } from './badges.service';
import { EarningService } from './earning.service';
import { LoyaltyJobs } from './jobs.service';
import { LeaderboardService } from './leaderboard.service';
import { LoyaltyAdminController } from './loyalty-admin.controller';
import { LoyaltyAdminService } from './loyalty-admin.service';
import { LoyaltyService } from './loyalty.service';
import { LoyaltyNotifications } from './notify.service';
import { PointsController } from './points.controller';
import { LoyaltySettings } from './settings.service';
import { StreaksService } from './streaks.service';

/**
 * Loyalty: the points ledger (bound as PointsWallet and MemberStanding in core.module.ts, so
 * every area gets the same instance), earning rules, tiers, badges, streaks, leaderboards.
 */
@Module({
  controllers: [PointsController, LoyaltyAdminController],
  providers: [LoyaltySettings, BadgesService, StreaksService, EarningService, LeaderboardService, LoyaltyAdminService, LoyaltyService, LoyaltyNotifications, LoyaltyJobs],
  exports: [EarningService, BadgesService, LeaderboardService],
})
export class LoyaltyModule {}
