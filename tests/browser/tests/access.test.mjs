// Objects, not only roles: a member asking for someone else's page gets 404.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, useBrowser, loginAs } from './lib.mjs';

useBrowser();

test("a member cannot open another member's page (404, not the page)", async () => {
  const member = await loginAs('member');
  const me = await (await member.request.get(`${BASE}/api/v1/me`)).json();
  assert.ok(me.person, 'the demo member is a person');

  // Find a colleague through the owner's eyes.
  const owner = await loginAs('owner');
  const org = await (await owner.request.get(`${BASE}/api/v1/org`)).json();
  let other;
  for (const unit of org.units) {
    const detail = await (await owner.request.get(`${BASE}/api/v1/units/${encodeURIComponent(unit.code)}`)).json();
    other = (detail.assignments || []).map((a) => a.person).find((p) => p !== me.person);
    if (other) break;
  }
  assert.ok(other, 'the demo has more than one person');
  const theirs = await owner.goto(`${BASE}/people/${other}`);
  assert.equal(theirs.status(), 200, 'the owner may see it');

  const denied = await member.goto(`${BASE}/people/${other}`);
  assert.equal(denied.status(), 404);
  const api = await member.request.get(`${BASE}/api/v1/people/${other}`);
  assert.equal(api.status(), 404);
  const own = await member.goto(`${BASE}/people/${me.person}`);
  assert.equal(own.status(), 200);

  const admin = await member.goto(`${BASE}/admin/users`);
  assert.equal(admin.status(), 403, 'admin pages are not for members');
  await member.context().close();
  await owner.context().close();
});

test('a leader opens the P&L of their unit but not of another', async () => {
  const leader = await loginAs('leader');
  const me = await (await leader.request.get(`${BASE}/api/v1/me`)).json();
  assert.ok(me.unit);
  await leader.goto(`${BASE}/units`);
  await Promise.all([leader.waitForNavigation(), leader.click(`a[href="/units/${me.unit}/pnl"] >> nth=0`)]);
  assert.ok(leader.url().includes(`/units/${me.unit}/pnl`));
  const outside = ['AMZ-DE', 'TTS-US', 'WISH', 'ALI', 'SHOP'].find((u) => !me.visible_units.includes(u));
  const denied = await leader.goto(`${BASE}/units/${outside}/pnl`);
  assert.equal(denied.status(), 404);
  await leader.context().close();
});
