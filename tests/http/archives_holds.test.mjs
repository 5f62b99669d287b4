// Issue 19, the remaining gaps over HTTP: a scanned PDF filed in a dossier, handed over and
// accepted gets its page count (the job) in the dossier's archive page, its API and the TT
// 05/2025 export; legal holds placed and lifted from the pages with a reason, by whom may
// (a clerk places, only a leader lifts; others refused with a clear message; nothing saved
// on an empty reason); the list of holds in force with print and xlsx; the scheduled fixity
// job records its runs, and a corrupted blob is reported on the runs page, the archive page
// and in the archivists' notifications.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from './lib.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(fn, what, ms = 60000) { // generous: on a slow machine jobs queue up
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

// Two pages, the way a scanner's PDF declares them.
const PDF2 = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n'
  + '<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R '
  + '/MediaBox [0 0 595 842] >>\nendobj\n4 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] '
  + '>>\nendobj\ntrailer\n<< /Root 1 0 R /Size 5 >>\n%%EOF\n');

let dossierId, sha;

test('a scanned PDF deposited in the archive carries its page count and SHA-256', async () => {
  const clerk = await srv.as('vanthu');
  const year = new Date().getFullYear();
  const h = await clerk.post('/api/v1/dossiers/headings', { json: { year, title: 'Hồ sơ số hóa thử', abbr: 'SHT' } });
  assert.equal(h.status, 201, h.text);
  const d = await clerk.post('/api/v1/dossiers', { json: { heading_id: h.json().id, title: 'Hồ sơ kiểm tra giữ và toàn vẹn', retention_years: 10 } });
  assert.equal(d.status, 201, d.text);
  dossierId = d.json().id;
  assert.equal((await clerk.post(`/api/v1/dossiers/${dossierId}/open`, { json: {} })).status, 200);
  const reg = await clerk.post('/api/v1/incoming', {
    json: {
      issuer_name: 'Ban Tuyên giáo Thành ủy', code: '77-CV/BTGTU', doc_type: 'cong_van', issued_date: `${year}-02-03`,
      subject: 'Về công tác số hóa tài liệu lưu trữ', duplicate_reason: 'thử lưu trữ',
    },
  });
  assert.equal(reg.status, 201, reg.text);
  const fd = new FormData();
  fd.append('file', new Blob([PDF2], { type: 'application/pdf' }), 'ban-quet-2-trang.pdf');
  const up = await clerk.post(`/api/v1/incoming/${reg.json().id}/attachments`, { body: fd });
  assert.ok(up.status === 201 || up.status === 200, up.text);
  const filed = await clerk.post(`/api/v1/dossiers/${dossierId}/documents`, { json: { doc_kind: 'in', doc_id: reg.json().id } });
  assert.ok(filed.status === 200 || filed.status === 201, filed.text);
  assert.equal((await clerk.post(`/api/v1/dossiers/${dossierId}/close`, { json: {} })).status, 200);
  const b = await clerk.post('/api/v1/archives/batches', { json: { dossier_ids: [dossierId] } });
  assert.equal(b.status, 201, b.text);
  assert.equal((await clerk.post(`/api/v1/archives/batches/${b.json().id}/accept`, { json: {} })).status, 200);

  const view = await until(async () => {
    const r = (await clerk.get(`/api/v1/archives/dossiers/${dossierId}`)).json();
    return r.files.length === 1 && r.files[0].pages !== null ? r : null;
  }, 'the page count');
  assert.equal(view.files[0].pages, 2);
  assert.equal(view.page_count, 2);
  assert.match(view.files[0].sha256, /^[0-9a-f]{64}$/);
  sha = view.files[0].sha256;
  const ex = (await clerk.get(`/api/v1/archives/dossiers/${dossierId}/export`)).json();
  assert.equal(ex.dossier.page_count, 2, 'TT 05/2025: the dossier\'s page count');
  assert.equal(ex.files[0].pages, 2);

  const page = await clerk.get(`/archives/dossiers/${dossierId}`);
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(sha));
  assert.match(page.text, /id="ar-pages">2</);
  assert.equal((await clerk.get(`/api/v1/archives/dossiers/${dossierId}?bogus=1`)).status, 400);
  // The demo's annual dossier of three years ago holds a scanned report: counted too.
  const hist = (await clerk.get('/api/v1/archives/historical-due')).json().items;
  const demo = await until(async () => {
    for (const x of hist) {
      const v = (await clerk.get(`/api/v1/archives/dossiers/${x.id}`)).json();
      if (v.files.some((f) => f.filename === 'ban-quet-bao-cao-nam.pdf' && f.pages === 2)) return v;
    }
    return null;
  }, 'the demo scan counted');
  assert.equal(demo.page_count, 2);
  // Not the archive's staff: nothing to see.
  for (const who of ['chuyenvien', 'donvi']) {
    const c = await srv.as(who);
    assert.equal((await c.get(`/archives/dossiers/${dossierId}`)).status, 404, who);
    assert.equal((await c.get(`/api/v1/archives/dossiers/${dossierId}`)).status, 404, who);
    assert.equal((await c.get('/archives/holds')).status, 403, who);
    assert.equal((await c.get('/api/v1/archives/holds')).status, 403, who);
  }
});

