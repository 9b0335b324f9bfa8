import { Inject, Injectable } from '@nestjs/common';
import type { Locale, UserDto } from '@wala/contract';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-context';
import { randomToken, referralCode, sha256Hex } from '../common/crypto';
import { AppError, badRequest, conflict, invalidFields } from '../common/errors';
import { RateLimitService } from '../common/rate-limit.service';
import { one, rows } from '../common/sql';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { Db } from '../database/db.service';
import { MailService } from '../mail/mail.service';
import type { RegisterDto } from './identity.dto';
import { issueDeviceToken, trustedDevice } from './device-token';
import { PasswordService } from './password.service';
import { SessionService } from './session.service';
import type { SessionKind } from './session.entity';
import type { TokenPurpose } from './one-time-token.entity';
import { UsersService } from './users.service';

export interface ClientMeta {
  ip: string;
  userAgent: string | null;
  /** the device token presented (cookie or header), see device-token.ts */
  device?: string | null;
}

export interface IssuedSession {
  user: UserDto;
  token: string;
  csrfToken: string | null;
  sessionId: number;
  /** a fresh device token after a password sign-in */
  deviceToken?: string;
}

const VERIFY_HOURS = 48;
const RESET_MINUTES = 60;

@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: Db,
    private readonly passwords: PasswordService,
    private readonly sessions: SessionService,
    private readonly users: UsersService,
    private readonly limits: RateLimitService,
    private readonly mail: MailService,
    private readonly audit: AuditService,
  ) {}

  async register(dto: RegisterDto, meta: ClientMeta, replacesSessionId?: number): Promise<IssuedSession> {
    await this.limits.consume('register', meta.ip);
    const hash = await this.passwords.hash(dto.password);
    const issued = await this.db.tx(async (em) => {
      let referredById: number | null = null;
      if (dto.referralCode) {
        const ref = await one<{ id: number }>(em, `SELECT id FROM users WHERE referral_code = $1 AND deleted_at IS NULL`, [
          dto.referralCode.toUpperCase(),
        ]);
        if (!ref) throw invalidFields([{ field: 'referralCode', code: 'referralUnknown' }]);
        referredById = ref.id;
      }
      const created = await rows<{ id: number }>(
        em,
        `INSERT INTO users (email, password_hash, display_name, locale, referral_code, referred_by_id)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (email) DO NOTHING RETURNING id`,
        [dto.email, hash, dto.displayName, dto.locale ?? 'en', await this.freeReferralCode(em), referredById],
      );
      if (!created.length) throw conflict('errors.auth.email_taken');
      const userId = created[0].id;
      await this.sendVerification(em, userId, dto.email, dto.displayName, dto.locale ?? 'en');
      await this.db.publish(em, 'member.registered', { userId, referredById });
      if (replacesSessionId) await this.sessions.revoke(em, replacesSessionId, 'rotated');
      const s = await this.sessions.create(em, userId, 'cookie', meta);
      return { ...s, user: await this.users.me(userId, em) };
    });
    void this.mail.flush();
    return issued;
  }

  private async freeReferralCode(em: EntityManager): Promise<string> {
    for (;;) {
      const code = referralCode();
      const taken = await one(em, `SELECT 1 FROM users WHERE referral_code = $1`, [code]);
      if (!taken) return code;
    }
  }

  /**
   * Password sign-in with layered limits: per IP (all attempts), per account+IP (consecutive
   * failures, reset by a success) and per account (failures from anywhere). Every block is
   * temporary. A device that signed in to this account before (a valid device token) skips the
   * two account buckets, which an attacker with many IPs could keep full, and is limited by its
   * own failure bucket instead: the victim's own browser still signs in during an attack.
   */
  async login(
    email: string,
    password: string,
    kind: SessionKind,
    meta: ClientMeta,
    replacesSessionId?: number,
  ): Promise<IssuedSession> {
    const accountIp = `${email}|${meta.ip}`;
    await this.limits.consume('login-ip', meta.ip);
    const user = await one<{ id: number; password_hash: string | null; suspended_until: Date | null }>(
      this.db.ds,
      `SELECT id, password_hash, suspended_until FROM users WHERE email = $1 AND deleted_at IS NULL`,
      [email],
    );
    const device = user ? trustedDevice(this.config.sessionSecret, meta.device, user.id) : null;
    if (device) {
      await this.limits.check('login-fail-device', device);
    } else {
      await this.limits.check('login-fail-account-ip', accountIp);
      await this.limits.check('login-fail-account', email);
    }
    const ok = await this.passwords.verify(user?.password_hash ?? null, password);
    if (!user || !ok) {
      if (device) {
        await this.limits.consume('login-fail-device', device);
      } else {
        await this.limits.consume('login-fail-account-ip', accountIp);
        await this.limits.consume('login-fail-account', email);
      }
      throw new AppError(401, 'errors.auth.invalid_credentials');
    }
    await this.limits.reset(device ? 'login-fail-device' : 'login-fail-account-ip', device ?? accountIp);
    if (user.suspended_until && user.suspended_until.getTime() > Date.now()) {
      throw new AppError(403, 'errors.auth.suspended', { until: user.suspended_until.toISOString() });
    }
    const deviceToken = issueDeviceToken(this.config.sessionSecret, user.id);
    return this.db.tx(async (em) => {
      if (replacesSessionId) await this.sessions.revoke(em, replacesSessionId, 'rotated');
      const s = await this.sessions.create(em, user.id, kind, meta);
      await this.sessions.visited(em, user.id);
      return { ...s, deviceToken, user: await this.users.me(user.id, em) };
    });
  }

  async logout(sessionId: number): Promise<void> {
    await this.sessions.revoke(this.db.ds, sessionId, 'logout');
  }

  async changePassword(user: AuthUser, currentSessionId: number, current: string, next: string): Promise<void> {
    const u = await this.users.getEntity(user.id);
    if (!(await this.passwords.verify(u.passwordHash, current))) {
      throw invalidFields([{ field: 'currentPassword', code: 'wrongPassword' }]);
    }
    const hash = await this.passwords.hash(next);
    await this.db.tx(async (em) => {
      await em.query(`UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1`, [user.id, hash]);
      // every other session (and every API token) ends; the caller's own session continues
      await this.sessions.revokeAll(em, user.id, 'password-changed', currentSessionId);
      await this.audit.record(em, { actorId: user.id, action: 'account.password', targetType: 'user', targetId: user.id });
    });
  }

  // --- emailed one-time tokens -------------------------------------------------------------

  private async issueToken(em: EntityManager, userId: number, purpose: TokenPurpose, minutes: number) {
    const token = randomToken();
    await em.query(`UPDATE one_time_tokens SET used_at = now() WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`, [
      userId,
      purpose,
    ]);
    await em.query(
      `INSERT INTO one_time_tokens (user_id, purpose, token_hash, expires_at) VALUES ($1, $2, $3, now() + make_interval(mins => $4))`,
      [userId, purpose, sha256Hex(token), minutes],
    );
    return token;
  }

  /** Takes a token exactly once: a conditional UPDATE, so two concurrent uses cannot both succeed. */
  private async consumeToken(em: EntityManager, token: string, purpose: TokenPurpose): Promise<number | null> {
    const used = await rows<{ user_id: number }>(
      em,
      `UPDATE one_time_tokens SET used_at = now()
        WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
        RETURNING user_id`,
      [sha256Hex(token), purpose],
    );
    return used[0]?.user_id ?? null;
  }

  private async sendVerification(em: EntityManager, userId: number, email: string, name: string, locale: Locale) {
    const token = await this.issueToken(em, userId, 'verify-email', VERIFY_HOURS * 60);
    const link = `${this.config.publicUrl}/verify-email?token=${encodeURIComponent(token)}`;
    await this.mail.queueTemplate(em, email, locale, 'verify', { name, link });
  }

  async resendVerification(user: AuthUser): Promise<void> {
    if (user.emailVerified) return;
    await this.limits.consume('reset-account', `verify:${user.id}`);
    await this.db.tx((em) => this.sendVerification(em, user.id, user.email, user.displayName, user.locale));
    void this.mail.flush();
  }

  async verifyEmail(token: string): Promise<void> {
    await this.db.tx(async (em) => {
      const userId = await this.consumeToken(em, token, 'verify-email');
      if (!userId) throw badRequest('errors.auth.verify_invalid');
      const changed = await rows(em, `UPDATE users SET email_verified_at = now() WHERE id = $1 AND email_verified_at IS NULL RETURNING id`, [
        userId,
      ]);
      if (changed.length) await this.db.publish(em, 'member.email_verified', { userId });
    });
  }

  /** Always answers the same way, whether or not the address has an account. */
  async requestPasswordReset(email: string, meta: ClientMeta): Promise<void> {
    await this.limits.consume('reset-ip', meta.ip);
    await this.limits.consume('reset-account', email);
    await this.db.tx(async (em) => {
      const u = await one<{ id: number; display_name: string; locale: Locale }>(
        em,
        `SELECT id, display_name, locale FROM users WHERE email = $1 AND deleted_at IS NULL`,
        [email],
      );
      if (!u) return;
      const token = await this.issueToken(em, u.id, 'reset-password', RESET_MINUTES);
      const link = `${this.config.publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
      await this.mail.queueTemplate(em, email, u.locale, 'reset', { name: u.display_name, link });
    });
    void this.mail.flush();
  }

  async confirmPasswordReset(token: string, password: string): Promise<void> {
    const hash = await this.passwords.hash(password);
    await this.db.tx(async (em) => {
      const userId = await this.consumeToken(em, token, 'reset-password');
      if (!userId) throw badRequest('errors.auth.reset_invalid');
      await em.query(`UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1`, [userId, hash]);
      await this.sessions.revokeAll(em, userId, 'password-reset');
      await this.audit.record(em, { actorId: userId, action: 'account.password_reset', targetType: 'user', targetId: userId });
    });
  }
}
