import { checkInCode, codeMatches, windowAt } from './check-in-code';

const SECRET = 'ab'.repeat(32);

describe('rotating check-in codes', () => {
  it('are 6 digits, change every minute and differ per event', () => {
    const t = Date.UTC(2026, 10, 25, 12, 0, 30);
    const w = windowAt(t);
    const a = checkInCode(SECRET, 1, w);
    expect(a).toMatch(/^\d{6}$/);
    expect(checkInCode(SECRET, 1, w + 1)).not.toBe(a);
    expect(checkInCode(SECRET, 2, w)).not.toBe(a);
  });

  it('are accepted in their minute and the next, then expire', () => {
    const t = Date.UTC(2026, 10, 25, 12, 0, 30);
    const code = checkInCode(SECRET, 9, windowAt(t));
    expect(codeMatches(SECRET, 9, code, t)).toBe(true);
    expect(codeMatches(SECRET, 9, code, t + 60_000)).toBe(true);
    expect(codeMatches(SECRET, 9, code, t + 120_000)).toBe(false);
    expect(codeMatches(SECRET, 10, code, t)).toBe(false);
    expect(codeMatches('cd'.repeat(32), 9, code, t)).toBe(false);
  });
});
