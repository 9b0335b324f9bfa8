import i18next, { type TFunction } from 'i18next';
import type { Locale } from './api';
import coreAr from './i18n/core.ar.json';
import coreEn from './i18n/core.en.json';
import webAr from './i18n/web.ar.json';
import webEn from './i18n/web.en.json';
import loyaltyAr from './i18n/loyalty.ar.json';
import loyaltyEn from './i18n/loyalty.en.json';
import chatAr from './i18n/chat.ar.json';
import chatEn from './i18n/chat.en.json';
import forumAr from './i18n/forum.ar.json';
import forumEn from './i18n/forum.en.json';
import engagementAr from './i18n/engagement.ar.json';
import engagementEn from './i18n/engagement.en.json';
import rewardsAr from './i18n/rewards.ar.json';
import rewardsEn from './i18n/rewards.en.json';
import analyticsAr from './i18n/analytics.ar.json';
import analyticsEn from './i18n/analytics.en.json';

/**
 * Message catalogs shared by the API (errors, validation, mail) and the web app. Each area keeps
 * its own pair of files (`<area>.en.json`, `<area>.ar.json`) with keys under its own names
 * (`errors.forum.*`, `web.forum.*`); they are deep-merged here. Add a pair to CATALOGS.
 */
export const CATALOGS: { name: string; en: object; ar: object }[] = [
  { name: 'core', en: coreEn, ar: coreAr },
  { name: 'web', en: webEn, ar: webAr },
  { name: 'loyalty', en: loyaltyEn, ar: loyaltyAr },
  { name: 'chat', en: chatEn, ar: chatAr },
  { name: 'forum', en: forumEn, ar: forumAr },
  { name: 'engagement', en: engagementEn, ar: engagementAr },
  { name: 'rewards', en: rewardsEn, ar: rewardsAr },
  { name: 'analytics', en: analyticsEn, ar: analyticsAr },
];

type Tree = { [k: string]: string | Tree };

function deepMerge(into: Tree, from: Tree): Tree {
  for (const [k, v] of Object.entries(from)) {
    if (typeof v === 'object' && v && typeof into[k] === 'object') deepMerge(into[k] as Tree, v);
    else into[k] = typeof v === 'object' ? deepMerge({}, v) : v;
  }
  return into;
}

const merged = (loc: Locale) => CATALOGS.reduce((acc, c) => deepMerge(acc, c[loc] as Tree), {} as Tree);

export const resources = { en: { translation: merged('en') }, ar: { translation: merged('ar') } };

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
