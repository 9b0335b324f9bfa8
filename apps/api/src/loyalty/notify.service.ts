import { Injectable, type OnModuleInit } from '@nestjs/common';
import { one } from '../common/sql';
import { EventBus } from '../events/event-bus.service';
import { NotificationsService } from '../notifications/notifications.service';
import { BadgesService } from './badges.service';

/** In-app notifications for tier moves and badges (the toasts are pushed by the ledger and badges). */
@Injectable()
export class LoyaltyNotifications implements OnModuleInit {
  constructor(
    private readonly bus: EventBus,
    private readonly notifications: NotificationsService,
    private readonly badges: BadgesService,
  ) {}

  onModuleInit(): void {
    this.bus.on('tier.changed', 'loyalty:notify', async (em, e) => {
      await this.badges.onTier(em, e.userId, e.toTierId);
      if (e.direction !== 'up' || !e.toTierId) return;
      const t = await one<{ name: string; name_ar: string }>(em, `SELECT name, name_ar FROM loyalty_tiers WHERE id = $1`, [e.toTierId]);
      await this.notifications.notify(em, { userId: e.userId, kind: 'loyalty_tier_up', data: { tierId: e.toTierId, name: t?.name, nameAr: t?.name_ar }, dedupeKey: `tier:${e.toTierId}` });
    });
    this.bus.on('badge.granted', 'loyalty:notify', async (em, e) => {
      const b = await one<{ name: string; name_ar: string }>(em, `SELECT name, name_ar FROM badges WHERE id = $1`, [e.badgeId]);
      await this.notifications.notify(em, { userId: e.userId, kind: 'loyalty_badge', data: { badgeId: e.badgeId, name: b?.name, nameAr: b?.name_ar }, dedupeKey: `badge-grant:${e.grantId}` });
    });
  }
}
