import { randomBytes } from 'node:crypto';
import { rows } from '../../apps/api/src/common/sql';
import { Db } from '../../apps/api/src/database/db.service';
import type { TestApp } from './app';

/** A chat channel straight in the database. */
export async function makeChannel(
  app: TestApp,
  o: {
    kind?: 'community' | 'brand' | 'event';
    brandId?: number | null;
    name?: string;
    minTierRank?: number;
    slowModeSeconds?: number;
  } = {},
): Promise<{ id: number }> {
  const [c] = await rows<{ id: number }>(
    app.get(Db).ds,
    `INSERT INTO chat_channels (kind, brand_id, event_id, name, name_ar, min_tier_rank, slow_mode_seconds)
     VALUES ($1, $2, $3, $4, $4, $5, $6) RETURNING id`,
    [
      o.kind ?? (o.brandId ? 'brand' : 'community'),
      o.brandId ?? null,
      o.kind === 'event' ? Math.floor(Math.random() * 1e9) : null,
      o.name ?? `channel ${randomBytes(2).toString('hex')}`,
      o.minTierRank ?? 0,
      o.slowModeSeconds ?? 0,
    ],
  );
  return { id: Number(c.id) };
}

/** A direct channel between two members, straight in the database. */
export async function makeDirect(app: TestApp, a: number, b: number): Promise<{ id: number }> {
  const db = app.get(Db).ds;
  const [c] = await rows<{ id: number }>(
    db,
    `INSERT INTO chat_channels (kind, dm_key, name, name_ar) VALUES ('direct', $1, 'direct', 'direct') RETURNING id`,
    [`${Math.min(a, b)}:${Math.max(a, b)}`],
  );
  await db.query(`INSERT INTO chat_channel_members (channel_id, user_id) VALUES ($1, $2), ($1, $3)`, [c.id, a, b]);
  return { id: Number(c.id) };
}

export async function makeMessage(app: TestApp, channelId: number, authorId: number, body = 'hello'): Promise<{ id: number }> {
  const [m] = await rows<{ id: number }>(
    app.get(Db).ds,
    `INSERT INTO chat_messages (channel_id, author_id, body, client_id) VALUES ($1, $2, $3, $4) RETURNING id`,
    [channelId, authorId, body, `seed-${randomBytes(8).toString('hex')}`],
  );
  return { id: Number(m.id) };
}

export const clientId = () => `c-${randomBytes(8).toString('hex')}`;
