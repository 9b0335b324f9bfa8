import type { BrandMembershipDto, PublicUserDto, UserDto } from '@wala/contract';
import type { UserEntity } from './user.entity';

export const uploadUrl = (id: number | null | undefined) => (id ? `/api/v1/uploads/${id}` : null);

export type UserFields = Pick<
  UserEntity,
  'id' | 'email' | 'emailVerifiedAt' | 'displayName' | 'role' | 'locale' | 'timeZone' | 'birthday' | 'bio' | 'avatarUploadId' | 'referralCode' | 'createdAt'
>;

export function mapUser(u: UserFields, brands: BrandMembershipDto[]): UserDto {
  return {
    id: u.id,
    email: u.email,
    emailVerified: u.emailVerifiedAt !== null,
    displayName: u.displayName,
    role: u.role,
    locale: u.locale,
    timeZone: u.timeZone,
    birthday: u.birthday,
    bio: u.bio,
    avatarUrl: uploadUrl(u.avatarUploadId),
    referralCode: u.referralCode,
    brands,
    createdAt: u.createdAt.toISOString(),
  };
}

export function mapPublicUser(u: Pick<UserEntity, 'id' | 'displayName' | 'avatarUploadId' | 'bio' | 'role' | 'createdAt'>): PublicUserDto {
  return {
    id: u.id,
    displayName: u.displayName,
    avatarUrl: uploadUrl(u.avatarUploadId),
    bio: u.bio,
    role: u.role,
    createdAt: u.createdAt.toISOString(),
  };
}
