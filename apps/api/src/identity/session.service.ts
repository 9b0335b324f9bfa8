import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthContext, AuthUser } from '../common/auth-context';
import { randomToken, sha256Hex } from '../common/crypto';
import { Realtime } from '../common/realtime';
import { one, rows } from '../common/sql';
import { Db } from '../database/db.service';
import type { SessionKind } from './session.entity';

export const COOKIE_SESSION_DAYS = 30;
export const BEARER_SESSION_DAYS = 365;
const TOUCH_EVERY_MS = 60_000;

export interface ResolvedSession extends AuthContext {
  csrfToken: string | null;
  suspendedUntil: Date | null;
}

interface SessionRow {
  id: number;
  kind: SessionKind;
  csrf_token: string | null;
  last_seen_at: Date;
  user_id: number;
  email: string;
  display_name: string;
  role: AuthUser['role'];
  locale: AuthUser['locale'];
  time_zone: string;
  created_at: Date;
  email_verified_at: Date | null;
  suspended_until: Date | null;
  brands: number[];
}

/**
 * Server-side sessions. Cookie sessions and bearer tokens are rows keyed by the SHA-256 of
 * their secret; ending one is an UPDATE, effective on the next request (and on sockets, which
 * are told through the realtime bus).
 */
@Injectable()
export class SessionService implements BeforeApplicationShutdown {
  private readonly log = new Logger('SessionService');
  /** touches under way, by session id: one at a time per session, never in a request's path */
  private readonly touching = new Map<number, Promise<void>>();

  constructor(
    private readonly ds: DataSource,
    private readonly db: Db,
    private readonly realtime: Realtime,
  ) {}

  /**
   * The member was here: `users.last_seen_at` moves on, and the first time on a new day of the
   * member's own calendar `member.visited` is published (the daily-visit award, streaks, activity).
   * Called at sign-in and when a session is touched (at most once a minute per session).
   */
  async visited(em: EntityManager, userId: number): Promise<void> {
    const r = await one<{ day: string; new_day: boolean }>(
      em,
      `UPDATE users u SET last_seen_at = now()
         FROM (SELECT id, last_seen_at AS prev FROM users WHERE id = $1 FOR UPDATE) p
        WHERE u.id = p.id
        RETURNING to_char(now() AT TIME ZONE u.time_zone, 'YYYY-MM-DD') AS day,
                  (p.prev IS NULL OR (p.prev AT TIME ZONE u.time_zone)::date <> (now() AT TIME ZONE u.time_zone)::date) AS new_day`,
      [userId],
    );
    if (r?.new_day) await this.db.publish(em, 'member.visited', { userId, day: r.day });
  }

  async create(
    em: EntityManager,
    userId: number,
    kind: SessionKind,
    meta: { ip?: string | null; userAgent?: string | null },
  ): Promise<{ token: string; csrfToken: string | null; sessionId: number }> {
    const token = kind === 'bearer' ? `wala_${randomToken()}` : randomToken();
    const csrfToken = kind === 'cookie' ? randomToken() : null;
    const days = kind === 'cookie' ? COOKIE_SESSION_DAYS : BEARER_SESSION_DAYS;
    const created = await rows<{ id: number }>(
      em,
      `INSERT INTO sessions (user_id, token_hash, kind, csrf_token, ip, user_agent, last_seen_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, now(), now() + make_interval(days => $7))
       RETURNING id`,
      [userId, sha256Hex(token), kind, csrfToken, meta.ip ?? null, meta.userAgent?.slice(0, 300) ?? null, days],
    );
    return { token, csrfToken, sessionId: created[0].id };
  }

  /** The live session of a secret, with its member; null when unknown, ended or expired. */
  async resolve(token: string, kind: SessionKind): Promise<ResolvedSession | null> {
    if (!token || token.length > 200) return null;
    const found = await rows<SessionRow>(
      this.ds,
      `SELECT s.id, s.kind, s.csrf_token, s.last_seen_at,
              u.id AS user_id, u.email, u.display_name, u.role, u.locale, u.time_zone, u.created_at,
              u.email_verified_at, u.suspended_until,
              COALESCE((SELECT json_agg(bm.brand_id ORDER BY bm.brand_id) FROM brand_members bm WHERE bm.user_id = u.id), '[]') AS brands
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = $1 AND s.kind = $2 AND s.revoked_at IS NULL AND s.expires_at > now()
          AND u.deleted_at IS NULL`,
      [sha256Hex(token), kind],
    );
    const r = found[0];
    if (!r) return null;
    if (Date.now() - r.last_seen_at.getTime() > TOUCH_EVERY_MS) this.touch(r.id, r.user_id, kind);
    return {
      sessionId: r.id,
      kind: r.kind,
      csrfToken: r.csrf_token,
      suspendedUntil: r.suspended_until,
      user: {
        id: r.user_id,
        email: r.email,
        displayName: r.display_name,
        role: r.role,
        locale: r.locale,
        timeZone: r.time_zone,
        createdAt: r.created_at,
        emailVerified: r.email_verified_at !== null,
        managedBrandIds: r.brands.map(Number),
      },
    };
  }

  /**
   * The session's once-a-minute touch (sliding expiry, last seen, the day's visit) runs beside
   * the request that found it, not in its path: the request answers without waiting for a
   * commit, and concurrent requests of one session start one touch. A touch that fails (the
   * database away) changes nothing and is tried again by the session's next request, since
   * `last_seen_at` did not move.
   */
  private touch(sessionId: number, userId: number, kind: SessionKind): void {
    if (this.touching.has(sessionId)) return;
    const days = kind === 'cookie' ? COOKIE_SESSION_DAYS : BEARER_SESSION_DAYS;
    const done = this.db
      .tx(async (em) => {
        await em.query(
          `UPDATE sessions SET last_seen_at = now(), expires_at = GREATEST(expires_at, now() + make_interval(days => $2))
            WHERE id = $1 AND revoked_at IS NULL AND expires_at > now()`,
          [sessionId, days],
        );
        await this.visited(em, userId);
      })
      .catch((e: unknown) => this.log.warn(`session ${sessionId} not touched: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => this.touching.delete(sessionId));
    this.touching.set(sessionId, done);
  }

  /** Resolves once every touch started so far has ended (tests; shutdown). */
  async touched(): Promise<void> {
    await Promise.all([...this.touching.values()]);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.touched();
  }

  async revoke(em: EntityManager | DataSource, sessionId: number, reason: string): Promise<void> {
    await em.query(`UPDATE sessions SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL`, [
      sessionId,
      reason,
    ]);
    this.realtime.sessionEnded([sessionId], reason);
  }

  /** Ends every live session of a member (suspension, password change, deletion), except `keep`. */
  async revokeAll(em: EntityManager | DataSource, userId: number, reason: string, keep?: number): Promise<number[]> {
    const ended = await rows<{ id: number }>(
      em,
      `UPDATE sessions SET revoked_at = now(), revoked_reason = $2
        WHERE user_id = $1 AND revoked_at IS NULL AND ($3::bigint IS NULL OR id <> $3)
        RETURNING id`,
      [userId, reason, keep ?? null],
    );
    const ids = ended.map((r) => r.id);
    this.realtime.sessionEnded(ids, reason);
    return ids;
  }
}
