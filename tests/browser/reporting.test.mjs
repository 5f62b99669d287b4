// The reporting regime (issue 14), a whole cycle clicked through as the users would, at
// 1366×768 and on a 390×844 phone: the administrator defines a monthly report of five
// indicators and two rules (a bad definition first: the message in red, the text kept); the
// city clerk opens November; three wards report — Bình Thủy on time (after a wrong value shown
// beside its field), Ninh Kiều returned for correction and corrected, Cái Răng late (the server
// is restarted with the clock past the due date); the clerk accepts them; the completeness
// matrix and the aggregate show it; the synthesis draft carries the figures. Screenshots in
// tests/browser/screenshots (reporting-*).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { launch, newPage, shot, login, DEMO_PASSWORD } from './lib.mjs';
import { makeDemoData, spawnServe, cli } from '../http/lib.mjs';

const T1 = Date.UTC(2026, 10, 20, 3, 0, 0) / 1000; // 20/11/2026 10:00, before the due date (24/11)
const T2 = Date.UTC(2026, 10, 26, 3, 0, 0) / 1000; // 26/11/2026: past it
let demo, server, browser;

async function serve(at) {
  if (server) {
    server.proc.kill('SIGTERM');
    await server.exited;
  }
  server = await spawnServe(demo.data, { env: { VANPHONG_TEST: '1', VANPHONG_FAKE_NOW: String(at) } });
  return server.base;
}

before(async () => {
  demo = makeDemoData();
  browser = await launch();
});
after(async () => {
  if (browser) await browser.close();
  if (server) { server.proc.kill('SIGTERM'); await server.exited; }
  if (demo) rmSync(demo.dir, { recursive: true, force: true });
});

const TYPE = {
  code: 'BC_TUAN_TRA', name: 'Báo cáo tháng công tác dân vận', legal_basis: 'Kế hoạch của Thành ủy',
  cycles: ['month'], levels: ['XA'], effective_from: '2026-01-01', cutoff_day: 14,
  due: { kind: 'day', value: 10 },
  form: {
    from_period: '2026-01',
    indicators: [
      { code: 'DV', name: 'Đảng viên mới kết nạp', type: 'integer', unit: 'người', required: true },
      { code: 'HOP_DAN', name: 'Buổi tiếp xúc, đối thoại với dân', type: 'integer', required: true },
      { code: 'Y_KIEN', name: 'Ý kiến, kiến nghị nhận được', type: 'integer' },
      { code: 'DA_TRA_LOI', name: 'Ý kiến đã trả lời', type: 'integer' },
      { code: 'HAI_LONG', name: 'Tỷ lệ hài lòng', type: 'percent', aggregation: 'avg' },
    ],
    sections: [{ code: 'GIAI_TRINH', name: 'Giải trình' }],
    rules: [
      { expr: 'DA_TRA_LOI <= Y_KIEN', message: 'Số ý kiến đã trả lời không thể nhiều hơn số ý kiến nhận được.' },
      { expr: 'required_if(GIAI_TRINH, HAI_LONG < 50)', message: 'Tỷ lệ hài lòng dưới 50% thì phải giải trình.' },
    ],
  },
};

async function noSideScroll(page, what) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${what}: no sideways scroll (${overflow}px)`);
}

async function fillReport(page, v) {
  for (const [code, value] of Object.entries(v)) await page.locator(`#f-${code}`).fill(String(value));
}

async function submit(page) {
  await Promise.all([page.waitForNavigation(), page.locator('button[name="action"][value="submit"]').click()]);
}

