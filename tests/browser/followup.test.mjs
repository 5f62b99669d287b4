// Follow-up of a conclusion notice (issue 13), clicked through as the people would, at a desk
// (1366×768) and on a phone (390×844): the Chánh Văn phòng opens the office's issued
// conclusion notice in "Giao nhiệm vụ" (?outgoing=), gives one clause to Đảng ủy phường Bình
// Thủy with a deadline on a holiday — refused in red with the next working day offered, one
// click fills it — and one to the Ban Tổ chức with a deadline already past (assigned a month
// ago); the ward reports progress with a file and completion on time, the Ban completes late;
// the office confirms both; the report counts one on time and one late, each count opens the
// list holding that task, the chart is drawn and the xlsx downloads. No page scrolls sideways.
// Screenshots followup-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, shot, login, startServer, DEMO_PASSWORD } from './lib.mjs';

let srv, browser, notice;
const SIZES = [{ width: 1366, height: 768 }, { width: 390, height: 844 }];
const today = () => new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
const plusDays = (n) => new Date(Date.now() + 7 * 3600e3 + n * 86400e3).toISOString().slice(0, 10);

// A working day on or after date, as the server's calendar says (a refused dry run: an empty
// content keeps anything from being saved; a day off comes back with its suggestion).
async function workday(date, lead) {
  const r = await (await srv.as('chanhvp')).post('/api/v1/followup', {
    json: { source_title: 'x', assigned_on: plusDays(-40), items: [{ content: '', lead_unit_id: lead, due_date: date }] },
  });
  assert.equal(r.status, 422);
  return r.json().error.suggestion || date;
}

async function noSideways(page, what) {
  const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(over <= 0, `${what}: scrolls sideways by ${over}px`);
}

const file = (name) => ({ name, mimeType: 'text/plain', buffer: Buffer.from(`Báo cáo ${name}\nKết quả thực hiện nhiệm vụ.\n`) });

before(async () => {
  srv = await startServer();
  browser = await launch();
  const out = (await (await srv.as('chanhvp')).get('/api/v1/outgoing?status=issued&limit=200')).json().items;
  notice = out.find((d) => d.doc_type === 'thong_bao');
  assert.ok(notice, 'an issued conclusion notice of the demo office');
});
after(async () => { if (browser) await browser.close(); if (srv) await srv.stop(); });

