/**
 * The admin pages (brands and their managers, members' roles) used through the header's Admin
 * menu, and public member profiles reached from a brand leaderboard (in Arabic, right to left)
 * and from an @mention in a forum post.
 */
import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { one } from '../../apps/api/src/common/sql';
import { Db } from '../../apps/api/src/database/db.service';
import type { TestApp } from '../support/app';
import { appAndBrowser, signedInPage } from '../support/browser';
import { makeBrand, makeMember } from '../support/factories';
import { makeCategory, makeTopic } from '../support/forum';
import { givePoints, settle } from '../support/loyalty';

let app: TestApp;
let browser: Browser;
appAndBrowser((a, b) => ([app, browser] = [a, b]));

const letters = () => randomBytes(4).toString('hex').replace(/\d/g, (d) => 'ghijklmnop'[Number(d)]);

const pageAs = (userId: number, locale: 'en' | 'ar') => signedInPage(app, browser, userId, locale);

it('lets an admin create a brand, add its manager and grant a role from the Admin menu', async () => {
  const admin = await makeMember(app, { role: 'admin' });
  const member = await makeMember(app, { displayName: `Nadia ${letters()}` });
  const slug = `roastery-${letters()}`;
  const { page, errors } = await pageAs(admin.id, 'en');
  await page.goto(`${app.url}/`);
  const menu = page.getByRole('navigation', { name: 'Main navigation' });
  // the Admin menu opens from the keyboard and Escape closes it again
  await menu.getByText('Admin', { exact: true }).focus();
  await page.keyboard.press('Enter');
  await menu.getByRole('link', { name: 'Manage brands' }).waitFor();
  await page.keyboard.press('Escape');
  await menu.getByRole('link', { name: 'Manage brands' }).waitFor({ state: 'hidden' });
  expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SUMMARY');
  await menu.getByText('Admin', { exact: true }).click();
  await menu.getByRole('link', { name: 'Manage brands' }).click();
  await page.getByRole('heading', { name: 'Brands', level: 1 }).waitFor();

  // a field error from the API shows next to its field
  await page.getByLabel('Address (slug)').fill('Not A Slug');
  await page.getByLabel('Name (English)').fill('Roastery');
  await page.getByLabel('Name (Arabic)').fill('المحمصة');
  await page.getByRole('button', { name: 'Create brand' }).click();
  await page.locator('#b-slug-error').waitFor();
  expect(await page.getByLabel('Address (slug)').getAttribute('aria-invalid')).toBe('true');

  await page.getByLabel('Address (slug)').fill(slug);
  await page.getByRole('button', { name: 'Create brand' }).click();
  await page.getByRole('status').filter({ hasText: 'Brand Roastery created.' }).waitFor();
  const brand = await one<{ id: number; name_ar: string }>(app.get(Db).ds, `SELECT id, name_ar FROM brands WHERE slug = $1`, [slug]);
  expect(brand?.name_ar).toBe('المحمصة');

  const card = page.locator('li.card', { has: page.getByRole('heading', { name: 'Roastery' }) }).filter({ hasText: slug });
  // the admin finds the member by name, not by number
  await card.getByLabel('Find a member by name or email').fill('nobody-matches-this');
  await card.getByRole('button', { name: 'Search', exact: true }).click();
  await card.getByRole('status').filter({ hasText: 'No member matches “nobody-matches-this”.' }).waitFor();
  await card.getByLabel('Find a member by name or email').fill(member.displayName);
  await card.getByRole('button', { name: 'Search', exact: true }).click();
  const found = card.getByRole('list', { name: 'Members found' });
  await found.getByRole('button', { name: `Make ${member.displayName} a manager` }).click();
  await page.getByRole('status').filter({ hasText: `${member.displayName} is now a manager.` }).waitFor();
  await card.getByRole('link', { name: member.displayName }).waitFor();
  expect(await one(app.get(Db).ds, `SELECT role FROM brand_members WHERE brand_id = $1 AND user_id = $2`, [brand!.id, member.id])).toEqual({ role: 'manager' });

  await menu.getByText('Admin', { exact: true }).click();
  await menu.getByRole('link', { name: 'Members and roles' }).click();
  await page.getByRole('heading', { name: 'Members and roles', level: 1 }).waitFor();
  await page.getByLabel('Search by name or email').fill(member.displayName);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByText(`Showing members matching “${member.displayName}”.`).waitFor();
  const row = page.locator('li.card', { has: page.getByRole('heading', { name: member.displayName }) });
  await row.getByLabel('Role').selectOption('moderator');
  await row.getByRole('button', { name: 'Grant role' }).click();
  await page.getByRole('status').filter({ hasText: `${member.displayName} is now Moderator.` }).waitFor();
  await row.getByLabel('Birthday').fill('1990-05-04');
  await row.getByRole('button', { name: 'Fix birthday' }).click();
  await page.getByRole('status').filter({ hasText: `Birthday of ${member.displayName} saved.` }).waitFor();
  expect(await one(app.get(Db).ds, `SELECT role, birthday::text AS birthday FROM users WHERE id = $1`, [member.id])).toEqual({ role: 'moderator', birthday: '1990-05-04' });
  expect(await page.locator('li.card').count()).toBe(1);
  expect(errors).toEqual([]);
});