test('a month of reports: defined, opened, reported, returned, corrected, late, accepted, aggregated, synthesised', async () => {
  let base = await serve(T1);

  // The administrator: a due date before the cut-off is refused beside the definition.
  const admin = await newPage(browser, base, { width: 1366, height: 768 });
  await login(admin, 'admin', DEMO_PASSWORD);
  const unitList = await (await admin.request.get('/api/v1/units')).json();
  const id = (n) => unitList.items.find((u) => u.name === n && u.active !== false).id;
  for (const [login, name] of [['donvi.nk', 'Đảng ủy phường Ninh Kiều'], ['donvi.cr', 'Đảng ủy phường Cái Răng']]) {
    const r = cli(['user', 'add', '--data', demo.data, '--login', login, '--name', name, '--role', 'unit', '--unit', String(id(name))], { input: `${DEMO_PASSWORD}\n` });
    assert.equal(r.status, 0, r.stderr);
  }
  await admin.goto('/admin/report-types');
  await admin.locator('#rt-advanced summary').click(); // the JSON box, the secondary way in
  await admin.locator('#rt-json').fill(JSON.stringify(TYPE, null, 2));
  await Promise.all([admin.waitForNavigation(), admin.locator('#rt-save').click()]);
  assert.match(await admin.locator('main').innerText(), /Hạn nộp \(ngày 10\) không được trước hoặc trùng ngày chốt số liệu \(ngày 14\)/);
  assert.match(await admin.locator('#rt-json').inputValue(), /BC_TUAN_TRA/, 'the typed definition is kept');
  await shot(admin, 'reporting-admin-refused');
  await admin.locator('#rt-json').fill(JSON.stringify({ ...TYPE, due: { kind: 'day', value: 25, by_level: { XA: 24 } } }, null, 2));
  await Promise.all([admin.waitForNavigation(), admin.locator('#rt-save').click()]);
  assert.match(admin.url(), /\/admin\/report-types\/\d+$/);
  assert.match(await admin.locator('main').innerText(), /Đã lưu loại báo cáo/);
  const typeId = Number(/(\d+)$/.exec(admin.url())[1]);

  // The city clerk opens November for every ward.
  const clerk = await newPage(browser, base, { width: 1366, height: 768 });
  await login(clerk, 'vanthu', DEMO_PASSWORD);
  await clerk.goto(`/reports/types/${typeId}?cycle=month&year=2026`);
  await clerk.locator('#open-period').fill('2026-11');
  await Promise.all([clerk.waitForNavigation(), clerk.locator('form[action$="/open"] button[type="submit"]').click()]);
  assert.match(await clerk.locator('main').innerText(), /Đã mở kỳ báo cáo cho \d+ đơn vị/);

  // Bình Thủy, on a phone: a wrong value is shown in red beside its field, the rest kept.
  const bt = await newPage(browser, base, { width: 390, height: 844 });
  await login(bt, 'donvi', DEMO_PASSWORD);
  await bt.goto('/reports/periodic');
  await Promise.all([bt.waitForNavigation(), bt.locator('#rep-own tr', { hasText: 'Tháng 11/2026' }).filter({ hasText: 'công tác dân vận' }).locator('a').first().click()]);
  await fillReport(bt, { DV: 'hai', HOP_DAN: 4, Y_KIEN: 12, DA_TRA_LOI: 15, HAI_LONG: '86,5' });
  await submit(bt);
  assert.match(await bt.locator('#f-DV-err').innerText(), /phải là số nguyên/);
  assert.equal(await bt.locator('#f-HOP_DAN').inputValue(), '4', 'typed values kept');
  await noSideScroll(bt, 'the form with its errors');
  await shot(bt, 'reporting-ward-errors-phone');
  await bt.locator('#f-DV').fill('2');
  await submit(bt);
  assert.match(await bt.locator('main').innerText(), /Số ý kiến đã trả lời không thể nhiều hơn/);
  await bt.locator('#f-DA_TRA_LOI').fill('10');
  await bt.locator('#f-doc_code').fill('21-BC/ĐU');
  await bt.locator('#f-doc_date').fill('2026-11-19');
  await submit(bt);
  assert.match(await bt.locator('#rep-status').innerText(), /Đã nộp, chờ kiểm tra/);
  const btUrl = new URL(bt.url()).pathname;

  // Ninh Kiều reports; the clerk returns it with a comment.
  const nk = await newPage(browser, base, { width: 1366, height: 768 });
  await login(nk, 'donvi.nk', DEMO_PASSWORD);
  await nk.goto('/reports/periodic');
  await Promise.all([nk.waitForNavigation(), nk.locator('#rep-own tr', { hasText: 'Tháng 11/2026' }).filter({ hasText: 'công tác dân vận' }).locator('a').first().click()]);
  const nkUrl = new URL(nk.url()).pathname;
  await fillReport(nk, { DV: 3, HOP_DAN: 6, Y_KIEN: 20, DA_TRA_LOI: 18, HAI_LONG: 40 });
  await submit(nk);
  assert.match(await nk.locator('main').innerText(), /dưới 50% thì phải giải trình/);
  await nk.locator('#f-GIAI_TRINH').fill('Một số kiến nghị về đất đai chưa được giải quyết dứt điểm.');
  await submit(nk);
  assert.match(await nk.locator('#rep-status').innerText(), /Đã nộp/);

  await clerk.goto(nkUrl);
  await clerk.locator('#rep-comment').fill('Đề nghị kiểm tra lại số buổi tiếp xúc.');
  await Promise.all([clerk.waitForNavigation(), clerk.locator('#rep-return').click()]);
  assert.match(await clerk.locator('#rep-status').innerText(), /Trả lại để sửa/);
  await clerk.goto(btUrl);
  await Promise.all([clerk.waitForNavigation(), clerk.locator('#rep-accept').click()]);
  assert.match(await clerk.locator('main').innerText(), /Đã tiếp nhận báo cáo và vào sổ văn bản đến/);
  assert.equal(await clerk.locator('a', { hasText: 'Xem văn bản đến' }).count(), 1);

  // A week later (past the due date of 24/11): Ninh Kiều corrects, Cái Răng reports late.
  base = await serve(T2);
  const nk2 = await newPage(browser, base, { width: 1366, height: 768 });
  await login(nk2, 'donvi.nk', DEMO_PASSWORD);
  await nk2.goto(nkUrl);
  assert.match(await nk2.locator('main').innerText(), /Đề nghị kiểm tra lại số buổi tiếp xúc/);
  await nk2.locator('#f-HOP_DAN').fill('5');
  await submit(nk2);
  assert.match(await nk2.locator('#rep-status').innerText(), /Đã nộp/);
  assert.doesNotMatch(await nk2.locator('#rep-status').innerText(), /Nộp muộn/, 'judged by the first submission');

  const cr = await newPage(browser, base, { width: 390, height: 844 });
  await login(cr, 'donvi.cr', DEMO_PASSWORD);
  await cr.goto('/reports/periodic');
  await Promise.all([cr.waitForNavigation(), cr.locator('#rep-own tr', { hasText: 'Tháng 11/2026' }).filter({ hasText: 'công tác dân vận' }).locator('a').first().click()]);
  await fillReport(cr, { DV: 1, HOP_DAN: 2, Y_KIEN: 5, DA_TRA_LOI: 5, HAI_LONG: 75 });
  await submit(cr);
  assert.match(await cr.locator('#rep-status').innerText(), /Nộp muộn/);
  const crUrl = new URL(cr.url()).pathname;

  const clerk2 = await newPage(browser, base, { width: 1366, height: 768 });
  await login(clerk2, 'vanthu', DEMO_PASSWORD);
  for (const url of [nkUrl, crUrl]) {
    await clerk2.goto(url);
    await Promise.all([clerk2.waitForNavigation(), clerk2.locator('#rep-accept').click()]);
    assert.match(await clerk2.locator('#rep-status').innerText(), /Đã tiếp nhận/);
  }

  // The completeness matrix: three accepted (one late), the other wards overdue.
  await clerk2.goto(`/reports/types/${typeId}?cycle=month&year=2026`);
  const row = (name) => clerk2.locator('#rep-matrix tr', { hasText: name });
  const nov = 11; // the 11th period column (after the unit name)
  const cell = (name) => row(name).locator('td').nth(nov - 1);
  assert.match(await cell('Đảng ủy phường Bình Thủy').innerText(), /Đã tiếp nhận/);
  assert.match(await cell('Đảng ủy phường Ninh Kiều').innerText(), /Đã tiếp nhận/);
  assert.match(await cell('Đảng ủy phường Cái Răng').innerText(), /Muộn/);
  assert.match(await cell('Đảng ủy phường Tân An').innerText(), /Quá hạn/);
  assert.match(await row('Đảng ủy phường Cái Răng').locator('.rep-rate').innerText(), /0% · 100% · 0%/);
  await shot(clerk2, 'reporting-matrix');
  const phone = await newPage(browser, base, { width: 390, height: 844 });
  await login(phone, 'vanthu', DEMO_PASSWORD);
  await phone.goto(`/reports/types/${typeId}?cycle=month&year=2026`);
  await noSideScroll(phone, 'the matrix on a phone');
  await shot(phone, 'reporting-matrix-phone');

  // The aggregate: the three wards' figures summed (2 + 3 + 1), the satisfaction averaged.
  await clerk2.goto(`/reports/types/${typeId}/aggregate?period=2026-10,2026-11`);
  const dv = clerk2.locator('#rep-pivot tr[data-ind="DV"] td');
  assert.equal((await dv.nth(1).innerText()).trim(), '6');
  const hl = clerk2.locator('#rep-pivot tr[data-ind="HAI_LONG"] td');
  assert.equal((await hl.nth(1).innerText()).trim(), '67.2'); // (86.5 + 40 + 75) / 3
  assert.equal(await clerk2.locator('figure.rep-chart svg').count(), 2, 'a line by period and bars by ward');
  await shot(clerk2, 'reporting-aggregate');
  await phone.goto(`/reports/types/${typeId}/aggregate?period=2026-10,2026-11`);
  await noSideScroll(phone, 'the aggregate on a phone');

  // The synthesis: a draft outgoing report with the figures and the wards that did not report.
  await clerk2.goto(`/reports/types/${typeId}?cycle=month&year=2026`);
  await clerk2.locator('#synth-period').fill('2026-11');
  await Promise.all([clerk2.waitForNavigation(), clerk2.locator('#synth-go').click()]);
  assert.match(clerk2.url(), /\/outgoing\/\d+$/);
  const text = await clerk2.locator('main').innerText();
  assert.match(text, /Báo cáo tổng hợp Báo cáo tháng công tác dân vận — Tháng 11\/2026/);
  assert.match(text, /Đảng viên mới kết nạp \(người\): 6/);
  assert.match(text, /Chưa nộp: Đảng ủy phường Tân An/);
  await shot(clerk2, 'reporting-synthesis');
  for (const p of [admin, clerk, bt, nk, nk2, cr, clerk2, phone]) assert.deepEqual(p.errors, [], 'no script errors');
});
