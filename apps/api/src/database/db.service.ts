import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { DomainEventMap, DomainEventType } from '../events/domain-events';

type AfterCommit = () => void;

/**
 * Units of work. `tx()` runs a transaction and, once it has committed, the callbacks registered
 * in it (`afterCommit`), such as waking the outbox dispatcher or pushing to sockets; a rolled
 * back transaction runs none of them.
 */
@Injectable()
export class Db {
  private readonly pending = new WeakMap<EntityManager, AfterCommit[]>();
  private readonly publishedListeners: AfterCommit[] = [];

  constructor(readonly ds: DataSource) {}

  async tx<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    let callbacks: AfterCommit[] = [];
    const result = await this.ds.transaction('READ COMMITTED', async (em) => {
      this.pending.set(em, (callbacks = []));
      return work(em);
    });
    for (const cb of callbacks) {
      try {
        cb();
      } catch {
        /* after-commit work never undoes the commit */
      }
    }
    return result;
  }

  afterCommit(em: EntityManager, cb: AfterCommit): void {
    const list = this.pending.get(em);
    if (list) list.push(cb);
    else cb(); // not inside tx(): nothing to wait for
  }

  /** Writes a domain event to the outbox in the caller's transaction. */
  async publish<E extends DomainEventType>(em: EntityManager, type: E, payload: DomainEventMap[E]): Promise<void> {
    await em.query(`INSERT INTO outbox (type, payload) VALUES ($1, $2)`, [type, JSON.stringify(payload)]);
    for (const l of this.publishedListeners) this.afterCommit(em, l);
  }

  onPublished(cb: AfterCommit): void {
    this.publishedListeners.push(cb);
  }
}
