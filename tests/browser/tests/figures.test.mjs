// The board and the unit P&L show the figures `amoeba report pnl` computes
// for the demo company (October 2026, the demo's last month).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { BASE, useBrowser, loginAs } from './lib.mjs';

useBrowser();

const MONTH = '2026-10';
const LAST_DAY = '2026-10-31';

function report() {
  const bin = process.env.AMOEBA_BIN;
  const db = process.env.AMOEBA_DB;
  assert.ok(bin && db, 'run.sh passes AMOEBA_BIN and AMOEBA_DB');
  const out = execFileSync(bin, ['report', 'pnl', '--db', db, '--period', MONTH, '--format', 'json'], { encoding: 'utf8' });
  return JSON.parse(out);
}

/** Rows of a table's CSV export (BOM stripped; the demo's names hold no commas). */
async function csvRows(page, path) {
  const text = (await (await page.request.get(`${BASE}${path}`)).text()).replace(/^\uFEFF/, '');
  return text.trim().split('\n').map((l) => l.split(','));
}

const cents = (v) => Number(v).toFixed(2);

test('the board shows the month-to-date figures of `amoeba report pnl`', async () => {
  const expected = report().units.find((u) => u.code === 'AMZ-US');
  const page = await loginAs('owner');
  await page.goto(`${BASE}/board?day=${LAST_DAY}`);
  assert.equal(await page.textContent('[data-testid=board-day]'), LAST_DAY);
  const rows = await csvRows(page, `/board?day=${LAST_DAY}&table=board&format=csv`);
  const row = rows.find((r) => r[2] === expected.name);
  assert.ok(row, `board row of ${expected.name}`);
  assert.equal(cents(row[5]), cents(expected.lines.sales), 'month-to-date sales');
  assert.equal(cents(row[6]), cents(expected.lines.profit), 'month-to-date profit');
  const shown = Number(expected.lines.sales).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  assert.ok((await page.textContent('#t-board')).includes(shown), `the page shows ${shown}`);
  await page.context().close();
});

test('the unit P&L shows every line of `amoeba report pnl`', async () => {
  const expected = report().units.find((u) => u.code === 'AMZ-US');
  const page = await loginAs('leader');
  const answer = await page.goto(`${BASE}/units/AMZ-US/pnl?month=${MONTH}`);
  assert.equal(answer.status(), 200);
  const en = await csvRows(page, `/units/AMZ-US/pnl?month=${MONTH}&table=pnl&format=csv&lang=en`);
  const labels = { Sales: 'sales', Advertising: 'ads', 'Added value': 'added_value', Labour: 'labour', Profit: 'profit' };
  for (const [label, code] of Object.entries(labels)) {
    const row = en.find((r) => r[0] === label);
    assert.ok(row, `line ${label}`);
    assert.equal(cents(row[1]), cents(expected.lines[code]), label);
  }
  await page.context().close();
});

test('drill-down from a P&L figure reaches the facts behind it, with file and line', async () => {
  const page = await loginAs('leader');
  await page.goto(`${BASE}/units/AMZ-US/pnl?month=${MONTH}`);
  const link = page.locator(`a[href*="/units/AMZ-US/facts?line=sales&month=${MONTH}"]`).first();
  await link.click();
  await page.waitForURL(/\/units\/AMZ-US\/facts/);
  const text = await page.textContent('main');
  assert.match(text, /第 \d+ 行/, 'facts name their source line');
  const rows = await csvRows(page, `/units/AMZ-US/facts?line=sales&month=${MONTH}&table=facts&format=csv&lang=en`);
  assert.ok(rows.length > 10, `many sales facts behind the figure, got ${rows.length - 1}`);
  assert.ok(rows.slice(1).filter((r) => r[4] !== 'Rounding').every((r) => r.join(',').match(/ line \d+/)), 'every fact names file and line');
  await page.context().close();
});
