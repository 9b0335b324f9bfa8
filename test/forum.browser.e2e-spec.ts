/** The forum in the real web app (Chromium): posting from the composer, and new posts arriving live. */
import type { Browser } from 'playwright-core';
import { Db } from '../apps/api/src/database/db.service';
import { SessionService } from '../apps/api/src/identity/session.service';
import { startApp, type TestApp } from './support/app';
import { launchBrowser } from './support/browser';
import { makeMember } from './support/factories';
import { makeCategory, makeTopic, reply } from './support/forum';

let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  app = await startApp({ ownOrigin: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

it('replies from the composer, and shows other members’ replies live', async () => {
  const alice = await makeMember(app, { displayName: 'Alice Live' });
  const reader = await makeMember(app, { displayName: 'Rana Reader', locale: 'ar' });
  const c = await makeCategory(app);
  const t = await makeTopic(alice, c.id, { title: 'Live topic', raw: 'Opening words' });
  const s = await app.get(SessionService).create(app.get(Db).ds.manager, reader.id, 'cookie', {});
  const page = await browser.newPage();
  await page.context().addCookies([{ name: 'wala_session', value: s.token, url: app.url }]);
  await page.goto(`${app.url}/forum/t/${t.id}`);
  await page.getByText('Opening words').waitFor();
  expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');

  // from the composer (Arabic UI)
  await page.locator('#reply-body').fill('رد من **المتصفح**');
  await page.locator('form.reply button[type=submit]').click();
  await page.locator('.cooked strong', { hasText: 'المتصفح' }).waitFor();

  // another member replies through the API: the open page receives it over the socket
  await reply(alice, t.id, 'Arrived without reloading');
  await page.getByText('Arrived without reloading').waitFor({ timeout: 10_000 });
  expect(await page.locator('ol.posts > li').count()).toBe(3);
});
