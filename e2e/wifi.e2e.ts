import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
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

/** A UniFi `stat/event` export: 20,000 connects and disconnects on the demo's Library access points, last Saturday. */
function unifiExport(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'belfry-e2e-wifi-'));
  const file = path.join(dir, 'unifi-events.json');
  const saturday = new Date();
  saturday.setUTCDate(saturday.getUTCDate() - ((saturday.getUTCDay() + 1) % 7 || 7));
  saturday.setUTCHours(9, 0, 0, 0);
  const events = [];
  for (let i = 0; i < 20000; i++) {
    const mac = `3c:22:fb:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}:77`;
    const ap = `f0:9f:c2:00:00:${(17 + (i % 4)).toString(16).padStart(2, '0')}`;
    const time = saturday.getTime() + i * 1000;
    events.push(
      i % 2
        ? { key: 'EVT_WU_Disconnected', user: mac, ap, ssid: 'Oakfield', duration: 600, bytes: 1000, time, subsystem: 'wlan' }
        : { key: 'EVT_WU_Connected', user: mac, ap, ssid: 'Oakfield', radio: 'na', channel: '36', time, subsystem: 'wlan' },
    );
  }
  writeFileSync(file, JSON.stringify({ meta: { rc: 'ok' }, data: events }));
  return file;
}

it('the Director imports a controller export, reads the verdict, drills into an AP and a pupil, and drafts the message', async () => {
  const { page, context } = await newPage(browser);
  await signIn(page, 'admin');
  await page.getByRole('link', { name: 'Wi-Fi', exact: true }).click();
  await page.waitForURL('**/wifi');

  // Import a UniFi export through the shared upload dialog, with progress.
  await page.getByRole('button', { name: 'Import Wi-Fi data' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import Wi-Fi data' });
  await dialog.getByRole('combobox', { name: 'What the file is' }).click();
  await page.getByRole('option', { name: /UniFi event log/ }).click();
  await dialog.locator('input[type="file"]').setInputFiles(unifiExport());
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  const imported = dialog.getByText('Imported', { exact: true });
  await Promise.race([
    dialog.getByRole('progressbar').first().waitFor({ timeout: 60_000 }),
    imported.waitFor({ timeout: 60_000 }),
  ]);
  await screenshot(page, 'wifi-01-import-progress');
  await imported.waitFor({ timeout: 60_000 });
  await expect.poll(() => textOf(dialog.getByText(/\d[\d,]* new/))).toBe('20,000 new');
  await screenshot(page, 'wifi-02-imported');
  await dialog.getByRole('button', { name: 'Close' }).last().click();

  // The verdict for the last school day: the failing AP, the Science Centre at lunch, a device model, old laptops.
  const badge = page.locator('[data-verdict]');
  await expect.poll(() => badge.getAttribute('data-verdict').catch(() => '')).toBe('mixed');
  await page.locator('[data-finding="general:ap:LIB-AP03"]').waitFor();
  await page.locator('[data-finding="general:building:SCI"]').waitFor();
  await page.locator('[data-finding^="device-class:"]').waitFor();
  await screenshot(page, 'wifi-03-verdict');

  await page.getByRole('tab', { name: 'Service levels' }).click();
  await page.getByRole('img', { name: /Heatmap of the share of failed connection attempts/ }).waitFor();
  await screenshot(page, 'wifi-04-service-levels');

  // Drill into the failing access point, then into the pupil whose device failed most there.
  await page.getByRole('tab', { name: 'Access points' }).click();
  await page.getByLabel('Find an access point or building').fill('LIB-AP03');
  await page.getByRole('link', { name: 'LIB-AP03', exact: true }).first().click();
  await page.waitForURL('**/wifi/aps/**');
  await page.getByRole('heading', { level: 1, name: 'Access point LIB-AP03' }).waitFor({ timeout: 30_000 });
  await page.getByRole('img', { name: /every five minutes/ }).waitFor();
  await screenshot(page, 'wifi-05-access-point');

  // The individual finding's first pupil: from the verdict, their page, and the drafted message.
  await page.goto('/wifi');
  const individual = page.locator('[data-finding^="individual:client:"]').first();
  await individual.waitFor();
  await individual.getByRole('link').first().click();
  await page.waitForURL('**/wifi/clients/**');
  await page.getByRole('heading', { name: 'Message to send' }).waitFor();
  const body = page.getByLabel('Message', { exact: true });
  await expect
    .poll(async () => (await body.inputValue().catch(() => '')) ?? '')
    .toMatch(/failed to connect \d+ times .* where other devices connected normally/s);
  await screenshot(page, 'wifi-06-pupil-and-message');

  await page.goto('/wifi?tab=contacts');
  await page.getByText(/people to contact|person to contact/).waitFor();
  await page.locator('.mantine-Accordion-control').first().click();
  await page.getByRole('link', { name: 'Open in e-mail' }).first().waitFor();
  await screenshot(page, 'wifi-07-people-to-contact');
  await context.close();
});

it('a senior leader sees the verdict without any pupil, and cannot open a device', async () => {
  const { page, context } = await newPage(browser);
  await signIn(page, 'slt');
  await page.goto('/wifi');
  await page.locator('[data-verdict]').waitFor();
  expect(await page.getByRole('button', { name: 'Draft message' }).count()).toBe(0);
  expect(await page.getByRole('tab', { name: 'People to contact' }).count()).toBe(0);
  expect(await page.getByRole('main').textContent()).not.toContain('@oakfield.example');
  await screenshot(page, 'wifi-08-slt-verdict');
  await context.close();
});
