// The reporting regime (issue 14) through the API against a real server with the clock fixed
// at 20/11/2026 10:00 (Vietnam): a monthly type with five indicators and two rules defined by the
// administrator (and the bad definitions refused), a period opened by the city clerk, wards
// reporting (wrong types, broken rules, a second submission, a period not yet open — each a
// Vietnamese message and nothing saved), a return for correction and the resubmission, the
// acceptance registering an incoming document, bulk values all-or-nothing per report, the
// completeness matrix, the aggregate over the caller's subtree, the synthesis draft, and a new
// form version that leaves old periods on the old form.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DEMO_PASSWORD } from './lib.mjs';

const NOW = Date.UTC(2026, 10, 20, 3, 0, 0) / 1000; // 20/11/2026 10:00 in Vietnam
let srv;
before(async () => { srv = await startServer({ env: { VANPHONG_TEST: '1', VANPHONG_FAKE_NOW: String(NOW) } }); });
after(async () => { if (srv) await srv.stop(); });

const FORM = {
  from_period: '2026-01',
  indicators: [
    { code: 'DV', name: 'Đảng viên mới kết nạp', type: 'integer', unit: 'người', aggregation: 'sum', required: true },
    { code: 'VB_DEN', name: 'Văn bản đến', type: 'integer', aggregation: 'sum', required: true },
    { code: 'VB_DUNG_HAN', name: 'Văn bản giải quyết đúng hạn', type: 'integer', aggregation: 'sum' },
    { code: 'TY_LE', name: 'Tỷ lệ hài lòng', type: 'percent', aggregation: 'avg' },
    { code: 'XEP_LOAI', name: 'Tự xếp loại', type: 'choice', choices: ['Tốt', 'Khá', 'Trung bình'] },
  ],
  sections: [{ code: 'GHI_CHU', name: 'Giải trình' }],
  rules: [
    { expr: 'VB_DUNG_HAN <= VB_DEN', message: 'Số văn bản đúng hạn không thể nhiều hơn số văn bản đến.' },
    { expr: 'required_if(GHI_CHU, DV > 5)', message: 'Kết nạp trên 5 đảng viên thì phải giải trình.' },
  ],
};

function userAdd(login, unit) {
  const r = srv.cli(['user', 'add', '--data', '$DATA', '--login', login, '--name', `Tài khoản ${login}`, '--role', 'unit', '--unit', String(unit)], { input: `${DEMO_PASSWORD}\n` });
  assert.equal(r.status, 0, r.stderr);
}

