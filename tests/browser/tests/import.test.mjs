// An import with a bad row is refused whole, every error shown with line and column.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, useBrowser, loginAs } from './lib.mjs';

useBrowser();

test('a facts file with a bad amount shows line 3, column amount, and stores nothing', async () => {
  const page = await loginAs('owner');
  await page.goto(`${BASE}/imports`);
  const before = await page.$$eval('#t-imports tbody tr', (rows) => rows.length);
  await page.selectOption('select[name=kind]', 'facts');
  const csv = 'date,unit,kind,amount,currency\n2026-10-01,WH,other_expense,-100.00,CNY\n2026-10-02,WH,other_expense,12.3x,CNY\n';
  await page.setInputFiles('input[name=file]', { name: 'bad-rent.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const [response] = await Promise.all([page.waitForNavigation(), page.click('form.upload button[type=submit]')]);
  assert.equal(response.status(), 422);
  const rows = await page.$$eval('[data-testid=errors] tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent.trim())));
  assert.ok(rows.length >= 1, 'at least one error row');
  assert.deepEqual(rows[0].slice(0, 2), ['3', 'amount'], `first error: ${rows[0]}`);
  const after = await page.$$eval('#t-imports tbody tr', (trs) => trs.length);
  assert.equal(after, before, 'nothing was imported');
  await page.context().close();
});
