import type { INestApplicationContext } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * What a demo step gets: the seeding transaction, the demo members by key (`admin`,
 * `moderator`, `manager.qahwa`, `manager.souq`, `layla`, `emma`, ...), the brands by slug
 * (`qahwa-house`, `souq`), and the app to get services from. Steps must be idempotent
 * (`seed:demo` runs them again on a seeded database) and use `em` for every query.
 */
export interface DemoContext {
  em: EntityManager;
  users: Record<string, number>;
  brands: Record<string, number>;
  app: INestApplicationContext;
}

export interface DemoStep {
  name: string;
  run(ctx: DemoContext): Promise<void>;
}
