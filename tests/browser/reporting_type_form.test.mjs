// The report type editor field by field (issue 14, leftovers): the administrator creates a
// monthly type of three indicators (one computed: TONG = NAM + NU) and a check formula through
// the form, reorders and removes rows; wrong formulas are refused in red beside their rows with
// everything typed kept, the fix is saved; the type is in the list, the city clerk opens a
// month for the wards, and a ward fills NAM and NU while the server works out TONG. The edit page at 390 px: a refusal beside its field, no
// sideways scroll. Screenshots in tests/browser/screenshots (reporting-type-form-*).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { launch, newPage, shot, login, DEMO_PASSWORD } from './lib.mjs';
import { makeDemoData, spawnServe } from '../http/lib.mjs';

const T1 = Date.UTC(2026, 10, 20, 3, 0, 0) / 1000; // 20/11/2026 10:00
let demo, server, browser;

before(async () => {
  demo = makeDemoData();
  browser = await launch();
  server = await spawnServe(demo.data, { env: { VANPHONG_TEST: '1', VANPHONG_FAKE_NOW: String(T1) } });
});
after(async () => {
  if (browser) await browser.close();
  if (server) { server.proc.kill('SIGTERM'); await server.exited; }
  if (demo) rmSync(demo.dir, { recursive: true, force: true });
});

