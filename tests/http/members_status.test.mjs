// Members (issue 20, part adma): spreadsheet imports from xlsx (one bad row and nothing is
// saved, the error naming the row Excel shows; the templates), a member's status changes and
// discipline by role and scope (the chi bộ's clerk or unit account in scope writes; a
// specialist never; another ward neither), dates in the future or before the admission
// refused on their field, the abroad fee category.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';
import { xlsx } from './xlsx_min.mjs';

let srv, clerk, ward, wardClerk, spec, leader, units;
const vnToday = () => new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
const tomorrow = () => new Date(Date.now() + 31 * 3600 * 1000).toISOString().slice(0, 10);

before(async () => {
  srv = await startServer();
  clerk = await srv.as('vanthu');
  ward = await srv.as('donvi');
  wardClerk = await srv.as('vanthu.binhthuy');
  spec = await srv.as('chuyenvien');
  leader = await srv.as('thuongtruc');
  const u = (await clerk.get('/api/v1/units')).json().items;
  const by = (n) => u.find((x) => x.name === n && x.active !== false);
  units = { tanAn: by('Đảng ủy phường Tân An'), binhThuy: by('Đảng ủy phường Bình Thủy'), caiKhe: by('Đảng ủy phường Cái Khế') };
  for (const [k, v] of Object.entries(units)) assert.ok(v, k);
});
after(async () => { if (srv) await srv.stop(); });

const count = async (unit) => (await clerk.get(`/api/v1/members?unit=${unit}&all=1`)).json().total;

async function upload(c, path, fields, buf, name) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, String(v));
  fd.append('csrf', c.headers['x-csrf-token']);
  fd.append('file', new Blob([buf], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), name);
  return c.post(path, { body: fd, headers: { referer: srv.base + '/members' } });
}

test('an xlsx member list with one bad row saves nothing and names the row; the good list imports', async () => {
  const before = await count(units.caiKhe.id);
  const rows = [
    ['DANH SÁCH ĐẢNG VIÊN CHI BỘ KHU VỰC 3'],
    ['ho_ten', 'ngay_vao_dang', 'doi_tuong', 'muc_can_cu'],
    ['Trương Văn Nhập', { date: '2004-09-02' }, 'BHXH', 8000000],
    ['Lâm Thị Ngoại', '19/05/2012', 'NUOC_NGOAI', 30000000],
    ['Hồ Văn Sai', '31/02/2010', 'BHXH', 1000],
  ];
  let r = await upload(clerk, '/members/import', { unit_id: units.caiKhe.id }, xlsx(rows), 'ds.xlsx');
  assert.equal(r.status, 303, r.text);
  const page = await clerk.follow(r);
  assert.match(page.text, /Dòng 5/, 'the error names the row Excel shows');
  assert.equal(await count(units.caiKhe.id), before, 'nothing saved');
  r = await upload(clerk, '/members/import', { unit_id: units.caiKhe.id }, xlsx(rows.slice(0, 4)), 'ds.xlsx');
  assert.equal(r.status, 303);
  assert.match((await clerk.follow(r)).text, /Đã nhập 2 đảng viên/);
  assert.equal(await count(units.caiKhe.id), before + 2);
  const l = (await clerk.get(`/api/v1/members?unit=${units.caiKhe.id}&q=${encodeURIComponent('Trương Văn Nhập')}`)).json().items;
  assert.equal(l[0].admitted_on, '2004-09-02');
  const ab = (await clerk.get(`/api/v1/members?unit=${units.caiKhe.id}&q=${encodeURIComponent('Lâm Thị Ngoại')}`)).json().items;
  assert.equal(ab[0].fee_category, 'NUOC_NGOAI');
  // a file that is not a workbook: a clear message, nothing saved
  r = await upload(clerk, '/members/import', { unit_id: units.caiKhe.id }, Buffer.from('PK\x03\x04 hỏng'), 'hong.xlsx');
  assert.match((await clerk.follow(r)).text, /không phải là bảng tính Excel/);
  // another ward's clerk may not import into Cái Khế
  r = await upload(wardClerk, '/members/import', { unit_id: units.caiKhe.id }, xlsx(rows.slice(0, 4)), 'ds.xlsx');
  assert.equal(await count(units.caiKhe.id), before + 2);
});

test('the templates download as xlsx for readers, not for specialists', async () => {
  for (const p of ['/members/import/template.xlsx', '/partyfees/import/template.xlsx']) {
    const r = await clerk.get(p);
    assert.equal(r.status, 200, p);
    assert.match(r.headers.get('content-type'), /spreadsheetml/);
    assert.equal(r.text.slice(0, 2), 'PK');
    assert.equal((await spec.get(p)).status, 403, p);
  }
});

