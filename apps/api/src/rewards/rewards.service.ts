import { randomBytes } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { codesFromCsv } from '@wala/contract';
import type { CodeUploadResultDto, Page, RedemptionDto, RedemptionStatus, RewardDto, RewardKind, ShippingAddressDto } from '@wala/contract';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth-context';
import { AppError, conflict, forbidden, invalidFields, notFound } from '../common/errors';
import { MemberStanding } from '../common/member-standing';
import { decodeCursor, toPage } from '../common/params';
import { PointsWallet } from '../common/points-wallet';
import { affected, one, rows, type Queryable } from '../common/sql';
import { Db } from '../database/db.service';
import { canManageBrand } from '../brands/brands.service';
import { PersonalData } from '../identity/personal-data';
import { uploadUrl } from '../identity/user.mapper';
import { NotificationsService } from '../notifications/notifications.service';
import { keyReused, requestHash } from './idempotency';
import type { CreateRewardDto, FulfillmentDto, RedeemDto, RewardListQuery, UpdateRewardDto } from './rewards.dto';

interface RewardRow {
  id: number;
  brand_id: number | null;
  brand_name: string | null;
  brand_name_ar: string | null;
  kind: RewardKind;
  title: string;
  title_ar: string;
  description: string;
  description_ar: string;
  image_upload_id: number | null;
  cost_points: number;
  stock: number;
  per_member_limit: number | null;
  min_tier_rank: number;
  starts_at: Date | null;
  ends_at: Date | null;
  active: boolean;
  delivery_text: string;
  event_details: string;
  /** active and inside its window now */
  available: boolean;
}

interface RedemptionRow {
  id: number;
  reward_id: number;
  user_id: number;
  points: number;
  status: RedemptionStatus;
  code: string | null;
  shipping: ShippingAddressDto | null;
  tracking_number: string | null;
  ledger_entry_id: number | null;
  request_hash: string;
  created_at: Date;
  updated_at: Date;
  title: string;
  title_ar: string;
  kind: RewardKind;
  delivery_text: string;
  brand_id: number | null;
}

const REWARD_SELECT = `
  SELECT r.*, b.name AS brand_name, b.name_ar AS brand_name_ar,
         (r.active AND (r.starts_at IS NULL OR r.starts_at <= now()) AND (r.ends_at IS NULL OR r.ends_at > now())) AS available
    FROM rewards r LEFT JOIN brands b ON b.id = r.brand_id`;

const REDEMPTION_SELECT = `
  SELECT d.*, r.title, r.title_ar, r.kind, r.delivery_text, r.brand_id
    FROM redemptions d JOIN rewards r ON r.id = d.reward_id`;

type Viewer = Pick<AuthUser, 'role' | 'managedBrandIds'> | null;

/** Admins manage every reward; a brand's managers its rewards; community rewards are admins'. */
function mayManage(user: Viewer, brandId: number | null): boolean {
  if (!user) return false;
  return brandId === null ? user.role === 'admin' : canManageBrand(user, brandId);
}

const mapReward = (r: RewardRow, viewer: Viewer): RewardDto => ({
  id: r.id,
  brandId: r.brand_id,
  brandName: r.brand_name,
  brandNameAr: r.brand_name_ar,
  kind: r.kind,
  title: r.title,
  titleAr: r.title_ar,
  description: r.description,
  descriptionAr: r.description_ar,
  imageUrl: uploadUrl(r.image_upload_id),
  costPoints: r.cost_points,
  stock: r.stock,
  perMemberLimit: r.per_member_limit,
  minTierRank: r.min_tier_rank,
  startsAt: r.starts_at?.toISOString() ?? null,
  endsAt: r.ends_at?.toISOString() ?? null,
  active: r.active,
  eventDetails: r.event_details,
  canManage: mayManage(viewer, r.brand_id),
});

const mapRedemption = (d: RedemptionRow): RedemptionDto => ({
  id: d.id,
  rewardId: d.reward_id,
  rewardTitle: d.title,
  rewardTitleAr: d.title_ar,
  kind: d.kind,
  userId: d.user_id,
  points: d.points,
  status: d.status,
  code: d.code,
  deliveryText: d.kind === 'digital' && d.status !== 'cancelled' ? d.delivery_text : null,
  shipping: d.shipping,
  trackingNumber: d.tracking_number,
  createdAt: d.created_at.toISOString(),
  updatedAt: d.updated_at.toISOString(),
});

