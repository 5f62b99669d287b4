// The reporting regime's forms filled from their sources, clicked as the ward would, at
// 1366×768 and on a 390×844 phone: on its citizen-reception report the ward presses "Lấy số
// liệu từ sổ tiếp dân, đơn thư" and the fields show the figures of the petitions report for the
// same window, with the notice that nothing is saved yet; on a study-results report it picks
// the city's conference and presses "Lấy số liệu từ báo cáo học tập của hội nghị", reviews and
// saves the draft. Screenshots in tests/browser/screenshots (report-sources-*).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, shot, login, startServer, DEMO_PASSWORD } from './lib.mjs';

let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { if (browser) await browser.close(); if (srv) await srv.stop(); });

const today = new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
const plus = (d, n) => { const x = new Date(`${d}T00:00:00Z`); x.setUTCDate(x.getUTCDate() + n); return x.toISOString().slice(0, 10); };

async function noSideScroll(page, what) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${what}: no sideways scroll (${overflow}px)`);
}

test('the ward fills its reports from the reception book and from its study report', async () => {
  const admin = await srv.as('admin');
  const ward = await srv.as('donvi');
  const wardClerk = await srv.as('vanthu.binhthuy');
  const cityClerk = await srv.as('vanthu');
  const units = (await admin.get('/api/v1/units')).json().items;
  const BT = units.find((u) => u.name === 'Đảng ủy phường Bình Thủy' && u.active !== false).id;
  const types = (await admin.get('/api/v1/reports/types')).json().items;
  const cit = types.find((t) => t.code === 'BC_TIEP_DAN'), study = types.find((t) => t.code === 'BC_HOC_TAP_NQ');
  const rep = (await ward.get(`/api/v1/reports?type_id=${cit.id}&unit_id=${BT}`)).json().items
    .find((r) => ['not_due', 'waiting', 'overdue', 'returned'].includes(r.status) && r.data_from <= today && today <= r.cutoff);
  assert.ok(rep, 'an open citizen-reception report of the ward');
  // Three visits in the ward's book today (one of seven people: a delegation).
  for (const n of [7, 1, 2]) {
    const r = await wardClerk.post('/api/v1/petitions/reception/entries', { json: { day: today, reception_kind: 'regular', content: 'Phản ánh tình trạng ngập nước khu dân cư', kind: 'reflection', n_people: n, handling: 'accept', name: 'Lê Thị Phản Ánh', address: 'Khu vực 5, phường Bình Thủy' } });
    assert.equal(r.status, 201, r.text);
  }
  const own = (await ward.get(`/api/v1/petitions/report?period=custom&from=${rep.data_from}&to=${rep.cutoff}&unit_id=${BT}`)).json().values;
  assert.ok(own.TD_SO_LUOT_TIEP >= 3);

  for (const [w, h] of [[1366, 768], [390, 844]]) {
    const page = await newPage(browser, srv.base, { width: w, height: h });
    await login(page, 'donvi', DEMO_PASSWORD);
    await page.goto(`/reports/${rep.id}`);
    const btn = page.locator('#rep-prefill-petitions');
    assert.equal((await btn.textContent()).trim(), 'Lấy số liệu từ sổ tiếp dân, đơn thư');
    await Promise.all([page.waitForNavigation(), btn.click()]);
    assert.match(await page.locator('#rep-prefilled').textContent(), /Đã điền 8 chỉ tiêu .*chưa được lưu/);
    assert.equal(await page.locator('#f-LUOT_TIEP').inputValue(), String(own.TD_SO_LUOT_TIEP));
    assert.equal(await page.locator('#f-SO_NGUOI').inputValue(), String(own.TD_SO_NGUOI));
    assert.equal(await page.locator('#f-DOAN_DONG_NGUOI').inputValue(), String(own.TD_DOAN_DONG_NGUOI));
    assert.equal(await page.locator('#f-DON_NHAN').inputValue(), String(own.DON_TONG));
    assert.equal(await page.locator('#f-DON_TON').inputValue(), String(own.DON_TON));
    await noSideScroll(page, `citizen report prefilled at ${w}px`);
    await shot(page, `report-sources-citizen-${w}`);
    // Nothing was saved: the report's values are unchanged.
    assert.equal((await ward.get(`/api/v1/reports/${rep.id}`)).json().values.LUOT_TIEP, undefined);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }

  // The study-results report: a thematic period opened by the city clerk, the ward picks the
  // Thành ủy's study conference (demo conference 1) and saves the draft.
  const sr = (await ward.get('/api/v1/conferences/1/study-reports')).json().items.find((x) => x.unit_id === BT);
  assert.ok(sr, "the ward's study report of conference 1");
  const period = `${today.slice(0, 4)}-CD8`;
  let r = await cityClerk.post(`/api/v1/reports/types/${study.id}/periods`, { json: { period, cutoff: today, due: plus(today, 10) } });
  assert.equal(r.status, 200, r.text);
  const srep = (await ward.get(`/api/v1/reports?type_id=${study.id}&unit_id=${BT}&period=${period}`)).json().items[0];
  assert.ok(srep);
  for (const [w, h] of [[390, 844], [1366, 768]]) {
    const page = await newPage(browser, srv.base, { width: w, height: h });
    await login(page, 'donvi', DEMO_PASSWORD);
    await page.goto(`/reports/${srep.id}`);
    await page.locator('#rep-ref-conferences').selectOption('1');
    await Promise.all([page.waitForNavigation(), page.locator('#rep-prefill-conferences').click()]);
    assert.match(await page.locator('#rep-prefilled').textContent(), /Đã điền/);
    assert.equal(await page.locator('#f-TONG_DANG_VIEN').inputValue(), String(sr.members_total));
    assert.equal(await page.locator('#f-DV_THAM_GIA').inputValue(), String(sr.members_attended));
    await noSideScroll(page, `study report prefilled at ${w}px`);
    await shot(page, `report-sources-study-${w}`);
    if (w === 1366) {
      // The user reviews, writes the narrative and saves the draft: now it is stored.
      await page.locator('#f-KET_QUA').fill('Đảng viên nắm vững nội dung nghị quyết; đã xây dựng kế hoạch thực hiện.');
      await Promise.all([page.waitForNavigation(), page.locator('button[name="action"][value="save"]').click()]);
      const saved = (await ward.get(`/api/v1/reports/${srep.id}`)).json();
      assert.equal(saved.values.TONG_DANG_VIEN, sr.members_total);
      assert.equal(saved.values.DV_THAM_GIA, sr.members_attended);
      assert.notEqual(saved.status, 'submitted', 'nothing is submitted by itself');
    }
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }
});
