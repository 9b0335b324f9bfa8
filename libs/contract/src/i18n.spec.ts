import { CATALOGS, pickLocale, translatorFor } from './i18n';

type Tree = { [k: string]: string | Tree };
const flat = (o: Tree, p = ''): [string, string][] =>
  Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? flat(v, `${p}${k}.`) : [[`${p}${k}`, v] as [string, string]]));
const params = (s: string) => [...s.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();

describe('message catalogs', () => {
  it.each(CATALOGS.map((c) => [c.name, c] as const))('%s has the same keys and parameters in Arabic and English', (_, c) => {
    const en = flat(c.en as Tree);
    const ar = new Map(flat(c.ar as Tree));
    expect([...ar.keys()].sort()).toEqual(en.map(([k]) => k).sort());
    for (const [k, v] of en) expect([k, params(ar.get(k) ?? '')]).toEqual([k, params(v)]);
  });

  it('has no key defined by two catalogs', () => {
    const seen = new Map<string, string>();
    const dupes: string[] = [];
    for (const c of CATALOGS) for (const [k] of flat(c.en as Tree)) {
      if (seen.has(k)) dupes.push(`${k} (${seen.get(k)}, ${c.name})`);
      seen.set(k, c.name);
    }
    expect(dupes).toEqual([]);
  });

  it('picks the language from Accept-Language', () => {
    expect(pickLocale('ar-SA,ar;q=0.9,en;q=0.8')).toBe('ar');
    expect(pickLocale('fr-FR,en;q=0.5')).toBe('en');
    expect(pickLocale(undefined)).toBe('en');
    expect(translatorFor('ar')('errors.not_found')).toBe('غير موجود.');
    expect(translatorFor('en')('web.nav.home')).toBe('Home');
  });
});
