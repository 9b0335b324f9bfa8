import { i18n, isRtl, pickLocale, type Locale } from '@wala/contract';

const STORAGE_KEY = 'wala.locale';

function initial(): Locale {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  if (saved === 'ar' || saved === 'en') return saved;
  return pickLocale(typeof navigator !== 'undefined' ? navigator.languages?.join(',') : 'en');
}

/** The UI language; every `t()` call re-renders when it changes. */
export const lang = $state({ locale: initial() as Locale });

export function setLocale(locale: Locale): void {
  lang.locale = locale;
  localStorage.setItem(STORAGE_KEY, locale);
  applyDocumentLocale();
}

/** `<html lang dir>` follow the language: Arabic mirrors the whole layout right-to-left. */
export function applyDocumentLocale(): void {
  document.documentElement.lang = lang.locale;
  document.documentElement.dir = isRtl(lang.locale) ? 'rtl' : 'ltr';
}

export function t(key: string, params: Record<string, unknown> = {}): string {
  return i18n().getFixedT(lang.locale)(key, params) as string;
}

export function formatDate(iso: string | Date, opts: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }): string {
  return new Intl.DateTimeFormat(lang.locale === 'ar' ? 'ar' : 'en', opts).format(new Date(iso));
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat(lang.locale === 'ar' ? 'ar' : 'en').format(n);
}
