// Shared helpers of the browser tests: one chromium per test file, a fresh
// context (cookie jar) per persona, and the demo logins `amoeba demo` makes.
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';

export const BASE = (process.env.AMOEBA_URL || 'http://127.0.0.1:8080/').replace(/\/$/, '');

/** The demo personas: `amoeba demo` creates these logins (amoeba_server::demo_logins). */
export const PERSONAS = {
  owner: { login: 'owner', password: 'demo-owner-2026' },
  leader: { login: 'leader', password: 'demo-leader-2026' },
  member: { login: 'member', password: 'demo-member-2026' },
  operator: { login: 'operator', password: 'demo-operator-2026' },
};

export const DESKTOP = { width: 1280, height: 860 };
export const PHONE = { width: 390, height: 844 };

let browser;

/** Starts chromium before the file's tests and closes it after. */
export function useBrowser() {
  before(async () => {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });
  after(async () => {
    if (browser) await browser.close();
  });
}

/** A new page in its own context (no cookies shared with other personas). */
export async function newPage(viewport = DESKTOP, options = {}) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', ...options });
  const page = await context.newPage();
  return page;
}

/** Logs a persona in through the form and returns the page, now on its landing page. */
export async function loginAs(persona, viewport = DESKTOP) {
  const page = await newPage(viewport, viewport === PHONE ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {});
  const who = PERSONAS[persona];
  await page.goto(`${BASE}/login`);
  await page.fill('input[name=login]', who.login);
  await page.fill('input[name=password]', who.password);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  if (new URL(page.url()).pathname === '/login') {
    const why = (await page.textContent('[data-testid=login-error]').catch(() => '')) || 'no message';
    throw new Error(`demo login '${who.login}' was refused (${why.trim()}): does \`amoeba demo\` create the demo logins (amoeba_server::demo_logins)?`);
  }
  return page;
}

/** The path of the page's current URL. */
export function pathOf(page) {
  return new URL(page.url()).pathname;
}
