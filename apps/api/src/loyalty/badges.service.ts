import { Injectable } from '@nestjs/common';
import type { BadgeCriteria, BadgeDto, BadgeGrantDto } from '@wala/contract';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-context';
import { conflict, invalidFields, notFound } from '../common/errors';
import { Realtime } from '../common/realtime';
import { one, rows, type Queryable } from '../common/sql';
import { Db } from '../database/db.service';
import { uploadUrl } from '../identity/user.mapper';

interface BadgeRow {
  id: number;
  slug: string;
  name: string;
  name_ar: string;
  description: string;
  description_ar: string;
  icon_upload_id: number | null;
  criteria: BadgeCriteria;
  multi: boolean;
  active: boolean;
  holders?: number;
  members?: number;
}

export interface BadgeInput {
  slug: string;
  name: string;
  nameAr: string;
  description?: string;
  descriptionAr?: string;
  iconUploadId?: number | null;
  criteria: BadgeCriteria;
  multi?: boolean;
  active?: boolean;
}

const badgeDto = (b: BadgeRow): BadgeDto => ({
  id: b.id,
  slug: b.slug,
  name: b.name,
  nameAr: b.name_ar,
  description: b.description,
  descriptionAr: b.description_ar,
  iconUploadId: b.icon_upload_id,
  iconUrl: uploadUrl(b.icon_upload_id),
  criteria: b.criteria,
  multi: b.multi,
  active: b.active,
  holders: b.holders ?? 0,
  rarityPct: b.members ? Math.round(((b.holders ?? 0) * 1000) / b.members) / 10 : 0,
});

const BADGE_COLS = `id, slug, name, name_ar, description, description_ar, icon_upload_id, criteria, multi, active, holders`;

/** How long a node reuses the member count behind rarity (GET /badges). */
export const MEMBER_COUNT_TTL_MS = 60_000;

/**
 * Badges: admin-defined, granted by criteria (count of an action, first of a kind, streak, tier,
 * challenge) or by hand; single-grant badges at most once per member (unique key), revocable
 * with an audit entry.
 */
@Injectable()
export class BadgesService {
  constructor(
    private readonly db: Db,
    private readonly realtime: Realtime,
    private readonly audit: AuditService,
  ) {}

  private memberCount: { n: number; at: number } | null = null;

  /** Grants (once per grant key); null when already held. Publishes badge.granted and pushes a toast after commit. */
  async grant(em: EntityManager, badgeId: number, userId: number, o: { key?: string; reason?: string; actorId?: number | null } = {}): Promise<number | null> {
    const b = await one<BadgeRow>(em, `SELECT ${BADGE_COLS} FROM badges WHERE id = $1`, [badgeId]);
    if (!b) return null;
    const key = b.multi ? (o.key ?? 'once') : 'once';
    const [g] = await rows<{ id: number }>(
      em,
      `INSERT INTO badge_grants (badge_id, user_id, grant_key, reason, actor_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (badge_id, user_id, grant_key) DO NOTHING RETURNING id`,
      [badgeId, userId, key.slice(0, 60), (o.reason ?? '').slice(0, 200), o.actorId ?? null],
    );
    if (!g) return null;
    await this.countHolder(em, badgeId, userId, b.multi, +1);
    await this.db.publish(em, 'badge.granted', { userId, badgeId, grantId: g.id });
    this.db.afterCommit(em, () => this.realtime.toUser(userId, 'badge:granted', { badgeId, name: b.name, nameAr: b.name_ar }));
    return g.id;
  }

  /**
   * Keeps `badges.holders` (members with a live grant) in the grant or revoke transaction. A
   * single-grant badge has at most one grant per member (unique key); for a multi-grant badge the
   * badge row is locked first, so two grants (or revocations) of one member cannot both count.
   */
  private async countHolder(em: EntityManager, badgeId: number, userId: number, multi: boolean, by: 1 | -1): Promise<void> {
    if (multi) {
      // NO KEY UPDATE: the grant's foreign key already holds KEY SHARE on this row, which FOR
      // UPDATE would wait on in the other grant's transaction (a deadlock of two grants)
      await em.query(`SELECT 1 FROM badges WHERE id = $1 FOR NO KEY UPDATE`, [badgeId]);
      // the member's live grants now: the first one granted, or the last one revoked, moves the count
      const live = await one<{ n: number }>(em, `SELECT count(*)::int AS n FROM badge_grants WHERE badge_id = $1 AND user_id = $2 AND revoked_at IS NULL`, [
        badgeId,
        userId,
      ]);
      if (live!.n !== (by > 0 ? 1 : 0)) return;
    }
    await em.query(`UPDATE badges SET holders = holders + $2 WHERE id = $1`, [badgeId, by]);
  }

