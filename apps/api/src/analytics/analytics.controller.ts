import { Body, Controller, Get, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AnalyticsSettingsDto, CltvDto, CohortsDto, DashboardDto, PurchaseImportDto } from '@wala/contract';
import { CurrentUser, Member, Roles } from '../common/access';
import type { AuthUser } from '../common/auth-context';
import { AnalyticsSettingsBodyDto, OverviewQueryDto, PurchasesCsvDto, PurchasesImportDto, RangeQueryDto } from './analytics.dto';
import { AnalyticsService } from './analytics.service';
import { PurchasesService } from './purchases.service';

/** Admins see the community (no brandId) or any brand; brand managers their own brands (else 404). */
@ApiTags('analytics')
@Controller('analytics')
export class AnalyticsController {
  constructor(
    private readonly analytics: AnalyticsService,
    private readonly purchases: PurchasesService,
  ) {}

  @Get('overview')
  @Member()
  overview(@CurrentUser() user: AuthUser, @Query() q: OverviewQueryDto): Promise<DashboardDto> {
    return this.analytics.overview(user, q);
  }

  @Get('cohorts')
  @Member()
  cohorts(@CurrentUser() user: AuthUser, @Query() q: RangeQueryDto): Promise<CohortsDto> {
    return this.analytics.cohorts(user, q);
  }

  @Get('cltv')
  @Member()
  cltv(@CurrentUser() user: AuthUser, @Query() q: RangeQueryDto): Promise<CltvDto[]> {
    return this.purchases.cltv(user, q);
  }

  @Post('purchases')
  @Member()
  importPurchases(@CurrentUser() user: AuthUser, @Body() dto: PurchasesImportDto): Promise<PurchaseImportDto> {
    return this.purchases.importJson(user, dto.purchases);
  }

  @Post('purchases/csv')
  @Member()
  importCsv(@CurrentUser() user: AuthUser, @Body() dto: PurchasesCsvDto): Promise<PurchaseImportDto> {
    return this.purchases.importCsv(user, dto.csv, dto.brandId);
  }

  @Get('settings')
  @Roles('admin')
  settings(): Promise<AnalyticsSettingsDto> {
    return this.analytics.settings();
  }

  @Put('settings')
  @Roles('admin')
  updateSettings(@Body() dto: AnalyticsSettingsBodyDto): Promise<AnalyticsSettingsDto> {
    return this.analytics.updateSettings(dto);
  }
}
