import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WalaApp } from '../app.factory';
import { referralCode } from '../common/crypto';
import { one, rows } from '../common/sql';
import type { AppConfig } from '../config/config';
import { Db } from '../database/db.service';
import { PasswordService } from '../identity/password.service';
import type { DemoContext } from './demo-context';
import { DEMO_STEPS } from './demo-steps';

export const DEMO_DOMAIN = 'demo.wala.community';

interface DemoPerson {
  key: string;
  name: string;
  locale: 'en' | 'ar';
  role: 'member' | 'moderator' | 'admin';
  tz: string;
}

const PEOPLE: DemoPerson[] = [
  { key: 'admin', name: 'Amal (Admin)', locale: 'en', role: 'admin', tz: 'Asia/Riyadh' },
  { key: 'moderator', name: 'مريم المشرفة', locale: 'ar', role: 'moderator', tz: 'Asia/Dubai' },
  { key: 'manager.qahwa', name: 'Omar — Qahwa House', locale: 'en', role: 'member', tz: 'Asia/Riyadh' },
  { key: 'manager.souq', name: 'سارة — سوق', locale: 'ar', role: 'member', tz: 'Africa/Cairo' },
  ...[
    ['layla', 'ليلى', 'ar', 'Asia/Riyadh'],
    ['youssef', 'يوسف', 'ar', 'Africa/Cairo'],
    ['noor', 'نور', 'ar', 'Asia/Amman'],
    ['khalid', 'خالد', 'ar', 'Asia/Kuwait'],
    ['huda', 'هدى', 'ar', 'Asia/Dubai'],
    ['tariq', 'طارق', 'ar', 'Africa/Casablanca'],
    ['rania', 'رانيا', 'ar', 'Asia/Beirut'],
    ['faisal', 'فيصل', 'ar', 'Asia/Riyadh'],
    ['salma', 'سلمى', 'ar', 'Africa/Tunis'],
    ['hamza', 'حمزة', 'ar', 'Asia/Baghdad'],
    ['emma', 'Emma', 'en', 'Europe/London'],
    ['liam', 'Liam', 'en', 'America/New_York'],
    ['sofia', 'Sofia', 'en', 'Europe/Madrid'],
    ['noah', 'Noah', 'en', 'America/Chicago'],
    ['mia', 'Mia', 'en', 'Europe/Berlin'],
    ['lucas', 'Lucas', 'en', 'America/Sao_Paulo'],
    ['aisha', 'Aisha', 'en', 'Asia/Karachi'],
    ['daniel', 'Daniel', 'en', 'Australia/Sydney'],
    ['zainab', 'زينب', 'ar', 'Asia/Bahrain'],
    ['adam', 'Adam', 'en', 'Europe/Paris'],
  ].map(([key, name, locale, tz]) => ({ key, name, locale: locale as 'en' | 'ar', role: 'member' as const, tz })),
];

const BRANDS = [
  {
    slug: 'qahwa-house',
    name: 'Qahwa House',
    nameAr: 'بيت القهوة',
    description: 'Specialty coffee roasters. Brewing guides, tastings and barista meetups.',
    descriptionAr: 'محمصة قهوة مختصة. أدلة تحضير وجلسات تذوق ولقاءات باريستا.',
    manager: 'manager.qahwa',
  },
  {
    slug: 'souq',
    name: 'Souq Electronics',
    nameAr: 'سوق للإلكترونيات',
    description: 'Phones, laptops and smart home. Support questions answered by our team.',
    descriptionAr: 'هواتف وحواسيب ومنزل ذكي. فريقنا يجيب عن أسئلة الدعم.',
    manager: 'manager.souq',
  },
];


export const demoEmail = (key: string) => `${key}@${DEMO_DOMAIN}`;

/**
 * Creates (or completes) the demo community. Idempotent: existing demo accounts keep their
 * passwords; new ones get random passwords, written to DATA_DIR/demo-logins.txt.
 */
export async function seedDemo(wala: WalaApp, config: AppConfig): Promise<{ logins: string[] }> {
  const db = wala.app.get(Db);
  const passwords = wala.app.get(PasswordService);
  const file = join(config.dataDir, 'demo-logins.txt');
  const known = new Map<string, string>();
  if (existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const m = /^(\S+@\S+)\s+(\S+)/.exec(line);
      if (m) known.set(m[1], m[2]);
    }
  }
  const fresh: { email: string; password: string; hash: string }[] = [];
  for (const p of PEOPLE) {
    const email = demoEmail(p.key);
    const password = randomBytes(9).toString('base64url');
    fresh.push({ email, password, hash: await passwords.hash(password) });
  }
  await db.tx(async (em) => {
    const ctx: DemoContext = { em, users: {}, brands: {}, app: wala.app };
    for (const [i, p] of PEOPLE.entries()) {
      const email = demoEmail(p.key);
      const created = await rows<{ id: number }>(
        em,
        `INSERT INTO users (email, email_verified_at, password_hash, display_name, role, locale, time_zone, referral_code, created_at)
         VALUES ($1, now(), $2, $3, $4, $5, $6, $7, now() - make_interval(days => $8))
         ON CONFLICT (email) DO NOTHING RETURNING id`,
        [email, fresh[i].hash, p.name, p.role, p.locale, p.tz, referralCode(), 120 - i * 3],
      );
      if (created.length) known.set(email, fresh[i].password);
      const u = await one<{ id: number }>(em, `SELECT id FROM users WHERE email = $1`, [email]);
      ctx.users[p.key] = u!.id;
    }
    for (const b of BRANDS) {
      await em.query(
        `INSERT INTO brands (slug, name, name_ar, description, description_ar, links)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (slug) DO NOTHING`,
        [b.slug, b.name, b.nameAr, b.description, b.descriptionAr, JSON.stringify([{ label: 'Website', url: `https://${b.slug}.example` }])],
      );
      const row = await one<{ id: number }>(em, `SELECT id FROM brands WHERE slug = $1`, [b.slug]);
      ctx.brands[b.slug] = row!.id;
      await em.query(`INSERT INTO brand_members (brand_id, user_id, role) VALUES ($1, $2, 'manager') ON CONFLICT DO NOTHING`, [
        row!.id,
        ctx.users[b.manager],
      ]);
    }
    for (const step of DEMO_STEPS) await step.run(ctx);
  });
  const logins = PEOPLE.map((p) => demoEmail(p.key)).map((e) => `${e}  ${known.get(e) ?? '(password set earlier)'}`);
  writeFileSync(file, logins.join('\n') + '\n', { mode: 0o600 });
  return { logins };
}

/** First start on an empty embedded database, or any start with --demo (never PostgreSQL by itself). */
export async function seedDemoIfWanted(wala: WalaApp, config: AppConfig, forced: boolean): Promise<void> {
  let wanted = forced;
  if (!wanted && config.embedded) {
    const n = await one<{ n: number }>(wala.db.dataSource, `SELECT count(*)::int AS n FROM users`);
    wanted = n!.n === 0;
  }
  if (!wanted) return;
  const { logins } = await seedDemo(wala, config);
  const top = logins.slice(0, 6);
  console.log(
    [
      '',
      'Demo community ready. Sign in with any of these (all logins are in ' + join(config.dataDir, 'demo-logins.txt') + '):',
      ...top.map((l) => '  ' + l),
      `  ... and ${logins.length - top.length} more members`,
      '',
    ].join('\n'),
  );
}