  private async autoBadges(em: EntityManager, type: BadgeCriteria['type']): Promise<BadgeRow[]> {
    return rows<BadgeRow>(em, `SELECT ${BADGE_COLS} FROM badges WHERE active AND criteria->>'type' = $1`, [type]);
  }

  /** After an award of `action`: badges for a count (or the first) of that action. */
  async onAward(em: EntityManager, userId: number, action: string): Promise<void> {
    const badges = (await this.autoBadges(em, 'count')).filter((b) => b.criteria.type === 'count' && b.criteria.action === action);
    if (!badges.length) return;
    const c = await one<{ n: number }>(
      em,
      `SELECT count(*)::int AS n FROM points_entries a WHERE a.user_id = $1 AND a.kind = 'award' AND a.rule = $2
          AND NOT EXISTS (SELECT 1 FROM points_entries r WHERE r.reverses_entry_id = a.id)`,
      [userId, action],
    );
    for (const b of badges) if (b.criteria.type === 'count' && c!.n >= b.criteria.n) await this.grant(em, b.id, userId, { reason: 'criteria' });
  }

  async onStreak(em: EntityManager, userId: number, days: number): Promise<void> {
    for (const b of await this.autoBadges(em, 'streak')) if (b.criteria.type === 'streak' && days >= b.criteria.days) await this.grant(em, b.id, userId, { reason: 'criteria' });
  }

  async onTier(em: EntityManager, userId: number, tierId: number | null): Promise<void> {
    if (!tierId) return;
    const reached = await rows<{ id: number }>(
      em,
      `SELECT t.id FROM loyalty_tiers t WHERE t.min_points <= (SELECT min_points FROM loyalty_tiers WHERE id = $1)`,
      [tierId],
    );
    const ids = new Set(reached.map((t) => t.id));
    for (const b of await this.autoBadges(em, 'tier')) if (b.criteria.type === 'tier' && ids.has(b.criteria.tierId)) await this.grant(em, b.id, userId, { reason: 'criteria' });
  }

  /** A completed challenge: its own badge (if any) and the challenge badges. */
  async onChallenge(em: EntityManager, userId: number, challengeId: number, completionId: number, badgeId: number | null): Promise<void> {
    if (badgeId) await this.grant(em, badgeId, userId, { key: `challenge:${challengeId}`, reason: 'challenge' });
    for (const b of await this.autoBadges(em, 'challenge')) {
      if (b.criteria.type === 'challenge' && (b.criteria.challengeId === null || b.criteria.challengeId === challengeId)) {
        await this.grant(em, b.id, userId, { key: `completion:${completionId}`, reason: 'challenge' });
      }
    }
  }

  // ---- reads and admin ----

  async list(db: Queryable, includeInactive = false): Promise<BadgeDto[]> {
    const found = await rows<BadgeRow>(
      db,
      `SELECT ${BADGE_COLS} FROM badges WHERE $1 OR active ORDER BY id`,
      [includeInactive],
    );
    const members = await this.members(db);
    return found.map((b) => badgeDto({ ...b, members }));
  }

  /** Members (not deleted), counted at most once per MEMBER_COUNT_TTL_MS per node: rarity is that fresh. */
  private async members(db: Queryable): Promise<number> {
    if (!this.memberCount || Date.now() - this.memberCount.at >= MEMBER_COUNT_TTL_MS) {
      const r = await one<{ n: number }>(db, `SELECT count(*)::int AS n FROM users WHERE deleted_at IS NULL`);
      this.memberCount = { n: r!.n, at: Date.now() };
    }
    return this.memberCount.n;
  }

  async ofMember(db: Queryable, userId: number): Promise<BadgeGrantDto[]> {
    const found = await rows<{ id: number; user_id: number; reason: string; created_at: Date; revoked_at: Date | null; badge_id: number; slug: string; name: string; name_ar: string; icon_upload_id: number | null }>(
      db,
      `SELECT g.id, g.user_id, g.reason, g.created_at, g.revoked_at, b.id AS badge_id, b.slug, b.name, b.name_ar, b.icon_upload_id
         FROM badge_grants g JOIN badges b ON b.id = g.badge_id
        WHERE g.user_id = $1 AND g.revoked_at IS NULL ORDER BY g.id DESC LIMIT 200`,
      [userId],
    );
    return found.map((g) => ({
      id: g.id,
      badge: { id: g.badge_id, slug: g.slug, name: g.name, nameAr: g.name_ar, iconUrl: uploadUrl(g.icon_upload_id) },
      userId: g.user_id,
      reason: g.reason,
      grantedAt: g.created_at.toISOString(),
      revokedAt: g.revoked_at ? g.revoked_at.toISOString() : null,
    }));
  }

