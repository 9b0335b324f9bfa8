import type { Browser } from 'playwright-core';
import type { TestApp } from '../support/app';
import { appAndBrowser, signedInPage } from '../support/browser';
import { makeMember } from '../support/factories';

/*
 * Each page is its own chunk, loaded when first shown: the first page does not fetch the
 * dashboard's charts, a page shows a busy status while its chunk loads, and a chunk that fails
 * to load leaves an alert with a retry instead of a blank page.
 */
let app: TestApp;
let browser: Browser;
appAndBrowser((a, b) => ([app, browser] = [a, b]));

it("loads a page's chunk and its libraries only when the page is shown", async () => {
  const admin = await makeMember(app, { role: 'admin' });
  const { page, errors } = await signedInPage(app, browser, admin.id, 'en');
  const scripts: string[] = [];
  page.on('request', (r) => void (r.resourceType() === 'script' && scripts.push(new URL(r.url()).pathname)));
  await page.goto(app.url + '/');
  await page.getByRole('link', { name: 'Analytics' }).waitFor();
  expect(scripts.some((s) => /\/Home-[\w-]+\.js$/.test(s))).toBe(true);
  expect(scripts.filter((s) => /\/(Dashboard|DataTable)-[\w-]+\.js$/.test(s))).toEqual([]);
  const before = scripts.length;

  await page.getByRole('link', { name: 'Analytics' }).click();
  await page.getByRole('heading', { name: 'Loyalty analytics' }).waitFor();
  expect(scripts.slice(before).some((s) => /\/Dashboard-[\w-]+\.js$/.test(s))).toBe(true);
  await page.getByRole('img', { name: 'Daily active' }).waitFor();
  expect(errors).toEqual([]);
  await page.context().close();
});

it('shows a busy status while a chunk loads, and an alert with a retry when it fails, in Arabic', async () => {
  const member = await makeMember(app, { locale: 'ar' });
  const { page, errors } = await signedInPage(app, browser, member.id, 'ar');
  await page.goto(app.url + '/');
  await page.getByRole('link', { name: 'لوحات الصدارة' }).waitFor();

  // the network fails the leaderboard's chunk: the page says so and offers to try again
  let release: () => void = () => undefined;
  const held = new Promise<void>((r) => (release = r));
  let fail = true;
  await page.route(/\/assets\/Leaderboard-[\w-]+\.js$/, async (route) => {
    if (fail) return route.abort('internetdisconnected');
    await held;
    return route.continue();
  });
  await page.getByRole('link', { name: 'لوحات الصدارة' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'تعذّر تحميل هذه الصفحة' });
  await alert.waitFor();

  // back online: the retry shows a busy status until the chunk arrives, then the page
  fail = false;
  await alert.getByRole('button', { name: 'حاول مجددًا' }).click();
  const status = page.locator('main [role="status"][aria-busy="true"]');
  await status.waitFor();
  expect(await status.textContent()).toBe('جارٍ التحميل…');
  release();
  await page.getByRole('heading', { level: 1, name: 'لوحات الصدارة' }).waitFor();
  expect(await alert.count()).toBe(0);
  expect(await status.count()).toBe(0);
  expect(errors).toEqual([]);
  await page.context().close();
});
