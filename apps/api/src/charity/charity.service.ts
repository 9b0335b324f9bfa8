import { randomBytes } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import type {
  CampaignDto,
  CampaignPageDto,
  CharityDto,
  DonationDto,
  Page,
  PaymentDto,
  PledgeDto,
  SettlementRowDto,
  TopDonorDto,
  TransparencyReportDto,
} from '@wala/contract';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth-context';
import { conflict, invalidFields, notFound } from '../common/errors';
import { decodeCursor, toPage } from '../common/params';
import { PointsWallet } from '../common/points-wallet';
import { one, rows, type Queryable } from '../common/sql';
import { canManageBrand } from '../brands/brands.service';
import { Db } from '../database/db.service';
import { EventBus } from '../events/event-bus.service';
import { PersonalData } from '../identity/personal-data';
import { uploadUrl } from '../identity/user.mapper';
import { toCsv } from '@wala/contract';
import { keyReused, requestHash } from '../rewards/idempotency';
import type { CreateCampaignDto, CreateCharityDto, CreatePledgeDto, DonateDto, UpdateCampaignDto, UpdateCharityDto } from './charity.dto';

interface CharityRow {
  id: number;
  name: string;
  name_ar: string;
  description: string;
  description_ar: string;
  registration_number: string;
  website: string | null;
  logo_upload_id: number | null;
}

interface CampaignRow {
  id: number;
  charity_id: number;
  brand_id: number;
  brand_name: string;
  brand_name_ar: string;
  title: string;
  title_ar: string;
  description: string;
  description_ar: string;
  currency: string;
  goal_minor: number;
  starts_at: Date | null;
  ends_at: Date | null;
  rate_minor: number;
  rate_points: number;
  min_points: number;
  match_percent: number;
  match_cap_minor: number;
  donated_points: number;
  donated_minor: number;
  matched_minor: number;
  pledged_minor: number;
  paid_minor: number;
  donation_count: number;
  open: boolean;
  charity: CharityRow;
}

interface PledgeRow {
  id: number;
  campaign_id: number;
  action: PledgeDto['action'];
  source_id: number | null;
  amount_minor: number;
  cap_minor: number;
  pledged_minor: number;
}

interface DonationRow {
  id: number;
  campaign_id: number;
  points: number;
  rate_minor: number;
  rate_points: number;
  amount_minor: number;
  match_minor: number;
  currency: string;
  show_publicly: boolean;
  receipt_number: string;
  request_hash: string;
  created_at: Date;
  title: string;
  title_ar: string;
  charity_name: string;
  charity_name_ar: string;
  charity_registration_number: string;
  brand_name: string;
  brand_name_ar: string;
}

const mapCharity = (c: CharityRow): CharityDto => ({
  id: c.id,
  name: c.name,
  nameAr: c.name_ar,
  description: c.description,
  descriptionAr: c.description_ar,
  registrationNumber: c.registration_number,
  website: c.website,
  logoUrl: uploadUrl(c.logo_upload_id),
});

const mapPledge = (p: PledgeRow): PledgeDto => ({
  id: p.id,
  action: p.action,
  sourceId: p.source_id,
  amountMinor: p.amount_minor,
  capMinor: p.cap_minor,
  pledgedMinor: p.pledged_minor,
});

const CAMPAIGN_SELECT = `
  SELECT c.*, b.name AS brand_name, b.name_ar AS brand_name_ar, to_jsonb(ch.*) AS charity,
         (SELECT count(*)::int FROM donations d WHERE d.campaign_id = c.id) AS donation_count,
         ((c.starts_at IS NULL OR c.starts_at <= now()) AND (c.ends_at IS NULL OR c.ends_at > now())) AS open
    FROM campaigns c JOIN brands b ON b.id = c.brand_id JOIN charities ch ON ch.id = c.charity_id`;

const DONATION_SELECT = `
  SELECT d.*, c.title, c.title_ar, ch.name AS charity_name, ch.name_ar AS charity_name_ar, ch.registration_number AS charity_registration_number,
         b.name AS brand_name, b.name_ar AS brand_name_ar
    FROM donations d JOIN campaigns c ON c.id = d.campaign_id JOIN charities ch ON ch.id = c.charity_id JOIN brands b ON b.id = c.brand_id`;

