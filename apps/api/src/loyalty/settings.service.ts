import { Injectable } from '@nestjs/common';
import type { LoyaltySettingsDto } from '@wala/contract';
import type { EntityManager } from 'typeorm';
import { one, type Queryable } from '../common/sql';

export interface Periods {
  /** community day, week start and month start (YYYY-MM-DD) */
  day: string;
  week: string;
  month: string;
  dayStart: Date;
  weekStart: Date;
  monthStart: Date;
}

interface SettingsRow {
  time_zone: string;
  week_start: number;
  tier_window_days: number;
  pending_days: number;
  reaction_pair_daily_limit: number;
  referral_monthly_limit: number;
  expiry_days: number | null;
}

const toDto = (r: SettingsRow): LoyaltySettingsDto => ({
  timeZone: r.time_zone,
  weekStart: r.week_start,
  tierWindowDays: r.tier_window_days,
  pendingDays: r.pending_days,
  reactionPairDailyLimit: r.reaction_pair_daily_limit,
  referralMonthlyLimit: r.referral_monthly_limit,
  expiryDays: r.expiry_days,
});

/** The community's loyalty settings (one row) and its calendar: days and weeks in its time zone. */
@Injectable()
export class LoyaltySettings {
  async get(db: Queryable): Promise<LoyaltySettingsDto> {
    const r = await one<SettingsRow>(db, `SELECT * FROM loyalty_settings WHERE id = 1`);
    return toDto(r!);
  }

  async update(em: EntityManager, patch: Partial<LoyaltySettingsDto>): Promise<LoyaltySettingsDto> {
    const r = await one<SettingsRow>(
      em,
      `UPDATE loyalty_settings SET time_zone = COALESCE($1, time_zone), week_start = COALESCE($2, week_start),
              tier_window_days = COALESCE($3, tier_window_days), pending_days = COALESCE($4, pending_days),
              reaction_pair_daily_limit = COALESCE($5, reaction_pair_daily_limit), referral_monthly_limit = COALESCE($6, referral_monthly_limit),
              expiry_days = CASE WHEN $7 THEN $8 ELSE expiry_days END, updated_at = now()
        WHERE id = 1 RETURNING *`,
      [
        patch.timeZone ?? null,
        patch.weekStart ?? null,
        patch.tierWindowDays ?? null,
        patch.pendingDays ?? null,
        patch.reactionPairDailyLimit ?? null,
        patch.referralMonthlyLimit ?? null,
        patch.expiryDays !== undefined,
        patch.expiryDays ?? null,
      ],
    );
    return toDto(r!);
  }

  /** The community day, week and month containing `at`. */
  async periods(db: Queryable, s: LoyaltySettingsDto, at: Date | string = new Date()): Promise<Periods> {
    const r = await one<{ day: string; week: string; month: string; day_ts: Date; week_ts: Date; month_ts: Date }>(
      db,
      `SELECT d::text AS day, w::text AS week, m::text AS month,
              d::timestamp AT TIME ZONE $2 AS day_ts, w::timestamp AT TIME ZONE $2 AS week_ts, m::timestamp AT TIME ZONE $2 AS month_ts
         FROM (SELECT d, d - ((extract(dow FROM d)::int - $3 + 7) % 7) AS w, date_trunc('month', d)::date AS m
                 FROM (SELECT ($1::timestamptz AT TIME ZONE $2)::date AS d) x) y`,
      [at instanceof Date ? at.toISOString() : at, s.timeZone, s.weekStart],
    );
    return { day: r!.day, week: r!.week, month: r!.month, dayStart: r!.day_ts, weekStart: r!.week_ts, monthStart: r!.month_ts };
  }
}
