import type { Browser, Page } from 'playwright-core';
import { startApp, type TestApp } from '../support/app';
import { launchBrowser } from '../support/browser';

let app: TestApp;
let browser: Browser;
let page: Page;
const dialogs: string[] = [];

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  page = await browser.newPage();
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

it('signs up in Arabic with a mirrored layout, signs in again and sees the profile', async () => {
  await page.goto(app.url + '/');
  // switch the interface to Arabic with the header button
  await page.getByRole('button', { name: 'Switch to Arabic' }).click();
  expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
  expect(await page.locator('html').getAttribute('lang')).toBe('ar');

  await page.getByRole('link', { name: 'انضم', exact: true }).click();
  await page.getByLabel('الاسم الظاهر').fill('ليلى');
  await page.getByLabel('البريد الإلكتروني').fill('layla.browser@example.com');
  await page.getByLabel('كلمة المرور').fill('a long arabic passphrase');
  await page.getByRole('button', { name: 'إنشاء الحساب' }).click();
  await page.getByRole('heading', { name: 'ملفك الشخصي' }).waitFor();
  expect(await page.locator('html').getAttribute('dir')).toBe('rtl');

  // a field error comes back in Arabic, next to its field
  await page.getByLabel('كلمة المرور الحالية').fill('not the password');
  await page.getByLabel('كلمة المرور الجديدة').fill('short');
  await page.getByRole('button', { name: 'تغيير كلمة المرور' }).click();
  await page.getByText('يجب أن تتكون كلمة المرور من 10 أحرف على الأقل').waitFor();

  await page.getByRole('button', { name: 'تسجيل الخروج' }).click();
  await page.getByRole('link', { name: 'تسجيل الدخول' }).click();
  await page.getByLabel('البريد الإلكتروني').fill('layla.browser@example.com');
  await page.getByLabel('كلمة المرور').fill('a long arabic passphrase');
  await page.getByRole('button', { name: 'دخول' }).click();
  await page.getByRole('heading', { name: 'ملفك الشخصي' }).waitFor();
  expect(await page.getByRole('heading', { level: 2, name: 'ليلى' }).count()).toBe(1);
  expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
  // the page renders right-to-left: the header's brand sits at the right edge
  const box = await page.locator('.site-header .brand').boundingBox();
  const width = page.viewportSize()!.width;
  expect(box!.x).toBeGreaterThan(width / 2);
  expect(dialogs).toEqual([]);
});
