/**
 * Stored XSS through the fields of every area a member sees besides the forum and identity (those
 * have their own specs): chat messages and channel names, badge names and descriptions, reward
 * titles, challenge, event and giveaway titles, campaign and charity names. Plus the post-edit
 * preview (the Discourse and NodeBB advisory): a payload typed into the composer and previewed.
 * Rendered by the real web app in Chromium: no payload may run (no `window.__xss`, no dialog).
 */
import type { Browser, Page } from 'playwright-core';
import { Db } from '../../apps/api/src/database/db.service';
import { SessionService } from '../../apps/api/src/identity/session.service';
import type { TestApp } from '../support/app';
import { appAndBrowser } from '../support/browser';
import { makeChannel, makeMessage } from '../support/chat';
import { challengeBody, eventBody, giveawayBody } from '../support/engagement';
import { makeBrand, makeMember, type Member } from '../support/factories';
import { makeCategory, makeTopic } from '../support/forum';
import { insertCampaign, insertReward } from '../support/rewards';
import { XSS_CORPUS } from './xss-corpus';

let app: TestApp;
let browser: Browser;
appAndBrowser((a, b) => ([app, browser] = [a, b]));

const ran = (page: Page) => page.evaluate(() => (window as unknown as { __xss?: number }).__xss ?? null);

async function signedIn(m: Member): Promise<{ page: Page; dialogs: string[] }> {
  const s = await app.get(SessionService).create(app.get(Db).ds.manager, m.id, 'cookie', {});
  const page = await browser.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.context().addCookies([{ name: 'wala_session', value: s.token, url: app.url }]);
  return { page, dialogs };
}

/** Visits each path: did a payload run, and is a payload on the page as text (so the page did render it)? */
async function visit(page: Page, paths: string[]): Promise<Array<{ path: string; ran: number | null; asText: boolean }>> {
  const seen: Array<{ path: string; ran: number | null; asText: boolean }> = [];
  for (const path of paths) {
    await page.goto(app.url + path);
    await page.waitForLoadState('networkidle');
    seen.push({ path, ran: await ran(page), asText: (await page.locator('main').innerText()).includes('__xss') });
  }
  return seen;
}

it('renders hostile chat, badge, reward, challenge, event, giveaway and campaign texts inert', async () => {
  const db = app.get(Db).ds;
  const admin = await makeMember(app, { role: 'admin' });
  const victim = await makeMember(app, { locale: 'en' });
  const brand = await makeBrand(app, [admin.id]);
  const short = (p: string, n: number) => p.slice(0, n);

  const channel = await makeChannel(app, { name: short(XSS_CORPUS[1], 60) });
  for (const p of XSS_CORPUS) await makeMessage(app, channel.id, admin.id, p);

  const ids = { reward: 0, challenge: 0, event: 0, giveaway: 0, campaign: 0 };
  for (const [i, p] of XSS_CORPUS.entries()) {
    await db.query(
      `INSERT INTO badges (slug, name, name_ar, description, description_ar) VALUES ($1, $2, $2, $3, $3)`,
      [`xss-${i}-${victim.id}`, short(p, 60), short(p, 300)],
    );
    ids.reward = await insertReward(app, { brandId: brand.id });
    await db.query(`UPDATE rewards SET title = $2, title_ar = $2, description = $3, description_ar = $3 WHERE id = $1`, [ids.reward, short(p, 120), p]);
    ids.campaign = await insertCampaign(app, brand.id);
    await db.query(`UPDATE campaigns SET title = $2, title_ar = $2, description = $3, description_ar = $3 WHERE id = $1`, [ids.campaign, short(p, 120), p]);
    await db.query(`UPDATE charities SET name = $2, name_ar = $2 WHERE id = (SELECT charity_id FROM campaigns WHERE id = $1)`, [ids.campaign, short(p, 120)]);
    const title = short(p, 120);
    const c = await admin.api.post('/challenges', challengeBody(brand.id, { title, titleAr: title, description: p }));
    const e = await admin.api.post('/events', eventBody(brand.id, { title, titleAr: title, description: p }));
    const g = await admin.api.post('/giveaways', giveawayBody(brand.id, { title, titleAr: title, prize: short(p, 120) }));
    expect([c.status, e.status, g.status]).toEqual([201, 201, 201]);
    [ids.challenge, ids.event, ids.giveaway] = [c.body.id, e.body.id, g.body.id];
  }
  await db.query(
    `INSERT INTO badge_grants (badge_id, user_id, grant_key) SELECT id, $1, 'x' FROM badges WHERE slug LIKE $2`,
    [victim.id, `xss-%-${victim.id}`],
  );
  await db.query(`UPDATE badges SET holders = holders + 1 WHERE slug LIKE $1`, [`xss-%-${victim.id}`]);

  const { page, dialogs } = await signedIn(victim);
  const seen = await visit(page, [
    `/chat/${channel.id}`,
    '/loyalty',
    '/rewards',
    `/rewards/${ids.reward}`,
    '/challenges',
    `/challenges/${ids.challenge}`,
    '/events',
    `/events/${ids.event}`,
    '/giveaways',
    `/giveaways/${ids.giveaway}`,
    '/campaigns',
    `/campaigns/${ids.campaign}`,
    `/brands/${brand.slug}`,
  ]);
  // nothing ran, and every page did show a payload, as text
  expect(seen.filter((s) => s.ran !== null || !s.asText)).toEqual([]);
  expect(dialogs).toEqual([]);
  await page.goto(`${app.url}/chat/${channel.id}`);
  await page.getByText('<script>window.__xss=1</script>').first().waitFor();
});

it('previews a hostile post edit without running it', async () => {
  const author = await makeMember(app);
  const c = await makeCategory(app);
  const topic = await makeTopic(author, c.id);
  const { page, dialogs } = await signedIn(author);
  await page.goto(`${app.url}/forum/t/${topic.id}`);
  await page.waitForLoadState('networkidle');
  for (const payload of XSS_CORPUS) {
    await page.locator('#reply-body').fill(`preview ${payload}\n\n${payload}`);
    const preview = page.getByRole('button', { name: /preview|معاينة/i }).last();
    await preview.click();
    await page.locator('.cooked.preview[aria-busy="false"]').waitFor();
    // the preview holds the server's sanitized HTML: no live markup survives
    const html = await page.locator('.cooked.preview').innerHTML();
    expect(html).not.toMatch(/<(script|iframe|svg|math|details|body|input|style)\b|<a\b[^>]*href="(javascript|data):|<[^>]*\son\w+=/i);
    expect(await ran(page)).toBeNull();
    await page.getByRole('button', { name: /write|اكتب/i }).last().click();
  }
  expect(dialogs).toEqual([]);
});
