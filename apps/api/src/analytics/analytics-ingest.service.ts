import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DomainEventMap, DomainEventType } from '../events/domain-events';
import { EventBus } from '../events/event-bus.service';
import { PersonalData } from '../identity/personal-data';
import { rows } from '../common/sql';

/** Participation flags of an activity (analytics_user_periods.flags). */
export const FLAG = { challenge: 1, event: 2, chat: 4 } as const;

/**
 * Feeds analytics from domain events. Each handler runs inside the bus's delivery transaction,
 * so each is one statement: an upsert into a fact table, or one call of `analytics_touch`
 * (a few indexed upserts of the member's day/week/month and its counters). The day of an event
 * is the day its outbox row was written, in the community time zone.
 */
@Injectable()
export class AnalyticsIngestService implements OnModuleInit {
  constructor(
    private readonly bus: EventBus,
    private readonly personalData: PersonalData,
  ) {}

  private touch(em: EntityManager, userId: number, brandId: number | null | undefined, eventId: number, flags = 0, day?: string) {
    return em.query(`SELECT analytics_touch($1, $2, COALESCE($3::date, analytics_event_day($4)), $5)`, [userId, brandId ?? null, day ?? null, eventId, flags]);
  }

  private activity<E extends DomainEventType>(
    type: E,
    pick: (p: DomainEventMap[E]) => {
      userId: number;
      brandId?: number | null;
      flags?: number;
      day?: string;
    },
  ) {
    this.bus.on(type, 'analytics:activity', async (em, payload, meta) => {
      const a = pick(payload);
      await this.touch(em, a.userId, a.brandId, meta.eventId, a.flags ?? 0, a.day);
    });
  }

