import { cook, hasLink, mentionTokens, normalizeSearch, plainText } from './text';

describe('forum text', () => {
  it('normalizes Arabic diacritics, alef/hamza variants, ta marbuta, alef maqsura and tatweel', () => {
    expect(normalizeSearch('مَدْرَسَةٌ')).toBe(normalizeSearch('مدرسه'));
    expect(normalizeSearch('أحمد')).toBe('احمد');
    expect(normalizeSearch('إسلام آمن ٱسم')).toBe('اسلام امن اسم');
    expect(normalizeSearch('القهوة والشاي بالحليب')).toBe('قهوه شاي حليب');
    expect(normalizeSearch('قهــــوة')).toBe('قهوه');
    expect(normalizeSearch('الإسبريسو')).toBe(normalizeSearch('اسبريسو'));
    expect(normalizeSearch('مستشفى')).toBe('مستشفي');
    expect(normalizeSearch('مسؤول بئر')).toBe('مسوول بير');
    expect(normalizeSearch('COFFEE ١٢٣')).toBe('coffee 123');
  });

  it('cooks markdown into sanitized HTML: scripts, handlers and javascript: links are inert', () => {
    const html = cook('**hi** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)> <svg onload=alert(1)>');
    expect(html).toContain('<strong>hi</strong>');
    expect(html).not.toMatch(/<script|<img|<svg|href="javascript|<[^>]*\son\w+=/i);
    expect(cook('[site](https://example.com)')).toContain('rel="nofollow ugc noopener noreferrer"');
  });

  it('finds links and mentions, and plain text', () => {
    expect(hasLink('see https://example.com')).toBe(true);
    expect(hasLink('[a](http://x.io)')).toBe(true);
    expect(hasLink('no links here')).toBe(false);
    expect(mentionTokens('hi @Layla and @ليلى, not a@b.com `@code`')).toEqual(['layla', 'ليلى']);
    expect(plainText('# Title\n\n**bold** & <b>')).toBe('Title bold & <b>');
  });
});
