import type { TestApp } from './support/app';
import { brandSpec } from './support/browser';
import { challengeBody, eventBody } from './support/engagement';
import { makeMember, type Member } from './support/factories';
import { insertCampaign } from './support/rewards';

/** The Edit forms of the brand console and of the charity settlement console, in Chromium; results checked through the API. */
let app: TestApp;
let manager: Member;
let brand: { id: number };
const { pageErrors, pageFor } = brandSpec((s) => ({ app, manager, brand } = s));

it('edits a challenge and an event capacity from the console', async () => {
  const c = await manager.api.post('/challenges', challengeBody(brand.id, { title: 'Edit me' }));
  const e = await manager.api.post('/events', eventBody(brand.id, { title: 'Seats night', capacity: 5 }));
  const page = await pageFor(manager);
  await page.goto(`${app.url}/brand-console`);
  const row = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Edit me' }) });
  await row.getByRole('button', { name: 'Edit' }).click();
  await page.locator(`#challenges-${c.body.id}-title`).fill('Edited title');
  await page.locator(`#challenges-${c.body.id}-end`).fill('2099-01-01T10:00');
  await row.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('link', { name: 'Edited title' }).waitFor();
  expect((await manager.api.get(`/challenges/${c.body.id}`)).body).toMatchObject({ title: 'Edited title' });
  expect((await manager.api.get(`/challenges/${c.body.id}`)).body.endsAt.slice(0, 4)).toBe('2099');
  const erow = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Seats night' }) });
  await erow.getByRole('button', { name: 'Edit' }).click();
  expect(await page.locator(`#events-${e.body.id}-cap`).inputValue()).toBe('5');
  await page.locator(`#events-${e.body.id}-cap`).fill('9');
  await erow.getByRole('button', { name: 'Save changes' }).click();
  await page.locator(`#events-${e.body.id}-cap`).waitFor({ state: 'detached' }); // the form closes once saved
  expect((await manager.api.get(`/events/${e.body.id}`)).body.capacity).toBe(9);
  // an earlier end: the server's field error
  await erow.getByRole('button', { name: 'Edit' }).click();
  await page.locator(`#events-${e.body.id}-end`).fill('2020-01-01T10:00');
  await erow.getByRole('button', { name: 'Save changes' }).click();
  await page.locator(`#events-${e.body.id}-end-error`).waitFor();
  expect(pageErrors).toEqual([]);
});

it('edits a quiz\'s questions from the console until a member answers, then shows the refusal', async () => {
  const question = { prompt: 'Which bean?', promptAr: 'أي حبة؟', options: ['Arabica', 'Robusta', 'Liberica'], optionsAr: ['أرابيكا', 'روبوستا', 'ليبيريكا'], correct: 0 };
  const c = await manager.api.post('/challenges', challengeBody(brand.id, { title: 'Bean quiz', kind: 'quiz', steps: undefined, quiz: [question] }));
  expect(c.status).toBe(201);
  const id = c.body.id as number;
  const page = await pageFor(manager);
  await page.goto(`${app.url}/brand-console`);
  const row = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Bean quiz' }) });
  const open = row.getByRole('button', { name: 'Edit questions of Bean quiz' });
  await open.click();
  const prompt = page.locator(`#quiz-${id}-q0-prompt`);
  await prompt.waitFor(); // the quiz with its answers has loaded
  expect(await prompt.inputValue()).toBe('Which bean?');
  expect(await page.locator(`#quiz-${id}-q0-o1-ar`).inputValue()).toBe('روبوستا');
  expect(await row.getByLabel('Choice 1 is the correct answer').isChecked()).toBe(true);
  await prompt.fill('Which roast?');
  await page.locator(`#quiz-${id}-q0-o2`).fill('Dark');
  await row.getByLabel('Choice 3 is the correct answer').check();
  await row.getByRole('button', { name: 'Save the questions' }).click();
  await page.getByRole('status').filter({ hasText: 'Questions saved.' }).waitFor();
  await prompt.waitFor({ state: 'detached' }); // the form closes once saved
  expect(await open.evaluate((el) => el === document.activeElement)).toBe(true);
  expect((await manager.api.get(`/challenges/${id}/quiz`)).body.questions).toEqual([
    { ...question, prompt: 'Which roast?', options: ['Arabica', 'Robusta', 'Dark'], correct: 2 },
  ]);

  // the form is open when a member answers: saving is refused, and the console says why
  await open.click();
  await prompt.waitFor();
  const m = await makeMember(app);
  expect((await m.api.post(`/challenges/${id}/quiz`, { answers: [2] })).body).toMatchObject({ passed: true });
  await prompt.fill('Which origin?');
  await row.getByRole('button', { name: 'Save the questions' }).click();
  await row.getByRole('alert').filter({ hasText: 'Members have already answered this quiz' }).waitFor();
  expect((await manager.api.get(`/challenges/${id}/quiz`)).body.questions[0].prompt).toBe('Which roast?');
  // opened again, it says the questions are locked and offers no form
  await open.click();
  await open.click();
  await row.getByRole('status').filter({ hasText: 'Members have already answered this quiz, so its questions can no longer change.' }).waitFor();
  expect(await prompt.count()).toBe(0);
  expect(pageErrors).toEqual([]);
});

it('edits a campaign from the settlement console', async () => {
  const id = await insertCampaign(app, brand.id);
  const page = await pageFor(manager);
  await page.goto(`${app.url}/console/settlement`);
  await page.getByRole('heading', { name: 'Edit a campaign' }).waitFor();
  await page.locator('section', { has: page.getByRole('heading', { name: 'Edit a campaign' }) }).locator('select').selectOption(String(id));
  expect(await page.locator('#ec-title').inputValue()).toBe('Campaign');
  await page.locator('#ec-title').fill('Water wells');
  await page.locator('#ec-goal').fill('250000');
  await page.getByRole('button', { name: 'Save the campaign' }).click();
  await page.getByText('Campaign saved.').first().waitFor();
  expect((await manager.api.get(`/campaigns/${id}`)).body).toMatchObject({ title: 'Water wells', goalMinor: 250000 });
  expect(pageErrors).toEqual([]);
});
