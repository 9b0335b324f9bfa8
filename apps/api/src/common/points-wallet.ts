import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppError } from './errors';
import type { Queryable } from './sql';

/**
 * The points ledger as other areas need it to move value (rewards, giveaways, donations). The
 * loyalty area implements it over its append-only ledger and binds it in place of `NoWallet`
 * in core.module.ts. Every call runs inside the caller's transaction (`em`), so a debit and the
 * stock, code or donation it pays for commit together or not at all.
 */
export interface DebitRequest {
  userId: number;
  /** positive number of points to take from the available balance */
  points: number;
  kind: 'spend' | 'donation';
  /** what the points pay for, e.g. 'redemption' / 42; (kind, sourceType, sourceId) is unique in the ledger */
  sourceType: string;
  sourceId: number;
  /** the brand whose liability this settles, or null */
  brandId: number | null;
  reason: string;
  /** the charity campaign of a donation */
  campaignId?: number | null;
}

export interface RefundRequest {
  /** the spend entry being refunded: refunded at most once (unique) */
  entryId: number;
  sourceType: string;
  sourceId: number;
  reason: string;
}

export abstract class PointsWallet {
  /**
   * Debits available points. Throws AppError 409 `errors.points.insufficient` (with `available`)
   * when the member has fewer; never lets the balance go negative (a conditional update and a
   * CHECK constraint). A repeat of the same (kind, sourceType, sourceId) throws 409 `errors.conflict`.
   */
  abstract debit(em: EntityManager, req: DebitRequest): Promise<{ entryId: number; available: number }>;
  /** Gives back the points of a spend by a new `refund` entry that references it. */
  abstract refund(em: EntityManager, req: RefundRequest): Promise<{ entryId: number; available: number }>;
  abstract balance(db: Queryable, userId: number): Promise<{ available: number; pending: number }>;
}

/** Bound until the loyalty area provides the ledger: every value move is refused. */
@Injectable()
export class NoWallet extends PointsWallet {
  private refuse(): never {
    throw new AppError(503, 'errors.points.unavailable');
  }
  async debit(): Promise<never> {
    this.refuse();
  }
  async refund(): Promise<never> {
    this.refuse();
  }
  async balance(): Promise<{ available: number; pending: number }> {
    return { available: 0, pending: 0 };
  }
}
