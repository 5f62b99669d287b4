// Secrecy of the reporting regime (issue 14, "as for documents"): a Mật report type defined by
// the administrator (a level outside the catalogue refused, nothing saved), a ward submits its
// report; the office's specialist — not cleared — gets 404 on the report, its template and its
// page, no row in the list, no figures in the aggregate (API and page), only the status (no id)
// in the completeness matrix; the office leader and the committee leader see everything.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';

const NOW = Date.UTC(2026, 10, 20, 3, 0, 0) / 1000; // 20/11/2026 10:00 in Vietnam
let srv;
before(async () => { srv = await startServer({ env: { VANPHONG_TEST: '1', VANPHONG_FAKE_NOW: String(NOW) } }); });
after(async () => { if (srv) await srv.stop(); });

const FORM = {
  from_period: '2026-01',
  indicators: [{ code: 'SO_VU', name: 'Số vụ việc', type: 'integer', aggregation: 'sum', required: true }],
};

test('a Mật report: the ward and the leaders see it, the specialist and the admin do not', async () => {
  const admin = await srv.as('admin');
  const clerk = await srv.as('vanthu');
  const bt = await srv.as('donvi');
  const spec = await srv.as('chuyenvien');
  const chanh = await srv.as('chanhvp');
  const tt = await srv.as('thuongtruc');
  const units = (await admin.get('/api/v1/units')).json().items;
  const vptu = units.find((u) => u.name === 'Văn phòng Thành ủy Cần Thơ').id;
  const base = { code: 'BC_MAT', name: 'Báo cáo tình hình an ninh nội bộ', cycles: ['month'], levels: ['XA'], recipient_unit_id: vptu, effective_from: '2026-01-01', cutoff_day: 14, due: { kind: 'day', value: 25 }, form: FORM };

  let r = await admin.post('/api/v1/reports/types', { json: { ...base, secrecy: 'bi_mat' } });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json().error.field, 'secrecy');
  assert.match(r.json().error.message, /Độ mật/);
  assert.ok(!(await admin.get('/api/v1/reports/types')).json().items.some((t) => t.code === 'BC_MAT'), 'nothing saved');
  // Tối mật and Tuyệt mật never travel over the network, reports no more than documents.
  for (const sec of ['toi_mat', 'tuyet_mat']) {
    r = await admin.post('/api/v1/reports/types', { json: { ...base, secrecy: sec } });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.json().error.field, 'secrecy');
    assert.match(r.json().error.message, /không được gửi, nhận qua mạng/);
  }
  assert.ok(!(await admin.get('/api/v1/reports/types')).json().items.some((t) => t.code === 'BC_MAT'), 'nothing saved');
  r = await admin.post('/api/v1/reports/types', { json: { ...base, secrecy: 'mat' } });
  assert.equal(r.status, 201, r.text);
  const type = r.json();
  assert.equal(type.secrecy, 'mat');

  assert.equal((await clerk.post(`/api/v1/reports/types/${type.id}/periods`, { json: { period: '2026-10' } })).status, 200);
  const mine = (await bt.get(`/api/v1/reports?type_id=${type.id}`)).json().items;
  assert.equal(mine.length, 1);
  const rep = mine[0];
  r = await bt.post(`/api/v1/reports/${rep.id}`, { json: { values: { SO_VU: 7 }, submit: true } });
  assert.equal(r.status, 200, r.text);

  // Not cleared: the specialist, the clerk, the administrator.
  for (const who of [spec, clerk, admin]) {
    assert.equal((await who.get(`/api/v1/reports/${rep.id}`)).status, 404);
    assert.equal((await who.get(`/reports/${rep.id}`)).status, 404);
    assert.equal((await who.get(`/reports/${rep.id}/template.xlsx`)).status, 404);
    const list = (await who.get(`/api/v1/reports?type_id=${type.id}`)).json().items;
    assert.equal(list.length, 0, 'no trace in the list');
  }
  r = await spec.get(`/api/v1/reports/types/${type.id}/aggregate?period=2026-10`);
  assert.equal(r.status, 404);
  assert.doesNotMatch(r.text, /"SO_VU"\s*:\s*7/);
  r = await spec.get(`/reports/types/${type.id}/aggregate?period=2026-10`);
  assert.doesNotMatch(r.text, />7</);
  r = await spec.post(`/api/v1/reports/types/${type.id}/synthesis`, { json: { period: '2026-10' } });
  assert.ok(r.status === 403 || r.status === 404, r.text);
  // The matrix: the status shows, the id and link do not.
  // (The clerk: the office's uncleared account whose scope covers the wards.)
  r = await clerk.get(`/api/v1/reports/types/${type.id}/aggregate?period=2026-10`);
  assert.equal(r.status, 404);
  const m = (await clerk.get(`/api/v1/reports/types/${type.id}/completeness?cycle=month&year=2026`)).json();
  const cell = m.units.find((u) => u.unit_id === rep.unit_id).cells[m.periods.indexOf('2026-10')];
  assert.equal(cell.status, 'submitted');
  assert.equal(cell.id, undefined);
  assert.equal(cell.secret, true);
  const page = await clerk.get(`/reports/types/${type.id}?year=2026`);
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, new RegExp(`href="/reports/${rep.id}"`));

  // The audit trail names the submission but not its figures for the administrator.
  r = await admin.get(`/api/v1/audit?entity=report&entity_id=${rep.id}&action=report.submit`);
  assert.equal(r.status, 200, r.text);
  const row = r.json().items[0];
  assert.equal(row.redacted, true, r.text);
  assert.doesNotMatch(JSON.stringify(row), /SO_VU/);

  // Cleared: the office leader and the committee leader, and the ward itself.
  for (const who of [chanh, tt, bt]) {
    r = await who.get(`/api/v1/reports/${rep.id}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json().values.SO_VU, 7);
    assert.equal((await who.get(`/reports/${rep.id}/template.xlsx`)).status, 200);
  }
  const shown = await bt.get(`/reports/${rep.id}`);
  assert.match(shown.text, /class="mark mark-secret">Mật</, 'the report page carries its mark');
  assert.match((await bt.get('/reports/periodic')).text, /mark-secret/, 'and so does the list');
  r = await chanh.get(`/api/v1/reports/types/${type.id}/aggregate?period=2026-10`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().periods[0].values.SO_VU, 7);
  const mc = (await chanh.get(`/api/v1/reports/types/${type.id}/completeness?cycle=month&year=2026`)).json();
  assert.equal(mc.units.find((u) => u.unit_id === rep.unit_id).cells[mc.periods.indexOf('2026-10')].id, rep.id);
  assert.equal((await chanh.get(`/api/v1/reports?type_id=${type.id}&period=2026-10`)).json().items.length >= 1, true);

  // Control: back to thường, the clerk sees the report — it was the secrecy that hid it.
  r = await admin.post(`/api/v1/reports/types/${type.id}`, { json: { secrecy: 'tuyet_mat' } });
  assert.equal(r.status, 422, 'an existing type cannot be raised above Mật either');
  r = await admin.post(`/api/v1/reports/types/${type.id}`, { json: { secrecy: 'none' } });
  assert.equal(r.status, 200, r.text);
  assert.equal((await clerk.get(`/api/v1/reports/${rep.id}`)).status, 200);
  assert.equal((await clerk.get(`/api/v1/reports/types/${type.id}/aggregate?period=2026-10`)).json().periods[0].values.SO_VU, 7);
});
