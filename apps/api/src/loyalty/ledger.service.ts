import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PointsBalanceDto, PointsEntryDto, TierDto } from '@wala/contract';
import { AppError, badRequest, conflict, notFound } from '../common/errors';
import { decodeCursor, toPage } from '../common/params';
import { PointsWallet, type DebitRequest, type RefundRequest } from '../common/points-wallet';
import { Realtime } from '../common/realtime';
import { one, rows, type Queryable } from '../common/sql';
import { Db } from '../database/db.service';
import type { EntryKind } from './ledger.entity';

/** Default rolling window of points earned that tiers count. */
export const DEFAULT_TIER_WINDOW_DAYS = 365;

export interface BalanceRow {
  available: number;
  pending: number;
  debt: number;
  earned: number;
  tier_id: number | null;
}

interface EntryRow {
  id: number;
  user_id: number;
  kind: EntryKind;
  delta: number;
  pending_delta: number;
  debt_delta: number;
  earned_delta: number;
  reason: string;
  params: Record<string, unknown>;
  rule: string;
  source_type: string;
  source_id: number;
  brand_id: number | null;
  reverses_entry_id: number | null;
  matures_at: Date | null;
  created_at: Date;
}

/** An entry as written: the amounts are decided by the ledger service under the member's balance lock. */
interface NewEntry {
  userId: number;
  kind: EntryKind;
  delta: number;
  pendingDelta?: number;
  debtDelta?: number;
  earnedDelta?: number;
  reason: string;
  params?: Record<string, unknown>;
  sourceType: string;
  sourceId: number;
  sourceSub?: number;
  generation?: number;
  rule?: string;
  ruleId?: number | null;
  campaignId?: number | null;
  brandId: number | null;
  reversesEntryId?: number | null;
  /** when the reversed entry was written (published with points.entry) */
  reversesAt?: Date;
  maturesAt?: Date | null;
  actorId?: number | null;
}

export interface AwardRequest {
  userId: number;
  points: number;
  /** the earning action or origin, part of the once-only key with the source and generation */
  rule: string;
  ruleId?: number | null;
  campaignId?: number | null;
  sourceType: string;
  sourceId: number;
  sourceSub?: number;
  generation?: number;
  brandId: number | null;
  reason: string;
  params?: Record<string, unknown>;
  /** held as pending until then (young accounts); null: available at once */
  maturesAt?: Date | null;
}

const ENTRY_COLS = `id, user_id, kind, delta, pending_delta, debt_delta, earned_delta, reason, params, rule, source_type, source_id,
  brand_id, reverses_entry_id, matures_at, created_at`;

export const entryDto = (r: EntryRow): PointsEntryDto => ({
  id: r.id,
  kind: r.kind,
  delta: r.delta,
  pendingDelta: r.pending_delta,
  debtDelta: r.debt_delta,
  reason: r.reason,
  params: r.params,
  rule: r.rule,
  brandId: r.brand_id,
  reversesEntryId: r.reverses_entry_id,
  maturesAt: r.matures_at ? r.matures_at.toISOString() : null,
  createdAt: r.created_at.toISOString(),
});

interface TierRow {
  id: number;
  name: string;
  name_ar: string;
  min_points: number;
  multiplier_pct: number;
  perks: { en: string; ar: string }[];
  color: string;
  rank: number;
}

export const TIER_SELECT = `SELECT id, name, name_ar, min_points, multiplier_pct, perks, color,
  (row_number() OVER (ORDER BY min_points))::int AS rank FROM loyalty_tiers`;

export const tierDto = (t: TierRow): TierDto => ({
  id: t.id,
  name: t.name,
  nameAr: t.name_ar,
  minPoints: t.min_points,
  multiplierPct: t.multiplier_pct,
  perks: t.perks,
  color: t.color,
  rank: t.rank,
});

/**
 * The points ledger: every change of a member's points is an appended entry; the database adds
 * it to the balances in the same statement (trigger) and refuses an overdraft (CHECK). Each
 * operation first locks the member's balance row, so the split of an amount between available,
 * pending and debt is decided on the committed state; unique indexes make every award, spend,
 * release, reversal and refund happen at most once.
 *
 * Bound as the `PointsWallet` of the platform (core.module.ts).
 */
