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

const me = async (login) => (await (await as(login)).get('/api/v1/me')).json();
const notes = async (login) => (await (await as(login)).get('/api/v1/notifications')).json().items;

test('item 9: Trình to a chosen leader, Trả lại with a comment, the drafter told at each step', async () => {
  const id = await draft('chuyenvien', { subject: 'Dự thảo kế hoạch tuyên truyền (trình thử)' });
  const boss = await me('chanhvp');
  const spec = await as('chuyenvien');
  // Trình needs a leader whose scope holds the document's unit.
  let r = await spec.post(`/api/v1/outgoing/${id}/submit`, { json: { to: (await me('chuyenvien2')).id } });
  assert.equal(r.status, 422, r.text);
  r = await spec.post(`/api/v1/outgoing/${id}/submit`, { json: {} });
  assert.equal(r.status, 422, r.text);
  r = await spec.post(`/api/v1/outgoing/${id}/submit`, { json: { to: boss.id } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().status, 'draft');
  assert.equal(r.json().submitted_to, boss.id);
  assert.ok((await notes('chanhvp')).some((n) => n.doc_kind === 'out' && n.doc_id === id), 'leader told');
  // The leader returns it with a comment; the comment is required.
  const lead = await as('chanhvp');
  r = await lead.post(`/api/v1/outgoing/${id}/return`, { json: { comment: '' } });
  assert.equal(r.status, 422, r.text);
  assert.equal((await spec.post(`/api/v1/outgoing/${id}/return`, { json: { comment: 'x' } })).status, 403);
  r = await lead.post(`/api/v1/outgoing/${id}/return`, { json: { comment: 'Bổ sung số liệu quý III.' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().submitted_to, undefined);
  // Returning twice: nothing is submitted any more.
  assert.equal((await lead.post(`/api/v1/outgoing/${id}/return`, { json: { comment: 'y' } })).status, 409);
  let mine = (await notes('chuyenvien')).filter((n) => n.doc_kind === 'out' && n.doc_id === id);
  assert.ok(mine.some((n) => /trả lại/.test(n.text) && /Bổ sung số liệu quý III/.test(n.text)), JSON.stringify(mine));
  const page = await spec.get(`/outgoing/${id}`);
  assert.match(page.text, /Bổ sung số liệu quý III/);
  assert.match(page.text, /id="submit-form"/);
  // Submitted again, approved, signed, issued: the drafter hears of each.
  assert.equal((await spec.post(`/api/v1/outgoing/${id}/submit`, { json: { to: boss.id } })).status, 200);
  await approveSignIssue(id);
  mine = (await notes('chuyenvien')).filter((n) => n.doc_kind === 'out' && n.doc_id === id);
  for (const re of [/phê duyệt/, /ký ban hành/, /phát hành/]) assert.ok(mine.some((n) => re.test(n.text)), `${re} in ${JSON.stringify(mine)}`);
  // The trace names the steps.
  const trace = (await spec.get(`/outgoing/${id}`)).text;
  assert.match(trace, /Trình/);
  assert.match(trace, /Trả lại/);
});

test('item 9: an approved document returned by its signer goes back to draft', async () => {
  const id = await draft('chuyenvien');
  const lead = await as('chanhvp');
  assert.equal((await lead.post(`/api/v1/outgoing/${id}/approve`)).status, 200);
  // The sign button asks for confirmation; a return form is offered.
  const page = await lead.get(`/outgoing/${id}`);
  assert.match(page.text, /action="\/outgoing\/\d+\/sign"[^]*?data-confirm="Ký ban hành văn bản này\?/);
  assert.match(page.text, /id="return-form"/);
  const r = await lead.post(`/api/v1/outgoing/${id}/return`, { json: { comment: 'Sửa lại nơi nhận.' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().status, 'draft');
  const full = (await lead.get(`/api/v1/outgoing/${id}`)).json();
  assert.equal(full.approved_by, undefined);
});

test('item 9 and 17: the draft form has a signer field and starts as a công văn', async () => {
  const spec = await as('chuyenvien');
  const form = await spec.get('/outgoing/new');
  assert.equal(form.status, 200);
  assert.match(form.text, /<option value="cong_van" selected>/);
  assert.doesNotMatch(form.text, /<option value="nghi_quyet" selected>/);
  const boss = await me('chanhvp');
  assert.match(form.text, new RegExp(`<select id="signer_id" name="signer_id">[^]*value="${boss.id}"`));
  await setup();
  const csrf = await spec.csrf('/outgoing/new');
  const r = await spec.post('/outgoing/new', { form: { csrf, register_id: vptuRegister, doc_type: 'cong_van', subject: 'Dự thảo có người ký', secrecy: 'none', urgency: 'normal', signer_id: String(boss.id) } });
  assert.equal(r.status, 303, r.text);
  const id = Number(r.location.split('/').pop());
  assert.equal((await spec.get(`/api/v1/outgoing/${id}`)).json().signer_id, boss.id);
});

test('item 18: Soạn văn bản trả lời from an incoming document; issuing the reply closes its follow-up', async () => {
  const clerk = await as('vanthu');
  await setup();
  const today = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
  let r = await clerk.post('/api/v1/incoming', {
    json: { issuer_unit_id: wardId, code: '77-BC/ĐU', doc_type: 'bao_cao', issued_date: today,
      subject: 'Báo cáo xin ý kiến về quy hoạch cán bộ (thử trả lời)' },
  });
  assert.equal(r.status, 201, r.text);
  const inId = r.json().id;
  const spec = await me('chuyenvien');
  r = await (await as('chanhvp')).post(`/api/v1/incoming/${inId}/assign`, { json: { lead_user_id: spec.id, instruction: 'Dự thảo văn bản trả lời.' } });
  assert.ok(r.status === 200 || r.status === 201, r.text);
  // The incoming page offers the button; the form is prefilled and linked.
  const s = await as('chuyenvien');
  let page = await s.get(`/incoming/${inId}`);
  assert.match(page.text, new RegExp(`id="draft-reply" href="/outgoing/new\\?reply_to=${inId}"`));
  const form = await s.get(`/outgoing/new?reply_to=${inId}`);
  assert.match(form.text, new RegExp(`name="reply_to_id" value="${inId}"`));
  assert.match(form.text, /V\/v trả lời văn bản số 77-BC\/ĐU/);
  assert.match(form.text, new RegExp(`name="to_unit" value="${wardId}" checked`));
  const csrf = extractCsrfFrom(form.text);
  r = await s.post('/outgoing/new', { form: new URLSearchParams([['csrf', csrf], ['reply_to_id', String(inId)], ['register_id', String(vptuRegister)], ['doc_type', 'cong_van'], ['subject', 'V/v trả lời báo cáo quy hoạch cán bộ'], ['body', 'Trả lời…'], ['secrecy', 'none'], ['urgency', 'normal'], ['to_unit', String(wardId)]]).toString() });
  assert.equal(r.status, 303, r.text);
  const outId = Number(r.location.split('/').pop());
  assert.equal((await s.get(`/api/v1/outgoing/${outId}`)).json().reply_to_id, inId);
  // Both pages show the link.
  page = await s.get(`/outgoing/${outId}`);
  assert.match(page.text, new RegExp(`id="reply-to"><a href="/incoming/${inId}">77-BC/ĐU</a>`));
  page = await s.get(`/incoming/${inId}`);
  assert.match(page.text, new RegExp(`id="replies"[^]*href="/outgoing/${outId}"`));
  // Issued: the follow-up closes with the reply's number.
  const notation = await approveSignIssue(outId);
  const rec = (await s.get(`/api/v1/incoming/${inId}`)).json();
  assert.equal(rec.status, 'done');
  assert.equal(rec.reply_code, notation);
  assert.ok(rec.assignments.every((a) => a.status !== 'open'), JSON.stringify(rec.assignments));
  page = await s.get(`/incoming/${inId}`);
  assert.ok(page.text.includes(`>${notation}</a>`));
  // A reply to a record the drafter cannot see is refused.
  r = await s.post('/api/v1/outgoing', { json: { register_id: vptuRegister, doc_type: 'cong_van', subject: 'x', reply_to_id: 999999 } });
  assert.equal(r.status, 422, r.text);
});

function extractCsrfFrom(html) {
  const m = html.match(/name="csrf" value="([^"]+)"/);
  return m && m[1];
}

test('item 17: the queue row\'s subject opens the queued document, its text and files, before registering', async () => {
  const id = await draft('chuyenvien', { subject: 'Về việc xem trước văn bản điện tử đến' });
  const fd = new FormData();
  fd.append('file', new Blob([PDF], { type: 'application/pdf' }), 'Bản ký số.pdf');
  assert.equal((await (await as('chuyenvien')).post(`/api/v1/outgoing/${id}/attachments`, { body: fd })).status, 201);
  const notation = await approveSignIssue(id);
  const ward = await as('vanthu.binhthuy');
  const row = (await ward.get('/api/v1/inbox')).json().items.find((x) => x.outgoing_id === id);
  // The queue links the subject to the preview.
  const list = await ward.get('/incoming/inbox');
  assert.ok(list.text.includes(`<a href="/incoming/inbox/${row.id}">Về việc xem trước văn bản điện tử đến</a>`), 'subject is a link');
  const page = await ward.get(`/incoming/inbox/${row.id}`);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes(notation));
  assert.match(page.text, /Đề nghị chuẩn bị báo cáo sơ kết/);
  assert.ok(page.text.includes(row.signer));
  assert.ok(page.text.includes(`href="/incoming/new?inbox_id=${row.id}"`), 'Vào sổ from the preview');
  const m = page.text.match(new RegExp(`href="(/incoming/inbox/${row.id}/files/(\\d+))" download>Bản ký số\\.pdf`));
  assert.ok(m, 'the delivered file is listed');
  let r = await ward.get(m[1]);
  assert.equal(r.status, 200);
  assert.equal(r.text.slice(0, 8), '%PDF-1.4');
  assert.match(r.headers.get('content-disposition'), /^attachment/);
  r = await ward.get(`${m[1]}/preview`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-disposition'), /^inline/);
  // Not registered yet: nothing in the ward's register, and the queue row is still waiting.
  const still = (await ward.get('/api/v1/inbox')).json().items.find((x) => x.id === row.id);
  assert.equal(still.status_code, '01');
  assert.ok(!still.incoming_id);
  // Others get 404: the city clerk (not their unit's queue), and a file id the row never carried.
  const city = await as('vanthu');
  assert.equal((await city.get(`/incoming/inbox/${row.id}`)).status, 404);
  assert.equal((await city.get(m[1])).status, 404);
  assert.equal((await ward.get(`/incoming/inbox/${row.id}/files/${Number(m[2]) + 100000}`)).status, 404);
});
