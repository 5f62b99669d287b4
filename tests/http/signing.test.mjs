// Digital signatures (issue 18): a throw-away CA and signers made with openssl/certutil are
// imported through the admin routes; the signer signs an approved document (the number is taken
// first and stays through issue), the result verifies valid; one tampered byte → invalid; a
// signer of an unknown CA → untrusted; an expired certificate → refused and nothing taken; a
// user who is not the document's signer → 403 in Vietnamese; a PDF signed on the signer's own
// computer is checked before it is attached; the marks show on the page and in the register.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, spawnServe, Client, DEMO_PASSWORD } from './lib.mjs';
import { makePki, P12_PASSWORD } from './signing_pki.mjs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

let srv;
let pki;
let reg;
const as = (login) => srv.as(login);

before(async () => {
  pki = makePki();
  srv = await startServer();
  const regs = (await (await as('vanthu')).get('/api/v1/catalog/registers')).json().items;
  reg = regs.find((r) => r.issuer_abbr === 'VPTU').id;
});
after(async () => {
  if (srv) await srv.stop();
  if (pki) pki.cleanup();
});

function fileForm(bytes, name, fields = {}) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, String(v));
  fd.append('file', new Blob([bytes]), name);
  return fd;
}

async function userId(login) {
  const users = (await (await as('admin')).get('/api/v1/users')).json().items;
  return users.find((u) => u.login === login).id;
}

// A draft with the PDF attached, approved by the office leader; returns its id.
async function approvedWithPdf(subject, extra = {}) {
  const s = await as('chuyenvien');
  let r = await s.post('/api/v1/outgoing', {
    json: { register_id: reg, doc_type: 'cong_van', subject, body: 'Kính gửi các đồng chí.',
      secrecy: 'none', urgency: 'normal', recipients: [{ name: 'Sở Nội vụ' }], ...extra },
  });
  assert.equal(r.status, 201, r.text);
  const id = r.json().id;
  r = await s.post(`/api/v1/outgoing/${id}/attachments`, { body: fileForm(pki.pdf, 'Công văn.pdf') });
  assert.equal(r.status, 201, r.text);
  r = await (await as('chanhvp')).post(`/api/v1/outgoing/${id}/approve`);
  assert.equal(r.status, 200, r.text);
  return id;
}

// Polls get() until ok(result) (the job workers run the signature checks). Bounded by time, and
// generously: on a slow or loaded machine the one worker may first run the demo's OCR jobs.
async function until(get, ok, ms = 60000) {
  const end = Date.now() + ms;
  let r;
  for (;;) {
    r = await get();
    if (ok(r) || Date.now() > end) return r;
    await new Promise((res) => setTimeout(res, 100));
  }
}

async function verifyBytes(bytes) {
  const r = await (await as('chuyenvien')).post('/api/v1/signing/verify', { body: fileForm(bytes, 'x.pdf') });
  assert.equal(r.status, 200, r.text);
  return r.json();
}

