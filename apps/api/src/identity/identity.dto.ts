import { LOCALES, ROLES, type Locale, type Role } from '@wala/contract';
import { Bool, DateOnly, Email, Id, OneOf, Str, TimeZone } from '../common/validation';
import { MAX_PASSWORD } from './password.service';
import { IsStrongPassword } from './password.validator';

export class RegisterDto {
  @Email()
  email: string;

  @Str({ max: MAX_PASSWORD, trim: false, description: 'at least 10 characters, not a common password' })
  @IsStrongPassword()
  password: string;

  @Str({ min: 2, max: 60, example: 'Layla' })
  displayName: string;

  @OneOf(LOCALES, { optional: true })
  locale?: Locale;

  @Str({ max: 16, optional: true, pattern: /^[A-Z0-9]{4,16}$/i })
  referralCode?: string;
}

export class LoginDto {
  @Email()
  email: string;

  @Str({ min: 1, max: MAX_PASSWORD, trim: false })
  password: string;
}

export class UpdateMeDto {
  @Str({ min: 2, max: 60, optional: true })
  displayName?: string;

  @OneOf(LOCALES, { optional: true })
  locale?: Locale;

  @TimeZone({ optional: true })
  timeZone?: string;

  @DateOnly({ optional: true })
  birthday?: string;

  @Str({ max: 500, optional: true })
  bio?: string;

  @Id({ optional: true })
  avatarUploadId?: number;

  @Bool({ optional: true })
  removeAvatar?: boolean;
}

export class ChangePasswordDto {
  @Str({ min: 1, max: MAX_PASSWORD, trim: false })
  currentPassword: string;

  @Str({ max: MAX_PASSWORD, trim: false })
  @IsStrongPassword()
  newPassword: string;
}

export class DeleteAccountDto {
  @Str({ min: 1, max: MAX_PASSWORD, trim: false })
  password: string;
}

export class ResetRequestDto {
  @Email()
  email: string;
}

export class ResetConfirmDto {
  @Str({ min: 20, max: 200 })
  token: string;

  @Str({ max: MAX_PASSWORD, trim: false })
  @IsStrongPassword()
  password: string;
}

export class VerifyEmailDto {
  @Str({ min: 20, max: 200 })
  token: string;
}

export class SetRoleDto {
  @OneOf(ROLES)
  role: Role;
}

export class AdminSetBirthdayDto {
  @DateOnly()
  birthday: string;
}
