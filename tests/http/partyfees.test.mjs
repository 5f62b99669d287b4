// Party members and đảng phí (issue 20): dues computed from the dated rate tables (1 % of the
// BHXH salary, 0.5 % of the pension, 5,000 đ for students, a share of the regional minimum
// wage), integer đồng; reductions at most 12 months with the decision; a payment into a closed
// month refused; the flag at 3 unpaid months; imports with per-row errors and nothing saved;
// the monthly report closes the month and sums up the tree; retention shares; a move with its
// history; scope (specialists never, a ward only its own), and members absent from search.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';

let srv, clerk, admin, ward, spec, units;
const vnToday = () => new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
const thisMonth = () => vnToday().slice(0, 7);
const prevMonth = () => { const [y, m] = thisMonth().split('-').map(Number); return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`; };

before(async () => {
  srv = await startServer();
  clerk = await srv.as('vanthu');
  admin = await srv.as('admin');
  ward = await srv.as('donvi');
  spec = await srv.as('chuyenvien');
  const u = (await clerk.get('/api/v1/units')).json().items;
  const by = (n) => u.find((x) => x.name === n && x.active !== false);
  units = { tanAn: by('Đảng ủy phường Tân An'), binhThuy: by('Đảng ủy phường Bình Thủy'), caiKhe: by('Đảng ủy phường Cái Khế'), root: by('Thành ủy Cần Thơ') };
  for (const [k, v] of Object.entries(units)) assert.ok(v, k);
});
after(async () => { if (srv) await srv.stop(); });

async function member(body) {
  const r = await clerk.post('/api/v1/members', { json: { unit_id: units.tanAn.id, admitted_on: '2005-03-02', ...body } });
  assert.equal(r.status, 201, r.text);
  return r.json().id;
}

test('the demo holds members, closed months with reports and transfers up the tree', async () => {
  const l = await clerk.get(`/api/v1/members?unit=${units.binhThuy.id}`);
  assert.equal(l.status, 200, l.text);
  assert.ok(l.json().total >= 35, 'Bình Thủy members');
  const rep = (await clerk.get(`/api/v1/partyfees/report?unit=${units.root.id}&month=${prevMonth()}`)).json();
  const total = rep.rows.reduce((s, r) => s + r.members, 0);
  assert.ok(total >= 100, `members reported up the tree: ${total}`);
  const bt = (await clerk.get(`/api/v1/partyfees/sheet?unit=${units.binhThuy.id}&month=${prevMonth()}`)).json();
  assert.equal(bt.closed, true);
  assert.ok(bt.lines.some((x) => x.flagged), 'a member flagged for 3 unpaid months');
  assert.ok(bt.lines.some((x) => x.reduction_pct === 100), 'a member of 50 years Party age exempt');
});

test('dues follow the rate tables, in integer đồng', async () => {
  const m = thisMonth();
  const ids = {
    bhxh: await member({ full_name: 'Nguyễn Văn Lương', fee_category: 'BHXH', fee_basis: 8765432 }),
    huu: await member({ full_name: 'Trần Thị Hưu', fee_category: 'HUU_TRI', fee_basis: 6543211 }),
    sv: await member({ full_name: 'Lê Minh Sinh', fee_category: 'HOC_SINH_SINH_VIEN' }),
    ngoai: await member({ full_name: 'Phạm Văn Tự Do', fee_category: 'NGOAI_BHXH_DUOI_TUOI_HUU', wage_region: 1 }),
    lao: await member({ full_name: 'Võ Văn Lão Thành', fee_category: 'HUU_TRI', fee_basis: 7000000, admitted_on: '1960-01-01' }),
  };
  const sh = (await clerk.get(`/api/v1/partyfees/sheet?unit=${units.tanAn.id}&month=${m}`)).json();
  const due = (id) => sh.lines.find((x) => x.member_id === id).due;
  assert.equal(due(ids.bhxh), 87654); // 1 % of 8,765,432 = 87,654.32 → 87,654
  assert.equal(due(ids.huu), 32716); // 0.5 % of 6,543,211 = 32,716.055 → 32,716
  assert.equal(due(ids.sv), 5000);
  assert.equal(due(ids.ngoai), 15930); // 0.3 % of 5,310,000 (region I)
  assert.equal(due(ids.lao), 0); // 50 years of Party age: exempt
  assert.equal(sh.lines.find((x) => x.member_id === ids.lao).reduction_pct, 100);
  for (const x of sh.lines) assert.ok(Number.isInteger(x.due));
});

test('a reduction longer than 12 months is refused in Vietnamese and nothing is saved; 50 % halves the due', async () => {
  const id = await member({ full_name: 'Đặng Thị Giảm', fee_category: 'BHXH', fee_basis: 9000000 });
  const bad = await clerk.post('/api/v1/partyfees/exemptions', { json: { member_id: id, reduction_pct: 50, from_month: '2026-01', to_month: '2027-03', decision: 'QĐ 5-QĐ/ĐU' } });
  assert.equal(bad.status, 422, bad.text);
  assert.equal(bad.json().error.field, 'to_month');
  assert.match(bad.json().error.message, /tối đa 12 tháng/);
  const noDec = await clerk.post('/api/v1/partyfees/exemptions', { json: { member_id: id, reduction_pct: 40, from_month: '2026-01', to_month: '2026-02' } });
  assert.equal(noDec.status, 422);
  const ok = await clerk.post('/api/v1/partyfees/exemptions', { json: { member_id: id, reduction_pct: 50, from_month: thisMonth(), to_month: thisMonth(), decision: 'QĐ 6-QĐ/ĐU' } });
  assert.equal(ok.status, 201, ok.text);
  const sh = (await clerk.get(`/api/v1/partyfees/sheet?unit=${units.tanAn.id}&month=${thisMonth()}`)).json();
  const l = sh.lines.find((x) => x.member_id === id);
  assert.equal(l.due, 45000);
  assert.equal(l.reduction_pct, 50);
  const again = await clerk.post('/api/v1/partyfees/exemptions', { json: { member_id: id, reduction_pct: 30, from_month: thisMonth(), to_month: thisMonth(), decision: 'QĐ 7' } });
  assert.equal(again.status, 409, 'an overlapping exemption');
});

test('a payment into a closed month is refused; the report closes the month and sums it', async () => {
  const bt = (await clerk.get(`/api/v1/partyfees/sheet?unit=${units.binhThuy.id}&month=${prevMonth()}`)).json();
  const r = await clerk.post('/api/v1/partyfees/payments', { json: { member_id: bt.lines[0].member_id, month: prevMonth(), amount: 1000, channel: 'TIEN_MAT', paid_on: vnToday() } });
  assert.equal(r.status, 409, r.text);
  assert.match(r.json().error.message, /đã khóa sổ/);
  const after_ = (await clerk.get(`/api/v1/partyfees/sheet?unit=${units.binhThuy.id}&month=${prevMonth()}`)).json();
  assert.equal(after_.amount_paid, bt.amount_paid, 'nothing saved');
  // a fresh month of Tân An: pay, submit, refuse after
  const id = await member({ full_name: 'Huỳnh Văn Đóng', fee_category: 'BHXH', fee_basis: 5000000 });
  const m = thisMonth();
  const neg = await clerk.post('/api/v1/partyfees/payments', { json: { member_id: id, month: m, amount: -5, channel: 'TIEN_MAT', paid_on: vnToday() } });
  assert.equal(neg.status, 422);
  const frac = await clerk.post('/api/v1/partyfees/payments', { json: { member_id: id, month: m, amount: 50000.5, channel: 'TIEN_MAT', paid_on: vnToday() } });
  assert.equal(frac.status, 422, 'never a fractional amount');
  const p = await clerk.post('/api/v1/partyfees/payments', { json: { member_id: id, month: m, amount: 50000, channel: 'DVCQG', paid_on: vnToday() } });
  assert.equal(p.status, 201, p.text);
  const before_ = (await clerk.get(`/api/v1/partyfees/sheet?unit=${units.tanAn.id}&month=${m}`)).json();
  const s = await clerk.post('/api/v1/partyfees/reports', { json: { unit_id: units.tanAn.id, month: m } });
  assert.equal(s.status, 201, s.text);
  const twice = await clerk.post('/api/v1/partyfees/reports', { json: { unit_id: units.tanAn.id, month: m } });
  assert.equal(twice.status, 409);
  const late = await clerk.post('/api/v1/partyfees/payments', { json: { member_id: id, month: m, amount: 1, channel: 'TIEN_MAT', paid_on: vnToday() } });
  assert.equal(late.status, 409);
  const rep = (await clerk.get(`/api/v1/partyfees/report?unit=${units.root.id}&month=${m}`)).json();
  const row = rep.rows.find((x) => x.unit_id === units.tanAn.id);
  assert.equal(row.members, before_.members);
  assert.equal(row.amount_paid, before_.amount_paid);
  assert.equal(row.units_reported, 1);
  // the ward keeps 90 % (CO_SO_XA) and passes 10 % up
  const t = await clerk.post('/api/v1/partyfees/transfers', { json: { unit_id: units.tanAn.id, month: m, channel: 'DVCQG' } });
  assert.equal(t.status, 201, t.text);
  const tr = (await clerk.get(`/api/v1/partyfees/report?unit=${units.tanAn.id}&month=${m}`)).json().transfers[0];
  assert.equal(tr.collected, before_.amount_paid);
  assert.equal(tr.keep_pct, 90);
  assert.equal(tr.retained + tr.passed_up, tr.collected);
  assert.equal(tr.to_unit_id, units.root.id);
});

test('imports: one bad row and nothing is saved, every error names its row', async () => {
  const before_ = (await clerk.get(`/api/v1/members?unit=${units.caiKhe.id}`)).json().total;
  const csv = 'ho_ten,ngay_sinh,ngay_vao_dang,doi_tuong,muc_can_cu\n' +
    'Nguyễn Thị Đúng,01/02/1980,03/02/2005,BHXH,7000000\n' +
    ',01/02/1980,03/02/2005,BHXH,7000000\n' +
    'Trần Văn Sai Ngày,01/02/1980,31/02/2005,BHXH,7000000\n' +
    'Lê Văn Sai Đối Tượng,01/02/1980,03/02/2005,KHONG_CO,abc\n';
  const r = await clerk.post('/api/v1/members/import', { json: { unit_id: units.caiKhe.id, csv } });
  assert.equal(r.status, 422, r.text);
  const errs = r.json().error.errors;
  assert.ok(errs.some((e) => e.field === 'row 3' && /Họ và tên/.test(e.message)), JSON.stringify(errs));
  assert.ok(errs.some((e) => e.field === 'row 4' && /Dòng 4/.test(e.message)));
  assert.ok(errs.some((e) => e.field === 'row 5' && /đối tượng/.test(e.message)));
  assert.equal((await clerk.get(`/api/v1/members?unit=${units.caiKhe.id}`)).json().total, before_, 'nothing saved');
  const good = await clerk.post('/api/v1/members/import', { json: { unit_id: units.caiKhe.id, csv: 'ho_ten;ngay_vao_dang;doi_tuong\nNguyễn Thị Đúng;03/02/2005;BHXH\nTrần Văn Hai;2010-09-02;HUU_TRI\n' } });
  assert.equal(good.status, 201, good.text);
  assert.equal(good.json().imported, 2);
  // payments: a row for a closed month refuses the whole file
  const bt = (await clerk.get(`/api/v1/partyfees/sheet?unit=${units.binhThuy.id}&month=${thisMonth()}`)).json();
  const unpaid = bt.lines.filter((x) => x.paid === 0 && x.due > 0).slice(0, 2);
  const bad = await clerk.post('/api/v1/partyfees/payments/import', { json: { csv: `member_id,thang,so_tien,hinh_thuc,ngay_nop\n${unpaid[0].member_id},${thisMonth()},${unpaid[0].due},DVCQG,${vnToday()}\n${unpaid[1].member_id},${prevMonth()},1000,TIEN_MAT,${vnToday()}\n` } });
  assert.equal(bad.status, 409, bad.text);
  assert.equal(bad.json().error.errors[0].field, 'row 3');
  const still = (await clerk.get(`/api/v1/partyfees/sheet?unit=${units.binhThuy.id}&month=${thisMonth()}`)).json();
  assert.equal(still.lines.find((x) => x.member_id === unpaid[0].member_id).paid, 0, 'nothing saved');
});

test('a move between organisations keeps its history', async () => {
  const id = await member({ full_name: 'Bùi Văn Chuyển', fee_category: 'BHXH', fee_basis: 6000000 });
  const same = await clerk.post(`/api/v1/members/${id}/move`, { json: { to_unit_id: units.tanAn.id, moved_on: vnToday() } });
  assert.equal(same.status, 422);
  const r = await clerk.post(`/api/v1/members/${id}/move`, { json: { to_unit_id: units.caiKhe.id, moved_on: vnToday(), note: 'Chuyển nơi cư trú' } });
  assert.equal(r.status, 200, r.text);
  const m = (await clerk.get(`/api/v1/members/${id}`)).json();
  assert.equal(m.unit_id, units.caiKhe.id);
  assert.equal(m.moves.length, 1);
  assert.equal(m.moves[0].from, units.tanAn.name);
});

test('scope: a ward sees only its own members, a specialist none; members never in search', async () => {
  const mine = await ward.get(`/api/v1/members?unit=${units.binhThuy.id}`);
  assert.equal(mine.status, 200);
  const other = await ward.get(`/api/v1/members?unit=${units.caiKhe.id}`);
  assert.equal(other.status, 403);
  const anyCk = (await clerk.get(`/api/v1/members?unit=${units.caiKhe.id}`)).json().items[0];
  assert.equal((await ward.get(`/api/v1/members/${anyCk.id}`)).status, 404);
  assert.equal((await ward.get(`/api/v1/partyfees/sheet?unit=${units.caiKhe.id}`)).status, 403);
  assert.equal((await spec.get('/api/v1/members')).status, 403);
  assert.equal((await spec.get('/members')).status, 403);
  const pay = await ward.post('/api/v1/partyfees/payments', { json: { member_id: anyCk.id, month: thisMonth(), amount: 1000, channel: 'TIEN_MAT', paid_on: vnToday() } });
  assert.equal(pay.status, 404);
  const s = await clerk.get(`/api/v1/search?q=${encodeURIComponent(anyCk.full_name)}`);
  assert.ok(!s.text.includes(anyCk.full_name), 'a member is not in the document search');
});

test('the rate tables are data: the administrator sets a new minimum wage from a date', async () => {
  const bad = await clerk.post('/api/v1/partyfees/rates', { json: { kind: 'wage', key: '1', value: 6000000, effective_from: '2030-01-01' } });
  assert.equal(bad.status, 403);
  const r = await admin.post('/api/v1/partyfees/rates', { json: { kind: 'wage', key: '1', value: 6000000, effective_from: '2030-01-01', source: 'Nghị định thử' } });
  assert.equal(r.status, 201, r.text);
  const rows = (await admin.get('/api/v1/partyfees/rates')).json().items.filter((x) => x.kind === 'wage' && x.key === '1');
  assert.equal(rows.length, 2);
  assert.equal(rows.find((x) => x.effective_from === '2026-01-01').effective_to, '2029-12-31');
  const unknown = await admin.post('/api/v1/partyfees/rates', { json: { kind: 'wage', key: '9', value: 1, effective_from: '2030-01-01' } });
  assert.equal(unknown.status, 422);
});

test('pages are Vietnamese, with no internal codes', async () => {
  const p = await clerk.get(`/partyfees?unit=${units.binhThuy.id}&month=${prevMonth()}`);
  assert.equal(p.status, 200);
  assert.match(p.text, /Đã gửi báo cáo tháng này/);
  assert.doesNotMatch(p.text, />\s*(BHXH|HUU_TRI|DVCQG|TIEN_MAT)\s*</);
  const r = await clerk.get(`/partyfees/rates`);
  assert.match(r.text, /5\.310\.000 đ/);
  const m = await clerk.get(`/members?unit=${units.binhThuy.id}`);
  assert.match(m.text, /Tổng số đảng viên/);
  // every list downloads as xlsx (a zip: "PK")
  for (const path of [`/members?unit=${units.binhThuy.id}&format=xlsx`, `/partyfees?unit=${units.binhThuy.id}&month=${prevMonth()}&format=xlsx`]) {
    const x = await clerk.get(path);
    assert.equal(x.status, 200, path);
    assert.match(x.headers['content-type'] || x.headers.get?.('content-type') || '', /spreadsheetml/);
  }
  assert.equal((await spec.get(`/partyfees?unit=${units.binhThuy.id}&format=xlsx`)).status, 403);
});
