import type { EntityManager } from 'typeorm';
import { one, rows } from '../common/sql';
import { Db } from '../database/db.service';
import type { DemoContext, DemoStep } from '../demo/demo-context';
import { PostsService } from './posts.service';
import { cook, normalizeSearch, SEARCH_CONFIG, plainText } from './text';

interface DemoCategory {
  slug: string;
  name: string;
  nameAr: string;
  description: string;
  descriptionAr: string;
  parent?: string;
  brand?: string;
  minTierRank?: number;
  postAccess?: 'members' | 'staff';
}

const CATEGORIES: DemoCategory[] = [
  { slug: 'announcements', name: 'Announcements', nameAr: 'الإعلانات', description: 'News from the Wala team.', descriptionAr: 'أخبار فريق ولاء.', postAccess: 'staff' },
  { slug: 'general', name: 'General', nameAr: 'عام', description: 'Say hello and talk about anything.', descriptionAr: 'رحّب بالأعضاء وتحدث في أي موضوع.' },
  {
    slug: 'qahwa-house',
    name: 'Qahwa House',
    nameAr: 'بيت القهوة',
    description: 'The Qahwa House community: its team moderates here.',
    descriptionAr: 'مجتمع بيت القهوة: يشرف عليه فريقه.',
    brand: 'qahwa-house',
  },
  { slug: 'brewing', name: 'Brewing guides', nameAr: 'أدلة التحضير', description: 'V60, espresso, Arabic coffee.', descriptionAr: 'V60 والإسبريسو والقهوة العربية.', parent: 'qahwa-house', brand: 'qahwa-house' },
  { slug: 'souq-support', name: 'Souq support', nameAr: 'دعم سوق', description: 'Questions answered by the Souq team.', descriptionAr: 'أسئلة يجيب عنها فريق سوق.', brand: 'souq' },
  {
    slug: 'gold-lounge',
    name: 'Gold lounge',
    nameAr: 'صالة الذهب',
    description: 'For Gold members and above.',
    descriptionAr: 'لأعضاء المستوى الذهبي فما فوق.',
    minTierRank: 3,
  },
];

interface DemoTopic {
  category: string;
  author: string;
  title: string;
  kind?: 'question';
  tags?: string[];
  raw: string;
  replies: { author: string; raw: string; replyTo?: number; accepted?: boolean }[];
}

const TOPICS: DemoTopic[] = [
  {
    category: 'announcements',
    author: 'moderator',
    title: 'قواعد المجتمع — Community guidelines',
    raw: '**مرحباً بكم في ولاء!** كونوا لطفاء، ولا إعلانات، وأبلغوا عن أي إساءة.\n\n**Welcome to Wala!** Be kind, no ads, report abuse.',
    replies: [],
  },
  {
    category: 'general',
    author: 'layla',
    title: 'مرحباً بالجميع! عرّفوا بأنفسكم',
    tags: ['ترحيب'],
    raw: 'أهلاً وسهلاً بكم في مجتمع ولاء 🌙\n\nأنا ليلى من الرياض، أحب القهوة المختصة والقراءة. من أين أنتم؟',
    replies: [
      { author: 'emma', raw: 'Hi Layla! Emma from London here, I came for the coffee talk ☕', replyTo: 1 },
      { author: 'youssef', raw: 'أهلاً ليلى! يوسف من القاهرة، سعيد بالانضمام إليكم.', replyTo: 1 },
      { author: 'layla', raw: '@Emma welcome! You will love the brewing guides.', replyTo: 2 },
    ],
  },
  {
    category: 'brewing',
    author: 'emma',
    title: 'Best grind size for a V60?',
    kind: 'question',
    tags: ['v60', 'pour-over'],
    raw: 'My V60 brews taste **sour**. I use 15 g of coffee for 250 ml of water. Should I grind finer?',
    replies: [
      { author: 'noor', raw: 'جربي طحنة أنعم قليلاً ووقت تحضير حوالي ثلاث دقائق.' },
      {
        author: 'manager.qahwa',
        raw: 'Sourness usually means under-extraction: grind finer (like table salt), use water at 93 °C and aim for 2:45–3:00 total. Our [brewing card](https://example.com/v60) has the steps.',
        accepted: true,
      },
    ],
  },
  {
    category: 'qahwa-house',
    author: 'khalid',
    title: 'ما أفضل قهوة عربية للمبتدئين؟',
    tags: ['قهوة-عربية'],
    raw: 'أريد أن أبدأ بتحضير القهوة العربية في المنزل. ما نوع البن والهيل الذي تنصحون به؟',
    replies: [
      { author: 'huda', raw: 'البن الخولاني مع هيل مطحون طازجاً، ولا تنسَ الزعفران! 😋' },
      { author: 'manager.qahwa', raw: 'نرشّح تحميصة شقراء مع هيل بنسبة ١٠٪. تجد الخلطة في فرعنا بالرياض.', replyTo: 2 },
    ],
  },
  {
    category: 'souq-support',
    author: 'liam',
    title: 'Phone will not charge after the latest update',
    kind: 'question',
    raw: 'Since yesterday\'s update my phone stops charging at 80%. Is this a bug?',
    replies: [
      { author: 'manager.souq', raw: 'This is the new *battery protection* setting: Settings → Battery → turn off "Optimised charging".', accepted: true },
      { author: 'liam', raw: 'That was it, thank you!' },
    ],
  },
  {
    category: 'gold-lounge',
    author: 'admin',
    title: 'Welcome to the Gold lounge — أهلاً بكم في صالة الذهب',
    raw: 'Early access to tastings and events lands here first.\n\nهنا تجدون أولاً الدعوات المبكرة للتذوق والفعاليات.',
    replies: [],
  },
];

