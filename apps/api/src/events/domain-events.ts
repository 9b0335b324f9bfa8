/**
 * The typed domain events areas publish to each other. Add an event here, publish it with
 * `Db.publish(em, ...)` in the transaction of the action, subscribe with `EventBus.on(...)`.
 */
export interface DomainEventMap {
  'member.registered': { userId: number; referredById: number | null };
  'member.email_verified': { userId: number };
  'member.deleted': { userId: number };
  'member.role_changed': { userId: number; role: string; actorId: number };
}

export type DomainEventType = keyof DomainEventMap;
