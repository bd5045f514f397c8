import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { msFormsWorkbook, wallClock } from '../server/modules/surveys/import/write-export.ts';
import { launchBrowser, newPage, screenshot, signIn, textOf } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The demo's second pupil account is in Year 4 at the prep school (the first is in Year 10). */
async function signInYear4Pupil(page: Page): Promise<void> {
  const pupil = inject('demoAccounts').filter((a) => a.role === 'pupil')[1];
  if (!pupil) throw new Error('no Year 4 pupil in the demo');
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(pupil.email);
  await page.locator('input[autocomplete="current-password"]').fill(inject('demoPassword'));
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL('**/today');
}

it('a Year 4 pupil answers the smiley-face survey on a phone', async () => {
  const { page, context } = await newPage(browser, { width: 390, height: 844 });
  await signInYear4Pupil(page);
  const card = page.locator('[data-card="surveys.mine"]');
  await card.getByRole('link', { name: 'Answer the survey' }).click();
  await page.waitForURL('**/s/**');
  await page.getByRole('button', { name: 'Start' }).click();
  await page.getByRole('button', { name: 'Year 4', exact: true }).click();
  await screenshot(page, 'surveys-01-pupil-year');
  await page.getByRole('button', { name: 'Next' }).click();
  // Years 3-4 see three faces, each a large target with its words.
  const faces = page.getByRole('button', { name: /^(Yes, mostly|Sometimes|Not really)$/ });
  await expect.poll(() => faces.count()).toBe(3);
  for (const box of await Promise.all((await faces.all()).map((f) => f.boundingBox()))) {
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(64);
    expect(box?.width ?? 0).toBeGreaterThanOrEqual(90);
  }
  expect(await page.getByRole('button', { name: 'Yes, mostly' }).locator('svg[data-face="3"]').count()).toBe(1);
  await page.getByRole('button', { name: 'Read aloud' }).waitFor();
  await screenshot(page, 'surveys-02-pupil-smiley');
  await page.getByRole('button', { name: 'Yes, mostly' }).click();
  expect(await page.getByRole('button', { name: 'Yes, mostly' }).getAttribute('aria-pressed')).toBe('true');
  for (;;) {
    const next = page.getByRole('button', { name: 'Next' });
    if (!(await next.isVisible())) break;
    await next.click();
    const sometimes = page.getByRole('button', { name: 'Sometimes', exact: true });
    if (await sometimes.isVisible()) await sometimes.click();
  }
  await screenshot(page, 'surveys-03-pupil-last');
  await page.getByRole('button', { name: 'Send my answers' }).click();
  await page.getByRole('heading', { name: 'Thank you!' }).waitFor();
  await screenshot(page, 'surveys-04-pupil-thanks');
  await context.close();
});

