import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { RedisService } from '../common/redis.service';

/** A presence entry lives this long unless its node refreshes it (a killed node's members drop out). */
export const PRESENCE_TTL_MS = 60_000;
/** How often a node looks for entries that expired (a killed node's) and tells their rooms. */
export const PRESENCE_SWEEP_MS = 10_000;

/** Told when a member went offline in a room without leaving it (their node died), or came back. */
export type PresenceListener = (room: string, userId: number, online: boolean) => Promise<void>;

/**
 * Takes the expired entries out of one room's set and answers them, in one step: when several
 * nodes sweep at once, each expired entry is answered to exactly one of them. The room leaves the
 * set of rooms once it is empty (an `add` after that puts it back).
 */
const SWEEP_ROOM = `
local gone = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if #gone > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1]) end
if redis.call('ZCARD', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[2]) end
return gone`;

const userOf = (entry: string) => Number(entry.split('|')[0]);

/**
 * Who is online in a room, across nodes. Each socket in a room is one entry
 * `<userId>|<socketId>` in a Redis sorted set scored by its expiry; every node refreshes its own
 * entries on a heartbeat (a third of the TTL), so the entries of a node killed with SIGKILL
 * expire. Every node also sweeps: it takes expired entries out (atomically, so one node answers
 * each entry) and tells the listeners about members left with no live entry, who then push the
 * offline change to the room. This node's own entries are also kept in memory: they answer when
 * there is no Redis (single node) or Redis is away.
 */
@Injectable()
export class PresenceService implements OnModuleInit, OnApplicationShutdown {
  private readonly local = new Map<string, Map<string, number>>(); // room -> entry -> userId
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly listeners: PresenceListener[] = [];
  private readonly log = new Logger('Presence');
  private readonly ttlMs: number;
  private readonly sweepMs: number;
  private sweeping: Promise<number> | null = null;

  constructor(
    private readonly redis: RedisService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.ttlMs = config.presenceTtlMs ?? PRESENCE_TTL_MS;
    this.sweepMs = config.presenceSweepMs ?? PRESENCE_SWEEP_MS;
  }

  onModuleInit(): void {
    this.timers.push(
      setInterval(() => void this.heartbeat(), Math.max(1000, Math.floor(this.ttlMs / 3))),
      setInterval(() => void this.sweep(), this.sweepMs),
    );
    for (const t of this.timers) t.unref();
  }

  onApplicationShutdown(): void {
    for (const t of this.timers) clearInterval(t);
  }

  /** Registers who pushes changes found by the sweep and the heartbeat (chat: `presence` to the channel). */
  onChange(listener: PresenceListener): void {
    this.listeners.push(listener);
  }

  private key(room: string): string {
    return `${this.redis.prefix}presence:${room}`;
  }

  private get roomsKey(): string {
    return `${this.redis.prefix}presence-rooms`;
  }

  /** Adds a socket; true when its member was not online in the room before. */
  async add(room: string, userId: number, socketId: string): Promise<boolean> {
    const before = await this.userIds(room);
    const entries = this.local.get(room) ?? new Map<string, number>();
    entries.set(`${userId}|${socketId}`, userId);
    this.local.set(room, entries);
    await this.redisCall((c) =>
      c
        .multi()
        .zadd(this.key(room), Date.now() + this.ttlMs, `${userId}|${socketId}`)
        .sadd(this.roomsKey, room)
        .exec(),
    );
    return !before.has(userId);
  }

  /** Removes a socket; true when its member has no socket left in the room (on any node). */
  async remove(room: string, userId: number, socketId: string): Promise<boolean> {
    const entries = this.local.get(room);
    entries?.delete(`${userId}|${socketId}`);
    if (entries && entries.size === 0) this.local.delete(room);
    await this.redisCall((c) => c.zrem(this.key(room), `${userId}|${socketId}`));
    return !(await this.userIds(room)).has(userId);
  }

