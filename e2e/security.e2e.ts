import { writeFileSync } from 'node:fs';
import path from 'node:path';
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

function sprayCsv(): string {
  // Inside one 20-minute window, whatever the time of day the test runs.
  const at = Math.floor((Date.now() - 2 * 3_600_000) / 1_200_000) * 1_200_000 + 30_000;
  const head =
    'Date (UTC),Request ID,User,Username,IP address,Location,Status,Sign-in error code,Failure reason,Client app,Application ID ,Autonomous system  number';
  const rows = Array.from({ length: 14 }, (_, i) =>
    [
      new Date(at + i * 60_000).toISOString(),
      `e2e-${i}`,
      `Member ${i}`,
      `e2e.staff${i}@oakfield.example`,
      '203.0.113.200',
      '"Amsterdam, North Holland, NL"',
      'Failure',
      50126,
      'Invalid username or password',
      'Browser',
      'x',
      60781,
    ].join(','),
  );
  return `${head}\r\n${rows.join('\r\n')}\r\n`;
}

it('the Director imports a sign-in CSV, triages the alerts and escalates one to an incident with its ICO deadline', async () => {
  const { page, context } = await newPage(browser);
  await signIn(page, 'admin');
  const card = page.locator('[data-card="security.alerts"]');
  await expect.poll(() => textOf(card)).toMatch(/Since yesterday: \d+ new alerts?, \d+ high/);
  await screenshot(page, 'security-01-today');
  await card.getByRole('link', { name: 'Open the alert queue' }).click();
  await page.waitForURL('**/security');
  // The queue's first alert (the incident flow, run before this one, escalates the password spray).
  await page.locator('main tbody tr').first().waitFor();
  await screenshot(page, 'security-02-queue');

  const file = path.resolve('.tmp/e2e-InteractiveSignIns.csv');
  writeFileSync(file, sprayCsv());
  await page.getByRole('button', { name: 'Entra sign-ins (CSV)' }).click();
  const dialog = page.getByRole('dialog', { name: /Import Entra sign-ins/ });
  await dialog.locator('input[type="file"]').setInputFiles(file);
  await dialog.getByText(/14 rows/).waitFor();
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await dialog.getByText('Imported', { exact: true }).waitFor({ timeout: 60_000 });
  await expect.poll(() => textOf(dialog)).toMatch(/14 new/);
  await screenshot(page, 'security-03-imported');
  await dialog.getByRole('button', { name: 'Close' }).last().click();

  await page.getByText('Password spray from 203.0.113.200').first().click();
  const drawer = page.getByRole('dialog', { name: 'Alert' });
  await drawer.getByText('14 accounts failed to sign in from 203.0.113.200').waitFor();
  await drawer.getByRole('button', { name: 'Acknowledge' }).click();
  await expect.poll(() => textOf(drawer.getByTestId('alert-status'))).toBe('Acknowledged');
  await screenshot(page, 'security-04-acknowledged');
  await drawer.getByRole('button', { name: 'Close' }).click();
  await drawer.waitFor({ state: 'hidden' });

  await page
    .getByText(/Impossible travel:/)
    .first()
    .click();
  await drawer.getByRole('button', { name: 'Escalate to an incident' }).click();
  const form = page.getByRole('dialog', { name: 'Escalate to an incident' });
  await form.getByRole('radio', { name: 'Yes' }).check();
  await form.getByRole('button', { name: 'Open the incident' }).click();
  await page.waitForURL('**/incidents**');
  await expect.poll(() => textOf(page.getByTestId('ico-deadline'))).toMatch(/ICO by|ICO overdue/);
  await screenshot(page, 'security-05-incident');
  const incident = page.getByRole('dialog', { name: 'Incident' });
  await incident.getByRole('textbox', { name: 'New action' }).fill('Reset the password and revoke sessions');
  await incident.getByRole('button', { name: 'Add', exact: true }).click();
  await incident.getByText('Reset the password and revoke sessions').waitFor();
  await incident.getByRole('radio', { name: 'Reported to the ICO' }).check();
  await incident.getByRole('textbox', { name: 'ICO reference', exact: true }).fill('IC-123456-A1B2');
  await incident.getByRole('textbox', { name: 'Rationale' }).fill('A staff account was used from abroad; mailbox access likely');
  await incident.getByRole('button', { name: 'Record the ICO decision' }).click();
  await incident.getByText(/Reported to the ICO \(ref IC-123456-A1B2\)/).waitFor();
  await screenshot(page, 'security-05b-ico-decided');
  await context.close();
});

it('SLT read the incident summary but not the register', async () => {
  const { page, context } = await newPage(browser);
  await signIn(page, 'slt');
  await page.goto('/incidents');
  await page.getByRole('tab', { name: 'SLT summary' }).waitFor();
  expect(await page.getByRole('tab', { name: 'Register' }).count()).toBe(0);
  await page.getByRole('cell', { name: 'Password attack' }).first().waitFor();
  await screenshot(page, 'security-06-slt-summary');
  await context.close();
});
