// Issue 18, the "update" business message inside one installation (edXML business 2 through
// exchange/): the office issues to the ward, sends a corrected header with a reason — applied to
// the ward's waiting queue row, then, once registered, to the ward's record (its trace, its
// history panel, the leaders told) — with the statuses 01 → 03 → 04 → 05 on the sender's
// timeline. Bad input (no reason, a bad date, no change) is refused with the field named and
// nothing changed; a document never sent electronically, or recalled, is refused 409; only
// clerks and leaders of the issuing scope may send it. One server (fresh demo office).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });
const as = (login) => srv.as(login);

let wardId, reg;
async function setup() {
  const units = (await (await as('thuongtruc')).get('/api/v1/units')).json().items;
  wardId = units.find((u) => u.name === 'Đảng ủy phường Bình Thủy').id;
  const regs = (await (await as('vanthu')).get('/api/v1/catalog/registers')).json().items;
  reg = regs.find((r) => r.issuer_abbr === 'VPTU').id;
}

async function issue(subject, recipients) {
  const spec = await as('chuyenvien');
  const r = await spec.post('/api/v1/outgoing', {
    json: { register_id: reg, doc_type: 'cong_van', subject, body: `${subject}.`, secrecy: 'none',
      urgency: 'normal', recipients },
  });
  assert.equal(r.status, 201, r.text);
  const id = r.json().id;
  const boss = await as('chanhvp');
  assert.equal((await boss.post(`/api/v1/outgoing/${id}/approve`)).status, 200);
  assert.equal((await boss.post(`/api/v1/outgoing/${id}/sign`)).status, 200);
  const i = await (await as('vanthu')).post(`/api/v1/outgoing/${id}/issue`);
  assert.equal(i.status, 200, i.text);
  return id;
}

const update = async (login, id, json) => (await as(login)).post(`/api/v1/outgoing/${id}/update`, { json });

test('update: applied to the waiting copy, then to the registered record, history kept', async () => {
  await setup();
  const subject = 'Về việc chuẩn bị hội nghị sơ kết 6 tháng';
  const id = await issue(subject, [{ unit_id: wardId }]);
  const wardClerk = await as('vanthu.binhthuy');
  const queue = async () => (await wardClerk.get('/api/v1/inbox?all=1')).json().items.find((x) => x.outgoing_id === id);
  const q = await queue();
  assert.ok(q, 'delivered to the ward');

  // Bad input: each field named, nothing changed.
  let r = await update('vanthu', id, { subject: 'Về việc chuẩn bị hội nghị sơ kết 6 tháng đầu năm' });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json().error.field, 'reason');
  assert.match(r.json().error.message, /lý do/);
  r = await update('vanthu', id, { reply_due: '31/02/2026', reason: 'Sửa hạn' });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json().error.field, 'reply_due');
  r = await update('vanthu', id, { subject, reason: 'Không đổi gì' });
  assert.equal(r.status, 422, r.text);
  assert.match(r.json().error.message, /Không có thay đổi/);
  r = await update('vanthu', id, { subject: 'x', bogus: 1, reason: 'y' });
  assert.equal(r.status, 400, r.text);
  assert.equal((await queue()).subject, subject, 'nothing half-saved');
  // A specialist may not; the ward's clerk (not the issuing scope) sees nothing.
  r = await update('chuyenvien', id, { subject: 'Khác', reason: 'Thử' });
  assert.equal(r.status, 403, r.text);
  r = await update('vanthu.binhthuy', id, { subject: 'Khác', reason: 'Thử' });
  assert.equal(r.status, 404, r.text);

  // 1. Still waiting: the queue row follows, its clerks are told.
  const subject2 = 'Về việc chuẩn bị hội nghị sơ kết 6 tháng đầu năm 2026';
  r = await update('vanthu', id, { subject: subject2, reply_due: '2030-01-15', reason: 'Bổ sung thời gian trong trích yếu' });
  assert.equal(r.status, 200, r.text);
  assert.equal((await queue()).subject, subject2);
  assert.equal((await queue()).due_date, '2030-01-15');
  const notes = (await wardClerk.get('/api/v1/notifications')).json().items;
  assert.ok(notes.some((n) => /gửi cập nhật/.test(n.text) && n.text.includes('Bổ sung thời gian')), JSON.stringify(notes.slice(0, 3)));
  // The sender's own record and trace.
  const out = (await (await as('vanthu')).get(`/api/v1/outgoing/${id}`)).json();
  assert.equal(out.subject, subject2);
  const page = await (await as('vanthu')).get(`/outgoing/${id}`);
  assert.match(page.text, /Gửi cập nhật đến nơi nhận/);

  // 2. Registered: the record follows; its trace and the history panel say what, when, who.
  r = await wardClerk.post('/api/v1/incoming', { json: { inbox_id: q.id } });
  assert.equal(r.status, 201, r.text);
  const inId = r.json().id;
  r = await update('vanthu', id, { signer: 'Nguyễn Văn Tư', reply_due: '2030-01-20', reason: 'Sửa người ký và hạn trả lời' });
  assert.equal(r.status, 200, r.text);
  const rec = (await wardClerk.get(`/api/v1/incoming/${inId}`)).json();
  assert.equal(rec.subject, subject2);
  assert.equal(rec.signer, 'Nguyễn Văn Tư');
  assert.equal(rec.due_date, '2030-01-20');
  const inPage = await wardClerk.get(`/incoming/${inId}`);
  assert.equal(inPage.status, 200);
  assert.match(inPage.text, /id="sender-updates"/);
  assert.match(inPage.text, /Văn phòng Thành ủy/);
  assert.match(inPage.text, /Bổ sung thời gian trong trích yếu/);
  assert.match(inPage.text, /Sửa người ký và hạn trả lời/);
  assert.match(inPage.text, /15\/01\/2030/);
  assert.match(inPage.text, /20\/01\/2030/);
  assert.match(inPage.text, /Cơ quan gửi cập nhật/);

  // A later update of another field keeps the corrected signer.
  r = await update('vanthu', id, { reply_due: '2030-01-25', reason: 'Lùi hạn trả lời' });
  assert.equal(r.status, 200, r.text);
  const rec2 = (await wardClerk.get(`/api/v1/incoming/${inId}`)).json();
  assert.equal(rec2.signer, 'Nguyễn Văn Tư');
  assert.equal(rec2.due_date, '2030-01-25');
  r = await update('vanthu', id, { signer: 'Nguyễn Văn Tư', reason: 'Không đổi' });
  assert.equal(r.status, 422, 'the signer kept on the document: no change');

  // 3. The sender's timeline: every step so far, once, in order.
  const st = (await (await as('vanthu')).get(`/api/v1/outgoing/${id}/status`)).json();
  const ward = st.recipients.find((x) => x.unit_id === wardId);
  assert.equal(ward.status_code, '04');
  assert.deepEqual(ward.timeline.map((x) => x.code), ['01', '03', '04']);

  // 4. Recalled: refused 409, the record untouched.
  r = await (await as('vanthu')).post(`/api/v1/outgoing/${id}/recall`, { json: { reason: 'Ban hành nhầm' } });
  assert.equal(r.status, 200, r.text);
  r = await update('vanthu', id, { subject: 'Sau thu hồi', reason: 'Thử' });
  assert.equal(r.status, 409, r.text);
  assert.match(r.json().error.message, /thu hồi/);
});

