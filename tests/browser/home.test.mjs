// The home page, the dashboard and the notifications as people use them (issue 12, items 6, 7,
// 8), at a desk (1366×768) and on a phone (390×844): every count on home and on the dashboard is
// clicked and the list it opens shows the same number; the clerk's first block is the
// electronic queue; the bell opens the notifications, opening one marks it read and the bell's
// count falls; unread rows are bold. Screenshots: home-*, reports-*, notifications-* with the
// tag SHOT_TAG (default "after"; a run against the old binary with SHOT_TAG=before keeps the
// pair).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, shot, login, startServer, DEMO_PASSWORD } from './lib.mjs';

let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { if (browser) await browser.close(); if (srv) await srv.stop(); });

const TAG = process.env.SHOT_TAG || 'after';
const SIZES = [{ width: 1366, height: 768 }, { width: 390, height: 844 }];

async function listTotal(page) {
  return Number((await page.locator('#incoming-total').textContent()).trim());
}

async function clickAndLoad(page, locator) {
  await Promise.all([page.waitForNavigation(), locator.click()]);
}

for (const size of SIZES) {
  const w = size.width;

  test(`${w}px: every count on home and on the dashboard equals the list it opens`, async () => {
    for (const who of ['thuongtruc', 'chanhvp', 'chuyenvien']) {
      const page = await newPage(browser, srv.base, size);
      await login(page, who, DEMO_PASSWORD);
      await page.goto('/');
      await shot(page, `home-${who}-${w}-${TAG}`);
      const links = page.locator('section.panel h2 a.count-link');
      const n = await links.count();
      assert.ok(n >= 2, `${who}: counted blocks on home`);
      for (let i = 0; i < n; i++) {
        await page.goto('/');
        const link = page.locator('section.panel h2 a.count-link').nth(i);
        const count = Number((await link.locator('.count').textContent()).trim());
        await clickAndLoad(page, link);
        assert.equal(await listTotal(page), count, `${who} at ${w}px: ${page.url()}`);
      }
      if (who === 'thuongtruc') {
        await page.goto('/reports');
        await shot(page, `reports-${w}-${TAG}`);
        const m = page.locator('a[href^="/incoming?overdue=1"]');
        const k = await m.count();
        assert.ok(k >= 2, 'the dashboard links its overdue counts');
        for (let i = 0; i < k; i++) {
          await page.goto('/reports');
          const link = page.locator('a[href^="/incoming?overdue=1"]').nth(i);
          const count = Number((await link.textContent()).trim());
          await clickAndLoad(page, link);
          assert.equal(await listTotal(page), count, `dashboard at ${w}px: ${page.url()}`);
        }
      }
      assert.deepEqual(page.errors, []);
      await page.context().close();
    }
  });

  test(`${w}px: the clerk's first block is the electronic queue with its count`, async () => {
    const page = await newPage(browser, srv.base, size);
    await login(page, 'vanthu', DEMO_PASSWORD);
    await page.goto('/');
    await shot(page, `home-vanthu-${w}-${TAG}`);
    const first = page.locator('.home-grid > section.panel').first();
    assert.equal(await first.getAttribute('id'), 'home-queue');
    const count = Number((await first.locator('h2 .count').textContent()).trim());
    assert.ok(count > 0);
    await clickAndLoad(page, first.locator('h2 a'));
    assert.equal(await page.locator('a[href^="/incoming/new?inbox_id="]').count(), count);
    await page.context().close();
  });

  test(`${w}px: the bell opens the notifications; opening one marks it read`, async () => {
    const page = await newPage(browser, srv.base, size);
    await login(page, 'vanthu', DEMO_PASSWORD);
    await page.goto('/');
    const bell = page.locator('#notif-bell');
    assert.ok(await bell.isVisible(), 'the bell is on screen');
    const before = Number((await bell.locator('.badge').textContent()).trim());
    assert.ok(before > 0);
    await clickAndLoad(page, bell);
    assert.match(page.url(), /\/notifications$/);
    const unread = page.locator('#notifications li.unread');
    assert.equal(await unread.count(), before);
    const weight = await unread.first().locator('a').evaluate((a) => getComputedStyle(a).fontWeight);
    assert.ok(Number(weight) >= 700, `unread rows are bold (${weight})`);
    const readWeight = await page.locator('#notifications li.read a').first().evaluate((a) => getComputedStyle(a).fontWeight);
    assert.ok(Number(readWeight) < 700, 'read rows are not');
    await shot(page, `notifications-${w}-${TAG}`);
    await clickAndLoad(page, unread.first().locator('a'));
    assert.doesNotMatch(page.url(), /\/notifications/);
    const after = await page.locator('#notif-bell .badge').count() ? Number((await page.locator('#notif-bell .badge').textContent()).trim()) : 0;
    assert.equal(after, before - 1);
    await page.context().close();
  });
}
