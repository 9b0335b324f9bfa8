import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth-context';
import { AppError, notFound } from '../common/errors';
import type { MemberStanding } from '../common/member-standing';
import { canManageBrand } from '../brands/brands.service';

/**
 * Whether the caller runs things for `brandId`: admins always, a brand's managers for that brand;
 * community-wide things (brandId null) are admins' only. Everyone else gets the 404 of a missing object.
 */
export function assertManages(user: Pick<AuthUser, 'role' | 'managedBrandIds'>, brandId: number | null): void {
  if (user.role === 'admin') return;
  if (brandId === null || !canManageBrand(user, brandId)) throw notFound();
}

export function managesOrNull(user: Pick<AuthUser, 'role' | 'managedBrandIds'> | null, brandId: number | null): boolean {
  if (!user) return false;
  return user.role === 'admin' || (brandId !== null && canManageBrand(user, brandId));
}

/** Tier and membership-age gates shared by challenges, events and giveaways. */
export async function assertEligible(
  em: EntityManager,
  standing: MemberStanding,
  user: Pick<AuthUser, 'id' | 'createdAt'>,
  gate: { minTierRank?: number | null; minMemberDays?: number | null },
): Promise<void> {
  if (gate.minTierRank) {
    const rank = await standing.tierRank(em, user.id);
    if (rank < gate.minTierRank) throw new AppError(403, 'errors.engagement.tier_too_low', { rank: gate.minTierRank });
  }
  if (gate.minMemberDays) {
    const days = (Date.now() - user.createdAt.getTime()) / 86_400_000;
    if (days < gate.minMemberDays) throw new AppError(403, 'errors.engagement.too_new', { days: gate.minMemberDays });
  }
}

export const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