const mapDonation = (d: DonationRow): DonationDto => ({
  id: d.id,
  campaignId: d.campaign_id,
  campaignTitle: d.title,
  campaignTitleAr: d.title_ar,
  charityName: d.charity_name,
  charityNameAr: d.charity_name_ar,
  charityRegistrationNumber: d.charity_registration_number,
  sponsorName: d.brand_name,
  sponsorNameAr: d.brand_name_ar,
  points: d.points,
  rateMinor: d.rate_minor,
  ratePoints: d.rate_points,
  amountMinor: d.amount_minor,
  matchMinor: d.match_minor,
  currency: d.currency,
  showPublicly: d.show_publicly,
  receiptNumber: d.receipt_number,
  createdAt: d.created_at.toISOString(),
});

type Viewer = Pick<AuthUser, 'role' | 'managedBrandIds'> | null;
const mayManage = (v: Viewer, brandId: number) => !!v && canManageBrand(v, brandId);

/** money of a donation: points × rateMinor / ratePoints, rounded down (integer minor units) */
export function donationMinor(points: number, rateMinor: number, ratePoints: number): number {
  return Number((BigInt(points) * BigInt(rateMinor)) / BigInt(ratePoints));
}

@Injectable()
export class CharityService implements OnModuleInit {
  constructor(
    private readonly db: Db,
    private readonly wallet: PointsWallet,
    private readonly bus: EventBus,
    private readonly personalData: PersonalData,
  ) {}

  onModuleInit(): void {
    this.bus.on('challenge.completed', 'charity:pledge', async (em, e) => {
      if (e.pledgeCampaignId === null) return;
      const pledges = await rows<PledgeRow>(
        em,
        `SELECT p.* FROM campaign_pledges p JOIN campaigns c ON c.id = p.campaign_id
          WHERE p.campaign_id = $1 AND p.action = 'challenge.completed' AND (p.source_id IS NULL OR p.source_id = $2)
            AND (c.starts_at IS NULL OR c.starts_at <= now()) AND (c.ends_at IS NULL OR c.ends_at > now())
          ORDER BY p.id`,
        [e.pledgeCampaignId, e.challengeId],
      );
      for (const p of pledges) await this.credit(em, p, `challenge:${e.completionId}`, e.userId);
    });
    this.bus.on('event.checked_in', 'charity:pledge', async (em, e) => {
      const pledges = await rows<PledgeRow>(
        em,
        `SELECT p.* FROM campaign_pledges p JOIN campaigns c ON c.id = p.campaign_id
          WHERE p.action = 'event.checked_in' AND (p.source_id = $1 OR (p.source_id IS NULL AND c.brand_id = $2))
            AND (c.starts_at IS NULL OR c.starts_at <= now()) AND (c.ends_at IS NULL OR c.ends_at > now())
          ORDER BY p.id`,
        [e.eventId, e.brandId],
      );
      for (const p of pledges) await this.credit(em, p, `checkin:${e.checkInId}`, e.userId);
    });
    this.personalData.register({
      section: 'donations',
      collect: (em, userId) =>
        rows(em, `SELECT d.id, d.campaign_id, d.points, d.amount_minor, d.currency, d.receipt_number, d.show_publicly, d.created_at FROM donations d WHERE d.user_id = $1 ORDER BY d.id`, [userId]),
      erase: async (em, userId) => void (await em.query(`UPDATE donations SET show_publicly = false WHERE user_id = $1`, [userId])),
    });
  }

  /**
   * Credits one action to a pledge, once per (pledge, action) and never past its cap: the pledge
   * row is locked, the amount is what is left under the cap, the credit row is unique.
   */
  private async credit(em: EntityManager, p: PledgeRow, sourceKey: string, userId: number): Promise<void> {
    const cur = await one<{ room: number }>(em, `SELECT LEAST(amount_minor, cap_minor - pledged_minor) AS room FROM campaign_pledges WHERE id = $1 FOR NO KEY UPDATE`, [p.id]);
    if (!cur || cur.room <= 0) return;
    const added = await rows(
      em,
      `INSERT INTO pledge_credits (pledge_id, source_key, user_id, amount_minor) VALUES ($1, $2, $3, $4)
       ON CONFLICT (pledge_id, source_key) DO NOTHING RETURNING id`,
      [p.id, sourceKey, userId, cur.room],
    );
    if (!added.length) return;
    await em.query(`UPDATE campaign_pledges SET pledged_minor = pledged_minor + $2 WHERE id = $1`, [p.id, cur.room]);
    await em.query(`UPDATE campaigns SET pledged_minor = pledged_minor + $2, updated_at = now() WHERE id = $1`, [p.campaign_id, cur.room]);
  }

