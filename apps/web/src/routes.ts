import type { Component } from 'svelte';
import Brands from './routes/Brands.svelte';
import ForgotPassword from './routes/ForgotPassword.svelte';
import Home from './routes/Home.svelte';
import Profile from './routes/Profile.svelte';
import ResetPassword from './routes/ResetPassword.svelte';
import SignIn from './routes/SignIn.svelte';
import SignUp from './routes/SignUp.svelte';
import VerifyEmail from './routes/VerifyEmail.svelte';
import Chat from './routes/chat/Chat.svelte';
import AdminBrands from './routes/admin/Brands.svelte';
import AdminMails from './routes/admin/Mails.svelte';
import AdminUsers from './routes/admin/Users.svelte';
import MemberProfile from './routes/MemberProfile.svelte';
import LoyaltyAdminBadges from './routes/loyalty/AdminBadges.svelte';
import LoyaltyAdminRules from './routes/loyalty/AdminRules.svelte';
import LoyaltyAdminTiers from './routes/loyalty/AdminTiers.svelte';
import LoyaltyLeaderboard from './routes/loyalty/Leaderboard.svelte';
import LoyaltyMyPoints from './routes/loyalty/MyPoints.svelte';
import ForumIndex from './routes/forum/ForumIndex.svelte';
import ForumCategory from './routes/forum/CategoryPage.svelte';
import ForumTopic from './routes/forum/TopicPage.svelte';
import ForumNewTopic from './routes/forum/NewTopic.svelte';
import ForumSearch from './routes/forum/Search.svelte';
import ForumModeration from './routes/forum/Moderation.svelte';
import ForumAdmin from './routes/forum/CategoryAdmin.svelte';
import ForumAudit from './routes/forum/AuditLog.svelte';
import ForumNotifications from './routes/forum/Notifications.svelte';
import BrandConsole from './routes/engagement/BrandConsole.svelte';
import BrandPage from './routes/engagement/BrandPage.svelte';
import Challenge from './routes/engagement/Challenge.svelte';
import Challenges from './routes/engagement/Challenges.svelte';
import EngagementEvent from './routes/engagement/Event.svelte';
import EngagementEvents from './routes/engagement/Events.svelte';
import Giveaway from './routes/engagement/Giveaway.svelte';
import Giveaways from './routes/engagement/Giveaways.svelte';
import RewardsCatalog from './routes/rewards/Catalog.svelte';
import RewardDetail from './routes/rewards/RewardDetail.svelte';
import MyRedemptions from './routes/rewards/MyRedemptions.svelte';
import DonationReceipt from './routes/charity/Receipt.svelte';
import RewardsConsole from './routes/rewards/Console.svelte';
import Campaigns from './routes/charity/Campaigns.svelte';
import CampaignPage from './routes/charity/Campaign.svelte';
import CharitySettlement from './routes/charity/Settlement.svelte';
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
  { pattern: '/users/:id', component: MemberProfile },
  { pattern: '/admin/users', component: AdminUsers, auth: 'admin' },
  { pattern: '/admin/brands', component: AdminBrands, auth: 'admin' },
  { pattern: '/admin/mails', component: AdminMails, auth: 'admin' },
  { pattern: '/chat', component: Chat, auth: 'member' },
  { pattern: '/chat/:id', component: Chat, auth: 'member' },
  { pattern: '/loyalty', component: LoyaltyMyPoints, auth: 'member' },
  { pattern: '/leaderboards', component: LoyaltyLeaderboard },
  { pattern: '/admin/loyalty/rules', component: LoyaltyAdminRules, auth: 'admin' },
  { pattern: '/admin/loyalty/tiers', component: LoyaltyAdminTiers, auth: 'admin' },
  { pattern: '/admin/loyalty/badges', component: LoyaltyAdminBadges, auth: 'admin' },
  { pattern: '/forum', component: ForumIndex },
  { pattern: '/forum/c/:slug', component: ForumCategory },
  { pattern: '/forum/t/:id', component: ForumTopic },
  { pattern: '/forum/new', component: ForumNewTopic, auth: 'member' },
  { pattern: '/forum/search', component: ForumSearch },
  { pattern: '/forum/moderation', component: ForumModeration, auth: 'member' },
  { pattern: '/forum/admin', component: ForumAdmin, auth: 'admin' },
  { pattern: '/forum/audit', component: ForumAudit, auth: 'admin' },
  { pattern: '/forum/notifications', component: ForumNotifications, auth: 'member' },
  { pattern: '/challenges', component: Challenges },
  { pattern: '/challenges/:id', component: Challenge },
  { pattern: '/events', component: EngagementEvents },
  { pattern: '/events/:id', component: EngagementEvent },
  { pattern: '/giveaways', component: Giveaways },
  { pattern: '/giveaways/:id', component: Giveaway },
  { pattern: '/brand-console', component: BrandConsole, auth: 'member' },
  { pattern: '/brands/:slug', component: BrandPage },
  { pattern: '/rewards', component: RewardsCatalog },
  { pattern: '/rewards/:id', component: RewardDetail },
  { pattern: '/my/redemptions', component: MyRedemptions, auth: 'member' },
  { pattern: '/my/donations/:id', component: DonationReceipt, auth: 'member' },
  { pattern: '/console/rewards', component: RewardsConsole, auth: 'member' },
  { pattern: '/campaigns', component: Campaigns },
  { pattern: '/campaigns/:id', component: CampaignPage },
  { pattern: '/console/settlement', component: CharitySettlement, auth: 'member' },
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