test('an xlsx payment list with a bad row records nothing', async () => {
  const id = (await clerk.get(`/api/v1/members?unit=${units.caiKhe.id}&q=${encodeURIComponent('Trương Văn Nhập')}`)).json().items[0].id;
  const month = vnToday().slice(0, 7);
  const rows = [['KHOẢN NỘP'], ['member_id', 'thang', 'so_tien', 'hinh_thuc', 'ngay_nop'], [id, month, 80000, 'DVCQG', vnToday()], [id, month, -5, 'XYZ', vnToday()]];
  const r = await upload(clerk, '/partyfees/import', { unit: units.caiKhe.id }, xlsx(rows), 'nop.xlsx');
  assert.equal(r.status, 303);
  assert.match((await clerk.follow(r)).text, /Dòng 4/);
  const sh = (await clerk.get(`/api/v1/partyfees/sheet?unit=${units.caiKhe.id}&month=${month}`)).json();
  assert.equal(sh.lines.find((x) => x.member_id === id).paid, 0);
});

test('status changes: role and scope, dates refused on their field, the state and history follow', async () => {
  const bt = (await wardClerk.get(`/api/v1/members?unit=${units.binhThuy.id}`)).json().items;
  const m = bt.find((x) => x.fee_category === 'BHXH' && x.admitted_on < '2015-01-01');
  assert.ok(m, 'a Bình Thủy member in BHXH');
  const body = { kind: 'abroad', happened_on: vnToday(), fee_basis: 40000000, note: 'Công tác tại Hàn Quốc' };
  assert.equal((await spec.post(`/api/v1/members/${m.id}/status`, { json: body })).status, 404, 'a specialist never sees members');
  assert.equal((await leader.post(`/api/v1/members/${m.id}/status`, { json: body })).status, 403, 'the committee leader reads, does not write');
  const tanAn = (await clerk.get(`/api/v1/members?unit=${units.caiKhe.id}`)).json().items[0];
  assert.equal((await wardClerk.post(`/api/v1/members/${tanAn.id}/status`, { json: body })).status, 404, 'another ward is out of scope');
  let r = await wardClerk.post(`/api/v1/members/${m.id}/status`, { json: { ...body, happened_on: tomorrow() } });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json().error.field, 'happened_on');
  assert.match(r.json().error.message, /sau hôm nay/);
  r = await wardClerk.post(`/api/v1/members/${m.id}/status`, { json: { ...body, happened_on: '1950-01-01' } });
  assert.equal(r.json().error.field, 'happened_on');
  assert.match(r.json().error.message, /trước ngày vào Đảng/);
  r = await wardClerk.post(`/api/v1/members/${m.id}/status`, { json: { ...body, kind: 'retired', fee_basis: undefined } });
  assert.equal(r.json().error.field, 'fee_basis');
  r = await wardClerk.post(`/api/v1/members/${m.id}/status`, { json: { ...body, bogus: 1 } });
  assert.equal(r.status, 400, 'unknown member of the body');
  let h = (await wardClerk.get(`/api/v1/members/${m.id}/history`)).json();
  assert.equal(h.events.length, 0, 'nothing saved by the refusals');
  r = await ward.post(`/api/v1/members/${m.id}/status`, { json: body });
  assert.equal(r.status, 201, r.text);
  h = (await wardClerk.get(`/api/v1/members/${m.id}/history`)).json();
  assert.equal(h.fee_category, 'NUOC_NGOAI');
  assert.equal(h.events[0].label, 'Công tác, học tập ở nước ngoài');
  r = await wardClerk.post(`/api/v1/members/${m.id}/status`, { json: { kind: 'returned', happened_on: vnToday() } });
  assert.equal(r.status, 201, r.text);
  assert.equal((await wardClerk.get(`/api/v1/members/${m.id}/history`)).json().fee_category, 'BHXH');
  // the page shows the history in Vietnamese, dd/mm/yyyy
  const page = await wardClerk.get(`/members/${m.id}`);
  assert.match(page.text, /Quá trình thay đổi trạng thái/);
  assert.match(page.text, /Về nước/);
  const [y, mo, d] = vnToday().split('-');
  assert.ok(page.text.includes(`${d}/${mo}/${y}`));
  assert.ok(!page.text.includes('>returned<') && !page.text.includes('>abroad<'), 'no internal codes');
});

