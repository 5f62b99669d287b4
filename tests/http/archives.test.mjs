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

// Issue 19, the rest: the head's decision is a quyet_dinh of the outgoing flow, drafted from the
// case; execution waits for its issue and keeps a dossier placed under a hold after the
// proposal; the minutes say so. A batch exports as packages (API and `archive-export --batch`).
test('disposal decided by an issued outgoing decision; a held dossier kept; batch export', async () => {
  const { cli } = await import('./lib.mjs');
  const { existsSync, readFileSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const clerk = await srv.as('vanthu');
  const leader = await srv.as('thuongtruc');
  const spec = await srv.as('chuyenvien');
  const cand = (await clerk.get('/api/v1/archives/disposal-candidates')).json().items.filter((x) => !x.held);
  assert.ok(cand.length >= 2, 'the demo has dossiers past retention');
  const [a, b] = cand;
  const council = [
    { name: 'Trần Thị Bích Ngọc', position: 'Chánh Văn phòng' },
    { name: 'Lê Thị Hoa', position: 'Văn thư, lưu trữ' },
    { name: 'Phạm Văn Bình', position: 'Chuyên viên' },
  ];
  const k = await clerk.post('/api/v1/archives/disposals', { json: { dossier_ids: [a.id, b.id], council } });
  assert.equal(k.status, 201, k.text);
  const kid = k.json().id;
  errOf(await spec.post(`/api/v1/archives/disposals/${kid}/decision-draft`, { json: {} }), 403);
  errOf(await spec.get(`/api/v1/archives/disposals/${kid}`), 404);
  const dr = await clerk.post(`/api/v1/archives/disposals/${kid}/decision-draft`, { json: {} });
  assert.equal(dr.status, 201, dr.text);
  const oid = dr.json().outgoing_id;
  errOf(await clerk.post(`/api/v1/archives/disposals/${kid}/decision-draft`, { json: {} }), 409);
  errOf(await clerk.post(`/api/v1/archives/disposals/${kid}/decision-draft`, { json: { x: 1 } }), 400);
  const o = (await clerk.get(`/api/v1/outgoing/${oid}`)).json();
  assert.equal(o.doc_type, 'quyet_dinh');
  assert.match(o.body, new RegExp(a.code.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  // The head decides with the drafted document (none named); a hold arrives after the decision.
  assert.equal((await leader.post(`/api/v1/archives/disposals/${kid}/decide`, { json: { approve: true } })).status, 200);
  assert.equal((await clerk.post('/api/v1/archives/holds', { json: { dossier_id: b.id, reason: 'Đơn khiếu nại mới' } })).status, 201);
  let e = errOf(await clerk.post(`/api/v1/archives/disposals/${kid}/execute`, { json: {} }), 409);
  assert.match(e.message, /chưa được ban hành/);
  let got = (await clerk.get(`/api/v1/archives/disposals/${kid}`)).json();
  assert.equal(got.status, 'approved');
  assert.equal(got.decision_doc_id, oid);
  assert.equal(got.decision_issued, false);
  assert.equal(got.minutes, '', 'nothing destroyed');
  // The existing flow: approve, sign, issue.
  assert.equal((await leader.post(`/api/v1/outgoing/${oid}/approve`, { json: { note: 'Đồng ý' } })).status, 200);
  assert.equal((await leader.post(`/api/v1/outgoing/${oid}/sign`, { json: {} })).status, 200);
  const is = await clerk.post(`/api/v1/outgoing/${oid}/issue`, { json: {} });
  assert.equal(is.status, 200, is.text);
  const ex = await clerk.post(`/api/v1/archives/disposals/${kid}/execute`, { json: {} });
  assert.equal(ex.status, 200, ex.text);
  assert.equal(ex.json().destroyed, 1);
  got = (await clerk.get(`/api/v1/archives/disposals/${kid}`)).json();
  assert.equal(got.status, 'executed');
  assert.equal(got.decision_issued, true);
  assert.match(got.minutes, /BIÊN BẢN TIÊU HỦY/);
  assert.match(got.minutes, /GIỮ LẠI/);
  assert.ok(got.dossiers.find((x) => x.id === b.id).held);
  const page = await clerk.get(`/archives/disposals/${kid}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Biên bản tiêu hủy/);
  assert.match(page.text, /đã ban hành/);
  assert.equal((await spec.get('/archives/disposals')).status, 403);
  // The minutes are a bien_ban of the outgoing flow, drafted on execution in the decision's
  // register, listing the decision, the council, the destroyed and the kept; linked from the case
  // page and the tombstones; numbered when issued; drafted once.
  const mid = got.minutes_doc_id;
  assert.ok(mid > 0, 'the minutes document');
  const mo = (await clerk.get(`/api/v1/outgoing/${mid}`)).json();
  assert.equal(mo.doc_type, 'bien_ban');
  assert.equal(mo.register_id, o.register_id);
  assert.match(mo.body, /Trần Thị Bích Ngọc, Chánh Văn phòng/);
  assert.match(mo.body, /đã tiêu hủy/);
  assert.match(mo.body, /GIỮ LẠI/);
  assert.match(mo.body, new RegExp(`Quyết định số ${(await clerk.get(`/api/v1/outgoing/${oid}`)).json().notation.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  assert.match(page.text, new RegExp(`href="/outgoing/${mid}"`));
  assert.match((await clerk.get('/archives')).text, new RegExp(`class="ar-tomb-minutes"|href="/outgoing/${mid}"`));
  errOf(await clerk.post(`/api/v1/archives/disposals/${kid}/minutes-draft`, { json: {} }), 409);
  errOf(await spec.post(`/api/v1/archives/disposals/${kid}/minutes-draft`, { json: {} }), 403);
  assert.equal((await leader.post(`/api/v1/outgoing/${mid}/approve`, { json: { note: 'Đồng ý' } })).status, 200);
  assert.equal((await leader.post(`/api/v1/outgoing/${mid}/sign`, { json: {} })).status, 200);
  const mis = await clerk.post(`/api/v1/outgoing/${mid}/issue`, { json: {} });
  assert.equal(mis.status, 200, mis.text);
  assert.match((await clerk.get(`/api/v1/outgoing/${mid}`)).json().notation, /BB/);

  // Batch export: an accepted batch of the demo.
  const batch = (await clerk.get('/api/v1/archives/batches')).json().items.find((x) => x.status === 'accepted');
  assert.ok(batch, 'the demo has accepted batches');
  const ej = await clerk.get(`/api/v1/archives/batches/${batch.id}/export`);
  assert.equal(ej.status, 200, ej.text);
  assert.ok(ej.json().dossiers.length >= 1);
  assert.ok(ej.json().dossiers[0].dossier, 'each item has the TT 05/2025 metadata');
  assert.equal((await clerk.get(`/api/v1/archives/batches/${batch.id}/export?x=1`)).status, 400);
  errOf(await clerk.get('/api/v1/archives/batches/999999/export'), 404);
  const out = join(srv.data, `batch-${batch.id}`);
  rmSync(out, { recursive: true, force: true });
  const r = cli(['archive-export', '--data', srv.data, '--batch', String(batch.id), '--to', out]);
  assert.equal(r.status, 0, r.stderr);
  const idx = JSON.parse(readFileSync(join(out, 'batch.json'), 'utf8'));
  assert.ok(idx.dossiers.length >= 1);
  for (const d of idx.dossiers) {
    for (const f of ['bagit.txt', 'manifest-sha256.txt', 'tagmanifest-sha256.txt', 'metadata.json', 'metadata.xml'])
      assert.ok(existsSync(join(out, d.folder, f)), `${d.folder}/${f}`);
  }
  assert.notEqual(cli(['archive-export', '--data', srv.data, '--batch', String(batch.id), '--to', out]).status, 0, 'an existing folder is refused');
  assert.equal(cli(['archive-export', '--data', srv.data, '--batch', '1', '--dossier', '1', '--to', out + 'x']).status, 2);
});

// The reading room's request and grant on the pages: a specialist asks (an empty purpose refused,
// nothing saved), the archivist sees it on /archives/access and grants it until a date (a date in
// the past refused); the export then opens for the reader.
test('reading-room access requested and granted through the pages', async () => {
  const clerk = await srv.as('vanthu');
  const spec = await srv.as('chuyenvien');
  const year = new Date().getFullYear();
  const found = (await spec.get(`/api/v1/archives/search?q=${encodeURIComponent('kiem tra cong tac van thu')}`)).json().items;
  assert.ok(found.length > 0, 'the reading room finds a dossier');
  const d = found.find((x) => !x.held) || found[0];
  errOf(await spec.get(`/api/v1/archives/dossiers/${d.id}/export`), 404);
  const room = await spec.get(`/archives/reading-room?q=${encodeURIComponent('kiem tra cong tac van thu')}`);
  assert.match(room.text, /Đề nghị khai thác hồ sơ/);
  const pendingBefore = (await clerk.get('/archives/access')).text.split('class="panel ar-request"').length;
  let r = await spec.post('/archives/access', { form: { dossier_id: String(d.id), reason: '' } });
  assert.equal(r.status, 303);
  assert.equal((await clerk.get('/archives/access')).text.split('class="panel ar-request"').length, pendingBefore, 'nothing saved');
  r = await spec.post('/archives/access', { form: { dossier_id: String(d.id), reason: 'Nghiên cứu phục vụ tổng kết' } });
  assert.equal(r.status, 303);
  const list = (await clerk.get('/archives/access')).text;
  assert.match(list, /Nghiên cứu phục vụ tổng kết/);
  const rid = [...list.matchAll(/action="\/archives\/access\/(\d+)\/decide"/g)].map((m) => Number(m[1])).pop();
  assert.ok(rid);
  assert.equal((await spec.get('/archives/access')).status, 403);
  assert.equal((await spec.post(`/archives/access/${rid}/decide`, { form: { grant: '1', until: `${year + 1}-01-31` } })).status, 403);
  r = await clerk.post(`/archives/access/${rid}/decide`, { form: { grant: '1', until: '2000-01-01' } });
  assert.equal(r.status, 303);
  errOf(await spec.get(`/api/v1/archives/dossiers/${d.id}/export`), 404);
  r = await clerk.post(`/archives/access/${rid}/decide`, { form: { grant: '1', until: `${year + 1}-01-31` } });
  assert.equal(r.status, 303);
  assert.equal((await spec.get(`/api/v1/archives/dossiers/${d.id}/export`)).status, 200);
  assert.doesNotMatch((await clerk.get('/archives/access')).text, new RegExp(`/archives/access/${rid}/decide`));
});
