// SCREENSHOTS=1: pictures of the main pages at desktop and phone widths,
// written to docs/screenshots/ (look at them after a change of the pages).
import { test } from 'node:test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BASE, DESKTOP, PHONE, useBrowser, loginAs, newPage } from './lib.mjs';

const wanted = process.env.SCREENSHOTS === '1';
const dir = process.env.SCREENSHOT_DIR || 'screenshots';

useBrowser();

async function shoot(page, name) {
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: false });
}

const sizes = [['desktop', DESKTOP], ['phone', PHONE]];

test('screenshots of the main pages', { skip: !wanted && 'set SCREENSHOTS=1' }, async () => {
  mkdirSync(dir, { recursive: true });
  for (const [size, viewport] of sizes) {
    const anon = await newPage(viewport);
    await anon.goto(`${BASE}/login`);
    await shoot(anon, `login-${size}`);
    await anon.context().close();

    const owner = await loginAs('owner', viewport);
    await shoot(owner, `board-${size}`);
    await owner.goto(`${BASE}/units/AMZ-US/pnl`);
    await shoot(owner, `unit-pnl-${size}`);
    await owner.goto(`${BASE}/units/AMZ-US/facts?line=sales&month=2026-10`);
    await shoot(owner, `drilldown-${size}`);
    await owner.goto(`${BASE}/units`);
    await shoot(owner, `units-${size}`);
    await owner.goto(`${BASE}/admin/org`);
    await shoot(owner, `admin-org-${size}`);
    await owner.goto(`${BASE}/admin/users`);
    await shoot(owner, `admin-users-${size}`);
    await owner.goto(`${BASE}/imports`);
    await owner.selectOption('select[name=kind]', 'facts');
    const csv = 'date,unit,kind,amount,currency\n2026-10-01,WH,other_expense,-1oo,CNY\n2026-10-02,NOPE,rent,-5,CNY\n';
    await owner.setInputFiles('input[name=file]', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await Promise.all([owner.waitForNavigation(), owner.click('form.upload button[type=submit]')]);
    await owner.evaluate(() => document.querySelector('[data-testid=errors]')?.scrollIntoView());
    await shoot(owner, `imports-refused-${size}`);
    await owner.goto(`${BASE}/board?lang=en`);
    await shoot(owner, `board-en-${size}`);
    await owner.goto(`${BASE}/board?lang=zh`);
    await owner.context().close();

    const member = await loginAs('member', viewport);
    await member.goto(`${BASE}/me`);
    await shoot(member, `my-page-${size}`);
    const mine = (await (await member.request.get(`${BASE}/api/v1/me`)).json()).visible_units[0];
    await member.goto(`${BASE}/units/${mine}/facts?line=labour&month=2026-10`);
    await shoot(member, `member-labour-${size}`);
    await member.goto(`${BASE}/board`);
    await shoot(member, `board-member-${size}`);
    if (size === 'phone') {
      await member.click('label.burger');
      await shoot(member, `menu-${size}`);
    }
    await member.context().close();

    const operator = await loginAs('operator', viewport);
    await shoot(operator, `store-operator-${size}`);
    await operator.context().close();
  }
  const docs = await newPage(DESKTOP);
  await docs.goto(`${BASE}/api/docs`);
  await docs.waitForSelector('.swagger-ui .opblock', { timeout: 15000 });
  await shoot(docs, 'api-docs-desktop');
  await docs.context().close();
});