test('the admin imports the CA (page form) and the signers (API); others may not', async () => {
  const admin = await as('admin');
  // Through the page, as an administrator would: a DER file.
  const page = await admin.get('/admin/signing');
  assert.equal(page.status, 200);
  const csrf = page.text.match(/name="csrf" value="([^"]+)"/)[1];
  let r = await admin.post('/admin/signing/ca', { body: fileForm(pki.caDer, 'ca.cer', { csrf }) });
  assert.equal(r.status, 303, r.text);
  // The same certificate twice is refused.
  r = await admin.post('/api/v1/signing/cas', { body: fileForm(pki.caPem, 'ca.pem') });
  assert.equal(r.status, 409, r.text);
  assert.match(r.json().error.message, /đã được nạp/);
  // Not a certificate.
  r = await admin.post('/api/v1/signing/cas', { body: fileForm(Buffer.from('không phải chứng thư'), 'x.pem') });
  assert.equal(r.status, 422, r.text);

  const chanhvp = await userId('chanhvp');
  // A wrong password: refused, said so, and nothing imported.
  r = await admin.post('/api/v1/signing/signers', { body: fileForm(pki.validP12, 'an.p12', { user_id: chanhvp, password: 'sai' }) });
  assert.equal(r.status, 422, r.text);
  assert.match(r.json().error.message, /sai mật khẩu/);
  r = await admin.post('/api/v1/signing/signers', { body: fileForm(pki.validP12, 'an.p12', { user_id: chanhvp, password: P12_PASSWORD }) });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json().user_id, chanhvp);
  assert.match(r.json().subject, /CN=Nguyễn Văn An/);
  assert.equal(r.json().expired, false);
  // The expired one, for the committee leader.
  r = await admin.post('/api/v1/signing/signers', { body: fileForm(pki.expiredP12, 'cu.p12', { user_id: await userId('thuongtruc'), password: P12_PASSWORD }) });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json().expired, true);

  // Nobody else imports or lists keys.
  for (const login of ['chanhvp', 'vanthu', 'chuyenvien']) {
    const c = await as(login);
    r = await c.post('/api/v1/signing/cas', { body: fileForm(pki.caPem, 'ca.pem') });
    assert.equal(r.status, 403, `${login}: ${r.text}`);
    assert.equal((await c.get('/api/v1/signing/credentials')).status, 403);
    assert.equal((await c.get('/admin/signing')).status, 403);
  }
  // The page lists them: subject, issuer, validity; the expired one in red.
  const list = await admin.get('/admin/signing');
  assert.ok(list.text.includes('CN=Nguyễn Văn An'), 'signer listed');
  assert.ok(list.text.includes('CN=CA thử nghiệm Văn phòng'), 'CA listed');
  assert.match(list.text, /<tr class="sig-expired">[^]*?Trần Văn Cũ[^]*?Đã hết hạn/);
  assert.ok(!list.text.includes(P12_PASSWORD), 'the password is never shown');
  assert.ok(!srv.stderr.includes(P12_PASSWORD), 'the password is never logged');
  // Ours (the demo office has its own stand-in CA and a key for chanhvp besides).
  const creds = (await admin.get('/api/v1/signing/credentials')).json().items;
  assert.equal(creds.filter((c) => /Nguyễn Văn An|Trần Văn Cũ|CA thử nghiệm/.test(c.subject)).length, 3);
});