test('holds placed and lifted with a reason from the pages, by whom may', async () => {
  assert.ok(dossierId);
  const clerk = await srv.as('vanthu');
  const chief = await srv.as('chanhvp');
  const spec = await srv.as('chuyenvien');
  const held = async () => (await clerk.get('/api/v1/archives/holds')).json().items.filter((x) => x.dossier_id === dossierId);

  // An empty reason: back to the page with the message beside the field, nothing saved.
  let r = await clerk.post(`/archives/dossiers/${dossierId}/holds`, { form: { reason: '' } });
  assert.equal(r.status, 303);
  const back = await clerk.get(r.location);
  assert.match(back.text, /Hãy ghi lý do giữ hồ sơ/);
  assert.equal((await held()).length, 0, 'nothing saved');
  // A specialist may not place one.
  r = await spec.post(`/archives/dossiers/${dossierId}/holds`, { form: { reason: 'Thanh tra' } });
  assert.equal(r.status, 403);
  assert.match(r.text, /Chỉ bộ phận lưu trữ hoặc lãnh đạo đặt lệnh giữ/);
  assert.equal((await held()).length, 0);

  r = await clerk.post(`/archives/dossiers/${dossierId}/holds`, { form: { reason: 'Thanh tra Thành ủy đang xác minh đơn' } });
  assert.equal(r.status, 303);
  const [hold] = await held();
  assert.ok(hold, 'placed');
  assert.equal(hold.reason, 'Thanh tra Thành ủy đang xác minh đơn');
  const list = await clerk.get('/archives/holds');
  assert.match(list.text, /Thanh tra Thành ủy đang xác minh đơn/);
  assert.match(list.text, /data-print/);
  assert.match(list.text, new RegExp(hold.placed_by));
  assert.match(list.text, new RegExp(`/archives/dossiers/${dossierId}`));

  // The clerk places but does not lift: a leader does.
  r = await clerk.post(`/archives/holds/${hold.id}/lift`, { form: { reason: 'Đã xong' } });
  assert.equal(r.status, 403);
  assert.match(r.text, /Chỉ lãnh đạo gỡ lệnh giữ hồ sơ/);
  assert.doesNotMatch(list.text, new RegExp(`/archives/holds/${hold.id}/lift`), 'no lift form for the clerk');
  assert.match((await chief.get('/archives/holds')).text, new RegExp(`/archives/holds/${hold.id}/lift`));
  r = await chief.post(`/archives/holds/${hold.id}/lift`, { form: { reason: '', from: 'list' } });
  assert.equal(r.status, 303);
  assert.match((await chief.get(r.location)).text, /Hãy ghi lý do gỡ lệnh giữ/);
  assert.equal((await held()).length, 1, 'still in force');
  r = await chief.post(`/archives/holds/${hold.id}/lift`, { form: { reason: 'Thanh tra đã kết luận' } });
  assert.equal(r.status, 303);
  assert.equal(r.location, `/archives/dossiers/${dossierId}`);
  assert.equal((await held()).length, 0);
  const page = (await chief.get(`/archives/dossiers/${dossierId}`)).text;
  assert.match(page, /Thanh tra đã kết luận/);
  assert.match(page, /Đã gỡ/);
  const api = (await chief.get(`/api/v1/archives/dossiers/${dossierId}`)).json();
  assert.equal(api.holds.length, 1);
  assert.ok(api.holds[0].lifted_at && api.holds[0].lifted_by);
  // Lifting twice: nothing in force.
  r = await chief.post(`/api/v1/archives/holds/${hold.id}/lift`, { json: { reason: 'Lần nữa' } });
  assert.equal(r.status, 404);
  // The audit trail has both.
  const audit = (await (await srv.as('admin')).get('/api/v1/audit?entity=archive')).text;
  if (!/not_found|unknown/.test(audit)) {
    assert.match(audit, /archives\.hold_place/);
    assert.match(audit, /archives\.hold_lift/);
  }

  const x = await clerk.get('/archives/holds.xlsx');
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  assert.equal((await spec.get('/archives/holds.xlsx')).status, 403);
  const due = await clerk.get('/archives/due.xlsx');
  assert.equal(due.status, 200);
  assert.equal((await clerk.get('/archives/tombstones.xlsx')).status, 200);
});

