import { Injectable } from '@nestjs/common';
import type { StreakDto } from '@wala/contract';
import type { EntityManager } from 'typeorm';
import { one, type Queryable } from '../common/sql';
import { BadgesService } from './badges.service';

/** Daily activity streaks, counted in the member's own time zone. */
@Injectable()
export class StreaksService {
  constructor(private readonly badges: BadgesService) {}

  /** Records activity today (member's time zone): same day keeps, the next day extends, a gap restarts. */
  async touch(em: EntityManager, userId: number, at: Date = new Date()): Promise<StreakDto> {
    const r = await one<{ current: number; longest: number; last_day: string }>(
      em,
      `WITH today AS (SELECT ($2::timestamptz AT TIME ZONE COALESCE((SELECT time_zone FROM users WHERE id = $1), 'UTC'))::date AS d)
       INSERT INTO loyalty_streaks AS s (user_id, current, longest, last_day)
       SELECT $1, 1, 1, d FROM today
       ON CONFLICT (user_id) DO UPDATE SET
         current = CASE WHEN s.last_day >= EXCLUDED.last_day THEN s.current
                        WHEN s.last_day = EXCLUDED.last_day - 1 THEN s.current + 1 ELSE 1 END,
         longest = GREATEST(s.longest, CASE WHEN s.last_day >= EXCLUDED.last_day THEN s.current
                        WHEN s.last_day = EXCLUDED.last_day - 1 THEN s.current + 1 ELSE 1 END),
         last_day = GREATEST(s.last_day, EXCLUDED.last_day)
       RETURNING current, longest, last_day::text`,
      [userId, at.toISOString()],
    );
    await this.badges.onStreak(em, userId, r!.current);
    return { current: r!.current, longest: r!.longest, lastDay: r!.last_day };
  }

  /** The streak as the member sees it now: broken if the last active day is before yesterday. */
  async get(db: Queryable, userId: number): Promise<StreakDto> {
    const r = await one<{ current: number; longest: number; last_day: string | null; alive: boolean }>(
      db,
      `SELECT s.current, s.longest, s.last_day::text AS last_day,
              s.last_day >= (now() AT TIME ZONE u.time_zone)::date - 1 AS alive
         FROM loyalty_streaks s JOIN users u ON u.id = s.user_id WHERE s.user_id = $1`,
      [userId],
    );
    if (!r) return { current: 0, longest: 0, lastDay: null };
    return { current: r.alive ? r.current : 0, longest: r.longest, lastDay: r.last_day };
  }
}
