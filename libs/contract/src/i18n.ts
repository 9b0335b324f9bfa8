import i18next, { type TFunction } from 'i18next';
import type { Locale } from './api';
import en from './i18n/en.json';
import ar from './i18n/ar.json';

/** Message catalogs shared by the API (errors, validation, mail) and the web app. */
export const resources = { en: { translation: en }, ar: { translation: ar } } as const;

export function pickLocale(value: string | null | undefined): Locale {
  if (!value) return 'en';
  // Accept-Language: "ar-SA,ar;q=0.9,en;q=0.8" — the first supported language wins.
  for (const part of value.split(',')) {
    const tag = part.split(';')[0].trim().toLowerCase();
    if (tag.startsWith('ar')) return 'ar';
    if (tag.startsWith('en')) return 'en';
  }
  return 'en';
}

export function isRtl(locale: Locale): boolean {
  return locale === 'ar';
}

/** One i18next instance per process; `translatorFor(locale)` is a cheap fixed-language view. */
let instance: ReturnType<typeof i18next.createInstance> | null = null;

export function i18n() {
  if (!instance) {
    instance = i18next.createInstance();
    void instance.init({
      resources,
      lng: 'en',
      fallbackLng: 'en',
      initAsync: false,
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  }
  return instance;
}

export function translatorFor(locale: Locale): TFunction {
  return i18n().getFixedT(locale);
}