test('the fixity job records its runs and reports a corrupted file to the archivists', async () => {
  assert.ok(sha);
  const clerk = await srv.as('vanthu');
  const spec = await srv.as('chuyenvien');
  assert.equal((await spec.post('/api/v1/archives/fixity', { json: {} })).status, 403);
  assert.equal((await spec.post('/archives/fixity', { form: {} })).status, 403);
  assert.equal((await clerk.post('/api/v1/archives/fixity', { json: { bogus: 1 } })).status, 400);
  const runs = async () => (await clerk.get('/api/v1/archives/fixity')).json().items;
  const last0 = (await runs())[0]?.id || 0;
  assert.equal((await clerk.post('/api/v1/archives/fixity', { json: {} })).status, 202);
  await until(async () => (await runs()).find((x) => x.id > last0 && x.checked >= 1), 'a clean run');
  // A run's row is written when it ends: other fixity jobs (the demo's, the start-up schedule's)
  // may still be queued or reading the blobs, and one of them ending after the corruption below
  // would be taken for the run after it. Wait for an empty queue; every run so far is clean.
  const admin = await srv.as('admin');
  const busy = async () => {
    const m = (await admin.get('/metrics')).text;
    return ['queued', 'running'].reduce((n, st) => n + Number((m.match(new RegExp(`^vanphong_jobs\\{state="${st}"\\} (\\d+)$`, 'm')) || [0, 0])[1]), 0);
  };
  await until(async () => (await busy()) === 0, 'an empty job queue');
  const ok = (await runs())[0];
  assert.ok(ok.id > last0 && (await runs()).filter((x) => x.id > last0).every((x) => x.failures === 0), 'clean runs');

  const path = join(srv.data, 'blobs', sha.slice(0, 2), sha.slice(2, 4), sha);
  chmodSync(path, 0o600);
  writeFileSync(path, 'trang bị thay thế');
  let r = await clerk.post('/archives/fixity', { form: {} });
  assert.equal(r.status, 303);
  const bad = await until(async () => (await runs()).find((x) => x.id > ok.id), 'the run after the corruption');
  assert.equal(bad.failures, 1);
  assert.equal(bad.failed[0].sha256, sha);
  assert.equal(bad.failed[0].filename, 'ban-quet-2-trang.pdf');
  const page = (await clerk.get('/archives/fixity')).text;
  assert.match(page, new RegExp(sha));
  const home = (await clerk.get('/archives')).text;
  assert.match(home, /id="ar-fixity"/);
  assert.match(home, new RegExp(sha));
  const notes = (await clerk.get('/api/v1/notifications')).json().items;
  assert.ok(notes.some((n) => /toàn vẹn/.test(n.text) && /1 tệp/.test(n.text)), 'the archivist is told');
  const chiefNotes = (await (await srv.as('chanhvp')).get('/api/v1/notifications')).json().items;
  assert.ok(chiefNotes.some((n) => /toàn vẹn/.test(n.text)));
  // `vanphong check` agrees.
  r = srv.cli(['check', '--data', '$DATA']);
  assert.notEqual(r.status, 0);
});

