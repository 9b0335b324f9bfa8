import type { DemoStep } from '../demo/demo-context';
import { one, rows } from '../common/sql';
import type { EntityManager } from 'typeorm';

async function channel(
  em: EntityManager,
  c: {
    kind: 'community' | 'brand';
    brandId?: number;
    name: string;
    nameAr: string;
    description: string;
    minTierRank?: number;
    slow?: number;
  },
): Promise<number> {
  const found = await one<{ id: number }>(em, `SELECT id FROM chat_channels WHERE kind = $1 AND name = $2`, [c.kind, c.name]);
  if (found) return Number(found.id);
  const [r] = await rows<{ id: number }>(
    em,
    `INSERT INTO chat_channels (kind, brand_id, name, name_ar, description, min_tier_rank, slow_mode_seconds) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [c.kind, c.brandId ?? null, c.name, c.nameAr, c.description, c.minTierRank ?? 0, c.slow ?? 0],
  );
  return Number(r.id);
}

async function say(em: EntityManager, channelId: number, authorId: number | undefined, n: number, body: string): Promise<void> {
  if (!authorId) return;
  await em.query(
    `INSERT INTO chat_messages (channel_id, author_id, body, client_id, created_at) VALUES ($1, $2, $3, $4, now() - make_interval(mins => $5))
     ON CONFLICT (author_id, client_id) DO NOTHING`,
    [channelId, authorId, body, `demo-${channelId}-${n}`, 120 - n * 7],
  );
}

/** Chat: a community lounge, a tier-gated VIP room, one channel per brand, a direct conversation. */
export const CHAT_DEMO: DemoStep = {
  name: 'chat: channels and messages',
  async run({ em, users, brands }) {
    const lounge = await channel(em, {
      kind: 'community',
      name: 'Lounge',
      nameAr: 'الاستراحة',
      description: 'Say hello to the community.',
    });
    await channel(em, {
      kind: 'community',
      name: 'VIP corner',
      nameAr: 'ركن كبار الأعضاء',
      description: 'For gold members and above.',
      minTierRank: 3,
    });
    const qahwa = brands['qahwa-house']
      ? await channel(em, {
          kind: 'brand',
          brandId: brands['qahwa-house'],
          name: 'Qahwa House',
          nameAr: 'بيت القهوة',
          description: 'Brew talk.',
          slow: 10,
        })
      : null;
    if (brands.souq)
      await channel(em, { kind: 'brand', brandId: brands.souq, name: 'Souq', nameAr: 'سوق', description: 'Deals and finds.' });
    await say(em, lounge, users.layla, 1, 'مرحبا بالجميع! 👋');
    await say(em, lounge, users.emma, 2, 'Hi Layla! Anyone tried the new cardamom latte?');
    await say(em, lounge, users.moderator, 3, 'أهلاً وسهلاً — تذكروا قواعد المجتمع 🙂');
    await say(em, lounge, users.admin, 4, 'Welcome to Wala chat. Mention someone with @ and their name.');
    if (qahwa) {
      await say(em, qahwa, users['manager.qahwa'], 1, 'New single-origin beans arrive Thursday ☕');
      await say(em, qahwa, users.emma, 2, 'Can we reserve a bag?');
    }
    if (users.layla && users.emma) {
      const [a, b] = [Math.min(users.layla, users.emma), Math.max(users.layla, users.emma)];
      await em.query(
        `INSERT INTO chat_channels (kind, dm_key, name, name_ar) VALUES ('direct', $1, 'direct', 'direct') ON CONFLICT (dm_key) WHERE dm_key IS NOT NULL DO NOTHING`,
        [`${a}:${b}`],
      );
      const dm = await one<{ id: number }>(em, `SELECT id FROM chat_channels WHERE dm_key = $1`, [`${a}:${b}`]);
      await em.query(`INSERT INTO chat_channel_members (channel_id, user_id) VALUES ($1, $2), ($1, $3) ON CONFLICT DO NOTHING`, [
        dm!.id,
        a,
        b,
      ]);
      await say(em, Number(dm!.id), users.emma, 1, 'Coffee meetup on Friday?');
      await say(em, Number(dm!.id), users.layla, 2, 'أكيد! Friday works.');
    }
  },
};
