import type { DemoStep } from './demo-context';
import { FORUM_DEMO_STEP } from '../forum/forum.demo';

/** Each area's demo content, in order (categories before topics, rules before awards...). */
export const DEMO_STEPS: DemoStep[] = [
  FORUM_DEMO_STEP,
];
