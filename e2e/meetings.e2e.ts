import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, newPage, screenshot, signIn, textOf } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Pages load slowly while other work shares the machine: wait up to 15 s. */
const T = { timeout: 15_000 };

const londonDate = (days: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(Date.now() + days * 86_400_000));

async function recordAction(page: Page, text: string, owner: string, dueOn: string) {
  const actions = page.getByRole('region', { name: 'Actions' });
  await actions.getByLabel('New action').fill(text);
  await actions.getByLabel('Owner', { exact: true }).click();
  await page.getByRole('option', { name: owner, exact: true }).click();
  await actions.getByLabel('Due', { exact: true }).fill(dueOn);
  await actions.getByRole('button', { name: 'Record action' }).click();
  await page.locator(`[data-action="${text}"]`).waitFor();
}

it('the Director runs the Director of Finance 1:1: agenda, decision, actions to to-dos, and the next agenda', async () => {
  const { page, context } = await newPage(browser);
  await signIn(page, 'admin');

  // The next Director of Finance meeting, its agenda already built from what changed.
  await page.getByRole('link', { name: 'Meetings', exact: true }).click();
  const series = page.getByRole('region', { name: 'Director of Finance 1:1' });
  await series.getByRole('link', { name: /^Next meeting:/ }).click();
  await page.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
  const meetingUrl = page.url();
  const actionsSection = page.locator('[data-section="actions"]');
  await expect.poll(() => textOf(actionsSection), T).toContain('Get a quote for the extra PoE licences');
  await expect
    .poll(() => textOf(page.locator('[data-section="projects"]')), T)
    .toContain('Firewall replacement: RAG amber → red');
  expect(await textOf(page.locator('[data-section="risks"]'))).toMatch(/R\d\d /);
  // Open actions come first.
  expect(await page.locator('[data-section]').first().getAttribute('data-section')).toBe('actions');
  await screenshot(page, 'meetings-01-agenda');

  // A decision and two actions, each onto the to-do list in one click.
  const decisions = page.getByRole('region', { name: 'Decisions' });
  await decisions.getByLabel('Decision').fill('Fund the PoE licences from the contingency line');
  await decisions.getByRole('button', { name: 'Record decision' }).click();
  await expect.poll(() => textOf(decisions), T).toContain('Fund the PoE licences from the contingency line');
  await recordAction(page, 'Send Helen the revised firewall timeline', 'Sam Harding', londonDate(2));
  await recordAction(page, 'Move £3,500 to the switch project', 'Sam Harding', londonDate(4));
  for (const text of ['Send Helen the revised firewall timeline', 'Move £3,500 to the switch project']) {
    const row = page.locator(`[data-action="${text}"]`);
    await row.getByRole('button', { name: 'Add to Sam Harding’s to-do list' }).click();
    await expect.poll(() => textOf(row), T).toContain('On Sam Harding’s to-do list');
  }
  await screenshot(page, 'meetings-02-minutes');

  // The exported minutes are a Word document.
  const id = meetingUrl.split('/').pop();
  const docx = await page.request.get(`/api/meetings/${id}/docx/minutes`);
  expect(docx.status()).toBe(200);
  expect(docx.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  expect((await docx.body()).subarray(0, 2).toString()).toBe('PK');

  // On the to-do list, with where they came from, and on Today.
  await page.getByRole('link', { name: 'To-do', exact: true }).click();
  const todo = page.locator('[data-task="Send Helen the revised firewall timeline"]');
  await todo.waitFor();
  expect(await textOf(todo)).toContain('Director of Finance 1:1');
  await page.locator('[data-task="Move £3,500 to the switch project"]').waitFor();
  await screenshot(page, 'meetings-03-todo');
  await page.getByRole('link', { name: 'Today', exact: true }).click();
  const card = page.locator('[data-card="tasks.mine"]');
  await expect.poll(() => textOf(card), T).toContain('Send Helen the revised firewall timeline');
  expect(await textOf(card)).toContain('Move £3,500 to the switch project');
  await screenshot(page, 'meetings-04-today');

  // Quick add from anywhere: q opens the dialog.
  await page.keyboard.press('q');
  const quick = page.getByRole('dialog', { name: 'Quick add a to-do' });
  await quick.getByLabel('What').fill('Ring the firewall supplier back');
  await quick.getByText('Today', { exact: true }).click();
  await quick.getByRole('button', { name: 'Add to-do' }).click();
  await expect.poll(() => textOf(card), T).toContain('Ring the firewall supplier back');

  // Done from Today.
  await card.getByRole('checkbox', { name: 'Mark “Send Helen the revised firewall timeline” done' }).check();
  await expect.poll(() => textOf(card), T).not.toContain('Send Helen the revised firewall timeline');

  // Back to the meeting: it is held; the next one opens with the action still open.
  await page.goto(meetingUrl);
  const done = page.locator('[data-action="Send Helen the revised firewall timeline"]');
  await expect.poll(() => done.getByLabel(/^Status of/).inputValue(), T).toBe('Done');
  await page.getByRole('button', { name: 'Mark as held' }).click();
  await page.getByRole('button', { name: 'Next meeting' }).click();
  await page.waitForURL((url) => url.toString() !== meetingUrl && /\/meetings\/[0-9a-f-]{36}$/.test(url.pathname));
  const nextActions = page.locator('[data-section="actions"]');
  await expect.poll(() => textOf(nextActions), T).toContain('Move £3,500 to the switch project');
  expect(await textOf(nextActions)).not.toContain('Send Helen the revised firewall timeline');
  expect(await page.locator('[data-section]').first().getAttribute('data-section')).toBe('actions');
  await screenshot(page, 'meetings-05-next-agenda');

  // The printable minutes of the meeting just held.
  await page.goto(`/meetings/${id}/print/minutes`);
  await expect.poll(() => textOf(page.getByRole('heading', { level: 1 })), T).toBe('Director of Finance 1:1: minutes');
  expect(await textOf(page.getByRole('table'))).toContain('Move £3,500 to the switch project');
  await screenshot(page, 'meetings-06-print-minutes');
  await context.close();
});

it('everyone reads the strategy in plain words; SLT reads projects and risks', async () => {
  const { page, context } = await newPage(browser, { width: 390, height: 844 });
  await signIn(page, 'staff');
  await page.goto('/strategy');
  await expect
    .poll(() => textOf(page.locator('main').getByRole('heading', { level: 2 })), T)
    .toBe('Reliable connections everywhere');
  const body = (await page.locator('main').textContent()) ?? '';
  expect(body).toContain('Wi-Fi refresh');
  expect(body).toContain('Done');
  expect(body).not.toMatch(/£|capital|RAG/);
  await screenshot(page, 'meetings-07-strategy-staff-phone');
  expect((await page.request.get('/api/projects')).status()).toBe(403);
  await context.close();

  const slt = await newPage(browser);
  await signIn(slt.page, 'slt');
  await slt.page.getByRole('link', { name: 'Projects and risks' }).click();
  await expect.poll(() => textOf(slt.page.getByRole('link', { name: 'Firewall replacement' })), T).toBe('Firewall replacement');
  await screenshot(slt.page, 'meetings-08-projects');
  await slt.page.getByRole('tab', { name: 'Risk register' }).click();
  await expect.poll(() => textOf(slt.page.getByRole('table', { name: 'Risk matrix' })), T).toMatch(/R0\d/);
  await screenshot(slt.page, 'meetings-09-risks');
  await slt.page.getByRole('link', { name: 'Projects and risks' }).click();
  await slt.page.getByRole('tab', { name: 'Projects' }).click();
  await slt.page.getByRole('link', { name: 'Firewall replacement' }).click();
  await expect.poll(() => textOf(slt.page.getByText('Why red:')), T).toContain('Why red');
  await screenshot(slt.page, 'meetings-10-project');
  await slt.context.close();
});
