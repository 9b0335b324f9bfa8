import { parseCsv } from '@wala/contract';
import { startApp, type TestApp } from './support/app';
import { eventBody, hoursFromNow, moveEvent, published, twoBrands } from './support/engagement';
import { anonymous, makeBrand, makeMember, type Member } from './support/factories';

let app: TestApp;
let manager: Member;
let otherManager: Member;
let brand: { id: number };
beforeAll(async () => {
  app = await startApp();
  ({ manager, otherManager, brand } = await twoBrands(app));
});
afterAll(async () => {
  await app?.close();
});

const newEvent = async (extra: Record<string, unknown> = {}) => {
  const res = await manager.api.post('/events', eventBody(brand.id, extra));
  expect(res.status).toBe(201);
  return res.body.id as number;
};

it('creates events for the own brand only, publishes event.created and serves an .ics file', async () => {
  expect((await otherManager.api.post('/events', eventBody(brand.id))).status).toBe(404);
  expect((await manager.api.post('/events', eventBody(brand.id, { mode: 'online' }))).status).toBe(400);
  const id = await newEvent({ title: 'Cupping, beans; and more' });
  expect((await published(app, 'event.created')).find((e) => e.eventId === id)).toMatchObject({ brandId: brand.id, titleAr: 'ليلة فن اللاتيه' });
  const ics = await anonymous(app).get(`/events/${id}/ics`);
  expect(ics.status).toBe(200);
  expect(ics.headers.get('content-type')).toContain('text/calendar');
  expect(ics.text).toContain('BEGIN:VEVENT');
  expect(ics.text).toContain('SUMMARY:Cupping\\, beans\\; and more');
  expect(ics.text).toContain(`UID:event-${id}@wala`);
  const list = await anonymous(app).get(`/events?brandId=${brand.id}`);
  expect(list.body.items.map((e: { id: number }) => e.id)).toContain(id);
  expect(JSON.stringify(list.body)).not.toContain('secret');
});

it('lists upcoming events by default, past ones latest first with when=past, and every one with when=all, in keyset pages', async () => {
  const own = await makeBrand(app, [manager.id]);
  const make = async (title: string, from: number, to: number) => {
    const res = await manager.api.post('/events', eventBody(own.id, { title }));
    expect(res.status).toBe(201);
    await moveEvent(app, res.body.id, hoursFromNow(from), hoursFromNow(to));
    return res.body.id as number;
  };
  const longAgo = await make('Long ago', -24 * 40, -24 * 40 + 2);
  const lastWeek = await make('Last week', -24 * 7, -24 * 7 + 2);
  const running = await make('Running', -1, 1);
  const soon = await make('Soon', 24, 26);
  const ids = async (q: string) => {
    const res = await anonymous(app).get(`/events?brandId=${own.id}&${q}`);
    expect(res.status).toBe(200);
    return res.body as { items: { id: number }[]; nextCursor: string | null };
  };
  expect((await ids('')).items.map((e) => e.id)).toEqual([running, soon]);
  expect((await ids('when=upcoming')).items.map((e) => e.id)).toEqual([running, soon]);
  expect((await ids('when=past')).items.map((e) => e.id)).toEqual([lastWeek, longAgo]);
  expect((await ids('when=all')).items.map((e) => e.id)).toEqual([longAgo, lastWeek, running, soon]);
  expect((await ids('past=1')).items.map((e) => e.id)).toEqual([longAgo, lastWeek, running, soon]);
  const first = await ids('when=past&limit=1');
  expect(first.items.map((e) => e.id)).toEqual([lastWeek]);
  const second = await ids(`when=past&limit=1&cursor=${encodeURIComponent(first.nextCursor!)}`);
  expect(second).toEqual({ items: [expect.objectContaining({ id: longAgo })], nextCursor: null });
  const bad = await anonymous(app).get(`/events?when=later`);
  expect(bad.status).toBe(400);
  expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'when' })]);
});

it('puts RSVPs beyond capacity on the waitlist and promotes the first in line when a seat frees', async () => {
  const id = await newEvent({ capacity: 2 });
  const [a, b, c, d] = [await makeMember(app), await makeMember(app), await makeMember(app), await makeMember(app)];
  expect((await a.api.post(`/events/${id}/rsvp`, { status: 'going' })).body).toEqual({ status: 'going', waitlistPosition: null });
  expect((await b.api.post(`/events/${id}/rsvp`, { status: 'going' })).body.status).toBe('going');
  expect((await c.api.post(`/events/${id}/rsvp`, { status: 'going' })).body).toEqual({ status: 'waitlist', waitlistPosition: 1 });
  expect((await d.api.post(`/events/${id}/rsvp`, { status: 'going' })).body).toEqual({ status: 'waitlist', waitlistPosition: 2 });
  expect((await d.api.post(`/events/${id}/rsvp`, { status: 'going' })).body.status).toBe('waitlist'); // repeat: same place
  expect((await a.api.post(`/events/${id}/rsvp`, { status: 'not_going' })).body.status).toBe('not_going');
  const ev = await c.api.get(`/events/${id}`);
  expect(ev.body).toMatchObject({ going: 2, waitlist: 1, myRsvp: 'going' });
  expect((await d.api.get(`/events/${id}`)).body.myRsvp).toBe('waitlist');
  const notes = await c.api.get('/notifications');
  expect(notes.body.items.map((n: { kind: string }) => n.kind)).toContain('event_promoted');
  // maybe frees the seat too
  await b.api.post(`/events/${id}/rsvp`, { status: 'maybe' });
  expect((await d.api.get(`/events/${id}`)).body).toMatchObject({ myRsvp: 'going', going: 2, waitlist: 0 });
});

