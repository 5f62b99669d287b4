// Refused forms (issue 12, items 2, 3, 4, 13, 17): a refused form comes back on its page with
// what was typed and its messages in red beside the fields — never in the green box of a
// success; an upload over the limit or of a forbidden type answers within the page; the
// duplicate warning keeps the chosen scan; a form posted after the session expired is given
// back after login; error pages have a way back; the registration form's messages name its
// fields by their labels.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, DEMO_PASSWORD } from './lib.mjs';
import { workingDayIn } from './workdays-dates.mjs';

let srv;
after(async () => { if (srv) await srv.stop(); });

const as = (login) => srv.as(login);

// A deadline must be a working day (issue 13): today + n, moved to the next working day.
function plusDays(n) {
  return n < 0 ? new Date(Date.now() + 7 * 3600e3 + n * 86400e3).toISOString().slice(0, 10) : workingDayIn(n);
}

const doc = {
  issuer_name: 'Sở Tài chính thành phố Cần Thơ',
  doc_type: 'cong_van',
  issued_date: '2026-01-20',
  subject: 'Về việc quyết toán kinh phí năm 2025',
};

let docId; // assigned to chuyenvien2, open
let handlerId;

before(async () => {
  srv = await startServer();
  const clerk = await as('vanthu');
  let r = await clerk.post('/api/v1/incoming', { json: { ...doc, code: '41/STC-NS' } });
  assert.equal(r.status, 201, r.text);
  docId = r.json().id;
  const s2 = await as('chuyenvien2');
  handlerId = (await s2.get('/api/v1/me')).json().id;
  r = await (await as('chanhvp')).post(`/api/v1/incoming/${docId}/assign`, {
    json: { lead: { user_id: handlerId }, due_date: plusDays(5) },
  });
  assert.equal(r.status, 200, r.text);
});

// The field's wrapper, its control and its message, as the page writes them.
function fieldOf(html, id) {
  const start = html.lastIndexOf('<div class="field', html.indexOf(`id="${id}"`));
  assert.ok(start >= 0 && html.indexOf(`id="${id}"`) >= 0, `no control #${id}`);
  return html.slice(start, html.indexOf('</div>', html.indexOf(`id="${id}"`)) + 6);
}

function assertRefusedBeside(html, id, message) {
  assert.doesNotMatch(html, /alert-ok/, 'a refusal is not shown as a success');
  assert.match(html, /class="alert alert-error form-errors" role="alert"/);
  const f = fieldOf(html, id);
  assert.match(f, /class="field has-error"/, f);
  assert.match(f, new RegExp(`aria-describedby="${id}-err"`), f);
  assert.match(f, new RegExp(`<span class="error" id="${id}-err">[^<]*${message}`), f);
}

test('an extension without a reason: red beside the reason, the new date kept', async () => {
  const lead = await as('chanhvp');
  const due = plusDays(12);
  let r = await lead.post(`/incoming/${docId}/progress`, {
    form: { action: 'extend', _form: 'extend', new_due_date: due, reason: '' },
  });
  assert.equal(r.status, 303);
  assert.equal(r.location, `/incoming/${docId}`);
  r = await lead.follow(r);
  assert.equal(r.status, 200);
  assertRefusedBeside(r.text, 'f-reason', 'lý do');
  assert.match(fieldOf(r.text, 'f-newdue'), new RegExp(`value="${due}"`));
  // shown once: the next visit is clean
  r = await lead.get(`/incoming/${docId}`);
  assert.doesNotMatch(r.text, /has-error|form-errors/);
});

test('an empty progress note: red beside the note, the reply number kept', async () => {
  const s2 = await as('chuyenvien2');
  let r = await s2.post(`/incoming/${docId}/progress`, {
    form: { action: 'progress', _form: 'progress', note: '', reply_code: '15-CV/VPTU' },
  });
  r = await s2.follow(r);
  assertRefusedBeside(r.text, 'f-note', 'tiến độ');
  assert.match(fieldOf(r.text, 'f-reply'), /value="15-CV\/VPTU"/);
});

function multipart(fields, files = []) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const f of files) fd.append(f.field || 'file', new Blob([f.data], { type: f.type || 'application/octet-stream' }), f.name);
  return fd;
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

test('attach with no file chosen, or a forbidden type: red beside the file field', async () => {
  const clerk = await as('vanthu');
  let r = await clerk.post(`/incoming/${docId}/attach`, { body: multipart({}, [{ data: Buffer.alloc(0), name: '' }]) });
  assert.equal(r.status, 303);
  r = await clerk.follow(r);
  assertRefusedBeside(r.text, 'f-attach', 'Chưa chọn tệp');
  const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), Buffer.alloc(512, 1)]);
  r = await clerk.post(`/incoming/${docId}/attach`, { body: multipart({}, [{ data: exe, name: 'setup.exe' }]) });
  assert.equal(r.status, 303);
  r = await clerk.follow(r);
  assertRefusedBeside(r.text, 'f-attach', 'Loại tệp không được phép');
  // the file inputs carry the server's limit for the browser's own check
  assert.match(fieldOf(r.text, 'f-attach'), /data-max-bytes="52428800"/);
});

