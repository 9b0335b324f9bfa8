import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AuditService } from './audit/audit.service';
import { AuthGuard } from './common/auth.guard';
import { MemberStanding } from './common/member-standing';
import { PointsWallet } from './common/points-wallet';
import { ProblemFilter } from './common/problem.filter';
import { RateLimitService } from './common/rate-limit.service';
import { Realtime } from './common/realtime';
import { RedisService } from './common/redis.service';
import { APP_CONFIG, type AppConfig } from './config/config';
import type { DatabaseHandle } from './database/data-source';
import { Db } from './database/db.service';
import { EventBus } from './events/event-bus.service';
import { PasswordService } from './identity/password.service';
import { LedgerService } from './loyalty/ledger.service';
import { LoyaltyStanding } from './loyalty/standing.service';
import { PersonalData } from './identity/personal-data';
import { SessionService } from './identity/session.service';
import { MailService } from './mail/mail.service';
import { METRICS } from './ops/ops.controller';
import type { Metrics } from './ops/metrics';

/** Infrastructure every area uses: configuration, database, events, sessions, limits, mail, audit. */
@Global()
@Module({})
export class CoreModule {
  static register(config: AppConfig, db: DatabaseHandle, metrics: Metrics): DynamicModule {
    const providers = [
      { provide: APP_CONFIG, useValue: config },
      { provide: DataSource, useValue: db.dataSource },
      { provide: METRICS, useValue: metrics },
      Db,
      EventBus,
      Realtime,
      RedisService,
      RateLimitService,
      AuditService,
      MailService,
      PersonalData,
      PasswordService,
      SessionService,
      { provide: MemberStanding, useClass: LoyaltyStanding },
      { provide: PointsWallet, useClass: LedgerService },
      { provide: APP_GUARD, useClass: AuthGuard },
      { provide: APP_FILTER, useClass: ProblemFilter },
    ];
    return {
      module: CoreModule,
      providers,
      exports: providers.filter((p) => !('provide' in p && (p.provide === APP_GUARD || p.provide === APP_FILTER))),
    };
  }
}
