import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { RedisService } from '../common/redis.service';

/** A presence entry lives this long unless its node refreshes it (a killed node's members drop out). */
export const PRESENCE_TTL_MS = 60_000;
const HEARTBEAT_MS = 20_000;

/**
 * Who is online in a room, across nodes. Each socket in a room is one entry
 * `<userId>|<socketId>` in a Redis sorted set scored by its expiry; every node refreshes its own
 * entries on a heartbeat, so the entries of a node killed with SIGKILL expire within a minute.
 * This node's own entries are also kept in memory: they answer when there is no Redis (single
 * node) or Redis is away.
 */
@Injectable()
export class PresenceService implements OnModuleInit, OnApplicationShutdown {
  private readonly local = new Map<string, Map<string, number>>(); // room -> entry -> userId
  private timer: NodeJS.Timeout | null = null;
  private readonly log = new Logger('Presence');

  constructor(private readonly redis: RedisService) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.heartbeat(), HEARTBEAT_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private key(room: string): string {
    return `${this.redis.prefix}presence:${room}`;
  }

  /** Adds a socket; true when its member was not online in the room before. */
  async add(room: string, userId: number, socketId: string): Promise<boolean> {
    const before = await this.userIds(room);
    const entries = this.local.get(room) ?? new Map<string, number>();
    entries.set(`${userId}|${socketId}`, userId);
    this.local.set(room, entries);
    await this.redisCall((c) => c.zadd(this.key(room), Date.now() + PRESENCE_TTL_MS, `${userId}|${socketId}`));
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

  /** Members online in a room (any node). */
  async userIds(room: string): Promise<Set<number>> {
    const now = Date.now();
    const remote = await this.redisCall(async (c) => {
      await c.zremrangebyscore(this.key(room), '-inf', now);
      return c.zrangebyscore(this.key(room), now, '+inf');
    });
    const ids = new Set<number>();
    for (const uid of this.local.get(room)?.values() ?? []) ids.add(uid);
    for (const e of remote ?? []) ids.add(Number(e.split('|')[0]));
    return ids;
  }

  private async heartbeat(): Promise<void> {
    const c = this.redis.client;
    if (!c || !this.redis.ready || this.local.size === 0) return;
    const until = Date.now() + PRESENCE_TTL_MS;
    const p = c.pipeline();
    for (const [room, entries] of this.local) {
      for (const entry of entries.keys()) p.zadd(this.key(room), until, entry);
      p.pexpire(this.key(room), PRESENCE_TTL_MS * 2);
    }
    await p.exec().catch((e: Error) => this.log.warn(`heartbeat: ${e.message}`));
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
