import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Db } from '../database/db.service';
import { rows } from '../common/sql';
import { METRICS, type Metrics } from '../ops/metrics';
import type { DomainEventMap, DomainEventType } from './domain-events';

type Handler<E extends DomainEventType> = (em: EntityManager, payload: DomainEventMap[E], meta: { eventId: number }) => Promise<void>;

const POLL_MS = 1000;
const BATCH = 20;
/** after this many failed attempts an event is parked (next_attempt_at = 'infinity'): logged at error level and counted */
export const MAX_ATTEMPTS = 12;
/** how long a node owns the events it claimed before another node may deliver them again */
const LEASE_S = 60;

interface Claimed {
  id: number;
  type: DomainEventType;
  payload: never;
  attempts: number;
  pending: { name: string; fn: Handler<DomainEventType> }[];
}

/**
 * Delivers outbox events to subscribers, each subscriber in its own transaction. A subscriber's
 * transaction first inserts its `outbox_handled (event_id, handler)` row, then runs the
 * handler's effects: both commit together or not at all, so each subscriber's effects happen
 * exactly once even when two nodes race (the second insert waits for the first and finds the
 * row). A failing subscriber rolls back only its own work; the others are recorded as handled
 * and never run again for that event, and the event comes back after a backoff for the failing
 * subscribers only. An event is marked processed when every subscriber has handled it.
 *
 * Events are claimed in batches with FOR UPDATE SKIP LOCKED and leased (their next attempt is
 * pushed `LEASE_S` ahead), so several nodes share the work and a node that dies mid-delivery
 * hands its events over when the lease runs out. No transaction spans more than one subscriber,
 * and on the embedded single-connection database the transactions simply run one after another.
 */
@Injectable()
export class EventBus implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('EventBus');
  private readonly handlers = new Map<string, { name: string; fn: Handler<DomainEventType> }[]>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  /**
   * With WALA_SQL_LOG (the benchmark recording the statements of one request) nothing is
   * dispatched in the background, so the log holds the request's statements alone; drain()
   * still delivers.
   */
  private readonly manual = !!process.env.WALA_SQL_LOG;

  constructor(
    private readonly db: Db,
    @Optional() @Inject(METRICS) private readonly metrics?: Metrics,
  ) {
    db.onPublished(() => this.kick());
  }

  /** Subscribes `fn` to `type` under `name`, the key of its handled rows: keep names stable. */
  on<E extends DomainEventType>(type: E, name: string, fn: Handler<E>): void {
    const list = this.handlers.get(type) ?? [];
    if (list.some((h) => h.name === name)) throw new Error(`two subscribers named ${name} for ${type}`);
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
    if (this.stopped || this.manual) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.deliver()
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

  /**
   * Processes every due event; resolves when none is left and no background pass is running
   * (used by tests and the CLI too).
   */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      if (this.running) await this.running;
      const n = await this.deliver();
      total += n;
      if (n === 0 && !this.running) return total;
    }
  }

  private async deliver(): Promise<number> {
    let total = 0;
    for (;;) {
      if (this.stopped) return total;
      const n = await this.processBatch();
      if (n === 0) return total;
      total += n;
    }
  }

  /** Claims up to BATCH due events and delivers them; returns how many were claimed. */
  private async processBatch(): Promise<number> {
    const { count, claimed } = await this.db.tx((em) => this.claim(em));
    const processed: number[] = [];
    for (const ev of claimed) {
      // an event's subscribers are independent: their transactions run side by side
      const failures = (await Promise.all(ev.pending.map((h) => this.handle(ev, h)))).filter((f): f is string => f !== null);
      if (!failures.length) {
        processed.push(ev.id);
        continue;
      }
      const error = failures.join('; ');
      const giveUp = ev.attempts + 1 >= MAX_ATTEMPTS;
      const message = `event ${ev.id} (${ev.type}) failed (attempt ${ev.attempts + 1}${giveUp ? ', giving up' : ''}): ${error}`;
      if (giveUp) {
        // parked for good: someone has to look (docs/LOYALTY.md, "Events that keep failing")
        this.log.error(message);
        this.metrics?.outboxGaveUp.inc({ type: ev.type });
      } else this.log.warn(message);
      await this.db.tx((em) =>
        em.query(
          `UPDATE outbox SET attempts = attempts + 1, last_error = $2,
                  next_attempt_at = CASE WHEN $4 THEN 'infinity'::timestamptz ELSE now() + make_interval(secs => $3) END
            WHERE id = $1`,
          [ev.id, error.slice(0, 1000), Math.min(2 ** ev.attempts, 3600), giveUp],
        ),
      );
    }
    if (processed.length) await this.db.tx((em) => this.markProcessed(em, processed));
    return count;
  }

  /** Runs one subscriber in its own transaction; answers the failure, or null. */
  private async handle(ev: Claimed, h: Claimed['pending'][number]): Promise<string | null> {
    try {
      await this.db.tx(async (em) => {
        const mine = await rows(em, `INSERT INTO outbox_handled (event_id, handler) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`, [ev.id, h.name]);
        if (mine.length) await h.fn(em, ev.payload, { eventId: ev.id });
      });
      return null;
    } catch (e) {
      return `${h.name}: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  /** Leases due events and finds which of their subscribers have yet to handle them. */
  private async claim(em: EntityManager): Promise<{ count: number; claimed: Claimed[] }> {
    const events = await rows<Omit<Claimed, 'pending'>>(
      em,
      `UPDATE outbox SET next_attempt_at = now() + make_interval(secs => $2)
        WHERE id IN (SELECT id FROM outbox
                      WHERE processed_at IS NULL AND next_attempt_at <= now()
                      ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING id, type, payload, attempts`,
      [BATCH, LEASE_S],
    );
    if (!events.length) return { count: 0, claimed: [] };
    const ids = events.map((e) => e.id);
    const handled = new Set(
      (await rows<{ event_id: number; handler: string }>(em, `SELECT event_id, handler FROM outbox_handled WHERE event_id = ANY($1::bigint[])`, [ids])).map(
        (r) => `${r.event_id}:${r.handler}`,
      ),
    );
    const claimed = events
      .map((e) => ({ ...e, pending: (this.handlers.get(e.type) ?? []).filter((h) => !handled.has(`${e.id}:${h.name}`)) }))
      .sort((a, b) => a.id - b.id);
    const nothingLeft = claimed.filter((e) => !e.pending.length).map((e) => e.id);
    if (nothingLeft.length) await this.markProcessed(em, nothingLeft);
    return { count: events.length, claimed: claimed.filter((e) => e.pending.length) };
  }

  private async markProcessed(em: EntityManager, ids: number[]): Promise<void> {
    await em.query(`UPDATE outbox SET processed_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ANY($1::bigint[])`, [ids]);
  }
}
