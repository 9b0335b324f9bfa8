import type { World } from '../world';
import { insertCampaign, insertCharity, insertDonation, insertRedemption, insertReward } from '../../support/rewards';
import { ADMIN_ONLY, PUBLIC, SIGNED_IN, type RouteCase } from './core';

/**
 * The brand's managers (owner) and admins manage; everyone else gets the 404 of a missing object.
 * These cases take a fresh world: a core case makes `member` a manager of the shared world's brand.
 */
const MANAGERS = (ok: number) => ({ anonymous: 401, owner: ok, member: 404, moderator: 404, otherManager: 404, admin: ok });
const reward = (w: World, kind: 'coupon' | 'digital' | 'physical' = 'digital') => insertReward(w.app, { brandId: w.brand.id, kind, codes: kind === 'coupon' ? ['C1'] : undefined });

export const REWARDS_POLICIES: Record<string, RouteCase> = {
  // catalog: public reading; brand managers write their brand's rewards, admins all
  'GET /rewards': { expect: PUBLIC(200) },
  'GET /rewards/{id}': { setup: async (w) => ({ path: { id: await reward(w) } }), expect: PUBLIC(200) },
  'POST /rewards': {
    setup: async (w) => ({ body: { brandId: w.brand.id, kind: 'digital', title: 'Gift', titleAr: 'هدية', costPoints: 10, stock: 1 } }),
    expect: MANAGERS(201),
    fresh: true,
  },
  'PATCH /rewards/{id}': { setup: async (w) => ({ path: { id: await reward(w) } }), body: { costPoints: 20 }, expect: MANAGERS(200), fresh: true },
  'POST /rewards/{id}/codes': { setup: async (w) => ({ path: { id: await reward(w, 'coupon') } }), body: { csv: 'code\nAAA\nBBB' }, expect: MANAGERS(201), fresh: true },
  // redeeming needs the Idempotency-Key header: without it any signed-in member gets 400, anonymous 401
  'POST /rewards/{id}/redeem': { setup: async (w) => ({ path: { id: await reward(w) } }), expect: SIGNED_IN(400) },
  'GET /rewards/{id}/redemptions': { setup: async (w) => ({ path: { id: await reward(w) } }), expect: MANAGERS(200), fresh: true },
  'POST /redemptions/{id}/fulfillment': {
    setup: async (w) => ({ path: { id: await insertRedemption(w.app, await reward(w, 'physical'), w.member.id) } }),
    body: { status: 'shipped' },
    expect: MANAGERS(201),
    fresh: true,
  },
  'GET /me/redemptions': { expect: SIGNED_IN(200) },

  // charities: admins keep the list
  'GET /charities': { expect: PUBLIC(200) },
  'GET /charities/{id}': { setup: async (w) => ({ path: { id: await insertCharity(w.app) } }), expect: PUBLIC(200) },
  'POST /charities': { body: { name: 'C', nameAr: 'ج', registrationNumber: 'R-1' }, expect: ADMIN_ONLY(201) },
  'PATCH /charities/{id}': { setup: async (w) => ({ path: { id: await insertCharity(w.app) } }), body: { website: 'https://example.org' }, expect: ADMIN_ONLY(200) },

  // campaigns: public pages; the sponsor brand's managers and admins run them
  'GET /campaigns': { expect: PUBLIC(200) },
  'GET /campaigns/{id}': { setup: async (w) => ({ path: { id: await insertCampaign(w.app, w.brand.id) } }), expect: PUBLIC(200) },
  'GET /campaigns/{id}/transparency': { setup: async (w) => ({ path: { id: await insertCampaign(w.app, w.brand.id) } }), expect: PUBLIC(200) },
  'POST /campaigns': {
    setup: async (w) => ({
      body: { charityId: await insertCharity(w.app), brandId: w.brand.id, title: 'T', titleAr: 'ع', currency: 'USD', goalMinor: 1000, rateMinor: 1, ratePoints: 10 },
    }),
    expect: MANAGERS(201),
    fresh: true,
  },
  'PATCH /campaigns/{id}': { setup: async (w) => ({ path: { id: await insertCampaign(w.app, w.brand.id) } }), body: { goalMinor: 5000 }, expect: MANAGERS(200), fresh: true },
  'POST /campaigns/{id}/pledges': {
    setup: async (w) => ({ path: { id: await insertCampaign(w.app, w.brand.id) } }),
    body: { action: 'challenge.completed', amountMinor: 500, capMinor: 5000 },
    expect: MANAGERS(201),
    fresh: true,
  },
  'POST /campaigns/{id}/donate': { setup: async (w) => ({ path: { id: await insertCampaign(w.app, w.brand.id) } }), body: { points: 10 }, expect: SIGNED_IN(400) },
  'POST /campaigns/{id}/payments': {
    setup: async (w) => ({ path: { id: await insertCampaign(w.app, w.brand.id, { pledgedMinor: 1000 }) } }),
    body: { amountMinor: 1000, receiptReference: 'RCPT-1' },
    expect: MANAGERS(201),
    fresh: true,
  },
  'GET /me/donations': { expect: SIGNED_IN(200) },
  'GET /donations/{id}': {
    setup: async (w) => ({ path: { id: await insertDonation(w.app, await insertCampaign(w.app, w.brand.id), w.owner.id) } }),
    expect: { anonymous: 401, owner: 200, member: 404, moderator: 404, otherManager: 404, admin: 404 },
  },
  'GET /settlement': { setup: async (w) => ({ query: `brandId=${w.brand.id}` }), expect: MANAGERS(200), fresh: true },
  'GET /settlement/export.csv': { setup: async (w) => ({ query: `brandId=${w.brand.id}` }), expect: MANAGERS(200), fresh: true },
};
