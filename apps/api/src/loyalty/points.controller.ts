import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { BadgeDto, BadgeGrantDto, LeaderboardDto, LeaderboardPeriod, MemberTierDto, Page, PointsBalanceDto, PointsEntryDto, ReferralDto, StreakDto, TierDto } from '@wala/contract';
import { CurrentUser, Member, OptionalUser, Public } from '../common/access';
import type { AuthUser } from '../common/auth-context';
import { invalidFields } from '../common/errors';
import { ApiId, clampLimit, IdParam, ParseIdPipe } from '../common/params';
import { PointsWallet } from '../common/points-wallet';
import type { LedgerService } from './ledger.service';
import { LoyaltyService } from './loyalty.service';

const PERIODS: readonly LeaderboardPeriod[] = ['week', 'month', 'all'];

@ApiTags('loyalty')
@Controller()
export class PointsController {
  constructor(
    @Inject(PointsWallet) private readonly ledger: LedgerService,
    private readonly loyalty: LoyaltyService,
  ) {}

  @Get('me/points')
  @Member()
  points(@CurrentUser() user: AuthUser): Promise<PointsBalanceDto> {
    return this.ledger.summary(user.id);
  }

  @Get('me/points/entries')
  @Member()
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  entries(@CurrentUser() user: AuthUser, @Query('cursor') cursor?: string, @Query('limit') limit?: string): Promise<Page<PointsEntryDto>> {
    return this.ledger.entries(user.id, { cursor, limit: clampLimit(limit) });
  }

  @Get('me/badges')
  @Member()
  myBadges(@CurrentUser() user: AuthUser): Promise<BadgeGrantDto[]> {
    return this.loyalty.memberBadges(user.id);
  }

  @Get('me/streak')
  @Member()
  streak(@CurrentUser() user: AuthUser): Promise<StreakDto> {
    return this.loyalty.streak(user.id);
  }

  @Get('me/referral')
  @Member()
  referral(@CurrentUser() user: AuthUser): Promise<ReferralDto> {
    return this.loyalty.referral(user.id);
  }

  @Get('tiers')
  @Public()
  tiers(): Promise<TierDto[]> {
    return this.loyalty.tiers();
  }

  @Get('badges')
  @Public()
  @ApiOperation({ summary: 'Active badges with holders (exact) and rarity (% of members; the member count is refreshed at most every 60 s per node)' })
  badges(): Promise<BadgeDto[]> {
    return this.loyalty.badges();
  }

  @Get('users/:id/badges')
  @Public()
  @ApiId()
  userBadges(@IdParam() id: number): Promise<BadgeGrantDto[]> {
    return this.loyalty.publicBadges(id);
  }

  @Get('users/:id/tier')
  @Public()
  @ApiId()
  userTier(@IdParam() id: number): Promise<MemberTierDto> {
    return this.loyalty.publicTier(id);
  }

  @Get('leaderboards/:period')
  @Public()
  @ApiParam({ name: 'period', enum: PERIODS })
  @ApiQuery({ name: 'brandId', required: false })
  leaderboard(@OptionalUser() user: AuthUser | null, @Param('period') period: string, @Query('brandId') brandId?: string): Promise<LeaderboardDto> {
    if (!(PERIODS as readonly string[]).includes(period)) throw invalidFields([{ field: 'period', code: 'isIn', params: { values: PERIODS.join(', ') } }]);
    const brand = brandId === undefined || brandId === '' ? null : new ParseIdPipe('brandId').transform(brandId);
    return this.loyalty.leaderboard(period as LeaderboardPeriod, brand, user?.id ?? null);
  }
}