  onModuleInit(): void {
    this.activity('member.registered', (p) => ({ userId: p.userId }));
    this.activity('member.visited', (p) => ({ userId: p.userId, day: p.day }));
    this.activity('post.created', (p) => ({
      userId: p.authorId,
      brandId: p.brandId,
    }));
    this.activity('reaction.added', (p) => ({
      userId: p.reactorId,
      brandId: p.brandId,
    }));
    this.activity('chat.message_sent', (p) => ({
      userId: p.authorId,
      brandId: p.brandId,
      flags: FLAG.chat,
    }));
    this.activity('challenge.joined', (p) => ({
      userId: p.userId,
      brandId: p.brandId,
      flags: FLAG.challenge,
    }));
    this.activity('challenge.completed', (p) => ({
      userId: p.userId,
      brandId: p.brandId,
      flags: FLAG.challenge,
    }));
    this.activity('event.checked_in', (p) => ({
      userId: p.userId,
      brandId: p.brandId,
      flags: FLAG.event,
    }));
    this.activity('giveaway.entered', (p) => ({
      userId: p.userId,
      brandId: p.brandId,
    }));
    this.activity('survey.answered', (p) => ({
      userId: p.userId,
      brandId: p.brandId,
    }));
    this.activity('reward.redeemed', (p) => ({
      userId: p.userId,
      brandId: p.brandId,
    }));
    this.activity('donation.made', (p) => ({
      userId: p.userId,
      brandId: p.brandId,
    }));

    // an RSVP is activity in the event's brand (learnt from event.created)
    this.bus.on('event.rsvped', 'analytics:activity', async (em, p, meta) => {
      const flags = p.status === 'going' ? FLAG.event : 0;
      await em.query(`SELECT analytics_touch($1, (SELECT brand_id FROM analytics_event_brands WHERE event_id = $2), analytics_event_day($3), $4)`, [
        p.userId,
        p.eventId,
        meta.eventId,
        flags,
      ]);
    });

    this.bus.on('event.created', 'analytics:facts', async (em, p) => {
      await em.query(`INSERT INTO analytics_event_brands (event_id, brand_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [p.eventId, p.brandId]);
    });
    this.bus.on('event.rsvped', 'analytics:facts', async (em, p, meta) => {
      await em.query(
        `INSERT INTO analytics_event_facts (event_id, user_id, rsvp_status, rsvp_day) VALUES ($1, $2, $3, analytics_event_day($4))
         ON CONFLICT (event_id, user_id) DO UPDATE SET rsvp_status = EXCLUDED.rsvp_status, rsvp_day = COALESCE(analytics_event_facts.rsvp_day, EXCLUDED.rsvp_day)`,
        [p.eventId, p.userId, p.status, meta.eventId],
      );
    });
    this.bus.on('event.checked_in', 'analytics:facts', async (em, p, meta) => {
      await em.query(
        `INSERT INTO analytics_event_facts (event_id, user_id, checked_in_day) VALUES ($1, $2, analytics_event_day($3))
         ON CONFLICT (event_id, user_id) DO UPDATE SET checked_in_day = COALESCE(analytics_event_facts.checked_in_day, EXCLUDED.checked_in_day)`,
        [p.eventId, p.userId, meta.eventId],
      );
      if (p.brandId !== null) {
        await em.query(`INSERT INTO analytics_event_brands (event_id, brand_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [p.eventId, p.brandId]);
      }
    });
    this.bus.on('challenge.joined', 'analytics:facts', async (em, p, meta) => {
      await em.query(
        `INSERT INTO analytics_challenge_facts (challenge_id, user_id, brand_id, joined_day) VALUES ($1, $2, $3, analytics_event_day($4))
         ON CONFLICT (challenge_id, user_id) DO UPDATE SET joined_day = COALESCE(analytics_challenge_facts.joined_day, EXCLUDED.joined_day)`,
        [p.challengeId, p.userId, p.brandId, meta.eventId],
      );
    });
    this.bus.on('challenge.completed', 'analytics:facts', async (em, p, meta) => {
      await em.query(
        `INSERT INTO analytics_challenge_facts (challenge_id, user_id, brand_id, completed_day) VALUES ($1, $2, $3, analytics_event_day($4))
         ON CONFLICT (challenge_id, user_id) DO UPDATE SET completed_day = COALESCE(analytics_challenge_facts.completed_day, EXCLUDED.completed_day)`,
        [p.challengeId, p.userId, p.brandId, meta.eventId],
      );
    });
    this.bus.on('points.entry', 'analytics:facts', async (em, p) => {
      await em.query(
        `WITH e AS (INSERT INTO analytics_points_entries (entry_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING entry_id)
         INSERT INTO analytics_points_daily AS d (scope, day, kind, total, entries)
         SELECT s.scope, analytics_day($5::timestamptz), $3, $4, 1 FROM e, (VALUES (0), ($2::int)) s(scope) WHERE s.scope IS NOT NULL
         ON CONFLICT (scope, day, kind) DO UPDATE SET total = d.total + EXCLUDED.total, entries = d.entries + 1`,
        [p.entryId, p.brandId, p.kind.slice(0, 40), p.delta + p.pendingDelta, p.at],
      );
    });
    this.bus.on('donation.made', 'analytics:facts', async (em, p, meta) => {
      await em.query(
        `INSERT INTO analytics_donations (donation_id, brand_id, points, amount_minor, currency, day)
         VALUES ($1, $2, $3, $4, $5, analytics_event_day($6)) ON CONFLICT DO NOTHING`,
        [p.donationId, p.brandId ?? null, p.points, p.amountMinor, p.currency.slice(0, 3).toUpperCase(), meta.eventId],
      );
    });

    // a member's own analytics: their purchases and how many days they were active; erased with the account
    // (the rollups keep only counts, which stay)
    this.personalData.register({
      section: 'analytics',
      collect: async (em, userId) => ({
        purchases: await rows(
          em,
          `SELECT amount_minor, currency, purchased_on, brand_id FROM analytics_purchases WHERE user_id = $1 ORDER BY purchased_on, id`,
          [userId],
        ),
        activeDays: (
          await rows<{ n: number }>(em, `SELECT count(*)::int AS n FROM analytics_user_periods WHERE user_id = $1 AND scope = 0 AND grain = 'd'`, [userId])
        )[0].n,
      }),
      erase: async (em, userId) => {
        for (const table of ['analytics_purchases', 'analytics_user_periods', 'analytics_members', 'analytics_challenge_facts', 'analytics_event_facts']) {
          await em.query(`DELETE FROM ${table} WHERE user_id = $1`, [userId]);
        }
      },
    });
  }
}
