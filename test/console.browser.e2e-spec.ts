import { rows } from '../apps/api/src/common/sql';
import { Db } from '../apps/api/src/database/db.service';
import type { TestApp } from './support/app';
import { brandSpec } from './support/browser';
import { eventBody, hoursFromNow, moveEvent } from './support/engagement';
import { makeMember, type Member } from './support/factories';

/** The brand consoles driven in Chromium by a brand manager; every result checked through the API. */
let app: TestApp;
let manager: Member;
let brand: { id: number };
const { pageErrors, pageFor } = brandSpec((s) => ({ app, manager, brand } = s), 'Console Boss');

const brandChallenges = async () => (await manager.api.get(`/challenges?brandId=${brand.id}&all=1`)).body.items as Record<string, any>[];

it('creates a quiz challenge and a community goal from the brand console, with field errors from the server', async () => {
  const page = await pageFor(manager, 'en');
  await page.goto(`${app.url}/brand-console`);
  await page.waitForLoadState('networkidle');
  const form = page.locator('form', { has: page.locator('#ch-title') });

  // a quiz: two questions, the second with a third choice, the correct answers picked by radio
  await page.locator('#ch-title').fill('Console quiz');
  await page.locator('#ch-title-ar').fill('اختبار اللوحة');
  await page.locator('#ch-desc').fill('Know your beans');
  await page.locator('#ch-kind').selectOption('quiz');
  await page.locator('#q0-prompt').fill('Which bean?');
  await page.locator('#q0-prompt-ar').fill('أي حبة؟');
  await page.locator('#q0-o0').fill('Arabica');
  await page.locator('#q0-o0-ar').fill('أرابيكا');
  await page.locator('#q0-o1').fill('Robusta');
  await page.locator('#q0-o1-ar').fill('روبوستا');
  await page.getByRole('button', { name: 'Add a question' }).click();
  await page.locator('#q1-prompt').fill('Best brew?');
  await page.locator('#q1-prompt-ar').fill('أفضل تحضير؟');
  await page.locator('#q1-o0').fill('Espresso');
  await page.locator('#q1-o0-ar').fill('إسبريسو');
  await page.locator('#q1-o1').fill('Drip');
  await page.locator('#q1-o1-ar').fill('تقطير');
  await page.getByRole('group', { name: 'Question 2' }).getByRole('button', { name: 'Add a choice' }).click();
  await page.locator('#q1-o2').fill('Cold brew');
  await page.locator('#q1-o2-ar').fill('تخمير بارد');
  await page.getByRole('group', { name: 'Question 2' }).getByLabel('Choice 3 is the correct answer').check();
  await page.locator('#quiz-attempts').fill('2');
  await page.locator('#ch-days').fill('30');
  // more correct answers needed than there are questions: the server's field error shows next to the field
  await page.locator('#quiz-pass').fill('5');
  await form.getByRole('button', { name: 'Create' }).click();
  await page.locator('#quiz-pass-error').waitFor();
  expect(await page.locator('#quiz-pass').getAttribute('aria-invalid')).toBe('true');
  await page.locator('#quiz-pass').fill('2');
  await form.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('link', { name: 'Console quiz' }).waitFor();

  const quiz = (await brandChallenges()).find((c) => c.title === 'Console quiz')!;
  expect(quiz).toMatchObject({ kind: 'quiz', titleAr: 'اختبار اللوحة', description: 'Know your beans', maxAttempts: 2, passScore: 2, minMemberDays: 30 });
  expect(quiz.quiz.map((q: { options: string[] }) => q.options)).toEqual([
    ['Arabica', 'Robusta'],
    ['Espresso', 'Drip', 'Cold brew'],
  ]);
  const [stored] = await rows<{ quiz: { correct: number }[] }>(app.get(Db).ds, `SELECT quiz FROM challenges WHERE id = $1`, [quiz.id]);
  expect(stored.quiz.map((q) => q.correct)).toEqual([0, 2]);

  // a community goal: one action counted for everyone toward a shared target (the form was reset)
  expect(await page.locator('#ch-title').inputValue()).toBe('');
  await page.locator('#ch-title').fill('Thousand reactions');
  await page.locator('#ch-title-ar').fill('ألف تفاعل');
  await page.locator('#ch-kind').selectOption('community');
  await page.locator('#step-0-action').selectOption('reaction.added');
  await page.locator('#step-0-count').fill('1');
  await page.locator('#ch-target').fill('1000');
  await form.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('link', { name: 'Thousand reactions' }).waitFor();
  const goal = (await brandChallenges()).find((c) => c.title === 'Thousand reactions')!;
  expect(goal).toMatchObject({ kind: 'action', scope: 'community', communityTarget: 1000, steps: [{ action: 'reaction.added', count: 1 }] });
  await page.close();
  expect(pageErrors).toEqual([]);
});

