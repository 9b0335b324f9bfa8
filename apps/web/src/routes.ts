import type { Component } from 'svelte';
import Brands from './routes/Brands.svelte';
import ForgotPassword from './routes/ForgotPassword.svelte';
import Home from './routes/Home.svelte';
import Profile from './routes/Profile.svelte';
import ResetPassword from './routes/ResetPassword.svelte';
import SignIn from './routes/SignIn.svelte';
import SignUp from './routes/SignUp.svelte';
import VerifyEmail from './routes/VerifyEmail.svelte';
import RewardsCatalog from './routes/rewards/Catalog.svelte';
import RewardDetail from './routes/rewards/RewardDetail.svelte';
import MyRedemptions from './routes/rewards/MyRedemptions.svelte';
import RewardsConsole from './routes/rewards/Console.svelte';
import Campaigns from './routes/charity/Campaigns.svelte';
import CampaignPage from './routes/charity/Campaign.svelte';
import CharitySettlement from './routes/charity/Settlement.svelte';

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
  { pattern: '/rewards', component: RewardsCatalog },
  { pattern: '/rewards/:id', component: RewardDetail },
  { pattern: '/my/redemptions', component: MyRedemptions, auth: 'member' },
  { pattern: '/console/rewards', component: RewardsConsole, auth: 'member' },
  { pattern: '/campaigns', component: Campaigns },
  { pattern: '/campaigns/:id', component: CampaignPage },
  { pattern: '/console/settlement', component: CharitySettlement, auth: 'member' },
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
  { href: '/rewards', label: 'web.nav.rewards' },
  { href: '/campaigns', label: 'web.nav.campaigns' },
  { href: '/console/rewards', label: 'web.nav.rewardsConsole', auth: 'member' },
  { href: '/console/settlement', label: 'web.nav.settlement', auth: 'member' },
];
