// The incoming side over real HTTP: registration with arrival numbers, bad input, the
// duplicate warning, secrecy and unit scope (404 and not counted), a forbidden transition,
// routing → progress → extension → done, the registers as CSV (checked cell by cell) and XLSX
// (unzipped and read), the dashboard, and the pages a clerk walks through. One server for the
// whole file (fresh demo office).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './lib.mjs';
import { workingDayIn } from './workdays-dates.mjs';

let srv;
const ids = {};

before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

const as = (login) => srv.as(login);

function apiError(r, status, code) {
  assert.equal(r.status, status, r.text);
  const j = r.json();
  assert.ok(j.error && j.error.message, r.text);
  if (code) assert.equal(j.error.code, code, r.text);
  return j.error;
}

function today() {
  return new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
}
// A deadline must be a working day (issue 13): today + n, moved to the next working day.
function plusDays(n) {
  return n < 0 ? new Date(Date.now() + 7 * 3600e3 + n * 86400e3).toISOString().slice(0, 10) : workingDayIn(n);
}

const base = {
  issuer_name: 'Ủy ban nhân dân thành phố Cần Thơ',
  doc_type: 'cong_van',
  issued_date: '2026-01-15',
  subject: 'Về việc triển khai chuyển đổi số trong cơ quan Đảng',
  signer: 'Trần Văn Minh',
};

test('a clerk registers documents; arrival numbers follow each other', async () => {
  const c = await as('vanthu');
  let r = await c.post('/api/v1/incoming', { json: { ...base, code: 'Số: 123/QĐ-UBND' } });
  assert.equal(r.status, 201, r.text);
  const a = r.json();
  r = await c.post('/api/v1/incoming', { json: { ...base, code: '36-HD/VPTW', urgency: 'hoa_toc' } });
  assert.equal(r.status, 201, r.text);
  const b = r.json();
  assert.equal(b.arrival_number, a.arrival_number + 1);
  ids.first = a.id;
  ids.urgent = b.id;
  r = await c.get(`/api/v1/incoming/${a.id}`);
  assert.equal(r.status, 200);
  const doc = r.json();
  assert.equal(doc.code, 'Số: 123/QĐ-UBND');
  assert.equal(doc.code_normalised, '123/QĐ-UBND');
  assert.equal(doc.status, 'registered');
  assert.equal(doc.trace[0].kind, 'register');
});

test('bad input is refused with a message, and consumes no number', async () => {
  const c = await as('vanthu');
  apiError(await c.post('/api/v1/incoming', { json: { code: '1/UBND' } }), 422, 'invalid_input');
  let e = apiError(await c.post('/api/v1/incoming', { json: { ...base, code: '9/UBND', issued_date: plusDays(3) } }), 422);
  assert.equal(e.field, 'issued_date');
  e = apiError(await c.post('/api/v1/incoming', { json: { ...base, code: 'không có số' } }), 422);
  assert.equal(e.field, 'code');
  apiError(await c.post('/api/v1/incoming', { json: { ...base, code: '9/UBND', secrecy: 'bi_mat' } }), 422);
  apiError(await c.post('/api/v1/incoming', { body: '{nope', headers: { 'content-type': 'application/json' } }), 400);
  const spec = await as('chuyenvien');
  apiError(await spec.post('/api/v1/incoming', { json: { ...base, code: '9/UBND' } }), 403);
  const r = await c.post('/api/v1/incoming', { json: { ...base, code: '10/UBND' } });
  const prev = (await c.get(`/api/v1/incoming/${ids.urgent}`)).json().arrival_number;
  assert.equal(r.json().arrival_number, prev + 1);
});

test('the same issuer, number and date warns as a duplicate unless a reason is given', async () => {
  const c = await as('vanthu');
  const e = apiError(await c.post('/api/v1/incoming', { json: { ...base, code: '123/qđ-ubnd' } }), 409, 'duplicate');
  assert.equal(e.existing_id, ids.first);
  const r = await c.post('/api/v1/incoming', { json: { ...base, code: '123/QĐ-UBND', duplicate_reason: 'Bản gửi lại qua bưu điện' } });
  assert.equal(r.status, 201, r.text);
});