const outOfStock = () => conflict('errors.rewards.out_of_stock');

/** Next statuses a fulfillment may move to (physical gifts). */
const NEXT: Record<string, RedemptionStatus[]> = { shipped: ['pending'], delivered: ['shipped'], cancelled: ['pending', 'shipped'] };

@Injectable()
export class RewardsService implements OnModuleInit {
  constructor(
    private readonly db: Db,
    private readonly wallet: PointsWallet,
    private readonly standing: MemberStanding,
    private readonly notifications: NotificationsService,
    private readonly personalData: PersonalData,
  ) {}

  onModuleInit(): void {
    this.personalData.register({
      section: 'redemptions',
      collect: (em, userId) =>
        rows(em, `SELECT d.id, r.title, d.points, d.status, d.code, d.shipping, d.created_at FROM redemptions d JOIN rewards r ON r.id = d.reward_id WHERE d.user_id = $1 ORDER BY d.id`, [userId]),
      erase: async (em, userId) => void (await em.query(`UPDATE redemptions SET shipping = NULL WHERE user_id = $1`, [userId])),
    });
  }

  private async load(db: Queryable, id: number): Promise<RewardRow | null> {
    return one<RewardRow>(db, `${REWARD_SELECT} WHERE r.id = $1`, [id]);
  }

  /** A reward the viewer may see: available ones to everyone, the rest to who manages them. */
  async get(viewer: Viewer, id: number): Promise<RewardDto> {
    const r = await this.load(this.db.ds, id);
    if (!r || (!r.available && !mayManage(viewer, r.brand_id))) throw notFound();
    return mapReward(r, viewer);
  }

  /** Loads a reward the actor manages (404 for anything else). */
  private async managed(db: Queryable, actor: AuthUser, id: number, lock = false): Promise<RewardRow> {
    const r = await one<RewardRow>(db, `${REWARD_SELECT} WHERE r.id = $1${lock ? ' FOR NO KEY UPDATE OF r' : ''}`, [id]);
    if (!r || !mayManage(actor, r.brand_id)) throw notFound();
    return r;
  }

  async list(viewer: Viewer, q: Omit<RewardListQuery, 'limit'> & { limit: number }): Promise<Page<RewardDto>> {
    const cur = decodeCursor(q.cursor, ['number']);
    const params: unknown[] = [cur?.[0] ?? null, q.limit + 1, q.brandId ?? null, q.kind ?? null, q.maxCost ?? null];
    let scope = `(r.active AND (r.starts_at IS NULL OR r.starts_at <= now()) AND (r.ends_at IS NULL OR r.ends_at > now()))`;
    if (q.manage === '1') {
      if (!viewer) return { items: [], nextCursor: null };
      if (viewer.role === 'admin') scope = 'TRUE';
      else {
        params.push(viewer.managedBrandIds);
        scope = `r.brand_id = ANY($6::bigint[])`;
      }
    }
    const found = await rows<RewardRow>(
      this.db.ds,
      `${REWARD_SELECT}
        WHERE ${scope} AND ($1::bigint IS NULL OR r.id < $1) AND ($3::bigint IS NULL OR r.brand_id = $3)
          AND ($4::varchar IS NULL OR r.kind = $4) AND ($5::int IS NULL OR r.cost_points <= $5)
        ORDER BY r.id DESC LIMIT $2`,
      params,
    );
    return toPage(found, q.limit, (r) => mapReward(r, viewer), (r) => [r.id]);
  }

  private async checkImage(em: EntityManager, uploadId: number | undefined | null) {
    if (uploadId === undefined || uploadId === null) return;
    const up = await one<{ kind: string }>(em, `SELECT kind FROM uploads WHERE id = $1`, [uploadId]);
    if (!up || up.kind !== 'reward-image') throw invalidFields([{ field: 'imageUploadId', code: 'default' }]);
  }

  private checkWindow(startsAt: string | null | undefined, endsAt: string | null | undefined) {
    if (startsAt && endsAt && new Date(endsAt) <= new Date(startsAt)) throw invalidFields([{ field: 'endsAt', code: 'default' }]);
  }