test('update: refused 409 for a document never sent electronically', async () => {
  await setup();
  const id = await issue('Về việc gửi tài liệu qua bưu điện', [{ name: 'Báo Cần Thơ' }]);
  const r = await update('vanthu', id, { subject: 'Về việc gửi tài liệu', reason: 'Sửa trích yếu' });
  assert.equal(r.status, 409, r.text);
  assert.match(r.json().error.message, /chưa được gửi điện tử/);
  const out = (await (await as('vanthu')).get(`/api/v1/outgoing/${id}`)).json();
  assert.equal(out.subject, 'Về việc gửi tài liệu qua bưu điện', 'rolled back');
});

test('update: the page form keeps typed input and shows the message beside the field', async () => {
  await setup();
  const id = await issue('Về việc rà soát danh sách đảng viên', [{ unit_id: wardId }]);
  const clerk = await as('vanthu');
  const page = await clerk.get(`/outgoing/${id}`);
  assert.match(page.text, /id="update-open"/);
  assert.match(page.text, /Gửi cập nhật/);
  let r = await clerk.postForm(`/outgoing/${id}/update`, { subject: 'Về việc rà soát danh sách đảng viên năm 2026', reply_due: '', signer: '', reason: '' }, `/outgoing/${id}`);
  assert.equal(r.status, 303, r.text);
  r = await clerk.follow(r);
  assert.match(r.text, /Cần nêu lý do cập nhật/);
  assert.match(r.text, /Về việc rà soát danh sách đảng viên năm 2026/, 'typed subject kept');
  assert.match(r.text, /<details open/);
  r = await clerk.postForm(`/outgoing/${id}/update`, { subject: 'Về việc rà soát danh sách đảng viên năm 2026', reply_due: '', signer: '', reason: 'Ghi rõ năm' }, `/outgoing/${id}`);
  assert.equal(r.status, 303, r.text);
  r = await clerk.follow(r);
  assert.match(r.text, /Đã gửi cập nhật đến các nơi nhận/);
  // An added file (multipart, the page form): the document's own attachment, and the ward's
  // waiting copy lists it; a file of a refused type is refused beside the field, nothing kept.
  let fd = new FormData();
  fd.append('csrf', await clerk.csrf(`/outgoing/${id}`));
  fd.append('subject', 'Về việc rà soát danh sách đảng viên năm 2026');
  fd.append('reason', 'Gửi kèm biểu mẫu');
  fd.append('file', new Blob([Buffer.from('MZ\x90\x00binary')], { type: 'application/octet-stream' }), 'virus.exe');
  r = await clerk.follow(await clerk.post(`/outgoing/${id}/update`, { body: fd }));
  assert.match(r.text, /id="u-file-err"/);
  fd = new FormData();
  fd.append('csrf', await clerk.csrf(`/outgoing/${id}`));
  fd.append('subject', 'Về việc rà soát danh sách đảng viên năm 2026');
  fd.append('reason', 'Gửi kèm biểu mẫu');
  fd.append('file', new Blob(['Biểu mẫu rà soát đảng viên.\n'], { type: 'text/plain' }), 'bieu-mau.txt');
  r = await clerk.post(`/outgoing/${id}/update`, { body: fd });
  assert.equal(r.status, 303, r.text);
  r = await clerk.follow(r);
  assert.match(r.text, /Đã gửi cập nhật đến các nơi nhận/);
  const files = (await clerk.get(`/api/v1/outgoing/${id}`)).json().attachments || [];
  assert.equal(files.filter((f) => f.filename === 'bieu-mau.txt').length, 1, JSON.stringify(files));
  const wq = (await (await as('vanthu.binhthuy')).get('/api/v1/inbox?all=1')).json().items.find((x) => x.outgoing_id === id);
  assert.deepEqual(wq.files.map((f) => f.filename), ['bieu-mau.txt']);
  // The specialist sees no form.
  const spec = await (await as('chuyenvien')).get(`/outgoing/${id}`);
  assert.doesNotMatch(spec.text, /id="update-open"/);
});