@Injectable()
export class LedgerService extends PointsWallet {
  /** per transaction, the awards reversed in it: they never stood, so their toasts are not sent */
  private readonly reversedIn = new WeakMap<EntityManager, Set<number>>();

  constructor(
    private readonly db: Db,
    private readonly realtime: Realtime,
  ) {
    super();
  }

  /** Creates the balance row if needed and locks it for the rest of the transaction. */
  async lock(em: EntityManager, userId: number): Promise<BalanceRow> {
    await em.query(`INSERT INTO points_balances (user_id) VALUES ($1) ON CONFLICT (user_id) DO NOTHING`, [userId]);
    const b = await one<BalanceRow>(em, `SELECT available, pending, debt, earned, tier_id FROM points_balances WHERE user_id = $1 FOR UPDATE`, [userId]);
    return b!;
  }

  /** Appends an entry (or nothing when its once-only key already exists) and publishes `points.entry`. */
  private async append(em: EntityManager, e: NewEntry): Promise<EntryRow | null> {
    const [r] = await rows<EntryRow>(
      em,
      `INSERT INTO points_entries (user_id, kind, delta, pending_delta, debt_delta, earned_delta, reason, params, source_type, source_id,
                                   source_sub, generation, rule, rule_id, campaign_id, brand_id, reverses_entry_id, matures_at, actor_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
       ON CONFLICT DO NOTHING
       RETURNING ${ENTRY_COLS}`,
      [
        e.userId,
        e.kind,
        e.delta,
        e.pendingDelta ?? 0,
        e.debtDelta ?? 0,
        e.earnedDelta ?? 0,
        e.reason,
        JSON.stringify(e.params ?? {}),
        e.sourceType,
        e.sourceId,
        e.sourceSub ?? 0,
        e.generation ?? 0,
        e.rule ?? '',
        e.ruleId ?? null,
        e.campaignId ?? null,
        e.brandId,
        e.reversesEntryId ?? null,
        e.maturesAt ?? null,
        e.actorId ?? null,
      ],
    );
    if (!r) return null;
    await this.db.publish(em, 'points.entry', {
      userId: r.user_id,
      entryId: r.id,
      kind: r.kind,
      delta: r.delta,
      pendingDelta: r.pending_delta,
      brandId: r.brand_id,
      at: r.created_at.toISOString(),
      earnedDelta: r.earned_delta,
      ...(e.reversesAt ? { reversesAt: e.reversesAt.toISOString() } : {}),
    });
    return r;
  }

  /** A credit to available settles the debt first: the split of `points`. */
  private static settle(b: BalanceRow, points: number): { delta: number; debtDelta: number } {
    const settled = Math.min(b.debt, points);
    return { delta: points - settled, debtDelta: -settled };
  }

  /**
   * Awards points once per (member, rule, source, generation); null when already awarded.
   * Points to an account still maturing are held as pending until `maturesAt`.
   */
  async award(em: EntityManager, req: AwardRequest): Promise<PointsEntryDto | null> {
    if (!Number.isSafeInteger(req.points) || req.points <= 0) throw badRequest();
    const b = await this.lock(em, req.userId);
    const pendingHold = req.maturesAt && req.maturesAt.getTime() > Date.now();
    const split = pendingHold ? { delta: 0, debtDelta: 0 } : LedgerService.settle(b, req.points);
    const r = await this.append(em, {
      userId: req.userId,
      kind: 'award',
      delta: split.delta,
      debtDelta: split.debtDelta,
      pendingDelta: pendingHold ? req.points : 0,
      earnedDelta: req.points,
      reason: req.reason,
      params: req.params,
      sourceType: req.sourceType,
      sourceId: req.sourceId,
      sourceSub: req.sourceSub,
      generation: req.generation,
      rule: req.rule,
      ruleId: req.ruleId,
      campaignId: req.campaignId,
      brandId: req.brandId,
      maturesAt: pendingHold ? req.maturesAt : null,
    });
    if (!r) return null;
    await this.db.publish(em, 'points.awarded', { userId: req.userId, entryId: r.id, delta: req.points, rule: req.rule || null, brandId: req.brandId });
    const after = { available: b.available + split.delta, pending: b.pending + (pendingHold ? req.points : 0) };
    this.db.afterCommit(em, () => {
      // reversed before it committed (its content was removed before the award was handled): no toast
      if (this.reversedIn.get(em)?.has(r.id)) return;
      this.realtime.toUser(req.userId, 'points:awarded', { delta: req.points, balance: after.available, pending: after.pending, reason: req.reason });
    });
    await this.evaluateTier(em, req.userId);
    return entryDto(r);
  }

