import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import type { BadgeDto, EarningRuleDto, LoyaltySettingsDto, Page, PointsCampaignDto, PointsEntryDto, TierDto } from '@wala/contract';
import { CurrentUser, Roles } from '../common/access';
import type { AuthUser } from '../common/auth-context';
import { ApiId, clampLimit, IdParam } from '../common/params';
import { BadgesService } from './badges.service';
import { Db } from '../database/db.service';
import { LoyaltyAdminService, parseCriteria } from './loyalty-admin.service';
import {
  AdjustPointsDto,
  BadgeDtoIn,
  EarningRuleDtoIn,
  GrantBadgeDto,
  LoyaltySettingsDtoIn,
  PointsCampaignDtoIn,
  ReasonDto,
  TierDtoIn,
  UpdateBadgeDto,
  UpdateEarningRuleDto,
  UpdatePointsCampaignDto,
  UpdateTierDto,
} from './loyalty.dto';

@ApiTags('loyalty-admin')
@Controller('admin')
export class LoyaltyAdminController {
  constructor(
    private readonly admin: LoyaltyAdminService,
    private readonly badges: BadgesService,
    private readonly db: Db,
  ) {}

  @Get('earning-rules')
  @Roles('admin')
  rules(): Promise<EarningRuleDto[]> {
    return this.admin.rules();
  }

  @Post('earning-rules')
  @Roles('admin')
  createRule(@CurrentUser() u: AuthUser, @Body() d: EarningRuleDtoIn): Promise<EarningRuleDto> {
    return this.admin.createRule(u, d);
  }

  @Patch('earning-rules/:id')
  @Roles('admin')
  @ApiId()
  updateRule(@CurrentUser() u: AuthUser, @IdParam() id: number, @Body() d: UpdateEarningRuleDto): Promise<EarningRuleDto> {
    return this.admin.updateRule(u, id, d);
  }

  @Delete('earning-rules/:id')
  @Roles('admin')
  @HttpCode(204)
  @ApiId()
  deleteRule(@CurrentUser() u: AuthUser, @IdParam() id: number): Promise<void> {
    return this.admin.deleteRule(u, id);
  }

  @Get('points-campaigns')
  @Roles('admin')
  campaigns(): Promise<PointsCampaignDto[]> {
    return this.admin.campaigns();
  }

  @Post('points-campaigns')
  @Roles('admin')
  createCampaign(@CurrentUser() u: AuthUser, @Body() d: PointsCampaignDtoIn): Promise<PointsCampaignDto> {
    return this.admin.createCampaign(u, d);
  }

  @Patch('points-campaigns/:id')
  @Roles('admin')
  @ApiId()
  updateCampaign(@CurrentUser() u: AuthUser, @IdParam() id: number, @Body() d: UpdatePointsCampaignDto): Promise<PointsCampaignDto> {
    return this.admin.updateCampaign(u, id, d);
  }

  @Delete('points-campaigns/:id')
  @Roles('admin')
  @HttpCode(204)
  @ApiId()
  deleteCampaign(@CurrentUser() u: AuthUser, @IdParam() id: number): Promise<void> {
    return this.admin.deleteCampaign(u, id);
  }

  @Post('tiers')
  @Roles('admin')
  createTier(@CurrentUser() u: AuthUser, @Body() d: TierDtoIn): Promise<TierDto> {
    return this.admin.createTier(u, d);
  }

  @Patch('tiers/:id')
  @Roles('admin')
  @ApiId()
  updateTier(@CurrentUser() u: AuthUser, @IdParam() id: number, @Body() d: UpdateTierDto): Promise<TierDto> {
    return this.admin.updateTier(u, id, d);
  }

  @Delete('tiers/:id')
  @Roles('admin')
  @HttpCode(204)
  @ApiId()
  deleteTier(@CurrentUser() u: AuthUser, @IdParam() id: number): Promise<void> {
    return this.admin.deleteTier(u, id);
  }

  @Get('badges')
  @Roles('admin')
  allBadges(): Promise<BadgeDto[]> {
    return this.badges.list(this.db.ds, true);
  }

  @Post('badges')
  @Roles('admin')
  createBadge(@CurrentUser() u: AuthUser, @Body() d: BadgeDtoIn): Promise<BadgeDto> {
    return this.badges.create(u, { ...d, criteria: parseCriteria(d.criteria ?? { type: 'manual' }) });
  }

  @Patch('badges/:id')
  @Roles('admin')
  @ApiId()
  updateBadge(@CurrentUser() u: AuthUser, @IdParam() id: number, @Body() d: UpdateBadgeDto): Promise<BadgeDto> {
    return this.badges.update(u, id, { ...d, criteria: d.criteria === undefined ? undefined : parseCriteria(d.criteria) });
  }

  @Post('badges/:id/grants')
  @Roles('admin')
  @ApiId()
  grant(@CurrentUser() u: AuthUser, @IdParam() id: number, @Body() d: GrantBadgeDto): Promise<{ grantId: number }> {
    return this.badges.manualGrant(u, id, d.userId, d.reason);
  }

  @Post('badge-grants/:id/revoke')
  @Roles('admin')
  @HttpCode(204)
  @ApiId()
  revoke(@CurrentUser() u: AuthUser, @IdParam() id: number, @Body() d: ReasonDto): Promise<void> {
    return this.badges.revoke(u, id, d.reason);
  }

  @Post('points/adjust')
  @Roles('admin')
  adjust(@CurrentUser() u: AuthUser, @Body() d: AdjustPointsDto): Promise<PointsEntryDto> {
    return this.admin.adjust(u, d);
  }

  @Post('points/entries/:id/reverse')
  @Roles('moderator', 'admin')
  @ApiId()
  reverse(@CurrentUser() u: AuthUser, @IdParam() id: number, @Body() d: ReasonDto): Promise<PointsEntryDto> {
    return this.admin.reverse(u, id, d.reason);
  }

  @Get('members/:id/points/entries')
  @Roles('moderator', 'admin')
  @ApiId()
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  memberEntries(@IdParam() id: number, @Query('cursor') cursor?: string, @Query('limit') limit?: string): Promise<Page<PointsEntryDto>> {
    return this.admin.memberEntries(id, { cursor, limit: clampLimit(limit) });
  }

  @Get('loyalty/settings')
  @Roles('admin')
  settings(): Promise<LoyaltySettingsDto> {
    return this.admin.getSettings();
  }

  @Patch('loyalty/settings')
  @Roles('admin')
  updateSettings(@CurrentUser() u: AuthUser, @Body() d: LoyaltySettingsDtoIn): Promise<LoyaltySettingsDto> {
    return this.admin.updateSettings(u, d);
  }
}