  async create(actor: AuthUser, dto: CreateRewardDto): Promise<RewardDto> {
    const brandId = dto.brandId ?? null;
    if (brandId === null && actor.role !== 'admin') throw forbidden();
    if (brandId !== null && !canManageBrand(actor, brandId)) throw notFound();
    if (dto.kind === 'coupon' && dto.stock) throw invalidFields([{ field: 'stock', code: 'default' }]);
    this.checkWindow(dto.startsAt, dto.endsAt);
    return this.db.tx(async (em) => {
      await this.checkImage(em, dto.imageUploadId);
      const [r] = await rows<{ id: number }>(
        em,
        `INSERT INTO rewards (brand_id, kind, title, title_ar, description, description_ar, image_upload_id, cost_points, stock,
                              per_member_limit, min_tier_rank, starts_at, ends_at, active, delivery_text, event_details, created_by_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`,
        [
          brandId,
          dto.kind,
          dto.title,
          dto.titleAr,
          dto.description ?? '',
          dto.descriptionAr ?? '',
          dto.imageUploadId ?? null,
          dto.costPoints,
          dto.kind === 'coupon' ? 0 : (dto.stock ?? 0),
          dto.perMemberLimit ?? null,
          dto.minTierRank ?? 0,
          dto.startsAt ?? null,
          dto.endsAt ?? null,
          dto.active ?? true,
          dto.deliveryText ?? '',
          dto.eventDetails ?? '',
          actor.id,
        ],
      );
      return mapReward((await this.load(em, r.id))!, actor);
    });
  }

  async update(actor: AuthUser, id: number, dto: UpdateRewardDto): Promise<RewardDto> {
    return this.db.tx(async (em) => {
      const cur = await this.managed(em, actor, id, true);
      if (cur.kind === 'coupon' && dto.stock !== undefined) throw invalidFields([{ field: 'stock', code: 'default' }]);
      this.checkWindow(dto.startsAt ?? cur.starts_at?.toISOString(), dto.endsAt ?? cur.ends_at?.toISOString());
      await this.checkImage(em, dto.imageUploadId);
      await em.query(
        `UPDATE rewards SET title = COALESCE($2, title), title_ar = COALESCE($3, title_ar), description = COALESCE($4, description),
                description_ar = COALESCE($5, description_ar), image_upload_id = COALESCE($6, image_upload_id),
                cost_points = COALESCE($7, cost_points), stock = COALESCE($8, stock), per_member_limit = COALESCE($9, per_member_limit),
                min_tier_rank = COALESCE($10, min_tier_rank), starts_at = COALESCE($11, starts_at), ends_at = COALESCE($12, ends_at),
                active = COALESCE($13, active), delivery_text = COALESCE($14, delivery_text), event_details = COALESCE($15, event_details),
                updated_at = now()
          WHERE id = $1`,
        [
          id,
          dto.title ?? null,
          dto.titleAr ?? null,
          dto.description ?? null,
          dto.descriptionAr ?? null,
          dto.imageUploadId ?? null,
          dto.costPoints ?? null,
          dto.stock ?? null,
          dto.perMemberLimit ?? null,
          dto.minTierRank ?? null,
          dto.startsAt ?? null,
          dto.endsAt ?? null,
          dto.active ?? null,
          dto.deliveryText ?? null,
          dto.eventDetails ?? null,
        ],
      );
      return mapReward((await this.load(em, id))!, actor);
    });
  }

  /** Adds a CSV of coupon codes to the pool; codes already in it are skipped. Stock grows by what was added. */
  async uploadCodes(actor: AuthUser, id: number, csv: string): Promise<CodeUploadResultDto> {
    const codes = codesFromCsv(csv);
    if (!codes.length || codes.length > 50_000) throw invalidFields([{ field: 'csv', code: 'default' }]);
    if (codes.some((c) => c.length > 100)) throw invalidFields([{ field: 'csv', code: 'maxLength', params: { max: 100 } }]);
    return this.db.tx(async (em) => {
      const r = await this.managed(em, actor, id);
      if (r.kind !== 'coupon') throw conflict('errors.rewards.not_coupon');
      const added = await rows<{ id: number }>(
        em,
        `INSERT INTO reward_codes (reward_id, code) SELECT $1, c FROM unnest($2::varchar[]) AS c
         ON CONFLICT (reward_id, code) DO NOTHING RETURNING id`,
        [id, codes],
      );
      const [s] = await rows<{ stock: number }>(em, `UPDATE rewards SET stock = stock + $2, updated_at = now() WHERE id = $1 RETURNING stock`, [id, added.length]);
      return { added: added.length, duplicates: codes.length - added.length, stock: s.stock };
    });
  }

