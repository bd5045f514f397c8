import { simpleParser } from 'mailparser';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launchBrowser, newPage, screenshot, signIn, textOf } from './browser.ts';
import { receivedMail } from './mail-sink.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Pages load slowly while other work shares the machine; drafting runs the Wi-Fi verdict. */
const T = { timeout: 30_000 };
const THOUGHT = 'Thank you all for the marathon of Year 9 laptop imaging this week.';

it('the weekly briefing: a note from a ticket, the draft, a thought, a regenerated section, publish, the email, search, and a linked ticket', async () => {
  // IT notes something for the briefing from a ticket.
  const it1 = await newPage(browser);
  await signIn(it1.page, 'it');
  await it1.page.goto('/helpdesk');
  await it1.page.locator('a[href^="/helpdesk/tickets/"]').first().click();
  await it1.page.waitForURL(/\/helpdesk\/tickets\/[0-9a-f-]{36}$/);
  const ticketUrl = new URL(it1.page.url()).pathname;
  // The ticket's own button (the header's quick note links whatever page has loaded).
  await it1.page.getByRole('main').getByRole('button', { name: 'Note for the briefing', exact: true }).click();
  const dialog = it1.page.getByRole('dialog', { name: 'Note for the briefing' });
  await dialog.getByLabel('Note').fill('Replaced the dock in the staff workroom');
  await dialog.getByRole('button', { name: 'Add the note' }).click();
  await expect.poll(() => textOf(it1.page.getByText('Added to this week’s draft briefing')), T).toContain('Added');
  // The draft is the Director's: IT cannot open it.
  const list = await (await it1.page.request.get('/api/briefings')).json();
  expect(list.thisWeek.briefing).toBeNull();
  await it1.context.close();

  // The Director opens this week's draft from Today.
  const { page, context } = await newPage(browser);
  await signIn(page, 'admin');
  const card = page.locator('[data-card="briefings.week"]');
  await card.getByRole('link', { name: 'This week’s draft is ready' }).click();
  await page.waitForURL(/\/briefings\/[0-9a-f-]{36}$/);
  const briefingUrl = new URL(page.url()).pathname;
  const thoughts = page.locator('[data-section="thoughts"]');
  await expect.poll(() => textOf(thoughts), T).toContain('Replaced the dock in the staff workroom');
  await screenshot(page, 'briefings-01-draft');

  // A thought of the Director's own, written with the live preview.
  await thoughts.getByRole('button', { name: 'Edit Thoughts' }).click();
  const editor = thoughts.getByLabel('Thoughts (Markdown)');
  await editor.fill(`${THOUGHT}\n\n${await editor.inputValue()}`);
  await expect.poll(() => textOf(thoughts.getByLabel('Preview of Thoughts')), T).toContain('marathon of Year 9');
  await screenshot(page, 'briefings-02-editing');
  await thoughts.getByRole('button', { name: 'Save Thoughts' }).click();
  await expect.poll(() => textOf(thoughts), T).toContain('Your words: kept when the week is drafted again');

  // Regenerate the numbers: the thought survives.
  const numbers = page.locator('[data-section="numbers"]');
  await numbers.getByRole('button', { name: 'Regenerate The week in numbers' }).click();
  await expect.poll(() => textOf(page.getByText('The week in numbers: drafted again')), T).toContain('drafted again');
  expect(await textOf(thoughts)).toContain(THOUGHT);
  expect(await textOf(thoughts)).toContain('Replaced the dock in the staff workroom');

  // Publish and email it to the team.
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  const publish = page.getByRole('dialog', { name: 'Publish the briefing' });
  await expect.poll(() => textOf(publish), T).toContain('s.harding@oakfield.example');
  await screenshot(page, 'briefings-03-publish');
  const before = receivedMail(inject('mailDir')).length;
  await publish.getByRole('button', { name: 'Publish and email' }).click();
  await expect.poll(() => textOf(page.getByText(/Published and emailed to/)), T).toMatch(/Published and emailed to \d+ people/);
  await expect.poll(() => receivedMail(inject('mailDir')).length, T).toBeGreaterThan(before);
  const mail = await simpleParser(receivedMail(inject('mailDir')).at(-1) as string);
  expect(mail.subject).toMatch(/^IT Services briefing, w\/c /);
  expect(mail.html).toContain('marathon of Year 9');
  expect(mail.html).toContain(`href="${inject('baseUrl')}/helpdesk/`);
  expect(mail.text).toContain('marathon of Year 9');
  expect(mail.text).not.toContain('<h2>');
  const to = (Array.isArray(mail.to) ? mail.to : [mail.to]).flatMap((a) => a?.value.map((v) => v.address) ?? []);
  expect(to).toContain('p.raman@oakfield.example');
  expect(to).not.toContain('j.ashworth@oakfield.example');
  await expect.poll(() => textOf(page.locator('main')), T).toContain('Published');
  await screenshot(page, 'briefings-04-published');

  // Found by a word from it, in the archive's search.
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Briefings' }).click();
  await page.getByLabel('Search the briefings').fill('marathon');
  const result = page.getByRole('listitem').filter({ hasText: 'marathon' }).first();
  await expect.poll(() => textOf(result.locator('mark')), T).toBe('marathon');
  await screenshot(page, 'briefings-05-search');
  await result.getByRole('link').click();
  await page.waitForURL((u) => u.pathname === briefingUrl);

  // A figure opens its tickets on the metrics page; a notable ticket opens the ticket.
  const body = page.getByLabel(/^IT Services briefing/);
  await expect.poll(() => textOf(body), T).toContain(THOUGHT);
  // The note links back to the ticket it was made from (the same ticket may also be among the
  // week's notable ones, depending on what the other flows did first: look in the note's line).
  const noteLine = body.locator('p, li').filter({ hasText: 'Replaced the dock in the staff workroom' }).last();
  expect(await noteLine.locator(`a[href="${ticketUrl}"]`).count()).toBe(1);
  const raised = body.getByRole('link', { name: /raised$/ });
  if ((await raised.count()) > 0) {
    await raised.first().click();
    await page.waitForURL(/\/helpdesk\/metrics\?from=.*drill=created/);
    await expect.poll(() => textOf(page.getByRole('dialog')), T).toContain('Raised');
    await screenshot(page, 'briefings-06-figure-drill');
    await page.goBack();
  }
  const ticket = page
    .getByLabel(/^IT Services briefing/)
    .locator('a[href^="/helpdesk/tickets/"]')
    .first();
  await ticket.click();
  await page.waitForURL(/\/helpdesk\/tickets\/[0-9a-f-]{36}$/);
  await expect.poll(() => textOf(page.getByRole('heading', { level: 1 })), T).toMatch(/^#\d+ /);
  await context.close();

  // SLT cannot read it until the Director shares it; staff cannot reach briefings at all.
  const slt = await newPage(browser, { width: 390, height: 844 });
  await signIn(slt.page, 'slt');
  expect((await slt.page.request.get(`/api${briefingUrl}`)).status()).toBe(404);
  await slt.page.goto('/briefings');
  await expect.poll(() => textOf(slt.page.locator('main')), T).toContain('shared with you');
  await screenshot(slt.page, 'briefings-07-slt-phone');
  await slt.context.close();
  const staff = await newPage(browser);
  await signIn(staff.page, 'staff');
  expect((await staff.page.request.get('/api/briefings')).status()).toBe(403);
  await staff.page.goto('/briefings');
  await expect.poll(() => textOf(staff.page.getByRole('alert')), T).toContain('You do not have access');
  await staff.context.close();
});
