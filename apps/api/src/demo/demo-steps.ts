import type { DemoStep } from './demo-context';
import { REWARDS_DEMO } from '../rewards/rewards.demo';

/** Each area's demo content, in order (categories before topics, rules before awards...). */
export const DEMO_STEPS: DemoStep[] = [
  REWARDS_DEMO,
];
