import { Db } from '../apps/api/src/database/db.service';
import { NotificationsService } from '../apps/api/src/notifications/notifications.service';
import { startApp, type TestApp } from './support/app';
import { anonymous, makeMember } from './support/factories';

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

const notify = (userId: number, kind: string, dedupeKey?: string) =>
  app.get(Db).tx((em) => app.get(NotificationsService).notify(em, { userId, kind, data: { topicId: 7 }, dedupeKey }));

it('lists, counts and marks notifications, once per dedupe key, each member only their own', async () => {
  const a = await makeMember(app);
  const b = await makeMember(app);
  await notify(a.id, 'reply', 'reply:1');
  await notify(a.id, 'reply', 'reply:1'); // redelivered event: no second notification
  await notify(a.id, 'mention');
  await notify(b.id, 'mention');
  expect((await a.api.get('/notifications/unread-count')).body).toEqual({ count: 2 });
  const page = await a.api.get('/notifications?limit=1');
  expect(page.body.items).toHaveLength(1);
  expect(page.body.items[0]).toMatchObject({ kind: 'mention', read: false, data: { topicId: 7 } });
  const rest = await a.api.get(`/notifications?cursor=${page.body.nextCursor}`);
  expect(rest.body.items.map((n: { kind: string }) => n.kind)).toEqual(['reply']);
  expect(rest.body.nextCursor).toBeNull();

  const bList = await b.api.get('/notifications');
  expect((await a.api.post(`/notifications/${bList.body.items[0].id}/read`)).status).toBe(404);
  expect((await a.api.post(`/notifications/${page.body.items[0].id}/read`)).status).toBe(204);
  expect((await a.api.get('/notifications?unread=1')).body.items.map((n: { kind: string }) => n.kind)).toEqual(['reply']);
  expect((await a.api.post('/notifications/read-all')).body).toEqual({ marked: 1 });
  expect((await a.api.get('/notifications/unread-count')).body).toEqual({ count: 0 });
  expect((await b.api.get('/notifications/unread-count')).body).toEqual({ count: 1 });
  expect((await anonymous(app).get('/notifications')).status).toBe(401);
});