test('a secret document: 404 and not counted for those it was not routed to', async () => {
  const c = await as('vanthu');
  // (the demo office has documents of its own: compare before and after)
  const s2Before = (await (await as('chuyenvien2')).get('/api/v1/incoming')).json().total;
  const unitBefore = (await (await as('donvi')).get('/api/v1/reports/incoming')).json();
  let r = await c.post('/api/v1/incoming', { json: { ...base, code: '07-CV/TU', secrecy: 'mat', subject: 'Tài liệu mật' } });
  assert.equal(r.status, 201, r.text);
  ids.secret = r.json().id;
  const s2 = await as('chuyenvien2');
  assert.equal((await s2.get(`/api/v1/incoming/${ids.secret}`)).status, 404);
  assert.equal((await s2.get(`/incoming/${ids.secret}`)).status, 404);
  let list = (await s2.get('/api/v1/incoming')).json();
  assert.equal(list.total, s2Before);
  const s1 = await as('chuyenvien');
  assert.equal((await s1.get(`/api/v1/incoming/${ids.secret}`)).status, 404);
  list = (await s1.get('/api/v1/incoming?limit=500')).json();
  assert.ok(!list.items.some((x) => x.id === ids.secret));
  assert.ok(!(await s1.get('/incoming')).text.includes('Tài liệu mật'));
  const lead = await as('chanhvp');
  assert.equal((await lead.get(`/api/v1/incoming/${ids.secret}`)).status, 200);
  // The dashboard of a unit account counts nothing of it.
  const unit = await as('donvi');
  const d = (await unit.get('/api/v1/reports/incoming')).json();
  const received = (v) => v.by_unit.reduce((s, x) => s + x.received, 0);
  assert.equal(received(d), received(unitBefore));
});