  // ---- charities

  async charities(): Promise<CharityDto[]> {
    return (await rows<CharityRow>(this.db.ds, `SELECT * FROM charities ORDER BY name, id LIMIT 500`)).map(mapCharity);
  }

  async charity(id: number): Promise<CharityDto> {
    const c = await one<CharityRow>(this.db.ds, `SELECT * FROM charities WHERE id = $1`, [id]);
    if (!c) throw notFound();
    return mapCharity(c);
  }

  private async checkLogo(em: EntityManager, uploadId: number | undefined) {
    if (uploadId === undefined) return;
    const up = await one<{ kind: string }>(em, `SELECT kind FROM uploads WHERE id = $1`, [uploadId]);
    if (!up || up.kind !== 'brand-logo') throw invalidFields([{ field: 'logoUploadId', code: 'default' }]);
  }

  async createCharity(dto: CreateCharityDto): Promise<CharityDto> {
    return this.db.tx(async (em) => {
      await this.checkLogo(em, dto.logoUploadId);
      const [c] = await rows<CharityRow>(
        em,
        `INSERT INTO charities (name, name_ar, description, description_ar, registration_number, website, logo_upload_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
        [dto.name, dto.nameAr, dto.description ?? '', dto.descriptionAr ?? '', dto.registrationNumber, dto.website ?? null, dto.logoUploadId ?? null],
      );
      return mapCharity(c);
    });
  }

  async updateCharity(id: number, dto: UpdateCharityDto): Promise<CharityDto> {
    return this.db.tx(async (em) => {
      await this.checkLogo(em, dto.logoUploadId);
      const [c] = await rows<CharityRow>(
        em,
        `UPDATE charities SET name = COALESCE($2, name), name_ar = COALESCE($3, name_ar), description = COALESCE($4, description),
                description_ar = COALESCE($5, description_ar), registration_number = COALESCE($6, registration_number),
                website = COALESCE($7, website), logo_upload_id = COALESCE($8, logo_upload_id)
          WHERE id = $1 RETURNING *`,
        [id, dto.name ?? null, dto.nameAr ?? null, dto.description ?? null, dto.descriptionAr ?? null, dto.registrationNumber ?? null, dto.website ?? null, dto.logoUploadId ?? null],
      );
      if (!c) throw notFound();
      return mapCharity(c);
    });
  }

  // ---- campaigns

  private async pledgesOf(db: Queryable, ids: number[]): Promise<Map<number, PledgeRow[]>> {
    const found = await rows<PledgeRow>(db, `SELECT * FROM campaign_pledges WHERE campaign_id = ANY($1::bigint[]) ORDER BY id`, [ids]);
    const by = new Map<number, PledgeRow[]>();
    for (const p of found) by.set(p.campaign_id, [...(by.get(p.campaign_id) ?? []), p]);
    return by;
  }

  private mapCampaign(c: CampaignRow, pledges: PledgeRow[], viewer: Viewer): CampaignDto {
    return {
      id: c.id,
      charity: mapCharity(c.charity),
      brandId: c.brand_id,
      brandName: c.brand_name,
      brandNameAr: c.brand_name_ar,
      title: c.title,
      titleAr: c.title_ar,
      description: c.description,
      descriptionAr: c.description_ar,
      currency: c.currency.trim(),
      goalMinor: c.goal_minor,
      startsAt: c.starts_at?.toISOString() ?? null,
      endsAt: c.ends_at?.toISOString() ?? null,
      rateMinor: c.rate_minor,
      ratePoints: c.rate_points,
      minPoints: c.min_points,
      matchPercent: c.match_percent,
      matchCapMinor: c.match_cap_minor,
      totals: {
        donatedPoints: c.donated_points,
        donatedMinor: c.donated_minor,
        matchedMinor: c.matched_minor,
        pledgedMinor: c.pledged_minor,
        raisedMinor: c.donated_minor + c.matched_minor + c.pledged_minor,
        paidMinor: c.paid_minor,
        donationCount: c.donation_count,
      },
      pledges: pledges.map(mapPledge),
      canManage: mayManage(viewer, c.brand_id),
    };
  }

  private async loadCampaign(db: Queryable, id: number): Promise<CampaignRow> {
    const c = await one<CampaignRow>(db, `${CAMPAIGN_SELECT} WHERE c.id = $1`, [id]);
    if (!c) throw notFound();
    return c;
  }

  private async campaignDto(db: Queryable, id: number, viewer: Viewer): Promise<CampaignDto> {
    const c = await this.loadCampaign(db, id);
    return this.mapCampaign(c, (await this.pledgesOf(db, [id])).get(id) ?? [], viewer);
  }

  async campaigns(viewer: Viewer, q: { cursor?: string; limit: number; brandId?: number; charityId?: number }): Promise<Page<CampaignDto>> {
    const cur = decodeCursor(q.cursor, ['number']);
    const found = await rows<CampaignRow>(
      this.db.ds,
      `${CAMPAIGN_SELECT} WHERE ($1::bigint IS NULL OR c.id < $1) AND ($3::bigint IS NULL OR c.brand_id = $3) AND ($4::bigint IS NULL OR c.charity_id = $4)
        ORDER BY c.id DESC LIMIT $2`,
      [cur?.[0] ?? null, q.limit + 1, q.brandId ?? null, q.charityId ?? null],
    );
    const pledges = await this.pledgesOf(this.db.ds, found.map((c) => c.id));
    return toPage(found, q.limit, (c) => this.mapCampaign(c, pledges.get(c.id) ?? [], viewer), (c) => [c.id]);
  }

  /** The public campaign page: goal, progress and the donors who chose to be shown. */
  async campaignPage(viewer: Viewer, id: number): Promise<CampaignPageDto> {
    const dto = await this.campaignDto(this.db.ds, id, viewer);
    const topDonors = await rows<TopDonorDto>(
      this.db.ds,
      `SELECT d.user_id AS "userId", u.display_name AS "displayName", sum(d.points)::bigint AS points, sum(d.amount_minor)::bigint AS "amountMinor"
         FROM donations d JOIN users u ON u.id = d.user_id
        WHERE d.campaign_id = $1 AND d.show_publicly AND u.deleted_at IS NULL
        GROUP BY d.user_id, u.display_name ORDER BY sum(d.points) DESC, d.user_id LIMIT 10`,
      [id],
    );
    return { ...dto, topDonors };
  }

  private checkWindow(startsAt: string | null | undefined, endsAt: string | null | undefined) {
    if (startsAt && endsAt && new Date(endsAt) <= new Date(startsAt)) throw invalidFields([{ field: 'endsAt', code: 'default' }]);
  }

  async createCampaign(actor: AuthUser, dto: CreateCampaignDto): Promise<CampaignDto> {
    if (!canManageBrand(actor, dto.brandId)) throw notFound();
    this.checkWindow(dto.startsAt, dto.endsAt);
    return this.db.tx(async (em) => {
      if (!(await one(em, `SELECT 1 FROM charities WHERE id = $1`, [dto.charityId]))) throw invalidFields([{ field: 'charityId', code: 'default' }]);
      const [c] = await rows<{ id: number }>(
        em,
        `INSERT INTO campaigns (charity_id, brand_id, title, title_ar, description, description_ar, currency, goal_minor, starts_at, ends_at,
                                rate_minor, rate_points, min_points, match_percent, match_cap_minor, created_by_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
        [
          dto.charityId,
          dto.brandId,
          dto.title,
          dto.titleAr,
          dto.description ?? '',
          dto.descriptionAr ?? '',
          dto.currency,
          dto.goalMinor,
          dto.startsAt ?? null,
          dto.endsAt ?? null,
          dto.rateMinor,
          dto.ratePoints,
          dto.minPoints ?? 1,
          dto.matchPercent ?? 0,
          dto.matchCapMinor ?? 0,
          actor.id,
        ],
      );
      return this.campaignDto(em, c.id, actor);
    });
  }

  private async managedCampaign(em: EntityManager, actor: AuthUser, id: number): Promise<CampaignRow> {
    const c = await one<CampaignRow>(em, `${CAMPAIGN_SELECT} WHERE c.id = $1 FOR NO KEY UPDATE OF c`, [id]);
    if (!c || !canManageBrand(actor, c.brand_id)) throw notFound();
    return c;
  }

  /** A rate change applies to later donations only: each donation keeps the rate it was made at. */
  async updateCampaign(actor: AuthUser, id: number, dto: UpdateCampaignDto): Promise<CampaignDto> {
    return this.db.tx(async (em) => {
      const cur = await this.managedCampaign(em, actor, id);
      this.checkWindow(dto.startsAt ?? cur.starts_at?.toISOString(), dto.endsAt ?? cur.ends_at?.toISOString());
      if (dto.matchCapMinor !== undefined && dto.matchCapMinor < cur.matched_minor) {
        throw invalidFields([{ field: 'matchCapMinor', code: 'min', params: { min: cur.matched_minor } }]);
      }
      await em.query(
        `UPDATE campaigns SET title = COALESCE($2, title), title_ar = COALESCE($3, title_ar), description = COALESCE($4, description),
                description_ar = COALESCE($5, description_ar), goal_minor = COALESCE($6, goal_minor), starts_at = COALESCE($7, starts_at),
                ends_at = COALESCE($8, ends_at), rate_minor = COALESCE($9, rate_minor), rate_points = COALESCE($10, rate_points),
                min_points = COALESCE($11, min_points), match_percent = COALESCE($12, match_percent),
                match_cap_minor = COALESCE($13, match_cap_minor), updated_at = now()
          WHERE id = $1`,
        [
          id,
          dto.title ?? null,
          dto.titleAr ?? null,
          dto.description ?? null,
          dto.descriptionAr ?? null,
          dto.goalMinor ?? null,
          dto.startsAt ?? null,
          dto.endsAt ?? null,
          dto.rateMinor ?? null,
          dto.ratePoints ?? null,
          dto.minPoints ?? null,
          dto.matchPercent ?? null,
          dto.matchCapMinor ?? null,
        ],
      );
      return this.campaignDto(em, id, actor);
    });
  }

  async addPledge(actor: AuthUser, id: number, dto: CreatePledgeDto): Promise<CampaignDto> {
    return this.db.tx(async (em) => {
      await this.managedCampaign(em, actor, id);
      await em.query(`INSERT INTO campaign_pledges (campaign_id, action, source_id, amount_minor, cap_minor) VALUES ($1, $2, $3, $4, $5)`, [
        id,
        dto.action,
        dto.sourceId ?? null,
        dto.amountMinor,
        dto.capMinor,
      ]);
      return this.campaignDto(em, id, actor);
    });
  }

  // ---- donations

  private async donationByKey(db: Queryable, userId: number, key: string): Promise<DonationRow | null> {
    return one<DonationRow>(db, `${DONATION_SELECT} WHERE d.user_id = $1 AND d.idempotency_key = $2`, [userId, key]);
  }

  /**
   * Donates points in one transaction: the donation row (unique per member and key) carries the
   * campaign's rate and its money figure floor(points × rate); the points are debited; the brand's
   * match is added up to its cap under the campaign row's lock. A retry returns the first result.
   */
  async donate(user: AuthUser, id: number, key: string, dto: DonateDto): Promise<{ donation: DonationDto; replayed: boolean }> {
    const hash = requestHash({ campaignId: id, body: dto });
    const seen = await this.donationByKey(this.db.ds, user.id, key);
    if (seen) {
      if (seen.request_hash !== hash) throw keyReused();
      return { donation: mapDonation(seen), replayed: true };
    }
    return this.db.tx(async (em) => {
      const c = await this.loadCampaign(em, id);
      if (!c.open) throw conflict('errors.charity.closed');
      if (dto.points < c.min_points) throw invalidFields([{ field: 'points', code: 'min', params: { min: c.min_points } }]);
      const [d] = await rows<{ id: number; amount_minor: number }>(
        em,
        `INSERT INTO donations (campaign_id, user_id, points, rate_minor, rate_points, amount_minor, currency, show_publicly, receipt_number, idempotency_key, request_hash)
         SELECT c.id, $2, $3::int, c.rate_minor, c.rate_points, ($3::int::bigint * c.rate_minor) / c.rate_points, c.currency, $4, $5, $6, $7
           FROM campaigns c WHERE c.id = $1
         ON CONFLICT (user_id, idempotency_key) DO NOTHING RETURNING id, amount_minor`,
        [id, user.id, dto.points, dto.showPublicly ?? false, `WR-${randomBytes(6).toString('hex').toUpperCase()}`, key, hash],
      );
      if (!d) {
        const first = (await this.donationByKey(em, user.id, key))!;
        if (first.request_hash !== hash) throw keyReused();
        return { donation: mapDonation(first), replayed: true };
      }
      const debit = await this.wallet.debit(em, {
        userId: user.id,
        points: dto.points,
        kind: 'donation',
        sourceType: 'donation',
        sourceId: d.id,
        brandId: c.brand_id,
        reason: `campaign:${id}`,
        campaignId: id,
      });
      const [m] = await rows<{ match: number }>(
        em,
        `WITH cur AS (
           SELECT id, LEAST(($2::bigint * match_percent) / 100, match_cap_minor - matched_minor) AS match FROM campaigns WHERE id = $1 FOR NO KEY UPDATE
         )
         UPDATE campaigns c SET matched_minor = c.matched_minor + cur.match, donated_points = c.donated_points + $3,
                donated_minor = c.donated_minor + $2, updated_at = now()
           FROM cur WHERE c.id = cur.id RETURNING cur.match`,
        [id, d.amount_minor, dto.points],
      );
      await em.query(`UPDATE donations SET match_minor = $2, ledger_entry_id = $3 WHERE id = $1`, [d.id, m.match, debit.entryId]);
      await this.db.publish(em, 'donation.made', { donationId: d.id, campaignId: id, userId: user.id, points: dto.points, amountMinor: d.amount_minor, currency: c.currency.trim() });
      return { donation: mapDonation((await one<DonationRow>(em, `${DONATION_SELECT} WHERE d.id = $1`, [d.id]))!), replayed: false };
    });
  }

  async myDonations(userId: number, q: { cursor?: string; limit: number }): Promise<Page<DonationDto>> {
    const cur = decodeCursor(q.cursor, ['number']);
    const found = await rows<DonationRow>(
      this.db.ds,
      `${DONATION_SELECT} WHERE d.user_id = $1 AND ($2::bigint IS NULL OR d.id < $2) ORDER BY d.id DESC LIMIT $3`,
      [userId, cur?.[0] ?? null, q.limit + 1],
    );
    return toPage(found, q.limit, mapDonation, (d) => [d.id]);
  }

  /** A donation's receipt: its donor only. */
  async receipt(userId: number, id: number): Promise<DonationDto> {
    const d = await one<DonationRow>(this.db.ds, `${DONATION_SELECT} WHERE d.id = $1 AND d.user_id = $2`, [id, userId]);
    if (!d) throw notFound();
    return mapDonation(d);
  }

  // ---- settlement

  async recordPayment(actor: AuthUser, id: number, amountMinor: number, receiptReference: string): Promise<PaymentDto> {
    return this.db.tx(async (em) => {
      await this.managedCampaign(em, actor, id);
      const paid = await rows(
        em,
        `UPDATE campaigns SET paid_minor = paid_minor + $2, updated_at = now()
          WHERE id = $1 AND paid_minor + $2 <= donated_minor + matched_minor + pledged_minor RETURNING id`,
        [id, amountMinor],
      );
      if (!paid.length) throw conflict('errors.charity.overpaid');
      const [p] = await rows<{ id: number; created_at: Date }>(
        em,
        `INSERT INTO campaign_payments (campaign_id, amount_minor, receipt_reference, recorded_by_id) VALUES ($1, $2, $3, $4) RETURNING id, created_at`,
        [id, amountMinor, receiptReference, actor.id],
      );
      return { id: p.id, campaignId: id, amountMinor, receiptReference, createdAt: p.created_at.toISOString() };
    });
  }

  /** What each brand owes each charity, per currency: admins see all, managers their brands, others nothing. */
  async settlement(actor: AuthUser, brandId?: number): Promise<SettlementRowDto[]> {
    if (brandId !== undefined && !canManageBrand(actor, brandId)) throw notFound();
    const scope = brandId !== undefined ? [brandId] : actor.role === 'admin' ? null : actor.managedBrandIds;
    const found = await rows<CampaignRow & { charity_name: string }>(
      this.db.ds,
      `SELECT c.id, c.brand_id, b.name AS brand_name, c.charity_id, ch.name AS charity_name, c.currency, c.title,
              c.donated_minor, c.matched_minor, c.pledged_minor, c.paid_minor
         FROM campaigns c JOIN brands b ON b.id = c.brand_id JOIN charities ch ON ch.id = c.charity_id
        WHERE $1::bigint[] IS NULL OR c.brand_id = ANY($1::bigint[])
        ORDER BY b.name, ch.name, c.currency, c.id`,
      [scope],
    );
    const out = new Map<string, SettlementRowDto>();
    for (const c of found) {
      const k = `${c.brand_id}:${c.charity_id}:${c.currency}`;
      const owed = c.donated_minor + c.matched_minor + c.pledged_minor;
      const row = out.get(k) ?? {
        brandId: c.brand_id,
        brandName: c.brand_name,
        charityId: c.charity_id,
        charityName: c.charity_name,
        currency: c.currency.trim(),
        donatedMinor: 0,
        matchedMinor: 0,
        pledgedMinor: 0,
        owedMinor: 0,
        paidMinor: 0,
        outstandingMinor: 0,
        campaigns: [],
      };
      row.donatedMinor += c.donated_minor;
      row.matchedMinor += c.matched_minor;
      row.pledgedMinor += c.pledged_minor;
      row.owedMinor += owed;
      row.paidMinor += c.paid_minor;
      row.outstandingMinor = row.owedMinor - row.paidMinor;
      row.campaigns.push({ id: c.id, title: c.title, owedMinor: owed, paidMinor: c.paid_minor });
      out.set(k, row);
    }
    return [...out.values()];
  }

  async settlementCsv(actor: AuthUser, brandId?: number): Promise<string> {
    const data = await this.settlement(actor, brandId);
    return toCsv([
      ['brand', 'charity', 'currency', 'donated_minor', 'matched_minor', 'pledged_minor', 'owed_minor', 'paid_minor', 'outstanding_minor'],
      ...data.map((r) => [r.brandName, r.charityName, r.currency, r.donatedMinor, r.matchedMinor, r.pledgedMinor, r.owedMinor, r.paidMinor, r.outstandingMinor]),
    ]);
  }

  /** The public transparency report: donations by the rate they were made at, pledges, payments with receipts. */
  async transparency(viewer: Viewer, id: number): Promise<TransparencyReportDto> {
    const campaign = await this.campaignDto(this.db.ds, id, viewer);
    const byRate = await rows<TransparencyReportDto['byRate'][number]>(
      this.db.ds,
      `SELECT rate_minor AS "rateMinor", rate_points AS "ratePoints", count(*)::int AS donations, sum(points)::bigint AS points, sum(amount_minor)::bigint AS "amountMinor"
         FROM donations WHERE campaign_id = $1 GROUP BY rate_minor, rate_points ORDER BY min(id)`,
      [id],
    );
    const credits = await rows<{ pledge_id: number; n: number }>(
      this.db.ds,
      `SELECT pc.pledge_id, count(*)::int AS n FROM pledge_credits pc JOIN campaign_pledges p ON p.id = pc.pledge_id WHERE p.campaign_id = $1 GROUP BY pc.pledge_id`,
      [id],
    );
    const payments = await rows<{ id: number; amount_minor: number; receipt_reference: string; created_at: Date }>(
      this.db.ds,
      `SELECT id, amount_minor, receipt_reference, created_at FROM campaign_payments WHERE campaign_id = $1 ORDER BY id`,
      [id],
    );
    return {
      campaign,
      byRate,
      pledges: campaign.pledges.map((p) => ({ ...p, credits: credits.find((c) => c.pledge_id === p.id)?.n ?? 0 })),
      payments: payments.map((p) => ({ id: p.id, campaignId: id, amountMinor: p.amount_minor, receiptReference: p.receipt_reference, createdAt: p.created_at.toISOString() })),
      outstandingMinor: campaign.totals.raisedMinor - campaign.totals.paidMinor,
    };
  }
}