test('an upload over the limit: back on the page, red beside the file, not a bare page', async () => {
  const clerk = await as('vanthu');
  const big = Buffer.alloc(50 * 1024 * 1024 + 10, 0x41);
  let r = await clerk.post(`/incoming/${docId}/attach`, {
    body: multipart({}, [{ data: big, name: 'qua-lon.pdf' }]),
    headers: { referer: `${srv.base}/incoming/${docId}` },
  });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.equal(r.location, `/incoming/${docId}`);
  r = await clerk.follow(r);
  assertRefusedBeside(r.text, 'f-attach', '50 MB');
});

test('registration refused: typed values kept; errors name the fields by their labels', async () => {
  const clerk = await as('vanthu');
  const r = await clerk.post('/incoming/new', {
    body: multipart({ code: '7/STC', doc_type: 'cong_van', issued_date: '2026-01-20', subject: 'Trích yếu được giữ' }),
  });
  assert.equal(r.status, 400);
  assertRefusedBeside(r.text, 'f-issuer_name', 'Tác giả');
  assert.doesNotMatch(r.text, /Cơ quan ban hành/);
  assert.match(fieldOf(r.text, 'f-subject'), /Trích yếu được giữ/);
  assert.match(fieldOf(r.text, 'f-code'), /value="7\/STC"/);
});

test('the duplicate warning keeps the chosen scan: "register anyway" needs no new choice', async () => {
  const clerk = await as('vanthu');
  let r = await clerk.post('/incoming/new', {
    body: multipart({ ...doc, code: '41/STC-NS' }, [{ data: PDF, name: 'ban-quet.pdf', type: 'application/pdf' }]),
  });
  assert.equal(r.status, 409, r.text.slice(0, 500));
  assert.match(r.text, /alert-warn/);
  const m = r.text.match(/name="kept_file" value="([0-9a-f]{32})">ban-quet\.pdf/);
  assert.ok(m, 'the chosen file is kept and named');
  assert.match(fieldOf(r.text, 'f-subject'), /quyết toán kinh phí/);
  r = await clerk.post('/incoming/new', {
    body: multipart({ ...doc, code: '41/STC-NS', kept_file: m[1], duplicate_reason: 'Bản gửi lại có chữ ký' }),
  });
  assert.equal(r.status, 303, r.text.slice(0, 500));
  const id = Number(r.location.split('/').pop());
  const j = (await clerk.get(`/api/v1/incoming/${id}`)).json();
  assert.deepEqual(j.attachments.map((a) => a.filename), ['ban-quet.pdf']);
  // someone else cannot use the token
  const other = await as('vanthu.binhthuy');
  r = await other.post('/incoming/new', {
    body: multipart({ ...doc, code: '42/STC-NS', kept_file: m[1] }),
  });
  assert.equal(r.status, 303);
  const j2 = (await other.get(`/api/v1/incoming/${Number(r.location.split('/').pop())}`)).json();
  assert.deepEqual(j2.attachments, []);
});

test('an expired session: the login page says so, the form comes back after login', async () => {
  const c = new Client(srv.base);
  c.jar.set('vp_session', 'expired-or-unknown');
  let r = await c.post(`/incoming/${docId}/progress`, {
    form: { action: 'progress', _form: 'progress', note: 'Đã làm việc với Sở Tài chính', reply_code: '', csrf: 'stale' },
    headers: { referer: `${srv.base}/incoming/${docId}`, origin: srv.base },
  });
  assert.equal(r.status, 303);
  assert.match(r.location, /^\/login\?next=%2Fincoming%2F\d+&expired=1$/);
  r = await c.get(r.location);
  assert.match(r.text, /alert-warn[^>]*>Phiên làm việc đã hết hạn/);
  const csrf = r.text.match(/name="csrf" value="([^"]+)"/)[1];
  r = await c.post('/login', { form: { login: 'chuyenvien2', password: DEMO_PASSWORD, csrf, next: `/incoming/${docId}` } });
  assert.equal(r.status, 303);
  r = await c.follow(r);
  assert.equal(r.status, 200);
  assert.match(r.text, /Phiên làm việc đã hết hạn trước khi biểu mẫu được gửi/);
  assert.match(fieldOf(r.text, 'f-note'), /Đã làm việc với Sở Tài chính<\/textarea>/);
  // the CSRF token and nothing from another site is kept
  assert.doesNotMatch(r.text, /value="stale"/);
  const x = new Client(srv.base);
  r = await x.post(`/incoming/${docId}/progress`, {
    form: { note: 'từ trang khác' },
    headers: { referer: 'https://evil.example/x', origin: 'https://evil.example' },
  });
  assert.equal(r.status, 303);
  assert.doesNotMatch(r.location, /expired/);
  assert.ok(!x.jar.has('vp_form'));
});

