// The working-day calendar in the browser (issue 13) at 1366×768 and 390×844: the
// administrator opens the year, clicks a day in the month grid, marks it as a holiday and sees
// it marked; a leader routes a document with its deadline on Quốc khánh (2/9), reads the red
// message naming the day, clicks the offered next working day — which fills the field, the
// rest of the form kept — and saves. Screenshots: workdays-*-<width>.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, shot, login, startServer, DEMO_PASSWORD } from './lib.mjs';
import { isWorkingDay } from '../http/workdays-dates.mjs';

let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { if (browser) await browser.close(); if (srv) await srv.stop(); });

const today = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
// The next 2 September still ahead: a deadline may not be in the past.
const y = Number(today.slice(0, 4)) + (today.slice(5) >= '09-02' ? 1 : 0);
const quocKhanh = `${y}-09-02`;
const vn = (iso) => iso.split('-').reverse().join('/');

async function noPageScroll(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}
async function csrf(page) {
  await page.goto('/');
  return page.locator('input[name="csrf"]').first().getAttribute('value');
}

for (const [width, height] of [[1366, 768], [390, 844]]) {
  test(`the administrator marks a day as a holiday on the grid (${width}px)`, async () => {
    const admin = await newPage(browser, srv.base, { width, height });
    await login(admin, 'admin', DEMO_PASSWORD);
    await admin.goto('/');
    await Promise.all([admin.waitForNavigation(), admin.locator('a[href="/admin/workdays"]').first().click()]);
    assert.match(await admin.locator('h1').textContent(), /Lịch ngày làm việc năm/);
    await admin.goto(`/admin/workdays?year=${y}`);
    assert.equal(await admin.locator('section.wd-month').count(), 12);
    assert.ok(await noPageScroll(admin), 'no horizontal page scroll');
    // a Wednesday in June, different per run
    const day = `${y}-06-${width === 1366 ? '16' : '23'}`;
    const d = new Date(`${day}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + ((3 - d.getUTCDay() + 7) % 7));
    const wed = d.toISOString().slice(0, 10);
    const cell = admin.locator(`td[data-day="${wed}"]`);
    assert.equal(await cell.getAttribute('class'), '', 'a working day to begin with');
    await Promise.all([admin.waitForNavigation(), cell.locator('a').click()]);
    assert.equal(await admin.locator('#wd-day').inputValue(), wed, 'the clicked day fills the form');
    await admin.selectOption('#wd-kind', 'holiday');
    await admin.fill('#wd-name', 'Ngày lễ thử nghiệm');
    await admin.fill('#wd-source', 'Thông báo thử');
    await shot(admin, `workdays-form-${width}`);
    await Promise.all([admin.waitForNavigation(), admin.click('#day-form button[type="submit"]')]);
    assert.match(await admin.locator('body').textContent(), /Đã lưu ngày vào lịch/);
    const marked = admin.locator(`td[data-day="${wed}"]`);
    assert.match(await marked.getAttribute('class'), /wd-holiday/);
    assert.match(await marked.getAttribute('title'), /Ngày lễ: Ngày lễ thử nghiệm \(chưa xác minh\)/);
    assert.match(await admin.locator(`#m-06 .wd-names`).textContent(), /Ngày lễ thử nghiệm — Ngày lễ/);
    assert.ok(await noPageScroll(admin), 'no horizontal page scroll');
    await shot(admin, `workdays-year-${width}`);
    assert.deepEqual(admin.errors, []);
    await admin.context().close();
  });

  test(`a leader routes with the deadline on 2/9, takes the offered working day and saves (${width}px)`, async () => {
    assert.equal(isWorkingDay(quocKhanh), false, `${quocKhanh} is in the seeded calendar`);
    const clerk = await newPage(browser, srv.base, { width, height });
    await login(clerk, 'vanthu', DEMO_PASSWORD);
    const r = await clerk.request.post('/api/v1/incoming', {
      headers: { 'x-csrf-token': await csrf(clerk) },
      data: { issuer_name: 'Sở Nội vụ thành phố Cần Thơ', doc_type: 'cong_van', issued_date: '2026-01-20', subject: `Về việc chuẩn bị lễ Quốc khánh (${width})`, code: `${width}/SNV-QK` },
    });
    assert.equal(r.status(), 201, await r.text());
    const id = (await r.json()).id;
    const lead = await newPage(browser, srv.base, { width, height });
    await login(lead, 'chanhvp', DEMO_PASSWORD);
    const cv = await (await lead.request.get('/api/v1/me')).json();
    const next = (await (await lead.request.get(`/api/v1/workdays/next?date=${quocKhanh}`)).json()).result;
    await lead.goto(`/incoming/${id}`);
    const person = (await lead.locator('#assign-form input[name="lead"][value^="p"]').first().getAttribute('value'));
    await lead.check(`#assign-form input[name="lead"][value="${person}"]`);
    await lead.fill('#f-due', quocKhanh);
    await lead.fill('#f-instruction', 'Chuẩn bị kịp thời, báo cáo trước hạn');
    await Promise.all([lead.waitForNavigation(), lead.click('#assign-form button[type="submit"]')]);
    const err = lead.locator('#f-due-err');
    assert.match(await err.textContent(), new RegExp(`Ngày ${vn(quocKhanh)} là ngày nghỉ \\(Quốc khánh\\)`));
    assert.ok(await err.isVisible());
    assert.equal(await lead.locator('#f-due').inputValue(), quocKhanh, 'the typed date is kept');
    assert.equal(await lead.locator('#f-instruction').inputValue(), 'Chuẩn bị kịp thời, báo cáo trước hạn');
    assert.ok(await lead.locator(`#assign-form input[name="lead"][value="${person}"]`).isChecked(), 'the lead ticked is kept');
    assert.ok(await noPageScroll(lead), 'no horizontal page scroll');
    await shot(lead, `workdays-refused-${width}`);
    const offer = lead.locator('button[data-fill="f-due"]');
    assert.match(await offer.textContent(), new RegExp(vn(next)));
    await offer.click();
    assert.equal(await lead.locator('#f-due').inputValue(), next, 'the offered day is in the field');
    await Promise.all([lead.waitForNavigation(), lead.click('#assign-form button[type="submit"]')]);
    assert.match(await lead.locator('body').textContent(), /Đã phân công xử lý/);
    const doc = await (await lead.request.get(`/api/v1/incoming/${id}`)).json();
    assert.equal(doc.deadline, next);
    assert.ok(cv.id);
    for (const p of [clerk, lead]) { assert.deepEqual(p.errors, []); await p.context().close(); }
  });
}
