import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface AuditEntry {
  actorId: number | null;
  action: string;
  targetType: string;
  targetId: number | null;
  reason?: string;
  data?: Record<string, unknown>;
}

/** Appends to the audit log inside the caller's transaction, so an action and its record commit together. */
@Injectable()
export class AuditService {
  async record(em: EntityManager, e: AuditEntry): Promise<void> {
    await em.query(
      `INSERT INTO audit_log (actor_id, action, target_type, target_id, reason, data) VALUES ($1, $2, $3, $4, $5, $6)`,
      [e.actorId, e.action, e.targetType, e.targetId, (e.reason ?? '').slice(0, 500), JSON.stringify(e.data ?? {})],
    );
  }
}
