import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';

/**
 * Debian's Chromium driven by playwright-core. Screenshots go to e2e/screenshots (gitignored):
 * look at them.
 */
export const SCREENSHOTS = path.resolve('e2e/screenshots');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function newPage(
  browser: Browser,
  viewport = { width: 1360, height: 900 },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport,
    baseURL: inject('baseUrl'),
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  const page = await context.newPage();
  page.on('pageerror', (err) => {
    throw err;
  });
  return { context, page };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

export function demoAccount(role: string): { email: string; password: string; name: string } {
  const account = inject('demoAccounts').find((a) => a.role === role);
  if (!account) throw new Error(`no demo account with role ${role}`);
  return { email: account.email, name: account.name, password: inject('demoPassword') };
}

export async function signIn(page: Page, role: string): Promise<{ email: string; name: string }> {
  const a = demoAccount(role);
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(a.email);
  await page.locator('input[autocomplete="current-password"]').fill(a.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL('**/today');
  return a;
}

/** The visible text of the first match, or '' while it is not there yet (for expect.poll). */
export async function textOf(locator: import('playwright-core').Locator): Promise<string> {
  return (
    (await locator
      .first()
      .textContent({ timeout: 1000 })
      .catch(() => '')) ?? ''
  );
}
