import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { PointsWallet } from '../common/points-wallet';
import { rows } from '../common/sql';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { Db } from '../database/db.service';
import { EarningService } from './earning.service';
import type { LedgerService } from './ledger.service';
import { LoyaltySettings } from './settings.service';

const RELEASE_EVERY_MS = 60_000;
const DAILY_EVERY_MS = 3_600_000;

/**
 * Background work: releases matured pending points (every minute) and, hourly, the tier
 * re-evaluation that also downgrades and the birthday bonus. Each step is idempotent (unique
 * keys), so several nodes running it is harmless. Off in tests, which call the steps directly.
 */
@Injectable()
export class LoyaltyJobs implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('LoyaltyJobs');
  private timers: NodeJS.Timeout[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: Db,
    @Inject(PointsWallet) private readonly ledger: LedgerService,
    private readonly earning: EarningService,
    private readonly settings: LoyaltySettings,
  ) {}

  onModuleInit(): void {
    if (this.config.nodeEnv === 'test') return;
    const every = (ms: number, fn: () => Promise<unknown>, name: string) => {
      const t = setInterval(() => void fn().catch((e) => this.log.warn(`${name}: ${String(e)}`)), ms);
      t.unref();
      this.timers.push(t);
    };
    every(RELEASE_EVERY_MS, () => this.ledger.releaseDue(), 'release');
    every(DAILY_EVERY_MS, () => this.daily(), 'daily');
  }

  onApplicationShutdown(): void {
    for (const t of this.timers) clearInterval(t);
  }

  /** Re-evaluates every ranked member's tier (the rolling window also lowers tiers), pays birthday bonuses, expires idle points. */
  async daily(): Promise<{ tiersChecked: number; birthdays: number; expired: number }> {
    let after = 0;
    let checked = 0;
    for (;;) {
      const batch = await rows<{ user_id: number }>(
        this.db.ds,
        `SELECT user_id FROM points_balances WHERE user_id > $1 AND (tier_id IS NOT NULL OR earned > 0) ORDER BY user_id LIMIT 500`,
        [after],
      );
      if (!batch.length) break;
      for (const b of batch) await this.db.tx((em) => this.ledger.evaluateTier(em, b.user_id));
      checked += batch.length;
      after = batch[batch.length - 1].user_id;
    }
    const birthdays = await this.db.tx((em) => this.earning.birthdays(em));
    const s = await this.settings.get(this.db.ds);
    let expired = 0;
    if (s.expiryDays) for (let k = -1; k !== 0; expired += k) k = await this.ledger.expireInactive(s.expiryDays);
    return { tiersChecked: checked, birthdays, expired };
  }
}
