import { Injectable } from '@nestjs/common';
import { parseCsv, type CltvDto, type PurchaseImportDto, type PurchaseInput } from '@wala/contract';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth-context';
import { invalidFields } from '../common/errors';
import { one, rows } from '../common/sql';
import { Db } from '../database/db.service';
import { daysBetween, scopeFor } from './analytics-scope';
import { AnalyticsService, type RangeQuery } from './analytics.service';

export const MAX_IMPORT_ROWS = 5000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CURRENCY = /^[A-Z]{3}$/;
const DAYS_PER_YEAR = 365.25;

/** CSV with a header naming at least member, amount_minor, currency, date (brand_id, external_ref optional). */
export function parsePurchaseCsv(text: string): { line: number; input: PurchaseInput | null }[] {
  // rows of trimmed fields; a row's number is its line's as long as no quoted field holds a line break
  const lines = parseCsv(text).map((r) => r.map((f) => f.trim()));
  const header = (lines[0] ?? []).map((h) => h.toLowerCase());
  const col = (name: string) => header.indexOf(name);
  const need = ['member', 'amount_minor', 'currency', 'date'];
  if (need.some((n) => col(n) < 0)) throw invalidFields([{ field: 'csv', code: 'csvHeader', params: { columns: need.join(', ') } }]);
  const out: { line: number; input: PurchaseInput | null }[] = [];
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i];
    if (f.every((x) => !x)) continue;
    const amount = f[col('amount_minor')];
    const brand = col('brand_id') >= 0 ? f[col('brand_id')] : '';
    out.push({
      line: i + 1,
      input:
        /^\d{1,15}$/.test(amount ?? '') && (!brand || /^\d{1,15}$/.test(brand))
          ? {
              member: f[col('member')] ?? '',
              amountMinor: Number(amount),
              currency: (f[col('currency')] ?? '').toUpperCase(),
              date: f[col('date')] ?? '',
              brandId: brand ? Number(brand) : undefined,
              externalRef: col('external_ref') >= 0 ? f[col('external_ref')] || undefined : undefined,
            }
          : null,
    });
  }
  return out;
}

/** Imported purchases and customer lifetime value per currency (docs/METRICS.md). */
@Injectable()
export class PurchasesService {
  constructor(
    private readonly db: Db,
    private readonly analytics: AnalyticsService,
  ) {}

  async importCsv(user: AuthUser, csv: string, brandId?: number): Promise<PurchaseImportDto> {
    const parsed = parsePurchaseCsv(csv);
    if (parsed.length > MAX_IMPORT_ROWS) throw invalidFields([{ field: 'csv', code: 'tooManyRows', params: { max: MAX_IMPORT_ROWS } }]);
    return this.importRows(
      user,
      parsed.map((p) => ({
        line: p.line,
        input: p.input && { ...p.input, brandId: p.input.brandId ?? brandId },
      })),
    );
  }

  async importJson(user: AuthUser, inputs: PurchaseInput[]): Promise<PurchaseImportDto> {
    return this.importRows(
      user,
      inputs.map((input, i) => ({ line: i + 1, input })),
    );
  }

  /** Valid rows are imported, the others reported by line; a known external reference is a duplicate, not a second purchase. */
  private async importRows(user: AuthUser, list: { line: number; input: PurchaseInput | null }[]): Promise<PurchaseImportDto> {
    // a member may import only for a brand they manage; admins also without a brand
    for (const { input } of list) if (input) scopeFor(user, input.brandId);
    return this.db.tx(async (em) => {
      const result: PurchaseImportDto = {
        imported: 0,
        duplicates: 0,
        errors: [],
      };
      for (const { line, input } of list) {
        const code = input ? await this.insert(em, input) : 'invalid';
        if (code === 'ok') result.imported++;
        else if (code === 'duplicate') result.duplicates++;
        else result.errors.push({ line, code });
      }
      return result;
    });
  }

  private async insert(em: EntityManager, p: PurchaseInput): Promise<'ok' | 'duplicate' | string> {
    if (!Number.isSafeInteger(p.amountMinor) || p.amountMinor <= 0) return 'amount';
    if (!CURRENCY.test(p.currency)) return 'currency';
    if (!DATE.test(p.date) || Number.isNaN(Date.parse(`${p.date}T00:00:00Z`)) || new Date(`${p.date}T00:00:00Z`).toISOString().slice(0, 10) !== p.date)
      return 'date';
    const member = p.member.trim();
    const u = /^\d{1,15}$/.test(member)
      ? await one<{ id: number }>(em, `SELECT id FROM users WHERE id = $1 AND deleted_at IS NULL`, [Number(member)])
      : await one<{ id: number }>(em, `SELECT id FROM users WHERE email = lower($1) AND deleted_at IS NULL`, [member]);
    if (!u) return 'member';
    const [r] = await rows(
      em,
      `INSERT INTO analytics_purchases (user_id, brand_id, amount_minor, currency, purchased_on, external_ref)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (external_ref) WHERE external_ref IS NOT NULL DO NOTHING RETURNING id`,
      [u.id, p.brandId ?? null, p.amountMinor, p.currency, p.date, p.externalRef?.slice(0, 80) ?? null],
    );
    return r ? 'ok' : 'duplicate';
  }

  /**
   * CLTV per currency over the purchases of the range: average purchase value × purchases per
   * customer per year × average customer lifespan in years (first to last purchase, inclusive).
   */
  async cltv(user: AuthUser, q: RangeQuery): Promise<CltvDto[]> {
    const { scope, from, to } = await this.analytics.range(user, q);
    const years = (daysBetween(from, to) + 1) / DAYS_PER_YEAR;
    const found = await rows<{
      currency: string;
      purchases: number;
      customers: number;
      revenue: string;
      span: string;
    }>(
      this.db.ds,
      `WITH c AS (
         SELECT currency, user_id, count(*) AS n, sum(amount_minor) AS amount, max(purchased_on) - min(purchased_on) + 1 AS span
           FROM analytics_purchases
          WHERE purchased_on BETWEEN $2 AND $3 AND ($1 = 0 OR brand_id = $1)
          GROUP BY currency, user_id)
       SELECT currency, sum(n)::int AS purchases, count(*)::int AS customers, sum(amount)::text AS revenue, sum(span)::text AS span
         FROM c GROUP BY currency ORDER BY currency`,
      [scope, from, to],
    );
    return found.map((r) => {
      const revenue = Number(r.revenue);
      const apv = revenue / r.purchases;
      const frequency = r.purchases / r.customers / years;
      const lifespan = Number(r.span) / r.customers / DAYS_PER_YEAR;
      return {
        currency: r.currency.trim(),
        purchases: r.purchases,
        customers: r.customers,
        revenueMinor: revenue,
        averagePurchaseMinor: Math.round(apv),
        purchaseFrequency: Math.round(frequency * 1000) / 1000,
        averageLifespan: Math.round(lifespan * 1000) / 1000,
        cltvMinor: Math.round(apv * frequency * lifespan),
      };
    });
  }
}
