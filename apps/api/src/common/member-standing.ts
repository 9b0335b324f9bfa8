import { Injectable } from '@nestjs/common';
import type { Queryable } from './sql';

/**
 * A member's standing in the loyalty programme, as other areas need it for gating
 * (tier-only categories, channels, rewards, giveaways, early event RSVP). The loyalty area
 * provides the implementation (bound to this token in its module); areas never read loyalty
 * tables themselves.
 */
export abstract class MemberStanding {
  /** Rank of the member's current tier: 0 below the first tier, 1 for the lowest tier, ... */
  abstract tierRank(db: Queryable, userId: number): Promise<number>;
}

/** Used until an area binds a real one: a community without tiers, where everyone has rank 0. */
@Injectable()
export class NoTiers extends MemberStanding {
  async tierRank(): Promise<number> {
    return 0;
  }
}
