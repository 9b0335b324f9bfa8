import { randomBytes } from 'node:crypto';
import { rows } from '../../apps/api/src/common/sql';
import { Db } from '../../apps/api/src/database/db.service';
import type { TestApp } from './app';

/** Rewards and charity objects created straight in the database (for the matrix and setup). */
export async function insertReward(
  app: TestApp,
  o: { brandId: number | null; kind?: 'coupon' | 'digital' | 'physical' | 'ticket'; stock?: number; cost?: number; active?: boolean; codes?: string[] },
): Promise<number> {
  const db = app.get(Db).ds;
  const [r] = await rows<{ id: number }>(
    db,
    `INSERT INTO rewards (brand_id, kind, title, title_ar, cost_points, stock, active) VALUES ($1, $2, 'Reward', 'مكافأة', $3, $4, $5) RETURNING id`,
    [o.brandId, o.kind ?? 'digital', o.cost ?? 10, o.codes ? o.codes.length : (o.stock ?? 5), o.active ?? true],
  );
  if (o.codes?.length) await db.query(`INSERT INTO reward_codes (reward_id, code) SELECT $1, unnest($2::varchar[])`, [r.id, o.codes]);
  return r.id;
}

/** A redemption row as the redeem route writes it (for fulfillment tests that need no ledger). */
export async function insertRedemption(app: TestApp, rewardId: number, userId: number, status = 'pending'): Promise<number> {
  const [d] = await rows<{ id: number }>(
    app.get(Db).ds,
    `INSERT INTO redemptions (reward_id, user_id, points, status, shipping, idempotency_key, request_hash)
     VALUES ($1, $2, 10, $3, '{"name":"N","line1":"L","city":"C","country":"SA"}', $4, 'x') RETURNING id`,
    [rewardId, userId, status, randomBytes(8).toString('hex')],
  );
  return d.id;
}

export async function insertCharity(app: TestApp): Promise<number> {
  const [c] = await rows<{ id: number }>(
    app.get(Db).ds,
    `INSERT INTO charities (name, name_ar, registration_number) VALUES ('Charity', 'جمعية', $1) RETURNING id`,
    [`REG-${randomBytes(3).toString('hex')}`],
  );
  return c.id;
}

export async function insertCampaign(app: TestApp, brandId: number, o: { charityId?: number; pledgedMinor?: number } = {}): Promise<number> {
  const charityId = o.charityId ?? (await insertCharity(app));
  const [c] = await rows<{ id: number }>(
    app.get(Db).ds,
    `INSERT INTO campaigns (charity_id, brand_id, title, title_ar, currency, goal_minor, rate_minor, rate_points, pledged_minor)
     VALUES ($1, $2, 'Campaign', 'حملة', 'USD', 100000, 1, 1, $3) RETURNING id`,
    [charityId, brandId, o.pledgedMinor ?? 0],
  );
  return c.id;
}

export async function insertDonation(app: TestApp, campaignId: number, userId: number): Promise<number> {
  const [d] = await rows<{ id: number }>(
    app.get(Db).ds,
    `INSERT INTO donations (campaign_id, user_id, points, rate_minor, rate_points, amount_minor, currency, receipt_number, idempotency_key, request_hash)
     VALUES ($1, $2, 10, 1, 1, 10, 'USD', $3, $4, 'x') RETURNING id`,
    [campaignId, userId, `WR-${randomBytes(6).toString('hex')}`, randomBytes(8).toString('hex')],
  );
  return d.id;
}
