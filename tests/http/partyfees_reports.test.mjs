// Đảng phí reports (issue 20, second pass): a month's cycle (payments, the chi bộ's report, the
// transfer) ending in the rolled-up report with the share kept and passed up at each level, as
// a page, JSON and xlsx; every count on the report equals the list it links to (the own row: the
// fee book of the month; a child row: the child's own report); the rate tables as xlsx; bad
// input (a payment into a closed month, a reduction over 12 months) refused with Vietnamese
// messages beside the field and the typed values kept.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { startServer } from './lib.mjs';
import { xlsx } from './xlsx_min.mjs';

let srv, clerk, units;
let abroadSeen = 0; // members abroad met on the own rows checked against their fee books
const vnToday = () => new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
const thisMonth = () => vnToday().slice(0, 7);
const prevMonth = () => { const [y, m] = thisMonth().split('-').map(Number); return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`; };

before(async () => {
  srv = await startServer();
  clerk = await srv.as('vanthu');
  const u = (await clerk.get('/api/v1/units')).json().items;
  const by = (n) => u.find((x) => x.name === n && x.active !== false);
  units = { caiKhe: by('Đảng ủy phường Cái Khế'), root: by('Thành ủy Cần Thơ') };
  for (const [k, v] of Object.entries(units)) assert.ok(v, k);
});
after(async () => { if (srv) await srv.stop(); });

async function xlsxText(c, path) {
  const dir = mkdtempSync(join(tmpdir(), 'vp-pf-xlsx-'));
  const file = join(dir, 'r.xlsx');
  const res = await fetch(srv.base + path, { headers: { cookie: c.cookieHeader() } });
  assert.equal(res.status, 200, path);
  assert.match(res.headers.get('content-type'), /spreadsheetml/);
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  const s = spawnSync('unzip', ['-p', file, 'xl/sharedStrings.xml', 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' }).stdout;
  rmSync(dir, { recursive: true, force: true });
  return s;
}

const KEYS = ['units', 'units_reported', 'members', 'paid_members', 'exempt_members', 'abroad_members', 'amount_due', 'amount_paid', 'kept', 'passed_up'];

// Walks the report of unit for month: each child row equals the total of the child's report;
// the own row of a reported unit equals its fee book.
async function checkTree(unitId, month, depth = 0) {
  const rep = (await clerk.get(`/api/v1/partyfees/report?unit=${unitId}&month=${month}`)).json();
  let checked = 0;
  for (const row of rep.rows) {
    if (row.own) {
      if (row.units_reported === 1) {
        const sh = (await clerk.get(`/api/v1/partyfees/sheet?unit=${unitId}&month=${month}`)).json();
        assert.equal(row.members, sh.members, `members of ${row.name}`);
        assert.equal(row.paid_members, sh.paid_members, `paid of ${row.name}`);
        assert.equal(row.exempt_members, sh.exempt_members, `exempt of ${row.name}`);
        assert.equal(row.abroad_members, sh.abroad.members, `abroad of ${row.name}`);
        abroadSeen += row.abroad_members;
        assert.equal(row.amount_paid, sh.amount_paid, `amount of ${row.name}`);
        checked++;
      }
      continue;
    }
    const sub = (await clerk.get(`/api/v1/partyfees/report?unit=${row.unit_id}&month=${month}`)).json();
    for (const k of KEYS) {
      if (k === 'passed_up') continue; // the child's top passes up what its own row shows
      assert.equal(row[k], sub.rows.reduce((s, r) => s + r[k], 0), `${k} of ${row.name}`);
    }
    if (depth < 3) checked += await checkTree(row.unit_id, month, depth + 1);
  }
  return checked;
}

test('every count of the rolled-up report equals the list it links to (the demo\'s last month)', async () => {
  const n = await checkTree(units.root.id, prevMonth());
  assert.ok(n >= 1, 'at least one reported organisation checked against its fee book');
  const page = await clerk.get(`/partyfees/report?unit=${units.root.id}&month=${prevMonth()}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Giữ lại \(đ\)/);
  assert.match(page.text, /Nộp cấp trên \(đ\)/);
  assert.match(page.text, /id="pf-report-xlsx"/);
  assert.match(page.text, /data-print/);
});

