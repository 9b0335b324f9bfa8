import { Module, type DynamicModule } from '@nestjs/common';
import { AuditController } from './audit/audit.controller';
import { BrandsController } from './brands/brands.controller';
import { BrandsService } from './brands/brands.service';
import type { AppConfig } from './config/config';
import { CoreModule } from './core.module';
import { EngagementModule } from './engagement/engagement.module';
import type { DatabaseHandle } from './database/data-source';
import { AuthController } from './identity/auth.controller';
import { AuthService } from './identity/auth.service';
import { MeController } from './identity/me.controller';
import { UsersController } from './identity/users.controller';
import { UsersService } from './identity/users.service';
import { LoyaltyModule } from './loyalty/loyalty.module';
import { MailController } from './mail/mail.controller';
import { NotificationsModule } from './notifications/notifications.module';
import { ForumModule } from './forum/forum.module';
import type { Metrics } from './ops/metrics';
import { OpsController } from './ops/ops.controller';
import { UploadsController } from './uploads/uploads.controller';
import { UploadsService } from './uploads/uploads.service';
import { RealtimeModule } from './realtime/realtime.module';
import { RewardsModule } from './rewards/rewards.module';
import { CharityModule } from './charity/charity.module';
import { AnalyticsModule } from './analytics/analytics.module';
import { SurveysModule } from './surveys/surveys.module';
import { ChatModule } from './chat/chat.module';

@Module({
  controllers: [AuthController, MeController, UsersController],
  providers: [AuthService, UsersService],
  exports: [AuthService, UsersService],
})
export class IdentityModule {}

@Module({ controllers: [BrandsController], providers: [BrandsService], exports: [BrandsService] })
export class BrandsModule {}

@Module({ controllers: [UploadsController], providers: [UploadsService] })
export class UploadsModule {}

@Module({ controllers: [OpsController, MailController, AuditController] })
export class OpsModule {}

@Module({})
export class AppModule {
  static register(config: AppConfig, db: DatabaseHandle, metrics: Metrics): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.register(config, db, metrics),
        IdentityModule,
        BrandsModule,
        UploadsModule,
        OpsModule,
        NotificationsModule,
        LoyaltyModule,
        RealtimeModule,
        ForumModule,
        EngagementModule,
        RewardsModule,
        CharityModule,
        AnalyticsModule,
        SurveysModule,
        ChatModule,
      ],
    };
  }
}
