// Browser-test harness: Debian's chromium driven by playwright-core (never a downloaded
// browser), against a real server from ../http/lib.mjs. Screenshots go to
// tests/browser/screenshots/ (git-ignored) so a person can look at what the tests saw.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export { startServer, DEMO_PASSWORD, LOGINS } from '../http/lib.mjs';

export const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));

export async function launch() {
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
}

// A fresh context (own cookies) with a Vietnamese locale and a desk-sized window.
export async function newPage(browser, base, { width = 1280, height = 800 } = {}) {
  const context = await browser.newContext({ baseURL: base, locale: 'vi-VN', viewport: { width, height } });
  // Playwright's 30 s per action and navigation is a machine-speed bound: a slow or loaded CI
  // machine rendering a PDF page can come near it. Twice that still ends a real hang.
  context.setDefaultTimeout(60000);
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.errors = errors;
  return page;
}

export async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

// Logs in through the form, as a person would.
export async function login(page, login, password) {
  await page.goto('/login');
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill(password);
  // The NEXT page's load: waitForLoadState('load') is already true for the login page itself,
  // and on a slow machine the next reading would then meet the old page (or none).
  await Promise.all([
    page.waitForNavigation(),
    page.locator('form:has(input[name="password"]) [type="submit"]').first().click(),
  ]);
}
