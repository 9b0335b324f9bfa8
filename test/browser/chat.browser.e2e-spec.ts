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
  // the heading shows before the page's socket has joined the channel: wait for the join's answer (it counts the page's member)
  await page.locator('details.presence summary', { hasText: '1 online' }).waitFor();

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

  // edit it, by keyboard: the message's actions menu, then the form in place
  const actions = log.getByRole('button', { name: /^Actions for the message from Browser Bea/ });
  expect(await actions.getAttribute('aria-haspopup')).toBe('menu');
  await actions.focus();
  await page.keyboard.press('Enter');
  const editItem = page.getByRole('menuitem', { name: 'Edit' });
  await editItem.waitFor();
  expect(await editItem.evaluate((el) => el === document.activeElement)).toBe(true);
  expect(await actions.getAttribute('aria-expanded')).toBe('true');
  const updated = next(other, 'chat:message_updated', 5000);
  await page.keyboard.press('Enter');
  const editor = page.getByLabel('Edit your message');
  expect(await editor.evaluate((el) => el === document.activeElement)).toBe(true);
  await editor.fill('hi Sam, edited');
  await editor.press('Enter');
  expect(await updated).toMatchObject({ body: 'hi Sam, edited', author: { id: me.id }, editedAt: expect.any(String) });
  await log.getByText('hi Sam, edited').waitFor();
  await log.getByText('(edited)').waitFor();
  await page.getByRole('status').filter({ hasText: 'Message edited.' }).waitFor();
  // another member's message has no edit for me
  await log.getByRole('button', { name: /^Actions for the message from Socket Sam/ }).waitFor({ state: 'detached', timeout: 1000 });
  await context.close();
});

it('lets a moderator mute a member from their name in the message list (their sends are refused), see and lift the mute, set slow mode, and message them', async () => {
  const mod = await makeMember(app, { role: 'moderator', displayName: 'Mod Mia' });
  const noisy = await makeMember(app, { displayName: 'Noisy Nick' });
  const ch = await makeChannel(app, { name: 'Hall' });
  const c = await cookieClient(app, mod);
  const context = await browser.newContext();
  await context.addCookies([{ name: 'wala_session', value: c.cookie!.split('=')[1], url: app.url }]);
  const modPage = await context.newPage();
  await modPage.goto(`${app.url}/chat/${ch.id}`);
  await modPage.getByRole('heading', { name: '# Hall' }).waitFor();
  const log = modPage.getByRole('log', { name: 'Messages' });

  const nick = await connect(app.url, { token: noisy.api.bearer, origin: app.config.publicUrl });
  try {
    expect((await emitRaw(nick, 'chat:join', { channelId: ch.id })).ok).toBe(true);
    expect((await emitRaw(nick, 'chat:send', { channelId: ch.id, body: 'buy my stuff', clientId: clientId() })).ok).toBe(true);
    await log.getByText('buy my stuff').waitFor();

    // the author's name opens a menu: direct message, mute
    const person = log.getByRole('button', { name: 'Options for Noisy Nick' }).first();
    await person.click();
    await modPage.getByRole('menuitem', { name: 'Send Noisy Nick a direct message' }).waitFor();
    await modPage.keyboard.press('ArrowDown');
    const muteItem = modPage.getByRole('menuitem', { name: 'Mute in this channel…' });
    expect(await muteItem.evaluate((el) => el === document.activeElement)).toBe(true);
    await modPage.keyboard.press('Enter');
    const dialog = modPage.getByRole('dialog', { name: 'Mute Noisy Nick in this channel' });
    await dialog.getByLabel('Mute for').selectOption('15');
    await dialog.getByLabel(/^Reason/).fill('spam');
    const mutedPush = next(nick, 'chat:muted', 5000);
    await dialog.getByRole('button', { name: 'Mute', exact: true }).click();
    await modPage.getByRole('status').filter({ hasText: /^Noisy Nick is muted here until/ }).waitFor();
    await dialog.waitFor({ state: 'hidden' });
    expect(await mutedPush).toMatchObject({ channelId: ch.id, until: expect.any(String) });
    const refused = await emitRaw(nick, 'chat:send', { channelId: ch.id, body: 'still here', clientId: clientId() });
    expect(refused).toMatchObject({ ok: false, error: { code: 'errors.chat.muted', status: 403 } });
    expect((await noisy.api.post(`/chat/channels/${ch.id}/messages`, { body: 'via REST', clientId: clientId() })).status).toBe(403);

    // the moderators' list of muted members: until when, why, by whom; the mute lifted early
    await modPage.getByText('Muted members').click();
    const mutes = modPage.getByRole('region', { name: 'Muted in this channel' });
    const entry = mutes.getByRole('listitem').filter({ hasText: 'Noisy Nick' });
    await entry.waitFor(); // the list has loaded
    expect(await entry.textContent()).toMatch(/until .*by Mod Mia.*Reason: spam/s);
    const unmutedPush = next(nick, 'chat:unmuted', 5000);
    await entry.getByRole('button', { name: 'Lift the mute of Noisy Nick' }).click();
    await mutes.getByRole('status').filter({ hasText: 'Noisy Nick may post here again.' }).waitFor();
    expect(await mutes.getByRole('heading', { name: 'Muted in this channel' }).evaluate((el) => el === document.activeElement)).toBe(true);
    await mutes.getByText('Nobody is muted here.').waitFor();
    expect(await unmutedPush).toEqual({ channelId: ch.id });
    expect(await emitRaw(nick, 'chat:send', { channelId: ch.id, body: 'sorry', clientId: clientId() })).toMatchObject({ ok: true });
    await log.getByText('sorry').waitFor();

    // slow mode from the header
    await modPage.getByLabel('Slow mode').selectOption('30');
    await modPage.getByRole('button', { name: 'Apply' }).click();
    await modPage.getByRole('status').filter({ hasText: 'Slow mode: one message every 30 s.' }).waitFor();
    expect((await noisy.api.get(`/chat/channels/${ch.id}`)).body).toMatchObject({ slowModeSeconds: 30, mutedUntil: null });

    // and a direct message from the name
    await person.click();
    await modPage.getByRole('menuitem', { name: 'Send Noisy Nick a direct message' }).click();
    await modPage.getByRole('heading', { name: 'Noisy Nick' }).waitFor();
    expect(modPage.url()).toMatch(/\/chat\/\d+$/);
    expect(modPage.url()).not.toMatch(new RegExp(`/chat/${ch.id}$`));
  } finally {
    nick.close();
    await context.close();
  }
});
