import type { Component } from 'svelte';
import Brands from './routes/Brands.svelte';
import ForgotPassword from './routes/ForgotPassword.svelte';
import Home from './routes/Home.svelte';
import Profile from './routes/Profile.svelte';
import ResetPassword from './routes/ResetPassword.svelte';
import SignIn from './routes/SignIn.svelte';
import SignUp from './routes/SignUp.svelte';
import VerifyEmail from './routes/VerifyEmail.svelte';
import ForumIndex from './routes/forum/ForumIndex.svelte';
import ForumCategory from './routes/forum/CategoryPage.svelte';
import ForumTopic from './routes/forum/TopicPage.svelte';
import ForumNewTopic from './routes/forum/NewTopic.svelte';
import ForumSearch from './routes/forum/Search.svelte';
import ForumModeration from './routes/forum/Moderation.svelte';
import ForumAdmin from './routes/forum/CategoryAdmin.svelte';
import ForumAudit from './routes/forum/AuditLog.svelte';
import ForumNotifications from './routes/forum/Notifications.svelte';

export interface Page {
  pattern: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  component: Component<any>;
  /** member: signed-in only; guest: signed-out only; staff: moderators and admins */
  auth?: 'member' | 'guest' | 'staff' | 'admin';
}

/** Every page of the app; areas add theirs here (path patterns take `:params`). */
export const PAGES: Page[] = [
  { pattern: '/', component: Home },
  { pattern: '/sign-up', component: SignUp, auth: 'guest' },
  { pattern: '/sign-in', component: SignIn, auth: 'guest' },
  { pattern: '/forgot-password', component: ForgotPassword },
  { pattern: '/reset-password', component: ResetPassword },
  { pattern: '/verify-email', component: VerifyEmail },
  { pattern: '/profile', component: Profile, auth: 'member' },
  { pattern: '/brands', component: Brands },
  { pattern: '/forum', component: ForumIndex },
  { pattern: '/forum/c/:slug', component: ForumCategory },
  { pattern: '/forum/t/:id', component: ForumTopic },
  { pattern: '/forum/new', component: ForumNewTopic, auth: 'member' },
  { pattern: '/forum/search', component: ForumSearch },
  { pattern: '/forum/moderation', component: ForumModeration, auth: 'member' },
  { pattern: '/forum/admin', component: ForumAdmin, auth: 'admin' },
  { pattern: '/forum/audit', component: ForumAudit, auth: 'admin' },
  { pattern: '/forum/notifications', component: ForumNotifications, auth: 'member' },
];

export interface NavItem {
  href: string;
  /** i18n key of the label */
  label: string;
  auth?: 'member' | 'staff' | 'admin';
}

/** The header's navigation; areas add their entry. */
export const NAV: NavItem[] = [
  { href: '/', label: 'web.nav.home' },
  { href: '/brands', label: 'web.nav.brands' },
  { href: '/forum', label: 'web.forum.title' },
];
