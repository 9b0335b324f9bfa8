/**
 * The public API contract of Wala (JSON over /api/v1). Both the API (response mappers)
 * and the web client import these types, so a change to a response shape is a compile error
 * on both sides.
 */

export type Locale = 'en' | 'ar';
export const LOCALES: readonly Locale[] = ['en', 'ar'] as const;

export type Role = 'member' | 'moderator' | 'admin';
export const ROLES: readonly Role[] = ['member', 'moderator', 'admin'] as const;

export type BrandRole = 'manager';

/** RFC 9457 problem details, as every error response of the API. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  /** Stable machine-readable code, e.g. `auth.invalid_credentials`. */
  code?: string;
  /** Correlation id of the request (also in the `x-request-id` header). */
  requestId?: string;
  /** Field-level validation errors, messages in the member's language. */
  errors?: FieldError[];
}

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface BrandMembershipDto {
  brandId: number;
  brandSlug: string;
  brandName: string;
  role: BrandRole;
}

export interface UserDto {
  id: number;
  email: string;
  emailVerified: boolean;
  displayName: string;
  role: Role;
  locale: Locale;
  timeZone: string;
  birthday: string | null;
  bio: string;
  avatarUrl: string | null;
  referralCode: string;
  brands: BrandMembershipDto[];
  createdAt: string;
}

export interface PublicUserDto {
  id: number;
  displayName: string;
  avatarUrl: string | null;
  bio: string;
  role: Role;
  createdAt: string;
}

export interface SessionResponse {
  user: UserDto;
  /** CSRF token bound to the cookie session; send it as `X-CSRF-Token` on writes. */
  csrfToken: string;
}

export interface TokenResponse {
  token: string;
  user: UserDto;
}

export interface RegisterRequest {
  email: string;
  password: string;
  displayName: string;
  locale?: Locale;
  referralCode?: string;
}

export interface LoginRequest {
  email: string;
  password: string;
}

export interface UpdateMeRequest {
  displayName?: string;
  locale?: Locale;
  timeZone?: string;
  birthday?: string;
  bio?: string;
  avatarUploadId?: number | null;
}

export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

export interface PasswordResetRequest {
  email: string;
}

export interface PasswordResetConfirm {
  token: string;
  password: string;
}

export interface UploadDto {
  id: number;
  url: string;
  kind: UploadKind;
  width: number;
  height: number;
  bytes: number;
  contentType: string;
}

export type UploadKind = 'avatar' | 'brand-logo' | 'badge-icon' | 'reward-image';
export const UPLOAD_KINDS: readonly UploadKind[] = ['avatar', 'brand-logo', 'badge-icon', 'reward-image'];

export interface BrandDto {
  id: number;
  slug: string;
  name: string;
  nameAr: string;
  description: string;
  descriptionAr: string;
  logoUrl: string | null;
  links: { label: string; url: string }[];
  createdAt: string;
}

export interface BrandManagerDto {
  userId: number;
  displayName: string;
  role: BrandRole;
}

export interface CreateBrandRequest {
  slug: string;
  name: string;
  nameAr: string;
  description?: string;
  descriptionAr?: string;
  logoUploadId?: number;
  links?: { label: string; url: string }[];
}

export interface AdminUserDto extends UserDto {
  suspendedUntil: string | null;
  deletedAt: string | null;
}

export interface MailDto {
  id: number;
  to: string;
  subject: string;
  text: string;
  createdAt: string;
}

export interface HealthDto {
  status: 'ok' | 'degraded';
  database: 'ok' | 'down';
  redis: 'ok' | 'down' | 'not-configured';
  embedded: boolean;
  version: string;
}

export interface NotificationDto {
  id: number;
  kind: string;
  data: Record<string, unknown>;
  read: boolean;
  createdAt: string;
}
