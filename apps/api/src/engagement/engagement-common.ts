import type { EntityManager } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-context';
import { AppError, invalidFields, notFound } from '../common/errors';
import { one, rows } from '../common/sql';
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

type EditableTable = 'challenges' | 'brand_events' | 'giveaways';

/**
 * Locks a brand object for an edit or a cancel: the 404 of a missing one for whoever does not
 * run its brand, 409 once it is cancelled.
 */
export async function lockManaged<T extends { brand_id: number | null; cancelled_at: Date | null }>(
  em: EntityManager,
  table: EditableTable,
  actor: AuthUser,
  id: number,
): Promise<T> {
  const row = await one<T>(em, `SELECT * FROM ${table} WHERE id = $1 FOR UPDATE`, [id]);
  if (!row) throw notFound();
  assertManages(actor, row.brand_id);
  if (row.cancelled_at) throw new AppError(409, 'errors.engagement.cancelled');
  return row;
}

/** Writes the given columns (snake_case, undefined ones skipped) and returns the row. */
export async function updateColumns<T>(em: EntityManager, table: EditableTable, id: number, cols: Record<string, unknown>): Promise<T> {
  const set = Object.entries(cols).filter(([, v]) => v !== undefined);
  const assignments = set.map(([k], i) => `${k} = $${i + 2}`);
  const [row] = await rows<T>(em, `UPDATE ${table} SET ${assignments.length ? assignments.join(', ') : 'id = id'} WHERE id = $1 RETURNING *`, [
    id,
    ...set.map(([, v]) => v),
  ]);
  return row;
}

/** The bilingual text columns of an edit. */
export const textColumns = (dto: { title?: string; titleAr?: string; description?: string; descriptionAr?: string }) => ({
  title: dto.title,
  title_ar: dto.titleAr,
  description: dto.description,
  description_ar: dto.descriptionAr,
});

/** A new end must be later than the current one (ends are extended, never cut short). */
export function laterEnd(field: string, current: Date, wanted: string | undefined): Date | undefined {
  if (wanted === undefined) return undefined;
  const d = new Date(wanted);
  if (d.getTime() === current.getTime()) return undefined;
  if (d < current) throw invalidFields([{ field, code: 'default' }]);
  return d;
}

/** Marks a locked row cancelled, with the reason, and audits it. */
export async function markCancelled<T>(
  em: EntityManager,
  audit: AuditService,
  table: EditableTable,
  target: 'challenge' | 'event' | 'giveaway',
  actor: AuthUser,
  id: number,
  reason: string,
): Promise<T> {
  const row = await updateColumns<T>(em, table, id, { cancelled_at: new Date(), cancel_reason: reason });
  await audit.record(em, { actorId: actor.id, action: `${target}.cancel`, targetType: target, targetId: id, reason });
  return row;
}
