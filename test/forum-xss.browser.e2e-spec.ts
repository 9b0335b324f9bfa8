/**
 * Stored XSS through forum titles, bodies, tags, replies, search snippets and author names, through
 * the API (cooked HTML) and rendered by the web app in Chromium: nothing may run.
 */
import type { Browser } from 'playwright-core';
import { Db } from '../apps/api/src/database/db.service';
import { SessionService } from '../apps/api/src/identity/session.service';
import type { TestApp } from './support/app';
import { appAndBrowser } from './support/browser';
import { makeMember } from './support/factories';
import { makeCategory } from './support/forum';
import { XSS_CORPUS } from './security/xss-corpus';

let app: TestApp;
let browser: Browser;
appAndBrowser((a, b) => ([app, browser] = [a, b]));

it('renders hostile titles, posts, snippets and names inert', async () => {
  const mod = await makeMember(app, { role: 'moderator', displayName: XSS_CORPUS[1].slice(0, 60) });
  const c = await makeCategory(app);
  const topicIds: number[] = [];
  for (const payload of XSS_CORPUS) {
    const res = await mod.api.post('/forum/topics', { categoryId: c.id, title: `xssprobe ${payload}`.slice(0, 200), raw: `xssprobe ${payload}\n\n${payload}` });
    expect(res.status).toBe(201);
    topicIds.push(res.body.topic.id);
    const r = await mod.api.post(`/forum/topics/${res.body.topic.id}/posts`, { raw: `> ${payload}\n\n${payload}` });
    expect(r.status).toBe(201);
    // through the API: no live markup in the stored HTML
    for (const cooked of [r.body.post.cooked as string]) {
      expect(cooked).not.toMatch(/<(script|img|svg|iframe|details|math|body|input|style)\b|<a\b[^>]*href="(javascript|data):|<[^>]*\son\w+=/i);
    }
  }
  const reader = await makeMember(app, { locale: 'ar' });
  const s = await app.get(SessionService).create(app.get(Db).ds.manager, reader.id, 'cookie', {});
  const page = await browser.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.context().addCookies([{ name: 'wala_session', value: s.token, url: app.url }]);
  const paths = ['/forum', `/forum/c/${c.slug}`, '/forum/search?q=xssprobe', ...topicIds.map((id) => `/forum/t/${id}`)];
  for (const path of paths) {
    await page.goto(app.url + path);
    await page.waitForLoadState('networkidle');
    expect([path, await page.evaluate(() => (window as unknown as { __xss?: number }).__xss ?? null)]).toEqual([path, null]);
  }
  // shown as text
  await page.goto(`${app.url}/forum/t/${topicIds[0]}`);
  await page.waitForLoadState('networkidle');
  expect(await page.locator('h1').innerText()).toContain('<script>');
  expect(await page.locator('main').innerText()).toContain('<img src=x onerror=');
  expect(dialogs).toEqual([]);
});
