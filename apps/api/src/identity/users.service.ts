import { Injectable } from '@nestjs/common';
import type { AdminUserDto, BrandMembershipDto, Page, PublicUserDto, Role, UserDto } from '@wala/contract';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-context';
import { forbidden, invalidFields, notFound } from '../common/errors';
import { decodeCursor, encodeCursor } from '../common/params';
import { one, rows } from '../common/sql';
import { Db } from '../database/db.service';
import { PersonalData } from './personal-data';
import type { UpdateMeDto } from './identity.dto';
import { PasswordService } from './password.service';
import { SessionService } from './session.service';
import { UserEntity } from './user.entity';
import { mapPublicUser, mapUser } from './user.mapper';

interface MeRow {
  id: number;
  email: string;
  email_verified_at: Date | null;
  display_name: string;
  role: Role;
  locale: UserEntity['locale'];
  time_zone: string;
  birthday: string | null;
  bio: string;
  avatar_upload_id: number | null;
  referral_code: string;
  created_at: Date;
  brands: BrandMembershipDto[];
}

@Injectable()
export class UsersService {
  constructor(
    private readonly db: Db,
    private readonly sessions: SessionService,
    private readonly passwords: PasswordService,
    private readonly audit: AuditService,
    private readonly personalData: PersonalData,
  ) {}

  private repo(em?: EntityManager) {
    return (em ?? this.db.ds.manager).getRepository(UserEntity);
  }

  async brandsOf(userId: number, em?: EntityManager): Promise<BrandMembershipDto[]> {
    return rows<BrandMembershipDto>(
      em ?? this.db.ds,
      `SELECT b.id AS "brandId", b.slug AS "brandSlug", b.name AS "brandName", bm.role
         FROM brand_members bm JOIN brands b ON b.id = bm.brand_id WHERE bm.user_id = $1 ORDER BY b.id`,
      [userId],
    );
  }

  async getEntity(id: number, em?: EntityManager): Promise<UserEntity> {
    const u = await this.repo(em).findOneBy({ id });
    if (!u || u.deletedAt) throw notFound('errors.user.not_found');
    return u;
  }

  /** The member's own profile with their brands: one statement (it is on every page load). */
  async me(id: number, em?: EntityManager): Promise<UserDto> {
    const r = await one<MeRow>(
      em ?? this.db.ds,
      `SELECT u.id, u.email, u.email_verified_at, u.display_name, u.role, u.locale, u.time_zone, u.birthday::text AS birthday, u.bio,
              u.avatar_upload_id, u.referral_code, u.created_at,
              COALESCE((SELECT json_agg(json_build_object('brandId', b.id, 'brandSlug', b.slug, 'brandName', b.name, 'role', bm.role) ORDER BY b.id)
                          FROM brand_members bm JOIN brands b ON b.id = bm.brand_id WHERE bm.user_id = u.id), '[]') AS brands
         FROM users u WHERE u.id = $1 AND u.deleted_at IS NULL`,
      [id],
    );
    if (!r) throw notFound('errors.user.not_found');
    return mapUser(
      {
        id: r.id,
        email: r.email,
        emailVerifiedAt: r.email_verified_at,
        displayName: r.display_name,
        role: r.role,
        locale: r.locale,
        timeZone: r.time_zone,
        birthday: r.birthday,
        bio: r.bio,
        avatarUploadId: r.avatar_upload_id,
        referralCode: r.referral_code,
        createdAt: r.created_at,
      },
      r.brands,
    );
  }

  async publicProfile(id: number): Promise<PublicUserDto> {
    return mapPublicUser(await this.getEntity(id));
  }

  async updateMe(user: AuthUser, dto: UpdateMeDto): Promise<UserDto> {
    return this.db.tx(async (em) => {
      const u = await this.repo(em).findOne({ where: { id: user.id }, lock: { mode: 'pessimistic_write' } });
      if (!u) throw notFound();
      if (dto.birthday !== undefined && u.birthday !== null && u.birthday !== dto.birthday) {
        throw forbidden('errors.profile.birthday_locked');
      }
      if (dto.avatarUploadId !== undefined) {
        const [up] = await rows<{ owner_id: number; kind: string }>(em, `SELECT owner_id, kind FROM uploads WHERE id = $1`, [
          dto.avatarUploadId,
        ]);
        if (!up || up.owner_id !== user.id || up.kind !== 'avatar') {
          throw invalidFields([{ field: 'avatarUploadId', code: 'default' }]);
        }
      }
      const patch: Partial<UserEntity> = {};
      if (dto.displayName !== undefined) patch.displayName = dto.displayName;
      if (dto.locale !== undefined) patch.locale = dto.locale;
      if (dto.timeZone !== undefined) patch.timeZone = dto.timeZone;
      if (dto.birthday !== undefined) patch.birthday = dto.birthday;
      if (dto.bio !== undefined) patch.bio = dto.bio;
      if (dto.avatarUploadId !== undefined) patch.avatarUploadId = dto.avatarUploadId;
      if (dto.removeAvatar) patch.avatarUploadId = null;
      if (Object.keys(patch).length) await this.repo(em).update({ id: user.id }, patch);
      const after = { ...u, ...patch };
      if (!profileComplete(u) && profileComplete(after)) await this.db.publish(em, 'member.profile_completed', { userId: user.id });
      return this.me(user.id, em);
    });
  }

