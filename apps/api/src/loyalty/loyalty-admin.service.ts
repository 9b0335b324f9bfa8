import { Inject, Injectable } from '@nestjs/common';
import { EARNING_ACTIONS, type BadgeCriteria, type EarningRuleDto, type LoyaltySettingsDto, type Page, type PointsCampaignDto, type PointsEntryDto, type TierDto } from '@wala/contract';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-context';
import { conflict, invalidFields, notFound } from '../common/errors';
import { PointsWallet } from '../common/points-wallet';
import { one, rows } from '../common/sql';
import { Db } from '../database/db.service';
import { TIER_SELECT, tierDto, type LedgerService } from './ledger.service';
import type { AdjustPointsDto, EarningRuleDtoIn, LoyaltySettingsDtoIn, PointsCampaignDtoIn, TierDtoIn } from './loyalty.dto';
import { LoyaltySettings } from './settings.service';

interface RuleRow {
  id: number;
  action: string;
  points: number;
  daily_cap: number | null;
  weekly_cap: number | null;
  category_ids: number[];
  brand_id: number | null;
  starts_at: Date | null;
  ends_at: Date | null;
  active: boolean;
}

const ruleDto = (r: RuleRow): EarningRuleDto => ({
  id: r.id,
  action: r.action,
  points: r.points,
  dailyCap: r.daily_cap,
  weeklyCap: r.weekly_cap,
  categoryIds: r.category_ids,
  brandId: r.brand_id,
  startsAt: r.starts_at?.toISOString() ?? null,
  endsAt: r.ends_at?.toISOString() ?? null,
  active: r.active,
});

interface CampaignRow {
  id: number;
  name: string;
  name_ar: string;
  multiplier_pct: number;
  action: string | null;
  brand_id: number | null;
  starts_at: Date;
  ends_at: Date;
}

const campaignDto = (c: CampaignRow): PointsCampaignDto => ({
  id: c.id,
  name: c.name,
  nameAr: c.name_ar,
  multiplierPct: c.multiplier_pct,
  action: c.action,
  brandId: c.brand_id,
  startsAt: c.starts_at.toISOString(),
  endsAt: c.ends_at.toISOString(),
});

/** A badge's criteria, checked field by field (it is stored as JSON). */
export function parseCriteria(c: unknown): BadgeCriteria {
  const bad = () => invalidFields([{ field: 'criteria', code: 'default' }]);
  if (!c || typeof c !== 'object') throw bad();
  const o = c as Record<string, unknown>;
  const posInt = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
  switch (o.type) {
    case 'manual':
      return { type: 'manual' };
    case 'count':
      if (!(EARNING_ACTIONS as readonly unknown[]).includes(o.action) || !posInt(o.n)) throw bad();
      return { type: 'count', action: o.action as string, n: o.n as number };
    case 'streak':
      if (!posInt(o.days)) throw bad();
      return { type: 'streak', days: o.days as number };
    case 'tier':
      if (!posInt(o.tierId)) throw bad();
      return { type: 'tier', tierId: o.tierId as number };
    case 'challenge':
      if (o.challengeId !== null && o.challengeId !== undefined && !posInt(o.challengeId)) throw bad();
      return { type: 'challenge', challengeId: (o.challengeId as number | undefined) ?? null };
    default:
      throw bad();
  }
}

const RULE_COLS = `id, action, points, daily_cap, weekly_cap, category_ids, brand_id, starts_at, ends_at, active`;
const CAMPAIGN_COLS = `id, name, name_ar, multiplier_pct, action, brand_id, starts_at, ends_at`;

