import type { Component } from 'svelte';
import Brands from './routes/Brands.svelte';
import ForgotPassword from './routes/ForgotPassword.svelte';
import Home from './routes/Home.svelte';
import Profile from './routes/Profile.svelte';
import ResetPassword from './routes/ResetPassword.svelte';
import SignIn from './routes/SignIn.svelte';
import SignUp from './routes/SignUp.svelte';
import VerifyEmail from './routes/VerifyEmail.svelte';
import AnalyticsDashboard from './routes/analytics/Dashboard.svelte';
import SurveyAnswer from './routes/surveys/Answer.svelte';
import SurveysManage from './routes/surveys/Manage.svelte';
import SurveyResults from './routes/surveys/Results.svelte';
import Surveys from './routes/surveys/Surveys.svelte';

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
  { pattern: '/analytics', component: AnalyticsDashboard, auth: 'member' },
  { pattern: '/surveys', component: Surveys, auth: 'member' },
  { pattern: '/surveys/manage', component: SurveysManage, auth: 'member' },
  { pattern: '/surveys/:id/results', component: SurveyResults, auth: 'member' },
  { pattern: '/surveys/:id', component: SurveyAnswer, auth: 'member' },
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
  { href: '/surveys', label: 'web.surveys.nav', auth: 'member' },
  { href: '/analytics', label: 'web.analytics.nav', auth: 'member' },
];
