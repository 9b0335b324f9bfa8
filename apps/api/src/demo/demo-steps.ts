import type { DemoStep } from './demo-context';
import { analyticsDemo } from '../analytics/analytics.demo';

/** Each area's demo content, in order (categories before topics, rules before awards...). */
export const DEMO_STEPS: DemoStep[] = [
  analyticsDemo,
];