async function noSideScroll(page, what) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${what}: no sideways scroll (${overflow}px)`);
}

const ind = (i, m) => `[name="form.indicators[${i}].${m}"]`;

async function save(page, sel = '#rt-form-save') {
  await Promise.all([page.waitForNavigation(), page.locator(sel).click()]);
}

test('a report type made through the form: rows added, moved, removed; a wrong formula refused beside its row; fixed; opened for the wards', async () => {
  const base = server.base;
  const admin = await newPage(browser, base, { width: 1366, height: 768 });
  await login(admin, 'admin', DEMO_PASSWORD);
  await admin.goto('/admin/report-types');
  await admin.locator('#rt-code').fill('BC_DOAN_VIEN');
  await admin.locator('#rt-name').fill('Báo cáo tháng phát triển đoàn viên');
  await admin.locator('#rt-legal_basis').fill('Kế hoạch số 12-KH/TU của Thành ủy');
  await admin.locator('#rt-secrecy').selectOption('none');
  await admin.locator('[name="cycles.month"]').check();
  await admin.locator('[name="levels.XA"]').check();
  await admin.locator('#rt-effective_from').fill('2026-01-01');
  await admin.locator('#rt-cutoff_day').fill('14');
  await admin.locator('#rt-due_kind').selectOption('day');
  await admin.locator('#rt-due_value').fill('25');
  await admin.locator('#rt-form\\.from_period').fill('2026-01');
  // Three rows are offered for a new type: NAM, NU, then TONG moved to the top.
  await admin.locator(ind(0, 'code')).fill('NAM');
  await admin.locator(ind(0, 'name')).fill('Đoàn viên nam kết nạp mới');
  await admin.locator(ind(0, 'unit')).fill('người');
  await admin.locator(ind(1, 'code')).fill('NU');
  await admin.locator(ind(1, 'name')).fill('Đoàn viên nữ kết nạp mới');
  await admin.locator(ind(1, 'unit')).fill('người');
  await admin.locator(ind(2, 'code')).fill('TONG');
  await admin.locator(ind(2, 'name')).fill('Tổng số đoàn viên kết nạp mới');
  await admin.locator(ind(2, 'required')).check();
  await admin.locator(ind(2, 'formula')).fill('NAM + NU + KHAC');
  await admin.locator('#rt-ind li').nth(2).locator('[data-row-up]').click();
  await admin.locator('#rt-ind li').nth(1).locator('[data-row-up]').click();
  assert.equal(await admin.locator(ind(0, 'code')).inputValue(), 'TONG', 'moved to the top, renumbered');
  assert.equal(await admin.locator(ind(0, 'required')).isChecked(), true);
  // A fourth row added, then removed again.
  await admin.locator('#rt-ind-add').click();
  await admin.locator(ind(3, 'code')).fill('TAM');
  assert.equal(await admin.locator('[name="n_ind"]').inputValue(), '4');
  await admin.locator('#rt-ind li').nth(3).locator('[data-row-del]').click();
  assert.equal(await admin.locator('[name="n_ind"]').inputValue(), '3');
  await admin.locator('[name="form.rules[0].expr"]').fill('NU <= TONG and');
  await admin.locator('[name="form.rules[0].message"]').fill('Tổng số phải bằng số nam cộng số nữ.');
  await save(admin);
  assert.match(admin.url(), /\/admin\/report-types$/, 'refused: back on the list');
  assert.match(await admin.locator('#rt-ind-0-formula-err').innerText(), /TONG nhắc đến KHAC: không có trong biểu mẫu/, 'the computed formula refused beside its row');
  assert.equal(await admin.locator('#rt-ind-0-formula').getAttribute('aria-invalid'), 'true');
  assert.equal(await admin.locator(ind(0, 'formula')).inputValue(), 'NAM + NU + KHAC', 'the formula typed is kept');
  assert.match(await admin.locator('#rt-rule-0-expr-err').innerText(), /Quy tắc thứ 1/, 'the check formula refused beside its row');
  assert.equal(await admin.locator('[name="form.rules[0].expr"]').inputValue(), 'NU <= TONG and');
  assert.equal(await admin.locator(ind(0, 'code')).inputValue(), 'TONG', 'the rows kept in their order');
  assert.equal(await admin.locator(ind(2, 'name')).inputValue(), 'Đoàn viên nữ kết nạp mới');
  assert.equal(await admin.locator(ind(0, 'required')).isChecked(), true);
  assert.equal(await admin.locator('#rt-code').inputValue(), 'BC_DOAN_VIEN');
  assert.equal(await admin.locator('[name="levels.XA"]').isChecked(), true);
  assert.equal(await admin.locator('#rt-due_value').inputValue(), '25');
  assert.equal(await admin.locator('#rt-list').getByText('BC_DOAN_VIEN').count(), 0, 'nothing saved');
  await shot(admin, 'reporting-type-form-refused');
  // A computed formula naming itself: refused beside the same row.
  await admin.locator(ind(0, 'formula')).fill('NAM + NU + TONG');
  await admin.locator('[name="form.rules[0].expr"]').fill('NU <= TONG');
  await save(admin);
  assert.match(await admin.locator('#rt-ind-0-formula-err').innerText(), /là chính chỉ tiêu này/);
  assert.equal(await admin.locator('#rt-rule-0-expr-err').count(), 0, 'the check formula now passes');
  await admin.locator(ind(0, 'formula')).fill('NAM + NU');
  await save(admin);
  assert.match(admin.url(), /\/admin\/report-types\/\d+$/);
  assert.match(await admin.locator('main').innerText(), /Đã lưu loại báo cáo/);
  const typeId = Number(/(\d+)$/.exec(admin.url())[1]);
  const t = await (await admin.request.get(`/api/v1/reports/types/${typeId}`)).json();
  assert.deepEqual(t.form.indicators.map((x) => x.code), ['TONG', 'NAM', 'NU']);
  assert.equal(t.form.indicators[0].required, true);
  assert.equal(t.form.indicators[1].unit, 'người');
  assert.equal(t.form.indicators[0].formula, 'NAM + NU');
  assert.equal(t.form.rules[0].expr, 'NU <= TONG');
  assert.deepEqual(t.levels, ['XA']);
  assert.equal(t.due.value, 25);
  assert.equal(t.secrecy, 'none');
  // The edit page shows the saved rows; the list shows the type.
  assert.equal(await admin.locator(ind(1, 'code')).inputValue(), 'NAM');
  await admin.goto('/admin/report-types');
  assert.equal(await admin.locator('#rt-list tr', { hasText: 'BC_DOAN_VIEN' }).count(), 1);
  await noSideScroll(admin, 'the list with the form at 1366');

  // The clerk opens November for the wards; Bình Thủy's unit sees its report to fill.
  const clerk = await newPage(browser, base, { width: 1366, height: 768 });
  await login(clerk, 'vanthu', DEMO_PASSWORD);
  await clerk.goto(`/reports/types/${typeId}?cycle=month&year=2026`);
  await clerk.locator('#open-period').fill('2026-11');
  await Promise.all([clerk.waitForNavigation(), clerk.locator('form[action$="/open"] button[type="submit"]').click()]);
  assert.match(await clerk.locator('main').innerText(), /Đã mở kỳ báo cáo cho \d+ đơn vị/);
  const ward = await newPage(browser, base, { width: 390, height: 844 });
  await login(ward, 'donvi', DEMO_PASSWORD);
  await ward.goto('/reports/periodic');
  const row = ward.locator('#rep-own tr', { hasText: 'Tháng 11/2026' }).filter({ hasText: 'phát triển đoàn viên' });
  assert.equal(await row.count(), 1, 'the ward has the new report to fill');
  await Promise.all([ward.waitForNavigation(), row.locator('a').first().click()]);
  assert.equal(await ward.locator('output#f-TONG').count(), 1, 'TONG is shown, not typed');
  await ward.locator('#f-NAM').fill('3');
  await ward.locator('#f-NU').fill('4');
  await Promise.all([ward.waitForNavigation(), ward.locator('button[name="action"][value="save"]').click()]);
  assert.equal((await ward.locator('output#f-TONG').innerText()).trim(), '7', 'the server worked out TONG = NAM + NU');
  const how = await ward.locator('output#f-TONG').locator('xpath=..').innerText();
  assert.match(how, /«Đoàn viên nam kết nạp mới» \+ «Đoàn viên nữ kết nạp mới»/, 'the formula in words, not codes');
  assert.doesNotMatch(how, /NAM \+ NU/);
  await noSideScroll(ward, 'the ward\'s form on a phone');
  await shot(ward, 'reporting-type-form-ward-computed');

  // At 390 px: the edit page; a name removed is refused beside its field, the rest kept.
  const phone = await newPage(browser, base, { width: 390, height: 844 });
  await login(phone, 'admin', DEMO_PASSWORD);
  await phone.goto('/admin/report-types');
  await noSideScroll(phone, 'the list with the new type form on a phone');
  await phone.goto(`/admin/report-types/${typeId}`);
  await noSideScroll(phone, 'the edit page on a phone');
  await phone.locator('#rt-name').fill('');
  await phone.locator(ind(2, 'unit')).fill('đoàn viên');
  await save(phone);
  assert.match(await phone.locator('#rt-name-err').innerText(), /tên loại báo cáo/);
  assert.equal(await phone.locator(ind(2, 'unit')).inputValue(), 'đoàn viên', 'typed values kept');
  await noSideScroll(phone, 'the edit page with its error on a phone');
  await shot(phone, 'reporting-type-form-phone');
  await phone.locator('#rt-name').fill('Báo cáo tháng phát triển đoàn viên');
  await save(phone);
  assert.match(await phone.locator('main').innerText(), /Đã lưu loại báo cáo/);
  const t2 = await (await phone.request.get(`/api/v1/reports/types/${typeId}`)).json();
  assert.equal(t2.form.indicators[2].unit, 'đoàn viên');
});
