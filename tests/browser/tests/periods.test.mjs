// Admin → accounting: the owner closes the oldest open month from the page;
// the month then shows as closed and cannot be closed twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, useBrowser, loginAs } from './lib.mjs';

useBrowser();

test('the owner closes the oldest month on the accounting page', async () => {
  const page = await loginAs('owner');
  await page.goto(`${BASE}/admin/accounting`);
  const rows = await (await page.request.get(`${BASE}/admin/accounting?table=periods&format=csv&lang=en`)).text();
  const months = rows.replace(/^\uFEFF/, '').trim().split('\n').slice(1).map((l) => l.split(',')[0]);
  const oldest = months[months.length - 1];
  assert.match(oldest, /^\d{4}-\d{2}$/);
  page.once('dialog', (d) => d.accept());
  await Promise.all([page.waitForNavigation(), page.click(`form[action="/admin/periods/${oldest}/close"] button`)]);
  assert.match(await page.textContent('[data-testid=notice]'), new RegExp(oldest));
  const again = await page.request.post(`${BASE}/admin/periods/${oldest}/close`, { form: { csrf: await page.inputValue('input[name=csrf]') } });
  assert.equal(again.status(), 409, 'a closed month cannot be closed again');
  await page.context().close();
});
