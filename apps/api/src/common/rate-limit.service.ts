import { Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { tooManyRequests } from './errors';
import { RedisService } from './redis.service';

/**
 * Named limits, documented in docs/SECURITY.md. `points` per `duration` seconds; `block` keeps a
 * key refused for that many seconds once it is exhausted (never for good).
 */
export const RATE_LIMITS = {
  /** every login / token attempt from one IP */
  'login-ip': { points: 30, duration: 15 * 60 },
  /** consecutive failures for one account from one IP */
  'login-fail-account-ip': { points: 5, duration: 15 * 60, block: 15 * 60 },
  /** failures for one account from anywhere: a slow brute force, refused for 15 minutes at a time */
  'login-fail-account': { points: 30, duration: 60 * 60, block: 15 * 60 },
  /** failures from a trusted device (device token), which skips the two account buckets above */
  'login-fail-device': { points: 10, duration: 15 * 60, block: 15 * 60 },
  register: { points: 10, duration: 60 * 60 },
  'reset-ip': { points: 10, duration: 60 * 60 },
  'reset-account': { points: 3, duration: 60 * 60 },
  upload: { points: 30, duration: 60 * 60 },
} as const;

export type LimitName = keyof typeof RATE_LIMITS | string;
export interface LimitSpec {
  points: number;
  duration: number;
  block?: number;
}

/**
 * Rate limits on Redis when REDIS_URL is set (shared by every node), otherwise in this
 * process (the single-node embedded mode). If Redis is briefly away, the in-process limiter
 * takes over rather than letting every request through.
 */
@Injectable()
export class RateLimitService {
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  constructor(private readonly redis: RedisService) {}

  private limiter(name: LimitName, spec: LimitSpec): RateLimiterAbstract {
    let l = this.limiters.get(name);
    if (!l) {
      const opts = { keyPrefix: `${this.redis.prefix}rl:${name}`, points: spec.points, duration: spec.duration, blockDuration: spec.block ?? 0 };
      const memory = new RateLimiterMemory(opts);
      l = this.redis.client
        ? new RateLimiterRedis({ ...opts, storeClient: this.redis.client, insuranceLimiter: memory, rejectIfRedisNotReady: true })
        : memory;
      this.limiters.set(name, l);
    }
    return l;
  }

  private spec(name: LimitName, spec?: LimitSpec): LimitSpec {
    const s = spec ?? (RATE_LIMITS as Record<string, LimitSpec>)[name];
    if (!s) throw new Error(`unknown rate limit ${name}`);
    return s;
  }

  /** Counts one hit; throws 429 (with Retry-After) when the key is out of points. */
  async consume(name: LimitName, key: string, spec?: LimitSpec, points = 1): Promise<void> {
    try {
      await this.limiter(name, this.spec(name, spec)).consume(key, points);
    } catch (e) {
      if (e instanceof RateLimiterRes) throw tooManyRequests(Math.max(1, Math.ceil(e.msBeforeNext / 1000)));
      throw e;
    }
  }

  /** Throws 429 if the key is already exhausted, without counting. */
  async check(name: LimitName, key: string, spec?: LimitSpec): Promise<void> {
    const s = this.spec(name, spec);
    const res = await this.limiter(name, s).get(key);
    if (res && res.consumedPoints >= s.points && res.msBeforeNext > 0) {
      throw tooManyRequests(Math.max(1, Math.ceil(res.msBeforeNext / 1000)));
    }
  }

  async reset(name: LimitName, key: string, spec?: LimitSpec): Promise<void> {
    await this.limiter(name, this.spec(name, spec)).delete(key);
  }
}