  /**
   * Members online in a room (any node). Expired entries are not counted but stay in Redis until
   * a sweep takes them out: the sweep is what tells the room they left.
   */
  async userIds(room: string): Promise<Set<number>> {
    const remote = await this.redisCall((c) => c.zrangebyscore(this.key(room), `(${Date.now()}`, '+inf'));
    const ids = new Set<number>();
    for (const uid of this.local.get(room)?.values() ?? []) ids.add(uid);
    for (const e of remote ?? []) ids.add(userOf(e));
    return ids;
  }

  /**
   * Takes expired entries out of every room and tells the listeners about each member left with
   * no live entry there; answers how many went offline. Safe on every node at once; one sweep
   * at a time per node.
   */
  sweep(): Promise<number> {
    this.sweeping ??= this.sweepRooms().finally(() => (this.sweeping = null));
    return this.sweeping;
  }

  private async sweepRooms(): Promise<number> {
    const c = this.redis.client;
    if (!c || !this.redis.ready) return 0;
    let offline = 0;
    try {
      let cursor = '0';
      do {
        const [nextCursor, rooms] = await c.sscan(this.roomsKey, cursor, 'COUNT', 200);
        cursor = nextCursor;
        for (const room of rooms) {
          const now = Date.now();
          const gone = (await c.eval(SWEEP_ROOM, 2, this.key(room), this.roomsKey, now, room)) as string[];
          if (!gone.length) continue;
          const live = await this.userIds(room);
          for (const userId of new Set(gone.map(userOf))) {
            if (live.has(userId)) continue;
            offline++;
            await this.tell(room, userId, false);
          }
        }
      } while (cursor !== '0');
    } catch (e) {
      this.log.warn(`sweep: ${(e as Error).message}`);
    }
    return offline;
  }

  /**
   * Refreshes this node's entries. An entry that had to be added again (Redis lost it, or another
   * node's sweep took it out while this node could not reach Redis) means its member may have been
   * announced offline: the room is told they are online.
   */
  private async heartbeat(): Promise<void> {
    const c = this.redis.client;
    if (!c || !this.redis.ready || this.local.size === 0) return;
    const until = Date.now() + this.ttlMs;
    const p = c.pipeline();
    const sent: Array<[string, string, number] | null> = [];
    for (const [room, entries] of this.local) {
      for (const [entry, userId] of entries) {
        p.zadd(this.key(room), until, entry);
        sent.push([room, entry, userId]);
      }
      p.pexpire(this.key(room), this.ttlMs * 2);
      p.sadd(this.roomsKey, room);
      sent.push(null, null);
    }
    const results = await p.exec().catch((e: Error) => {
      this.log.warn(`heartbeat: ${e.message}`);
      return null;
    });
    const back = new Map<string, [string, number]>();
    for (const [i, [err, added]] of (results ?? []).entries()) {
      const what = sent[i];
      if (err || !what || added !== 1) continue;
      const [room, entry, userId] = what;
      // the socket left while the refresh was on its way: take the entry out again, announce nothing
      if (!this.local.get(room)?.has(entry)) await this.redisCall((c) => c.zrem(this.key(room), entry));
      else back.set(`${room}|${userId}`, [room, userId]);
    }
    for (const [room, userId] of back.values()) await this.tell(room, userId, true);
  }

  private async tell(room: string, userId: number, online: boolean): Promise<void> {
    for (const l of this.listeners) {
      await l(room, userId, online).catch((e: unknown) => this.log.warn(`presence ${room}: ${String(e)}`));
    }
  }

  private async redisCall<T>(fn: (c: NonNullable<RedisService['client']>) => Promise<T>): Promise<T | null> {
    const c = this.redis.client;
    if (!c || !this.redis.ready) return null;
    try {
      return await fn(c);
    } catch (e) {
      this.log.warn(`redis: ${(e as Error).message}`);
      return null;
    }
  }
}