/** Admin side of loyalty: rules, campaigns, tiers, settings, adjustments and reversals, each audited. */
@Injectable()
export class LoyaltyAdminService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly settings: LoyaltySettings,
    @Inject(PointsWallet) private readonly ledger: LedgerService,
  ) {}

  private async checkBrand(em: EntityManager, brandId: number | null | undefined) {
    if (brandId && !(await one(em, `SELECT 1 FROM brands WHERE id = $1`, [brandId]))) throw invalidFields([{ field: 'brandId', code: 'default' }]);
  }

  private static window(startsAt: string | null | undefined, endsAt: string | null | undefined) {
    if (startsAt && endsAt && new Date(endsAt) <= new Date(startsAt)) throw invalidFields([{ field: 'endsAt', code: 'default' }]);
  }

  // ---- rules ----

  async rules(): Promise<EarningRuleDto[]> {
    return (await rows<RuleRow>(this.db.ds, `SELECT ${RULE_COLS} FROM earning_rules ORDER BY action, id`)).map(ruleDto);
  }

  async createRule(actor: AuthUser, d: EarningRuleDtoIn): Promise<EarningRuleDto> {
    LoyaltyAdminService.window(d.startsAt, d.endsAt);
    return this.db.tx(async (em) => {
      await this.checkBrand(em, d.brandId);
      const r = await one<RuleRow>(
        em,
        `INSERT INTO earning_rules (action, points, daily_cap, weekly_cap, category_ids, brand_id, starts_at, ends_at, active)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${RULE_COLS}`,
        [d.action, d.points, d.dailyCap ?? null, d.weeklyCap ?? null, JSON.stringify(d.categoryIds ?? []), d.brandId ?? null, d.startsAt ?? null, d.endsAt ?? null, d.active ?? true],
      );
      await this.audit.record(em, { actorId: actor.id, action: 'earning_rule.create', targetType: 'earning_rule', targetId: r!.id, data: { ...d } });
      return ruleDto(r!);
    });
  }

  /** Editing a rule changes future awards only: past entries keep their points. */
  async updateRule(actor: AuthUser, id: number, d: Partial<EarningRuleDtoIn>): Promise<EarningRuleDto> {
    return this.db.tx(async (em) => {
      const cur = await one<RuleRow>(em, `SELECT ${RULE_COLS} FROM earning_rules WHERE id = $1 FOR UPDATE`, [id]);
      if (!cur) throw notFound();
      await this.checkBrand(em, d.brandId);
      const has = (k: keyof EarningRuleDtoIn) => Object.prototype.hasOwnProperty.call(d, k);
      const next = {
        action: d.action ?? cur.action,
        points: d.points ?? cur.points,
        dailyCap: has('dailyCap') ? (d.dailyCap ?? null) : cur.daily_cap,
        weeklyCap: has('weeklyCap') ? (d.weeklyCap ?? null) : cur.weekly_cap,
        categoryIds: d.categoryIds ?? cur.category_ids,
        brandId: has('brandId') ? (d.brandId ?? null) : cur.brand_id,
        startsAt: has('startsAt') ? (d.startsAt ?? null) : (cur.starts_at?.toISOString() ?? null),
        endsAt: has('endsAt') ? (d.endsAt ?? null) : (cur.ends_at?.toISOString() ?? null),
        active: d.active ?? cur.active,
      };
      LoyaltyAdminService.window(next.startsAt, next.endsAt);
      const r = await one<RuleRow>(
        em,
        `UPDATE earning_rules SET action = $2, points = $3, daily_cap = $4, weekly_cap = $5, category_ids = $6, brand_id = $7,
                starts_at = $8, ends_at = $9, active = $10, updated_at = now()
          WHERE id = $1 RETURNING ${RULE_COLS}`,
        [id, next.action, next.points, next.dailyCap, next.weeklyCap, JSON.stringify(next.categoryIds), next.brandId, next.startsAt, next.endsAt, next.active],
      );
      await this.audit.record(em, { actorId: actor.id, action: 'earning_rule.update', targetType: 'earning_rule', targetId: id, data: { ...d } });
      return ruleDto(r!);
    });
  }

  async deleteRule(actor: AuthUser, id: number): Promise<void> {
    await this.db.tx(async (em) => {
      const r = await one(em, `DELETE FROM earning_rules WHERE id = $1 RETURNING id`, [id]);
      if (!r) throw notFound();
      await this.audit.record(em, { actorId: actor.id, action: 'earning_rule.delete', targetType: 'earning_rule', targetId: id });
    });
  }

  // ---- multiplier campaigns ----

  async campaigns(): Promise<PointsCampaignDto[]> {
    return (await rows<CampaignRow>(this.db.ds, `SELECT ${CAMPAIGN_COLS} FROM points_campaigns ORDER BY starts_at DESC, id DESC LIMIT 200`)).map(campaignDto);
  }

  async createCampaign(actor: AuthUser, d: PointsCampaignDtoIn): Promise<PointsCampaignDto> {
    LoyaltyAdminService.window(d.startsAt, d.endsAt);
    return this.db.tx(async (em) => {
      await this.checkBrand(em, d.brandId);
      const c = await one<CampaignRow>(
        em,
        `INSERT INTO points_campaigns (name, name_ar, multiplier_pct, action, brand_id, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING ${CAMPAIGN_COLS}`,
        [d.name, d.nameAr, d.multiplierPct, d.action ?? null, d.brandId ?? null, d.startsAt, d.endsAt],
      );
      await this.audit.record(em, { actorId: actor.id, action: 'points_campaign.create', targetType: 'points_campaign', targetId: c!.id, data: { ...d } });
      return campaignDto(c!);
    });
  }

  async updateCampaign(actor: AuthUser, id: number, d: Partial<PointsCampaignDtoIn>): Promise<PointsCampaignDto> {
    return this.db.tx(async (em) => {
      const cur = await one<CampaignRow>(em, `SELECT ${CAMPAIGN_COLS} FROM points_campaigns WHERE id = $1 FOR UPDATE`, [id]);
      if (!cur) throw notFound();
      await this.checkBrand(em, d.brandId);
      const has = (k: keyof PointsCampaignDtoIn) => Object.prototype.hasOwnProperty.call(d, k);
      const startsAt = d.startsAt ?? cur.starts_at.toISOString();
      const endsAt = d.endsAt ?? cur.ends_at.toISOString();
      LoyaltyAdminService.window(startsAt, endsAt);
      const c = await one<CampaignRow>(
        em,
        `UPDATE points_campaigns SET name = $2, name_ar = $3, multiplier_pct = $4, action = $5, brand_id = $6, starts_at = $7, ends_at = $8
          WHERE id = $1 RETURNING ${CAMPAIGN_COLS}`,
        [
          id,
          d.name ?? cur.name,
          d.nameAr ?? cur.name_ar,
          d.multiplierPct ?? cur.multiplier_pct,
          has('action') ? (d.action ?? null) : cur.action,
          has('brandId') ? (d.brandId ?? null) : cur.brand_id,
          startsAt,
          endsAt,
        ],
      );
      await this.audit.record(em, { actorId: actor.id, action: 'points_campaign.update', targetType: 'points_campaign', targetId: id, data: { ...d } });
      return campaignDto(c!);
    });
  }

  async deleteCampaign(actor: AuthUser, id: number): Promise<void> {
    await this.db.tx(async (em) => {
      if (!(await one(em, `DELETE FROM points_campaigns WHERE id = $1 RETURNING id`, [id]))) throw notFound();
      await this.audit.record(em, { actorId: actor.id, action: 'points_campaign.delete', targetType: 'points_campaign', targetId: id });
    });
  }

  // ---- tiers ----

  async tiers(): Promise<TierDto[]> {
    return (await rows<Parameters<typeof tierDto>[0]>(this.db.ds, `${TIER_SELECT} ORDER BY min_points`)).map(tierDto);
  }

  private async tierOut(em: EntityManager, id: number): Promise<TierDto> {
    const t = await one<Parameters<typeof tierDto>[0]>(em, `SELECT * FROM (${TIER_SELECT}) t WHERE id = $1`, [id]);
    return tierDto(t!);
  }

  /** Tiers apply from the next award or the daily job (which re-evaluates everyone). */
  async createTier(actor: AuthUser, d: TierDtoIn): Promise<TierDto> {
    return this.db.tx(async (em) => {
      const t = await one<{ id: number }>(
        em,
        `INSERT INTO loyalty_tiers (name, name_ar, min_points, multiplier_pct, perks, color) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (min_points) DO NOTHING RETURNING id`,
        [d.name, d.nameAr, d.minPoints, d.multiplierPct ?? 100, JSON.stringify(d.perks ?? []), d.color ?? '#888888'],
      );
      if (!t) throw conflict('errors.loyalty.tier_threshold_taken');
      await this.audit.record(em, { actorId: actor.id, action: 'tier.create', targetType: 'tier', targetId: t.id, data: { ...d } });
      return this.tierOut(em, t.id);
    });
  }

  async updateTier(actor: AuthUser, id: number, d: Partial<TierDtoIn>): Promise<TierDto> {
    return this.db.tx(async (em) => {
      if (d.minPoints !== undefined && (await one(em, `SELECT 1 FROM loyalty_tiers WHERE min_points = $1 AND id <> $2`, [d.minPoints, id]))) {
        throw conflict('errors.loyalty.tier_threshold_taken');
      }
      const t = await one<{ id: number }>(
        em,
        `UPDATE loyalty_tiers SET name = COALESCE($2, name), name_ar = COALESCE($3, name_ar), min_points = COALESCE($4, min_points),
                multiplier_pct = COALESCE($5, multiplier_pct), perks = COALESCE($6, perks), color = COALESCE($7, color)
          WHERE id = $1 RETURNING id`,
        [id, d.name ?? null, d.nameAr ?? null, d.minPoints ?? null, d.multiplierPct ?? null, d.perks ? JSON.stringify(d.perks) : null, d.color ?? null],
      );
      if (!t) throw notFound();
      await this.audit.record(em, { actorId: actor.id, action: 'tier.update', targetType: 'tier', targetId: id, data: { ...d } });
      return this.tierOut(em, id);
    });
  }

  async deleteTier(actor: AuthUser, id: number): Promise<void> {
    await this.db.tx(async (em) => {
      if (!(await one(em, `DELETE FROM loyalty_tiers WHERE id = $1 RETURNING id`, [id]))) throw notFound();
      await this.audit.record(em, { actorId: actor.id, action: 'tier.delete', targetType: 'tier', targetId: id });
    });
  }

  // ---- settings ----

  getSettings(): Promise<LoyaltySettingsDto> {
    return this.settings.get(this.db.ds);
  }

  async updateSettings(actor: AuthUser, d: LoyaltySettingsDtoIn): Promise<LoyaltySettingsDto> {
    return this.db.tx(async (em) => {
      const s = await this.settings.update(em, d);
      await this.audit.record(em, { actorId: actor.id, action: 'loyalty.settings', targetType: 'loyalty_settings', targetId: 1, data: { ...d } });
      return s;
    });
  }

  // ---- points ----

  /** A manual adjustment with a required reason, audited; never counts for tiers. */
  async adjust(actor: AuthUser, d: AdjustPointsDto): Promise<PointsEntryDto> {
    return this.db.tx(async (em) => {
      if (!(await one(em, `SELECT 1 FROM users WHERE id = $1 AND deleted_at IS NULL`, [d.userId]))) throw notFound('errors.user.not_found');
      await this.checkBrand(em, d.brandId);
      const [a] = await rows<{ id: number }>(
        em,
        `INSERT INTO audit_log (actor_id, action, target_type, target_id, reason, data) VALUES ($1, 'points.adjust', 'user', $2, $3, $4) RETURNING id`,
        [actor.id, d.userId, d.reason, JSON.stringify({ points: d.points, brandId: d.brandId ?? null })],
      );
      // the audit record is the adjustment's source: one entry per audited decision
      return this.ledger.adjust(em, { userId: d.userId, points: d.points, reason: d.reason, actorId: actor.id, brandId: d.brandId ?? null, sourceId: a.id });
    });
  }

  /** A moderator reverses an award (once); the reversal takes what is available and leaves the rest as debt. */
  async reverse(actor: AuthUser, entryId: number, reason: string): Promise<PointsEntryDto> {
    return this.db.tx(async (em) => {
      const e = await one<{ kind: string }>(em, `SELECT kind FROM points_entries WHERE id = $1`, [entryId]);
      if (!e) throw notFound();
      if (e.kind !== 'award') throw conflict('errors.loyalty.not_reversible');
      const r = await this.ledger.reverse(em, entryId, { reason: 'web.loyalty.reasons.reversal_by_moderator', params: { note: reason }, actorId: actor.id });
      if (!r) throw conflict('errors.loyalty.already_reversed');
      await this.audit.record(em, { actorId: actor.id, action: 'points.reverse', targetType: 'points_entry', targetId: entryId, reason });
      return r;
    });
  }

  async memberEntries(userId: number, q: { cursor?: string; limit: number }): Promise<Page<PointsEntryDto>> {
    if (!(await one(this.db.ds, `SELECT 1 FROM users WHERE id = $1`, [userId]))) throw notFound('errors.user.not_found');
    return this.ledger.entries(userId, q);
  }
}