test('routing: unassigned cannot be completed; assign, progress, extend, done', async () => {
  const s2 = await as('chuyenvien2');
  const me = (await s2.get('/api/v1/me')).json();
  ids.handlerName = me.name;
  const lead = await as('chanhvp');
  const id = ids.first;
  const e = apiError(await s2.post(`/api/v1/incoming/${id}/progress`, { json: { action: 'done' } }), 404);
  assert.ok(e.message);
  apiError(await lead.post(`/api/v1/incoming/${id}/progress`, { json: { action: 'done', note: 'x' } }), 409, 'invalid_state');
  const clerk = await as('vanthu');
  apiError(await clerk.post(`/api/v1/incoming/${id}/assign`, { json: { lead: { user_id: me.id } } }), 403, 'forbidden');
  let r = await lead.post(`/api/v1/incoming/${id}/assign`, {
    json: { lead: { user_id: me.id }, due_date: plusDays(5), instruction: 'Đồng chí Tâm chủ trì, báo cáo trước hạn' },
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().status, 'assigned');
  assert.equal(r.json().deadline, plusDays(5));
  assert.equal((await s2.get(`/api/v1/incoming/${id}`)).status, 200);
  const notes = (await s2.get('/api/v1/notifications')).json();
  assert.ok(notes.items.some((n) => n.kind === 'assigned' && n.doc_id === id), JSON.stringify(notes));
  r = await s2.post(`/api/v1/incoming/${id}/progress`, { json: { action: 'progress', note: 'Đã xin ý kiến các ban' } });
  assert.equal(r.status, 200, r.text);
  apiError(await lead.post(`/api/v1/incoming/${id}/progress`, { json: { action: 'extend', new_due_date: plusDays(9) } }), 422);
  r = await lead.post(`/api/v1/incoming/${id}/progress`, { json: { action: 'extend', new_due_date: plusDays(9), reason: 'Chờ số liệu' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().deadline, plusDays(9));
  r = await s2.post(`/api/v1/incoming/${id}/progress`, { json: { action: 'done', note: 'Đã trả lời', reply_code: '12-CV/BTCTU' } });
  assert.equal(r.status, 200, r.text);
  const doc = r.json();
  assert.equal(doc.status, 'done');
  assert.equal(doc.reply_code, '12-CV/BTCTU');
  assert.deepEqual(doc.trace.map((t) => t.kind), ['register', 'assign', 'progress', 'extend', 'done']);
  apiError(await s2.post(`/api/v1/incoming/${id}/progress`, { json: { action: 'done' } }), 409, 'invalid_state');
});

function csvRows(text) {
  const t = text.replace(/^\uFEFF/, '');
  const rows = [];
  let row = [], cell = '', q = false;
  for (let i = 0; i < t.length; i++) {
    const ch = t[i];
    if (q) {
      if (ch === '"' && t[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') q = false; else cell += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') { row.push(cell); cell = ''; }
    else if (ch === '\r') { /* CRLF */ }
    else if (ch === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; }
    else cell += ch;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

test('the incoming register and follow-up book as CSV, checked cell by cell', async () => {
  const c = await as('vanthu');
  let r = await c.get('/api/v1/registers/incoming?format=csv');
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-disposition') || '', /attachment/);
  let rows = csvRows(r.text);
  const header = rows.find((x) => x[0] === 'Ngày đến');
  assert.deepEqual(header, ['Ngày đến', 'Số đến', 'Tác giả', 'Số, ký hiệu', 'Ngày tháng VB', 'Tên loại & trích yếu',
    'Đơn vị hoặc người nhận', 'Ngày chuyển', 'Ký nhận', 'Ghi chú']);
  const first = rows.find((x) => x[3] === 'Số: 123/QĐ-UBND');
  assert.ok(first, r.text);
  assert.equal(first[2], 'Ủy ban nhân dân thành phố Cần Thơ');
  assert.equal(first[4], '15/01/2026');
  assert.equal(first[5], 'Công văn: Về việc triển khai chuyển đổi số trong cơ quan Đảng');
  assert.equal(first[6], ids.handlerName);
  const [y, m, d] = today().split('-');
  assert.equal(first[0], `${d}/${m}/${y}`);
  assert.equal(first[7], `${d}/${m}/${y}`);
  // The clerk registered the secret one, so it appears (marked) in her register …
  assert.ok(rows.some((x) => x[3] === '07-CV/TU' && /Mật/.test(x[9])));
  // … and never in a register read by someone it was not routed to.
  const s1 = await as('chuyenvien');
  rows = csvRows((await s1.get('/api/v1/registers/incoming?format=csv')).text);
  assert.ok(!rows.some((x) => x[3] === '07-CV/TU'));

  r = await c.get('/api/v1/registers/followup?format=csv');
  rows = csvRows(r.text);
  assert.deepEqual(rows.find((x) => x[0] === 'Số đến'), ['Số đến', 'Tên loại, số, ký hiệu, ngày, cơ quan ban hành',
    'Đơn vị/người nhận', 'Thời hạn giải quyết', 'Tiến độ giải quyết', 'Số ký hiệu văn bản trả lời', 'Ghi chú']);
  const f = rows.find((x) => x[5] === '12-CV/BTCTU');
  assert.ok(f, r.text);
  assert.match(f[1], /^Công văn số Số: 123\/QĐ-UBND ngày 15\/01\/2026 của Ủy ban nhân dân/);
  assert.match(f[4], /^Đã xong ngày/);
  const j = (await c.get('/api/v1/registers/incoming')).json();
  assert.equal(j.columns.length, 10);
});

test('the incoming register as XLSX opens and holds the cells', async () => {
  const c = await as('vanthu');
  const res = await fetch(srv.base + '/api/v1/registers/incoming?format=xlsx', { headers: { cookie: c.cookieHeader() } });
  assert.equal(res.status, 200);
  const buf = Buffer.from(await res.arrayBuffer());
  const dir = mkdtempSync(join(tmpdir(), 'vp-xlsx-'));
  try {
    writeFileSync(join(dir, 'r.xlsx'), buf);
    const u = spawnSync('unzip', ['-o', '-q', 'r.xlsx'], { cwd: dir });
    assert.equal(u.status, 0, String(u.stderr));
    const strings = spawnSync('cat', [join(dir, 'xl/sharedStrings.xml')], { encoding: 'utf8' }).stdout;
    for (const s of ['Ngày đến', 'Số đến', 'Tên loại &amp; trích yếu', 'Ký nhận', 'Số: 123/QĐ-UBND', '36-HD/VPTW'])
      assert.ok(strings.includes(s), `missing ${s}`);
    const sheet = spawnSync('cat', [join(dir, 'xl/worksheets/sheet1.xml')], { encoding: 'utf8' }).stdout;
    assert.match(sheet, /landscape/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('pages: list with marks, registration form keeps values, document page, reports, notifications', async () => {
  const c = await as('vanthu');
  let r = await c.get('/incoming');
  assert.equal(r.status, 200);
  assert.match(r.text, /mark-hoatoc/);
  r = await c.get('/incoming/new');
  assert.equal(r.status, 200);
  const csrf = await c.csrf('/incoming/new');
  r = await c.post('/incoming/new', { form: { csrf, issuer_name: 'Huyện ủy Phong Điền', code: '??', doc_type: 'cong_van',
    issued_date: '2026-01-02', subject: 'Giữ lại nội dung đã gõ' } });
  assert.equal(r.status, 400);
  assert.match(r.text, /Giữ lại nội dung đã gõ/);
  assert.match(r.text, /has-error/);
  r = await c.post('/incoming/new', { form: { csrf, issuer_name: 'Huyện ủy Phong Điền', code: '15-BC/HU', doc_type: 'bao_cao',
    issued_date: '2026-01-02', subject: 'Báo cáo tổng kết' } });
  assert.equal(r.status, 303, r.text);
  r = await c.follow(r);
  assert.match(r.text, /15-BC\/HU/);
  r = await c.get('/registers/incoming');
  assert.match(r.text, /landscape/);
  const lead = await as('chanhvp');
  r = await lead.get('/reports');
  assert.equal(r.status, 200);
  assert.match(r.text, /<svg/);
  r = await lead.get(`/incoming/${ids.urgent}`);
  assert.match(r.text, /assign-form/);
  assert.equal((await c.get('/notifications')).status, 200);
});