  /**
   * Reverses an award by a new entry (at most once): from pending when it has not matured yet,
   * otherwise from available, and what was already spent becomes debt. Null when already reversed.
   */
  async reverse(em: EntityManager, entryId: number, o: { reason: string; params?: Record<string, unknown>; actorId?: number | null }): Promise<PointsEntryDto | null> {
    const award = await one<EntryRow>(em, `SELECT ${ENTRY_COLS} FROM points_entries WHERE id = $1`, [entryId]);
    if (!award || award.kind !== 'award') throw notFound();
    const b = await this.lock(em, award.user_id);
    const points = award.earned_delta;
    const released = award.pending_delta === 0 || !!(await one(em, `SELECT 1 FROM points_entries WHERE kind = 'pending-release' AND source_type = 'entry' AND source_id = $1`, [award.id]));
    let e: { delta: number; pendingDelta: number; debtDelta: number };
    if (!released) e = { delta: 0, pendingDelta: -points, debtDelta: 0 };
    else {
      const take = Math.min(b.available, points);
      e = { delta: -take, pendingDelta: 0, debtDelta: points - take };
    }
    const r = await this.append(em, {
      userId: award.user_id,
      kind: 'reversal',
      ...e,
      earnedDelta: -points,
      reason: o.reason,
      params: { ...award.params, ...o.params },
      sourceType: award.source_type,
      sourceId: award.source_id,
      rule: award.rule,
      brandId: award.brand_id,
      reversesEntryId: award.id,
      reversesAt: award.created_at,
      actorId: o.actorId ?? null,
    });
    if (!r) return null;
    const reversed = this.reversedIn.get(em) ?? new Set<number>();
    this.reversedIn.set(em, reversed.add(award.id));
    await this.evaluateTier(em, award.user_id);
    return entryDto(r);
  }

  /** Moves a matured pending award to available (once), settling debt first. Null when not due or reversed. */
  async release(em: EntityManager, awardId: number): Promise<PointsEntryDto | null> {
    const award = await one<EntryRow>(em, `SELECT ${ENTRY_COLS} FROM points_entries WHERE id = $1 AND kind = 'award' AND pending_delta > 0`, [awardId]);
    if (!award) return null;
    const b = await this.lock(em, award.user_id);
    if (await one(em, `SELECT 1 FROM points_entries WHERE reverses_entry_id = $1`, [award.id])) return null;
    const split = LedgerService.settle(b, award.pending_delta);
    const r = await this.append(em, {
      userId: award.user_id,
      kind: 'pending-release',
      delta: split.delta,
      debtDelta: split.debtDelta,
      pendingDelta: -award.pending_delta,
      reason: 'web.loyalty.reasons.released',
      params: award.params,
      sourceType: 'entry',
      sourceId: award.id,
      rule: award.rule,
      brandId: award.brand_id,
    });
    return r ? entryDto(r) : null;
  }

  /** Releases every matured pending award (the release job); returns how many were released. */
  async releaseDue(limit = 500): Promise<number> {
    const due = await rows<{ id: number }>(
      this.db.ds,
      `SELECT e.id FROM points_entries e
        WHERE e.kind = 'award' AND e.pending_delta > 0 AND e.matures_at <= now()
          AND NOT EXISTS (SELECT 1 FROM points_entries r WHERE r.kind = 'pending-release' AND r.source_type = 'entry' AND r.source_id = e.id)
          AND NOT EXISTS (SELECT 1 FROM points_entries v WHERE v.reverses_entry_id = e.id)
        ORDER BY e.matures_at LIMIT $1`,
      [limit],
    );
    let n = 0;
    for (const { id } of due) if (await this.db.tx((em) => this.release(em, id))) n++;
    return n;
  }

