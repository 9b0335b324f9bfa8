import { Injectable } from '@nestjs/common';
import type { ForumCategoryDto } from '@wala/contract';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-context';
import { conflict, invalidFields, notFound } from '../common/errors';
import { one, rows } from '../common/sql';
import { Db } from '../database/db.service';
import { ForumAccess, mapCategory, type CategoryRow, type Viewer } from './forum-access';
import type { CreateCategoryDto, UpdateCategoryDto } from './forum.dto';

@Injectable()
export class CategoriesService {
  constructor(
    private readonly db: Db,
    private readonly access: ForumAccess,
    private readonly audit: AuditService,
  ) {}

  /** The readable categories as a tree (top level, each with its sub-categories), in order. */
  async list(user: AuthUser | null): Promise<ForumCategoryDto[]> {
    const v = await this.access.viewer(this.db.ds, user);
    return tree(v);
  }

  async get(user: AuthUser | null, idOrSlug: string): Promise<ForumCategoryDto> {
    const v = await this.access.viewer(this.db.ds, user);
    const byId = /^[1-9]\d{0,15}$/.test(idOrSlug);
    const c = v.categories.find((x) => (byId ? x.id === Number(idOrSlug) : x.slug === idOrSlug));
    if (!c || !v.canRead(c)) throw notFound('errors.forum.category_not_found');
    const children = v.categories.filter((x) => x.parent_id === c.id && v.canRead(x)).map((x) => mapCategory(v, x));
    return mapCategory(v, c, children);
  }

  private async checkParent(em: EntityManager, parentId: number | null | undefined, selfId?: number): Promise<void> {
    if (parentId === undefined || parentId === null) return;
    const p = await one<{ parent_id: number | null }>(em, `SELECT parent_id FROM forum_categories WHERE id = $1`, [parentId]);
    // one level only: a parent may not itself be a sub-category, nor the category itself
    if (!p || p.parent_id !== null || parentId === selfId) throw invalidFields([{ field: 'parentId', code: 'default' }]);
    if (selfId) {
      const kids = await one(em, `SELECT 1 FROM forum_categories WHERE parent_id = $1 LIMIT 1`, [selfId]);
      if (kids) throw invalidFields([{ field: 'parentId', code: 'default' }]);
    }
  }

  private async checkBrand(em: EntityManager, brandId: number | null | undefined): Promise<void> {
    if (brandId === undefined || brandId === null) return;
    if (!(await one(em, `SELECT 1 FROM brands WHERE id = $1`, [brandId]))) throw invalidFields([{ field: 'brandId', code: 'default' }]);
  }

  async create(actor: AuthUser, dto: CreateCategoryDto): Promise<ForumCategoryDto> {
    const id = await this.db.tx(async (em) => {
      await this.checkParent(em, dto.parentId);
      await this.checkBrand(em, dto.brandId);
      const [c] = await rows<{ id: number }>(
        em,
        `INSERT INTO forum_categories (slug, name, name_ar, description, description_ar, parent_id, position, read_access,
                                       post_access, min_tier_rank, brand_id, slow_mode_seconds)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (slug) DO NOTHING RETURNING id`,
        [
          dto.slug,
          dto.name,
          dto.nameAr,
          dto.description ?? '',
          dto.descriptionAr ?? '',
          dto.parentId ?? null,
          dto.position ?? 0,
          dto.readAccess ?? 'everyone',
          dto.postAccess ?? 'members',
          dto.minTierRank ?? 0,
          dto.brandId ?? null,
          dto.slowModeSeconds ?? 0,
        ],
      );
      if (!c) throw conflict('errors.forum.slug_taken');
      await this.audit.record(em, { actorId: actor.id, action: 'forum.category_create', targetType: 'forum_category', targetId: c.id, data: { slug: dto.slug } });
      return c.id;
    });
    return this.get(actor, String(id));
  }

  async update(actor: AuthUser, id: number, dto: UpdateCategoryDto): Promise<ForumCategoryDto> {
    await this.db.tx(async (em) => {
      const cur = await one<CategoryRow>(em, `SELECT * FROM forum_categories WHERE id = $1 FOR UPDATE`, [id]);
      if (!cur) throw notFound('errors.forum.category_not_found');
      await this.checkParent(em, dto.parentId, id);
      await this.checkBrand(em, dto.brandId);
      const next = {
        slug: dto.slug ?? cur.slug,
        name: dto.name ?? cur.name,
        name_ar: dto.nameAr ?? cur.name_ar,
        description: dto.description ?? cur.description,
        description_ar: dto.descriptionAr ?? cur.description_ar,
        parent_id: dto.parentId !== undefined ? dto.parentId : cur.parent_id,
        position: dto.position ?? cur.position,
        read_access: dto.readAccess ?? cur.read_access,
        post_access: dto.postAccess ?? cur.post_access,
        min_tier_rank: dto.minTierRank ?? cur.min_tier_rank,
        brand_id: dto.brandId !== undefined ? dto.brandId : cur.brand_id,
        slow_mode_seconds: dto.slowModeSeconds ?? cur.slow_mode_seconds,
      };
      if (next.slug !== cur.slug && (await one(em, `SELECT 1 FROM forum_categories WHERE slug = $1`, [next.slug]))) {
        throw conflict('errors.forum.slug_taken');
      }
      await em.query(
        `UPDATE forum_categories SET slug = $2, name = $3, name_ar = $4, description = $5, description_ar = $6, parent_id = $7,
                position = $8, read_access = $9, post_access = $10, min_tier_rank = $11, brand_id = $12, slow_mode_seconds = $13
          WHERE id = $1`,
        [id, ...Object.values(next)],
      );
      await this.audit.record(em, { actorId: actor.id, action: 'forum.category_update', targetType: 'forum_category', targetId: id, data: { ...dto } });
    });
    return this.get(actor, String(id));
  }

  async remove(actor: AuthUser, id: number): Promise<void> {
    await this.db.tx(async (em) => {
      const c = await one<{ slug: string }>(em, `SELECT slug FROM forum_categories WHERE id = $1 FOR UPDATE`, [id]);
      if (!c) throw notFound('errors.forum.category_not_found');
      const used =
        (await one(em, `SELECT 1 FROM forum_categories WHERE parent_id = $1 LIMIT 1`, [id])) ??
        (await one(em, `SELECT 1 FROM forum_topics WHERE category_id = $1 LIMIT 1`, [id]));
      if (used) throw conflict('errors.forum.category_not_empty');
      await em.query(`DELETE FROM forum_categories WHERE id = $1`, [id]);
      await this.audit.record(em, { actorId: actor.id, action: 'forum.category_delete', targetType: 'forum_category', targetId: id, data: { slug: c.slug } });
    });
  }
}

function tree(v: Viewer): ForumCategoryDto[] {
  const readable = v.categories.filter((c) => v.canRead(c));
  return readable
    .filter((c) => c.parent_id === null)
    .map((c) =>
      mapCategory(
        v,
        c,
        readable.filter((x) => x.parent_id === c.id).map((x) => mapCategory(v, x)),
      ),
    );
}
