import { Db } from '../../apps/api/src/database/db.service';
import { NotificationsService } from '../../apps/api/src/notifications/notifications.service';
import type { TestApp } from '../support/app';
import { Client } from '../support/client';
import { makeBrand, makeMember, type Member } from '../support/factories';

/** The cast of the authorization matrix: every route is called by each of them. */
export const ACTORS = ['anonymous', 'owner', 'member', 'moderator', 'otherManager', 'admin'] as const;
export type Actor = (typeof ACTORS)[number];

export interface World {
  app: TestApp;
  /** owns the objects under test: a member, and the manager of `brand` */
  owner: Member;
  member: Member;
  moderator: Member;
  otherManager: Member;
  admin: Member;
  brand: { id: number; slug: string };
  otherBrand: { id: number; slug: string };
  client(actor: Actor): Client;
}

export async function makeWorld(app: TestApp): Promise<World> {
  const [owner, member, moderator, otherManager, admin] = [
    await makeMember(app),
    await makeMember(app),
    await makeMember(app, { role: 'moderator' }),
    await makeMember(app),
    await makeMember(app, { role: 'admin' }),
  ];
  const brand = await makeBrand(app, [owner.id]);
  const otherBrand = await makeBrand(app, [otherManager.id]);
  const all = { owner, member, moderator, otherManager, admin };
  return {
    app,
    ...all,
    brand,
    otherBrand,
    client: (actor) => (actor === 'anonymous' ? new Client(app.url) : all[actor].api),
  };
}

/** Objects owned by someone, created directly (factories), for the routes that need one. */
export async function notificationOf(w: World, userId: number): Promise<number> {
  const n = await w.app.get(Db).tx((em) => w.app.get(NotificationsService).notify(em, { userId, kind: 'test' }));
  return n!.id;
}
