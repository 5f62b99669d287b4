// The catalogue of budget lines on its page (issue 20, second pass): the list with xlsx and print,
// add and edit through the page and the API, a duplicate code refused with the red message beside
// the field and the typed values kept, retiring from a date (the years before keep the line,
// refused while an open estimate of a later year holds it), a rename from a year (the years before
// keep the former name), the audit trail, and who may.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

const today = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
const year = Number(today.slice(0, 4));

async function ok(p, status = 200) {
  const r = await p;
  assert.equal(r.status, status, r.text.slice(0, 500));
  return r.json();
}

test('the page lists the catalogue in Vietnamese with xlsx and print; the office adds a line', async () => {
  const vt = await srv.as('vanthu');
  const page = await vt.get('/budget/lines');
  assert.equal(page.status, 200);
  assert.match(page.text, /id="budget-lines"/);
  assert.match(page.text, /Tiền lương/);
  assert.match(page.text, /Chi đặc thù của Đảng/);
  assert.match(page.text, /data-print/);
  assert.doesNotMatch(page.text, />(THUONG_XUYEN|DAC_THU|CHI|THU)</);
  const x = await vt.get('/budget/lines?format=xlsx');
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  let r = await vt.postForm('/budget/lines', { code: 'TX.INAN', name: 'In ấn tài liệu', grp: 'THUONG_XUYEN', kind: 'CHI', parent_id: '0', valid_from: `${year}-01-01`, source: 'Thử' });
  assert.equal(r.status, 303);
  const all = (await ok(vt.get('/api/v1/budget/lines?all=1'))).items;
  const l = all.find((x) => x.code === 'TX.INAN');
  assert.ok(l);
  assert.equal(l.kind, 'CHI');
  assert.ok((await ok(vt.get(`/api/v1/budget/lines?year=${year}`))).items.some((x) => x.code === 'TX.INAN'));
  // a duplicate code: 409 beside the field, typed values kept, nothing added
  r = await vt.postForm('/budget/lines', { code: 'TX.LUONG', name: 'Lương trùng mã', grp: 'THUONG_XUYEN', kind: 'CHI', parent_id: '0', valid_from: `${year}-01-01` });
  assert.equal(r.status, 303);
  const back = await vt.get(r.location);
  assert.match(back.text, /Mã mục này đã có trong danh mục/);
  assert.match(back.text, /value="Lương trùng mã"/);
  assert.equal((await ok(vt.get('/api/v1/budget/lines?all=1'))).items.length, all.length);
  // the API refuses the same with 409 and a bad code with 400
  let a = await vt.post('/api/v1/budget/lines', { json: { code: 'TX.LUONG', name: 'X', valid_from: `${year}-01-01` } });
  assert.equal(a.status, 409);
  assert.equal(a.json().error.field, 'code');
  a = await vt.post('/api/v1/budget/lines', { json: { code: 'tx luong', name: 'X', valid_from: `${year}-01-01` } });
  assert.ok([400, 422].includes(a.status), a.text);
  assert.equal(a.json().error.field, "code");
  // a sub-line under the new one, income kind; then edited
  const sub = await ok(vt.post('/api/v1/budget/lines', { json: { code: 'THU.DP', name: 'Thu đảng phí trích giữ lại', kind: 'THU', group: 'DAC_THU', parent_id: l.id, valid_from: `${year}-01-01` } }), 201);
  assert.equal(sub.parent_id, l.id);
  assert.equal(sub.kind_label, 'Mục thu');
  const ed = await ok(vt.post(`/api/v1/budget/lines/${sub.id}`, { json: { name: 'Thu đảng phí được trích giữ lại' } }));
  assert.equal(ed.name, 'Thu đảng phí được trích giữ lại');
  assert.equal(ed.code, 'THU.DP');
  // a line cannot be its own parent's parent
  a = await vt.post(`/api/v1/budget/lines/${l.id}`, { json: { parent_id: sub.id } });
  assert.ok([400, 422].includes(a.status), a.text);
  assert.equal(a.json().error.field, 'parent_id');
  // audited
  const au = await ok((await srv.as('admin')).get(`/api/v1/audit?entity=budget_line&entity_id=${sub.id}`));
  assert.ok(au.items.length >= 2, 'create and update audited');
});

