/**
 * Stored XSS through identity and brand fields, rendered by the real web app in Chromium: no
 * payload may run (no `window.__xss`, no dialog), and the CSP forbids inline script anyway.
 */
import type { Browser, Page } from 'playwright-core';
import type { TestApp } from '../support/app';
import { appAndBrowser } from '../support/browser';
import { makeBrand, makeMember } from '../support/factories';
import { Db } from '../../apps/api/src/database/db.service';
import { XSS_CORPUS } from './xss-corpus';

let app: TestApp;
let browser: Browser;
appAndBrowser((a, b) => ([app, browser] = [a, b]));

async function watched(): Promise<{ page: Page; dialogs: string[] }> {
  const page = await browser.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return { page, dialogs };
}

/** Makes a hostile brand and member per payload, and a mail in the development mailbox; returns the members. */
async function hostile(): Promise<number[]> {
  const db = app.get(Db).ds;
  const ids: number[] = [];
  for (const [i, payload] of XSS_CORPUS.entries()) {
    const b = await makeBrand(app);
    await db.query(`UPDATE brands SET name = $2, description = $3, name_ar = $2 WHERE id = $1`, [b.id, payload.slice(0, 80), payload]);
    const m = await makeMember(app, { displayName: payload.slice(0, 60) || `p${i}` });
    await db.query(`UPDATE users SET bio = $2 WHERE id = $1`, [m.id, payload]);
    await db.query(`INSERT INTO mails (to_address, subject, text, transport) VALUES ($1, $2, $3, 'dev')`, [m.email, payload.slice(0, 200), payload]);
    ids.push(m.id);
  }
  return ids;
}

it('renders hostile display names, bios and brand texts inert', async () => {
  const db = app.get(Db).ds;
  const members = await hostile();
  const victim = await makeMember(app, { displayName: XSS_CORPUS[1].slice(0, 60) });
  const { page, dialogs } = await watched();
  // sign the browser in with a cookie session, as the web app does
  const { SessionService } = await import('../../apps/api/src/identity/session.service');
  const s = await app.get(SessionService).create(db.manager, victim.id, 'cookie', {});
  await page.context().addCookies([{ name: 'wala_session', value: s.token, url: app.url }]);
  for (const path of ['/', '/brands', ...members.slice(0, 4).map((id) => `/users/${id}`), '/profile']) {
    await page.goto(app.url + path);
    await page.waitForLoadState('networkidle');
    expect([path, await page.evaluate(() => (window as unknown as { __xss?: number }).__xss ?? null)]).toEqual([path, null]);
  }
  // the payload is shown as text, not parsed as markup
  expect(await page.locator('main').innerText()).toContain('<img src=x onerror=');
  expect(dialogs).toEqual([]);
});

it('renders hostile members, brands and mails inert on the admin pages', async () => {
  await hostile();
  const admin = await makeMember(app, { role: 'admin' });
  const { page, dialogs } = await watched();
  const { SessionService } = await import('../../apps/api/src/identity/session.service');
  const s = await app.get(SessionService).create(app.get(Db).ds.manager, admin.id, 'cookie', {});
  await page.context().addCookies([{ name: 'wala_session', value: s.token, url: app.url }]);
  for (const path of ['/admin/users', '/admin/brands', '/admin/mails']) {
    await page.goto(app.url + path);
    await page.waitForLoadState('networkidle');
    expect([path, await page.evaluate(() => (window as unknown as { __xss?: number }).__xss ?? null)]).toEqual([path, null]);
    expect([path, await page.locator('main').innerText()]).toEqual([path, expect.stringContaining('<img src=x onerror=')]);
  }
  expect(dialogs).toEqual([]);
});

it('sends a CSP that forbids inline script', async () => {
  const res = await fetch(app.url + '/');
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toMatch(/script-src 'self'(;|$)/);
  expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  const { page, dialogs } = await watched();
  await page.goto(app.url + '/');
  // even an injected inline script is refused by the browser
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__xss = 99';
    document.body.appendChild(s);
  });
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss ?? null)).toBeNull();
  expect(dialogs).toEqual([]);
});