test('the signer signs: number first, signed PDF stored and verified valid; issue keeps the number', async () => {
  const id = await approvedWithPdf('Về việc ký số công văn thử nghiệm');
  // Not the signer: the drafter, the clerk.
  for (const login of ['chuyenvien', 'vanthu']) {
    const r = await (await as(login)).post(`/api/v1/outgoing/${id}/digital-signature`);
    assert.equal(r.status, 403, r.text);
    assert.match(r.json().error.message, /không phải người có thẩm quyền ký/);
  }
  const r = await (await as('chanhvp')).post(`/api/v1/outgoing/${id}/digital-signature`);
  assert.equal(r.status, 201, r.text);
  const aid = r.json().attachment_id;
  let doc = (await (await as('chanhvp')).get(`/api/v1/outgoing/${id}`)).json();
  assert.equal(doc.status, 'signed');
  assert.ok(doc.notation, 'the number was taken at signing');
  const notation = doc.notation;
  const sig = (await (await as('chuyenvien')).get(`/api/v1/attachments/${aid}/signature`)).json();
  assert.equal(sig.status, 'valid', JSON.stringify(sig));
  assert.equal(sig.signer, 'Nguyễn Văn An');
  assert.equal(sig.organisation, 'Thành ủy Cần Thơ');
  assert.equal(sig.whole_document, true);
  assert.equal(sig.reference_only, false);
  assert.match(sig.mark, /^Đã ký số hợp lệ — Nguyễn Văn An, Thành ủy Cần Thơ, \d\d\/\d\d\/\d{4}/);
  // Signing twice is a conflict.
  assert.equal((await (await as('chanhvp')).post(`/api/v1/outgoing/${id}/digital-signature`)).status, 409);

  // The document page shows the valid mark.
  const page = await (await as('chuyenvien')).get(`/outgoing/${id}`);
  assert.ok(page.text.includes('Đã ký số hợp lệ — Nguyễn Văn An, Thành ủy Cần Thơ'), 'valid mark on the page');

  // Tamper one byte of the signed content → invalid (changed since signing).
  const signedBytes = Buffer.from((await (await as('chuyenvien')).get(`/attachments/${aid}`)).text, 'latin1');
  const raw = await fetch(srv.base + `/attachments/${aid}`, { headers: { cookie: (await as('chuyenvien')).cookieHeader() } });
  const bytes = Buffer.from(await raw.arrayBuffer());
  assert.ok(bytes.length > 1000 && signedBytes.length > 0);
  assert.equal((await verifyBytes(bytes)).status, 'valid');
  const tampered = Buffer.from(bytes);
  const at = tampered.indexOf('/Type') + 1; // inside the signed range, before the signature
  tampered[at] = tampered[at] === 0x54 ? 0x55 : 0x54;
  const bad = await verifyBytes(tampered);
  assert.equal(bad.status, 'invalid', JSON.stringify(bad));
  assert.match(bad.mark, /^Chữ ký không hợp lệ: /);

  // The clerk issues: the number taken at signing stays.
  const iss = await (await as('vanthu')).post(`/api/v1/outgoing/${id}/issue`);
  assert.equal(iss.status, 200, iss.text);
  assert.equal(iss.json().notation, notation);
  doc = (await (await as('vanthu')).get(`/api/v1/outgoing/${id}`)).json();
  assert.equal(doc.status, 'issued');
  assert.equal(doc.notation, notation);

  // The outgoing register shows the mark.
  const regPage = await (await as('vanthu')).get('/registers/outgoing');
  assert.equal(regPage.status, 200);
  assert.ok(regPage.text.includes('Chữ ký số'), 'register column');
  assert.ok(regPage.text.includes('Hợp lệ'), 'register mark');
});

test('an expired certificate is refused and takes no number; an unsigned PDF is for reference only', async () => {
  const thuongtruc = await userId('thuongtruc');
  const id = await approvedWithPdf('Về việc thử chứng thư hết hạn', { signer_id: thuongtruc });
  const r = await (await as('thuongtruc')).post(`/api/v1/outgoing/${id}/digital-signature`);
  assert.equal(r.status, 409, r.text);
  assert.match(r.json().error.message, /hết hạn/);
  const doc = (await (await as('thuongtruc')).get(`/api/v1/outgoing/${id}`)).json();
  assert.equal(doc.status, 'approved');
  assert.equal(doc.notation, undefined, 'no number taken');
  // The unsigned PDF attached to it: not signed → for reference only, on the page.
  const page = await (await as('chuyenvien')).get(`/outgoing/${id}`);
  assert.ok(page.text.includes('Chỉ có giá trị tham khảo'), 'reference-only mark');
  // Someone other than the designated signer: refused.
  const id2 = await approvedWithPdf('Về việc thử người ký chưa có chứng thư', { signer_id: thuongtruc });
  const nokey = await (await as('chanhvp')).post(`/api/v1/outgoing/${id2}/digital-signature`);
  assert.equal(nokey.status, 403, nokey.text);
});

