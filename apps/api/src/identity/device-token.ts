import { createHmac, randomBytes } from 'node:crypto';
import { safeEqual } from '../common/crypto';

/**
 * Device tokens (OWASP 'device cookie'): after a successful sign-in the client gets a signed
 * token bound to the account. Presenting it later for that same account exempts the attempt from
 * the per-account failure bucket (which anyone can fill from many IPs); such a device has its own
 * failure limit instead. The web keeps it in an httpOnly cookie, API clients in a header.
 */
export const DEVICE_COOKIE = 'wala_device';
export const DEVICE_HEADER = 'x-wala-device';
export const DEVICE_DAYS = 365;

const sign = (secret: string, body: string) =>
  createHmac('sha256', secret).update(`device:${body}`).digest('base64url');

export function issueDeviceToken(secret: string, userId: number): string {
  const body = `${userId}.${randomBytes(16).toString('base64url')}`;
  return `${body}.${sign(secret, body)}`;
}

/** The device's id when the token is genuine and bound to this account, else null. */
export function trustedDevice(
  secret: string,
  token: string | null | undefined,
  userId: number,
): string | null {
  if (!token || token.length > 200) return null;
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== String(userId)) return null;
  const body = `${parts[0]}.${parts[1]}`;
  return safeEqual(parts[2], sign(secret, body)) ? body : null;
}
