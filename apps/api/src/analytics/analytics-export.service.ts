import { Injectable } from '@nestjs/common';
import { toCsv, translatorFor, type CltvDto, type DashboardSummaryDto, type Locale, type RetentionRowDto } from '@wala/contract';
import type { AuthUser } from '../common/auth-context';
import { one } from '../common/sql';
import { Db } from '../database/db.service';
import { addDays } from './analytics-scope';
import { AnalyticsService, type RangeQuery } from './analytics.service';
import { PurchasesService } from './purchases.service';

type Cell = string | number | null;

/** A card of the dashboard: its key in the export, its label, its unit and where its figure is. */
const SUMMARY: [key: string, label: string, unit: string, value: (s: DashboardSummaryDto) => number | null][] = [
  ['averageDau', 'kpi.dau', 'members', (s) => s.averageDau],
  ['averageWau', 'kpi.wau', 'members', (s) => s.averageWau],
  ['averageMau', 'kpi.mau', 'members', (s) => s.averageMau],
  ['newMembers', 'kpi.newMembers', 'members', (s) => s.newMembers],
  ['nps', 'kpi.nps', 'score', (s) => s.nps],
  ['npsResponses', 'kpi.npsResponses', 'count', (s) => s.npsResponses],
  ['promoters', 'kpi.promoters', 'count', (s) => s.promoters],
  ['passives', 'kpi.passives', 'count', (s) => s.passives],
  ['detractors', 'kpi.detractors', 'count', (s) => s.detractors],
  ['csatAverage', 'kpi.csat', 'score', (s) => s.csatAverage],
  ['csatSatisfied', 'kpi.satisfied', 'percent', (s) => s.csatSatisfied],
  ['csatResponses', 'kpi.csatResponses', 'count', (s) => s.csatResponses],
  ['points.issued', 'kpi.issued', 'points', (s) => s.points.issued],
  ['points.redeemed', 'kpi.redeemed', 'points', (s) => s.points.redeemed],
  ['points.donated', 'kpi.donated', 'points', (s) => s.points.donated],
  ['points.expired', 'kpi.expired', 'points', (s) => s.points.expired],
  ['points.outstanding', 'kpi.outstanding', 'points', (s) => s.points.outstanding],
  ['points.redemptionRate', 'kpi.redemptionRate', 'percent', (s) => s.points.redemptionRate],
  ['challengeJoins', 'kpi.challengeJoins', 'count', (s) => s.challengeJoins],
  ['challengeCompletions', 'kpi.challengeCompletions', 'count', (s) => s.challengeCompletions],
  ['challengeCompletionRate', 'kpi.challengeCompletion', 'percent', (s) => s.challengeCompletionRate],
  ['eventRsvps', 'kpi.eventRsvps', 'count', (s) => s.eventRsvps],
  ['eventAttended', 'kpi.eventAttended', 'count', (s) => s.eventAttended],
  ['rsvpAttendanceRate', 'kpi.rsvpAttendance', 'percent', (s) => s.rsvpAttendanceRate],
  ['donatedPoints', 'kpi.donatedPoints', 'points', (s) => s.donatedPoints],
];

/** The rates of each retention period (the dashboard's retention and participation tables). */
const RETENTION: [key: keyof RetentionRowDto, label: string][] = [
  ['retentionRate', 'col.retention'],
  ['crr', 'col.crr'],
  ['churnRate', 'col.churn'],
  ['participantRetention', 'col.participantRetention'],
  ['nonParticipantRetention', 'col.nonParticipantRetention'],
  ['challengeParticipation', 'col.challenge'],
  ['eventParticipation', 'col.event'],
  ['chatParticipation', 'col.chat'],
];

const CLTV: [key: keyof CltvDto, label: string, unit: 'count' | 'members' | 'minor' | 'per_year' | 'years'][] = [
  ['purchases', 'col.purchases', 'count'],
  ['customers', 'col.customers', 'members'],
  ['revenueMinor', 'col.revenue', 'minor'],
  ['averagePurchaseMinor', 'col.averagePurchase', 'minor'],
  ['purchaseFrequency', 'col.frequency', 'per_year'],
  ['averageLifespan', 'col.lifespan', 'years'],
  ['cltvMinor', 'col.cltv', 'minor'],
];

/** The last day of the week or month that starts on `period`. */
const periodEnd = (period: string, grain: 'week' | 'month') => {
  if (grain === 'week') return addDays(period, 6);
  const [y, m] = period.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};

/**
 * The dashboard as one CSV (docs/METRICS.md, "Export"): a row per figure (key, label in the
 * reader's language, value, the previous range's value, unit, period as an ISO interval), a
 * blank line, then the cohort grid. Each figure comes from the same queries as the JSON routes.
 */
@Injectable()
export class AnalyticsExportService {
  constructor(
    private readonly db: Db,
    private readonly analytics: AnalyticsService,
    private readonly purchases: PurchasesService,
  ) {}

  async csv(user: AuthUser, q: RangeQuery & { grain?: 'week' | 'month' }, locale: Locale): Promise<{ filename: string; body: string }> {
    const [d, cohorts, cltv] = await Promise.all([this.analytics.overview(user, q), this.analytics.cohorts(user, q), this.purchases.cltv(user, q)]);
    const t = translatorFor(locale);
    const label = (key: string) => t(`web.analytics.${key}`);
    const range = `${d.from}/${d.to}`;
    const out: Cell[][] = [['key', 'label', 'value', 'previous', 'unit', 'period'], ['scope', label('scope'), await this.scopeName(d.brandId, locale), null, null, range]];
    for (const [key, l, unit, value] of SUMMARY) out.push([key, label(l), value(d.summary), value(d.previous), unit, range]);
    for (const c of d.summary.charity) {
      out.push([`charity.${c.currency}.amountMinor`, `${label('kpi.charityAmount')} (${c.currency})`, c.amountMinor, null, `minor ${c.currency}`, range]);
      out.push([`charity.${c.currency}.donations`, `${label('kpi.charityDonations')} (${c.currency})`, c.donations, null, 'count', range]);
    }
    for (const c of cltv)
      for (const [key, l, unit] of CLTV)
        out.push([`cltv.${c.currency}.${key}`, `${label(l)} (${c.currency})`, c[key] as number, null, unit === 'minor' ? `minor ${c.currency}` : unit, range]);
    for (const r of d.retention)
      for (const [key, l] of RETENTION) out.push([`retention.${key}`, label(l), r[key] as number | null, null, 'percent', `${r.period}/${periodEnd(r.period, d.grain)}`]);

    const width = Math.max(0, ...cohorts.cohorts.map((c) => c.rates.length));
    out.push([], ['cohort', 'size', ...Array.from({ length: width }, (_, i) => `month_${i}`)]);
    for (const c of cohorts.cohorts) out.push([c.cohort, c.size, ...Array.from({ length: width }, (_, i) => c.rates[i] ?? null)]);

    const who = d.brandId ? `brand-${d.brandId}` : 'community';
    return { filename: `analytics-${who}-${d.from}-${d.to}.csv`, body: toCsv(out, { bom: true }) };
  }

  /** The brand's name in the reader's language (a manager's own text, so written through the formula guard), or "the whole community". */
  private async scopeName(brandId: number | null, locale: Locale): Promise<string> {
    if (!brandId) return translatorFor(locale)('web.analytics.community');
    const b = await one<{ name: string; name_ar: string | null }>(this.db.ds, `SELECT name, name_ar FROM brands WHERE id = $1`, [brandId]);
    return (locale === 'ar' && b?.name_ar) || b?.name || '';
  }
}