  private async checkIcon(em: EntityManager, uploadId: number | null | undefined): Promise<void> {
    if (uploadId === undefined || uploadId === null) return;
    const up = await one<{ kind: string }>(em, `SELECT kind FROM uploads WHERE id = $1`, [uploadId]);
    if (!up || up.kind !== 'badge-icon') throw invalidFields([{ field: 'iconUploadId', code: 'default' }]);
  }

  async create(actor: AuthUser, dto: BadgeInput): Promise<BadgeDto> {
    return this.db.tx(async (em) => {
      await this.checkIcon(em, dto.iconUploadId);
      const [b] = await rows<BadgeRow>(
        em,
        `INSERT INTO badges (slug, name, name_ar, description, description_ar, icon_upload_id, criteria, multi, active)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (slug) DO NOTHING RETURNING ${BADGE_COLS}`,
        [dto.slug, dto.name, dto.nameAr, dto.description ?? '', dto.descriptionAr ?? '', dto.iconUploadId ?? null, JSON.stringify(dto.criteria), dto.multi ?? false, dto.active ?? true],
      );
      if (!b) throw conflict('errors.loyalty.slug_taken');
      await this.audit.record(em, { actorId: actor.id, action: 'badge.create', targetType: 'badge', targetId: b.id });
      return badgeDto(b);
    });
  }

  async update(actor: AuthUser, id: number, dto: Partial<BadgeInput>): Promise<BadgeDto> {
    return this.db.tx(async (em) => {
      await this.checkIcon(em, dto.iconUploadId);
      const [b] = await rows<BadgeRow>(
        em,
        `UPDATE badges SET name = COALESCE($2, name), name_ar = COALESCE($3, name_ar), description = COALESCE($4, description),
                description_ar = COALESCE($5, description_ar), icon_upload_id = CASE WHEN $6 THEN $7 ELSE icon_upload_id END,
                criteria = COALESCE($8, criteria), multi = COALESCE($9, multi), active = COALESCE($10, active)
          WHERE id = $1 RETURNING ${BADGE_COLS}`,
        [
          id,
          dto.name ?? null,
          dto.nameAr ?? null,
          dto.description ?? null,
          dto.descriptionAr ?? null,
          dto.iconUploadId !== undefined,
          dto.iconUploadId ?? null,
          dto.criteria ? JSON.stringify(dto.criteria) : null,
          dto.multi ?? null,
          dto.active ?? null,
        ],
      );
      if (!b) throw notFound();
      await this.audit.record(em, { actorId: actor.id, action: 'badge.update', targetType: 'badge', targetId: id });
      return badgeDto(b);
    });
  }

  async manualGrant(actor: AuthUser, badgeId: number, userId: number, reason: string): Promise<{ grantId: number }> {
    return this.db.tx(async (em) => {
      if (!(await one(em, `SELECT 1 FROM badges WHERE id = $1`, [badgeId]))) throw notFound();
      if (!(await one(em, `SELECT 1 FROM users WHERE id = $1 AND deleted_at IS NULL`, [userId]))) throw notFound('errors.user.not_found');
      const id = await this.grant(em, badgeId, userId, { key: `manual:${Date.now()}`, reason, actorId: actor.id });
      if (!id) throw conflict('errors.loyalty.badge_held');
      await this.audit.record(em, { actorId: actor.id, action: 'badge.grant', targetType: 'user', targetId: userId, reason, data: { badgeId, grantId: id } });
      return { grantId: id };
    });
  }

  async revoke(actor: AuthUser, grantId: number, reason: string): Promise<void> {
    await this.db.tx(async (em) => {
      const g = await one<{ user_id: number; badge_id: number; multi: boolean }>(
        em,
        `UPDATE badge_grants g SET revoked_at = now() FROM badges b WHERE g.id = $1 AND g.revoked_at IS NULL AND b.id = g.badge_id
         RETURNING g.user_id, g.badge_id, b.multi`,
        [grantId],
      );
      if (!g) throw notFound();
      await this.countHolder(em, g.badge_id, g.user_id, g.multi, -1);
      await this.audit.record(em, { actorId: actor.id, action: 'badge.revoke', targetType: 'user', targetId: g.user_id, reason, data: { badgeId: g.badge_id, grantId } });
    });
  }
}
