import type { DemoStep } from './demo-context';
import { LOYALTY_DEMO } from '../loyalty/loyalty.demo';

/** Each area's demo content, in order (categories before topics, rules before awards...). */
export const DEMO_STEPS: DemoStep[] = [
  LOYALTY_DEMO,
];