test('a PDF signed on the signer\'s own computer: untrusted refused, trusted attached and numbered', async () => {
  const rogue = pki.tokenSign(pki.pdf, 'la');
  const v = await verifyBytes(rogue);
  assert.equal(v.status, 'untrusted', JSON.stringify(v));
  assert.equal(v.reference_only, true);
  assert.match(v.mark, /Người Lạ/);
  assert.equal((await verifyBytes(pki.pdf)).status, 'unsigned');

  const id = await approvedWithPdf('Về việc ký bằng USB token');
  let r = await (await as('chanhvp')).post(`/api/v1/outgoing/${id}/signed-file`, { body: fileForm(rogue, 'ky.pdf') });
  assert.equal(r.status, 422, r.text);
  assert.match(r.json().error.message, /tin cậy/);
  // Valid and trusted, but another person's certificate: refused, naming whose it is; nothing
  // attached, no number taken.
  const before = (await (await as('chanhvp')).get(`/api/v1/outgoing/${id}`)).json();
  const others = pki.tokenSign(pki.pdf, 'binh');
  assert.equal((await verifyBytes(others)).status, 'valid');
  r = await (await as('chanhvp')).post(`/api/v1/outgoing/${id}/signed-file`, { body: fileForm(others, 'ky.pdf') });
  assert.equal(r.status, 422, r.text);
  assert.match(r.json().error.message, /Lê Thị Bình/);
  assert.match(r.json().error.message, /không phải chứng thư số đã đăng ký/);
  const still = (await (await as('chanhvp')).get(`/api/v1/outgoing/${id}`)).json();
  assert.equal(still.status, 'approved');
  assert.equal(still.notation ?? null, before.notation ?? null);
  assert.equal((still.attachments ?? []).length, (before.attachments ?? []).length);
  // Someone who is not the signer.
  const good = pki.tokenSign(pki.pdf, 'an');
  r = await (await as('chuyenvien')).post(`/api/v1/outgoing/${id}/signed-file`, { body: fileForm(good, 'ky.pdf') });
  assert.equal(r.status, 403, r.text);
  r = await (await as('chanhvp')).post(`/api/v1/outgoing/${id}/signed-file`, { body: fileForm(good, 'ky.pdf') });
  assert.equal(r.status, 201, r.text);
  const doc = (await (await as('chanhvp')).get(`/api/v1/outgoing/${id}`)).json();
  assert.equal(doc.status, 'signed');
  assert.ok(doc.notation);
  const sig = (await (await as('chanhvp')).get(`/api/v1/attachments/${r.json().attachment_id}/signature`)).json();
  assert.equal(sig.status, 'valid');
});

test('a signed document arriving in a unit keeps its verdict on the incoming page and register', async () => {
  const units = (await (await as('thuongtruc')).get('/api/v1/units')).json().items;
  const ward = units.find((u) => u.name === 'Đảng ủy phường Bình Thủy').id;
  const s = await as('chuyenvien');
  let r = await s.post('/api/v1/outgoing', {
    json: { register_id: reg, doc_type: 'cong_van', subject: 'Về việc gửi văn bản đã ký số đến phường',
      body: 'Kính gửi Đảng ủy phường Bình Thủy.', secrecy: 'none', urgency: 'normal', recipients: [{ unit_id: ward }] },
  });
  assert.equal(r.status, 201, r.text);
  const id = r.json().id;
  // A scan without a signature goes with it too: for reference only.
  r = await s.post(`/api/v1/outgoing/${id}/attachments`, { body: fileForm(pki.pdf, 'Phụ lục (bản quét).pdf') });
  assert.equal(r.status, 201, r.text);
  assert.equal((await (await as('chanhvp')).post(`/api/v1/outgoing/${id}/approve`)).status, 200);
  assert.equal((await (await as('chanhvp')).post(`/api/v1/outgoing/${id}/digital-signature`)).status, 201);
  const iss = await (await as('vanthu')).post(`/api/v1/outgoing/${id}/issue`);
  assert.equal(iss.status, 200, iss.text);
  const clerk = await as('vanthu.binhthuy');
  const row = (await clerk.get('/api/v1/inbox')).json().items.find((x) => x.outgoing_id === id);
  assert.ok(row, 'delivered to the ward');
  r = await clerk.post('/api/v1/incoming', { json: { inbox_id: row.id } });
  assert.equal(r.status, 201, r.text);
  const inId = r.json().id;
  // The scan is checked by the server's job workers (pdfsig outside any transaction): until
  // then it reads "Đang kiểm tra chữ ký số", never a verdict.
  const page = await until(() => clerk.get(`/incoming/${inId}`), (p) => !p.text.includes('Đang kiểm tra chữ ký số'));
  assert.ok(page.text.includes('Đã ký số hợp lệ — Nguyễn Văn An, Thành ủy Cần Thơ'), 'valid mark on the incoming page');
  assert.ok(page.text.includes('Phụ lục (bản quét).pdf</span> Chưa ký số — Chỉ có giá trị tham khảo'), 'the scan is for reference only');
  const today = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
  const book = await clerk.get(`/api/v1/registers/incoming?from=${today}&to=${today}`);
  assert.equal(book.status, 200, book.text);
  assert.match(book.text, /Chữ ký số: Hợp lệ/);
});

