import type { UserDto } from '@wala/contract';
import { api, ApiError, setCsrf } from './api';
import { setLocale } from './i18n.svelte';

/** Who is signed in (null: a visitor). Filled at start from the cookie session. */
export const session = $state({ user: null as UserDto | null, ready: false });

export function signedIn(user: UserDto, csrf: string): void {
  session.user = user;
  setCsrf(csrf);
  setLocale(user.locale);
}

export async function loadSession(): Promise<void> {
  try {
    const s = await api.session();
    signedIn(s.user, s.csrfToken);
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) console.warn(e);
    session.user = null;
  } finally {
    session.ready = true;
  }
}

export async function signOut(): Promise<void> {
  try {
    await api.logout();
  } finally {
    session.user = null;
    setCsrf('');
  }
}

/** Whether the current visitor may see a page or nav entry restricted to `auth`. */
export function mayAccess(auth: 'member' | 'guest' | 'staff' | 'admin' | undefined): boolean {
  const role = session.user?.role;
  if (auth === 'member') return !!session.user;
  if (auth === 'staff') return role === 'admin' || role === 'moderator';
  if (auth === 'admin') return role === 'admin';
  return true;
}
