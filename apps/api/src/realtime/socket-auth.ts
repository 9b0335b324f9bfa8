import type { Socket } from 'socket.io';
import { SESSION_COOKIE } from '../common/auth.guard';
import { AppError, forbidden, unauthenticated } from '../common/errors';
import type { ResolvedSession, SessionService } from '../identity/session.service';

/** Reads one cookie from a Cookie header (no decoding: session tokens are URL-safe). */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

/**
 * Authenticates a socket.io handshake like the HTTP guard does:
 *  - a bearer token (`auth: { token }` or an Authorization header) decides alone;
 *  - otherwise the session cookie, and then the Origin must be the platform's own (PUBLIC_URL),
 *    so another site cannot open a socket riding on a member's cookie;
 *  - a present Origin must always be the platform's own;
 *  - suspended members are refused.
 */
export async function authenticateHandshake(socket: Socket, sessions: SessionService, publicUrl: string): Promise<ResolvedSession> {
  const h = socket.handshake;
  const origin = h.headers.origin;
  if (origin !== undefined && origin !== publicUrl) throw forbidden('errors.realtime.bad_origin');
  const authField: unknown = (h.auth as Record<string, unknown> | undefined)?.token;
  const header = h.headers.authorization;
  let session: ResolvedSession | null = null;
  if (typeof authField === 'string' || (typeof header === 'string' && header.length > 0)) {
    const m = typeof authField === 'string' ? [authField, authField] : /^Bearer\s+(\S+)$/i.exec(header ?? '');
    session = m ? await sessions.resolve(m[1], 'bearer') : null;
  } else {
    const cookie = readCookie(h.headers.cookie, SESSION_COOKIE);
    if (cookie) {
      if (origin !== publicUrl) throw forbidden('errors.realtime.bad_origin');
      session = await sessions.resolve(cookie, 'cookie');
    }
  }
  if (!session) throw unauthenticated();
  const until = session.suspendedUntil;
  if (until && until.getTime() > Date.now())
    throw new AppError(403, 'errors.auth.suspended', {
      until: until.toISOString(),
    });
  return session;
}