test('bad input: unknown parameters, missing files, documents out of sight', async () => {
  const admin = await as('admin');
  let r = await admin.post('/api/v1/signing/signers?x=1', { body: fileForm(pki.validP12, 'a.p12', { user_id: 1 }) });
  assert.equal(r.status, 400);
  r = await admin.post('/api/v1/signing/signers', { body: fileForm(Buffer.from(''), 'a.p12', { user_id: await userId('chanhvp') }) });
  assert.ok([400, 422].includes(r.status), r.text);
  r = await admin.post('/api/v1/signing/signers', { body: fileForm(pki.validP12, 'a.p12', { user_id: 'abc' }) });
  assert.equal(r.status, 422, r.text);
  r = await (await as('chuyenvien')).post('/api/v1/signing/verify', { body: fileForm(Buffer.from('hello'), 'x.pdf') });
  assert.equal(r.status, 415, r.text);
  r = await (await as('chanhvp')).post('/api/v1/outgoing/999999/digital-signature');
  assert.equal(r.status, 404, r.text);
  r = await (await as('chuyenvien')).get('/api/v1/attachments/999999/signature');
  assert.equal(r.status, 404, r.text);
});

test('a PDF stored is checked by a job: pending first, never "valid" before pdfsig has run', async () => {
  const s = await as('chuyenvien');
  let r = await s.post('/api/v1/outgoing', {
    json: { register_id: reg, doc_type: 'cong_van', subject: 'Về việc kiểm tra chữ ký của tệp đính kèm',
      body: 'Kính gửi các đồng chí.', secrecy: 'none', urgency: 'normal', recipients: [{ name: 'Sở Nội vụ' }] },
  });
  assert.equal(r.status, 201, r.text);
  const id = r.json().id;
  // A signed PDF (by a trusted key) uploaded as an ordinary attachment: the upload does not wait
  // for pdfsig; the first answer is "pending" or, if the workers were quick, the verdict.
  r = await s.post(`/api/v1/outgoing/${id}/attachments`, { body: fileForm(pki.tokenSign(pki.pdf, 'an'), 'Bản ký.pdf') });
  assert.equal(r.status, 201, r.text);
  const aid = r.json().id;
  const first = (await s.get(`/api/v1/attachments/${aid}/signature`)).json();
  assert.ok(['pending', 'valid'].includes(first.status), JSON.stringify(first));
  if (first.status === 'pending') {
    assert.equal(first.mark, 'Đang kiểm tra chữ ký số');
    assert.equal(first.reference_only, true);
  }
  const done = await until(async () => (await s.get(`/api/v1/attachments/${aid}/signature`)).json(), (j) => j.status !== 'pending');
  assert.equal(done.status, 'valid', JSON.stringify(done));
  const page = await s.get(`/outgoing/${id}`);
  assert.ok(page.text.includes('Bản ký.pdf</span> Đã ký số hợp lệ — Nguyễn Văn An'), 'the mark once checked');
});

