import type { Component } from 'svelte';

export interface Page {
  pattern: string;
  /**
   * The page's module, imported when the page is first shown: each page is its own chunk, with
   * the libraries only it uses (charts), so the first page loads only what it needs.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  load: () => Promise<{ default: Component<any> }>;
  /** member: signed-in only; guest: signed-out only; staff: moderators and admins */
  auth?: 'member' | 'guest' | 'staff' | 'admin';
}

/** Every page of the app; areas add theirs here (path patterns take `:params`). */
export const PAGES: Page[] = [
  { pattern: '/', load: () => import('./routes/Home.svelte') },
  { pattern: '/sign-up', load: () => import('./routes/SignUp.svelte'), auth: 'guest' },
  { pattern: '/sign-in', load: () => import('./routes/SignIn.svelte'), auth: 'guest' },
  { pattern: '/forgot-password', load: () => import('./routes/ForgotPassword.svelte') },
  { pattern: '/reset-password', load: () => import('./routes/ResetPassword.svelte') },
  { pattern: '/verify-email', load: () => import('./routes/VerifyEmail.svelte') },
  { pattern: '/profile', load: () => import('./routes/Profile.svelte'), auth: 'member' },
  { pattern: '/brands', load: () => import('./routes/Brands.svelte') },
  { pattern: '/users/:id', load: () => import('./routes/MemberProfile.svelte') },
  { pattern: '/admin/users', load: () => import('./routes/admin/Users.svelte'), auth: 'admin' },
  { pattern: '/admin/brands', load: () => import('./routes/admin/Brands.svelte'), auth: 'admin' },
  { pattern: '/admin/mails', load: () => import('./routes/admin/Mails.svelte'), auth: 'admin' },
  { pattern: '/chat', load: () => import('./routes/chat/Chat.svelte'), auth: 'member' },
  { pattern: '/chat/:id', load: () => import('./routes/chat/Chat.svelte'), auth: 'member' },
  { pattern: '/loyalty', load: () => import('./routes/loyalty/MyPoints.svelte'), auth: 'member' },
  { pattern: '/leaderboards', load: () => import('./routes/loyalty/Leaderboard.svelte') },
  { pattern: '/admin/loyalty/rules', load: () => import('./routes/loyalty/AdminRules.svelte'), auth: 'admin' },
  { pattern: '/admin/loyalty/tiers', load: () => import('./routes/loyalty/AdminTiers.svelte'), auth: 'admin' },
  { pattern: '/admin/loyalty/badges', load: () => import('./routes/loyalty/AdminBadges.svelte'), auth: 'admin' },
  { pattern: '/forum', load: () => import('./routes/forum/ForumIndex.svelte') },
  { pattern: '/forum/c/:slug', load: () => import('./routes/forum/CategoryPage.svelte') },
  { pattern: '/forum/t/:id', load: () => import('./routes/forum/TopicPage.svelte') },
  { pattern: '/forum/new', load: () => import('./routes/forum/NewTopic.svelte'), auth: 'member' },
  { pattern: '/forum/search', load: () => import('./routes/forum/Search.svelte') },
  { pattern: '/forum/moderation', load: () => import('./routes/forum/Moderation.svelte'), auth: 'member' },
  { pattern: '/forum/admin', load: () => import('./routes/forum/CategoryAdmin.svelte'), auth: 'admin' },
  { pattern: '/forum/audit', load: () => import('./routes/forum/AuditLog.svelte'), auth: 'admin' },
  { pattern: '/forum/notifications', load: () => import('./routes/forum/Notifications.svelte'), auth: 'member' },
  { pattern: '/challenges', load: () => import('./routes/engagement/Challenges.svelte') },
  { pattern: '/challenges/:id', load: () => import('./routes/engagement/Challenge.svelte') },
  { pattern: '/events', load: () => import('./routes/engagement/Events.svelte') },
  { pattern: '/events/:id', load: () => import('./routes/engagement/Event.svelte') },
  { pattern: '/giveaways', load: () => import('./routes/engagement/Giveaways.svelte') },
  { pattern: '/giveaways/:id', load: () => import('./routes/engagement/Giveaway.svelte') },
  { pattern: '/brand-console', load: () => import('./routes/engagement/BrandConsole.svelte'), auth: 'member' },
  { pattern: '/brands/:slug', load: () => import('./routes/engagement/BrandPage.svelte') },
  { pattern: '/rewards', load: () => import('./routes/rewards/Catalog.svelte') },
  { pattern: '/rewards/:id', load: () => import('./routes/rewards/RewardDetail.svelte') },
  { pattern: '/my/redemptions', load: () => import('./routes/rewards/MyRedemptions.svelte'), auth: 'member' },
  { pattern: '/my/donations/:id', load: () => import('./routes/charity/Receipt.svelte'), auth: 'member' },
  { pattern: '/console/rewards', load: () => import('./routes/rewards/Console.svelte'), auth: 'member' },
  { pattern: '/campaigns', load: () => import('./routes/charity/Campaigns.svelte') },
  { pattern: '/campaigns/:id', load: () => import('./routes/charity/Campaign.svelte') },
  { pattern: '/console/settlement', load: () => import('./routes/charity/Settlement.svelte'), auth: 'member' },
  { pattern: '/analytics', load: () => import('./routes/analytics/Dashboard.svelte'), auth: 'member' },
  { pattern: '/surveys', load: () => import('./routes/surveys/Surveys.svelte'), auth: 'member' },
  { pattern: '/surveys/manage', load: () => import('./routes/surveys/Manage.svelte'), auth: 'member' },
  { pattern: '/surveys/:id/results', load: () => import('./routes/surveys/Results.svelte'), auth: 'member' },
  { pattern: '/surveys/:id', load: () => import('./routes/surveys/Answer.svelte'), auth: 'member' },
];

