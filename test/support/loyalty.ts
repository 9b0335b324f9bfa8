import { one, rows } from '../../apps/api/src/common/sql';
import type { DomainEventMap, DomainEventType } from '../../apps/api/src/events/domain-events';
import { PointsWallet } from '../../apps/api/src/common/points-wallet';
import { Db } from '../../apps/api/src/database/db.service';
import type { AwardRequest, LedgerService } from '../../apps/api/src/loyalty/ledger.service';
import type { TestApp } from './app';

let source = 1_000_000;

/** The ledger as bound for the whole platform. */
export const ledgerOf = (app: TestApp) => app.wala.app.get<PointsWallet, LedgerService>(PointsWallet);

/** Awards points straight through the ledger (a unique source each call unless given). */
export function givePoints(app: TestApp, userId: number, points: number, o: Partial<AwardRequest> = {}) {
  return app.get(Db).tx((em) =>
    ledgerOf(app).award(em, { userId, points, rule: 'test', sourceType: 'test', sourceId: ++source, brandId: null, reason: 'web.loyalty.reasons.test', ...o }),
  );
}

/** Balances and the sums of the member's entries, for invariant checks. */
export async function balancesAndSums(app: TestApp, userId: number) {
  return one<{ available: number; pending: number; debt: number; earned: number; s_available: number; s_pending: number; s_debt: number; s_earned: number }>(
    app.get(Db).ds,
    `SELECT COALESCE(b.available, 0) AS available, COALESCE(b.pending, 0) AS pending, COALESCE(b.debt, 0) AS debt, COALESCE(b.earned, 0) AS earned,
            COALESCE(s.a, 0)::int AS s_available, COALESCE(s.p, 0)::int AS s_pending, COALESCE(s.d, 0)::int AS s_debt, COALESCE(s.e, 0)::int AS s_earned
       FROM (SELECT $1::bigint AS user_id) u
       LEFT JOIN points_balances b ON b.user_id = u.user_id
       LEFT JOIN (SELECT user_id, sum(delta) a, sum(pending_delta) p, sum(debt_delta) d, sum(earned_delta) e FROM points_entries WHERE user_id = $1 GROUP BY user_id) s
         ON s.user_id = u.user_id`,
    [userId],
  );
}

/** Publishes a domain event as an area would (in its own transaction) and waits until it is handled. */
export async function emit<E extends DomainEventType>(app: TestApp, type: E, payload: DomainEventMap[E], times = 1): Promise<void> {
  const db = app.get(Db);
  await db.tx(async (em) => {
    for (let i = 0; i < times; i++) await db.publish(em, type, payload);
  });
  await settle(app);
}

export type AnyEvent = { [E in DomainEventType]: { type: E; payload: DomainEventMap[E] } }[DomainEventType];

/**
 * Publishes the events in the order given (their outbox ids follow it, as when an area publishes
 * them one after another), then has them handled in another order: `handleOrder` lists indexes
 * of `events`. Each event is parked when published and made due alone, then drained.
 */
export async function emitOutOfOrder(app: TestApp, events: AnyEvent[], handleOrder: number[]): Promise<void> {
  const db = app.get(Db);
  const ids: number[] = [];
  await db.tx(async (em) => {
    for (const e of events) {
      const r = await one<{ id: number }>(em, `INSERT INTO outbox (type, payload, next_attempt_at) VALUES ($1, $2, 'infinity') RETURNING id`, [e.type, JSON.stringify(e.payload)]);
      ids.push(r!.id);
    }
  });
  for (const i of handleOrder) {
    await db.ds.query(`UPDATE outbox SET next_attempt_at = now() WHERE id = $1`, [ids[i]]);
    await settle(app);
  }
  const left = await one<{ n: number }>(db.ds, `SELECT count(*)::int AS n FROM outbox WHERE id = ANY($1::bigint[]) AND processed_at IS NULL`, [ids]);
  if (left!.n) throw new Error(`${left!.n} events were never made due`);
}

/** Waits until every outbox event is handled (but those parked by emitOutOfOrder), and fails on an event whose handler failed. */
export async function settle(app: TestApp): Promise<void> {
  for (;;) {
    await app.drain();
    const r = await one<{ left: number; failed: number }>(
      app.get(Db).ds,
      `SELECT count(*) FILTER (WHERE last_error IS NULL AND next_attempt_at <> 'infinity')::int AS left, count(*) FILTER (WHERE last_error IS NOT NULL)::int AS failed
         FROM outbox WHERE processed_at IS NULL`,
    );
    if (r!.failed) {
      const failed = await rows<{ type: string; last_error: string }>(app.get(Db).ds, `SELECT type, last_error FROM outbox WHERE processed_at IS NULL AND last_error IS NOT NULL`);
      throw new Error(`event handlers failed: ${JSON.stringify(failed)}`);
    }
    if (!r!.left) return;
    await new Promise((res) => setTimeout(res, 20));
  }
}

/** Creates an earning rule straight in the database. */
export async function makeRule(app: TestApp, r: { action: string; points: number; dailyCap?: number; weeklyCap?: number; brandId?: number; categoryIds?: number[] }) {
  const row = await one<{ id: number }>(
    app.get(Db).ds,
    `INSERT INTO earning_rules (action, points, daily_cap, weekly_cap, brand_id, category_ids) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [r.action, r.points, r.dailyCap ?? null, r.weeklyCap ?? null, r.brandId ?? null, JSON.stringify(r.categoryIds ?? [])],
  );
  return row!.id;
}

/** The member's awards for a rule (action), live or reversed. */
export async function awardsOf(app: TestApp, userId: number, rule: string) {
  return rows<{ id: number; delta: number; pending_delta: number; earned_delta: number; generation: number }>(
    app.get(Db).ds,
    `SELECT id, delta, pending_delta, earned_delta, generation FROM points_entries WHERE user_id = $1 AND kind = 'award' AND rule = $2 ORDER BY id`,
    [userId, rule],
  );
}

/**
 * Puts the member in the tier of that rank (0: no tier) through loyalty's own tables, so areas
 * gating by `MemberStanding` are tested against the real seam. Creates four tiers if there are none.
 */
export async function setTierRank(app: TestApp, userId: number, rank: number): Promise<void> {
  const db = app.get(Db).ds;
  await db.query(
    `INSERT INTO loyalty_tiers (name, name_ar, min_points) VALUES ('Bronze', 'برونزي', 100), ('Silver', 'فضي', 1000), ('Gold', 'ذهبي', 5000), ('Platinum', 'بلاتيني', 20000)
     ON CONFLICT (min_points) DO NOTHING`,
  );
  if (!(await one(db, `SELECT 1 FROM points_balances WHERE user_id = $1`, [userId]))) await givePoints(app, userId, 1);
  await db.query(
    `UPDATE points_balances SET tier_id = CASE WHEN $2::int > 0 THEN (SELECT id FROM loyalty_tiers ORDER BY min_points OFFSET $2::int - 1 LIMIT 1) END WHERE user_id = $1`,
    [userId, rank],
  );
}