test('Ký số holds no write lock while it renders and signs: a registration meanwhile takes < 100 ms', async () => {
  const id = await approvedWithPdf('Về việc đo thời gian vào sổ khi đang ký số');
  // The clerk works on a second server process over the same database: what is measured is the
  // database's one write lock, not which HTTP worker thread a connection landed on.
  const other = await spawnServe(srv.data, { args: ['--threads', '2', '--jobs', '1'] });
  try {
  const clerk = new Client(other.base);
  assert.equal((await clerk.login('vanthu', DEMO_PASSWORD)).status, 303);
  clerk.headers['x-csrf-token'] = await clerk.csrf('/');
  const signer = await as('chanhvp');
  const year = new Date().getFullYear();
  let n = 0;
  const register = async () => {
    const t0 = performance.now();
    const r = await clerk.post('/api/v1/incoming', {
      json: { issuer_name: 'Ban Tổ chức Thành ủy', code: `${++n}-CV/BTCTU`, doc_type: 'cong_van',
        issued_date: `${year}-01-05`, subject: `Văn bản đến vào sổ khi đang ký số ${n}`, duplicate_reason: 'thử ký số' },
    });
    assert.equal(r.status, 201, r.text);
    return performance.now() - t0;
  };
  await register(); // warm
  // The same registrations with nothing else going on: on a slow or loaded machine every request
  // is slower, and the bounds below grow with it (what is tested is that the signing does not
  // make a registration wait for it, not the machine's speed).
  const alone = [];
  for (let i = 0; i < 5; i++) alone.push(await register());
  alone.sort((a, b) => a - b);
  const base = alone[2];
  let signedAt = 0;
  const t0 = performance.now();
  const signing = signer.post(`/api/v1/outgoing/${id}/digital-signature`).then((r) => { signedAt = performance.now(); return r; });
  const times = [];
  const all = []; // with the one still waiting when the signing ended (before: the whole signing)
  // The render has begun after a few ms; registrations follow one another closely, since a
  // Ký số on an idle machine takes well under 200 ms.
  await new Promise((res) => setTimeout(res, 30));
  while (!signedAt && times.length < 40) {
    const ms = await register();
    all.push(ms);
    if (!signedAt) times.push(ms);
    await new Promise((res) => setTimeout(res, 10));
  }
  const r = await signing;
  assert.equal(r.status, 201, r.text);
  const total = signedAt - t0;
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`# Ký số took ${total.toFixed(0)} ms; registrations meanwhile: ${all.map((x) => x.toFixed(0)).join(', ')} ms (alone: ${base.toFixed(0)} ms)`);
  assert.ok(times.length >= 1, `registrations during the signing: ${times.length} (Ký số took ${total.toFixed(0)} ms)`);
  assert.ok(median < Math.max(100, 3 * base), `median registration during Ký số: ${median.toFixed(0)} ms (alone ${base.toFixed(0)} ms)`);
  assert.ok(times[times.length - 1] < Math.max(400, 8 * base), `slowest registration during Ký số: ${times[times.length - 1].toFixed(0)} ms (alone ${base.toFixed(0)} ms)`);
  } finally {
    other.proc.kill('SIGTERM');
    await other.exited;
  }
});