test('reply inside the tree: the sender\'s wait for that recipient ends, linked to the reply', async () => {
  await setup();
  const units = (await (await as('thuongtruc')).get('/api/v1/units')).json().items;
  const office = units.find((u) => u.name === 'Văn phòng Thành ủy Cần Thơ');
  const committee = units.find((u) => u.name === 'Thành ủy Cần Thơ');
  assert.ok(office && committee, JSON.stringify(units.map((u) => u.name)));
  const regs = (await (await as('thuongtruc')).get('/api/v1/catalog/registers')).json().items;
  const tuReg = regs.find((r) => r.issuer_abbr === 'TU').id;
  // The committee asks its office for a report (electronically, to the office's queue).
  const lead = await as('thuongtruc');
  let r = await lead.post('/api/v1/outgoing', {
    json: { register_id: tuReg, doc_type: 'cong_van', subject: 'Về việc báo cáo công tác văn phòng quý IV',
      body: 'Đề nghị Văn phòng báo cáo.', secrecy: 'none', urgency: 'normal', recipients: [{ unit_id: office.id }] },
  });
  assert.equal(r.status, 201, r.text);
  const askId = r.json().id;
  assert.equal((await lead.post(`/api/v1/outgoing/${askId}/approve`)).status, 200);
  assert.equal((await lead.post(`/api/v1/outgoing/${askId}/sign`)).status, 200);
  r = await (await as('vanthu')).post(`/api/v1/outgoing/${askId}/issue`);
  assert.equal(r.status, 200, r.text);
  const clerk = await as('vanthu');
  const q = (await clerk.get('/api/v1/inbox?all=1')).json().items.find((x) => x.outgoing_id === askId);
  assert.ok(q, 'in the office\'s queue');
  r = await clerk.post('/api/v1/incoming', { json: { inbox_id: q.id } });
  assert.equal(r.status, 201, r.text);
  const inId = r.json().id;
  let row = (await lead.get(`/api/v1/outgoing/${askId}`)).json().recipients.find((x) => x.unit_id === office.id);
  assert.equal(row.reply, undefined, 'not answered yet');
  // The office answers with a reply to the record.
  r = await (await as('chuyenvien')).post('/api/v1/outgoing', {
    json: { register_id: reg, doc_type: 'bao_cao', subject: 'Báo cáo công tác văn phòng quý IV', body: 'Báo cáo…',
      secrecy: 'none', urgency: 'normal', recipients: [{ unit_id: committee.id }], reply_to_id: inId },
  });
  assert.equal(r.status, 201, r.text);
  const replyId = r.json().id;
  const boss = await as('chanhvp');
  assert.equal((await boss.post(`/api/v1/outgoing/${replyId}/approve`)).status, 200);
  assert.equal((await boss.post(`/api/v1/outgoing/${replyId}/sign`)).status, 200);
  r = await clerk.post(`/api/v1/outgoing/${replyId}/issue`);
  assert.equal(r.status, 200, r.text);
  const notation = r.json().notation;
  row = (await lead.get(`/api/v1/outgoing/${askId}`)).json().recipients.find((x) => x.unit_id === office.id);
  assert.equal(row.reply.code, notation, JSON.stringify(row));
  assert.ok(row.reply.inbox_id > 0, 'linked to the reply as it reached the committee');
  const page = await lead.get(`/outgoing/${askId}`);
  assert.match(page.text, new RegExp(`Đã trả lời: <a href="/incoming/inbox/${row.reply.inbox_id}">${notation.replace('/', '\\/')}</a>`));
  assert.match(page.text, /Nhận văn bản trả lời từ cơ quan nhận/);
});
