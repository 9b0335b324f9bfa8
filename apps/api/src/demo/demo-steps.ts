import type { DemoStep } from './demo-context';
import { ENGAGEMENT_DEMO } from '../engagement/engagement.demo';

/** Each area's demo content, in order (categories before topics, rules before awards...). */
export const DEMO_STEPS: DemoStep[] = [
  ENGAGEMENT_DEMO,
];
