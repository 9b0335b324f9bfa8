import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Rotating check-in codes (docs/ENGAGEMENT.md): the minute window w = floor(unix seconds / 60);
 * code = the first 4 bytes of HMAC-SHA256(event secret, "<eventId>:<w>") as an unsigned
 * big-endian integer, mod 10^6, as 6 digits. A code is accepted in its own minute and the next one.
 */
export const CODE_WINDOW_SECONDS = 60;

export const windowAt = (ms: number) => Math.floor(ms / 1000 / CODE_WINDOW_SECONDS);

export function checkInCode(secretHex: string, eventId: number, window: number): string {
  const mac = createHmac('sha256', Buffer.from(secretHex, 'hex')).update(`${eventId}:${window}`).digest();
  return String(mac.readUInt32BE(0) % 1_000_000).padStart(6, '0');
}

export function codeMatches(secretHex: string, eventId: number, code: string, nowMs: number): boolean {
  const w = windowAt(nowMs);
  let ok = false;
  for (const candidate of [w, w - 1]) {
    const expected = Buffer.from(checkInCode(secretHex, eventId, candidate));
    const given = Buffer.from(code.padEnd(6).slice(0, 6));
    if (timingSafeEqual(expected, given)) ok = true;
  }
  return ok;
}
