import { randomBytes } from 'node:crypto';
import type { Role } from '@wala/contract';
import { referralCode } from '../../apps/api/src/common/crypto';
import { rows } from '../../apps/api/src/common/sql';
import { Db } from '../../apps/api/src/database/db.service';
import { PasswordService } from '../../apps/api/src/identity/password.service';
import { SessionService } from '../../apps/api/src/identity/session.service';
import type { TestApp } from './app';
import { Client } from './client';

export const PASSWORD = 'correct horse battery staple';
let hashed: Promise<string> | null = null;

export interface Member {
  id: number;
  email: string;
  displayName: string;
  /** a client signed in with a bearer token */
  api: Client;
}

let n = 0;

/**
 * A member created straight in the database (fast, and without spending the register rate
 * limit), with a bearer-token client. `cookieClient(app, m)` gives a browser-like one.
 */
export async function makeMember(
  app: TestApp,
  o: { role?: Role; displayName?: string; email?: string; locale?: 'en' | 'ar'; createdDaysAgo?: number; verified?: boolean } = {},
): Promise<Member> {
  hashed ??= app.get(PasswordService).hash(PASSWORD);
  const db = app.get(Db);
  n++;
  const email = o.email ?? `m${n}-${randomBytes(3).toString('hex')}@example.com`;
  const displayName = o.displayName ?? `Member ${n}`;
  const [u] = await rows<{ id: number }>(
    db.ds,
    `INSERT INTO users (email, password_hash, display_name, role, locale, referral_code, email_verified_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7 THEN now() END, now() - make_interval(days => $8)) RETURNING id`,
    [email, await hashed, displayName, o.role ?? 'member', o.locale ?? 'en', referralCode(), o.verified ?? true, o.createdDaysAgo ?? 60],
  );
  const s = await app.get(SessionService).create(db.ds.manager, u.id, 'bearer', { ip: '127.0.0.1', userAgent: 'jest' });
  const api = new Client(app.url);
  api.bearer = s.token;
  return { id: u.id, email, displayName, api };
}

/** A cookie-session client for a member, as the web app holds it (cookie + CSRF token). */
export async function cookieClient(app: TestApp, m: { id: number }): Promise<Client> {
  const s = await app.get(SessionService).create(app.get(Db).ds.manager, m.id, 'cookie', { ip: '127.0.0.1', userAgent: 'jest' });
  const c = new Client(app.url);
  c.cookie = `wala_session=${s.token}`;
  c.csrf = s.csrfToken;
  return c;
}

export async function makeBrand(app: TestApp, managerIds: number[] = [], slug?: string): Promise<{ id: number; slug: string }> {
  const db = app.get(Db);
  const s = slug ?? `brand-${randomBytes(3).toString('hex')}`;
  const [b] = await rows<{ id: number }>(
    db.ds,
    `INSERT INTO brands (slug, name, name_ar) VALUES ($1, $2, $3) RETURNING id`,
    [s, `Brand ${s}`, `علامة ${s}`],
  );
  for (const id of managerIds) {
    await db.ds.query(`INSERT INTO brand_members (brand_id, user_id, role) VALUES ($1, $2, 'manager')`, [b.id, id]);
  }
  return { id: b.id, slug: s };
}

export const anonymous = (app: TestApp) => new Client(app.url);