it('never goes over capacity under 100 concurrent RSVPs for 10 seats', async () => {
  const id = await newEvent({ capacity: 10 });
  const members = await Promise.all(Array.from({ length: 100 }, () => makeMember(app)));
  const results = await Promise.all(members.map((m) => m.api.post(`/events/${id}/rsvp`, { status: 'going' })));
  expect(results.every((r) => r.status === 200)).toBe(true);
  const statuses = results.map((r) => r.body.status as string);
  expect(statuses.filter((s) => s === 'going')).toHaveLength(10);
  expect(statuses.filter((s) => s === 'waitlist')).toHaveLength(90);
  expect((await anonymous(app).get(`/events/${id}`)).body).toMatchObject({ going: 10, waitlist: 90 });
  // a freed seat goes to exactly one waitlisted member
  const seated = members.filter((_, i) => statuses[i] === 'going');
  await seated[0].api.post(`/events/${id}/rsvp`, { status: 'not_going' });
  expect((await anonymous(app).get(`/events/${id}`)).body).toMatchObject({ going: 10, waitlist: 89 });
});

it('lets higher tiers RSVP early only', async () => {
  const id = await newEvent({ earlyTierRank: 2, rsvpOpensAt: hoursFromNow(0.1) });
  const m = await makeMember(app);
  const res = await m.api.post(`/events/${id}/rsvp`, { status: 'going' });
  expect(res.status).toBe(409);
  expect(res.body.code).toBe('engagement.rsvp_not_open');
});

it('checks in RSVPd members with the current code in the window, once; refuses wrong, foreign and early codes', async () => {
  const id = await newEvent();
  const other = await newEvent();
  const going = await makeMember(app);
  const stranger = await makeMember(app);
  await going.api.post(`/events/${id}/rsvp`, { status: 'going' });
  expect((await otherManager.api.get(`/events/${id}/check-in-code`)).status).toBe(404);
  expect((await going.api.get(`/events/${id}/check-in-code`)).status).toBe(404);
  const code = await manager.api.get(`/events/${id}/check-in-code`);
  expect(code.body.code).toMatch(/^\d{6}$/);
  expect(code.body.qrSvg).toContain('<svg');
  const otherCode = (await manager.api.get(`/events/${other}/check-in-code`)).body.code as string;

  const wrong = String((Number(code.body.code) + 1) % 1_000_000).padStart(6, '0');
  const bad = await going.api.post(`/events/${id}/check-in`, { code: wrong });
  expect(bad.status).toBe(400);
  expect(bad.body.code).toBe('engagement.checkin_bad_code');
  if (otherCode !== code.body.code) expect((await going.api.post(`/events/${id}/check-in`, { code: otherCode })).status).toBe(400);
  expect((await stranger.api.post(`/events/${id}/check-in`, { code: code.body.code })).status).toBe(403);
  const fresh = (await manager.api.get(`/events/${id}/check-in-code`)).body.code as string;
  const ok = await going.api.post(`/events/${id}/check-in`, { code: fresh });
  expect(ok.body).toEqual({ checkedIn: true, points: 30 });
  expect((await going.api.post(`/events/${id}/check-in`, { code: fresh })).status).toBe(409);
  const checkIns = (await published(app, 'event.checked_in')).filter((e) => e.eventId === id);
  expect(checkIns).toEqual([expect.objectContaining({ userId: going.id, points: 30, brandId: brand.id })]);

  // a code past its minute and the next is refused, though the member may still check in with the current one
  const expiring = await newEvent();
  const late = await makeMember(app);
  await late.api.post(`/events/${expiring}/rsvp`, { status: 'going' });
  const issued = (await manager.api.get(`/events/${expiring}/check-in-code`)).body as { code: string; expiresAt: string };
  expect(Date.parse(issued.expiresAt) - Date.now()).toBeLessThanOrEqual(60_000);
  const realNow = Date.now.bind(Date);
  const clock = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 150_000);
  try {
    const current = (await manager.api.get(`/events/${expiring}/check-in-code`)).body.code as string;
    if (current !== issued.code) {
      const stale = await late.api.post(`/events/${expiring}/check-in`, { code: issued.code });
      expect(stale.status).toBe(400);
      expect(stale.body.code).toBe('engagement.checkin_bad_code');
    }
    expect((await late.api.post(`/events/${expiring}/check-in`, { code: current })).body).toEqual({ checkedIn: true, points: 30 });
  } finally {
    clock.mockRestore();
  }

  const later = await newEvent({ startsAt: hoursFromNow(5), endsAt: hoursFromNow(6) });
  await going.api.post(`/events/${later}/rsvp`, { status: 'going' });
  const early = (await manager.api.get(`/events/${later}/check-in-code`)).body.code as string;
  const closed = await going.api.post(`/events/${later}/check-in`, { code: early });
  expect(closed.status).toBe(409);
  expect(closed.body.code).toBe('engagement.checkin_closed');

  // the brand sees RSVPs and attendance, and exports them
  const list = await manager.api.get(`/events/${id}/attendees`);
  expect(list.body.items).toEqual([expect.objectContaining({ userId: going.id, status: 'going', checkedInAt: expect.any(String) })]);
  expect((await otherManager.api.get(`/events/${id}/attendees`)).status).toBe(404);
  const csv = await manager.api.get(`/events/${id}/attendees.csv`);
  expect(csv.headers.get('content-type')).toContain('text/csv');
  const table = parseCsv(csv.text);
  expect(table[0]).toEqual(['user_id', 'display_name', 'status', 'rsvp_at', 'checked_in_at']);
  expect(table.find((r) => r[0] === String(going.id))?.slice(0, 3)).toEqual([String(going.id), going.displayName, 'going']);
});
