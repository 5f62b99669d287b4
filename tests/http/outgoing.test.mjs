// The outgoing side over real HTTP: a draft through approval, signing and issue to the
// recipient unit's queue; forbidden transitions; Tối mật refused electronically and sent on
// paper; secrecy (404 and not counted); attachments checked by content; the outgoing register
// as json/csv/xlsx; dossiers. One server (fresh demo office) for the whole file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './lib.mjs';

let srv;
let wardId;
let vptuRegister;

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

async function setup() {
  if (wardId) return;
  const c = await as('vanthu');
  // The ward is outside the office clerk's scope; a committee leader sees the whole tree.
  const units = (await (await as('thuongtruc')).get('/api/v1/units')).json().items;
  const ward = units.find((u) => u.name === 'Đảng ủy phường Bình Thủy');
  assert.ok(ward, 'demo ward unit');
  wardId = ward.id;
  const regs = (await c.get('/api/v1/catalog/registers')).json().items;
  const reg = regs.find((r) => r.issuer_abbr === 'VPTU');
  assert.ok(reg, `VPTU register in ${JSON.stringify(regs)}`);
  vptuRegister = reg.id;
}

async function newDraft(login, extra = {}) {
  await setup();
  const c = await as(login);
  const r = await c.post('/api/v1/outgoing', {
    json: {
      register_id: vptuRegister, doc_type: 'cong_van', subject: 'Về việc tổ chức học tập Nghị quyết',
      body: 'Kính gửi các đồng chí…', secrecy: 'none', urgency: 'normal',
      recipients: [{ unit_id: wardId }, { name: 'Báo Cần Thơ' }], ...extra,
    },
  });
  assert.equal(r.status, 201, r.text);
  return r.json().id;
}