it('edits a reward and uploads coupon codes from a CSV file, in Arabic, right to left', async () => {
  const digital = await manager.api.post('/rewards', { brandId: brand.id, kind: 'digital', title: 'Wallpaper', titleAr: 'خلفية', costPoints: 50, stock: 5 });
  const coupon = await manager.api.post('/rewards', { brandId: brand.id, kind: 'coupon', title: 'Coffee coupon', titleAr: 'قسيمة قهوة', costPoints: 80 });
  expect([digital.status, coupon.status]).toEqual([201, 201]);
  // a second manager of the brand whose profile language is Arabic
  const arabic = await makeMember(app, { locale: 'ar' });
  await app.get(Db).ds.query(`INSERT INTO brand_members (brand_id, user_id) VALUES ($1, $2)`, [brand.id, arabic.id]);
  const page = await pageFor(arabic, 'ar');
  await page.goto(`${app.url}/console/rewards`);
  await page.getByRole('heading', { name: 'لوحة المكافآت' }).waitFor();
  expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');

  await page.getByRole('row').filter({ hasText: 'خلفية' }).getByRole('button', { name: 'إدارة' }).click();
  expect(await page.locator('#ed-stock').inputValue()).toBe('5');
  await page.locator('#ed-stock').fill('42');
  await page.locator('#ed-cost').fill('60');
  await page.getByRole('button', { name: 'احفظ التغييرات' }).click();
  await page.getByText('حُفظت المكافأة.').first().waitFor();
  expect((await manager.api.get(`/rewards/${digital.body.id}`)).body).toMatchObject({ stock: 42, costPoints: 60, active: true });

  await page.getByRole('row').filter({ hasText: 'قسيمة قهوة' }).getByRole('button', { name: 'إدارة' }).click();
  await page.locator('#rw-csv-file').setInputFiles({ name: 'codes.csv', mimeType: 'text/csv', buffer: Buffer.from('code\nCAFE-001\nCAFE-002\nCAFE-003\n') });
  await page.getByText('codes.csv').waitFor();
  expect(await page.locator('#rw-csv').inputValue()).toContain('CAFE-003');
  await page.getByRole('button', { name: 'رفع الرموز' }).click();
  await page.getByText('أضيف 3 رمزاً').first().waitFor();
  expect((await manager.api.get(`/rewards/${coupon.body.id}`)).body.stock).toBe(3);
  await page.close();
  expect(pageErrors).toEqual([]);
});

it('finds an event in the month calendar by keyboard, right to left, and opens its chat channel', async () => {
  const startsAt = hoursFromNow(72);
  const ev = await manager.api.post('/events', eventBody(brand.id, { title: 'Calendar night', titleAr: 'أمسية التقويم', startsAt, endsAt: hoursFromNow(74) }));
  expect(ev.status).toBe(201);
  await app.drain(); // the chat module opens the event's channel on event.created
  const detail = await manager.api.get(`/events/${ev.body.id}`);
  expect(detail.body.chatChannelId).toEqual(expect.any(Number));
  const member = await makeMember(app, { locale: 'ar' });
  const page = await pageFor(member, 'ar');
  await page.goto(`${app.url}/events`);
  await page.getByRole('button', { name: 'تقويم الشهر' }).click();
  const grid = page.getByRole('grid');
  await grid.locator('button[tabindex="0"]').focus();
  // right to left, the left arrow is the next day
  const local = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((local(new Date(startsAt)) - local(new Date())) / 86_400_000);
  for (let i = 0; i < days; i++) await page.keyboard.press('ArrowLeft');
  expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('أمسية التقويم');
  await page.keyboard.press('Enter');
  await page.getByRole('link', { name: 'أمسية التقويم' }).click();
  await page.getByRole('link', { name: 'افتح محادثة الفعالية' }).click();
  await page.waitForURL(`${app.url}/chat/${detail.body.chatChannelId}`);
  await page.close();
  expect(pageErrors).toEqual([]);
});

