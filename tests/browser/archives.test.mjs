// The archive clicked through (issue 19), at a desk (1366×768) and on a phone (390×844): the
// văn thư closes a dossier, ticks it on /archives and prepares the hand-over; the biên bản
// giao nhận shows in two copies; as the archive she receives it; the dossier leaves the due list
// and the reading room finds it by words typed without marks. The Chánh Văn phòng's home page
// shows the overdue hand-overs of the demo office. No page scrolls sideways. Screenshots
// archives-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, shot, login, startServer, DEMO_PASSWORD } from './lib.mjs';

let srv, browser;
const SIZES = [{ width: 1366, height: 768 }, { width: 390, height: 844 }];

async function noSideways(page, what) {
  const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(over <= 0, `${what}: scrolls sideways by ${over}px`);
}

before(async () => {
  srv = await startServer();
  browser = await launch();
});
after(async () => { if (browser) await browser.close(); if (srv) await srv.stop(); });

for (const size of SIZES) {
  test(`a dossier handed over, received and found in the reading room, ${size.width}×${size.height}`, async () => {
    const w = size.width;
    const api = await srv.as('vanthu');
    const year = new Date().getFullYear();
    const h = await api.post('/api/v1/dossiers/headings', { json: { year, title: `Lưu trữ ${w}`, abbr: `LT${w}` } });
    assert.equal(h.status, 201, h.text);
    const title = `Hồ sơ tổng kết công tác dân vận ${w}`;
    const d = await api.post('/api/v1/dossiers', { json: { heading_id: h.json().id, title, retention_years: 10 } });
    assert.equal(d.status, 201, d.text);
    const id = d.json().id;
    assert.equal((await api.post(`/api/v1/dossiers/${id}/open`, { json: {} })).status, 200);
    assert.equal((await api.post(`/api/v1/dossiers/${id}/close`, { json: {} })).status, 200);

    const page = await newPage(browser, srv.base, size);
    await login(page, 'vanthu', DEMO_PASSWORD);
    await page.goto('/archives');
    assert.match(await page.textContent('#ar-due'), new RegExp(title));
    await noSideways(page, '/archives');
    await shot(page, `archives-due-${w}`);
    await page.check(`#ar-due input[name=dossier_id][value="${id}"]`);
    await page.click('#ar-due button[type=submit]');
    await page.waitForURL(/\/archives\/batches\/\d+$/);
    const copies = await page.locator('.ar-minutes').count();
    assert.equal(copies, 2, 'the record in two copies');
    assert.match(await page.textContent('main'), /BIÊN BẢN GIAO NHẬN/);
    assert.match(await page.textContent('main'), new RegExp(title));
    await noSideways(page, 'batch page');
    await shot(page, `archives-batch-${w}`);
    await page.click('text=Tiếp nhận vào lưu trữ');
    await page.waitForURL(/\/archives\/batches\/\d+$/);
    assert.match(await page.textContent('body'), /Đã tiếp nhận hồ sơ vào lưu trữ/);
    assert.equal(await page.locator('text=Tiếp nhận vào lưu trữ').count(), 0);

    await page.goto('/archives');
    assert.doesNotMatch(await page.textContent('#ar-due'), new RegExp(title));
    assert.match(await page.textContent('#ar-batches'), /Đã tiếp nhận/);
    await page.goto('/archives/reading-room');
    await page.fill('#ar-q', `tong ket cong tac dan van ${w}`);
    await page.click('.ar-search button');
    await page.waitForURL(/reading-room\?q=/);
    assert.match(await page.textContent('main'), new RegExp(title));
    assert.doesNotMatch(await page.textContent('main'), /\bcurrent\b/);
    await noSideways(page, 'reading room');
    await shot(page, `archives-room-${w}`);
    await page.close();

    const boss = await newPage(browser, srv.base, size);
    await login(boss, 'chanhvp', DEMO_PASSWORD);
    await boss.goto('/');
    assert.match(await boss.textContent('#home-archives'), /quá hạn giao nộp/);
    await noSideways(boss, 'home');
    await boss.close();
  });
}
