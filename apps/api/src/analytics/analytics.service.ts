import { Injectable } from '@nestjs/common';
import type {
  ActivePointDto,
  AnalyticsGrain,
  AnalyticsSettingsDto,
  CohortsDto,
  DashboardDto,
  DashboardSummaryDto,
  RetentionRowDto,
  ScoreTrendDto,
} from '@wala/contract';
import type { AuthUser } from '../common/auth-context';
import { one, rows, type Queryable } from '../common/sql';
import { Db } from '../database/db.service';
import { addDays, daysBetween, dateRange, pct, round2, scopeFor } from './analytics-scope';

/** How ledger entry kinds are reported (docs/METRICS.md); every other kind counts as issued. */
export const POINT_KINDS = {
  redeemed: ['spend', 'redemption', 'refund'],
  donated: ['donation'],
  expired: ['expiry'],
} as const;

const GRAIN_CODE: Record<AnalyticsGrain, 'w' | 'm'> = { week: 'w', month: 'm' };

export interface RangeQuery {
  from?: string;
  to?: string;
  brandId?: number;
}

interface StatsRow {
  period: string;
  active: number;
  new_members: number;
  retained: number;
  participants: number;
  retained_participants: number;
  challenge_members: number;
  event_members: number;
  chat_members: number;
  prev_active: number;
  prev_participants: number;
}

/** Dashboards over the rollups kept by AnalyticsIngestService (see docs/METRICS.md). */
@Injectable()
export class AnalyticsService {
  constructor(private readonly db: Db) {}

  async timeZone(q: Queryable = this.db.ds): Promise<string> {
    return (await one<{ tz: string }>(q, `SELECT analytics_time_zone() AS tz`))!.tz;
  }

  async settings(): Promise<AnalyticsSettingsDto> {
    return { timeZone: await this.timeZone() };
  }

  async updateSettings(dto: AnalyticsSettingsDto): Promise<AnalyticsSettingsDto> {
    await this.db.tx((em) =>
      em.query(`INSERT INTO analytics_settings (id, time_zone) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET time_zone = EXCLUDED.time_zone`, [dto.timeZone]),
    );
    return this.settings();
  }

  /** Today in the community time zone. */
  private async today(): Promise<string> {
    return (await one<{ d: string }>(this.db.ds, `SELECT analytics_day(now())::text AS d`))!.d;
  }

  async range(user: AuthUser, q: RangeQuery): Promise<{ scope: number; from: string; to: string }> {
    const scope = scopeFor(user, q.brandId);
    return { scope, ...dateRange(await this.today(), q.from, q.to) };
  }

  async overview(user: AuthUser, q: RangeQuery & { grain?: AnalyticsGrain }): Promise<DashboardDto> {
    const { scope, from, to } = await this.range(user, q);
    const grain = q.grain ?? 'month';
    const len = daysBetween(from, to) + 1;
    const [summary, previous, dau, wau, mau, retention, scores, tz, fresh] = await Promise.all([
      this.summary(scope, from, to),
      this.summary(scope, addDays(from, -len), addDays(from, -1)),
      this.series(scope, 'd', from, to),
      this.series(scope, 'w', from, to),
      this.series(scope, 'm', from, to),
      this.retention(scope, GRAIN_CODE[grain], from, to),
      this.scoreTrend(scope, from, to),
      this.timeZone(),
      one<{ at: Date }>(this.db.ds, `SELECT COALESCE(min(created_at), now()) AS at FROM outbox WHERE processed_at IS NULL`),
    ]);
    const avg = (xs: ActivePointDto[]) => (xs.length ? round2(xs.reduce((s, x) => s + x.active, 0) / xs.length) : null);
    summary.averageDau = avg(dau);
    summary.averageWau = avg(wau);
    summary.averageMau = avg(mau);
    return {
      brandId: scope || null,
      from,
      to,
      grain,
      timeZone: tz,
      summary,
      previous,
      dau,
      wau,
      mau,
      retention,
      scores,
      freshAt: fresh!.at.toISOString(),
    };
  }

  /** Active members and new members per day, week or month of the range. */
  private async series(scope: number, g: 'd' | 'w' | 'm', from: string, to: string): Promise<ActivePointDto[]> {
    return rows<ActivePointDto>(
      this.db.ds,
      `SELECT p.period::text AS period, COALESCE(s.active, 0) AS active, COALESCE(s.new_members, 0) AS "newMembers"
         FROM (SELECT analytics_step($2, analytics_period($2, $3::date), i) AS period
                 FROM generate_series(0, 2000) i) p
         LEFT JOIN analytics_period_stats s ON s.scope = $1 AND s.grain = $2 AND s.period = p.period
        WHERE p.period <= $4::date ORDER BY p.period`,
      [scope, g, from, to],
    );
  }

