// Issue 14 as its users would hit it: a member must not see colleagues'
// labour cost; month-to-date figures agree everywhere; the operator's store
// page has figures; Chinese pages speak Chinese.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { BASE, useBrowser, loginAs } from './lib.mjs';

useBrowser();

const MONTH = '2026-10';
const cents = (v) => Number(v).toFixed(2);

async function memberUnit(page, base = BASE) {
  const me = await (await page.request.get(`${base}/api/v1/me`)).json();
  assert.ok(me.visible_units && me.visible_units.length, 'the demo member belongs to a unit');
  return { me, unit: me.visible_units[0] };
}

test('a member sees labour and hours as unit totals only; the owner per person', async () => {
  const member = await loginAs('member');
  const { unit } = await memberUnit(member);
  for (const line of ['labour', 'hours']) {
    const path = `/units/${unit}/facts?line=${line}&month=${MONTH}`;
    const answer = await member.goto(`${BASE}${path}`);
    assert.equal(answer.status(), 200);
    const text = await member.textContent('main');
    assert.ok(text.includes('人合计'), `${line}: the unit's total`);
    assert.ok(!text.includes('工时文件第'), `${line}: no one's own record`);
    const csv = await (await member.request.get(`${BASE}${path}&table=facts&format=csv`)).text();
    assert.ok(!csv.includes('工时文件第') && csv.includes('人合计'), `${line}: the export says no more than the page`);
  }
  const owner = await loginAs('owner');
  await owner.goto(`${BASE}/units/${unit}/facts?line=labour&month=${MONTH}`);
  assert.ok((await owner.textContent('main')).includes('工时文件第'), 'finance sees each record');
  await member.context().close();
  await owner.context().close();
});

test('the drill-down speaks Chinese: kinds and sources have names, not codes', async () => {
  const member = await loginAs('member');
  const { unit } = await memberUnit(member);
  for (const line of ['sales', 'ads', 'cogs', 'labour']) {
    await member.goto(`${BASE}/units/${unit}/facts?line=${line}&month=${MONTH}`);
    const table = await member.textContent('main');
    assert.ok(!/\b(sale|ad_spend|platform_fee|cogs \(derived\)|hours of|spread evenly|derived:)\b/.test(table), `${line}: no English codes on a Chinese page`);
    assert.match(table, /第 [\d–]+ 条，共 \d+ 条/, `${line}: the page says which rows it shows`);
  }
  await member.context().close();
});

/** Starts a second server on the demo database whose "today" is `day`. */
async function serverOn(day) {
  const child = spawn(process.env.AMOEBA_BIN, ['serve', '--db', process.env.AMOEBA_DB, '--addr', '127.0.0.1:0'], {
    env: { ...process.env, AMOEBA_TODAY: day },
  });
  let out = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL from the server: ${out}`)), 30000);
    const read = (chunk) => {
      out += chunk;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+/);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', () => reject(new Error(`the server stopped: ${out}`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

test('in the month in progress the board, the P&L, my page and the CLI agree (labour for the days elapsed)', async () => {
  const day = '2026-10-15';
  const server = await serverOn(day);
  try {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    const page = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    await page.goto(`${server.url}/login`);
    await page.fill('input[name=login]', 'member');
    await page.fill('input[name=password]', 'demo-member-2026');
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    const { unit } = await memberUnit(page, server.url);

    const board = await (await page.request.get(`${server.url}/api/v1/board?day=${day}`)).json();
    const row = board.board.rows.find((r) => r.unit === unit);
    const pnl = await (await page.request.get(`${server.url}/api/v1/units/${unit}/pnl?month=${MONTH}`)).json();
    const profit = pnl.pnl.lines.find((l) => l.line === 'profit').month;
    const share = (await (await page.request.get(`${server.url}/me?month=${MONTH}&table=share&format=csv`)).text())
      .replace(/^\uFEFF/, '').trim().split('\n').slice(1).map((l) => l.split(','));
    const out = execFileSync(process.env.AMOEBA_BIN, ['report', 'pnl', '--db', process.env.AMOEBA_DB, '--period', MONTH, '--format', 'json'], {
      encoding: 'utf8', env: { ...process.env, AMOEBA_TODAY: day },
    });
    const cli = JSON.parse(out).units.find((u) => u.code === unit).lines.profit;
    assert.equal(cents(row.mtd_profit), cents(profit), 'board = P&L');
    assert.equal(cents(profit), cents(cli), 'P&L = report pnl');
    assert.ok(share.some((r) => cents(r[2]) === cents(profit)), `my page's unit profit = P&L (${share.map((r) => r[2])})`);
    assert.equal(JSON.parse(out).as_of, day);

    await page.goto(`${server.url}/units/${unit}/pnl?month=${MONTH}`);
    assert.ok((await page.textContent('[data-testid=to-date]')).includes(day), 'the P&L says how far the month counts');
    await browser.close();
  } finally {
    server.stop();
  }
});

test("the operator's store page shows the store's own figures", async () => {
  const operator = await loginAs('operator');
  const path = new URL(operator.url()).pathname;
  assert.match(path, /^\/stores\//, 'the operator lands on their store');
  await operator.goto(`${BASE}${path}?month=${MONTH}`);
  const text = await operator.textContent('main');
  assert.ok(!text.includes('将在此显示'), 'no placeholder');
  assert.ok(await operator.isVisible('[data-testid=store-tiles]'), 'figure tiles');
  assert.ok(text.includes('店铺贡献') && text.includes('本店损益'), 'the store P&L');
  assert.ok(await operator.isVisible('#t-daily'), 'the daily table');
  assert.equal((await operator.goto(`${BASE}/board`)).status(), 403, 'still nothing else');
  await operator.context().close();
});