/** Forum demo content: categories (a Gold lounge, brand categories) and topics with replies in both languages. */
export const FORUM_DEMO_STEP: DemoStep = {
  name: 'forum',
  async run(ctx: DemoContext): Promise<void> {
    const { em, users, brands } = ctx;
    const ids = new Map<string, number>();
    for (const [i, c] of CATEGORIES.entries()) {
      await em.query(
        `INSERT INTO forum_categories (slug, name, name_ar, description, description_ar, parent_id, position, post_access, min_tier_rank, brand_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (slug) DO NOTHING`,
        [c.slug, c.name, c.nameAr, c.description, c.descriptionAr, c.parent ? ids.get(c.parent) : null, i, c.postAccess ?? 'members', c.minTierRank ?? 0, c.brand ? brands[c.brand] : null],
      );
      ids.set(c.slug, (await one<{ id: number }>(em, `SELECT id FROM forum_categories WHERE slug = $1`, [c.slug]))!.id);
    }
    const posts = ctx.app.get(PostsService);
    const db = ctx.app.get(Db);
    for (const t of TOPICS) {
      const categoryId = ids.get(t.category)!;
      if (await one(em, `SELECT 1 FROM forum_topics WHERE category_id = $1 AND title = $2`, [categoryId, t.title])) continue;
      const brandId = CATEGORIES.find((c) => c.slug === t.category)?.brand;
      const [topic] = await rows<{ id: number }>(
        em,
        `INSERT INTO forum_topics (category_id, author_id, title, kind, status, tags, highest_post_number) VALUES ($1, $2, $3, $4, 'pending', $5, $6) RETURNING id`,
        [categoryId, users[t.author], t.title, t.kind ?? 'discussion', t.tags ?? [], 1 + t.replies.length],
      );
      const byNumber: number[] = [];
      const add = async (author: string, raw: string, n: number, replyTo?: number) => {
        const mark = author.startsWith('manager.') && brandId ? brands[brandId] : null;
        const [p] = await rows<{ id: number }>(
          em,
          `INSERT INTO forum_posts (topic_id, author_id, post_number, raw, cooked, search_vector, reply_to_post_id, status, brand_mark_id)
           VALUES ($1, $2, $3, $4, $5, to_tsvector('${SEARCH_CONFIG}', $6), $7, 'pending', $8) RETURNING id`,
          [topic.id, users[author], n, raw, cook(raw), normalizeSearch(`${n === 1 ? t.title : ''} ${plainText(raw)}`), replyTo ? byNumber[replyTo - 1] : null, mark],
        );
        byNumber.push(p.id);
        await posts.makeVisible(em, p.id);
        await em.query(
          `INSERT INTO forum_topic_users (user_id, topic_id, last_read_post_number, subscribed) VALUES ($1, $2, $3, $4)
           ON CONFLICT (user_id, topic_id) DO UPDATE SET last_read_post_number = GREATEST(forum_topic_users.last_read_post_number, $3)`,
          [users[author], topic.id, n, n === 1],
        );
        return p.id;
      };
      await add(t.author, t.raw, 1);
      for (const [i, r] of t.replies.entries()) {
        const id = await add(r.author, r.raw, i + 2, r.replyTo);
        if (r.accepted) await accept(em, db, topic.id, id, users[r.author], users[t.author], brandId ? brands[brandId] : null);
      }
    }
  },
};

async function accept(em: EntityManager, db: Db, topicId: number, postId: number, authorId: number, by: number, brandId: number | null) {
  await em.query(`UPDATE forum_topics SET accepted_post_id = $2 WHERE id = $1`, [topicId, postId]);
  await db.publish(em, 'post.accepted', { postId, topicId, authorId, acceptedById: by, brandId });
}
