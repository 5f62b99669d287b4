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

// Disposal through the pages (1366): the archivist proposes two dossiers past retention with the
// valuation council (a council too small is refused in red beside it, the ticks kept), places a
// hold on one of them (an empty reason refused in red), drafts "Tạo quyết định hủy" into the
// outgoing flow; the Thường trực decides; execution is refused until the decision is issued on
// the outgoing pages; then it destroys one and keeps the held one, and the minutes show it. On a
// phone (390) the same pages read without sideways scroll.
async function post(page, locator) {
  if (!page.__dialogs) { page.on('dialog', (d) => d.accept()); page.__dialogs = true; } // the sign confirmation
  await Promise.all([page.waitForNavigation(), locator.click()]);
}

test('a disposal through the pages, one dossier kept by a hold, the decision issued', { timeout: 300000 }, async () => {
  const size = SIZES[0];
  const cand = (await (await srv.as('vanthu')).get('/api/v1/archives/disposal-candidates')).json().items.filter((x) => !x.held);
  assert.ok(cand.length >= 2, 'the demo has dossiers past retention');
  const [a, b] = cand;
  const page = await newPage(browser, srv.base, size);
  await login(page, 'vanthu', DEMO_PASSWORD);
  await page.goto('/archives');
  await post(page, page.locator('a[href="/archives/disposals"]'));
  const form = page.locator('#ar-propose form');
  await form.locator(`input[name=dossier_id][value="${a.id}"]`).check();
  await form.locator(`input[name=dossier_id][value="${b.id}"]`).check();
  await form.locator('input[name=name_1]').fill('Trần Thị Bích Ngọc');
  await form.locator('input[name=position_1]').fill('Chánh Văn phòng');
  await post(page, form.locator('button[type=submit]'));
  assert.match(await page.locator('#f-council-err').textContent(), /ít nhất 3 thành viên/);
  assert.ok(await form.locator(`input[name=dossier_id][value="${a.id}"]`).isChecked(), 'the ticks are kept');
  assert.equal(await form.locator('input[name=name_1]').inputValue(), 'Trần Thị Bích Ngọc');
  assert.equal((await (await srv.as('vanthu')).get('/api/v1/archives/disposal-candidates')).json().items.length >= cand.length, true);
  await form.locator('input[name=name_2]').fill('Lê Thị Hoa');
  await form.locator('input[name=position_2]').fill('Văn thư, lưu trữ');
  await form.locator('input[name=name_3]').fill('Phạm Văn Bình');
  await form.locator('input[name=position_3]').fill('Chuyên viên');
  await post(page, form.locator('button[type=submit]'));
  assert.match(page.url(), /\/archives\/disposals\/\d+$/);
  const caseUrl = new URL(page.url()).pathname;
  assert.equal((await page.locator('#ar-case-status').textContent()).trim(), 'Chờ quyết định');
  await shot(page, 'archives-case-proposed-1366');

  // The hold, on the dossier already proposed.
  await page.goto('/archives/disposals');
  const hold = page.locator('#ar-hold form');
  await hold.locator('#f-hold-dossier').selectOption(String(b.id));
  await post(page, hold.locator('button[type=submit]'));
  assert.match(await page.locator('#f-hold-reason-err').textContent(), /lý do/);
  await hold.locator('#f-hold-reason').fill('Đơn khiếu nại mới, Ủy ban Kiểm tra đang xác minh');
  await post(page, hold.locator('button[type=submit]'));
  assert.match(await page.textContent('body'), /Đã đặt lệnh giữ/);

  // The decision drafted into the outgoing flow.
  await page.goto(caseUrl);
  await post(page, page.getByRole('button', { name: 'Tạo quyết định hủy' }));
  assert.match(page.url(), /\/outgoing\/\d+$/);
  const decision = new URL(page.url()).pathname;
  assert.equal((await page.locator('#status').textContent()).trim(), 'Dự thảo');

  const head = await newPage(browser, srv.base, size);
  await login(head, 'thuongtruc', DEMO_PASSWORD);
  await head.goto(caseUrl);
  await post(head, head.getByRole('button', { name: 'Quyết định tiêu hủy' }));
  assert.equal((await head.locator('#ar-case-status').textContent()).trim(), 'Đã quyết định tiêu hủy');
  await head.close();

  await page.goto(caseUrl);
  await post(page, page.getByRole('button', { name: 'Thực hiện tiêu hủy' }));
  assert.match(await page.textContent('body'), /chưa được ban hành/);
  assert.equal(await page.locator('#ar-minutes').count(), 0, 'nothing destroyed');

  // The existing outgoing pages: approve and sign, then number and issue.
  const boss = await newPage(browser, srv.base, size);
  await login(boss, 'chanhvp', DEMO_PASSWORD);
  await boss.goto(decision);
  await post(boss, boss.locator('#doc-actions').getByRole('button', { name: 'Phê duyệt' }));
  await post(boss, boss.locator('#doc-actions').getByRole('button', { name: 'Ký ban hành' }));
  await boss.close();
  await page.goto(decision);
  await post(page, page.locator('#doc-actions').getByRole('button', { name: 'Cấp số và phát hành' }));
  assert.equal((await page.locator('#status').textContent()).trim(), 'Đã phát hành');

  await page.goto(caseUrl);
  assert.match(await page.locator('#ar-decision').textContent(), /đã ban hành/);
  await post(page, page.getByRole('button', { name: 'Thực hiện tiêu hủy' }));
  assert.equal((await page.locator('#ar-case-status').textContent()).trim(), 'Đã tiêu hủy');
  const minutes = await page.locator('#ar-minutes').textContent();
  assert.match(minutes, /BIÊN BẢN TIÊU HỦY/);
  assert.match(minutes, new RegExp(`${a.code.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*đã tiêu hủy`));
  assert.match(minutes, /GIỮ LẠI/);
  assert.ok(await page.getByRole('button', { name: 'In biên bản' }).isVisible());
  await noSideways(page, 'case page');
  await shot(page, 'archives-case-executed-1366');
  // The minutes are a document: a bien_ban draft in the outgoing flow, linked from the case and
  // the tombstones, to be numbered when issued.
  const mlink = page.locator('#ar-minutes-doc a');
  assert.match(await page.locator('#ar-minutes-doc').textContent(), /chưa ban hành/);
  await post(page, mlink);
  assert.match(page.url(), /\/outgoing\/\d+$/);
  const minutesDoc = new URL(page.url()).pathname;
  assert.match(await page.textContent('main'), /Biên bản tiêu hủy tài liệu hết giá trị/);
  assert.match(await page.textContent('main'), /Trần Thị Bích Ngọc/);
  await page.goto('/archives');
  assert.match(await page.textContent('#ar-tombstones'), new RegExp(a.title.slice(0, 20)));
  assert.ok(await page.locator(`#ar-tombstones a[href="${minutesDoc}"]`).count() >= 1, 'the tombstone links the minutes');
  await page.close();

  const phone = await newPage(browser, srv.base, SIZES[1]);
  await login(phone, 'vanthu', DEMO_PASSWORD);
  for (const p of ['/archives/disposals', caseUrl]) {
    await phone.goto(p);
    await noSideways(phone, `${p} (390)`);
  }
  await shot(phone, 'archives-case-390');
  await phone.close();
});
