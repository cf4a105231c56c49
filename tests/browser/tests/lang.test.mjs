// Chinese by default; the switch turns every page English and the choice sticks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, useBrowser, loginAs } from './lib.mjs';

useBrowser();

test('the language switch turns the app English and back', async () => {
  const page = await loginAs('owner');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.ok((await page.textContent('nav.nav')).includes('晨会看板'));

  await Promise.all([page.waitForNavigation(), page.click('[data-testid=lang-switch]')]);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.ok((await page.textContent('nav.nav')).includes('Board'));
  assert.ok(!(await page.textContent('nav.nav')).includes('晨会看板'));

  await page.goto(`${BASE}/admin/users`);
  assert.equal(await page.getAttribute('html', 'lang'), 'en', 'the choice sticks across pages');
  assert.ok((await page.textContent('h1')).includes('Admin'));

  await Promise.all([page.waitForNavigation(), page.click('[data-testid=lang-switch]')]);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  await page.context().close();
});