it('opens a member’s public profile from a brand leaderboard in Arabic, and from an @mention in a post', async () => {
  const name = `Layla${letters()}`;
  const layla = await makeMember(app, { displayName: name });
  await app.get(Db).ds.query(`UPDATE users SET bio = 'أحب القهوة المختصة' WHERE id = $1`, [layla.id]);
  const viewer = await makeMember(app, { locale: 'ar' });
  const brand = await makeBrand(app);
  await givePoints(app, layla.id, 700, { brandId: brand.id });
  await givePoints(app, viewer.id, 20, { brandId: brand.id });
  const admin = await makeMember(app, { role: 'admin' });
  const badge = await admin.api.post('/admin/badges', { slug: `b-${letters()}`, name: 'Early bird', nameAr: `الطائر المبكر ${letters()}` });
  expect(badge.status).toBe(201);
  expect((await admin.api.post(`/admin/badges/${badge.body.id}/grants`, { userId: layla.id, reason: 'first in line' })).status).toBe(201);
  await settle(app);
  const tier = (await viewer.api.get(`/users/${layla.id}/tier`)).body.tier;
  const rarity = (await viewer.api.get('/badges')).body.find((b: { id: number }) => b.id === badge.body.id).rarityPct;

  const { page, errors } = await pageAs(viewer.id, 'ar');
  await page.goto(`${app.url}/leaderboards`);
  await page.getByRole('heading', { name: 'لوحات الصدارة' }).waitFor();
  expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
  await page.getByLabel('العلامة التجارية').selectOption(String(brand.id));
  await page.getByText(/^محدَّثة|^النتائج حتى/).waitFor();
  await page.getByRole('cell', { name: name }).getByRole('link').click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
  expect(new URL(page.url()).pathname).toBe(`/users/${layla.id}`);
  expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
  await page.getByText('أحب القهوة المختصة').waitFor();
  await page.getByText(tier ? tier.nameAr : 'لا مستوى بعد', { exact: true }).waitFor();
  await page.getByRole('heading', { name: badge.body.nameAr, level: 3 }).waitFor();
  expect(rarity).toBeGreaterThan(0);
  await page.getByText(/^يحملها .+٪ من الأعضاء/).waitFor();
  // nothing private: no email on the page
  expect(await page.content()).not.toContain(layla.email);

  // an @mention in a post is a link to the same profile, followed inside the app
  const author = await makeMember(app);
  const c = await makeCategory(app);
  const topic = await makeTopic(author, c.id, { title: 'Who roasts best?', raw: `Ask @${name} about it.` });
  await page.goto(`${app.url}/forum/t/${topic.id}`);
  await page.getByRole('link', { name: author.displayName }).waitFor();
  await page.getByRole('link', { name: `@${name}` }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
  expect(new URL(page.url()).pathname).toBe(`/users/${layla.id}`);
  expect(errors).toEqual([]);
});
