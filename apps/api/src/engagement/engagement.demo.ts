import { initialListHash, sha256Hex } from '@wala/contract';
import { randomBytes } from 'node:crypto';
import { one } from '../common/sql';
import type { DemoContext, DemoStep } from '../demo/demo-context';
import { Db } from '../database/db.service';

const DAY = 86_400_000;

interface Seed {
  slug: string;
  challenge: { title: string; titleAr: string; tag: string };
  event: { title: string; titleAr: string; location: string };
  giveaway: { title: string; titleAr: string; prize: string; prizeAr: string };
}

const SEEDS: Seed[] = [
  {
    slug: 'qahwa-house',
    challenge: { title: 'Share three brewing tips', titleAr: 'شارك ثلاث نصائح للتحضير', tag: 'brewing' },
    event: { title: 'Latte art evening', titleAr: 'أمسية فن اللاتيه', location: 'Qahwa House, Olaya St., Riyadh' },
    giveaway: { title: 'A year of coffee', titleAr: 'قهوة سنة كاملة', prize: 'One bag of beans a month for a year', prizeAr: 'كيس بن كل شهر لمدة سنة' },
  },
  {
    slug: 'souq',
    challenge: { title: 'Review two products', titleAr: 'قيّم منتجين', tag: 'review' },
    event: { title: 'Online flash sale preview', titleAr: 'معاينة التخفيضات عبر الإنترنت', location: '' },
    giveaway: { title: 'Souq gift card', titleAr: 'بطاقة هدايا سوق', prize: 'A 500 SAR gift card', prizeAr: 'بطاقة هدايا بقيمة 500 ريال' },
  },
];

/** A challenge, an event and a giveaway for each demo brand (idempotent: skipped when present). */
export const ENGAGEMENT_DEMO: DemoStep = {
  name: 'engagement',
  async run({ em, brands, users, app }: DemoContext) {
    const db = app.get(Db);
    const now = Date.now();
    for (const s of SEEDS) {
      const brandId = brands[s.slug];
      if (!brandId) continue;
      const author = users[`manager.${s.slug === 'qahwa-house' ? 'qahwa' : s.slug}`] ?? users.admin ?? null;

      if (!(await one(em, `SELECT 1 FROM challenges WHERE brand_id = $1 AND title = $2`, [brandId, s.challenge.title]))) {
        const c = await one<{ id: number }>(
          em,
          `INSERT INTO challenges (brand_id, title, title_ar, description, description_ar, kind, scope, steps, points, starts_at, ends_at, created_by)
           VALUES ($1, $2, $3, $4, $5, 'action', 'individual', $6, 50, $7, $8, $9) RETURNING id`,
          [
            brandId,
            s.challenge.title,
            s.challenge.titleAr,
            `Post with the #${s.challenge.tag} tag three times this month.`,
            `انشر بوسم #${s.challenge.tag} ثلاث مرات هذا الشهر.`,
            JSON.stringify([{ action: 'post.created', count: 3, categoryId: null, tag: s.challenge.tag }]),
            new Date(now - DAY),
            new Date(now + 30 * DAY),
            author,
          ],
        );
        await db.publish(em, 'challenge.created', { challengeId: c!.id, brandId, title: s.challenge.title });
      }

      if (!(await one(em, `SELECT 1 FROM brand_events WHERE brand_id = $1 AND title = $2`, [brandId, s.event.title]))) {
        const online = !s.event.location;
        const startsAt = new Date(now + 7 * DAY);
        const e = await one<{ id: number }>(
          em,
          `INSERT INTO brand_events (brand_id, title, title_ar, mode, location, online_url, time_zone, starts_at, ends_at, capacity,
                                     rsvp_opens_at, check_in_opens_at, check_in_closes_at, check_in_points, secret, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, 'Asia/Riyadh', $7, $8, $9, now(), $10, $8, 20, $11, $12) RETURNING id`,
          [
            brandId,
            s.event.title,
            s.event.titleAr,
            online ? 'online' : 'in_person',
            s.event.location,
            online ? 'https://example.com/live' : null,
            startsAt,
            new Date(startsAt.getTime() + 2 * 3_600_000),
            online ? null : 30,
            new Date(startsAt.getTime() - 30 * 60_000),
            randomBytes(32).toString('hex'),
            author,
          ],
        );
        await db.publish(em, 'event.created', { eventId: e!.id, brandId, title: s.event.title, titleAr: s.event.titleAr });
      }

      if (!(await one(em, `SELECT 1 FROM giveaways WHERE brand_id = $1 AND title = $2`, [brandId, s.giveaway.title]))) {
        const seed = randomBytes(32);
        const seedHash = await sha256Hex(seed);
        const g = await one<{ id: number }>(
          em,
          `INSERT INTO giveaways (brand_id, title, title_ar, prize, prize_ar, opens_at, closes_at, winners_count, alternates_count, seed, seed_hash, head_hash, created_by)
           VALUES ($1, $2, $3, $4, $5, now(), $6, 1, 2, $7, $8, '', $9) RETURNING id`,
          [brandId, s.giveaway.title, s.giveaway.titleAr, s.giveaway.prize, s.giveaway.prizeAr, new Date(now + 14 * DAY), seed.toString('hex'), seedHash, author],
        );
        await em.query(`UPDATE giveaways SET head_hash = $2 WHERE id = $1`, [g!.id, await initialListHash(g!.id, seedHash)]);
      }
    }
  },
};
