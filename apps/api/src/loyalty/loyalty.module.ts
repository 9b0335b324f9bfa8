import { Module } from '@nestjs/common';
import { PointsController } from './points.controller';

/**
 * Loyalty: the points ledger (bound as PointsWallet and MemberStanding in core.module.ts, so
 * every area gets the same instance), earning rules, tiers, badges, streaks, leaderboards.
 */
@Module({ controllers: [PointsController] })
export class LoyaltyModule {}
