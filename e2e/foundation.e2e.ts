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

it('the Director signs in, sees Today with the term week, adds an app link and signs out', async () => {
  const { page, context } = await newPage(browser);
  await page.goto('/');
  await page.waitForURL('**/sign-in**');
  await screenshot(page, 'foundation-01-sign-in');
  const director = await signIn(page, 'admin');
  await expect
    .poll(() => textOf(page.getByRole('heading', { level: 1 })))
    .toMatch(new RegExp(`, ${director.name.split(' ')[0]}$`));
  const week = page.locator('[data-card="calendar.today"]');
  await expect.poll(() => textOf(week)).toMatch(/term, week \d+ of \d+|School holidays/);
  await expect.poll(() => textOf(page.locator('[data-card="audit.recent"]'))).toContain('Signed in with a password');
  await screenshot(page, 'foundation-02-today');

  await page.getByRole('link', { name: 'Add or change apps' }).click();
  await page.waitForURL('**/settings/apps');
  await page.getByRole('button', { name: 'Add app' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add an app link' });
  await dialog.getByLabel('Name').fill('Smoothwall');
  await dialog.getByLabel('Address').fill('https://smoothwall.oakfield.example/');
  await screenshot(page, 'foundation-03-add-app');
  await dialog.getByRole('button', { name: 'Add app' }).click();
  await page.getByRole('cell', { name: 'Smoothwall', exact: true }).waitFor();

  await page.getByRole('link', { name: 'Today', exact: true }).click();
  await page
    .locator('[data-card="settings.apps"]')
    .getByRole('link', { name: /Smoothwall/ })
    .waitFor();

  await page.getByRole('button', { name: /Account menu/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.waitForURL('**/sign-in');
  await page.goto('/today');
  await page.waitForURL('**/sign-in**');
  await context.close();
});

it('a pupil cannot open Settings, and the layout works on a phone', async () => {
  const { page, context } = await newPage(browser, { width: 390, height: 844 });
  await signIn(page, 'pupil');
  await page
    .locator('[data-card="calendar.today"]')
    .getByText(/week \d+ of \d+|holidays/)
    .first()
    .waitFor();
  await screenshot(page, 'foundation-04-pupil-today-phone');
  await page.getByRole('button', { name: 'Open navigation' }).click();
  await page.getByRole('link', { name: 'Calendar' }).waitFor();
  expect(await page.getByRole('link', { name: 'Settings' }).count()).toBe(0);
  await page.goto('/settings');
  await expect.poll(() => textOf(page.getByRole('alert'))).toContain('You do not have access to this page');
  const res = await page.request.get('/api/settings');
  expect(res.status()).toBe(403);
  await screenshot(page, 'foundation-05-pupil-settings');
  await context.close();
});

it('the Director finds a pupil in People and reads the year in Calendar', async () => {
  const { page, context } = await newPage(browser);
  await signIn(page, 'admin');
  await page.getByRole('link', { name: 'People', exact: true }).click();
  await expect.poll(() => textOf(page.getByText(/pupils · \d+ staff/).first())).toMatch(/^\d[\d,]* pupils · \d+ staff$/);
  const summary = await page.getByText(/pupils · \d+ staff/).allTextContents();
  const pupils = summary.reduce((n, t) => n + Number(t.split(' ')[0]?.replace(/,/g, '')), 0);
  expect(pupils).toBe(1700);
  await page.getByLabel('Search').fill('Mensah');
  await expect.poll(() => textOf(page.getByText(/^\d+ (people|person)$/))).toMatch(/^\d+ (people|person)$/);
  await page
    .getByRole('cell', { name: /Mensah/ })
    .first()
    .waitFor();
  await screenshot(page, 'foundation-06-people');
  await page.getByRole('tab', { name: 'Buildings and rooms' }).click();
  await page.getByRole('button', { name: /Science Centre/ }).waitFor();
  await screenshot(page, 'foundation-07-places');

  await page.getByRole('link', { name: 'Calendar', exact: true }).click();
  await page.getByRole('region', { name: /^September \d{4}$/ }).waitFor();
  await screenshot(page, 'foundation-08-calendar-year');
  await page.getByText('List', { exact: true }).click();
  await page
    .getByRole('cell', { name: /Autumn half-term/ })
    .first()
    .waitFor();
  await screenshot(page, 'foundation-09-calendar-list');
  await context.close();
});
