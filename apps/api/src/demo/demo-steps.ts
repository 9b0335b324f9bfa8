import type { DemoStep } from './demo-context';
import { CHAT_DEMO } from '../chat/chat.demo';
import { LOYALTY_DEMO } from '../loyalty/loyalty.demo';
import { FORUM_DEMO_STEP } from '../forum/forum.demo';
import { ENGAGEMENT_DEMO } from '../engagement/engagement.demo';
import { REWARDS_DEMO } from '../rewards/rewards.demo';
import { analyticsDemo } from '../analytics/analytics.demo';

/** Each area's demo content, in order (rules and tiers before the content that earns, categories before topics...). */
export const DEMO_STEPS: DemoStep[] = [LOYALTY_DEMO, FORUM_DEMO_STEP, CHAT_DEMO, ENGAGEMENT_DEMO, REWARDS_DEMO, analyticsDemo];
