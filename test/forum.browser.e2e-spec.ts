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

it('narrows search to one author from a result, says so, and clears it again (the API’s authorId)', async () => {
  const sami = await makeMember(app, { displayName: 'Sami Writer' });
  const nour = await makeMember(app, { displayName: 'Nour Writer' });
  const c = await makeCategory(app);
  await makeTopic(sami, c.id, { title: 'Cardamom by Sami', raw: 'cardamom notes from sami' });
  await makeTopic(nour, c.id, { title: 'Cardamom by Nour', raw: 'cardamom notes from nour' });
  const page = await browser.newPage();
  await page.goto(`${app.url}/forum/search?q=cardamom`);
  const results = page.locator('ol.hits > li');
  await page.getByText('Cardamom by Nour').waitFor();
  expect(await results.count()).toBe(2);

  await page.getByRole('button', { name: 'Only posts by Sami Writer' }).click();
  await page.getByText('Showing posts by Sami Writer only').waitFor();
  await page.getByText('Cardamom by Nour').waitFor({ state: 'detached' });
  expect(await results.allInnerTexts()).toEqual([expect.stringContaining('Cardamom by Sami')]);
  expect(page.url()).toContain(`author=${sami.id}`);

  // the same filter from a link, then back to any author
  await page.goto(`${app.url}/forum/search?q=cardamom&author=${nour.id}`);
  await page.getByText('Showing posts by Nour Writer only').waitFor();
  expect(await results.allInnerTexts()).toEqual([expect.stringContaining('Cardamom by Nour')]);
  await page.getByRole('button', { name: 'Any author' }).click();
  await page.getByText('Cardamom by Sami').waitFor();
  expect(await results.count()).toBe(2);
  expect(page.url()).not.toContain('author=');
  await page.close();
});
