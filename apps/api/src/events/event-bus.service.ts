import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Db } from '../database/db.service';
import { rows } from '../common/sql';
import type { DomainEventMap, DomainEventType } from './domain-events';

type Handler<E extends DomainEventType> = (em: EntityManager, payload: DomainEventMap[E], meta: { eventId: number }) => Promise<void>;

const POLL_MS = 1000;
const BATCH = 20;
const MAX_ATTEMPTS = 12;

/**
 * Delivers outbox events to subscribers. Each event is handled in one transaction with all of
 * its handlers and marked processed in that same transaction; a failure rolls back and retries
 * later with backoff. Rows are claimed with FOR UPDATE SKIP LOCKED, so several nodes share the
 * work without handling an event twice at the same time.
 */
@Injectable()
export class EventBus implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('EventBus');
  private readonly handlers = new Map<string, { name: string; fn: Handler<DomainEventType> }[]>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(private readonly db: Db) {
    db.onPublished(() => this.kick());
  }

  on<E extends DomainEventType>(type: E, name: string, fn: Handler<E>): void {
    const list = this.handlers.get(type) ?? [];
    list.push({ name, fn: fn as unknown as Handler<DomainEventType> });
    this.handlers.set(type, list);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.kick(), POLL_MS);
    this.timer.unref();
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Wakes the dispatcher (after a commit that published events). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .then(() => undefined)
      .catch((e) => this.log.warn(`dispatch: ${String(e)}`))
      .finally(() => {
        this.running = null;
        if (this.again && !this.stopped) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Processes every due event; resolves when none is left (used by tests and the CLI too). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      if (this.stopped) return total;
      let n = 0;
      for (let i = 0; i < BATCH; i++) {
        if (!(await this.processOne())) break;
        n++;
      }
      total += n;
      if (n < BATCH) return total;
    }
  }

  private async processOne(): Promise<boolean> {
    let failed: { id: number; error: string; attempts: number } | null = null;
    const done = await this.db.tx(async (em) => {
      const [ev] = await rows<{ id: number; type: DomainEventType; payload: never; attempts: number }>(
        em,
        `SELECT id, type, payload, attempts FROM outbox
          WHERE processed_at IS NULL AND next_attempt_at <= now()
          ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`,
      );
      if (!ev) return false;
      try {
        await em.query('SAVEPOINT handlers');
        for (const h of this.handlers.get(ev.type) ?? []) await h.fn(em, ev.payload, { eventId: ev.id });
        await em.query('RELEASE SAVEPOINT handlers');
        await em.query(`UPDATE outbox SET processed_at = now(), attempts = attempts + 1 WHERE id = $1`, [ev.id]);
      } catch (e) {
        await em.query('ROLLBACK TO SAVEPOINT handlers');
        failed = { id: ev.id, error: e instanceof Error ? `${e.message}` : String(e), attempts: ev.attempts + 1 };
        const delay = Math.min(2 ** ev.attempts, 3600);
        const giveUp = ev.attempts + 1 >= MAX_ATTEMPTS;
        await em.query(
          `UPDATE outbox SET attempts = attempts + 1, last_error = $2,
                  next_attempt_at = CASE WHEN $4 THEN 'infinity'::timestamptz ELSE now() + make_interval(secs => $3) END
            WHERE id = $1`,
          [ev.id, failed.error.slice(0, 1000), delay, giveUp],
        );
      }
      return true;
    });
    if (failed) {
      const f = failed as { id: number; error: string; attempts: number };
      this.log.warn(`event ${f.id} failed (attempt ${f.attempts}): ${f.error}`);
    }
    return done;
  }
}