  /** An admin correction: positive settles debt first, negative takes only what is available. Never counts for tiers. */
  async adjust(em: EntityManager, o: { userId: number; points: number; reason: string; actorId: number; brandId: number | null; sourceId: number }): Promise<PointsEntryDto> {
    if (!Number.isSafeInteger(o.points) || o.points === 0) throw badRequest();
    const b = await this.lock(em, o.userId);
    let split: { delta: number; debtDelta: number };
    if (o.points > 0) split = LedgerService.settle(b, o.points);
    else {
      if (b.available < -o.points) throw new AppError(409, 'errors.points.insufficient', { available: b.available });
      split = { delta: o.points, debtDelta: 0 };
    }
    const r = await this.append(em, {
      userId: o.userId,
      kind: 'adjustment',
      ...split,
      reason: 'web.loyalty.reasons.adjustment',
      params: { note: o.reason },
      sourceType: 'adjustment',
      sourceId: o.sourceId,
      rule: 'adjustment',
      brandId: o.brandId,
      actorId: o.actorId,
    });
    return entryDto(r!);
  }

  /**
   * Expires the available points of members without any ledger activity for `days` days, by an
   * `expiry` entry each (checked again under the member's lock; the entry is itself activity, so
   * a second run finds nothing). Returns how many members' points expired.
   */
  async expireInactive(days: number, limit = 500): Promise<number> {
    const idle = `NOT EXISTS (SELECT 1 FROM points_entries e WHERE e.user_id = b.user_id AND e.created_at > now() - make_interval(days => $1))`;
    const due = await rows<{ user_id: number }>(
      this.db.ds,
      `SELECT b.user_id FROM points_balances b WHERE b.available > 0 AND ${idle} ORDER BY b.user_id LIMIT $2`,
      [days, limit],
    );
    let n = 0;
    for (const { user_id } of due) {
      const done = await this.db.tx(async (em) => {
        const b = await this.lock(em, user_id);
        if (b.available <= 0 || !(await one(em, `SELECT 1 FROM points_balances b WHERE b.user_id = $2 AND ${idle}`, [days, user_id]))) return false;
        await this.append(em, {
          userId: user_id,
          kind: 'expiry',
          delta: -b.available,
          reason: 'web.loyalty.reasons.expiry',
          params: { days },
          sourceType: 'expiry',
          sourceId: user_id,
          brandId: null,
        });
        return true;
      });
      if (done) n++;
    }
    return n;
  }

  // ---- PointsWallet ----

  async debit(em: EntityManager, req: DebitRequest): Promise<{ entryId: number; available: number }> {
    if (!Number.isSafeInteger(req.points) || req.points <= 0) throw badRequest();
    const b = await this.lock(em, req.userId);
    if (b.available < req.points) throw new AppError(409, 'errors.points.insufficient', { available: b.available });
    const r = await this.append(em, {
      userId: req.userId,
      kind: req.kind,
      delta: -req.points,
      reason: req.reason,
      sourceType: req.sourceType,
      sourceId: req.sourceId,
      brandId: req.brandId,
      campaignId: req.campaignId ?? null,
    });
    if (!r) throw conflict();
    return { entryId: r.id, available: b.available - req.points };
  }

  async refund(em: EntityManager, req: RefundRequest): Promise<{ entryId: number; available: number }> {
    const spend = await one<EntryRow>(em, `SELECT ${ENTRY_COLS} FROM points_entries WHERE id = $1 AND kind IN ('spend', 'donation')`, [req.entryId]);
    if (!spend) throw notFound();
    const b = await this.lock(em, spend.user_id);
    const split = LedgerService.settle(b, -spend.delta);
    const r = await this.append(em, {
      userId: spend.user_id,
      kind: 'refund',
      ...split,
      reason: req.reason,
      sourceType: req.sourceType,
      sourceId: req.sourceId,
      brandId: spend.brand_id,
      reversesEntryId: spend.id,
    });
    if (!r) throw conflict();
    return { entryId: r.id, available: b.available + split.delta };
  }