test('draft → approve → sign → issue reaches the ward’s queue', async () => {
  const id = await newDraft('chuyenvien');
  const clerk = await as('vanthu');
  // Issuing an unapproved draft: 409 and no number.
  apiError(await clerk.post(`/api/v1/outgoing/${id}/issue`), 409, 'conflict');
  // A specialist cannot approve.
  apiError(await (await as('chuyenvien')).post(`/api/v1/outgoing/${id}/approve`), 403, 'forbidden');
  const boss = await as('chanhvp');
  let r = await boss.post(`/api/v1/outgoing/${id}/approve`, { json: { note: 'Đồng ý' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().status, 'approved');
  r = await boss.post(`/api/v1/outgoing/${id}/sign`);
  assert.equal(r.status, 200, r.text);
  r = await clerk.post(`/api/v1/outgoing/${id}/issue`);
  assert.equal(r.status, 200, r.text);
  const issued = r.json();
  assert.match(issued.notation, /^\d{2,}-CV\/VPTU$/);
  assert.equal(issued.number, Number(issued.notation.split('-')[0]));
  r = await clerk.get(`/api/v1/outgoing/${id}/status`);
  assert.equal(r.status, 200, r.text);
  const st = r.json();
  const ward = st.recipients.find((x) => x.unit_id === wardId);
  assert.equal(ward.method, 'electronic');
  assert.equal(ward.status_code, '01');
  assert.equal(st.recipients.find((x) => !x.unit_id).method, 'post');
  // The next issue takes the next number; the sequence has no gap.
  const id2 = await newDraft('chuyenvien');
  await boss.post(`/api/v1/outgoing/${id2}/approve`);
  await boss.post(`/api/v1/outgoing/${id2}/sign`);
  const n2 = (await clerk.post(`/api/v1/outgoing/${id2}/issue`)).json();
  assert.equal(n2.number, issued.number + 1);
  // Recall keeps the number.
  apiError(await clerk.post(`/api/v1/outgoing/${id}/recall`, { json: {} }), 422);
  r = await clerk.post(`/api/v1/outgoing/${id}/recall`, { json: { reason: 'Sai địa chỉ' } });
  assert.equal(r.status, 200, r.text);
  r = (await clerk.get(`/api/v1/outgoing/${id}`)).json();
  assert.equal(r.status, 'recalled');
  assert.equal(r.notation, issued.notation);
  const wardNow = (await clerk.get(`/api/v1/outgoing/${id}/status`)).json().recipients
    .find((x) => x.unit_id === wardId);
  assert.equal(wardNow.status_code, '13');
});

test('Tối mật: electronic sending refused, paper dispatch recorded', async () => {
  await setup();
  const clerk = await as('vanthu');
  const e = apiError(await clerk.post('/api/v1/outgoing', {
    json: { register_id: vptuRegister, doc_type: 'bao_cao', subject: 'Báo cáo tối mật',
      secrecy: 'toi_mat', recipients: [{ unit_id: wardId, method: 'electronic' }] },
  }), 409, 'conflict');
  assert.match(e.message, /không được gửi qua mạng/);
  const id = await newDraft('vanthu', { secrecy: 'toi_mat', doc_type: 'bao_cao' });
  const boss = await as('chanhvp');
  assert.equal((await boss.post(`/api/v1/outgoing/${id}/approve`)).status, 200);
  assert.equal((await boss.post(`/api/v1/outgoing/${id}/sign`)).status, 200);
  const r = await clerk.post(`/api/v1/outgoing/${id}/issue`);
  assert.equal(r.status, 200, r.text);
  assert.match(r.json().dispatch_note, /chuyển bản giấy/);
  for (const x of r.json().recipients) assert.equal(x.method, 'paper');
});

test('secret documents: 404 and not counted outside', async () => {
  const id = await newDraft('vanthu', { secrecy: 'mat', subject: 'Công văn mật về nhân sự' });
  const other = await as('chuyenvien2');
  apiError(await other.get(`/api/v1/outgoing/${id}`), 404, 'not_found');
  apiError(await other.get(`/api/v1/outgoing/${id}/status`), 404, 'not_found');
  apiError(await other.post(`/api/v1/outgoing/${id}/comments`, { json: { text: 'x' } }), 404);
  const list = (await other.get('/api/v1/outgoing?limit=500')).json().items;
  assert.ok(!list.some((d) => d.id === id));
  const page = await other.get('/outgoing');
  assert.ok(!page.text.includes('Công văn mật về nhân sự'));
  assert.equal((await other.get(`/outgoing/${id}`)).status, 404);
  // The office's specialist who took no part does not see it either; the leader does.
  apiError(await (await as('chuyenvien')).get(`/api/v1/outgoing/${id}`), 404);
  assert.equal((await (await as('chanhvp')).get(`/api/v1/outgoing/${id}`)).status, 200);
});

test('attachments: type by content, download headers', async () => {
  const id = await newDraft('chuyenvien');
  const c = await as('chuyenvien');
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
  let fd = new FormData();
  fd.append('file', new Blob([pdf], { type: 'application/pdf' }), 'Dự thảo công văn.pdf');
  let r = await c.post(`/api/v1/outgoing/${id}/attachments`, { body: fd });
  assert.equal(r.status, 201, r.text);
  const att = r.json();
  r = await c.get(att.url);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-disposition'), /^attachment;.*filename\*=UTF-8''D%E1%BB%B1/);
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(r.headers.get('content-type'), 'application/pdf');
  assert.equal(r.text.slice(0, 8), '%PDF-1.4');
  r = await c.get(`${att.url}/preview`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-disposition'), /^inline/);
  // HTML dressed as PDF is refused.
  fd = new FormData();
  fd.append('file', new Blob(['<html><script>alert(1)</script></html>'], { type: 'application/pdf' }), 'x.pdf');
  apiError(await c.post(`/api/v1/outgoing/${id}/attachments`, { body: fd }), 415, 'unsupported_type');
  // Someone outside the unit cannot fetch it.
  assert.equal((await (await as('chuyenvien2')).get(att.url)).status, 404);
});

test('outgoing register: json, csv, xlsx', async () => {
  const clerk = await as('vanthu');
  let r = await clerk.get('/api/v1/registers/outgoing');
  assert.equal(r.status, 200, r.text);
  const j = r.json();
  assert.equal(j.columns.length, 10);
  assert.equal(j.columns[0], 'Số, ký hiệu');
  assert.equal(j.columns[9], 'Ghi chú');
  assert.ok(j.rows.length >= 3, r.text);
  const recalled = j.rows.find((row) => /Đã thu hồi/.test(row[9]));
  assert.ok(recalled, 'the recalled document stays in the register with its number');
  r = await clerk.get('/api/v1/registers/outgoing?format=csv');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /text\/csv/);
  assert.ok(r.text.startsWith('\uFEFF"Số, ký hiệu"'), r.text.slice(0, 40));
  r = await clerk.get('/api/v1/registers/outgoing?format=xlsx');
  assert.equal(r.status, 200);
  const dir = mkdtempSync(join(tmpdir(), 'vp-xlsx-'));
  const file = join(dir, 'r.xlsx');
  const res = await fetch(srv.base + '/api/v1/registers/outgoing?format=xlsx', { headers: { cookie: clerk.cookieHeader() } });
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  const strings = spawnSync('unzip', ['-p', file, 'xl/sharedStrings.xml'], { encoding: 'utf8' }).stdout;
  rmSync(dir, { recursive: true, force: true });
  assert.match(strings, /SỔ ĐĂNG KÝ VĂN BẢN ĐI/);
  assert.match(strings, /-CV\/VPTU/);
  apiError(await clerk.get('/api/v1/registers/outgoing?from=2026-13-01'), 400);
  // The page prints on A4 landscape.
  r = await clerk.get('/registers/outgoing');
  assert.equal(r.status, 200);
  assert.match(r.text, /class="table-wrap landscape register"/);
  // Secret documents are not in the register of someone who may not see them.
  const other = (await (await as('chuyenvien')).get('/api/v1/registers/outgoing')).json();
  assert.ok(other.rows.length < j.rows.length);
});

test('dossiers: plan, open, file, close', async () => {
  const clerk = await as('vanthu');
  let r = await clerk.post('/api/v1/dossiers/headings', { json: { year: 2026, title: 'Công tác tổng hợp', abbr: 'TH' } });
  assert.equal(r.status, 201, r.text);
  const heading = r.json().id;
  r = await clerk.post('/api/v1/dossiers', { json: { heading_id: heading, title: 'Công văn đi năm 2026', retention_years: 10 } });
  assert.equal(r.status, 201, r.text);
  const d = r.json();
  assert.match(d.code, /^\d{2}\.TH$/); // after the demo office's own dossiers of the year
  apiError(await clerk.post(`/api/v1/dossiers/${d.id}/close`), 409);
  assert.equal((await clerk.post(`/api/v1/dossiers/${d.id}/open`)).status, 200);
  const doc = (await clerk.get('/api/v1/outgoing?status=issued')).json().items[0];
  r = await clerk.post(`/api/v1/dossiers/${d.id}/documents`, { json: { doc_kind: 'out', doc_id: doc.id } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().documents, 1);
  r = await clerk.post(`/api/v1/dossiers/${d.id}/close`);
  assert.equal(r.status, 200, r.text);
  assert.match(r.json().handover_due, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal((await (await as('chuyenvien2')).get(`/api/v1/dossiers/${d.id}`)).status, 404);
  const page = await clerk.get('/dossiers?year=2026');
  assert.match(page.text, /I\. Công tác tổng hợp/);
});

test('catalogue: admin edits types and terms; others are refused', async () => {
  const admin = await as('admin');
  let r = await admin.get('/admin/catalog');
  assert.equal(r.status, 200);
  assert.match(r.text, /<td>cong_van<\/td><td>Công văn<\/td><td>CV<\/td><td>—<\/td>/);
  r = await admin.postForm('/admin/catalog/doc-type', { code: 'quy_dinh_i', name: 'Quy định (QĐi)', abbr_party: 'QĐi', abbr_state: '', sort_order: '65' }, '/admin/catalog');
  assert.equal(r.status, 303);
  const types = (await admin.get('/api/v1/catalog/doc-types')).json().items;
  assert.ok(types.some((t) => t.code === 'quy_dinh_i' && t.abbr_party === 'QĐi' && !t.abbr_state));
  // An overlapping term is refused with a message; nothing is added.
  const before = (await admin.get('/api/v1/catalog/terms')).json().items.length;
  const tu = (await admin.get('/api/v1/catalog/terms')).json().items[0].unit_id;
  r = await admin.follow(await admin.postForm('/admin/catalog/term', { unit_id: String(tu), name: 'Trùng', starts_on: '2024-01-01', ends_on: '' }, '/admin/catalog'));
  assert.match(r.text, /chồng lấn/);
  assert.equal((await admin.get('/api/v1/catalog/terms')).json().items.length, before);
  assert.equal((await (await as('vanthu')).get('/admin/catalog')).status, 403);
});
