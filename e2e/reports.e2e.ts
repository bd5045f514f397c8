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

/** Pages load slowly while other work shares the machine. */
const T = { timeout: 30_000 };

it('the Director edits this term’s draft, publishes it, exports both files and opens a figure’s records', async () => {
  const { page, context } = await newPage(browser);
  await signIn(page, 'admin');
  await page.getByRole('link', { name: 'Termly reports', exact: true }).click();
  const row = page.locator('[data-term="Summer 2026"], [data-term]').first();
  await row.waitFor(T);
  expect(await textOf(page.locator('table'))).toContain('Published');
  await screenshot(page, 'reports-01-list');
  const draftRow = page.locator('[data-term]').filter({ hasText: 'Draft' }).first();
  await draftRow.getByRole('link', { name: 'Open the draft' }).click();
  await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop() as string;
  const headline = page.locator('[data-section="headline"]');
  await headline.waitFor(T);
  await screenshot(page, 'reports-02-draft');

  // Edit a paragraph: the Director's words replace Belfry's draft, and say so.
  await headline.getByRole('button', { name: 'Edit headline' }).click();
  await headline
    .getByLabel('Headline: your words')
    .fill(
      'A steady term: the help desk kept pace with a busy start.\nThe filtering and monitoring review is overdue and booked.',
    );
  await headline.getByRole('button', { name: 'Save headline' }).click();
  // The textarea holds the words too: wait for the saved section, not the form.
  await expect.poll(() => textOf(headline), T).toContain('Edited by you');
  expect(await headline.getByLabel('Headline: your words').count()).toBe(0);
  expect(await textOf(headline)).toContain('The filtering and monitoring review is overdue and booked.');
  await page.reload();
  await expect.poll(() => textOf(page.locator('[data-section="headline"]')), T).toContain('A steady term');

  // A figure opens the records behind it.
  await page.getByRole('tab', { name: 'KPI pack' }).click();
  await page.locator('[data-figure="helpdesk.created"]').click();
  const records = page.locator('[data-records="helpdesk.created"]');
  await records.waitFor(T);
  await expect.poll(async () => records.locator('[data-record]').count(), T).toBeGreaterThan(10);
  expect(await records.locator('a').first().getAttribute('href')).toMatch(/^\/helpdesk\/tickets\/[0-9a-f-]{36}$/);
  await screenshot(page, 'reports-03-records');
  await page.getByRole('button', { name: 'Close' }).click();

  // Publish: the snapshot everyone reads from now on.
  await page.getByRole('tab', { name: 'Report' }).click();
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await page.getByRole('button', { name: 'Publish the report' }).click();
  await expect.poll(() => textOf(page.locator('h1').locator('..')), T).toContain('Published');
  expect(await page.getByRole('button', { name: 'Edit headline' }).count()).toBe(0);
  await screenshot(page, 'reports-04-published');

  // Both files, drawn on the server.
  const docx = await page.request.get(`/api/reports/${id}/file/docx`);
  expect(docx.status()).toBe(200);
  expect((await docx.body()).subarray(0, 2).toString()).toBe('PK');
  const pdf = await page.request.get(`/api/reports/${id}/file/pdf`);
  expect([pdf.status(), pdf.headers()['content-type']]).toEqual([200, 'application/pdf']);
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  await context.close();
});

it('the Director marks a standards requirement met with evidence and the roll-up changes', async () => {
  const { page, context } = await newPage(browser);
  await signIn(page, 'admin');
  await page.getByRole('link', { name: 'Standards', exact: true }).click();
  const core = page.locator('[data-rollup="core"]');
  await expect.poll(() => textOf(core), T).toContain('2 of 6 met');
  await page.locator('[data-standard="dfe.switching"]').getByRole('button').first().click();
  await page.locator('[data-requirement-row="dfe.switching.ups"]').click();
  const drawer = page.locator('[data-requirement="dfe.switching.ups"]');
  await drawer.waitFor(T);
  await drawer.getByLabel('Evidence', { exact: true }).fill('UPS installed in the Science Centre comms room');
  await drawer.getByLabel('Link', { exact: true }).fill('https://sharepoint.oakfield.example/it/ups-install');
  await drawer.getByRole('button', { name: 'Add evidence' }).click();
  await expect
    .poll(() => textOf(page.locator('[data-evidence="dfe.switching.ups"]')), T)
    .toContain('UPS installed in the Science Centre');
  await drawer.getByLabel('Status', { exact: true }).click();
  await page.getByRole('option', { name: 'Met', exact: true }).click();
  await expect.poll(() => textOf(drawer), T).toContain('Not met → met');
  await screenshot(page, 'standards-01-requirement');
  await page.getByRole('button', { name: 'Close' }).click();
  await expect.poll(() => textOf(core), T).toContain('3 of 6 met');
  await screenshot(page, 'standards-02-rollup');
  await context.close();
});

it('senior leaders read the published reports and the tracker; staff and pupils cannot reach them', async () => {
  const { page, context } = await newPage(browser);
  await signIn(page, 'slt');
  await page.getByRole('link', { name: 'Termly reports', exact: true }).click();
  await expect.poll(() => textOf(page.locator('table')), T).toContain('Autumn 2026');
  expect(await page.getByRole('button', { name: 'Draft the report' }).count()).toBe(0);
  await page.locator('[data-term="Autumn 2026"]').getByRole('link', { name: 'Read' }).click();
  await expect.poll(() => textOf(page.locator('[data-section="headline"]')), T).toContain('A steady term');
  expect(await page.getByRole('button', { name: 'Publish', exact: true }).count()).toBe(0);
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'reports-05-slt-phone');
  await page.goto('/standards');
  await expect.poll(() => textOf(page.locator('[data-rollup="core"]')), T).toContain('3 of 6 met');
  await page.goto('/standards?requirement=dfe.switching.ups');
  await page.locator('[data-requirement="dfe.switching.ups"]').waitFor(T);
  expect(await page.getByRole('button', { name: 'Reviewed today' }).count()).toBe(0);
  await context.close();
  for (const role of ['staff', 'pupil']) {
    const s = await newPage(browser);
    await signIn(s.page, role);
    expect(await s.page.getByRole('link', { name: 'Termly reports' }).count()).toBe(0);
    await s.page.goto('/reports');
    await expect.poll(() => textOf(s.page.getByRole('alert')), T).toContain('You do not have access to this page');
    await s.page.goto('/standards');
    await expect.poll(() => textOf(s.page.getByRole('alert')), T).toContain('You do not have access to this page');
    await s.context.close();
  }
});
