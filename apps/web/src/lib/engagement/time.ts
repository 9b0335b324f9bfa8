import { lang } from '../i18n.svelte';

/** An event's time in its own time zone, named, in the member's language. */
export function eventTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(lang.locale === 'ar' ? 'ar' : 'en', { dateStyle: 'full', timeStyle: 'long', timeZone }).format(
    new Date(iso),
  );
}