// The NSS database's nicknames (certutil -L), to see a key truly leave the server's key store.
function nssNicks(data) {
  const r = spawnSync('certutil', ['-L', '-d', `sql:${join(data, 'nss')}`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').slice(4).map((l) => l.replace(/\s+\S+\s*$/, '').trim()).filter(Boolean);
}

test('the admin removes a signer\'s key and a CA: confirmed, audited, gone from the key store; signatures made stay', async () => {
  const admin = await as('admin');
  // A document signed with chanhvp's key "an" before the removal.
  const id = await approvedWithPdf('Về việc ký trước khi gỡ khóa');
  const boss = await as('chanhvp');
  let r = await boss.post(`/api/v1/outgoing/${id}/digital-signature`);
  assert.equal(r.status, 201, r.text);
  const signedAtt = r.json().attachment_id;
  const creds = (await admin.get('/api/v1/signing/credentials')).json().items;
  const an = creds.find((c) => c.kind === 'signer' && /Nguyễn Văn An/.test(c.subject));
  const ca = creds.find((c) => c.kind === 'ca' && /CA thử nghiệm Văn phòng/.test(c.subject));
  assert.ok(an && ca, 'both imported');
  assert.ok(nssNicks(srv.data).includes('an'), 'the key is in the store before');

  // Only the admin; an unknown id is 404.
  for (const login of ['chanhvp', 'vanthu', 'chuyenvien', 'thuongtruc']) {
    r = await (await as(login)).post(`/api/v1/signing/credentials/${an.id}/remove`);
    assert.equal(r.status, 403, `${login}: ${r.text}`);
  }
  r = await admin.post('/api/v1/signing/credentials/999999/remove');
  assert.equal(r.status, 404, r.text);
  assert.match(r.json().error.message, /Không tìm thấy chứng thư số/);
  r = await admin.post(`/api/v1/signing/credentials/${an.id}/remove`, { json: { lý_do: 'x' } });
  assert.equal(r.status, 400, 'unknown parameters refused');

  // The page: a button per row that asks before acting.
  let page = await admin.get('/admin/signing');
  assert.match(page.text, new RegExp(`action="/admin/signing/credentials/${an.id}/remove"[^]*?data-confirm="[^"]*Gỡ khóa`));
  const csrf = page.text.match(/name="csrf" value="([^"]+)"/)[1];
  r = await admin.post(`/admin/signing/credentials/${an.id}/remove`, { form: { csrf } });
  assert.equal(r.status, 303, r.text);
  page = await admin.follow(r);
  assert.match(page.text, /Đã gỡ chứng thư số/);
  assert.match(page.text, /Chứng thư đã gỡ[^]*CN=Nguyễn Văn An/);
  assert.ok(!nssNicks(srv.data).includes('an'), 'the key left the store (certutil -F)');
  // Twice: 409.
  r = await admin.post(`/api/v1/signing/credentials/${an.id}/remove`);
  assert.equal(r.status, 409, r.text);
  const after = (await admin.get('/api/v1/signing/credentials')).json();
  assert.ok(!after.items.some((c) => c.id === an.id), 'no longer active');
  const gone = after.removed.find((c) => c.id === an.id);
  assert.ok(gone && gone.removed_at && gone.removed_by, JSON.stringify(after.removed));
  // Audited.
  const audit = (await admin.get('/api/v1/audit?action=signing.remove')).json();
  const items = audit.items ?? audit;
  assert.ok(JSON.stringify(items).includes('signing.remove'), JSON.stringify(audit).slice(0, 400));
  // The signature made before stays valid history.
  const sig = (await boss.get(`/api/v1/attachments/${signedAtt}/signature`)).json();
  assert.equal(sig.status, 'valid');
  // A token-signed PDF with the removed certificate is no longer matched to chanhvp.
  const id2 = await approvedWithPdf('Về việc tải bản ký sau khi gỡ khóa');
  r = await boss.post(`/api/v1/outgoing/${id2}/signed-file`, { body: fileForm(pki.tokenSign(pki.pdf, 'an'), 'ky.pdf') });
  assert.equal(r.status, 422, r.text);
  assert.match(r.json().error.message, /Nguyễn Văn An/);

  // The CA: removed through the API; a fresh check of an "an"-signed PDF is no longer trusted.
  r = await admin.post(`/api/v1/signing/credentials/${ca.id}/remove`);
  assert.equal(r.status, 200, r.text);
  assert.ok(!nssNicks(srv.data).some((n) => n.startsWith('vp-ca-') && ca.fingerprint.replace(/:/g, '').startsWith(n.slice(6))), 'the CA left the store');
  const v = await verifyBytes(pki.tokenSign(pki.pdf, 'an'));
  assert.equal(v.status, 'untrusted', JSON.stringify(v));
  // Imported again: the old row comes back (signatures name it), active.
  r = await admin.post('/api/v1/signing/cas', { body: fileForm(pki.caPem, 'ca.pem') });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json().id, ca.id);
  assert.equal((await verifyBytes(pki.tokenSign(pki.pdf, 'an'))).status, 'valid');
});

