import ar from './i18n/ar.json';
import en from './i18n/en.json';
import { pickLocale, translatorFor } from './i18n';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe('message catalogs', () => {
  it('have the same keys in Arabic and English', () => {
    expect(keys(ar).sort()).toEqual(keys(en).sort());
  });

  it('use the same interpolation parameters in both languages', () => {
    const params = (s: string) => [...s.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
    const flat = (o: object, p = ''): [string, string][] =>
      Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? flat(v, `${p}${k}.`) : [[`${p}${k}`, String(v)] as [string, string]]));
    const arMap = new Map(flat(ar));
    for (const [k, v] of flat(en)) expect([k, params(arMap.get(k) ?? '')]).toEqual([k, params(v)]);
  });

  it('picks the language from Accept-Language', () => {
    expect(pickLocale('ar-SA,ar;q=0.9,en;q=0.8')).toBe('ar');
    expect(pickLocale('fr-FR,en;q=0.5')).toBe('en');
    expect(pickLocale(undefined)).toBe('en');
    expect(translatorFor('ar')('errors.not_found')).toBe('غير موجود.');
  });
});
