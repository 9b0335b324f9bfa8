import type { Component } from 'svelte';
import Brands from './routes/Brands.svelte';
import ForgotPassword from './routes/ForgotPassword.svelte';
import Home from './routes/Home.svelte';
import Profile from './routes/Profile.svelte';
import ResetPassword from './routes/ResetPassword.svelte';
import SignIn from './routes/SignIn.svelte';
import SignUp from './routes/SignUp.svelte';
import VerifyEmail from './routes/VerifyEmail.svelte';
import BrandConsole from './routes/engagement/BrandConsole.svelte';
import BrandPage from './routes/engagement/BrandPage.svelte';
import Challenge from './routes/engagement/Challenge.svelte';
import Challenges from './routes/engagement/Challenges.svelte';
import EngagementEvent from './routes/engagement/Event.svelte';
import EngagementEvents from './routes/engagement/Events.svelte';
import Giveaway from './routes/engagement/Giveaway.svelte';
import Giveaways from './routes/engagement/Giveaways.svelte';

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
  { pattern: '/challenges', component: Challenges },
  { pattern: '/challenges/:id', component: Challenge },
  { pattern: '/events', component: EngagementEvents },
  { pattern: '/events/:id', component: EngagementEvent },
  { pattern: '/giveaways', component: Giveaways },
  { pattern: '/giveaways/:id', component: Giveaway },
  { pattern: '/brand-console', component: BrandConsole, auth: 'member' },
  { pattern: '/brands/:slug', component: BrandPage },
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
  { href: '/challenges', label: 'web.engagement.nav.challenges' },
  { href: '/events', label: 'web.engagement.nav.events' },
  { href: '/giveaways', label: 'web.engagement.nav.giveaways' },
  { href: '/brand-console', label: 'web.engagement.nav.console', auth: 'member' },
];
