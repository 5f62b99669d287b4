// Issue 18 end to end: edXML over the transport between two installations on loopback, real
// servers and data dirs. A over plain http (loopback only), B over HTTPS with a throw-away CA
// made with openssl (as tests/http/peers.test.mjs). Each admin configures the other as a peer;
// an outgoing document issued at A to the outside body "Thành ủy B" travels as an edXML package,
// lands in B's electronic queue, and every step of B's clerk and handlers comes back to A's
// recipient row as an edXML status (01, 03, 05, 06); B down → the delivery waits and completes
// once; Mật over a channel that is not encrypted is refused at issue; a recall reaches B (13),
// or, once registered, becomes a request B's clerk refuses (16); B's reply to A's document
// closes B's follow-up and shows at A linked to the document it answers (ResponseFor); B's
// clerk refuses a waiting document (02).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import http from 'node:http';
import https from 'node:https';
import { BIN, baseEnv, cli, makeDemoData, spawnServe, sanitizerReport, Client, dbEnv } from './lib.mjs';
import { makeCA } from './tls_lib.mjs';

const ORGAN_A = '000.00.00.A18';
const ORGAN_B = '000.00.00.B18';
const NAME_A = 'Thành ủy A (liên thông)';
const NAME_B = 'Thành ủy B (liên thông)';
let A, B, tlsDir, caPem, portB, procB;
const procs = [];
const tokens = { A: {}, B: {} };

async function startB(listen) {
  const proc = spawn(BIN, ['serve', '--data', B.data, '--listen', listen, '--jobs', '1',
    '--tls-cert', join(tlsDir, 'srv.pem'), '--tls-key', join(tlsDir, 'srv.key')],
  { env: baseEnv(dbEnv(B.data)), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  proc.stderr.on('data', (d) => { err += d; });
  const exited = new Promise((r) => proc.on('exit', (code, signal) => r({ code, signal })));
  const port = await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`B did not start\n${err}`)), 30000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on https:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) { clearTimeout(t); resolve(Number(m[1])); }
    });
    exited.then(() => { clearTimeout(t); reject(new Error(`B exited\n${err}`)); });
  });
  const p = { proc, exited, stderr: () => err };
  procs.push(p);
  return { port, p };
}

async function stopProc(p) {
  p.proc.kill('SIGTERM');
  const { code } = await p.exited;
  assert.ok(!sanitizerReport(p.stderr()), p.stderr());
  assert.equal(code, 0, p.stderr());
}

// One API call as a demo login of installation 'A' (http) or 'B' (https, the test CA).
function call(inst, login, method, path, json) {
  const token = tokens[inst][login];
  assert.ok(token, `no token for ${login}@${inst}`);
  const body = json === undefined ? undefined : Buffer.from(JSON.stringify(json));
  const opts = {
    host: '127.0.0.1', port: inst === 'B' ? portB : A.port, path, method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
  };
  if (inst === 'B') opts.ca = caPem;
  return new Promise((resolve, reject) => {
    const req = (inst === 'B' ? https : http).request(opts, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode, text, json: () => JSON.parse(text) });
      });
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}
const get = (inst, login, path) => call(inst, login, 'GET', path);
const post = (inst, login, path, json = {}) => call(inst, login, 'POST', path, json);