for (const size of SIZES) {
  test(`a conclusion notice followed up to the report, ${size.width}×${size.height}`, async () => {
    const w = size.width;
    const units = (await (await srv.as('chanhvp')).get('/api/v1/units')).json().items;
    const btc = units.find((u) => u.name === 'Ban Tổ chức Thành ủy Cần Thơ' && u.active).id;
    const pastDue = await workday(plusDays(-12), btc);
    const contentA = `Tổ chức hội nghị quán triệt kết luận (${w})`;
    const contentB = `Rà soát quy hoạch cán bộ (${w})`;

    // ---- the office assigns two clauses of the notice
    const office = await newPage(browser, srv.base, size);
    await login(office, 'chanhvp', DEMO_PASSWORD);
    await office.goto(`/followup/new?outgoing=${notice.id}`);
    assert.match(await office.inputValue('#f-source_title'), new RegExp(notice.notation.replace(/[/-]/g, '\\$&')));
    await office.fill('#f-assigned_on', plusDays(-30));
    await office.fill('#fu-0-clause', 'Mục 1');
    await office.fill('#fu-0-content', contentA);
    await office.selectOption('#fu-0-lead', { label: 'Đảng ủy phường Bình Thủy' });
    await office.fill('#fu-0-due', '2027-01-01');
    await office.fill('#fu-1-clause', 'Mục 2');
    await office.fill('#fu-1-content', contentB);
    await office.selectOption('#fu-1-lead', { label: 'Ban Tổ chức Thành ủy Cần Thơ' });
    await office.fill('#fu-1-due', pastDue);
    await noSideways(office, 'the assign form');
    await Promise.all([office.waitForNavigation(), office.click('form.fu-new button[type="submit"]:not([name])')]);
    // refused: red beside row 1's deadline, both rows kept, nothing saved
    const err = office.locator('#fu-0-due-err');
    assert.ok(await err.isVisible(), 'the message stands beside the deadline');
    assert.match(await err.textContent(), /01\/01\/2027 là ngày nghỉ \(Tết Dương lịch\).*04\/01\/2027/);
    assert.equal(await office.inputValue('#fu-1-content'), contentB);
    assert.equal(await office.inputValue('#fu-0-due'), '2027-01-01');
    await shot(office, `followup-holiday-${w}`);
    const list0 = (await (await srv.as('chanhvp')).get(`/api/v1/followup?q=${encodeURIComponent(contentA)}`)).json();
    assert.equal(list0.total, 0, 'nothing half-saved');
    // the offered date, one click
    await office.click('button[data-fill="fu-0-due"]');
    assert.equal(await office.inputValue('#fu-0-due'), '2027-01-04');
    await Promise.all([office.waitForNavigation(), office.click('form.fu-new button[type="submit"]:not([name])')]);
    assert.match(await office.locator('body').textContent(), /Đã giao 2 nhiệm vụ/);
    const api = await srv.as('chanhvp');
    const idA = (await api.get(`/api/v1/followup?q=${encodeURIComponent(contentA)}`)).json().items[0].id;
    const idB = (await api.get(`/api/v1/followup?q=${encodeURIComponent(contentB)}`)).json().items[0].id;
    await noSideways(office, 'the list');

    // ---- the ward: progress with a file, then completion with its reply
    const ward = await newPage(browser, srv.base, size);
    await login(ward, 'donvi', DEMO_PASSWORD);
    await ward.goto('/followup');
    assert.match(await ward.locator('h1').textContent(), /Nhiệm vụ được giao/);
    await Promise.all([ward.waitForNavigation(), ward.click(`a[href="/followup/${idA}"]`)]);
    await ward.fill('#f-progress-note', 'Đã xây dựng kế hoạch tổ chức hội nghị.');
    await ward.setInputFiles('#f-progress-file', file('ke-hoach.txt'));
    await Promise.all([ward.waitForNavigation(), ward.getByRole('button', { name: 'Gửi báo cáo tiến độ' }).click()]);
    assert.match(await ward.locator('.fu-events').textContent(), /Đã xây dựng kế hoạch/);
    assert.equal(await ward.locator('.fu-events a', { hasText: 'ke-hoach.txt' }).count(), 1);
    await ward.setInputFiles('#f-complete-file', file('bao-cao-ket-qua.txt'));
    await ward.fill('#f-doc_date', today());
    await Promise.all([ward.waitForNavigation(), ward.getByRole('button', { name: 'Báo cáo hoàn thành' }).click()]);
    assert.match(await ward.locator('main').textContent(), /chờ văn phòng xác nhận/);
    await noSideways(ward, 'the task page');
    await shot(ward, `followup-ward-${w}`);

    // ---- the Ban, late
    const ban = await newPage(browser, srv.base, size);
    await login(ban, 'chuyenvien2', DEMO_PASSWORD);
    await ban.goto(`/followup/${idB}`);
    assert.match(await ban.locator('.fu-status').textContent(), /Quá hạn/);
    await ban.setInputFiles('#f-complete-file', file('bao-cao-ban-to-chuc.txt'));
    await ban.fill('#f-doc_date', today());
    await Promise.all([ban.waitForNavigation(), ban.getByRole('button', { name: 'Báo cáo hoàn thành' }).click()]);

    // ---- the office confirms both
    for (const [id, status] of [[idA, /Hoàn thành đúng hạn/], [idB, /Hoàn thành quá hạn/]]) {
      await office.goto(`/followup/${id}`);
      await Promise.all([office.waitForNavigation(), office.getByRole('button', { name: 'Xác nhận hoàn thành' }).click()]);
      assert.match(await office.locator('.fu-status').textContent(), status);
    }

    // ---- the report: one on time (the ward), one late (the Ban); counts open their lists
    const from = plusDays(-60), to = '2027-12-31';
    await office.goto(`/followup/report?by=unit&from=${from}&to=${to}`);
    assert.ok(await office.locator('svg#fu-chart rect').count() > 0, 'the chart is drawn');
    await noSideways(office, 'the report');
    await shot(office, `followup-report-${w}`);
    const rowOf = (name) => office.locator('#fu-report tbody tr', { has: office.locator('td', { hasText: name }) }).first();
    const onTime = rowOf('Đảng ủy phường Bình Thủy').locator('a[data-bucket="done_on_time"]');
    const late = rowOf('Ban Tổ chức Thành ủy Cần Thơ').locator('a[data-bucket="done_late"]');
    const nLate = Number((await late.textContent()).replace(/\./g, ''));
    assert.ok(nLate >= 1);
    await Promise.all([office.waitForNavigation(), late.click()]);
    assert.equal(Number(await office.locator('#fu-total').getAttribute('data-total')), nLate, 'the list has exactly the count');
    assert.match(await office.locator('main').textContent(), new RegExp(contentB.replace(/[()]/g, '\\$&')));
    await office.goBack();
    await Promise.all([office.waitForNavigation(), onTime.click()]);
    assert.match(await office.locator('main').textContent(), new RegExp(contentA.replace(/[()]/g, '\\$&')));
    // the xlsx
    await office.goto(`/followup/report?by=unit&from=${from}&to=${to}`);
    const [download] = await Promise.all([office.waitForEvent('download'), office.click('#fu-xlsx')]);
    assert.match(download.suggestedFilename(), /\.xlsx$/);
    const path = await download.path();
    const { statSync, readFileSync } = await import('node:fs');
    assert.ok(statSync(path).size > 1000);
    assert.equal(readFileSync(path).subarray(0, 2).toString(), 'PK');
    for (const p of [office, ward, ban]) assert.deepEqual(p.errors, [], 'no script errors');
    for (const p of [office, ward, ban]) await p.context().close();
  });
}
