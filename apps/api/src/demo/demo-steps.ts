import type { DemoStep } from './demo-context';

/** Each area's demo content, in order (categories before topics, rules before awards...). */
export const DEMO_STEPS: DemoStep[] = [];
