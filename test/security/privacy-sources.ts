/**
 * Where private content lives, for the privacy-marker suite (test/security/privacy.e2e-spec.ts).
 *
 * Each source puts a marker word into something private to `w.owner` (a profile field, a post in
 * a private category, a DM, a draft, an anonymous survey answer...). The suite then walks every
 * GET route of the API as every actor without access, and listens on their sockets: the marker
 * must never come back to them. It also checks that the owner (or an actor in `seenBy`) does get
 * it back somewhere, so a source that silently stores nothing fails instead of passing.
 *
 * Areas ADD an entry at the end of SOURCES (one object each, in their own block); nothing else
 * needs to change. The world (test/security/world.ts) gives the actors, `w.brand` (managed by
 * the owner) and `w.otherBrand`; the policies' setups run on the same world.
 */
import { randomBytes } from 'node:crypto';
import { Db } from '../../apps/api/src/database/db.service';
import { NotificationsService } from '../../apps/api/src/notifications/notifications.service';
import { Client } from '../support/client';
import { PASSWORD } from '../support/factories';
import type { Actor, World } from './world';

export interface PrivacySource {
  /** what is private, e.g. "forum: post in a private category" */
  name: string;
  /**
   * Stores `marker` in private content of the owner. Returns the text to look for when the
   * content cannot hold the marker as given (a date, a normalized form); otherwise nothing.
   */
  place(w: World, marker: string): Promise<string | void>;
  /** actors besides the owner and the admin who may legitimately see it (a moderator, a brand manager) */
  seenBy?: Actor[];
}

/** A word that appears nowhere else: letters only, so every text field accepts it. */
export const newMarker = () => `zqmark${randomBytes(6).toString('hex').replace(/\d/g, (d) => 'abcdefghij'[Number(d)])}`;

const CORE_SOURCES: PrivacySource[] = [
  {
    name: 'identity: email address',
    async place(w, marker) {
      await w.app.get(Db).ds.query(`UPDATE users SET email = $2 WHERE id = $1`, [w.owner.id, `${marker}@example.com`]);
    },
  },
  {
    name: 'identity: birthday',
    async place(w) {
      // a date no other member of the world has; the text is what the API would show
      const day = `19${10 + (w.owner.id % 80)}-0${1 + (w.owner.id % 9)}-1${w.owner.id % 10}`;
      const res = await w.owner.api.patch('/me', { birthday: day });
      if (res.status !== 200) throw new Error(`birthday not set: ${res.status}`);
      return day;
    },
  },
  {
    name: 'identity: device of a session (user agent)',
    async place(w, marker) {
      const c = new Client(w.app.url);
      c.headers['user-agent'] = `Mozilla/5.0 ${marker}`;
      const res = await c.post('/auth/login', { email: w.owner.email, password: PASSWORD });
      if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
    },
  },
  {
    name: 'notifications: a notification to the owner',
    async place(w, marker) {
      await w.app.get(Db).tx((em) => w.app.get(NotificationsService).notify(em, { userId: w.owner.id, kind: 'test', data: { text: marker } }));
    },
  },
];

// Areas: add your sources below, one block each (forum: private categories and drafts; chat: DMs
// and private channels; feedback: anonymous survey answers; ...).
export const SOURCES: PrivacySource[] = [
  ...CORE_SOURCES,
  {
    // loyalty: the note of an admin's points adjustment is shown to the member and staff only
    name: 'loyalty: note of a points adjustment',
    async place(w, marker) {
      const res = await w.admin.api.post('/admin/points/adjust', { userId: w.owner.id, points: 1, reason: `note ${marker}` });
      if (res.status !== 201) throw new Error(`adjustment failed: ${res.status}`);
    },
    seenBy: ['moderator'],
  },
  {
    // forum: a topic in a staff-only category of a brand the owner manages (its managers and staff read it)
    name: 'forum: topic in a private brand category',
    async place(w, marker) {
      const db = w.app.get(Db).ds;
      const [b] = (await db.query(`INSERT INTO brands (slug, name, name_ar) VALUES ($1, 'P', 'ب') RETURNING id`, [`p-${randomBytes(4).toString('hex')}`])) as { id: number }[];
      await db.query(`INSERT INTO brand_members (brand_id, user_id, role) VALUES ($1, $2, 'manager')`, [b.id, w.owner.id]);
      const [c] = (await db.query(`INSERT INTO forum_categories (slug, name, name_ar, read_access, brand_id) VALUES ($1, 'P', 'ب', 'staff', $2) RETURNING id`, [
        `p-${randomBytes(4).toString('hex')}`,
        b.id,
      ])) as { id: number }[];
      const res = await w.owner.api.post('/forum/topics', { categoryId: c.id, title: `Plans ${marker}`, raw: `secret ${marker}` });
      if (res.status !== 201) throw new Error(`topic failed: ${res.status}`);
    },
    seenBy: ['moderator'],
  },
  {
    name: 'surveys: a written answer to a brand survey (seen by that brand in its results)',
    async place(w, marker) {
      const s = await w.otherManager.api.post('/surveys', {
        brandId: w.otherBrand.id,
        title: 'Feedback',
        titleAr: 'رأيك',
        questions: [{ kind: 'text', prompt: 'Tell us', promptAr: 'أخبرنا' }],
      });
      await w.otherManager.api.post(`/surveys/${s.body.id}/status`, { status: 'open' });
      const r = await w.owner.api.post(`/surveys/${s.body.id}/responses`, { answers: [{ questionId: s.body.questions[0].id, text: marker }] });
      if (r.status !== 201) throw new Error(`survey answer not stored: ${r.status}`);
    },
    seenBy: ['otherManager'],
  },
];
