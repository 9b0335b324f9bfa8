import type { Browser, Page } from 'playwright-core';
import { startApp, type TestApp } from '../support/app';
import { launchBrowser } from '../support/browser';
import { clientId, makeChannel } from '../support/chat';
import { cookieClient, makeMember } from '../support/factories';
import { connect, emitRaw, next, type TestSocket } from '../support/sockets';

let app: TestApp;
let browser: Browser;
let page: Page;
let other: TestSocket | null = null;

beforeAll(async () => {
  // the socket handshake checks the Origin against PUBLIC_URL: serve the page from exactly there
  app = await startApp({ ownOrigin: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  other?.close();
  await browser?.close();
  await app?.close();
});

it('shows live messages and sends from the composer, in a log screen readers follow', async () => {
  const me = await makeMember(app, { displayName: 'Browser Bea' });
  const peer = await makeMember(app, { displayName: 'Socket Sam' });
  const ch = await makeChannel(app, { name: 'Lounge' });
  const c = await cookieClient(app, me);
  const context = await browser.newContext();
  await context.addCookies([{ name: 'wala_session', value: c.cookie!.split('=')[1], url: app.url }]);
  page = await context.newPage();
  await page.goto(`${app.url}/chat/${ch.id}`);
  await page.getByRole('heading', { name: '# Lounge' }).waitFor();
  const log = page.getByRole('log', { name: 'Messages' });
  expect(await log.getAttribute('aria-live')).toBe('polite');

  other = await connect(app.url, { token: peer.api.bearer, origin: app.config.publicUrl });
  const joined = await emitRaw(other, 'chat:join', { channelId: ch.id });
  expect(joined.ok && joined.data.online.map((p: { id: number }) => p.id)).toContain(me.id);
  expect((await emitRaw(other, 'chat:send', { channelId: ch.id, body: 'hello from Sam', clientId: clientId() })).ok).toBe(true);
  await log.getByText('hello from Sam').waitFor();

  const heard = next(other, 'chat:message');
  await page.getByLabel('Write a message').fill('hi Sam');
  await page.getByLabel('Write a message').press('Enter');
  expect(await heard).toMatchObject({ body: 'hi Sam', author: { id: me.id } });
  await log.getByText('hi Sam').waitFor();
  expect(await page.getByText('Not sent.').count()).toBe(0);
  await context.close();
});
