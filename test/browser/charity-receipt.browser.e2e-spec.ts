import type { Browser } from 'playwright-core';
import { appAndBrowser, signedInPage } from '../support/browser';
import { makeBrand, makeMember } from '../support/factories';
import type { TestApp } from '../support/app';
import { givePoints } from '../support/loyalty';
import { insertCampaign } from '../support/rewards';

let app: TestApp;
let browser: Browser;
appAndBrowser((a, b) => ((app = a), (browser = b)));

it('donates from the campaign page and opens a printable receipt, in English and in Arabic', async () => {
  const brand = await makeBrand(app);
  const campaignId = await insertCampaign(app, brand.id);
  const m = await makeMember(app, { displayName: 'Receipt Rana' });
  await givePoints(app, m.id, 100);

  const { page, errors } = await signedInPage(app, browser, m.id, 'en');
  await page.goto(`${app.url}/campaigns/${campaignId}`);
  await page.getByRole('spinbutton', { name: 'Points' }).fill('40');
  await page.getByRole('button', { name: 'Donate points' }).click();
  const thanks = page.locator('p.ok', { hasText: /^Thank you! .* donated, receipt WR-/ });
  await thanks.waitFor();
  const receiptNumber = (await thanks.textContent())!.match(/WR-[0-9A-F]{12}/)![0];
  await thanks.getByRole('link', { name: 'Receipt' }).click();

  const receipt = page.getByRole('article', { name: 'Donation receipt' });
  await receipt.waitFor();
  const field = (name: string) => receipt.locator('dt', { hasText: name }).locator('xpath=following-sibling::dd[1]');
  expect(await field('Receipt number').textContent()).toBe(receiptNumber);
  expect(await field('Donor').textContent()).toBe('Receipt Rana');
  expect(await field('Points donated').textContent()).toBe('40');
  // the seeded campaign converts 1 point to 1 cent: 40 points are $0.40
  expect(await field('Amount donated').textContent()).toBe('$0.40');
  expect(await field('Charity').textContent()).toMatch(/^Charity \(reg\. REG-[0-9a-f]{6}\)$/);
  await receipt.getByRole('button', { name: 'Print or save as PDF' }).waitFor();
  // printed, the site header and the buttons are left out
  await page.emulateMedia({ media: 'print' });
  expect(await page.locator('.site-header').isVisible()).toBe(false);
  expect(await receipt.getByRole('button', { name: 'Print or save as PDF' }).isVisible()).toBe(false);

  // the same receipt in Arabic, mirrored: the member switches the language from the header
  await page.emulateMedia({ media: 'screen' });
  await page.getByRole('button', { name: 'Switch to Arabic' }).click();
  await page.getByRole('heading', { name: 'إيصال التبرع' }).waitFor();
  expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
  expect(await page.getByRole('article', { name: 'إيصال التبرع' }).locator('dd', { hasText: 'جمعية' }).count()).toBe(1);

  // another member gets no receipt of someone else's
  const other = await makeMember(app);
  const stranger = await signedInPage(app, browser, other.id, 'en');
  await stranger.page.goto(`${app.url}${new URL(page.url()).pathname}`);
  await stranger.page.getByRole('alert').filter({ hasText: 'Not found.' }).waitFor();
  expect(await stranger.page.getByRole('article', { name: 'Donation receipt' }).count()).toBe(0);
  expect([...errors, ...stranger.errors]).toEqual([]);
});
