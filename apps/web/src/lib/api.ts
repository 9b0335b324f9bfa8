import type {
  BrandDto,
  BrandManagerDto,
  ChangePasswordRequest,
  LoginRequest,
  PasswordResetConfirm,
  Problem,
  PublicUserDto,
  RegisterRequest,
  SessionResponse,
  UpdateMeRequest,
  UploadDto,
  UploadKind,
  UserDto,
} from '@wala/contract';
import { lang } from './i18n.svelte';

/** An API error: the problem document, with field errors when it was a validation failure. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.title);
  }
  get status() {
    return this.problem.status;
  }
  field(name: string): string | undefined {
    return this.problem.errors?.find((e) => e.field === name)?.message;
  }
}

let csrfToken = '';
export const setCsrf = (token: string) => (csrfToken = token);

/**
 * The one place the web app talks to the API: cookie session (never a token in JS storage),
 * the CSRF header on writes, the UI language for server messages, problem+json errors thrown.
 */
export async function call<T>(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<T> {
  const headers: Record<string, string> = { 'accept-language': lang.locale, ...extraHeaders };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    throw new ApiError({ type: 'about:blank', title: navigator.onLine ? 'Network error' : 'Offline', status: 0 });
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!res.ok) throw new ApiError(data ?? { type: 'about:blank', title: res.statusText, status: res.status });
  return data as T;
}

/** A query string from the given values, leaving out empty ones ("" when nothing is left). */
export const query = (o: Record<string, string | number | null | undefined>): string => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) if (v !== null && v !== undefined && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
};

/** Identity, profile, uploads and brands. Each area keeps its own client in lib/<area>/api.ts. */
export const api = {
  session: () => call<SessionResponse>('GET', '/auth/session'),
  register: (b: RegisterRequest) => call<SessionResponse>('POST', '/auth/register', b),
  login: (b: LoginRequest) => call<SessionResponse>('POST', '/auth/login', b),
  logout: () => call<void>('POST', '/auth/logout'),
  requestReset: (email: string) => call<void>('POST', '/auth/password-reset', { email }),
  confirmReset: (b: PasswordResetConfirm) => call<void>('POST', '/auth/password-reset/confirm', b),
  verifyEmail: (token: string) => call<void>('POST', '/auth/verify-email', { token }),
  resendVerification: () => call<void>('POST', '/auth/verify-email/resend'),
  me: () => call<UserDto>('GET', '/me'),
  updateMe: (b: UpdateMeRequest & { removeAvatar?: boolean }) => call<UserDto>('PATCH', '/me', b),
  changePassword: (b: ChangePasswordRequest) => call<void>('POST', '/me/password', b),
  deleteAccount: (password: string) => call<void>('DELETE', '/me', { password }),
  upload: (kind: UploadKind, file: File) => {
    const form = new FormData();
    form.append('file', file);
    return call<UploadDto>('POST', `/uploads?kind=${kind}`, form);
  },
  brands: () => call<BrandDto[]>('GET', '/brands'),
  brand: (slug: string) => call<BrandDto>('GET', `/brands/${encodeURIComponent(slug)}`),
  brandManagers: (id: number) => call<BrandManagerDto[]>('GET', `/brands/${id}/managers`),
  publicUser: (id: number) => call<PublicUserDto>('GET', `/users/${id}`),
};
