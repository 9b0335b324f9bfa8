import { one } from '../../apps/api/src/common/sql';
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
