import { Injectable } from '@nestjs/common';
import type { ForumCategoryDto } from '@wala/contract';
import { isStaff } from '../common/access';
import type { AuthUser } from '../common/auth-context';
import { MemberStanding } from '../common/member-standing';
import { rows, type Queryable } from '../common/sql';

export interface CategoryRow {
  id: number;
  parent_id: number | null;
  slug: string;
  name: string;
  name_ar: string;
  description: string;
  description_ar: string;
  position: number;
  read_access: 'everyone' | 'members' | 'staff';
  post_access: 'members' | 'staff';
  min_tier_rank: number;
  brand_id: number | null;
  slow_mode_seconds: number;
  topic_count: number;
  post_count: number;
}

/**
 * What one caller may do in the forum, decided once per request from the (small) category table:
 *  - staff (moderators, admins) read, post and moderate everywhere;
 *  - a brand's managers read, post and moderate in that brand's categories;
 *  - otherwise read needs `read_access` (everyone / members / staff) and, when set, a loyalty tier
 *    of at least `min_tier_rank` (MemberStanding seam); posting also needs `post_access`;
 *  - a sub-category is readable only when its parent is.
 */
export class Viewer {
  readonly byId: Map<number, CategoryRow>;

  constructor(
    readonly user: AuthUser | null,
    readonly categories: CategoryRow[],
    readonly tierRank: number,
  ) {
    this.byId = new Map(categories.map((c) => [Number(c.id), c]));
  }

  get staff(): boolean {
    return isStaff(this.user);
  }

  canModerate(c: CategoryRow): boolean {
    return this.staff || (c.brand_id !== null && !!this.user?.managedBrandIds.includes(Number(c.brand_id)));
  }

  private ownRead(c: CategoryRow): boolean {
    if (this.canModerate(c)) return true;
    if (c.read_access === 'staff') return false;
    if (c.read_access === 'members' && !this.user) return false;
    if (c.min_tier_rank > 0 && (!this.user || this.tierRank < c.min_tier_rank)) return false;
    return true;
  }

  canRead(c: CategoryRow | undefined): boolean {
    if (!c) return false;
    if (!this.ownRead(c)) return false;
    const parent = c.parent_id !== null ? this.byId.get(Number(c.parent_id)) : undefined;
    return parent ? this.ownRead(parent) : true;
  }

  canPost(c: CategoryRow | undefined): boolean {
    if (!c || !this.user || !this.canRead(c)) return false;
    return this.canModerate(c) || c.post_access === 'members';
  }

  readableIds(): number[] {
    return this.categories.filter((c) => this.canRead(c)).map((c) => Number(c.id));
  }

  category(id: number): CategoryRow | undefined {
    return this.byId.get(id);
  }
}

export const mapCategory = (v: Viewer, c: CategoryRow, children: ForumCategoryDto[] = []): ForumCategoryDto => ({
  id: Number(c.id),
  parentId: c.parent_id === null ? null : Number(c.parent_id),
  slug: c.slug,
  name: c.name,
  nameAr: c.name_ar,
  description: c.description,
  descriptionAr: c.description_ar,
  position: c.position,
  readAccess: c.read_access,
  postAccess: c.post_access,
  minTierRank: c.min_tier_rank,
  brandId: c.brand_id === null ? null : Number(c.brand_id),
  slowModeSeconds: c.slow_mode_seconds,
  topicCount: c.topic_count,
  postCount: c.post_count,
  canPost: v.canPost(c),
  canModerate: v.canModerate(c),
  children,
});

@Injectable()
export class ForumAccess {
  constructor(private readonly standing: MemberStanding) {}

  async viewer(db: Queryable, user: AuthUser | null): Promise<Viewer> {
    const cats = await rows<CategoryRow>(
      db,
      `SELECT id, parent_id, slug, name, name_ar, description, description_ar, position, read_access, post_access,
              min_tier_rank, brand_id, slow_mode_seconds, topic_count, post_count
         FROM forum_categories ORDER BY position, id`,
    );
    return this.viewerFor(db, user, cats);
  }

  /** A viewer over categories already loaded (one tier lookup at most). */
  async viewerFor(db: Queryable, user: AuthUser | null, cats: CategoryRow[]): Promise<Viewer> {
    const needsTier = !!user && !isStaff(user) && cats.some((c) => c.min_tier_rank > 0);
    const tier = needsTier ? await this.standing.tierRank(db, user.id) : 0;
    return new Viewer(user, cats, tier);
  }
}