  private async retention(scope: number, g: 'w' | 'm', from: string, to: string): Promise<RetentionRowDto[]> {
    const found = await rows<StatsRow>(
      this.db.ds,
      `SELECT p.period::text AS period, COALESCE(s.active, 0) AS active, COALESCE(s.new_members, 0) AS new_members,
              COALESCE(s.retained, 0) AS retained, COALESCE(s.participants, 0) AS participants,
              COALESCE(s.retained_participants, 0) AS retained_participants, COALESCE(s.challenge_members, 0) AS challenge_members,
              COALESCE(s.event_members, 0) AS event_members, COALESCE(s.chat_members, 0) AS chat_members,
              COALESCE(b.active, 0) AS prev_active, COALESCE(b.participants, 0) AS prev_participants
         FROM (SELECT analytics_step($2, analytics_period($2, $3::date), i) AS period FROM generate_series(0, 200) i) p
         LEFT JOIN analytics_period_stats s ON s.scope = $1 AND s.grain = $2 AND s.period = p.period
         LEFT JOIN analytics_period_stats b ON b.scope = $1 AND b.grain = $2 AND b.period = analytics_step($2, p.period, -1)
        WHERE p.period <= $4::date ORDER BY p.period`,
      [scope, g, from, to],
    );
    return found.map((r) => {
      const lost = r.prev_active - r.retained;
      return {
        period: r.period,
        atStart: r.prev_active,
        atEnd: r.active,
        newMembers: r.new_members,
        retained: r.retained,
        lost,
        retentionRate: pct(r.retained, r.prev_active),
        crr: pct(r.active - r.new_members, r.prev_active),
        churnRate: pct(lost, r.prev_active),
        participantsAtStart: r.prev_participants,
        participantRetention: pct(r.retained_participants, r.prev_participants),
        nonParticipantRetention: pct(r.retained - r.retained_participants, r.prev_active - r.prev_participants),
        challengeParticipation: pct(r.challenge_members, r.active),
        eventParticipation: pct(r.event_members, r.active),
        chatParticipation: pct(r.chat_members, r.active),
      };
    });
  }

  /** Survey scores per month: the community's surveys for scope 0, the brand's own otherwise. */
  private async scoreTrend(scope: number, from: string, to: string): Promise<ScoreTrendDto[]> {
    const found = await rows<{
      period: string;
      n: number;
      nps_n: number;
      pro: number;
      det: number;
      csat_n: number;
      csat_sum: number;
      sat: number;
    }>(
      this.db.ds,
      `SELECT date_trunc('month', r.answered_on::timestamp)::date::text AS period, count(*)::int AS n,
              count(r.nps)::int AS nps_n, count(*) FILTER (WHERE r.nps >= 9)::int AS pro, count(*) FILTER (WHERE r.nps <= 6)::int AS det,
              count(r.csat)::int AS csat_n, COALESCE(sum(r.csat), 0)::int AS csat_sum, count(*) FILTER (WHERE r.csat >= 4)::int AS sat
         FROM survey_responses r JOIN surveys s ON s.id = r.survey_id
        WHERE r.answered_on BETWEEN $2 AND $3 AND ($1 = 0 OR s.brand_id = $1)
        GROUP BY 1 ORDER BY 1`,
      [scope, from, to],
    );
    return found.map((r) => ({
      period: r.period,
      responses: r.n,
      nps: r.nps_n ? round2(((r.pro - r.det) / r.nps_n) * 100) : null,
      csatAverage: r.csat_n ? round2(r.csat_sum / r.csat_n) : null,
      csatSatisfied: pct(r.sat, r.csat_n),
    }));
  }

