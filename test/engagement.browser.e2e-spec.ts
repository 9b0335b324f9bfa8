import { Db } from '../apps/api/src/database/db.service';
import type { TestApp } from './support/app';
import { brandSpec } from './support/browser';
import { challengeBody, closeGiveaway, eventBody, giveawayBody, moveEvent, postCreated, publish } from './support/engagement';
import { makeMember, type Member } from './support/factories';

let app: TestApp;
let manager: Member;
let brand: { id: number };
const { pageErrors, pageFor } = brandSpec((s) => ({ app, manager, brand } = s), 'Brand Boss');

it('lets a member take a quiz, RSVP and check in, and verify a giveaway draw in the browser', async () => {
  const quiz = await manager.api.post(
    '/challenges',
    challengeBody(brand.id, {
      kind: 'quiz',
      steps: undefined,
      title: 'Coffee quiz',
      quiz: [{ prompt: 'Which bean?', promptAr: 'أي حبة؟', options: ['Arabica', 'Robusta'], optionsAr: ['أرابيكا', 'روبوستا'], correct: 0 }],
    }),
  );
  const ev = await manager.api.post('/events', eventBody(brand.id));
  const gv = await manager.api.post('/giveaways', giveawayBody(brand.id, { winnersCount: 1, alternatesCount: 1 }));
  const member = await makeMember(app);
  const other = await makeMember(app);
  const page = await pageFor(member);
  // the lists lead to them
  await page.goto(`${app.url}/events`);
  await page.getByRole('link', { name: 'Latte art night' }).first().waitFor();
  await page.goto(`${app.url}/giveaways`);
  await page.getByRole('link', { name: 'Win a year of coffee' }).first().waitFor();

  await page.goto(`${app.url}/challenges/${quiz.body.id}`);
  await page.getByLabel('Arabica').check();
  await page.getByRole('button', { name: 'Send answers' }).click();
  await page.getByText('Passed with 1 of 1!').waitFor();

  await page.goto(`${app.url}/events/${ev.body.id}`);
  await page.waitForLoadState('networkidle');
  await page.getByRole('button', { name: 'Going', exact: true }).click();
  await page.getByRole('heading', { name: 'Check in' }).waitFor();
  const code = (await manager.api.get(`/events/${ev.body.id}/check-in-code`)).body.code as string;
  await page.getByLabel('Check-in code').fill(code);
  await page.getByRole('button', { name: 'Check in', exact: true }).click();
  await page.getByText('You are checked in. +30 points.').waitFor();

  await page.goto(`${app.url}/giveaways/${gv.body.id}`);
  await page.getByRole('button', { name: 'Enter', exact: true }).click();
  await page.getByText('You are in. Your receipt:').waitFor();
  await other.api.post(`/giveaways/${gv.body.id}/entries`, {});
  await closeGiveaway(app, gv.body.id);
  await manager.api.post(`/giveaways/${gv.body.id}/draw`);
  await page.reload();
  await page.getByRole('button', { name: 'Verify the draw in this browser' }).click();
  await page.getByText('Verified: the draw matches').waitFor();
  await page.close();
  expect(pageErrors).toEqual([]);
});

it('shows challenge progress live as the member acts, and announces the completion', async () => {
  const ch = await manager.api.post('/challenges', challengeBody(brand.id, { title: 'Two posts', steps: [{ action: 'post.created', count: 2 }] }));
  expect(ch.status).toBe(201);
  const member = await makeMember(app);
  const page = await pageFor(member);
  // from the list of challenges to the challenge
  await page.goto(`${app.url}/challenges`);
  await page.getByRole('link', { name: 'Two posts' }).click();
  await page.getByRole('button', { name: 'Join the challenge' }).click();
  await page.getByText('You joined the challenge.').waitFor();
  await page.getByText('0 / 2').waitFor();

  // actions counted elsewhere (here: the forum's post.created) reach the open page without a reload
  await publish(app, 'post.created', postCreated(9_000_001, member.id));
  await page.getByText('1 / 2').waitFor();
  await publish(app, 'post.created', postCreated(9_000_002, member.id));
  await page.getByText('2 / 2').waitFor();
  await page.getByRole('status').filter({ hasText: 'Challenge completed!' }).waitFor();
  expect(pageErrors).toEqual([]);
});

it('shows past events in the list and in an earlier month of the calendar', async () => {
  const now = new Date();
  const then = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 15, 12));
  const e = await manager.api.post('/events', eventBody(brand.id, { title: 'Old cupping' }));
  expect(e.status).toBe(201);
  await moveEvent(app, e.body.id, then.toISOString(), new Date(then.getTime() + 2 * 3_600_000).toISOString());
  const page = await pageFor(await makeMember(app));
  await page.goto(`${app.url}/events`);
  await page.getByRole('button', { name: 'Past', exact: true }).click();
  expect(await page.getByRole('button', { name: 'Past', exact: true }).getAttribute('aria-pressed')).toBe('true');
  await page.getByRole('link', { name: 'Old cupping' }).waitFor();

  await page.getByRole('button', { name: 'Month calendar' }).click();
  const previous = page.getByRole('button', { name: 'Previous month' });
  await previous.click();
  await previous.click();
  const title = new Intl.DateTimeFormat('en', { month: 'long', year: 'numeric' }).format(new Date(then.getUTCFullYear(), then.getUTCMonth(), 1));
  await page.getByRole('heading', { name: title }).waitFor();
  const day = page.getByRole('grid').getByRole('button').filter({ hasText: 'Old cupping' });
  await day.waitFor(); // the past pages reached this month
  expect(await day.getAttribute('aria-label')).toMatch(/events: 1$/);
  await day.click();
  await page.getByRole('region').getByRole('link', { name: 'Old cupping' }).waitFor();
  expect(pageErrors).toEqual([]);
});

it('shows the brand console to a manager, in Arabic, right to left', async () => {
  await manager.api.post('/events', eventBody(brand.id, { title: 'Console event', titleAr: 'فعالية اللوحة' }));
  const arabic = await makeMember(app, { locale: 'ar' });
  await app.get(Db).ds.query(`INSERT INTO brand_members (brand_id, user_id) VALUES ($1, $2)`, [brand.id, arabic.id]);
  const page = await pageFor(arabic, 'ar');
  await page.goto(`${app.url}/brand-console`);
  await page.waitForLoadState('networkidle');
  await page.getByRole('heading', { name: 'لوحة العلامة' }).waitFor();
  expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
  await page.getByRole('button', { name: 'اعرض رمز الحضور' }).first().click();
  await page.locator('.check-in-code svg').first().waitFor();
  expect(await page.locator('.check-in-code strong').first().innerText()).toMatch(/^\d{6}$/);
  // the brand's public page lists what it runs
  await page.getByRole('link', { name: 'صفحة العلامة العامة' }).click();
  await page.getByRole('link', { name: 'فعالية اللوحة' }).waitFor();
  await page.close();
  expect(pageErrors).toEqual([]);
});
