// Legal holds, the dossier's archive page and the fixity check clicked through (issue 19), at a
// desk (1366×768) and on a phone (390×844): the văn thư opens an archived dossier from the
// archive page, sees its files with page count and SHA-256, places a hold (an empty reason
// refused in red, the page kept), finds it in the list of holds in force with who and why, and
// cannot lift it; the Chánh Văn phòng lifts it with a reason (an empty one refused in red); the
// dossier page shows it lifted. "Kiểm tra ngay" records a fixity run on /archives/fixity. A ward's
// account sees its overdue hand-overs at home. No page scrolls sideways. Screenshots
// archives-holds-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, shot, login, startServer, DEMO_PASSWORD } from './lib.mjs';

let srv, browser;
const SIZES = [{ width: 1366, height: 768 }, { width: 390, height: 844 }];

async function noSideways(page, what) {
  const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(over <= 0, `${what}: scrolls sideways by ${over}px`);
}
async function post(page, locator) {
  await Promise.all([page.waitForNavigation(), locator.click()]);
}

before(async () => {
  srv = await startServer();
  browser = await launch();
});
after(async () => { if (browser) await browser.close(); if (srv) await srv.stop(); });

for (const size of SIZES) {
  test(`a hold placed and lifted from the dossier's archive page, ${size.width}×${size.height}`, { timeout: 300000 }, async () => {
    const w = size.width;
    // An archived demo dossier not under a hold yet (the disposal list is all archived).
    const cand = (await (await srv.as('vanthu')).get('/api/v1/archives/disposal-candidates')).json().items;
    const d = cand.filter((x) => !x.held)[w === 1366 ? 0 : 1];
    assert.ok(d, 'an archived dossier');
    const page = await newPage(browser, srv.base, size);
    await login(page, 'vanthu', DEMO_PASSWORD);
    await page.goto('/archives');
    await post(page, page.locator(`#ar-disposal a[href="/archives/dossiers/${d.id}"]`));
    assert.match(await page.textContent('h1'), new RegExp(d.title.slice(0, 15)));
    assert.ok(await page.locator('#ar-files').isVisible());
    assert.match(await page.textContent('#ar-files'), /SHA-256/);
    await noSideways(page, 'dossier page');

    await post(page, page.getByRole('button', { name: 'Đặt lệnh giữ' }));
    assert.match(await page.locator('#f-hold-reason-err').textContent(), /lý do giữ/);
    const reason = `Thanh tra Thành ủy xác minh đơn ${w}`;
    await page.fill('#f-hold-reason', reason);
    await post(page, page.getByRole('button', { name: 'Đặt lệnh giữ' }));
    assert.match(await page.textContent('body'), /Đã đặt lệnh giữ/);
    assert.match(await page.textContent('#ar-dossier-holds'), new RegExp(reason));
    assert.match(await page.textContent('#ar-dossier-holds'), /Đang giữ/);
    assert.equal(await page.locator('#ar-dossier-holds form.ar-lift').count(), 0, 'a clerk does not lift');
    await shot(page, `archives-holds-dossier-${w}`);

    await page.goto('/archives');
    await post(page, page.locator('.ar-links a[href="/archives/holds"]'));
    assert.match(await page.textContent('#ar-holds'), new RegExp(reason));
    assert.ok(await page.locator('[data-print]').first().isVisible());
    assert.ok(await page.locator('a[href="/archives/holds.xlsx"]').isVisible());
    await noSideways(page, 'holds list');
    await shot(page, `archives-holds-list-${w}`);
    await page.close();

    const boss = await newPage(browser, srv.base, size);
    await login(boss, 'chanhvp', DEMO_PASSWORD);
    await boss.goto('/archives/holds');
    const row = boss.locator('#ar-holds tr', { hasText: reason });
    await post(boss, row.getByRole('button', { name: 'Gỡ lệnh giữ' }));
    assert.match(await boss.textContent('main'), /Hãy ghi lý do gỡ lệnh giữ/);
    await boss.locator('#ar-holds tr', { hasText: reason }).locator('input[name=reason]').fill('Thanh tra đã kết luận, không vi phạm');
    await post(boss, boss.locator('#ar-holds tr', { hasText: reason }).getByRole('button', { name: 'Gỡ lệnh giữ' }));
    assert.match(await boss.textContent('body'), /Đã gỡ lệnh giữ/);
    assert.doesNotMatch(await boss.textContent('#ar-holds'), new RegExp(reason));
    await boss.goto(`/archives/dossiers/${d.id}`);
    assert.match(await boss.textContent('#ar-dossier-holds'), /Đã gỡ/);
    assert.match(await boss.textContent('#ar-dossier-holds'), /Thanh tra đã kết luận/);
    await noSideways(boss, 'dossier page after lifting');
    await boss.close();
  });
}

test('the fixity check run from its page, and a ward\'s overdue hand-overs at home', { timeout: 300000 }, async () => {
  for (const size of SIZES) {
    const page = await newPage(browser, srv.base, size);
    await login(page, 'vanthu', DEMO_PASSWORD);
    await page.goto('/archives');
    assert.ok(await page.locator('#ar-fixity').isVisible());
    await post(page, page.locator('.ar-links a[href="/archives/fixity"]').first());
    await post(page, page.getByRole('button', { name: 'Kiểm tra ngay' }));
    assert.match(await page.textContent('body'), /Đã yêu cầu kiểm tra toàn vẹn/);
    let ok = false;
    for (const end = Date.now() + 60000; Date.now() < end && !ok;) { // the job may wait behind others
      await page.reload();
      ok = /Toàn vẹn/.test(await page.textContent('#ar-fixity-runs'));
      if (!ok) await page.waitForTimeout(200);
    }
    assert.ok(ok, 'a run is recorded');
    await noSideways(page, 'fixity page');
    await shot(page, `archives-holds-fixity-${size.width}`);
    await page.close();

    const ward = await newPage(browser, srv.base, size);
    await login(ward, 'donvi', DEMO_PASSWORD);
    await ward.goto('/');
    assert.match(await ward.textContent('#home-archives'), /quá hạn giao nộp/);
    await noSideways(ward, 'ward home');
    await ward.close();
  }
});
