import { makeDirect, makeChannel, makeMessage, clientId } from '../../support/chat';
import { makeBrand, makeMember } from '../../support/factories';
import type { World } from '../world';
import { SIGNED_IN, type RouteCase } from './core';

/**
 * Chat: any member reads and writes the channels they may see; a direct channel is seen only by
 * its two members (404 for everyone else, admins included); the owner manages `brand`, so they
 * moderate its channels like moderators and admins do, and other members get 403 there.
 */
const OWNER_ONLY = (ok: number) => ({ anonymous: 401, owner: ok, member: 404, moderator: 404, otherManager: 404, admin: 404 });
const MODERATES = (ok: number) => ({ anonymous: 401, owner: ok, member: 403, moderator: ok, otherManager: 403, admin: ok });

const direct = async (w: World) => makeDirect(w.app, w.owner.id, (await makeMember(w.app)).id);
/** a brand of its own (the shared world's brand gains managers in other cases) managed by the owner */
const ownBrand = (w: World) => makeBrand(w.app, [w.owner.id]);
const brandChannel = async (w: World) => makeChannel(w.app, { brandId: (await ownBrand(w)).id });

export const CHAT_POLICIES: Record<string, RouteCase> = {
  'GET /chat/channels': { expect: SIGNED_IN(200) },
  'POST /chat/channels': {
    setup: async (w) => ({ body: { kind: 'brand', brandId: (await ownBrand(w)).id, name: 'Fans', nameAr: 'المعجبون' } }),
    expect: MODERATES(201),
  },
  'GET /chat/channels/{id}': { setup: async (w) => ({ path: { id: (await direct(w)).id } }), expect: OWNER_ONLY(200) },
  'PATCH /chat/channels/{id}': {
    setup: async (w) => ({ path: { id: (await brandChannel(w)).id }, body: { slowModeSeconds: 5 } }),
    expect: MODERATES(200),
  },
  'GET /chat/channels/{id}/messages': { setup: async (w) => ({ path: { id: (await direct(w)).id } }), expect: OWNER_ONLY(200) },
  'GET /chat/channels/{id}/messages/since': {
    setup: async (w) => ({ path: { id: (await direct(w)).id }, query: 'after=0' }),
    expect: OWNER_ONLY(200),
  },
  'POST /chat/channels/{id}/messages': {
    setup: async (w) => ({ path: { id: (await direct(w)).id }, body: { body: 'hi', clientId: clientId() } }),
    expect: OWNER_ONLY(201),
  },
  'POST /chat/channels/{id}/read': {
    setup: async (w) => ({ path: { id: (await direct(w)).id }, body: { messageId: 0 } }),
    expect: OWNER_ONLY(200),
  },
  'GET /chat/channels/{id}/presence': { setup: async (w) => ({ path: { id: (await direct(w)).id } }), expect: OWNER_ONLY(200) },
  'GET /chat/channels/{id}/mutes': { setup: async (w) => ({ path: { id: (await brandChannel(w)).id } }), expect: MODERATES(200) },
  'POST /chat/channels/{id}/mutes': {
    setup: async (w) => ({ path: { id: (await brandChannel(w)).id }, body: { userId: (await makeMember(w.app)).id, minutes: 5 } }),
    expect: MODERATES(200),
  },
  'DELETE /chat/channels/{id}/mutes/{userId}': {
    setup: async (w) => ({ path: { id: (await brandChannel(w)).id, userId: (await makeMember(w.app)).id } }),
    expect: MODERATES(204),
  },
  'PATCH /chat/messages/{id}': {
    setup: async (w) => ({ path: { id: (await makeMessage(w.app, (await brandChannel(w)).id, w.owner.id)).id }, body: { body: 'edited' } }),
    expect: { anonymous: 401, owner: 200, member: 403, moderator: 403, otherManager: 403, admin: 403 },
  },
  'DELETE /chat/messages/{id}': {
    setup: async (w) => ({ path: { id: (await makeMessage(w.app, (await brandChannel(w)).id, w.owner.id)).id } }),
    expect: MODERATES(200),
  },
  'POST /chat/direct': { setup: async (w) => ({ body: { userId: (await makeMember(w.app)).id } }), expect: SIGNED_IN(200) },
  'GET /chat/blocks': { expect: SIGNED_IN(200) },
  'POST /chat/blocks': { setup: async (w) => ({ body: { userId: (await makeMember(w.app)).id } }), expect: SIGNED_IN(204) },
  'DELETE /chat/blocks/{userId}': { setup: async (w) => ({ path: { userId: (await makeMember(w.app)).id } }), expect: SIGNED_IN(204) },
};
