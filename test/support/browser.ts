import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Db } from '../../apps/api/src/database/db.service';
import { SessionService } from '../../apps/api/src/identity/session.service';
import { startApp, type TestApp, type TestAppOptions } from './app';
import { makeBrand, makeMember, type Member } from './factories';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium driven by playwright-core (never a downloaded browser). */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: npm test installs Debian's chromium package (apt-get install chromium)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/**
 * A page of a new browser context signed in as the member (a cookie session, as the web app
 * holds it) with the app in that language; `errors` collects the page's uncaught errors (a spec
 * may pass one list for all its pages).
 */
export async function signedInPage(
  app: TestApp,
  browser: Browser,
  userId: number,
  locale: 'en' | 'ar',
  errors: string[] = [],
): Promise<{ page: Page; errors: string[] }> {
  const s = await app.get(SessionService).create(app.get(Db).ds.manager, userId, 'cookie', { ip: '127.0.0.1', userAgent: 'playwright' });
  const context = await browser.newContext();
  await context.addCookies([{ name: 'wala_session', value: s.token, url: app.url }]);
  await context.addInitScript((l) => localStorage.setItem('wala.locale', l), locale);
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  return { page, errors };
}

/**
 * Starts the app and Chromium before a file's tests and closes both after them; `use` receives
 * the two once started (a browser spec's shared setup).
 */
export function appAndBrowser(use: (app: TestApp, browser: Browser) => void, opts: TestAppOptions = {}): void {
  let app: TestApp | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    app = await startApp(opts);
    browser = await launchBrowser();
    use(app, browser);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });
}

/** What a brand spec's tests use: the app, and a brand with its manager. */
export interface BrandSpec {
  app: TestApp;
  manager: Member;
  brand: { id: number };
}

/**
 * A brand-side browser spec's setup: the app (served from PUBLIC_URL) and Chromium, a brand and
 * its manager, handed to `use` before the tests; `pageFor` opens a page signed in as a member in
 * a language, whose uncaught errors go to `pageErrors` (which must stay empty).
 */
export function brandSpec(
  use: (s: BrandSpec) => void,
  managerName?: string,
): { pageErrors: string[]; pageFor: (m: Member, locale?: 'en' | 'ar') => Promise<Page> } {
  const pageErrors: string[] = [];
  let app: TestApp;
  let browser: Browser;
  appAndBrowser((a, b) => ([app, browser] = [a, b]), { ownOrigin: true });
  beforeAll(async () => {
    const manager = await makeMember(app, { displayName: managerName });
    use({ app, manager, brand: await makeBrand(app, [manager.id]) });
  });
  return { pageErrors, pageFor: async (m, locale = 'en') => (await signedInPage(app, browser, m.id, locale, pageErrors)).page };
}