export interface NavItem {
  href: string;
  /** i18n key of the label */
  label: string;
  auth?: 'member' | 'staff' | 'admin';
  /** 'admin': listed under the header's Admin menu instead of the main row */
  section?: 'admin';
}

/** The header's navigation; areas add their entry. */
export const NAV: NavItem[] = [
  { href: '/', label: 'web.nav.home' },
  { href: '/brands', label: 'web.nav.brands' },
  { href: '/chat', label: 'web.nav.chat', auth: 'member' },
  { href: '/loyalty', label: 'web.loyalty.nav.mine', auth: 'member' },
  { href: '/leaderboards', label: 'web.loyalty.nav.leaderboards' },
  { href: '/forum', label: 'web.forum.title' },
  { href: '/challenges', label: 'web.engagement.nav.challenges' },
  { href: '/events', label: 'web.engagement.nav.events' },
  { href: '/giveaways', label: 'web.engagement.nav.giveaways' },
  { href: '/brand-console', label: 'web.engagement.nav.console', auth: 'member' },
  { href: '/rewards', label: 'web.nav.rewards' },
  { href: '/campaigns', label: 'web.nav.campaigns' },
  { href: '/console/rewards', label: 'web.nav.rewardsConsole', auth: 'member' },
  { href: '/console/settlement', label: 'web.nav.settlement', auth: 'member' },
  { href: '/surveys', label: 'web.surveys.nav', auth: 'member' },
  { href: '/analytics', label: 'web.analytics.nav', auth: 'member' },
  { href: '/admin/users', label: 'web.admin.nav.users', auth: 'admin', section: 'admin' },
  { href: '/admin/brands', label: 'web.admin.nav.brands', auth: 'admin', section: 'admin' },
  { href: '/admin/mails', label: 'web.admin.nav.mails', auth: 'admin', section: 'admin' },
  { href: '/admin/loyalty/rules', label: 'web.loyalty.nav.admin', auth: 'admin', section: 'admin' },
  { href: '/admin/loyalty/tiers', label: 'web.loyalty.nav.tiers', auth: 'admin', section: 'admin' },
  { href: '/admin/loyalty/badges', label: 'web.loyalty.nav.badges', auth: 'admin', section: 'admin' },
  { href: '/forum/admin', label: 'web.forum.admin', auth: 'admin', section: 'admin' },
  { href: '/forum/audit', label: 'web.forum.auditLog', auth: 'admin', section: 'admin' },
];
