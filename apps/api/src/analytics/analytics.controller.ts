import { Body, Controller, Get, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AnalyticsSettingsDto, CltvDto, CohortsDto, DashboardDto, PurchaseImportDto } from '@wala/contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Member, Roles } from '../common/access';
import type { AuthUser } from '../common/auth-context';
import { requestLocale } from '../common/problem';
import { AnalyticsExportService } from './analytics-export.service';
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
    private readonly exporter: AnalyticsExportService,
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

  /** The overview, CLTV and cohort grid of the range as one CSV, labels in the reader's language. */
  @Get('export.csv')
  @Member()
  @ApiProduces('text/csv')
  async exportCsv(
    @CurrentUser() user: AuthUser,
    @Query() q: OverviewQueryDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const { filename, body } = await this.exporter.csv(user, q, requestLocale(req));
    void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`);
    return body;
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