  private async summary(scope: number, from: string, to: string): Promise<DashboardSummaryDto> {
    const q = this.db.ds;
    const [members, scores, points, challenges, events, charity] = await Promise.all([
      one<{ n: number }>(
        q,
        `SELECT COALESCE(sum(new_members), 0)::int AS n FROM analytics_period_stats WHERE scope = $1 AND grain = 'd' AND period BETWEEN $2 AND $3`,
        [scope, from, to],
      ),
      one<{
        nps_n: number;
        pro: number;
        det: number;
        csat_n: number;
        csat_sum: number;
        sat: number;
      }>(
        q,
        `SELECT count(r.nps)::int AS nps_n, count(*) FILTER (WHERE r.nps >= 9)::int AS pro, count(*) FILTER (WHERE r.nps <= 6)::int AS det,
                count(r.csat)::int AS csat_n, COALESCE(sum(r.csat), 0)::int AS csat_sum, count(*) FILTER (WHERE r.csat >= 4)::int AS sat
           FROM survey_responses r JOIN surveys s ON s.id = r.survey_id
          WHERE r.answered_on BETWEEN $2 AND $3 AND ($1 = 0 OR s.brand_id = $1)`,
        [scope, from, to],
      ),
      rows<{ kind: string; in_range: string; upto: string }>(
        q,
        `SELECT kind, COALESCE(sum(total) FILTER (WHERE day >= $2), 0)::text AS in_range, sum(total)::text AS upto
           FROM analytics_points_daily WHERE scope = $1 AND day <= $3 GROUP BY kind`,
        [scope, from, to],
      ),
      one<{ joins: number; done: number }>(
        q,
        `SELECT count(*)::int AS joins, count(*) FILTER (WHERE completed_day <= $3)::int AS done
           FROM analytics_challenge_facts WHERE joined_day BETWEEN $2 AND $3 AND ($1 = 0 OR brand_id = $1)`,
        [scope, from, to],
      ),
      one<{ going: number; came: number }>(
        q,
        `SELECT count(*)::int AS going, count(f.checked_in_day)::int AS came
           FROM analytics_event_facts f LEFT JOIN analytics_event_brands b ON b.event_id = f.event_id
          WHERE f.rsvp_status = 'going' AND f.rsvp_day BETWEEN $2 AND $3 AND ($1 = 0 OR b.brand_id = $1)`,
        [scope, from, to],
      ),
      rows<{ currency: string; amount: string; n: number; points: string }>(
        q,
        `SELECT currency, sum(amount_minor)::text AS amount, count(*)::int AS n, sum(points)::text AS points
           FROM analytics_donations WHERE day BETWEEN $2 AND $3 AND ($1 = 0 OR brand_id = $1) GROUP BY currency ORDER BY currency`,
        [scope, from, to],
      ),
    ]);
    const s = scores!;
    const sumOf = (kinds: readonly string[], f: 'in_range' | 'upto') => points.filter((p) => kinds.includes(p.kind)).reduce((a, p) => a + Number(p[f]), 0);
    const special: string[] = [...POINT_KINDS.redeemed, ...POINT_KINDS.donated, ...POINT_KINDS.expired];
    const issued = points.filter((p) => !special.includes(p.kind)).reduce((a, p) => a + Number(p.in_range), 0);
    const redeemed = -sumOf(POINT_KINDS.redeemed, 'in_range');
    return {
      averageDau: null,
      averageWau: null,
      averageMau: null,
      newMembers: members!.n,
      nps: s.nps_n ? round2(((s.pro - s.det) / s.nps_n) * 100) : null,
      npsResponses: s.nps_n,
      promoters: s.pro,
      passives: s.nps_n - s.pro - s.det,
      detractors: s.det,
      csatAverage: s.csat_n ? round2(s.csat_sum / s.csat_n) : null,
      csatSatisfied: pct(s.sat, s.csat_n),
      csatResponses: s.csat_n,
      points: {
        issued,
        redeemed,
        donated: -sumOf(POINT_KINDS.donated, 'in_range'),
        expired: -sumOf(POINT_KINDS.expired, 'in_range'),
        outstanding: points.reduce((a, p) => a + Number(p.upto), 0),
        redemptionRate: pct(redeemed, issued),
      },
      challengeJoins: challenges!.joins,
      challengeCompletions: challenges!.done,
      challengeCompletionRate: pct(challenges!.done, challenges!.joins),
      eventRsvps: events!.going,
      eventAttended: events!.came,
      rsvpAttendanceRate: pct(events!.came, events!.going),
      charity: charity.map((c) => ({
        currency: c.currency,
        amountMinor: Number(c.amount),
        donations: c.n,
      })),
      donatedPoints: charity.reduce((a, c) => a + Number(c.points), 0),
    };
  }

  /** Sign-up-month cohorts of the range and their active members in each later month up to `to`. */
  async cohorts(user: AuthUser, q: RangeQuery): Promise<CohortsDto> {
    const { scope, from, to } = await this.range(user, q);
    const cells = await rows<{
      cohort: string;
      size: number;
      idx: number;
      active: number;
    }>(
      this.db.ds,
      `SELECT s.period::text AS cohort, s.new_members AS size,
              COALESCE((EXTRACT(YEAR FROM age(c.period, s.period)) * 12 + EXTRACT(MONTH FROM age(c.period, s.period)))::int, -1) AS idx,
              COALESCE(c.active, 0) AS active
         FROM analytics_period_stats s
         LEFT JOIN analytics_cohorts c ON c.scope = s.scope AND c.cohort = s.period AND c.period <= $3
        WHERE s.scope = $1 AND s.grain = 'm' AND s.new_members > 0 AND s.period BETWEEN analytics_period('m', $2::date) AND $3
        ORDER BY s.period, idx`,
      [scope, from, to],
    );
    const byCohort = new Map<string, { size: number; active: number[] }>();
    for (const c of cells) {
      const row = byCohort.get(c.cohort) ?? { size: c.size, active: [] };
      byCohort.set(c.cohort, row);
      if (c.idx >= 0) {
        while (row.active.length < c.idx) row.active.push(0);
        row.active[c.idx] = c.active;
      }
    }
    const lastMonth = to.slice(0, 7);
    return {
      brandId: scope || null,
      cohorts: [...byCohort.entries()].map(([cohort, r]) => {
        const months = (Number(lastMonth.slice(0, 4)) - Number(cohort.slice(0, 4))) * 12 + Number(lastMonth.slice(5, 7)) - Number(cohort.slice(5, 7)) + 1;
        const active = Array.from({ length: months }, (_, i) => r.active[i] ?? 0);
        return {
          cohort,
          size: r.size,
          active,
          rates: active.map((a) => pct(a, r.size)),
        };
      }),
    };
  }
}
