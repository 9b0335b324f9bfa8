import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/config';

/**
 * The optional Redis connection (REDIS_URL). Redis holds only what can be rebuilt from
 * PostgreSQL (rate-limit counters, leaderboards, the socket.io adapter); when it is away the
 * platform keeps serving.
 */
@Injectable()
export class RedisService implements OnModuleInit, OnApplicationShutdown {
  readonly client: Redis | null;
  /** Keys are prefixed per database so several test apps can share one Redis. */
  readonly prefix: string;
  private readonly log = new Logger('Redis');
  private lastError = 0;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    // several deployments (and test apps) may share one Redis: keys are scoped by database
    this.prefix = config.databaseUrl
      ? `wala:${new URL(config.databaseUrl).host}${new URL(config.databaseUrl).pathname}:`
      : `wala:embedded-${createHash('sha256').update(config.dataDir).digest('hex').slice(0, 12)}:`;
    if (!config.redisUrl) {
      this.client = null;
      return;
    }
    this.client = new Redis(config.redisUrl, {
      lazyConnect: false,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: (times) => Math.min(times * 200, 2000),
    });
    this.client.on('error', (e) => {
      // logged at most every 10 s: a Redis outage must not flood the logs or crash the node
      if (Date.now() - this.lastError > 10_000) {
        this.lastError = Date.now();
        this.log.warn(`redis: ${e.message}`);
      }
    });
  }

  /**
   * Waits (briefly) for the first connection, so limits counted at start-up go to Redis and not
   * to the in-process stand-in; a Redis that is down at start does not stop the node.
   */
  async onModuleInit(): Promise<void> {
    const c = this.client;
    if (!c || c.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        c.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, 3000);
      c.once('ready', done);
    });
  }

  get ready(): boolean {
    return this.client?.status === 'ready';
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.client) this.client.disconnect();
  }
}