it('the Director sees the five-year Wi-Fi trend with the improvement flagged, and a group of 7 suppressed', async () => {
  const { page, context } = await newPage(browser);
  await signIn(page, 'admin');
  await page.getByRole('link', { name: 'Surveys', exact: true }).click();
  await page.waitForURL('**/surveys');
  const wifi = page.locator('[data-question="WIFI_SATISFACTION"]');
  await wifi.getByRole('img', { name: /% favourable over the years for Wi-Fi/ }).waitFor();
  const years = await wifi.locator('[data-latest="staff"]').textContent();
  expect(years).toContain('improved');
  expect(await textOf(wifi.locator('[data-latest="senior"]'))).toContain('improved');
  await screenshot(page, 'surveys-05-director-results');

  await wifi.getByRole('button', { name: /^Staff:/ }).click();
  const staffRows = wifi.locator('[data-year]');
  await expect.poll(() => staffRows.count()).toBeGreaterThanOrEqual(6);
  await wifi.getByRole('button', { name: /^Prep pupils:/ }).click();
  const year8 = wifi.locator('[data-segment="Y8"]');
  await expect.poll(() => textOf(year8)).toContain('fewer than 10 responses');
  // The next-smallest group is withheld too, so Year 8 cannot be worked out by subtraction.
  await expect
    .poll(() => textOf(wifi.locator('[data-segment]', { hasText: 'withheld so that a smaller group cannot be worked out' })))
    .not.toBe('');
  await year8.scrollIntoViewIfNeeded();
  await screenshot(page, 'surveys-06-director-groups');

  await page.getByRole('tab', { name: 'SLT summary' }).click();
  await page.locator('[data-change="WIFI_SATISFACTION:staff"]').waitFor();
  expect(await textOf(page.locator('[data-change="WIFI_SATISFACTION:staff"]'))).toMatch(/improved.*n = \d+/s);
  await screenshot(page, 'surveys-07-slt-summary');

  await page.getByRole('tab', { name: 'Question bank' }).click();
  await page.getByText('wording changed').first().waitFor();
  await screenshot(page, 'surveys-08-question-bank');
  await page.getByRole('tab', { name: 'Surveys', exact: true }).click();
  await page
    .getByRole('cell', { name: /Prep pupils: IT survey/ })
    .first()
    .waitFor();
  await screenshot(page, 'surveys-09-surveys');
  await page.getByRole('button', { name: 'Open' }).first().click();
  const drawer = page.getByRole('dialog', { name: 'Survey' });
  await drawer.getByRole('button', { name: /Draft the emails/ }).click();
  await drawer.getByText('Key-staff briefing').waitFor();
  await drawer.getByText('Results to SLT').waitFor();
  await screenshot(page, 'surveys-12-builder');
  await context.close();
});

it('the Director imports an earlier year from a Microsoft Forms workbook through the wizard', async () => {
  const labels = ['Very dissatisfied', 'Dissatisfied', 'Neither satisfied nor dissatisfied', 'Satisfied', 'Very satisfied'];
  const wifi = 'How satisfied are you with the Wi-Fi in school?';
  const rows = Array.from({ length: 30 }, (_, i) => [
    i + 1,
    wallClock(2019, 11, 12, 9, i),
    wallClock(2019, 11, 12, 9, i, 40),
    'anonymous',
    '',
    labels[i % 5] as string,
    i % 3 ? 'Senior school' : 'Prep school',
    i === 4 ? 'More sockets in the library please' : '',
  ]);
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'belfry-e2e-')), 'staff-2019.xlsx');
  writeFileSync(
    file,
    await msFormsWorkbook(
      [
        'ID',
        'Start time',
        'Completion time',
        'Email',
        'Name',
        wifi,
        'Which school do you mostly work in?',
        'Any other comments?',
      ],
      rows,
    ),
  );
  const { page, context } = await newPage(browser);
  await signIn(page, 'admin');
  await page.goto('/surveys/import');
  // A new survey: the audience is staff already; the year is typed.
  await page.getByRole('textbox', { name: 'Year' }).fill('2019');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByText('2. The export file (staff-2019)').waitFor();
  await page.locator('input[type="file"]').first().setInputFiles(file);
  await page.getByText('3. Map every column (Microsoft Forms, 30 responses)').waitFor();
  expect(await textOf(page.getByText(/Found and handled:/))).toContain('Email (not stored)');
  await screenshot(page, 'surveys-10-import-mapping');
  await page.getByRole('button', { name: 'Save the mapping, then check and import' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import staff-2019' });
  await dialog.locator('input[type="file"]').setInputFiles(file);
  await dialog.getByRole('button', { name: 'Check' }).click();
  await dialog.getByText('Checked: nothing saved yet').waitFor();
  expect(await textOf(dialog.getByText(/\d+ new/))).toBe('30 new');
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await dialog.getByText('Imported', { exact: true }).waitFor();
  await screenshot(page, 'surveys-11-imported');
  await context.close();
});

it('senior leadership read the results but cannot build', async () => {
  const { page, context } = await newPage(browser);
  await signIn(page, 'slt');
  await page.goto('/surveys/summary');
  await page.locator('[data-change="WIFI_SATISFACTION:staff"]').waitFor();
  expect(await page.getByRole('tab', { name: 'Surveys', exact: true }).count()).toBe(0);
  const res = await page.request.get('/api/surveys/instruments/staff-2025');
  expect(res.status()).toBe(403);
  await context.close();
});