  private async byKey(db: Queryable, userId: number, key: string): Promise<RedemptionRow | null> {
    return one<RedemptionRow>(db, `${REDEMPTION_SELECT} WHERE d.user_id = $1 AND d.idempotency_key = $2`, [userId, key]);
  }

  private replay(found: RedemptionRow, hash: string): RedemptionDto {
    if (found.request_hash !== hash) throw keyReused();
    return mapRedemption(found);
  }

  /**
   * Redeems a reward in one transaction: the redemption row (unique per member and key), the
   * per-member count, the debit, the stock and the code commit together or not at all. A retry
   * with the same key returns the first result; a failed attempt leaves nothing, so its key may
   * be tried again.
   */
  async redeem(user: AuthUser, id: number, key: string, dto: RedeemDto): Promise<{ redemption: RedemptionDto; replayed: boolean }> {
    const hash = requestHash({ rewardId: id, body: dto });
    const seen = await this.byKey(this.db.ds, user.id, key);
    if (seen) return { redemption: this.replay(seen, hash), replayed: true };
    return this.db.tx(async (em) => {
      const r = await this.load(em, id);
      if (!r || !r.available) throw notFound();
      if (r.kind === 'physical' && !dto.shipping) throw invalidFields([{ field: 'shipping', code: 'isDefined' }]);
      const shipping = r.kind === 'physical' ? dto.shipping! : null;
      const [d] = await rows<{ id: number }>(
        em,
        `INSERT INTO redemptions (reward_id, user_id, points, status, shipping, idempotency_key, request_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (user_id, idempotency_key) DO NOTHING RETURNING id`,
        [id, user.id, r.cost_points, r.kind === 'physical' ? 'pending' : 'fulfilled', shipping && JSON.stringify(shipping), key, hash],
      );
      if (!d) {
        // a concurrent request with this key committed first
        return { redemption: this.replay((await this.byKey(em, user.id, key))!, hash), replayed: true };
      }
      if (r.stock <= 0) throw outOfStock();
      if (r.min_tier_rank > 0 && (await this.standing.tierRank(em, user.id)) < r.min_tier_rank) throw forbidden('errors.rewards.tier_required');
      const claim = await rows(
        em,
        `INSERT INTO reward_claims (reward_id, user_id, count) VALUES ($1, $2, 1)
         ON CONFLICT (reward_id, user_id) DO UPDATE SET count = reward_claims.count + 1
          WHERE $3::int IS NULL OR reward_claims.count < $3 RETURNING count`,
        [id, user.id, r.per_member_limit],
      );
      if (!claim.length) throw conflict('errors.rewards.limit_reached', { limit: r.per_member_limit });
      const debit = await this.wallet.debit(em, {
        userId: user.id,
        points: r.cost_points,
        kind: 'spend',
        sourceType: 'redemption',
        sourceId: d.id,
        brandId: r.brand_id,
        reason: `reward:${id}`,
      });
      const left = await affected(em, `UPDATE rewards SET stock = stock - 1 WHERE id = $1 AND stock > 0`, [id]);
      if (!left) throw outOfStock();
      let code: string | null = null;
      if (r.kind === 'coupon') {
        const [c] = await rows<{ code: string }>(
          em,
          `UPDATE reward_codes SET assigned_to = $2, redemption_id = $3, assigned_at = now()
            WHERE id = (SELECT id FROM reward_codes WHERE reward_id = $1 AND redemption_id IS NULL ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING code`,
          [id, user.id, d.id],
        );
        if (!c) throw outOfStock();
        code = c.code;
      } else if (r.kind === 'ticket') {
        code = `T-${randomBytes(6).toString('hex').toUpperCase()}`;
      }
      await em.query(`UPDATE redemptions SET code = $2, ledger_entry_id = $3 WHERE id = $1`, [d.id, code, debit.entryId]);
      await this.db.publish(em, 'reward.redeemed', { redemptionId: d.id, rewardId: id, userId: user.id, points: r.cost_points, brandId: r.brand_id });
      return { redemption: mapRedemption((await one<RedemptionRow>(em, `${REDEMPTION_SELECT} WHERE d.id = $1`, [d.id]))!), replayed: false };
    });
  }