test('overdue hand-overs on the originating unit\'s home pages, in its scope', async () => {
  // The demo's ward kept its dossiers of the year before last: overdue since 31/12 of last year.
  const ward = (await (await srv.as('donvi')).get('/')).text;
  assert.match(ward, /id="home-archives"/);
  assert.match(ward, /quá hạn giao nộp/);
  const wardClerk = (await (await srv.as('vanthu.binhthuy')).get('/')).text;
  assert.match(wardClerk, /id="home-archives"/);
  const wardCount = Number(/(\d+) hồ sơ quá hạn giao nộp/.exec(ward)[1]);
  const city = (await (await srv.as('chanhvp')).get('/')).text;
  const cityCount = Number(/(\d+) hồ sơ quá hạn giao nộp/.exec(city)[1]);
  assert.ok(cityCount > wardCount, 'the city office sees its own and the units below');
  assert.doesNotMatch((await (await srv.as('chuyenvien')).get('/')).text, /id="home-archives"/);
  // The ward's list is its own: the office's overdue dossiers are not in it.
  const due = (await (await srv.as('donvi')).get('/api/v1/archives/due?overdue=1')).json().items;
  assert.equal(due.length, wardCount);
  assert.ok(due.every((x) => x.unit_name === due[0].unit_name));
});

test('permanent dossiers transferred to the historical archive from the page, with the export package', async () => {
  const clerk = await srv.as('vanthu');
  const hist = (await clerk.get('/api/v1/archives/historical-due')).json().items;
  assert.ok(hist.length >= 1, 'the demo has permanent dossiers in the agency archive');
  const year = new Date().getFullYear();
  for (const x of hist) assert.equal(x.due, `${Number(x.deposited_on.slice(0, 4)) + 5}-12-31`, 'due by 31/12 of deposit year + 5');
  const page = await clerk.get('/archives');
  assert.match(page.text, /name="to_archive" value="historical"/);
  // A dossier kept for a number of years is not transferred: refused, nothing saved.
  const fixed = (await clerk.get('/api/v1/archives/disposal-candidates')).json().items[0];
  const before_ = (await clerk.get('/api/v1/archives/batches')).json().items.length;
  let r = await clerk.post('/api/v1/archives/batches', { json: { dossier_ids: [fixed.id], to_archive: 'historical' } });
  assert.equal(r.status, 409, r.text);
  assert.equal((await clerk.get('/api/v1/archives/batches')).json().items.length, before_);
  r = await clerk.post('/archives/batches', { form: { dossier_id: String(hist[0].id), to_archive: 'historical' } });
  assert.equal(r.status, 303);
  const bid = Number(/\/archives\/batches\/(\d+)$/.exec(r.location)[1]);
  assert.ok(bid);
  assert.equal((await clerk.post(`/archives/batches/${bid}/accept`, { form: {} })).status, 303);
  const bp = await clerk.get(`/archives/batches/${bid}`);
  assert.match(bp.text, new RegExp(`href="/api/v1/archives/batches/${bid}/export"`));
  const ex = await clerk.get(`/api/v1/archives/batches/${bid}/export`);
  assert.equal(ex.status, 200, ex.text);
  assert.equal(ex.json().dossiers[0].dossier.code, hist[0].code);
  assert.equal(ex.json().dossiers[0].dossier.state, 'historical');
  assert.ok(!(await clerk.get('/api/v1/archives/historical-due')).json().items.some((x) => x.id === hist[0].id));
  assert.ok(year > 2000);
});