test('retire from a date: refused while an open estimate of a later year holds it; earlier years keep it', async () => {
  const vt = await srv.as('vanthu');
  const units = (await ok((await srv.as('admin')).get('/api/v1/units'))).items;
  const ubkt = units.find((u) => u.name === 'Ủy ban Kiểm tra Thành ủy Cần Thơ' && u.active !== false).id;
  const line = await ok(vt.post('/api/v1/budget/lines', { json: { code: 'TX.THU.NGHIEM', name: 'Mục thử nghiệm', valid_from: '2020-01-01' } }), 201);
  const est = await ok(vt.post('/api/v1/budget', { json: { unit_id: ubkt, year: 2088 } }), 201);
  await ok(vt.post(`/api/v1/budget/${est.id}/amounts`, { json: { amounts: [{ line_id: line.id, amount: 5000000 }] } }));
  // renamed from 2089: the estimate of 2088 keeps the former name
  const rn = await ok(vt.post(`/api/v1/budget/lines/${line.id}`, { json: { name: 'Mục thử nghiệm (tên mới)', name_from_year: 2089 } }));
  assert.equal(rn.name, 'Mục thử nghiệm (tên mới)');
  assert.equal((await ok(vt.get(`/api/v1/budget/${est.id}`))).amounts.find((a) => a.line_id === line.id).line_name, 'Mục thử nghiệm');
  assert.equal((await ok(vt.get('/api/v1/budget/lines?year=2088'))).items.find((x) => x.id === line.id).name, 'Mục thử nghiệm');
  assert.equal((await ok(vt.get('/api/v1/budget/lines?year=2089'))).items.find((x) => x.id === line.id).name, 'Mục thử nghiệm (tên mới)');
  // a second rename dated before the first: refused beside the year, nothing changed
  const r2 = await vt.post(`/api/v1/budget/lines/${line.id}`, { json: { name: 'Tên khác', name_from_year: 2085 } });
  assert.equal(r2.status, 422, r2.text);
  assert.equal(r2.json().error.field, 'name_from_year');
  assert.equal((await ok(vt.get('/api/v1/budget/lines?all=1'))).items.find((x) => x.id === line.id).name, 'Mục thử nghiệm (tên mới)');
  // renamed again from the same year (a typo fixed): 2088 still reads the first name
  await ok(vt.post(`/api/v1/budget/lines/${line.id}`, { json: { name: 'Mục thử nghiệm (tên mới, sửa)', name_from_year: 2089 } }));
  assert.equal((await ok(vt.get('/api/v1/budget/lines?year=2088'))).items.find((x) => x.id === line.id).name, 'Mục thử nghiệm');
  // retiring from 2088: the open estimate of 2088 holds it
  let r = await vt.post(`/api/v1/budget/lines/${line.id}/retire`, { json: { retire_from: '2088-01-01' } });
  assert.equal(r.status, 409);
  assert.match(r.json().error.message, /năm 2088/);
  // the page: the red message beside the date, the typed date kept
  const pr = await vt.postForm(`/budget/lines/${line.id}/retire`, { retire_from: '2087-12-31' }, `/budget/lines/${line.id}`);
  assert.equal(pr.status, 303);
  const back = await vt.get(pr.location);
  assert.match(back.text, /đang dùng trong dự toán/);
  assert.match(back.text, /value="2087-12-31"/);
  assert.equal((await ok(vt.get('/api/v1/budget/lines?all=1'))).items.find((x) => x.id === line.id).valid_to, null);
  // from 2089: 2088 keeps the line, 2089 has it no more
  const done = await ok(vt.post(`/api/v1/budget/lines/${line.id}/retire`, { json: { retire_from: '2089-01-01' } }));
  assert.equal(done.valid_to, '2088-12-31');
  assert.ok((await ok(vt.get('/api/v1/budget/lines?year=2088'))).items.some((x) => x.id === line.id));
  assert.ok(!(await ok(vt.get('/api/v1/budget/lines?year=2089'))).items.some((x) => x.id === line.id));
  assert.equal((await ok(vt.get(`/api/v1/budget/${est.id}`))).amounts.find((a) => a.line_id === line.id).amount, 5000000);
  const page = await vt.get('/budget/lines');
  assert.match(page.text, /Sẽ thôi áp dụng|Đã thôi áp dụng/);
});

test('who: the ward, the specialist and the committee leader read the catalogue but may not change it', async () => {
  for (const login of ['donvi', 'chuyenvien', 'thuongtruc']) {
    const c = await srv.as(login);
    assert.equal((await c.get('/budget/lines')).status, 200, login);
    // the annual report opens on the account's own tree (a specialist: the own unit)
    assert.equal((await c.get('/budget/report')).status, 200, `report ${login}`);
    assert.equal((await c.get('/api/v1/budget/report')).status, 200, `report api ${login}`);
    const page = await c.get('/budget/lines');
    assert.doesNotMatch(page.text, /id="line-new"/, login);
    const r = await c.post('/api/v1/budget/lines', { json: { code: 'X.KHONG', name: 'Không được', valid_from: `${year}-01-01` } });
    assert.equal(r.status, 403, login);
    assert.equal((await c.get('/budget/lines/1')).status, 403, login);
  }
  assert.ok(!(await ok((await srv.as('admin')).get('/api/v1/budget/lines?all=1'))).items.some((x) => x.code === 'X.KHONG'));
});
