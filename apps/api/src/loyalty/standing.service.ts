import { Injectable } from '@nestjs/common';
import { MemberStanding } from '../common/member-standing';
import { one, type Queryable } from '../common/sql';

/** The member's tier rank for gating in other areas: 0 without a tier, 1 for the lowest tier. */
@Injectable()
export class LoyaltyStanding extends MemberStanding {
  async tierRank(db: Queryable, userId: number): Promise<number> {
    const r = await one<{ rank: number }>(
      db,
      `SELECT count(t.id)::int AS rank FROM points_balances b
         JOIN loyalty_tiers cur ON cur.id = b.tier_id
         JOIN loyalty_tiers t ON t.min_points <= cur.min_points
        WHERE b.user_id = $1`,
      [userId],
    );
    return r?.rank ?? 0;
  }
}
