import type { Locale, Role } from '@wala/contract';

export interface AuthUser {
  id: number;
  email: string;
  displayName: string;
  role: Role;
  locale: Locale;
  timeZone: string;
  createdAt: Date;
  emailVerified: boolean;
  /** brand ids this member manages */
  managedBrandIds: number[];
}

export interface AuthContext {
  user: AuthUser;
  sessionId: number;
  kind: 'cookie' | 'bearer';
}