test('a month\'s cycle: paid, reported, transferred, rolled up with the shares, downloaded as xlsx', async () => {
  const m = thisMonth();
  const sheet = (await clerk.get(`/api/v1/partyfees/sheet?unit=${units.caiKhe.id}&month=${m}`)).json();
  assert.equal(sheet.closed, false);
  assert.ok(sheet.lines.length >= 1, 'Cái Khế has members');
  let paid = 0;
  for (const l of sheet.lines.filter((x) => x.due > 0 && x.paid === 0).slice(0, 3)) {
    const r = await clerk.post('/api/v1/partyfees/payments', { json: { member_id: l.member_id, month: m, amount: l.due, channel: 'DVCQG', paid_on: vnToday() } });
    assert.equal(r.status, 201, r.text);
    paid += l.due;
  }
  // A member goes abroad this month: counted apart in the book, the report and the roll-up.
  const goer = sheet.lines.find((x) => x.fee_category !== 'NUOC_NGOAI') || sheet.lines[0];
  const st = await clerk.post(`/api/v1/members/${goer.member_id}/status`, { json: { kind: 'abroad', happened_on: vnToday(), note: 'Đi làm việc ở nước ngoài' } });
  assert.equal(st.status, 201, st.text);
  const abroad = (await clerk.get(`/api/v1/partyfees/sheet?unit=${units.caiKhe.id}&month=${m}`)).json().abroad.members;
  assert.ok(abroad >= 1, 'the book counts the member abroad');
  const s = await clerk.post('/api/v1/partyfees/reports', { json: { unit_id: units.caiKhe.id, month: m } });
  assert.equal(s.status, 201, s.text);
  // Back home after the report: the closed month still counts the member abroad, as reported.
  const back_ = await clerk.post(`/api/v1/members/${goer.member_id}/status`, { json: { kind: 'returned', happened_on: vnToday() } });
  assert.equal(back_.status, 201, back_.text);
  assert.equal((await clerk.get(`/api/v1/partyfees/sheet?unit=${units.caiKhe.id}&month=${m}`)).json().abroad.members, abroad, 'the closed book keeps the category it closed with');
  // a payment into the closed month: refused, the page keeps the typed amount beside the red message
  const late = sheet.lines.find((x) => x.due > 0 && x.paid === 0) || sheet.lines[0];
  const r = await clerk.post('/api/v1/partyfees/payments', { json: { member_id: late.member_id, month: m, amount: 1000, channel: 'TIEN_MAT', paid_on: vnToday() } });
  assert.equal(r.status, 409, r.text);
  const t = await clerk.post('/api/v1/partyfees/transfers', { json: { unit_id: units.caiKhe.id, month: m, channel: 'CHUYEN_KHOAN' } });
  assert.equal(t.status, 201, t.text);
  const rep = (await clerk.get(`/api/v1/partyfees/report?unit=${units.root.id}&month=${m}`)).json();
  const row = rep.rows.find((x) => x.unit_id === units.caiKhe.id);
  assert.ok(row, 'Cái Khế rolled up under the city');
  assert.ok(row.abroad_members >= abroad, 'the members abroad rolled up under the city');
  const own = (await clerk.get(`/api/v1/partyfees/report?unit=${units.caiKhe.id}&month=${m}`)).json().rows.find((x) => x.own);
  assert.equal(own.abroad_members, abroad, 'the own row counts what the book counts');
  const after_ = (await clerk.get(`/api/v1/partyfees/sheet?unit=${units.caiKhe.id}&month=${m}`)).json();
  assert.ok(after_.amount_paid >= paid);
  assert.ok(row.amount_paid >= after_.amount_paid);
  assert.ok(row.kept > 0 && row.passed_up > 0, 'the ward keeps a share and passes the rest up');
  const tr = (await clerk.get(`/api/v1/partyfees/report?unit=${units.caiKhe.id}&month=${m}`)).json().transfers[0];
  assert.equal(row.passed_up, tr.passed_up);
  assert.equal(tr.retained + tr.passed_up, tr.collected);
  await checkTree(units.root.id, m);
  const x = await xlsxText(clerk, `/partyfees/report?unit=${units.root.id}&month=${m}&format=xlsx`);
  assert.match(x, /Đảng ủy phường Cái Khế/);
  assert.match(x, /Nộp cấp trên/);
  assert.ok(x.includes(String(row.passed_up)), 'the share passed up is in the workbook');
  assert.ok(x.includes(String(row.kept)), 'the share kept is in the workbook');
  assert.match(x, /Ở nước ngoài/, 'the workbook has the column of members abroad');
  const pg = await clerk.get(`/partyfees/report?unit=${units.root.id}&month=${m}`);
  assert.match(pg.text, /Ở nước ngoài/);
});

test('the rate tables as xlsx and print', async () => {
  const page = await clerk.get('/partyfees/rates');
  assert.equal(page.status, 200);
  assert.match(page.text, /id="pf-rates-xlsx"/);
  assert.match(page.text, /data-print/);
  const x = await xlsxText(clerk, '/partyfees/rates?format=xlsx');
  assert.match(x, /Tỷ lệ trích giữ lại/);
  assert.match(x, /Lương tối thiểu vùng/);
});

