import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { NotificationDto, Page } from '@wala/contract';
import type { EntityManager } from 'typeorm';
import { notFound } from '../common/errors';
import { decodeCursor, toPage } from '../common/params';
import { Realtime } from '../common/realtime';
import { affected, one, rows } from '../common/sql';
import { Db } from '../database/db.service';
import { PersonalData } from '../identity/personal-data';

export interface NotifyInput {
  userId: number;
  /** e.g. `reply`, `mention`, `quote`, `moderation`, `points`, `badge`; its text is `web.notifications.kinds.<kind>` */
  kind: string;
  /** what the UI needs to render and link it (ids, titles, actor name); never private content of others */
  data?: Record<string, unknown>;
  /** the same key for the same user notifies once (event redelivery, repeated mentions) */
  dedupeKey?: string;
}

interface Row {
  id: number;
  kind: string;
  data: Record<string, unknown>;
  read_at: Date | null;
  created_at: Date;
}

const map = (r: Row): NotificationDto => ({
  id: r.id,
  kind: r.kind,
  data: r.data,
  read: r.read_at !== null,
  createdAt: r.created_at.toISOString(),
});

/**
 * In-app notifications for every area. `notify()` writes in the caller's transaction and, once
 * it commits, pushes the notification to the member's sockets.
 */
@Injectable()
export class NotificationsService implements OnModuleInit {
  constructor(
    private readonly db: Db,
    private readonly realtime: Realtime,
    private readonly personalData: PersonalData,
  ) {}

  onModuleInit(): void {
    this.personalData.register({
      section: 'notifications',
      collect: (em, userId) => rows(em, `SELECT kind, data, read_at, created_at FROM notifications WHERE user_id = $1 ORDER BY id`, [userId]),
      erase: async (em, userId) => void (await em.query(`DELETE FROM notifications WHERE user_id = $1`, [userId])),
    });
  }

  async notify(em: EntityManager, n: NotifyInput): Promise<NotificationDto | null> {
    const [r] = await rows<Row>(
      em,
      `INSERT INTO notifications (user_id, kind, data, dedupe_key) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
       RETURNING id, kind, data, read_at, created_at`,
      [n.userId, n.kind, JSON.stringify(n.data ?? {}), n.dedupeKey ?? null],
    );
    if (!r) return null;
    const dto = map(r);
    this.db.afterCommit(em, () => this.realtime.toUser(n.userId, 'notification', { id: dto.id, kind: dto.kind, data: dto.data, createdAt: dto.createdAt }));
    return dto;
  }

  async list(userId: number, q: { cursor?: string; limit: number; unreadOnly: boolean }): Promise<Page<NotificationDto>> {
    const cur = decodeCursor(q.cursor, ['number']);
    const found = await rows<Row>(
      this.db.ds,
      `SELECT id, kind, data, read_at, created_at FROM notifications
        WHERE user_id = $1 AND ($2::bigint IS NULL OR id < $2) AND (NOT $3 OR read_at IS NULL)
        ORDER BY id DESC LIMIT $4`,
      [userId, cur?.[0] ?? null, q.unreadOnly, q.limit + 1],
    );
    return toPage(found, q.limit, map, (r) => [r.id]);
  }

  async unreadCount(userId: number): Promise<number> {
    const r = await one<{ n: number }>(this.db.ds, `SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL`, [userId]);
    return r!.n;
  }

  async markRead(userId: number, id: number): Promise<void> {
    const n = await affected(this.db.ds, `UPDATE notifications SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND user_id = $2`, [id, userId]);
    if (!n) throw notFound();
  }

  async markAllRead(userId: number): Promise<number> {
    return affected(this.db.ds, `UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL`, [userId]);
  }
}
