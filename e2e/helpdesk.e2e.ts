import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, newPage, screenshot, signIn, textOf } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const SUBJECT = `Cannot print my coursework ${Date.now() % 100000}`;

it('a pupil raises a ticket, IT replies from the queue, the pupil rates it, and the rating shows in the metrics', async () => {
  // The pupil raises it on the portal.
  const pupil = await newPage(browser, { width: 390, height: 844 });
  await signIn(pupil.page, 'pupil');
  await pupil.page.goto('/help');
  await pupil.page.getByRole('button', { name: 'Raise a request' }).click();
  await pupil.page.getByLabel('What is the problem?').fill(SUBJECT);
  await pupil.page.getByLabel('Tell us more').fill('The library printer says my account has no credit, but it is coursework.');
  await pupil.page.getByRole('combobox', { name: 'Category' }).click();
  await pupil.page.getByRole('option', { name: 'Printing', exact: true }).click();
  await screenshot(pupil.page, 'helpdesk-01-pupil-raises');
  await pupil.page.getByRole('button', { name: 'Send to IT Services' }).click();
  await pupil.page.waitForURL('**/help/tickets/**');
  await expect.poll(() => textOf(pupil.page.getByRole('heading', { level: 1 }))).toContain(SUBJECT);
  const ticketUrl = pupil.page.url();

  // IT finds it in the queue and replies, resolving it.
  const it = await newPage(browser);
  await signIn(it.page, 'it');
  await it.page.getByRole('link', { name: 'Help desk', exact: true }).click();
  await it.page.waitForURL('**/helpdesk');
  await it.page.getByRole('cell', { name: /#\d+/ }).first().waitFor();
  await screenshot(it.page, 'helpdesk-02-queue');
  await it.page.getByLabel('Search tickets').fill(SUBJECT.split(' ').slice(0, 4).join(' '));
  await it.page.getByText(SUBJECT).first().click();
  await it.page.waitForURL('**/helpdesk/tickets/**');
  await it.page
    .getByLabel('Reply', { exact: true })
    .fill('Coursework printing is free: I have added credit to your account. Try again now.');
  await it.page.getByRole('button', { name: 'Send and resolve' }).click();
  await it.page.getByRole('region', { name: 'Conversation' }).getByText('I have added credit').waitFor();
  await expect.poll(() => textOf(it.page.getByRole('heading', { name: 'Service level' }).locator('..'))).toContain('met');
  await screenshot(it.page, 'helpdesk-03-ticket-agent');

  // The pupil sees the reply and rates it.
  await pupil.page.goto(ticketUrl);
  await pupil.page.getByText('I have added credit').waitFor();
  // The stars are radio buttons: keyboard use works as a click does.
  await pupil.page.getByRole('radio', { name: '5 out of 5' }).focus();
  await pupil.page.keyboard.press('Enter');
  await pupil.page.getByLabel('Anything to add? (optional)').fill('Sorted before my deadline, thank you!');
  await pupil.page.getByLabel(/may share my comment/).check();
  await pupil.page.getByRole('button', { name: 'Send my rating' }).click();
  await pupil.page.getByText('Thank you for rating this request.').waitFor();
  await screenshot(pupil.page, 'helpdesk-04-pupil-rated');

  // The rating is in this week's metrics, and its comment among the kudos.
  await it.page.goto('/helpdesk/metrics');
  await expect
    .poll(() => textOf(it.page.getByText('Sorted before my deadline, thank you!')))
    .toContain('Sorted before my deadline');
  const satisfaction = it.page.getByRole('button', { name: /^Satisfaction/ });
  await expect.poll(() => textOf(satisfaction)).toMatch(/Satisfaction\s*\d\.\d\d \/ 5/);
  await screenshot(it.page, 'helpdesk-05-metrics');
  await satisfaction.click();
  await it.page.getByRole('dialog').getByText(SUBJECT).waitFor();
  await screenshot(it.page, 'helpdesk-06-drill-down');
  await pupil.context.close();
  await it.context.close();
});

it('the rating page works signed out, and a bad link says so', async () => {
  const { page, context } = await newPage(browser);
  await page.goto('/rate/not-a-real-token-000000000000');
  await expect.poll(() => textOf(page.getByRole('alert'))).toContain('This link does not work');
  expect(page.url()).toContain('/rate/');
  await screenshot(page, 'helpdesk-07-rate-signed-out');
  await context.close();
});