test('discipline: decision number required, the form in red with the typed values kept, then recorded', async () => {
  const bt = (await wardClerk.get(`/api/v1/members?unit=${units.binhThuy.id}`)).json().items;
  const m = bt[bt.length - 1];
  let r = await wardClerk.post(`/api/v1/members/${m.id}/disciplines`, { json: { form: 'warning', decided_on: vnToday() } });
  assert.equal(r.status, 422);
  assert.equal(r.json().error.field, 'decision_no');
  assert.equal((await spec.post(`/api/v1/members/${m.id}/disciplines`, { json: { form: 'warning', decided_on: vnToday(), decision_no: '1' } })).status, 404);
  // through the page: a future date comes back in red beside the field
  const csrf = await wardClerk.csrf(`/members/${m.id}`);
  r = await wardClerk.post(`/members/${m.id}/discipline`, { form: { csrf, form: 'reprimand', decided_on: tomorrow(), decision_no: '07-QĐ/ĐU' }, headers: { referer: `${srv.base}/members/${m.id}` } });
  assert.equal(r.status, 303);
  let page = await wardClerk.follow(r);
  assert.match(page.text, /id="d-decided_on-err"[^>]*>[^<]*sau hôm nay/);
  assert.match(page.text, /value="07-QĐ\/ĐU"/);
  r = await wardClerk.post(`/api/v1/members/${m.id}/disciplines`, { json: { form: 'warning', decided_on: vnToday(), decision_no: '08-QĐ/ĐU' } });
  assert.equal(r.status, 201, r.text);
  const h = (await wardClerk.get(`/api/v1/members/${m.id}/history`)).json();
  assert.equal(h.disciplines.length >= 1, true);
  assert.equal(h.disciplines.at(-1).label, 'Cảnh cáo');
  assert.equal(h.disciplines.at(-1).decision_no, '08-QĐ/ĐU');
  page = await wardClerk.get(`/members/${m.id}`);
  assert.match(page.text, /Cảnh cáo/);
  assert.match(page.text, /08-QĐ\/ĐU/);
});

test('the API imports an xlsx sent as base64, all or nothing; a bad base64 is refused on its field', async () => {
  const before = await count(units.caiKhe.id);
  const bad = xlsx([['ho_ten', 'ngay_vao_dang'], ['Vũ Văn Api', '01/01/2001'], ['', '01/01/2001']]);
  let r = await clerk.post('/api/v1/members/import', { json: { unit_id: units.caiKhe.id, xlsx_base64: bad.toString('base64') } });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json().error.errors[0].field, 'row 3');
  assert.equal(await count(units.caiKhe.id), before);
  r = await clerk.post('/api/v1/members/import', { json: { unit_id: units.caiKhe.id, xlsx_base64: '@@@' } });
  assert.equal(r.status, 422);
  assert.equal(r.json().error.field, 'xlsx_base64');
  r = await clerk.post('/api/v1/members/import', { json: { unit_id: units.caiKhe.id, xlsx_base64: xlsx([['ho_ten', 'ngay_vao_dang'], ['Vũ Văn Api', '01/01/2001']]).toString('base64') } });
  assert.equal(r.status, 201, r.text);
  assert.equal(await count(units.caiKhe.id), before + 1);
});

test('lists by status and the transfers history, on the page and as xlsx, within scope', async () => {
  let r = await clerk.get(`/members?unit=${units.caiKhe.id}&status=abroad`);
  assert.equal(r.status, 200);
  assert.match(r.text, /Lâm Thị Ngoại/);
  assert.ok(!r.text.includes('Trương Văn Nhập'), 'only the members abroad');
  r = await clerk.get(`/members?unit=${units.caiKhe.id}&status=abroad&format=xlsx`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /spreadsheetml/);
  // a move, then the history
  const id = (await clerk.get(`/api/v1/members?unit=${units.caiKhe.id}&q=${encodeURIComponent('Trương Văn Nhập')}`)).json().items[0].id;
  r = await clerk.post(`/api/v1/members/${id}/move`, { json: { to_unit_id: units.tanAn.id, moved_on: vnToday(), note: 'Chuyển nơi cư trú' } });
  assert.equal(r.status, 200, r.text);
  r = await clerk.get('/members/moves');
  assert.equal(r.status, 200);
  assert.match(r.text, /Trương Văn Nhập/);
  assert.match(r.text, /Chuyển nơi cư trú/);
  assert.match((await clerk.get('/members/moves?format=xlsx')).headers.get('content-type'), /spreadsheetml/);
  // the Bình Thủy clerk does not see a move between two other wards
  assert.ok(!(await wardClerk.get('/members/moves')).text.includes('Trương Văn Nhập'));
  assert.equal((await spec.get('/members/moves')).status, 403);
});
