// The archive over HTTP (archives.h): a dossier closed → handed over (an open one refused,
// nothing saved) → accepted by the archive (a specialist refused) → the minutes in two copies;
// disposal before the end of retention refused; a hold placed; the reading room finds it by a
// folded search, export needs a grant; a Tuyệt mật scan refused at the upload with the rule
// cited; unknown parameters 400; the pages render for the archivist.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

const errOf = (r, status) => {
  assert.equal(r.status, status, r.text);
  const e = r.json().error;
  assert.ok(e && e.message && !/[{}]/.test(e.message), r.text);
  return e;
};

test('hand-over, acceptance, hold, disposal refused early, reading room and export', async () => {
  const clerk = await srv.as('vanthu');
  const spec = await srv.as('chuyenvien');
  const year = new Date().getFullYear();
  const h = await clerk.post('/api/v1/dossiers/headings', { json: { year, title: 'Lưu trữ thử', abbr: 'LTT' } });
  assert.equal(h.status, 201, h.text);
  assert.equal((await clerk.post(`/api/v1/archives/headings/${h.json().id}/retention`, { json: { retention_code: '1.5' } })).status, 200);
  errOf(await clerk.post(`/api/v1/archives/headings/${h.json().id}/retention`, { json: { retention_code: 'không-có' } }), 422);
  const mk = async (title) => {
    const d = await clerk.post('/api/v1/dossiers', { json: { heading_id: h.json().id, title, retention_years: 5 } });
    assert.equal(d.status, 201, d.text);
    assert.equal((await clerk.post(`/api/v1/dossiers/${d.json().id}/open`, { json: {} })).status, 200);
    return d.json().id;
  };
  const closed = await mk('Hồ sơ hội nghị sơ kết thử nghiệm lưu trữ');
  assert.equal((await clerk.post(`/api/v1/dossiers/${closed}/close`, { json: {} })).status, 200);
  const open = await mk('Hồ sơ còn đang giải quyết');

  const due = (await clerk.get('/api/v1/archives/due')).json();
  const row = due.items.find((x) => x.id === closed);
  assert.ok(row, 'the closed dossier is due');
  assert.equal(row.due, `${year + 1}-12-31`);
  assert.ok(!due.items.some((x) => x.id === open));

  const before_ = (await clerk.get('/api/v1/archives/batches')).json().items.length;
  let e = errOf(await clerk.post('/api/v1/archives/batches', { json: { dossier_ids: [closed, open] } }), 409);
  assert.match(e.message, /chưa kết thúc/);
  assert.equal((await clerk.get('/api/v1/archives/batches')).json().items.length, before_, 'nothing saved');
  errOf(await clerk.post('/api/v1/archives/batches', { json: { dossier_ids: [] } }), 422);
  errOf(await clerk.post('/api/v1/archives/batches', { json: { dossier_ids: [closed], bogus: 1 } }), 400);
  assert.equal((await clerk.get('/api/v1/archives/due?bogus=1')).status, 400);

  const b = await clerk.post('/api/v1/archives/batches', { json: { dossier_ids: [closed], note: 'Giao nộp thử' } });
  assert.equal(b.status, 201, b.text);
  const bid = b.json().id;
  errOf(await spec.post(`/api/v1/archives/batches/${bid}/accept`, { json: {} }), 403);
  const m = (await clerk.get(`/api/v1/archives/batches/${bid}/minutes`)).json();
  assert.match(m.minutes, /BIÊN BẢN GIAO NHẬN/);
  assert.match(m.minutes, /Hồ sơ hội nghị sơ kết thử nghiệm lưu trữ/);
  assert.equal((await clerk.post(`/api/v1/archives/batches/${bid}/accept`, { json: {} })).status, 200);
  errOf(await clerk.post(`/api/v1/archives/batches/${bid}/accept`, { json: {} }), 409);

  // Disposal before the end of retention: refused, named.
  e = errOf(await clerk.post('/api/v1/archives/disposals', {
    json: { dossier_ids: [closed], council: [{ name: 'A', position: 'Chánh Văn phòng' }, { name: 'B', position: 'Lưu trữ' }, { name: 'C', position: 'Chuyên viên' }] },
  }), 422);
  assert.match(e.message, /chưa hết thời hạn bảo quản/);
  // A hold: reason required; the specialist may not.
  errOf(await clerk.post('/api/v1/archives/holds', { json: { dossier_id: closed, reason: '' } }), 422);
  errOf(await spec.post('/api/v1/archives/holds', { json: { dossier_id: closed, reason: 'Thanh tra' } }), 403);
  assert.equal((await clerk.post('/api/v1/archives/holds', { json: { dossier_id: closed, reason: 'Thanh tra đang xem xét' } })).status, 201);

  // Reading room: folded search; export only after a grant.
  const found = (await spec.get(`/api/v1/archives/search?q=${encodeURIComponent('hoi nghi so ket thu nghiem')}`)).json();
  assert.ok(found.items.some((x) => x.id === closed && x.held));
  errOf(await spec.get(`/api/v1/archives/dossiers/${closed}/export`), 404);
  const req = await spec.post('/api/v1/archives/access', { json: { dossier_id: closed, reason: 'Nghiên cứu tổng kết' } });
  assert.equal(req.status, 201, req.text);
  errOf(await spec.post(`/api/v1/archives/access/${req.json().id}/decide`, { json: { grant: true, until: `${year + 1}-01-31` } }), 403);
  errOf(await clerk.post(`/api/v1/archives/access/${req.json().id}/decide`, { json: { grant: true, until: '2000-01-01' } }), 422);
  assert.equal((await clerk.post(`/api/v1/archives/access/${req.json().id}/decide`, { json: { grant: true, until: `${year + 1}-01-31` } })).status, 200);
  const ex = await spec.get(`/api/v1/archives/dossiers/${closed}/export`);
  assert.equal(ex.status, 200, ex.text);
  assert.equal(ex.json().dossier.retention, '5');
  assert.ok(Array.isArray(ex.json().files));

  // Pages: the archivist's page lists the batch; the reading room finds the dossier.
  const page = await clerk.get('/archives');
  assert.equal(page.status, 200);
  assert.match(page.text, /Lưu trữ hồ sơ/);
  assert.match(page.text, /Đã tiếp nhận/);
  const room = await spec.get(`/archives/reading-room?q=${encodeURIComponent('sơ kết')}`);
  assert.match(room.text, /Hồ sơ hội nghị sơ kết thử nghiệm lưu trữ/);
  assert.doesNotMatch(room.text, />current</);
});

test('a Tuyệt mật document is never scanned: the upload is refused with the rule cited', async () => {
  const clerk = await srv.as('vanthu');
  const year = new Date().getFullYear();
  const reg = await clerk.post('/api/v1/incoming', {
    json: {
      issuer_name: 'Ban Tổ chức Trung ương', code: '15-CV/BTCTW', doc_type: 'cong_van', issued_date: `${year}-01-05`,
      subject: 'Văn bản tuyệt mật thử', secrecy: 'tuyet_mat', duplicate_reason: 'thử lưu trữ',
    },
  });
  assert.equal(reg.status, 201, reg.text);
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
  const fd = new FormData();
  fd.append('file', new Blob([pdf], { type: 'application/pdf' }), 'ban-quet.pdf');
  const r = await clerk.post(`/api/v1/incoming/${reg.json().id}/attachments`, { body: fd });
  const e = errOf(r, 422);
  assert.match(e.message, /Tuyệt mật/);
  assert.match(e.message, /40-HD\/VPTW/);
  const doc = (await clerk.get(`/api/v1/incoming/${reg.json().id}`)).json();
  assert.equal((doc.attachments || []).length, 0, 'nothing stored');
});
