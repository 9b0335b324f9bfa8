import type { Browser, BrowserContext } from 'playwright-core';
import { Db } from '../apps/api/src/database/db.service';
import { SessionService } from '../apps/api/src/identity/session.service';
import { seedDemo } from '../apps/api/src/demo/demo-seed';
import { settle } from './support/analytics';
import { startApp, type TestApp } from './support/app';
import { launchBrowser } from './support/browser';
import { makeMember, type Member } from './support/factories';

let app: TestApp;
let browser: Browser;
const errors: string[] = [];

beforeAll(async () => {
  app = await startApp();
  await seedDemo(app.wala, app.config);
  await settle(app);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** A browser signed in as the member (a cookie session), in the given language. */
async function signedIn(m: Member, locale: 'en' | 'ar'): Promise<BrowserContext> {
  await app.get(Db).ds.query(`UPDATE users SET locale = $2 WHERE id = $1`, [m.id, locale]);
  const s = await app.get(SessionService).create(app.get(Db).ds.manager, m.id, 'cookie', { ip: '127.0.0.1', userAgent: 'playwright' });
  const ctx = await browser.newContext({ locale });
  await ctx.addCookies([{ name: 'wala_session', value: s.token, url: app.url }]);
  ctx.on('weberror', (e) => errors.push(String(e.error())));
  return ctx;
}

it('shows the dashboard in Arabic, mirrored, with charts and their tables', async () => {
  const admin = await makeMember(app, { role: 'admin' });
  const ctx = await signedIn(admin, 'ar');
  const page = await ctx.newPage();
  await page.goto(app.url + '/analytics');
  await page.getByRole('heading', { name: 'تحليلات الولاء' }).waitFor();
  expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
  await page.getByText('متوسط النشطين يوميًا').waitFor();
  // every chart is an image with a name, and its figures are a table behind a disclosure
  expect(await page.getByRole('img', { name: 'النشطون يوميًا' }).count()).toBe(1);
  expect(await page.locator('canvas').count()).toBeGreaterThanOrEqual(4);
  await page.getByText('اعرض جدولًا').first().click();
  await page.getByRole('table', { name: 'النشطون يوميًا' }).waitFor();
  // the cohort grid and the demo's CLTV are tables
  await page.getByRole('table', { name: 'احتفاظ الدفعات حسب شهر التسجيل' }).waitFor();
  await page.getByRole('table', { name: 'القيمة الدائمة للعميل' }).waitFor();
  // the whole dashboard of the range shown downloads as one CSV, with the session cookie
  const link = page.getByRole('link', { name: 'تصدير CSV' });
  expect(await link.getAttribute('aria-describedby')).toBe('an-export-hint');
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toMatch(/^analytics-community-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  await ctx.close();
  expect(errors).toEqual([]);
});

it('lets a member answer a survey with the keyboard-friendly form, once', async () => {
  const member = await makeMember(app);
  const ctx = await signedIn(member, 'en');
  const page = await ctx.newPage();
  await page.goto(app.url + '/surveys');
  await page.getByRole('heading', { name: 'How was your coffee?' }).waitFor();
  await page.getByRole('link', { name: /Answer.*How was your coffee/ }).click();
  await page.getByRole('group', { name: /recommend Qahwa House/ }).getByLabel('9').check();
  await page.getByRole('group', { name: /last visit/ }).getByLabel('4').check();
  await page.getByRole('button', { name: 'Send my answers' }).click();
  await page.getByText('Thank you! 20 points are on their way.').waitFor();
  await page.goto(app.url + '/surveys');
  await page.getByText('Answered').first().waitFor();
  await ctx.close();
  expect(errors).toEqual([]);
});