test('a USB-token signer\'s certificate is registered without key: uploads signed with it are matched; it never signs on the server', async () => {
  const admin = await as('admin');
  const chanhvp = await userId('chanhvp');
  let r = await (await as('chanhvp')).post('/api/v1/signing/token-certificates', { body: fileForm(pki.otherPem, 'binh.pem', { user_id: chanhvp }) });
  assert.equal(r.status, 403, r.text);
  r = await admin.post('/api/v1/signing/token-certificates', { body: fileForm(Buffer.from('không phải chứng thư'), 'x.pem', { user_id: chanhvp }) });
  assert.equal(r.status, 422, r.text);
  r = await admin.post('/api/v1/signing/token-certificates', { body: fileForm(pki.otherPem, 'binh.pem') });
  assert.equal(r.status, 422, r.text);
  assert.match(r.json().error.message, /Hãy chọn tài khoản người ký/);
  // Through the page form, as the administrator would.
  const page = await admin.get('/admin/signing');
  const csrf = page.text.match(/name="csrf" value="([^"]+)"/)[1];
  r = await admin.post('/admin/signing/token-cert', { body: fileForm(pki.otherPem, 'binh.pem', { csrf, user_id: chanhvp }) });
  assert.equal(r.status, 303, r.text);
  const creds = (await admin.get('/api/v1/signing/credentials')).json().items;
  const binh = creds.find((c) => /Lê Thị Bình/.test(c.subject));
  assert.ok(binh, 'registered');
  assert.equal(binh.kind, 'signer');
  assert.equal(binh.has_key, false);
  assert.equal(binh.user_id, chanhvp);
  assert.match((await admin.get('/admin/signing')).text, /Người ký \(USB token, chỉ chứng thư\)[^]*?Lê Thị Bình/);
  r = await admin.post('/api/v1/signing/token-certificates', { body: fileForm(pki.otherPem, 'binh.pem', { user_id: chanhvp }) });
  assert.equal(r.status, 409, r.text);
  // The upload signed with that token is now the signer's own.
  const id = await approvedWithPdf('Về việc ký bằng USB token đã đăng ký');
  r = await (await as('chanhvp')).post(`/api/v1/outgoing/${id}/signed-file`, { body: fileForm(pki.tokenSign(pki.pdf, 'binh'), 'ky.pdf') });
  assert.equal(r.status, 201, r.text);
  // Ký số on the server never picks the key-less certificate.
  const id2 = await approvedWithPdf('Về việc ký số trên máy chủ sau khi đăng ký token');
  r = await (await as('chanhvp')).post(`/api/v1/outgoing/${id2}/digital-signature`);
  assert.equal(r.status, 201, r.text);
  const sig = await until(async () => (await (await as('chanhvp')).get(`/api/v1/attachments/${r.json().attachment_id}/signature`)).json(), (x) => x.status !== 'pending');
  assert.equal(sig.status, 'valid');
  assert.notEqual(sig.signer, 'Lê Thị Bình');
  // Removed like any credential: no certutil run needed (nothing in the key store).
  r = await admin.post(`/api/v1/signing/credentials/${binh.id}/remove`);
  assert.equal(r.status, 200, r.text);
});
