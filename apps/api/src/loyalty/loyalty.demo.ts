import type { DemoContext, DemoStep } from '../demo/demo-context';
import { PointsWallet } from '../common/points-wallet';
import { rows } from '../common/sql';
import { BadgesService } from './badges.service';
import { reasonKey } from './earning.service';
import type { LedgerService } from './ledger.service';

const TIERS = [
  { name: 'Bronze', nameAr: 'برونزي', min: 0, pct: 100, color: '#b08d57', perks: [{ en: 'Welcome gifts', ar: 'هدايا ترحيبية' }] },
  { name: 'Silver', nameAr: 'فضي', min: 500, pct: 110, color: '#9ea7b3', perks: [{ en: '10% more points', ar: 'نقاط أكثر بنسبة ١٠٪' }] },
  { name: 'Gold', nameAr: 'ذهبي', min: 2000, pct: 125, color: '#d4a017', perks: [{ en: '25% more points', ar: 'نقاط أكثر بنسبة ٢٥٪' }, { en: 'Early event RSVP', ar: 'حجز مبكر للفعاليات' }] },
  { name: 'Platinum', nameAr: 'بلاتيني', min: 5000, pct: 150, color: '#6c7a89', perks: [{ en: '50% more points', ar: 'نقاط أكثر بنسبة ٥٠٪' }, { en: 'Members-only rewards', ar: 'مكافآت حصرية للأعضاء' }] },
];

const RULES: [string, number, number | null][] = [
  ['topic.created', 10, 5],
  ['post.replied', 5, 20],
  ['reaction.received', 1, 50],
  ['post.accepted', 25, null],
  ['post.featured', 50, null],
  ['member.visited', 2, 1],
  ['chat.message_sent', 1, 20],
  ['challenge.completed', 20, null],
  ['event.checked_in', 15, null],
  ['survey.answered', 5, null],
  ['referral.signed_up', 100, null],
  ['referral.first_post', 50, null],
  ['member.profile_completed', 20, null],
  ['member.birthday', 100, null],
];

const BADGES = [
  { slug: 'first-topic', name: 'First topic', nameAr: 'أول موضوع', criteria: { type: 'count', action: 'topic.created', n: 1 } },
  { slug: 'conversationalist', name: 'Conversationalist', nameAr: 'محاور', criteria: { type: 'count', action: 'post.replied', n: 25 } },
  { slug: 'week-streak', name: 'Seven-day streak', nameAr: 'سلسلة سبعة أيام', criteria: { type: 'streak', days: 7 } },
  { slug: 'challenger', name: 'Challenger', nameAr: 'متحدٍّ', criteria: { type: 'challenge', challengeId: null } },
  { slug: 'founding-member', name: 'Founding member', nameAr: 'عضو مؤسس', criteria: { type: 'manual' } },
];

/** Demo members' earned history: [member key, action, times, points each]. */
const HISTORY: [string, string, number, number][] = [
  ['layla', 'challenge.completed', 6, 100],
  ['layla', 'topic.created', 8, 10],
  ['layla', 'post.replied', 10, 5],
  ['layla', 'post.accepted', 4, 25],
  ['emma', 'challenge.completed', 20, 100],
  ['emma', 'topic.created', 5, 10],
  ['youssef', 'post.replied', 12, 5],
  ['youssef', 'event.checked_in', 4, 50],
  ['noor', 'topic.created', 6, 10],
  ['liam', 'reaction.received', 15, 1],
  ['sofia', 'event.checked_in', 3, 50],
  ['khalid', 'chat.message_sent', 10, 1],
  ['aisha', 'post.featured', 3, 50],
  ['huda', 'member.visited', 7, 2],
  ['noah', 'survey.answered', 4, 5],
];

/** Tiers, earning rules, a Customer Day campaign, badges, and points for the demo members. */
export const LOYALTY_DEMO: DemoStep = {
  name: 'loyalty',
  async run({ em, users, app }: DemoContext) {
    for (const t of TIERS) {
      await em.query(
        `INSERT INTO loyalty_tiers (name, name_ar, min_points, multiplier_pct, perks, color) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (min_points) DO NOTHING`,
        [t.name, t.nameAr, t.min, t.pct, JSON.stringify(t.perks), t.color],
      );
    }
    for (const [action, points, cap] of RULES) {
      await em.query(
        `INSERT INTO earning_rules (action, points, daily_cap) SELECT $1::varchar, $2::int, $3::int WHERE NOT EXISTS (SELECT 1 FROM earning_rules WHERE action = $1::varchar)`,
        [action, points, cap],
      );
    }
    // "double points on International Customer Day, 19 March" (the next one)
    await em.query(
      `INSERT INTO points_campaigns (name, name_ar, multiplier_pct, starts_at, ends_at)
       SELECT 'International Customer Day', 'اليوم العالمي للعملاء', 200, d, d + interval '1 day'
         FROM (SELECT CASE WHEN make_date(extract(year FROM now())::int, 3, 19) > now()::date
                           THEN make_date(extract(year FROM now())::int, 3, 19) ELSE make_date(extract(year FROM now())::int + 1, 3, 19) END::timestamptz AS d) x
        WHERE NOT EXISTS (SELECT 1 FROM points_campaigns WHERE name = 'International Customer Day')`,
    );
    for (const b of BADGES) {
      await em.query(`INSERT INTO badges (slug, name, name_ar, criteria) VALUES ($1, $2, $3, $4) ON CONFLICT (slug) DO NOTHING`, [
        b.slug,
        b.name,
        b.nameAr,
        JSON.stringify(b.criteria),
      ]);
    }
    const ledger = app.get<PointsWallet, LedgerService>(PointsWallet);
    const badges = app.get(BadgesService);
    const slugs = new Map((await rows<{ id: number; slug: string }>(em, `SELECT id, slug FROM badges`)).map((b) => [b.slug, b.id]));
    for (const [key, action, times, points] of HISTORY) {
      const userId = users[key];
      if (!userId) continue;
      for (let i = 1; i <= times; i++) {
        // demo history: a fixed source per (member, action, i), so seeding again awards nothing more
        await ledger.award(em, { userId, points, rule: action, sourceType: 'demo', sourceId: i, brandId: null, reason: reasonKey(action) });
      }
      await badges.onAward(em, userId, action);
    }
    for (const key of ['layla', 'emma', 'youssef']) if (users[key]) await badges.grant(em, slugs.get('founding-member')!, users[key], { reason: 'demo' });
  },
};
