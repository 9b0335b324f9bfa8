import { Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { SessionService, type ResolvedSession } from '../identity/session.service';
import { ACCESS_KEY, type AccessPolicy } from './access';
import type { AuthContext } from './auth-context';
import { safeEqual } from './crypto';
import { AppError, forbidden, unauthenticated } from './errors';

export const SESSION_COOKIE = 'wala_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

type Req = FastifyRequest & { auth?: AuthContext; cookies: Record<string, string | undefined> };

/**
 * The one guard in front of every route:
 *  1. the route must declare an access policy (fail closed);
 *  2. `Authorization: Bearer` decides alone (cookies are then ignored); otherwise the session
 *     cookie, and a cookie-authenticated write must carry the session's X-CSRF-Token;
 *  3. suspended members are refused on member routes.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly log = new Logger('AuthGuard');

  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true; // sockets authenticate in the gateway
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]);
    const req = context.switchToHttp().getRequest<Req>();
    if (!policy) {
      this.log.error(`route ${req.method} ${req.routeOptions?.url} has no access policy`);
      throw new AppError(500, 'errors.internal', { requestId: String(req.id) });
    }
    const isPublic = policy.kind === 'public';
    const session = await this.authenticate(req, isPublic);
    if (session) {
      const until = session.suspendedUntil;
      if (until && until.getTime() > Date.now()) {
        if (isPublic) return true; // a suspended member browses public pages as a visitor
        throw forbidden('errors.auth.suspended', { until: until.toISOString() });
      }
      req.auth = { user: session.user, sessionId: session.sessionId, kind: session.kind };
    }
    if (isPublic) return true;
    if (!req.auth) throw unauthenticated();
    if (policy.kind === 'roles' && !policy.roles.includes(req.auth.user.role)) throw forbidden();
    return true;
  }

  private async authenticate(req: Req, isPublic: boolean): Promise<ResolvedSession | null> {
    const header = req.headers.authorization;
    if (typeof header === 'string' && header.length > 0) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      const s = m ? await this.sessions.resolve(m[1], 'bearer') : null;
      if (!s && !isPublic) throw unauthenticated();
      return s;
    }
    const cookie = req.cookies?.[SESSION_COOKIE];
    if (!cookie) return null;
    const s = await this.sessions.resolve(cookie, 'cookie');
    if (!s) return null;
    if (!SAFE_METHODS.has(req.method)) {
      const token = req.headers['x-csrf-token'];
      const ok = typeof token === 'string' && s.csrfToken !== null && safeEqual(token, s.csrfToken);
      if (!ok) {
        if (isPublic) return null; // e.g. a login form posted with a stale cookie: act as a visitor
        throw forbidden('errors.csrf');
      }
    }
    return s;
  }
}
