/**
 * Every area states the policy of its routes in its own file here and adds one line below.
 * A route of the API missing from POLICIES fails the authorization matrix.
 */
import { CORE_POLICIES, type RouteCase } from './core';
import { LOYALTY_POLICIES } from './loyalty';
import { FORUM_POLICIES } from './forum';
import { ENGAGEMENT_POLICIES } from './engagement';
import { REWARDS_POLICIES } from './rewards';
import { ANALYTICS_POLICIES } from './analytics';
import { CHAT_POLICIES } from './chat';

export { png, type RouteCase, SIGNED_IN, ADMIN_ONLY, PUBLIC, nobody } from './core';

const AREAS: Record<string, Record<string, RouteCase>> = {
  core: CORE_POLICIES,
  loyalty: LOYALTY_POLICIES,
  forum: FORUM_POLICIES,
  engagement: ENGAGEMENT_POLICIES,
  rewards: REWARDS_POLICIES,
  analytics: ANALYTICS_POLICIES,
  chat: CHAT_POLICIES,
};

export const POLICIES: Record<string, RouteCase> = Object.assign({}, ...Object.values(AREAS));
