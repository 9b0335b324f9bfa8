import type { AuthUser } from '../common/auth-context';
import { invalidFields, notFound } from '../common/errors';
import { canManageBrand } from '../brands/brands.service';

/**
 * The scope of a figure: 0 for the whole community (admins only), a brand id for a brand's
 * own figures (its managers and admins). Anything else is the same 404 as a missing brand.
 */
export function scopeFor(user: AuthUser, brandId: number | undefined | null): number {
  if (brandId === undefined || brandId === null) {
    if (user.role === 'admin') return 0;
    throw notFound();
  }
  if (!canManageBrand(user, brandId)) throw notFound();
  return brandId;
}

const DAY_MS = 86_400_000;

/** Whole days from `a` to `b` (YYYY-MM-DD). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

export function addDays(d: string, n: number): string {
  return new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

export const MAX_RANGE_DAYS = 1100;

/** A checked date range (inclusive), `to` defaulting to today and `from` to 29 days before it. */
export function dateRange(today: string, from?: string, to?: string): { from: string; to: string } {
  const t = to ?? today;
  const f = from ?? addDays(t, -29);
  const span = daysBetween(f, t);
  if (span < 0) throw invalidFields([{ field: 'from', code: 'dateOrder' }]);
  if (span >= MAX_RANGE_DAYS) throw invalidFields([{ field: 'from', code: 'rangeTooLong', params: { max: MAX_RANGE_DAYS } }]);
  return { from: f, to: t };
}

/** a percentage with two decimals, or null when there is nothing to divide by */
export function pct(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 100 : null;
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