  /** Everything the platform holds about a member, as one JSON document (GDPR art. 15/20). */
  async export(userId: number): Promise<Record<string, unknown>> {
    const profile = await this.me(userId);
    const sessions = await rows(
      this.db.ds,
      `SELECT id, kind, ip, user_agent AS "userAgent", created_at AS "createdAt", last_seen_at AS "lastSeenAt",
              revoked_at AS "revokedAt" FROM sessions WHERE user_id = $1 ORDER BY id`,
      [userId],
    );
    const extra = await this.personalData.collect(this.db.ds.manager, userId);
    return { exportedAt: new Date().toISOString(), profile, sessions, ...extra };
  }

  /**
   * Deletes an account: personal data is removed or pseudonymized, sessions end; rows other
   * members rely on (posts, ledger entries) stay under the pseudonym "Former member #id".
   */
  async deleteAccount(user: AuthUser, password: string): Promise<void> {
    const u = await this.getEntity(user.id);
    if (!(await this.passwords.verify(u.passwordHash, password))) {
      throw invalidFields([{ field: 'password', code: 'wrongPassword' }]);
    }
    await this.db.tx(async (em) => {
      await em.query(
        `UPDATE users SET email = 'deleted-' || id || '@deleted.invalid', password_hash = NULL,
                display_name = 'Former member #' || id, bio = '', birthday = NULL, avatar_upload_id = NULL,
                email_verified_at = NULL, deleted_at = now(), time_zone = 'UTC'
          WHERE id = $1`,
        [user.id],
      );
      await em.query(`DELETE FROM uploads WHERE owner_id = $1 AND kind = 'avatar'`, [user.id]);
      await em.query(`DELETE FROM one_time_tokens WHERE user_id = $1`, [user.id]);
      await em.query(`DELETE FROM brand_members WHERE user_id = $1`, [user.id]);
      await em.query(`UPDATE sessions SET ip = NULL, user_agent = NULL WHERE user_id = $1`, [user.id]);
      await this.personalData.erase(em, user.id);
      await this.sessions.revokeAll(em, user.id, 'account-deleted');
      await this.audit.record(em, { actorId: user.id, action: 'account.delete', targetType: 'user', targetId: user.id });
      await this.db.publish(em, 'member.deleted', { userId: user.id });
    });
  }

  async list(query: { q?: string; cursor?: string; limit: number }): Promise<Page<AdminUserDto>> {
    const cur = decodeCursor(query.cursor, ['number']);
    const q = query.q?.trim().toLowerCase();
    const found = await this.repo()
      .createQueryBuilder('u')
      .where(cur ? 'u.id < :cid' : '1=1', { cid: cur?.[0] })
      .andWhere(q ? '(lower(u.email) LIKE :q OR lower(u.display_name) LIKE :q)' : '1=1', {
        q: `%${(q ?? '').replace(/[\\%_]/g, (m) => '\\' + m)}%`,
      })
      .orderBy('u.id', 'DESC')
      .take(query.limit + 1)
      .getMany();
    const page = found.slice(0, query.limit);
    const items: AdminUserDto[] = [];
    for (const u of page) {
      items.push({
        ...mapUser(u, await this.brandsOf(u.id)),
        suspendedUntil: u.suspendedUntil?.toISOString() ?? null,
        deletedAt: u.deletedAt?.toISOString() ?? null,
      });
    }
    return { items, nextCursor: found.length > query.limit ? encodeCursor([page[page.length - 1].id]) : null };
  }

  async setRole(actor: AuthUser, userId: number, role: Role): Promise<UserDto> {
    if (userId === actor.id && role !== 'admin') throw forbidden(); // an admin cannot demote themself by accident
    return this.adminUpdate(actor, userId, 'role', role, async (em) => this.db.publish(em, 'member.role_changed', { userId, role, actorId: actor.id }));
  }

  async adminSetBirthday(actor: AuthUser, userId: number, birthday: string): Promise<UserDto> {
    return this.adminUpdate(actor, userId, 'birthday', birthday);
  }

  /** An admin changes one column of a member, audited with the old and new values. */
  private async adminUpdate(
    actor: AuthUser,
    userId: number,
    column: 'role' | 'birthday',
    value: string,
    also?: (em: EntityManager) => Promise<void>,
  ): Promise<UserDto> {
    return this.db.tx(async (em) => {
      const u = await this.getEntity(userId, em);
      await em.query(`UPDATE users SET ${column} = $2, updated_at = now() WHERE id = $1`, [userId, value]);
      await this.audit.record(em, { actorId: actor.id, action: `user.${column}`, targetType: 'user', targetId: userId, data: { from: u[column], to: value } });
      await also?.(em);
      return this.me(userId, em);
    });
  }
}

/** A complete profile (the loyalty "profile completed" award): an avatar, a bio and a birthday. */
function profileComplete(u: Pick<UserEntity, 'avatarUploadId' | 'bio' | 'birthday'>): boolean {
  return u.avatarUploadId !== null && u.bio.trim().length > 0 && u.birthday !== null;
}