test('error pages: a way back, and "not found" said once', async () => {
  const clerk = await as('vanthu');
  const r = await clerk.get('/incoming/99999999', { headers: { referer: `${srv.base}/incoming` } });
  assert.equal(r.status, 404);
  assert.match(r.text, /<h1>Không tìm thấy<\/h1>/);
  assert.doesNotMatch(r.text, /role="alert">Không tìm thấy\./);
  assert.match(r.text, /<a href="\/incoming">Quay lại trang trước<\/a>/);
  assert.match(r.text, /<a href="\/">Về trang chủ<\/a>/);
});

test('a refused catalogue form: red beside the field on /admin/catalog, what was typed kept', async () => {
  const admin = await as('admin');
  let r = await admin.post('/admin/catalog/doc-type', {
    form: { code: 'Sai Ma', name: 'Loại được giữ', abbr_party: 'LG', abbr_state: '', sort_order: '77' },
  });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/admin/catalog');
  r = await admin.follow(r);
  assertRefusedBeside(r.text, 't-code', 'chữ thường');
  assert.match(fieldOf(r.text, 't-code'), /value="Sai Ma"/);
  assert.match(fieldOf(r.text, 't-name'), /value="Loại được giữ"/);
  assert.match(fieldOf(r.text, 't-so'), /value="77"/);
  // the other forms of the page are clean
  assert.doesNotMatch(fieldOf(r.text, 'm-name'), /has-error|Loại được giữ/);
  r = await admin.post('/admin/catalog/term', {
    form: { unit_id: '1', name: 'Nhiệm kỳ được giữ', starts_on: '2026-05-01', ends_on: '2020-01-01' },
  });
  r = await admin.follow(r);
  assertRefusedBeside(r.text, 'm-to', 'phải sau ngày bắt đầu');
  assert.match(fieldOf(r.text, 'm-name'), /value="Nhiệm kỳ được giữ"/);
  assert.match(fieldOf(r.text, 'm-from'), /value="2026-05-01"/);
  r = await admin.post('/admin/catalog/register', {
    form: { unit_id: '999999', name: 'Sổ được giữ', policy: 'state', issuer_abbr: 'SG', signer_role: 'office-leader' },
  });
  assert.equal(r.status, 303, 'a unit number typed wrong is said beside it, not a lost page');
  r = await admin.follow(r);
  assertRefusedBeside(r.text, 'r-unit', 'Không tìm thấy đơn vị');
  assert.match(fieldOf(r.text, 'r-name'), /value="Sổ được giữ"/);
  assert.match(fieldOf(r.text, 'r-policy'), /value="state" selected/);
  assert.match(fieldOf(r.text, 'r-signer'), /value="office-leader" selected/);
});

test('a refused /outgoing/new: red beside the field, the draft as typed', async () => {
  const spec = await as('chuyenvien');
  const regs = (await spec.get('/api/v1/catalog/registers')).json().items;
  const reg = regs.find((x) => x.issuer_abbr === 'VPTU').id;
  let r = await spec.post('/outgoing/new', {
    form: { register_id: String(reg), doc_type: 'to_trinh', subject: '', body: 'Nội dung được giữ', secrecy: 'none', urgency: 'khan', outside: 'Báo Cần Thơ' },
  });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/outgoing/new');
  r = await spec.follow(r);
  assert.equal(r.status, 200);
  assertRefusedBeside(r.text, 'subject', 'Trích yếu');
  assert.match(fieldOf(r.text, 'body'), /Nội dung được giữ/);
  assert.match(fieldOf(r.text, 'outside'), /Báo Cần Thơ/);
  assert.match(fieldOf(r.text, 'urgency'), /value="khan" selected/);
  assert.match(fieldOf(r.text, 'doc_type'), /value="to_trinh" selected/);
  // a signer who is no leader: beside the signer
  const me = (await spec.get('/api/v1/me')).json();
  r = await spec.follow(await spec.post('/outgoing/new', {
    form: { register_id: String(reg), doc_type: 'cong_van', subject: 'Trích yếu được giữ', secrecy: 'none', urgency: 'normal', signer_id: String(me.id) },
  }));
  assertRefusedBeside(r.text, 'signer_id', 'Người ký');
  assert.match(fieldOf(r.text, 'subject'), /Trích yếu được giữ/);
});

test('a refused dossier form: red beside the field on /dossiers, what was typed kept', async () => {
  const clerk = await as('vanthu');
  const year = String(new Date().getFullYear());
  let r = await clerk.post('/dossiers/headings', {
    form: { year, parent_id: '0', title: 'Đề mục được giữ', abbr: 'C Ó.KHOẢNG' },
  });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/dossiers');
  r = await clerk.follow(r);
  assert.equal(r.status, 200);
  assertRefusedBeside(r.text, 'h-abbr', 'Ký hiệu đề mục');
  assert.match(fieldOf(r.text, 'h-title'), /value="Đề mục được giữ"/);
  assert.match(fieldOf(r.text, 'h-abbr'), /value="C Ó.KHOẢNG"/);
});
