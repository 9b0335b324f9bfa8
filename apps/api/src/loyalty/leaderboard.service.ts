import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { LeaderboardDto, LeaderboardPeriod, LeaderboardRowDto } from '@wala/contract';
import type { EntityManager } from 'typeorm';
import { RedisService } from '../common/redis.service';
import { one, rows, type Queryable } from '../common/sql';
import { Db } from '../database/db.service';
import { EventBus } from '../events/event-bus.service';
import { LoyaltySettings } from './settings.service';

export const TOP_N = 50;
const ALL_TIME = '1970-01-01';
const READY_TTL_S = 3600;

interface Board {
  period: LeaderboardPeriod;
  start: string;
  brandId: number;
}

/**
 * A score as shown: never below 0. A stored score is the sum of its period's awards and of the
 * reversals of those awards, so it is negative only while a reversal has been handled before
 * the award it reverses (events are handled in no particular order).
 */
const shown = (points: number) => Math.max(0, points);

/** Competition ranking of rows sorted by points desc: equal points share a rank. */
export function competitionRanks(points: number[], firstRank: number): number[] {
  const out: number[] = [];
  points.forEach((p, i) => out.push(i > 0 && p === points[i - 1] ? out[i - 1] : firstRank + i));
  return out;
}

/**
 * Leaderboards of points earned (awards − reversals) per week, month and all time, overall and
 * per brand, staff excluded. PostgreSQL holds the scores and, per score, how many members have
 * it (buckets), so "my rank" is a sum over the higher scores, never a scan of members; Redis
 * sorted sets mirror them when Redis is there (rebuilt from PostgreSQL when missing). Scores are
 * updated by the `points.entry` handler in the outbox transaction: at most the dispatcher's lag behind.
 */
