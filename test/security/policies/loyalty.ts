import { SIGNED_IN, type RouteCase } from './core';

export const LOYALTY_POLICIES: Record<string, RouteCase> = {
  'GET /me/points': { expect: SIGNED_IN(200) },
  'GET /me/points/entries': { expect: SIGNED_IN(200) },
};