test('a monthly report: defined, opened, filled, returned, corrected, accepted, aggregated, synthesised', async () => {
  const admin = await srv.as('admin');
  const clerk = await srv.as('vanthu');
  const bt = await srv.as('donvi');
  const units = (await admin.get('/api/v1/units')).json().items;
  const id = (n) => units.find((u) => u.name === n && u.active !== false).id;
  const vptu = id('Văn phòng Thành ủy Cần Thơ');
  const BT = id('Đảng ủy phường Bình Thủy'), NK = id('Đảng ủy phường Ninh Kiều'), CR = id('Đảng ủy phường Cái Răng');
  const base = { code: 'BC_THU', name: 'Báo cáo tháng thử nghiệm', legal_basis: 'Thử nghiệm', cycles: ['month'], levels: ['XA'], recipient_unit_id: vptu, effective_from: '2026-01-01', cutoff_day: 14, form: FORM };

  // Bad definitions: each refused with its Vietnamese message, nothing saved.
  let r = await admin.post('/api/v1/reports/types', { json: { ...base, due: { kind: 'day', value: 10 } } });
  assert.equal(r.status, 422, r.text);
  assert.match(r.json().error.message, /trước hoặc trùng ngày chốt số liệu/);
  r = await admin.post('/api/v1/reports/types', { json: { ...base, due: { kind: 'workdays', value: 0 } } });
  assert.equal(r.status, 422);
  assert.match(r.json().error.message, /ít nhất 1 ngày làm việc/);
  r = await admin.post('/api/v1/reports/types', { json: { ...base, due: { kind: 'day', value: 25 }, form: { ...FORM, rules: [{ expr: 'DV <=', message: 'x' }] } } });
  assert.equal(r.status, 422);
  assert.match(r.text, /Quy tắc thứ 1/);
  r = await admin.post('/api/v1/reports/types', { json: { ...base, due: { kind: 'day', value: 25 }, form: { ...FORM, rules: [{ expr: 'KHONG_CO > 1', message: 'x' }] } } });
  assert.equal(r.status, 422);
  assert.match(r.text, /KHONG_CO không có trong biểu mẫu/);
  assert.ok(!(await admin.get('/api/v1/reports/types')).json().items.some((t) => t.code === 'BC_THU'), 'nothing saved');
  // Only the administrator defines types.
  assert.equal((await clerk.post('/api/v1/reports/types', { json: { ...base, due: { kind: 'day', value: 25 } } })).status, 403);

  r = await admin.post('/api/v1/reports/types', { json: { ...base, due: { kind: 'day', value: 25, by_level: { XA: 24 } } } });
  assert.equal(r.status, 201, r.text);
  const type = r.json();
  assert.equal(type.forms.length, 1);

  // The city clerk opens October and November; a ward account may not.
  assert.equal((await bt.post(`/api/v1/reports/types/${type.id}/periods`, { json: { period: '2026-11' } })).status, 403);
  // October is past the daily tick's window, so only the clerk opens it. November is the
  // current period: the server's idle tick (rep_tick) may open it first when the machine is slow,
  // and then the clerk's call opens nothing new — either way every ward owes it afterwards.
  for (const period of ['2026-10', '2026-11']) {
    r = await clerk.post(`/api/v1/reports/types/${type.id}/periods`, { json: { period } });
    assert.equal(r.status, 200, r.text);
    if (period === '2026-10') assert.ok(r.json().opened >= 12, `every ward owes ${period}: ${r.text}`);
    const owed = (await clerk.get(`/api/v1/reports?type_id=${type.id}&period=${period}`)).json().items;
    assert.ok(owed.length >= 12, `every ward owes ${period}: ${owed.length}`);
  }
  assert.equal((await clerk.post(`/api/v1/reports/types/${type.id}/periods`, { json: { period: '2026-Q4' } })).status, 422);

  // The ward sees its own report only, due on the 24th (its level's day).
  const mine = (await bt.get(`/api/v1/reports?type_id=${type.id}`)).json().items;
  assert.deepEqual([...new Set(mine.map((x) => x.unit_id))], [BT]);
  const nov = mine.find((x) => x.period === '2026-11');
  assert.equal(nov.due_date, '2026-11-24');
  assert.equal(nov.cutoff, '2026-11-14');
  assert.equal(nov.data_from, '2026-10-15');
  assert.equal(nov.status, 'waiting');
  const all = (await clerk.get(`/api/v1/reports?type_id=${type.id}&period=2026-11`)).json().items;
  const nkNov = all.find((x) => x.unit_id === NK), crOct = (await clerk.get(`/api/v1/reports?type_id=${type.id}&period=2026-10&unit_id=${CR}`)).json().items[0];
  assert.equal((await bt.get(`/api/v1/reports/${nkNov.id}`)).status, 404, 'another ward’s report is not visible');
  assert.equal((await bt.post(`/api/v1/reports/${nkNov.id}`, { json: { values: { DV: 1 } } })).status, 404);

  // Bad input: a wrong type, a rule broken, a mandatory value missing, a conditional section.
  r = await bt.post(`/api/v1/reports/${nov.id}`, { json: { values: { DV: 'ba', TY_LE: 120, XEP_LOAI: 'Xuất sắc' }, submit: true } });
  assert.equal(r.status, 422);
  const fields = r.json().error.errors.map((e) => e.field);
  assert.ok(fields.includes('DV') && fields.includes('TY_LE') && fields.includes('XEP_LOAI'), r.text);
  assert.match(r.text, /phải là số nguyên/);
  assert.match(r.text, /từ 0 đến 100/);
  r = await bt.post(`/api/v1/reports/${nov.id}`, { json: { values: { DV: 2, VB_DEN: 5, VB_DUNG_HAN: 9 }, submit: true } });
  assert.equal(r.status, 422);
  assert.match(r.json().error.message, /không thể nhiều hơn số văn bản đến/);
  r = await bt.post(`/api/v1/reports/${nov.id}`, { json: { values: { DV: 7, VB_DEN: 9, VB_DUNG_HAN: 9 }, submit: true } });
  assert.equal(r.status, 422);
  assert.match(r.text, /phải giải trình/);
  r = await bt.post(`/api/v1/reports/${nov.id}`, { json: { values: { VB_DEN: 9 }, submit: true } });
  assert.match(r.text, /Chưa nhập «Đảng viên mới kết nạp»/);
  let got = (await bt.get(`/api/v1/reports/${nov.id}`)).json();
  assert.deepEqual(got.values, {}, 'nothing half-saved');
  assert.equal(got.status, 'waiting');
  r = await bt.post(`/api/v1/reports/${nov.id}`, { json: { values: { DV: 2 }, doc_code: 'không phải số' } });
  assert.equal(r.status, 422, 'a document number that does not parse');

  // A draft, then the submission with the signed report's number and date.
  r = await bt.post(`/api/v1/reports/${nov.id}`, { json: { values: { DV: '2', VB_DEN: '1.240', VB_DUNG_HAN: 1200, TY_LE: '92,5' } } });
  assert.equal(r.status, 200, r.text);
  got = (await bt.get(`/api/v1/reports/${nov.id}`)).json();
  assert.deepEqual(got.values, { DV: 2, VB_DEN: 1240, VB_DUNG_HAN: 1200, TY_LE: 92.5 });
  r = await bt.post(`/api/v1/reports/${nov.id}`, { json: { values: { XEP_LOAI: 'Tốt' }, submit: true, doc_code: '15-BC/ĐU', doc_date: '2026-11-19' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().status, 'submitted');
  assert.equal(r.json().timeliness, 'on_time');
  r = await bt.post(`/api/v1/reports/${nov.id}`, { json: { values: { DV: 3 }, submit: true } });
  assert.equal(r.status, 409, 'a second submission');
  assert.match(r.json().error.message, /đã nộp/);

  // Returned with a comment (required), corrected, accepted — and registered as incoming.
  assert.equal((await bt.post(`/api/v1/reports/${nov.id}/return`, { json: { comment: 'x' } })).status, 403);
  r = await clerk.post(`/api/v1/reports/${nov.id}/return`, { json: { comment: '  ' } });
  assert.equal(r.status, 422);
  r = await clerk.post(`/api/v1/reports/${nov.id}/return`, { json: { comment: 'Số văn bản đến chưa khớp sổ.' } });
  assert.equal(r.json().status, 'returned');
  r = await bt.post(`/api/v1/reports/${nov.id}`, { json: { values: { VB_DEN: 1250 }, submit: true } });
  assert.equal(r.json().status, 'submitted');
  assert.equal(r.json().timeliness, 'on_time', 'judged by the first submission');
  r = await clerk.post(`/api/v1/reports/${nov.id}/accept`, { json: {} });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().status, 'accepted');
  const incomingId = r.json().incoming_id;
  assert.ok(incomingId > 0);
  const inc = (await clerk.get(`/api/v1/incoming/${incomingId}`)).json();
  assert.equal(inc.code, '15-BC/ĐU');
  got = (await bt.get(`/api/v1/reports/${nov.id}`)).json();
  assert.deepEqual(got.history.map((h) => h.kind), ['save', 'submit', 'return', 'submit', 'accept']);

  // Bulk values from Ninh Kiều's own system: its rows saved and submitted; a row for another
  // ward refused on its own; a report with one bad row keeps nothing.
  userAdd('donvi.nk', NK);
  userAdd('donvi.cr', CR);
  const nk = await srv.as('donvi.nk');
  const nkOct = (await nk.get(`/api/v1/reports?type_id=${type.id}&period=2026-10`)).json().items[0];
  r = await nk.post('/api/v1/reports/values', {
    json: {
      type: 'BC_THU', submit: true, rows: [
        { unit_id: NK, period: '2026-11', indicator: 'DV', value: 4 },
        { unit_id: NK, period: '2026-11', indicator: 'VB_DEN', value: 300 },
        { unit_id: NK, period: '2026-11', indicator: 'VB_DUNG_HAN', value: 280 },
        { unit_id: NK, period: '2026-11', indicator: 'TY_LE', value: 87.5 },
        { unit_id: NK, period: '2026-10', indicator: 'DV', value: 'nhiều' },
        { unit_id: NK, period: '2026-10', indicator: 'VB_DEN', value: 10 },
        { unit_id: BT, period: '2026-10', indicator: 'DV', value: 1 },
        { unit_id: NK, period: '2027-01', indicator: 'DV', value: 1 },
      ],
    },
  });
  assert.equal(r.status, 422, r.text);
  const res = r.json();
  assert.deepEqual(res.saved, [nkNov.id]);
  assert.deepEqual(res.errors.map((e) => e.row).sort(), [4, 6, 7]);
  assert.match(res.errors.find((e) => e.row === 4).message, /số nguyên/);
  assert.match(res.errors.find((e) => e.row === 7).message, /chưa mở/);
  assert.deepEqual((await nk.get(`/api/v1/reports/${nkOct.id}`)).json().values, {}, 'all or nothing per report');

  // Cái Răng reports October late (due 24/10).
  const cr = await srv.as('donvi.cr');
  r = await cr.post(`/api/v1/reports/${crOct.id}`, { json: { values: { DV: 1, VB_DEN: 50, VB_DUNG_HAN: 40, TY_LE: 80 }, submit: true } });
  assert.equal(r.json().timeliness, 'late');

  // A period not yet open: December's data close on 14/12.
  r = await clerk.post(`/api/v1/reports/types/${type.id}/periods`, { json: { period: '2026-12' } });
  assert.equal(r.status, 200, r.text);
  const dec = (await bt.get(`/api/v1/reports?type_id=${type.id}&period=2026-12`)).json().items[0];
  assert.equal(dec.status, 'not_due');
  r = await bt.post(`/api/v1/reports/${dec.id}`, { json: { values: { DV: 1 } } });
  assert.equal(r.status, 409);
  assert.match(r.json().error.message, /Kỳ báo cáo chưa mở: số liệu chốt ngày 14\/12\/2026/);

  // Completeness: Bình Thủy accepted in November, Cái Răng late in October, the rest missing.
  r = await clerk.get(`/api/v1/reports/types/${type.id}/completeness?cycle=month&year=2026`);
  const m = r.json();
  const row = (u) => m.units.find((x) => x.unit_id === u).cells;
  const col = (p) => m.periods.indexOf(p);
  assert.equal(row(BT)[col('2026-11')].status, 'accepted');
  assert.equal(row(NK)[col('2026-11')].status, 'submitted');
  assert.equal(row(CR)[col('2026-10')].timeliness, 'late');
  assert.equal(row(BT)[col('2026-10')].status, 'overdue');
  assert.equal(row(BT)[col('2026-01')], null, 'January was never opened');
  assert.ok(m.totals.late >= 1 && m.totals.missing >= 10, JSON.stringify(m.totals));
  // A ward sees its own row only.
  const mb = (await bt.get(`/api/v1/reports/types/${type.id}/completeness?cycle=month&year=2026`)).json();
  assert.deepEqual(mb.units.map((x) => x.unit_id), [BT]);

  // Aggregation over the city: sums and the average of the two November reports.
  r = await clerk.get(`/api/v1/reports/types/${type.id}/aggregate?period=2026-10,2026-11&by_child=1`);
  assert.equal(r.status, 200, r.text);
  const ag = r.json();
  const novAg = ag.periods.find((p) => p.period === '2026-11');
  assert.equal(novAg.reports, 2);
  assert.equal(novAg.values.DV, 6);
  assert.equal(novAg.values.VB_DEN, 1550);
  assert.equal(novAg.values.TY_LE, 90);
  assert.equal(ag.periods.find((p) => p.period === '2026-10').values.DV, 1);
  assert.equal(ag.by_child.find((c) => c.unit_id === NK).periods[1].values.DV, 4);
  // The ward's aggregate covers its own subtree only.
  const agb = (await bt.get(`/api/v1/reports/types/${type.id}/aggregate?period=2026-11`)).json();
  assert.equal(agb.periods[0].values.DV, 2);
  assert.equal((await bt.get(`/api/v1/reports/types/${type.id}/aggregate?period=2026-11&unit_id=${NK}`)).status, 404);

  // The synthesis: a draft outgoing report with the figures and the wards that did not report.
  assert.equal((await bt.post(`/api/v1/reports/types/${type.id}/synthesis`, { json: { period: '2026-11' } })).status, 403);
  r = await clerk.post(`/api/v1/reports/types/${type.id}/synthesis`, { json: { period: '2026-11' } });
  assert.equal(r.status, 201, r.text);
  const out = (await clerk.get(`/api/v1/outgoing/${r.json().outgoing_id}`)).json();
  assert.equal(out.status, 'draft');
  assert.match(out.body, /Đảng viên mới kết nạp \(người\): 6/);
  assert.match(out.body, /So với Tháng 10\/2026/);
  assert.match(out.body, /Chưa nộp: Đảng ủy phường Cái Răng/);
  assert.equal((await clerk.get(`/api/v1/reports/${nov.id}`)).json().status, 'included');

  // A new form version from December: November keeps version 1.
  const exported = (await admin.get(`/api/v1/reports/types/${type.id}`)).json();
  const form2 = { ...exported.form, from_period: '2026-12', indicators: [...exported.form.indicators, { code: 'HOI_NGHI', name: 'Hội nghị', type: 'integer' }] };
  delete form2.version;
  r = await admin.post(`/api/v1/reports/types/${type.id}`, { json: { form: { ...form2, from_period: '2025-12' } } });
  assert.equal(r.status, 422, 'a new version cannot reach back before the current one');
  r = await admin.post(`/api/v1/reports/types/${type.id}`, { json: { form: form2 } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().forms.length, 2);
  assert.equal((await bt.get(`/api/v1/reports/${nov.id}`)).json().form_version, 1);
  r = await clerk.post(`/api/v1/reports/types/${type.id}/periods`, { json: { period: '2027-01' } });
  assert.equal(r.status, 200);
  const jan = (await bt.get(`/api/v1/reports?type_id=${type.id}&period=2027-01`)).json().items[0];
  assert.equal((await bt.get(`/api/v1/reports/${jan.id}`)).json().form_version, 2);
  // Unknown parameters are refused.
  assert.equal((await bt.get('/api/v1/reports?bogus=1')).status, 400);
});

test('the pages: the ward fills its report with messages beside the fields; the office sees the matrix', async () => {
  const bt = await srv.as('donvi');
  const type = (await bt.get('/api/v1/reports/types')).json().items.find((t) => t.code === 'BC_CONG_TAC_XA');
  const inst = (await bt.get(`/api/v1/reports?type_id=${type.id}&period=2026-11`)).json().items[0];
  let page = await bt.get(`/reports/${inst.id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Đảng ủy phường Bình Thủy/);
  page = await bt.get('/reports/periodic');
  assert.match(page.text, /Báo cáo đơn vị phải nộp/);
  const clerk = await srv.as('vanthu');
  page = await clerk.get(`/reports/types/${type.id}?cycle=month&year=2026`);
  assert.equal(page.status, 200);
  assert.match(page.text, /id="rep-matrix"/);
  assert.match(page.text, /Đảng ủy phường Cái Răng/);
  assert.doesNotMatch(page.text, />(open|submitted|accepted|not_due)</, 'no internal codes on pages');
  // Drilling into a ward: its own figures by period.
  const btId = (await bt.get('/api/v1/units')).json().items.find((u) => u.name === 'Đảng ủy phường Bình Thủy').id;
  assert.match(page.text, new RegExp(`href="/reports/types/${type.id}/aggregate\\?unit_id=${btId}"`));
  page = await clerk.get(`/reports/types/${type.id}/aggregate?unit_id=${btId}&period=2026-09,2026-10`);
  assert.equal(page.status, 200);
  assert.match(page.text, /id="rep-pivot"/);
  // The home page leads the office to the reports waiting for review.
  page = await clerk.get('/');
  assert.match(page.text, /id="home-reports"/);
  assert.match(page.text, /báo cáo của đơn vị cấp dưới chờ kiểm tra/);
  page = await clerk.get(`/reports/types/${type.id}/aggregate?period=2026-09,2026-10`);
  assert.equal(page.status, 200);
  assert.match(page.text, /<svg/);
  assert.match(page.text, /id="rep-pivot"/);
});

// The .xlsx round trip: the template of a report, filled outside and uploaded; an extra sheet,
// shifted columns, a wrong value each named by sheet and cell, nothing saved; then saved whole.
test('a report through its Excel template: per-cell errors, nothing saved until it is right', async () => {
  const { mkdtempSync, writeFileSync, readFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { execFileSync } = await import('node:child_process');
  const admin = await srv.as('admin');
  const clerk = await srv.as('vanthu');
  const bt = await srv.as('donvi');
  let r = await admin.post('/api/v1/reports/types', {
    json: {
      code: 'BC_XLSX', name: 'Báo cáo nhập bằng Excel', cycles: ['month'], levels: ['XA'], effective_from: '2026-01-01',
      due: { kind: 'day', value: 25 },
      form: { from_period: '2026-01', indicators: [
        { code: 'SO_A', name: 'Số A', type: 'integer', required: true },
        { code: 'SO_B', name: 'Số B', type: 'integer' },
        { code: 'CO_KH', name: 'Có kế hoạch', type: 'yesno' },
      ], rules: [{ expr: 'SO_B <= SO_A', message: 'Số B không vượt số A.' }] },
    },
  });
  assert.equal(r.status, 201, r.text);
  const type = r.json();
  assert.equal((await clerk.post(`/api/v1/reports/types/${type.id}/periods`, { json: { period: '2026-11' } })).status, 200);
  const inst = (await bt.get(`/api/v1/reports?type_id=${type.id}`)).json().items[0];
  const t = await bt.get(`/reports/${inst.id}/template.xlsx`);
  assert.equal(t.status, 200);
  assert.match(t.headers.get('content-type'), /spreadsheetml/);
  const dir = mkdtempSync(join(tmpdir(), 'vp-xlsx-'));
  const raw = Buffer.from(await (await fetch(srv.base + `/reports/${inst.id}/template.xlsx`, { headers: { cookie: bt.cookieHeader() } })).arrayBuffer());
  writeFileSync(join(dir, 't.xlsx'), raw);
  // Fills column D (rows 2..4) and applies edit(xml, workbook) before zipping it again.
  function make(name, values, edit = (x) => x, editWb = (x) => x) {
    const d = join(dir, name);
    execFileSync('unzip', ['-qq', '-o', join(dir, 't.xlsx'), '-d', d]);
    const sheetFile = join(d, 'xl/worksheets/sheet1.xml');
    let xml = readFileSync(sheetFile, 'utf8');
    values.forEach((v, i) => {
      const row = i + 2;
      const c = typeof v === 'number' ? `<c r="D${row}"><v>${v}</v></c>` : `<c r="D${row}" t="inlineStr"><is><t>${v}</t></is></c>`;
      xml = xml.replace(new RegExp(`(<row r="${row}"[^>]*>[\\s\\S]*?)</row>`), `$1${c}</row>`);
    });
    writeFileSync(sheetFile, edit(xml));
    const wbFile = join(d, 'xl/workbook.xml');
    writeFileSync(wbFile, editWb(readFileSync(wbFile, 'utf8')));
    execFileSync('zip', ['-qq', '-r', join(dir, `${name}.xlsx`), '.'], { cwd: d });
    return readFileSync(join(dir, `${name}.xlsx`));
  }
  async function upload(bytes, submit) {
    const fd = new FormData();
    fd.append('csrf', await bt.csrf(`/reports/${inst.id}`));
    fd.append('file', new Blob([bytes]), 'bao-cao.xlsx');
    if (submit) fd.append('submit', '1');
    const res = await bt.post(`/reports/${inst.id}/upload`, { body: fd });
    return bt.follow(res);
  }
  const summary = (page) => page.text;
  // A wrong value and a broken rule: each at its cell.
  let page = await upload(make('bad', ['năm', 9, 'Có']), true);
  assert.match(summary(page), /Báo cáo!D2: «Số A» phải là số nguyên/);
  page = await upload(make('rule', [3, 9, 'Có']), true);
  assert.match(summary(page), /Báo cáo!D3: Số B không vượt số A/);
  // An extra sheet; shifted columns.
  page = await upload(make('extra', [3, 2, 'Có'], (x) => x, (w) => w.replace('</sheets>', '<sheet name="Nháp" sheetId="9" r:id="rId1"/></sheets>')), true);
  assert.match(summary(page), /trang tính thừa «Nháp»/);
  page = await upload(make('shift', [3, 2, 'Có'], (x) => x.replace(/r="D/g, 'r="E')), true);
  assert.match(summary(page), /Báo cáo!D1 phải là «Giá trị»/);
  assert.deepEqual((await bt.get(`/api/v1/reports/${inst.id}`)).json().values, {}, 'nothing saved');
  // The same through the API, as a unit's own system would: refused with the cell named.
  const fdApi = new FormData();
  fdApi.append('file', new Blob([make('api', [3, 'mười', 'Có'])]), 'bao-cao.xlsx');
  r = await bt.post(`/api/v1/reports/${inst.id}/upload`, { body: fdApi });
  assert.equal(r.status, 422, r.text);
  assert.match(r.json().error.message, /Báo cáo!D3: «Số B» phải là số nguyên/);
  // Right: saved and submitted.
  page = await upload(make('good', [3, 2, 'Có']), true);
  assert.match(page.text, /Đã nộp báo cáo/);
  const got = (await bt.get(`/api/v1/reports/${inst.id}`)).json();
  assert.deepEqual(got.values, { SO_A: 3, SO_B: 2, CO_KH: true });
  assert.equal(got.status, 'submitted');
  // Another ward may not download or upload it.
  assert.equal((await (await srv.as('vanthu.binhthuy')).get(`/reports/${inst.id}/template.xlsx`)).status, 200);
  const cr = srv.client();
  assert.equal((await cr.get(`/reports/${inst.id}/template.xlsx`)).status, 303, 'anonymous goes to the login');
});