@Injectable()
export class LeaderboardService implements OnModuleInit {
  private readonly log = new Logger('Leaderboard');
  private readonly rebuilding = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly redis: RedisService,
    private readonly settings: LoyaltySettings,
  ) {}

  onModuleInit(): void {
    this.bus.on('points.entry', 'loyalty:leaderboard', async (em, e) => {
      if (!e.earnedDelta) return;
      // a reversal counts in the period of the award it reverses, so that period's score drops,
      // not the current one (a period's score = its awards not reversed, never below 0 once both are handled)
      await this.add(em, e.userId, e.earnedDelta, e.brandId, e.reversesAt ?? e.at);
    });
  }

  private key(b: Board): string {
    return `${this.redis.prefix}lb:${b.period}:${b.start}:${b.brandId}`;
  }

  async add(em: EntityManager, userId: number, delta: number, brandId: number | null, at: string): Promise<void> {
    const u = await one<{ role: string }>(em, `SELECT role FROM users WHERE id = $1`, [userId]);
    if (!u || u.role !== 'member') return; // staff are not ranked
    const s = await this.settings.get(em);
    const p = await this.settings.periods(em, s, at);
    const boards: Board[] = [];
    for (const b of brandId ? [0, brandId] : [0]) {
      boards.push({ period: 'week', start: p.week, brandId: b }, { period: 'month', start: p.month, brandId: b }, { period: 'all', start: ALL_TIME, brandId: b });
    }
    const updates: { b: Board; points: number }[] = [];
    for (const b of boards) {
      const r = await one<{ points: number; inserted: boolean }>(
        em,
        `INSERT INTO leaderboard_scores AS s (period, period_start, brand_id, user_id, points) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (period, period_start, brand_id, user_id) DO UPDATE SET points = s.points + EXCLUDED.points
         RETURNING points, (xmax = 0) AS inserted`,
        [b.period, b.start, b.brandId, userId, delta],
      );
      const moves: [number, number][] = [[r!.points, 1]];
      if (!r!.inserted) moves.push([r!.points - delta, -1]);
      moves.sort((x, y) => x[0] - y[0]); // a fixed lock order between concurrent moves
      for (const [points, by] of moves) {
        // a decrement is an UPDATE: the proposed row of an upsert is checked (members >= 0) before the conflict
        if (by < 0) {
          await em.query(`UPDATE leaderboard_buckets SET members = members - 1 WHERE period = $1 AND period_start = $2 AND brand_id = $3 AND points = $4`, [
            b.period,
            b.start,
            b.brandId,
            points,
          ]);
        } else {
          await em.query(
            `INSERT INTO leaderboard_buckets AS k (period, period_start, brand_id, points, members) VALUES ($1, $2, $3, $4, 1)
             ON CONFLICT (period, period_start, brand_id, points) DO UPDATE SET members = k.members + 1`,
            [b.period, b.start, b.brandId, points],
          );
        }
      }
      updates.push({ b, points: r!.points });
    }
    const c = this.redis.client;
    if (c) {
      this.db.afterCommit(em, () => {
        if (!this.redis.ready) return;
        const m = c.multi();
        for (const x of updates) m.zadd(this.key(x.b), x.points, String(userId));
        m.exec().catch(() => undefined); // Redis is a mirror: the next update or rebuild corrects it
      });
    }
  }

  async board(period: LeaderboardPeriod, brandId: number | null, meId: number | null): Promise<LeaderboardDto> {
    const ds = this.db.ds;
    const s = await this.settings.get(ds);
    const p = await this.settings.periods(ds, s);
    const b: Board = { period, start: period === 'week' ? p.week : period === 'month' ? p.month : ALL_TIME, brandId: brandId ?? 0 };
    const lag = await one<{ at: Date | null }>(ds, `SELECT min(created_at) AS at FROM outbox WHERE processed_at IS NULL AND type = 'points.entry'`);
    const asOf = (lag?.at ?? new Date()).toISOString();
    const fromRedis = await this.fromRedis(b, meId).catch(() => null);
    const res = fromRedis ? await this.named(fromRedis) : await this.fromPostgres(ds, b, meId);
    return { period, periodStart: b.start, brandId, items: res.items, me: res.me, asOf, source: fromRedis ? 'redis' : 'postgres' };
  }

  /** Rows read from Redis get their members' names. */
  private async named(res: { items: LeaderboardRowDto[]; me: LeaderboardRowDto | null }): Promise<{ items: LeaderboardRowDto[]; me: LeaderboardRowDto | null }> {
    const ids = [...new Set([...res.items.map((i) => i.userId), ...(res.me ? [res.me.userId] : [])])];
    const names = new Map(
      (await rows<{ id: number; display_name: string }>(this.db.ds, `SELECT id, display_name FROM users WHERE id = ANY($1::bigint[])`, [ids])).map((u) => [
        u.id,
        u.display_name,
      ]),
    );
    const name = (r: LeaderboardRowDto): LeaderboardRowDto => ({ ...r, displayName: names.get(r.userId) ?? '' });
    return { items: res.items.map(name), me: res.me ? name(res.me) : null };
  }

  private async fromPostgres(db: Queryable, b: Board, meId: number | null): Promise<{ items: LeaderboardRowDto[]; me: LeaderboardRowDto | null }> {
    const top = await rows<{ user_id: number; points: number; display_name: string }>(
      db,
      // the top first, then 50 names. Ties are listed newest member first: (points, user_id)
      // both descending is the top index read backwards and stops after 50 rows; a mixed order
      // made PostgreSQL sort the whole board (38 ms with parallel workers at 1,000,000 members)
      `SELECT t.user_id, t.points, u.display_name
         FROM (SELECT user_id, points FROM leaderboard_scores WHERE period = $1 AND period_start = $2 AND brand_id = $3
                ORDER BY points DESC, user_id DESC LIMIT $4) t
         JOIN users u ON u.id = t.user_id
        ORDER BY t.points DESC, t.user_id DESC`,
      [b.period, b.start, b.brandId, TOP_N],
    );
    const ranks = competitionRanks(
      top.map((t) => shown(t.points)),
      1,
    );
    const items = top.map((t, i) => ({ rank: ranks[i], userId: t.user_id, displayName: t.display_name, points: shown(t.points) }));
    let me: LeaderboardRowDto | null = null;
    if (meId) {
      // my score, name and rank (1 + the members in the buckets above my score): one statement
      const mine = await one<{ points: number; display_name: string; above: number }>(
        db,
        `SELECT GREATEST(s.points, 0) AS points, u.display_name,
                (SELECT COALESCE(sum(k.members), 0) FROM leaderboard_buckets k
                  WHERE k.period = s.period AND k.period_start = s.period_start AND k.brand_id = s.brand_id AND k.points > GREATEST(s.points, 0))::int AS above
           FROM leaderboard_scores s JOIN users u ON u.id = s.user_id
          WHERE s.period = $1 AND s.period_start = $2 AND s.brand_id = $3 AND s.user_id = $4`,
        [b.period, b.start, b.brandId, meId],
      );
      if (mine) me = { rank: mine.above + 1, userId: meId, displayName: mine.display_name, points: mine.points };
    }
    return { items, me };
  }

  /** Null when Redis is absent or the board is not (yet) mirrored there; starts a rebuild then. */
  private async fromRedis(b: Board, meId: number | null): Promise<{ items: LeaderboardRowDto[]; me: LeaderboardRowDto | null } | null> {
    const c = this.redis.client;
    if (!c || !this.redis.ready) return null;
    const key = this.key(b);
    if (!(await c.exists(`${key}:ready`))) {
      void this.rebuild(b);
      return null;
    }
    const flat = await c.zrevrange(key, 0, TOP_N - 1, 'WITHSCORES');
    const top: { userId: number; points: number }[] = [];
    for (let i = 0; i < flat.length; i += 2) top.push({ userId: Number(flat[i]), points: shown(Number(flat[i + 1])) });
    top.sort((x, y) => y.points - x.points || y.userId - x.userId); // ties newest member first, as in PostgreSQL
    const ranks = competitionRanks(
      top.map((t) => t.points),
      1,
    );
    const items = top.map((t, i) => ({ rank: ranks[i], userId: t.userId, displayName: '', points: t.points }));
    let me: LeaderboardRowDto | null = null;
    if (meId) {
      const score = await c.zscore(key, String(meId));
      if (score !== null) {
        const points = shown(Number(score));
        const above = await c.zcount(key, `(${points}`, '+inf');
        me = { rank: above + 1, userId: meId, displayName: '', points };
      }
    }
    return { items, me };
  }

  /** Copies a board from PostgreSQL into its Redis sorted set, then marks it ready. */
  async rebuild(b: Board): Promise<void> {
    const c = this.redis.client;
    const key = this.key(b);
    if (!c || this.rebuilding.has(key)) return;
    this.rebuilding.add(key);
    try {
      let after = 0;
      for (;;) {
        const chunk = await rows<{ user_id: number; points: number }>(
          this.db.ds,
          `SELECT user_id, points FROM leaderboard_scores WHERE period = $1 AND period_start = $2 AND brand_id = $3 AND user_id > $4
            ORDER BY user_id LIMIT 5000`,
          [b.period, b.start, b.brandId, after],
        );
        if (!chunk.length) break;
        const args: (string | number)[] = [];
        for (const r of chunk) args.push(r.points, String(r.user_id));
        await c.zadd(key, ...args);
        after = chunk[chunk.length - 1].user_id;
      }
      await c.set(`${key}:ready`, '1', 'EX', READY_TTL_S);
    } catch (e) {
      this.log.warn(`rebuild ${key}: ${String(e)}`);
    } finally {
      this.rebuilding.delete(key);
    }
  }
}
