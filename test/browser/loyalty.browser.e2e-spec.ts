import type { Browser } from 'playwright-core';
import { Db } from '../../apps/api/src/database/db.service';
import type { TestApp } from '../support/app';
import { appAndBrowser, signedInPage } from '../support/browser';
import { makeMember } from '../support/factories';
import { givePoints } from '../support/loyalty';

let app: TestApp;
let browser: Browser;
appAndBrowser((a, b) => ([app, browser] = [a, b]));

const pageAs = (userId: number, locale: 'en' | 'ar') => signedInPage(app, browser, userId, locale);

it('shows My loyalty in Arabic: balance, tier progress, history with translated reasons', async () => {
  const m = await makeMember(app, { locale: 'ar' });
  await app.get(Db).ds.query(`INSERT INTO loyalty_tiers (name, name_ar, min_points) VALUES ('Bronze', 'برونزي', 0), ('Silver', 'فضي', 100)`);
  await givePoints(app, m.id, 40);
  const { page, errors } = await pageAs(m.id, 'ar');
  await page.goto(`${app.url}/loyalty`);
  await page.getByRole('heading', { name: 'ولائي' }).waitFor();
  expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
  await page.getByText('برونزي').first().waitFor();
  await page.getByText('نقاط تجريبية').waitFor();
  expect(await page.getByLabel(/نقطة للوصول إلى فضي/).getAttribute('value')).toBe('40');
  expect(errors).toEqual([]);
});

it('lets an admin add an earning rule from the admin page', async () => {
  const admin = await makeMember(app, { role: 'admin' });
  const { page, errors } = await pageAs(admin.id, 'en');
  await page.goto(`${app.url}/admin/loyalty/rules`);
  await page.getByRole('heading', { name: 'Earning rules and campaigns' }).waitFor();
  await page.getByLabel('Action').selectOption('post.replied');
  await page.locator('#rule-points').fill('7');
  await page.locator('#rule-daily').fill('3');
  await page.getByRole('button', { name: 'Add' }).first().click();
  await page.getByRole('cell', { name: 'Reply', exact: true }).waitFor();
  const rules = await app.get(Db).ds.query(`SELECT action, points, daily_cap FROM earning_rules`);
  expect(rules).toEqual([{ action: 'post.replied', points: 7, daily_cap: 3 }]);
  expect(errors).toEqual([]);
});