it('cancels an event from the brand console with a reason and a confirmation, and the event page shows it cancelled', async () => {
  const ev = await manager.api.post('/events', eventBody(brand.id, { title: 'Rooftop cupping', titleAr: 'تذوق على السطح', startsAt: hoursFromNow(30), endsAt: hoursFromNow(32) }));
  expect(ev.status).toBe(201);
  const id = ev.body.id as number;
  const guest = await makeMember(app, { locale: 'ar' });
  expect((await guest.api.post(`/events/${id}/rsvp`, { status: 'going' })).status).toBe(200);

  const page = await pageFor(manager, 'en');
  await page.goto(`${app.url}/brand-console`);
  const row = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Rooftop cupping' }) });
  await row.getByRole('button', { name: 'Cancel…' }).click();
  const confirm = row.getByRole('button', { name: 'Cancel it for good' });
  await page.locator(`#events-${id}-reason`).fill('The roof is under repair');
  expect(await confirm.isDisabled()).toBe(true); // not before the confirmation
  await page.locator(`#events-${id}-confirm`).check();
  await confirm.click();
  await page.getByText('Cancelled; members are told.').first().waitFor();
  await row.getByText('Cancelled').waitFor();
  expect((await manager.api.get(`/events/${id}`)).body).toMatchObject({ cancelledAt: expect.any(String), cancelReason: 'The roof is under repair' });

  // the member who RSVP'd sees it cancelled (in Arabic), with no RSVP buttons left
  const member = await pageFor(guest, 'ar');
  await member.goto(`${app.url}/events/${id}`);
  await member.getByRole('heading', { name: 'تذوق على السطح' }).waitFor();
  const notice = member.getByTestId('cancelled');
  await notice.waitFor();
  expect(await notice.textContent()).toContain('ملغاة');
  expect(await notice.textContent()).toContain('The roof is under repair');
  expect(await member.getByRole('button', { name: 'سأحضر' }).count()).toBe(0);
  expect((await guest.api.get('/notifications')).body.items.map((n: { kind: string }) => n.kind)).toContain('event_cancelled');
  await page.close();
  await member.close();
  expect(pageErrors).toEqual([]);
});

it('keeps an ended event in the console, under Ended events, with its attendees and their export', async () => {
  const ev = await manager.api.post('/events', eventBody(brand.id, { title: 'Last week’s tasting', titleAr: 'تذوق الأسبوع الماضي', startsAt: hoursFromNow(5), endsAt: hoursFromNow(6) }));
  expect(ev.status).toBe(201);
  const id = ev.body.id as number;
  const guest = await makeMember(app, { displayName: 'Past Guest' });
  expect((await guest.api.post(`/events/${id}/rsvp`, { status: 'going' })).status).toBe(200);
  await moveEvent(app, id, hoursFromNow(-7 * 24), hoursFromNow(-7 * 24 + 2));

  const page = await pageFor(manager, 'en');
  await page.goto(`${app.url}/brand-console`);
  const ended = page.getByRole('list', { name: 'Ended events' });
  const row = ended.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Last week’s tasting' }) });
  await row.waitFor();
  // over: no check-in code to show, nothing to edit or cancel
  expect(await row.getByRole('button', { name: 'Cancel…' }).count()).toBe(0);
  expect(await row.getByRole('button', { name: 'Show check-in code' }).count()).toBe(0);
  expect(await row.getByRole('link', { name: 'Export CSV' }).getAttribute('href')).toContain(`/events/${id}/attendees.csv`);
  await row.getByRole('button', { name: 'RSVPs and attendance' }).click();
  await page.getByRole('table', { name: 'RSVPs and attendance' }).getByRole('cell', { name: 'Past Guest' }).waitFor();
  await page.close();
  expect(pageErrors).toEqual([]);
});
