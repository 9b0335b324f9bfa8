import type { DemoStep } from './demo-context';
import { CHAT_DEMO } from '../chat/chat.demo';

/** Each area's demo content, in order (categories before topics, rules before awards...). */
export const DEMO_STEPS: DemoStep[] = [
  CHAT_DEMO,
import { LOYALTY_DEMO } from '../loyalty/loyalty.demo';

  LOYALTY_DEMO,
import { FORUM_DEMO_STEP } from '../forum/forum.demo';

  FORUM_DEMO_STEP,
import { ENGAGEMENT_DEMO } from '../engagement/engagement.demo';

  ENGAGEMENT_DEMO,
import { REWARDS_DEMO } from '../rewards/rewards.demo';

  REWARDS_DEMO,
import { analyticsDemo } from '../analytics/analytics.demo';

  analyticsDemo,
];
