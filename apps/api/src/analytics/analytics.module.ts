import { Module } from '@nestjs/common';
import { AnalyticsExportService } from './analytics-export.service';
import { AnalyticsIngestService } from './analytics-ingest.service';
import { AnalyticsController } from './analytics.controller';
import { AnalyticsService } from './analytics.service';
import { PurchasesService } from './purchases.service';

@Module({
  controllers: [AnalyticsController],
  providers: [AnalyticsExportService, AnalyticsIngestService, AnalyticsService, PurchasesService],
  exports: [AnalyticsService],
})
export class AnalyticsModule {}
