import { Injectable } from '@nestjs/common';
import type { BrandDto, BrandManagerDto } from '@wala/contract';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-context';
import { conflict, invalidFields, notFound } from '../common/errors';
import { one, rows } from '../common/sql';
import { Db } from '../database/db.service';
import { uploadUrl } from '../identity/user.mapper';
import type { CreateBrandDto, UpdateBrandDto } from './brand.dto';

interface BrandRow {
  id: number;
  slug: string;
  name: string;
  name_ar: string;
  description: string;
  description_ar: string;
  logo_upload_id: number | null;
  links: { label: string; url: string }[];
  created_at: Date;
}

const mapBrand = (b: BrandRow): BrandDto => ({
  id: b.id,
  slug: b.slug,
  name: b.name,
  nameAr: b.name_ar,
  description: b.description,
  descriptionAr: b.description_ar,
  logoUrl: uploadUrl(b.logo_upload_id),
  links: b.links,
  createdAt: b.created_at.toISOString(),
});

/** Whether a member may act for a brand: admins always, managers for their own brands only. */
export function canManageBrand(user: Pick<AuthUser, 'role' | 'managedBrandIds'>, brandId: number): boolean {
  return user.role === 'admin' || user.managedBrandIds.includes(brandId);
}

@Injectable()
export class BrandsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<BrandDto[]> {
    return (await rows<BrandRow>(this.db.ds, `SELECT * FROM brands ORDER BY name`)).map(mapBrand);
  }

  async get(idOrSlug: string): Promise<BrandDto> {
    const byId = /^[1-9]\d{0,15}$/.test(idOrSlug);
    const b = await one<BrandRow>(this.db.ds, `SELECT * FROM brands WHERE ${byId ? 'id = $1' : 'slug = $1'}`, [
      byId ? Number(idOrSlug) : idOrSlug,
    ]);
    if (!b) throw notFound();
    return mapBrand(b);
  }

  async managers(brandId: number): Promise<BrandManagerDto[]> {
    return rows<BrandManagerDto>(
      this.db.ds,
      `SELECT u.id AS "userId", u.display_name AS "displayName", bm.role
         FROM brand_members bm JOIN users u ON u.id = bm.user_id
        WHERE bm.brand_id = $1 AND u.deleted_at IS NULL ORDER BY u.display_name`,
      [brandId],
    );
  }

  private async checkLogo(em: EntityManager, uploadId: number | undefined) {
    if (uploadId === undefined) return;
    const up = await one<{ kind: string }>(em, `SELECT kind FROM uploads WHERE id = $1`, [uploadId]);
    if (!up || up.kind !== 'brand-logo') throw invalidFields([{ field: 'logoUploadId', code: 'default' }]);
  }

  async create(actor: AuthUser, dto: CreateBrandDto): Promise<BrandDto> {
    return this.db.tx(async (em) => {
      await this.checkLogo(em, dto.logoUploadId);
      const [b] = await rows<BrandRow>(
        em,
        `INSERT INTO brands (slug, name, name_ar, description, description_ar, logo_upload_id, links)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (slug) DO NOTHING RETURNING *`,
        [dto.slug, dto.name, dto.nameAr, dto.description ?? '', dto.descriptionAr ?? '', dto.logoUploadId ?? null, JSON.stringify(dto.links ?? [])],
      );
      if (!b) throw conflict('errors.brand.slug_taken');
      await this.audit.record(em, { actorId: actor.id, action: 'brand.create', targetType: 'brand', targetId: b.id, data: { slug: b.slug } });
      return mapBrand(b);
    });
  }

  /** Admins edit any brand, managers their own; anyone else gets the same 404 as a missing brand. */
  async update(actor: AuthUser, brandId: number, dto: UpdateBrandDto): Promise<BrandDto> {
    if (!canManageBrand(actor, brandId)) throw notFound();
    return this.db.tx(async (em) => {
      await this.checkLogo(em, dto.logoUploadId);
      const [b] = await rows<BrandRow>(
        em,
        `UPDATE brands SET name = COALESCE($2, name), name_ar = COALESCE($3, name_ar),
                description = COALESCE($4, description), description_ar = COALESCE($5, description_ar),
                logo_upload_id = COALESCE($6, logo_upload_id), links = COALESCE($7::jsonb, links)
          WHERE id = $1 RETURNING *`,
        [
          brandId,
          dto.name ?? null,
          dto.nameAr ?? null,
          dto.description ?? null,
          dto.descriptionAr ?? null,
          dto.logoUploadId ?? null,
          dto.links ? JSON.stringify(dto.links) : null,
        ],
      );
      if (!b) throw notFound();
      await this.audit.record(em, { actorId: actor.id, action: 'brand.update', targetType: 'brand', targetId: brandId });
      return mapBrand(b);
    });
  }

  async addManager(actor: AuthUser, brandId: number, userId: number): Promise<BrandManagerDto[]> {
    await this.db.tx(async (em) => {
      const b = await one(em, `SELECT 1 FROM brands WHERE id = $1`, [brandId]);
      if (!b) throw notFound();
      const u = await one(em, `SELECT 1 FROM users WHERE id = $1 AND deleted_at IS NULL`, [userId]);
      if (!u) throw invalidFields([{ field: 'userId', code: 'default' }]);
      await em.query(`INSERT INTO brand_members (brand_id, user_id, role) VALUES ($1, $2, 'manager') ON CONFLICT DO NOTHING`, [
        brandId,
        userId,
      ]);
      await this.audit.record(em, { actorId: actor.id, action: 'brand.manager_add', targetType: 'brand', targetId: brandId, data: { userId } });
    });
    return this.managers(brandId);
  }

  async removeManager(actor: AuthUser, brandId: number, userId: number): Promise<BrandManagerDto[]> {
    await this.db.tx(async (em) => {
      const gone = await rows(em, `DELETE FROM brand_members WHERE brand_id = $1 AND user_id = $2 RETURNING user_id`, [brandId, userId]);
      if (!gone.length) throw notFound();
      await this.audit.record(em, {
        actorId: actor.id,
        action: 'brand.manager_remove',
        targetType: 'brand',
        targetId: brandId,
        data: { userId },
      });
    });
    return this.managers(brandId);
  }
}