  async myRedemptions(userId: number, q: { cursor?: string; limit: number }): Promise<Page<RedemptionDto>> {
    const cur = decodeCursor(q.cursor, ['number']);
    const found = await rows<RedemptionRow>(
      this.db.ds,
      `${REDEMPTION_SELECT} WHERE d.user_id = $1 AND ($2::bigint IS NULL OR d.id < $2) ORDER BY d.id DESC LIMIT $3`,
      [userId, cur?.[0] ?? null, q.limit + 1],
    );
    return toPage(found, q.limit, mapRedemption, (d) => [d.id]);
  }

  /** Redemptions of a reward, for its managers (fulfillment). Codes are not shown to them. */
  async rewardRedemptions(actor: AuthUser, id: number, q: { cursor?: string; limit: number; status?: RedemptionStatus }): Promise<Page<RedemptionDto>> {
    await this.managed(this.db.ds, actor, id);
    const cur = decodeCursor(q.cursor, ['number']);
    const found = await rows<RedemptionRow>(
      this.db.ds,
      `${REDEMPTION_SELECT} WHERE d.reward_id = $1 AND ($2::bigint IS NULL OR d.id < $2) AND ($4::varchar IS NULL OR d.status = $4)
        ORDER BY d.id DESC LIMIT $3`,
      [id, cur?.[0] ?? null, q.limit + 1, q.status ?? null],
    );
    return toPage(found, q.limit, (d) => ({ ...mapRedemption(d), code: null, deliveryText: null }), (d) => [d.id]);
  }

  /**
   * Moves a physical gift along pending → shipped → delivered, or cancels it: the points come
   * back by a refund entry, the unit returns to stock and the member's count drops, all in one
   * transaction.
   */
  async fulfill(actor: AuthUser, redemptionId: number, dto: FulfillmentDto): Promise<RedemptionDto> {
    return this.db.tx(async (em) => {
      const d = await one<RedemptionRow>(em, `${REDEMPTION_SELECT} WHERE d.id = $1`, [redemptionId]);
      if (!d || !mayManage(actor, d.brand_id)) throw notFound();
      if (d.kind !== 'physical') throw conflict('errors.rewards.not_physical');
      const [moved] = await rows<{ id: number }>(
        em,
        `UPDATE redemptions SET status = $2, tracking_number = COALESCE($4, tracking_number), updated_at = now()
          WHERE id = $1 AND status = ANY($3::varchar[]) RETURNING id`,
        [redemptionId, dto.status, NEXT[dto.status], dto.trackingNumber ?? null],
      );
      if (!moved) throw conflict('errors.rewards.bad_transition', { from: d.status, to: dto.status });
      if (dto.status === 'cancelled') {
        if (d.ledger_entry_id === null) throw new AppError(500, 'errors.internal');
        const refund = await this.wallet.refund(em, { entryId: d.ledger_entry_id, sourceType: 'redemption', sourceId: d.id, reason: 'redemption.cancelled' });
        await em.query(`UPDATE redemptions SET refund_entry_id = $2 WHERE id = $1`, [d.id, refund.entryId]);
        await em.query(`UPDATE rewards SET stock = stock + 1 WHERE id = $1`, [d.reward_id]);
        await em.query(`UPDATE reward_claims SET count = count - 1 WHERE reward_id = $1 AND user_id = $2 AND count > 0`, [d.reward_id, d.user_id]);
      }
      await this.notifications.notify(em, {
        userId: d.user_id,
        kind: 'redemption',
        data: { redemptionId: d.id, rewardId: d.reward_id, title: d.title, titleAr: d.title_ar, status: dto.status },
        dedupeKey: `redemption:${d.id}:${dto.status}`,
      });
      const out = (await one<RedemptionRow>(em, `${REDEMPTION_SELECT} WHERE d.id = $1`, [d.id]))!;
      return { ...mapRedemption(out), code: null, deliveryText: null };
    });
  }
}
