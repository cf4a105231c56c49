// Every persona logs in through the form and lands where it belongs, with
// the navigation its role allows; logging out ends the session.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, useBrowser, loginAs, newPage, pathOf } from './lib.mjs';

useBrowser();

const navOf = (page) => page.$$eval('nav.nav a', (links) => links.map((a) => a.getAttribute('href')));

test('the owner lands on the board and sees imports and admin', async () => {
  const page = await loginAs('owner');
  assert.equal(pathOf(page), '/board');
  const nav = await navOf(page);
  for (const href of ['/board', '/units', '/me', '/imports', '/admin/org']) assert.ok(nav.includes(href), `owner nav lacks ${href}: ${nav}`);
  await page.context().close();
});

test('a leader lands on the board without admin entries', async () => {
  const page = await loginAs('leader');
  assert.equal(pathOf(page), '/board');
  const nav = await navOf(page);
  assert.ok(nav.includes('/units') && !nav.includes('/admin/org') && !nav.includes('/imports'), `${nav}`);
  await page.context().close();
});

test('a member lands on the board and has a page of their own', async () => {
  const page = await loginAs('member');
  assert.equal(pathOf(page), '/board');
  await page.click('nav.nav a[href="/me"]');
  assert.equal(pathOf(page), '/me');
  assert.ok(await page.isVisible('[data-testid=person-name]'));
  assert.ok(await page.isVisible('[data-testid=share]'), 'the share-of-results section is there');
  await page.context().close();
});

test('a third-party operator lands on their store and sees nothing else', async () => {
  const page = await loginAs('operator');
  assert.match(pathOf(page), /^\/stores\//);
  const nav = await navOf(page);
  assert.ok(!nav.includes('/board') && !nav.includes('/units'), `${nav}`);
  const board = await page.goto(`${BASE}/board`);
  assert.equal(board.status(), 403);
  await page.context().close();
});

test('a wrong password is refused and logging out ends the session', async () => {
  const anon = await newPage();
  await anon.goto(`${BASE}/login`);
  await anon.fill('input[name=login]', 'owner');
  await anon.fill('input[name=password]', 'not the password');
  await Promise.all([anon.waitForNavigation(), anon.click('button[type=submit]')]);
  assert.ok(await anon.isVisible('[data-testid=login-error]'));
  await anon.context().close();

  const page = await loginAs('leader');
  await Promise.all([page.waitForNavigation(), page.click('header form[action="/logout"] button')]);
  assert.equal(pathOf(page), '/login');
  await page.goto(`${BASE}/board`);
  assert.equal(pathOf(page), '/login', 'the board asks for a login again');
  await page.context().close();
});
