// The document flow end to end (issue 12): an issued document reaches the recipient unit with
// its files, text and signer (item 1); drafting's submit / return steps, the signer field, the
// confirmation before signing and the drafter's notifications (item 9); "Soạn văn bản trả lời"
// from an incoming document (item 18). One server (fresh demo office) for the whole file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';

let srv;
let wardId;
let vptuRegister;

before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

const as = (login) => srv.as(login);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

async function setup() {
  if (wardId) return;
  const units = (await (await as('thuongtruc')).get('/api/v1/units')).json().items;
  wardId = units.find((u) => u.name === 'Đảng ủy phường Bình Thủy').id;
  const regs = (await (await as('vanthu')).get('/api/v1/catalog/registers')).json().items;
  vptuRegister = regs.find((r) => r.issuer_abbr === 'VPTU').id;
}

async function draft(login, extra = {}) {
  await setup();
  const r = await (await as(login)).post('/api/v1/outgoing', {
    json: {
      register_id: vptuRegister, doc_type: 'cong_van', subject: 'Về việc chuẩn bị hội nghị sơ kết',
      body: 'Kính gửi Đảng ủy phường Bình Thủy.\nĐề nghị chuẩn bị báo cáo sơ kết.', secrecy: 'none',
      urgency: 'normal', recipients: [{ unit_id: wardId }], ...extra,
    },
  });
  assert.equal(r.status, 201, r.text);
  return r.json().id;
}

async function approveSignIssue(id) {
  const boss = await as('chanhvp');
  assert.equal((await boss.post(`/api/v1/outgoing/${id}/approve`)).status, 200);
  assert.equal((await boss.post(`/api/v1/outgoing/${id}/sign`)).status, 200);
  const r = await (await as('vanthu')).post(`/api/v1/outgoing/${id}/issue`);
  assert.equal(r.status, 200, r.text);
  return r.json().notation;
}

test('item 1: the recipient registers the issued document with its files, text and signer', async () => {
  const id = await draft('chuyenvien');
  const fd = new FormData();
  fd.append('file', new Blob([PDF], { type: 'application/pdf' }), 'Công văn đã ký.pdf');
  let r = await (await as('chuyenvien')).post(`/api/v1/outgoing/${id}/attachments`, { body: fd });
  assert.equal(r.status, 201, r.text);
  const senderFile = r.json().url;
  const notation = await approveSignIssue(id);

  // The ward's queue row carries the text, the signer and the file list.
  const ward = await as('vanthu.binhthuy');
  const row = (await ward.get('/api/v1/inbox')).json().items.find((x) => x.outgoing_id === id);
  assert.ok(row, 'delivered to the ward');
  assert.equal(row.code, notation);
  assert.match(row.body, /Đề nghị chuẩn bị báo cáo sơ kết/);
  assert.ok(row.signer, 'signer delivered');
  assert.deepEqual(row.files.map((f) => f.filename), ['Công văn đã ký.pdf']);
  // The registration form shows what came with it.
  r = await ward.get(`/incoming/new?inbox_id=${row.id}`);
  assert.equal(r.status, 200);
  assert.match(r.text, /id="delivered"/);
  assert.match(r.text, /Công văn đã ký\.pdf/);
  assert.ok(r.text.includes(`value="${row.signer}"`), 'signer prefilled');

  // Registered from the queue: the record has the file, the text and the signer…
  r = await ward.post('/api/v1/incoming', { json: { inbox_id: row.id } });
  assert.equal(r.status, 201, r.text);
  const inId = r.json().id;
  const rec = (await ward.get(`/api/v1/incoming/${inId}`)).json();
  assert.equal(rec.signer, row.signer);
  assert.match(rec.body, /Đề nghị chuẩn bị báo cáo sơ kết/);
  assert.equal(rec.attachments.length, 1);
  assert.equal(rec.attachments[0].filename, 'Công văn đã ký.pdf');
  // … opened through the ward's own record, not through the sender's scope.
  r = await ward.get(rec.attachments[0].url);
  assert.equal(r.status, 200);
  assert.equal(r.text.slice(0, 8), '%PDF-1.4');
  assert.equal((await ward.get(senderFile)).status, 404);
  const page = await ward.get(`/incoming/${inId}`);
  assert.match(page.text, /id="body"/);
  assert.match(page.text, /Công văn đã ký\.pdf/);
  assert.ok(page.text.includes(row.signer));
});