async function waitFor(what, fn, ms = 90000) { // generous: a slow machine
  const end = Date.now() + ms;
  let last;
  for (;;) {
    try { last = await fn(); } catch (e) { last = undefined; if (Date.now() > end) throw e; }
    if (last) return last;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

const LOGINS = ['admin', 'vanthu', 'chanhvp', 'chuyenvien'];

before(async () => {
  tlsDir = mkdtempSync(join(tmpdir(), 'vanphong-tls-'));
  caPem = makeCA(tlsDir);
  const a = makeDemoData();
  B = makeDemoData();
  for (const [inst, d] of [['A', a.data], ['B', B.data]]) {
    for (const login of LOGINS) {
      const t = cli(['token', 'create', '--data', d, '--login', login]);
      assert.equal(t.status, 0, t.stderr);
      tokens[inst][login] = t.stdout.trim();
    }
  }
  ({ port: portB, p: procB } = await startB('127.0.0.1:0'));
  const s = await spawnServe(a.data);
  A = { ...a, ...s, port: Number(new URL(s.base).port) };
  procs.push({ proc: s.proc, exited: s.exited, stderr: s.stderr });
});

after(async () => {
  for (const p of procs) { if (p.proc.exitCode === null && p.proc.signalCode === null) p.proc.kill('SIGTERM'); }
  await Promise.all(procs.map((p) => p.exited));
  for (const d of [A?.dir, B?.dir, tlsDir]) if (d) rmSync(d, { recursive: true, force: true });
  // Leaks show at exit (LeakSanitizer under make asan's binary).
  for (const p of procs) assert.ok(!sanitizerReport(p.stderr()), p.stderr());
});

let registerA, registerB;

// The office (Văn phòng Thành ủy: vanthu's unit) takes the installation's organ id, so the
// packages it issues say From = the organ the transport authenticates.
async function configure(inst, organ) {
  const me = (await get(inst, 'vanthu', '/api/v1/me')).json();
  const unitId = me.unit.id;
  assert.ok(unitId, JSON.stringify(me));
  let r = await call(inst, 'admin', 'PATCH', `/api/v1/units/${unitId}`, { organ_id: organ });
  assert.equal(r.status, 200, r.text);
  r = await post(inst, 'admin', '/api/v1/peers/self', { organ_id: organ });
  assert.equal(r.status, 200, r.text);
  const pk = r.json().public_key;
  for (const [key, value] of [['peers.retry_first_s', 1], ['peers.retry_max_s', 2]]) {
    r = await post(inst, 'admin', '/api/v1/rules', { key, value });
    assert.equal(r.status, 200, r.text);
  }
  const regs = (await get(inst, 'vanthu', '/api/v1/catalog/registers')).json().items;
  return { pk, reg: regs.find((x) => x.issuer_abbr === 'VPTU').id };
}

async function draftIssue(inst, { subject, secrecy = 'none', to, extra = {}, expect = 200 }) {
  const r0 = await post(inst, 'chuyenvien', '/api/v1/outgoing', {
    register_id: inst === 'A' ? registerA : registerB, doc_type: 'cong_van', subject,
    body: `${subject}.\nĐề nghị quý cơ quan phối hợp thực hiện.`, secrecy, urgency: 'normal',
    recipients: [{ name: to }], ...extra,
  });
  assert.equal(r0.status, 201, r0.text);
  const id = r0.json().id;
  assert.equal((await post(inst, 'chanhvp', `/api/v1/outgoing/${id}/approve`)).status, 200);
  assert.equal((await post(inst, 'chanhvp', `/api/v1/outgoing/${id}/sign`)).status, 200);
  const r = await post(inst, 'vanthu', `/api/v1/outgoing/${id}/issue`);
  assert.equal(r.status, expect, r.text);
  return { id, r };
}

const recipientA = async (id) => (await get('A', 'vanthu', `/api/v1/outgoing/${id}`)).json().recipients.find((x) => x.name === NAME_B);
const waitStatusA = (id, code) => waitFor(`status ${code} at A`, async () => {
  const rr = await recipientA(id);
  return rr && rr.status_code === code ? rr : null;
});
const queueB = async (subject) => (await get('B', 'vanthu', '/api/v1/inbox?all=1')).json().items.filter((x) => x.subject === subject);

test('issue 18: A issues to B, B registers, assigns, finishes; statuses come back; B down; Mật; recall', async () => {
  const a = await configure('A', ORGAN_A);
  const b = await configure('B', ORGAN_B);
  registerA = a.reg;
  registerB = b.reg;
  let r = await post('A', 'admin', '/api/v1/peers', { name: NAME_B, organ_id: ORGAN_B, base_url: `https://127.0.0.1:${portB}`, public_key: b.pk, ca_pem: caPem });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json().encrypted, true);
  r = await post('B', 'admin', '/api/v1/peers', { name: NAME_A, organ_id: ORGAN_A, base_url: A.base, public_key: a.pk });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json().encrypted, false);

  // The draft form offers the configured peers' organs by name.
  const specA = new Client(A.base);
  assert.equal((await specA.login('chuyenvien')).status, 303);
  const form = await specA.get('/outgoing/new');
  assert.equal(form.status, 200);
  assert.ok(form.text.includes(`name="to_peer" value="${NAME_B}"`), 'the peer offered as a recipient');

  // 1. Issued at A to the outside body that is B: sent electronically, an edXML package queued.
  const subject1 = 'Về việc phối hợp tổ chức hội nghị liên tịch quý IV';
  const { id: id1 } = await draftIssue('A', { subject: subject1, to: NAME_B });
  let row = await recipientA(id1);
  assert.equal(row.method, 'electronic', JSON.stringify(row));
  const out = (await get('A', 'admin', '/api/v1/peers/outbox')).json().items.filter((m) => m.kind === 'edxml.package');
  assert.equal(out.length, 1, JSON.stringify(out));

  // 2. B's clerk finds it in the queue; A sees 01.
  const [q1] = await waitFor('the package in B\'s queue', async () => { const v = await queueB(subject1); return v.length ? v : null; });
  assert.ok(q1.from_name, JSON.stringify(q1));
  row = await waitStatusA(id1, '01');
  assert.equal(row.status_label, 'Đã đến');

  // 3. B registers → 03; assigns → 05; the handler finishes → 06, each back at A.
  r = await post('B', 'vanthu', '/api/v1/incoming', { inbox_id: q1.id });
  assert.equal(r.status, 201, r.text);
  const inB = r.json().id;
  // Registered: accepted (03), then with B's leaders to route (04 chờ phân công), both told.
  row = await waitStatusA(id1, '04');
  assert.equal(row.status_label, 'Chờ phân công');
  assert.deepEqual(row.timeline.map((x) => x.code), ['01', '03', '04'], JSON.stringify(row.timeline));
  assert.equal(row.timeline[1].label, 'Đã tiếp nhận');
  const spec = (await get('B', 'chuyenvien', '/api/v1/me')).json();
  const specId = spec.id;
  r = await post('B', 'chanhvp', `/api/v1/incoming/${inB}/assign`, { lead_user_id: specId, instruction: 'Chuẩn bị nội dung phối hợp.' });
  assert.ok(r.status === 200 || r.status === 201, r.text);
  row = await waitStatusA(id1, '05');
  assert.equal(row.status_label, 'Đã phân công, đang xử lý');
  r = await post('B', 'chuyenvien', `/api/v1/incoming/${inB}/progress`, { action: 'done', note: 'Đã thống nhất nội dung hội nghị.' });
  assert.equal(r.status, 200, r.text);
  row = await waitStatusA(id1, '06');
  assert.equal(row.status_label, 'Đã xử lý xong');
  // Every step once, in order, each dated; B queued each status exactly once.
  assert.deepEqual(row.timeline.map((x) => x.code), ['01', '03', '04', '05', '06'], JSON.stringify(row.timeline));
  assert.ok(row.timeline.every((x) => /^\d{4}-\d\d-\d\dT/.test(x.at)), JSON.stringify(row.timeline));
  const statusesB = (await get('B', 'admin', '/api/v1/peers/outbox')).json().items.filter((m) => m.kind === 'edxml.status');
  assert.equal(statusesB.length, 5, JSON.stringify(statusesB.map((m) => m.msg_id)));
  // The sender's page shows it too.
  const clerkA = new Client(A.base);
  assert.equal((await clerkA.login('vanthu')).status, 303);
  const page = await clerkA.get(`/outgoing/${id1}`);
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`${NAME_B.replace(/[()]/g, '\\$&')}[^]*Đã xử lý xong`));

  // 4. B down: the package waits at A; B back: delivered, once.
  await stopProc(procB);
  const subject2 = 'Về việc cung cấp số liệu tổng kết công tác năm';
  const { id: id2 } = await draftIssue('A', { subject: subject2, to: NAME_B });
  await waitFor('a failed attempt', async () => {
    const o = (await get('A', 'admin', '/api/v1/peers/outbox?state=queued')).json().items;
    return o.some((m) => m.kind === 'edxml.package' && m.attempts >= 1 && m.last_error);
  });
  ({ p: procB } = await startB(`127.0.0.1:${portB}`));
  await waitFor('the second package in B\'s queue', async () => (await queueB(subject2)).length === 1);
  await waitStatusA(id2, '01');
  await new Promise((res) => setTimeout(res, 2500));
  assert.equal((await queueB(subject2)).length, 1, 'nothing duplicated');
  const pk = (await get('A', 'admin', '/api/v1/peers/outbox')).json().items.filter((m) => m.kind === 'edxml.package');
  assert.equal(pk.length, 2, JSON.stringify(pk));
  assert.ok(pk.every((m) => m.state === 'delivered'), JSON.stringify(pk));

  // 5. Mật over a channel that is not encrypted (B → A is plain http): refused at issue, the
  // rule cited, nothing issued nor queued.
  // (packages only: B's background may queue a status message back to A at any moment)
  const packagesB = async () => (await get('B', 'admin', '/api/v1/peers/outbox')).json().items.filter((m) => m.kind === 'edxml.package').length;
  const before = await packagesB();
  const { id: secretId, r: refused } = await draftIssue('B', { subject: 'Về công tác bảo vệ chính trị nội bộ', secrecy: 'mat', to: NAME_A, expect: 422 });
  assert.match(refused.json().error.message, /Mật/);
  assert.match(refused.json().error.message, /217-QĐ\/TW/);
  assert.equal((await get('B', 'vanthu', `/api/v1/outgoing/${secretId}`)).json().status, 'signed');
  assert.equal(await packagesB(), before);

  // 6. A recall from A: B's waiting copy is recalled (13), and A hears 13.
  const subject3 = 'Về việc điều chỉnh lịch làm việc của đoàn công tác';
  const { id: id3 } = await draftIssue('A', { subject: subject3, to: NAME_B });
  await waitFor('the third package in B\'s queue', async () => (await queueB(subject3)).length === 1);
  await waitStatusA(id3, '01');
  r = await post('A', 'vanthu', `/api/v1/outgoing/${id3}/recall`, { reason: 'Lịch làm việc thay đổi, sẽ có văn bản khác.' });
  assert.equal(r.status, 200, r.text);
  await waitFor('13 in B\'s queue', async () => {
    const [q] = await queueB(subject3);
    return q && q.status_code === '13';
  });
  row = await waitStatusA(id3, '13');
  assert.equal(row.status_label, 'Thu hồi');

  // 7. A recall of a document B has registered: a request for B's clerk, refused (16) → A hears 16.
  const subject4 = 'Về việc góp ý dự thảo quy chế phối hợp';
  const { id: id4 } = await draftIssue('A', { subject: subject4, to: NAME_B });
  const [q4] = await waitFor('the fourth package in B\'s queue', async () => { const v = await queueB(subject4); return v.length ? v : null; });
  r = await post('B', 'vanthu', '/api/v1/incoming', { inbox_id: q4.id });
  assert.equal(r.status, 201, r.text);
  await waitStatusA(id4, '04');
  r = await post('A', 'vanthu', `/api/v1/outgoing/${id4}/recall`, { reason: 'Dự thảo quy chế sẽ gửi lại sau.' });
  assert.equal(r.status, 200, r.text);
  const req = await waitFor('the recall request at B', async () => {
    const items = (await get('B', 'vanthu', '/api/v1/edxml/requests')).json().items;
    return items.find((x) => x.business === 'recall');
  });
  r = await post('B', 'vanthu', `/api/v1/edxml/requests/${req.id}/decide`, { decision: 'refuse', note: 'Văn bản đã giao xử lý, đề nghị giữ nguyên.' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().edxml_status, '16');
  row = await waitStatusA(id4, '16');
  assert.equal(row.status_label, 'Không đồng ý thu hồi, cập nhật, thay thế');

  // 8. B answers A's second document with a reply (the existing reply link): B's follow-up of
  // the record closes with the reply's number (in-process, as for any reply), A hears 06, and
  // the reply carries ResponseFor: it lands in A's queue and A's document shows it in its trace.
  const [q2] = await queueB(subject2);
  r = await post('B', 'vanthu', '/api/v1/incoming', { inbox_id: q2.id });
  assert.equal(r.status, 201, r.text);
  const inB2 = r.json().id;
  r = await post('B', 'chanhvp', `/api/v1/incoming/${inB2}/assign`, { lead_user_id: specId, instruction: 'Dự thảo văn bản trả lời.' });
  assert.ok(r.status === 200 || r.status === 201, r.text);
  await waitStatusA(id2, '05');
  const subject5 = 'V/v trả lời về việc cung cấp số liệu tổng kết công tác năm';
  const { r: issued5 } = await draftIssue('B', { subject: subject5, to: NAME_A, extra: { reply_to_id: inB2 } });
  const rec2 = (await get('B', 'vanthu', `/api/v1/incoming/${inB2}`)).json();
  assert.equal(rec2.status, 'done');
  assert.equal(rec2.reply_code, issued5.json().notation);
  await waitStatusA(id2, '06');
  await waitFor('the reply in A\'s queue', async () => (await get('A', 'vanthu', '/api/v1/inbox')).json().items.some((x) => x.subject === subject5));
  await waitFor('the reply linked on A\'s document', async () => {
    const p = await clerkA.get(`/outgoing/${id2}`);
    return p.text.includes('Nhận văn bản trả lời từ cơ quan nhận') && p.text.includes(subject5) && p.text.includes(issued5.json().notation);
  });
  // A's wait for B ends with it (the same call as a reply inside the tree): B's row is marked
  // answered, linked to the reply in A's queue, and the drafter is told.
  const answered = await recipientA(id2);
  assert.equal(answered.reply.code, issued5.json().notation, JSON.stringify(answered));
  assert.ok(answered.reply.inbox_id > 0, JSON.stringify(answered));
  const pageA2 = (await clerkA.get(`/outgoing/${id2}`)).text;
  assert.match(pageA2, new RegExp(`Đã trả lời: <a href="/incoming/inbox/${answered.reply.inbox_id}">`));
  const notesA = (await get('A', 'chuyenvien', '/api/v1/notifications')).json().items;
  assert.ok(notesA.some((x) => x.text.includes('Nơi nhận đã trả lời') && x.text.includes(issued5.json().notation)), JSON.stringify(notesA.slice(0, 3)));

  // 9. B's clerk refuses a waiting document (02, with the reason): A hears 02; bad input first.
  const subject6 = 'Về việc đề nghị cử cán bộ tham gia đoàn kiểm tra';
  const { id: id6 } = await draftIssue('A', { subject: subject6, to: NAME_B });
  const [q6] = await waitFor('the sixth package in B\'s queue', async () => { const v = await queueB(subject6); return v.length ? v : null; });
  await waitStatusA(id6, '01');
  r = await post('B', 'vanthu', `/api/v1/inbox/${q6.id}/refuse`, { reason: '' });
  assert.ok([400, 422].includes(r.status), r.text);
  assert.equal((await queueB(subject6))[0].status_code, '01', 'nothing refused on bad input');
  r = await post('B', 'vanthu', `/api/v1/inbox/${q6.id}/refuse`, { reason: 'Không thuộc thẩm quyền của Thành ủy B.' });
  assert.equal(r.status, 200, r.text);
  row = await waitStatusA(id6, '02');
  assert.equal(row.status_label, 'Từ chối tiếp nhận');

  // 11. "Gửi cập nhật" (edXML business 2) to B: applied to B's waiting queue row, then to the
  // record B registered (history on its page, the trace), each answered 15 at A.
  const subject8 = 'Về việc tổ chức hội thảo khoa học';
  const { id: id8 } = await draftIssue('A', { subject: subject8, to: NAME_B });
  const [q8] = await waitFor('the eighth package in B\'s queue', async () => { const v = await queueB(subject8); return v.length ? v : null; });
  await waitStatusA(id8, '01');
  r = await post('A', 'vanthu', `/api/v1/outgoing/${id8}/update`, { subject: `${subject8} năm 2026`, reason: '' });
  assert.equal(r.status, 422, r.text);
  r = await post('A', 'vanthu', `/api/v1/outgoing/${id8}/update`, { subject: `${subject8} năm 2026`, reply_due: '2030-03-10', reason: 'Bổ sung năm tổ chức' });
  assert.equal(r.status, 200, r.text);
  await waitFor('the update applied to B\'s waiting row', async () => {
    const v = (await get('B', 'vanthu', '/api/v1/inbox?all=1')).json().items.find((x) => x.id === q8.id);
    return v && v.subject === `${subject8} năm 2026` && v.due_date === '2030-03-10';
  });
  row = await waitStatusA(id8, '15');
  assert.ok(row.timeline.some((x) => x.code === '15'), JSON.stringify(row.timeline));
  r = await post('B', 'vanthu', '/api/v1/incoming', { inbox_id: q8.id });
  assert.equal(r.status, 201, r.text);
  const inB8 = r.json().id;
  await waitStatusA(id8, '04');
  r = await post('A', 'vanthu', `/api/v1/outgoing/${id8}/update`, { signer: 'Trần Văn Năm', reason: 'Đính chính người ký' });
  assert.equal(r.status, 200, r.text);
  const rec8 = await waitFor('the update applied to B\'s record', async () => {
    const v = (await get('B', 'vanthu', `/api/v1/incoming/${inB8}`)).json();
    return v.signer === 'Trần Văn Năm' ? v : null;
  });
  assert.equal(rec8.subject, `${subject8} năm 2026`);
  // B's leaders who route the record are told what changed and why (the page's history
  // panel is checked in tests/http/edxml_update.test.mjs).
  const notesB = (await get('B', 'chanhvp', '/api/v1/notifications')).json().items;
  assert.ok(notesB.some((n) => n.text.includes('Đính chính người ký') && n.text.includes('Trần Văn Năm') && n.text.includes(NAME_A)), JSON.stringify(notesB.slice(0, 3)));
  // A file added with an update (the page form, multipart) reaches B's registered record.
  const fd8 = new FormData();
  fd8.append('csrf', await clerkA.csrf(`/outgoing/${id8}`));
  fd8.append('reason', 'Gửi kèm chương trình hội thảo');
  fd8.append('file', new Blob(['Chương trình hội thảo khoa học.\n'], { type: 'text/plain' }), 'chuong-trinh-hoi-thao.txt');
  r = await clerkA.post(`/outgoing/${id8}/update`, { body: fd8 });
  assert.equal(r.status, 303, r.text);
  assert.match((await clerkA.follow(r)).text, /Đã gửi cập nhật đến các nơi nhận/);
  await waitFor('the added file on B\'s record', async () => {
    const v = (await get('B', 'vanthu', `/api/v1/incoming/${inB8}`)).json();
    return (v.attachments || []).some((f) => f.filename === 'chuong-trinh-hoi-thao.txt');
  });
  // A recalled document sends no update.
  r = await post('A', 'vanthu', `/api/v1/outgoing/${id8}/recall`, { reason: 'Hoãn hội thảo.' });
  assert.equal(r.status, 200, r.text);
  r = await post('A', 'vanthu', `/api/v1/outgoing/${id8}/update`, { subject: 'Khác', reason: 'Thử' });
  assert.equal(r.status, 409, r.text);

  // 10. The issuing unit's organ id must be the installation's (the receiver would refuse a
  // package From another organ): refused at issue, nothing issued nor queued.
  r = await post('A', 'admin', '/api/v1/peers/self', { organ_id: '000.00.00.A99' });
  assert.equal(r.status, 200, r.text);
  const queuedBefore = (await get('A', 'admin', '/api/v1/peers/outbox')).json().items.length;
  const { id: id7, r: mismatch } = await draftIssue('A', { subject: 'Về việc thử mã định danh', to: NAME_B, expect: 422 });
  assert.match(mismatch.json().error.message, /khác mã định danh của hệ thống/);
  assert.equal((await get('A', 'vanthu', `/api/v1/outgoing/${id7}`)).json().status, 'signed');
  assert.equal((await get('A', 'admin', '/api/v1/peers/outbox')).json().items.length, queuedBefore);

  for (const p of procs) assert.ok(!sanitizerReport(p.stderr()), `no sanitizer report\n${p.stderr()}`);
});