  async balance(db: Queryable, userId: number): Promise<{ available: number; pending: number }> {
    const b = await one<{ available: number; pending: number }>(db, `SELECT available, pending FROM points_balances WHERE user_id = $1`, [userId]);
    return b ?? { available: 0, pending: 0 };
  }

  // ---- tiers ----

  async windowDays(db: Queryable): Promise<number> {
    const s = await one<{ d: number }>(db, `SELECT tier_window_days AS d FROM loyalty_settings WHERE id = 1`);
    return s?.d ?? DEFAULT_TIER_WINDOW_DAYS;
  }

  /** Points earned (awards − reversals) in the rolling window. */
  async windowEarned(db: Queryable, userId: number, windowDays?: number): Promise<number> {
    windowDays ??= await this.windowDays(db);
    const r = await one<{ n: number }>(
      db,
      `SELECT COALESCE(sum(earned_delta), 0)::int AS n FROM points_entries
        WHERE user_id = $1 AND earned_delta <> 0 AND created_at > now() - make_interval(days => $2)`,
      [userId, windowDays],
    );
    return r!.n;
  }

  /** Sets the member's tier from the window (up or down) and publishes `tier.changed` when it moves. */
  async evaluateTier(em: EntityManager, userId: number): Promise<void> {
    const earned = await this.windowEarned(em, userId);
    const tiers = await rows<TierRow>(em, `${TIER_SELECT} ORDER BY min_points`);
    const target = [...tiers].reverse().find((t) => t.min_points <= earned) ?? null;
    const cur = await one<{ tier_id: number | null }>(em, `SELECT tier_id FROM points_balances WHERE user_id = $1`, [userId]);
    const fromId = cur?.tier_id ?? null;
    const toId = target?.id ?? null;
    if (fromId === toId) return;
    await em.query(`UPDATE points_balances SET tier_id = $2 WHERE user_id = $1`, [userId, toId]);
    const rankOf = (id: number | null) => tiers.find((t) => t.id === id)?.rank ?? 0;
    await this.db.publish(em, 'tier.changed', { userId, fromTierId: fromId, toTierId: toId, direction: rankOf(toId) > rankOf(fromId) ? 'up' : 'down' });
  }

  // ---- reads ----

  async summary(userId: number): Promise<PointsBalanceDto> {
    const ds = this.db.ds;
    const b = await one<BalanceRow>(ds, `SELECT available, pending, debt, earned, tier_id FROM points_balances WHERE user_id = $1`, [userId]);
    const windowDays = await this.windowDays(ds);
    const windowEarned = await this.windowEarned(ds, userId, windowDays);
    const tiers = await rows<TierRow>(ds, `${TIER_SELECT} ORDER BY min_points`);
    const tier = tiers.find((t) => t.id === b?.tier_id) ?? null;
    const next = tiers.find((t) => t.min_points > (tier?.min_points ?? -1)) ?? null;
    return {
      available: b?.available ?? 0,
      pending: b?.pending ?? 0,
      debt: b?.debt ?? 0,
      lifetimeEarned: b?.earned ?? 0,
      windowEarned,
      windowDays,
      tier: tier ? tierDto(tier) : null,
      nextTier: next ? tierDto(next) : null,
      toNextTier: next ? Math.max(0, next.min_points - windowEarned) : null,
    };
  }

  async entries(userId: number, q: { cursor?: string; limit: number }): Promise<{ items: PointsEntryDto[]; nextCursor: string | null }> {
    const cur = decodeCursor(q.cursor, ['number']);
    const found = await rows<EntryRow>(
      this.db.ds,
      `SELECT ${ENTRY_COLS} FROM points_entries WHERE user_id = $1 AND ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT $3`,
      [userId, cur?.[0] ?? null, q.limit + 1],
    );
    return toPage(found, q.limit, entryDto, (r) => [r.id]);
  }
}