test('bad input on the pages: a reduction over 12 months, a payment into a closed month — red, kept', async () => {
  const m = prevMonth();
  const sh = (await clerk.get(`/api/v1/partyfees/sheet?unit=${units.caiKhe.id}&month=${m}`)).json();
  assert.equal(sh.closed, true, 'the demo closed last month');
  const id = sh.lines[0].member_id;
  let r = await clerk.postForm(`/partyfees/members/${id}/exempt`, { reduction_pct: '50', from_month: '2026-01', to_month: '2027-06', decision: 'QĐ 99-QĐ/ĐU', reason: 'Ốm dài ngày' }, `/partyfees/members/${id}`);
  assert.equal(r.status, 303);
  let back = await clerk.get(r.location);
  assert.match(back.text, /tối đa 12 tháng/);
  assert.match(back.text, /value="QĐ 99-QĐ\/ĐU"/, 'the decision typed is kept');
  assert.match(back.text, /value="2027-06"/, 'the month typed is kept');
  assert.equal((await clerk.get(`/api/v1/partyfees/members/${id}`)).status !== 500, true);
  // a hand-made form without the percentage: refused beside the field, and the page still answers
  r = await clerk.postForm(`/partyfees/members/${id}/exempt`, { from_month: '2026-01', to_month: '2026-03', decision: 'QĐ 1' }, `/partyfees/members/${id}`);
  assert.equal(r.status, 303);
  back = await clerk.get(r.location);
  assert.equal(back.status, 200, 'the member page after a refused form without reduction_pct');
  assert.match(back.text, /id="f-reduction_pct-err"|has-error/);
  // a payment into the closed month through the page
  r = await clerk.postForm('/partyfees/pay', { member_id: String(id), month: m, amount: '12000', channel: 'TIEN_MAT', paid_on: vnToday() }, `/partyfees?unit=${units.caiKhe.id}&month=${m}`);
  assert.equal(r.status, 303);
  back = await clerk.get(r.location);
  assert.match(back.text, /đã (khóa|chốt|gửi báo cáo)|đã đóng|đã báo cáo/i);
  const after_ = (await clerk.get(`/api/v1/partyfees/sheet?unit=${units.caiKhe.id}&month=${m}`)).json();
  assert.equal(after_.amount_paid, sh.amount_paid, 'nothing saved');
});

test('the payments import through the API takes an xlsx workbook as base64 (xlsx_base64), one bad row and nothing saved', async () => {
  const nk = (await clerk.get('/api/v1/units')).json().items.find((x) => x.name === 'Đảng ủy phường Ninh Kiều' && x.active !== false);
  const m = thisMonth();
  const sheet = (await clerk.get(`/api/v1/partyfees/sheet?unit=${nk.id}&month=${m}`)).json();
  assert.equal(sheet.closed, false);
  const unpaid = sheet.lines.filter((x) => x.due > 0 && x.paid === 0).slice(0, 2);
  assert.equal(unpaid.length, 2, 'Ninh Kiều has two members yet to pay');
  const head = ['member_id', 'thang', 'so_tien', 'hinh_thuc', 'ngay_nop'];
  const good = unpaid.map((l) => [l.member_id, m, l.due, 'DVCQG', vnToday()]);
  // one bad row (a month not yet come): 422 naming the row, nothing saved
  let r = await clerk.post('/api/v1/partyfees/payments/import', { json: { xlsx_base64: xlsx([head, good[0], [unpaid[1].member_id, '2099-01', 1000, 'DVCQG', vnToday()]]).toString('base64') } });
  assert.equal(r.status, 422, r.text);
  assert.match(r.json().error.errors.map((x) => x.field).join(' '), /row 3/);
  let after_ = (await clerk.get(`/api/v1/partyfees/sheet?unit=${nk.id}&month=${m}`)).json();
  assert.equal(after_.lines.find((x) => x.member_id === unpaid[0].member_id).paid, 0, 'the good row was not saved either');
  // not base64, and base64 of something that is not a workbook: refused on the field
  r = await clerk.post('/api/v1/partyfees/payments/import', { json: { xlsx_base64: '@@@' } });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json().error.field, 'xlsx_base64');
  r = await clerk.post('/api/v1/partyfees/payments/import', { json: { xlsx_base64: Buffer.from('member_id,thang\n1,2026-01\n').toString('base64') } });
  assert.equal(r.status, 422, r.text);
  assert.match(r.json().error.message, /không phải là tệp Excel/);
  r = await clerk.post('/api/v1/partyfees/payments/import', { json: { xlsx_base64: 'QUJD', extra: 1 } });
  assert.equal(r.status, 400, 'an unknown member is refused');
  // the good workbook imports both rows
  r = await clerk.post('/api/v1/partyfees/payments/import', { json: { xlsx_base64: xlsx([head, ...good]).toString('base64') } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json().imported, 2);
  after_ = (await clerk.get(`/api/v1/partyfees/sheet?unit=${nk.id}&month=${m}`)).json();
  for (const l of unpaid) assert.equal(after_.lines.find((x) => x.member_id === l.member_id).paid, l.due);
  // a specialist may not import payments
  const sp = await srv.as('chuyenvien');
  r = await sp.post('/api/v1/partyfees/payments/import', { json: { xlsx_base64: xlsx([head, ...good]).toString('base64') } });
  assert.ok([403, 404].includes(r.status), `a specialist is refused (${r.status})`);
});
