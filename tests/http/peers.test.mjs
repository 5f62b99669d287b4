// The transport between installations (issue 18, src/peers/): two installations on loopback,
// A over plain http (loopback only) and B over HTTPS (`serve --tls-cert/--tls-key`, a throw-away
// CA made with openssl that A is told to trust). They are configured as each other's peers
// through the admin API; a ping is delivered and answered ("pong", signed); B is stopped, a
// message queued, B restarted, and the delivery completes — once. Crafted envelopes (signed in
// this test with the installations' own keys) show the refusals: bad signature, tampered body,
// unknown peer, stale, unknown kind — and a replay answered the same, never run twice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import https from 'node:https';
import crypto from 'node:crypto';
import { BIN, baseEnv, cli, makeDemoData, spawnServe, Client, DEMO_PASSWORD, sanitizerReport, dbEnv } from './lib.mjs';
import { makeCA } from './tls_lib.mjs';

const ORGAN_A = '000.00.00.A01';
const ORGAN_B = '000.00.00.B01';
let A, B, tlsDir, caPem, tokenB, portB, procB, pkA, pkB, peerBId;
const procs = [];

// ---- B: https, reached with the throw-away CA --------------------------------------------

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

function httpsReq(method, path, { json, headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const body = json === undefined ? undefined : Buffer.from(JSON.stringify(json));
    const req = https.request({
      host: '127.0.0.1', port: portB, path, method, ca: caPem,
      headers: { authorization: `Bearer ${tokenB}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    }, (res) => {
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

// ---- envelopes made here, signed with an installation's own key ---------------------------

function keyOf(data) {
  const seed = Buffer.from(readFileSync(join(data, 'keys', 'peer.key'), 'utf8').trim(), 'hex');
  return crypto.createPrivateKey({
    key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8',
  });
}
function pubOf(b64) {
  return crypto.createPublicKey({
    key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(b64, 'base64')]), format: 'der', type: 'spki',
  });
}
const sha = (b) => crypto.createHash('sha256').update(b).digest('hex');

function envelope(key, { id = crypto.randomBytes(16).toString('hex'), from = ORGAN_B, to = ORGAN_A, kind = 'peers.ping',
  created, sent, body = Buffer.from('ping') } = {}) {
  const now = Math.floor(Date.now() / 1000);
  created ??= now; sent ??= now;
  const text = `vanphong-peer-v1\n${id}\n${from}\n${to}\n${kind}\n${created}\n${sent}\n${sha(body)}\n`;
  const sig = crypto.sign(null, Buffer.from(text), key).toString('base64');
  return { env: { v: 1, id, from, to, kind, created, sent, body_sha256: sha(body), sig }, body };
}

async function postInbox(base, env, body) {
  const fd = new FormData();
  fd.append('envelope', JSON.stringify(env));
  fd.append('body', new Blob([body]), 'body.bin');
  const res = await fetch(`${base}/peer/inbox`, { method: 'POST', body: fd });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) };
}

async function waitFor(what, fn, ms = 90000) { // generous: a slow machine
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

before(async () => {
  tlsDir = mkdtempSync(join(tmpdir(), 'vanphong-tls-'));
  caPem = makeCA(tlsDir);
  const a = makeDemoData();
  const b = makeDemoData();
  B = b;
  const t = cli(['token', 'create', '--data', b.data, '--login', 'admin']);
  assert.equal(t.status, 0, t.stderr);
  tokenB = t.stdout.trim();
  ({ port: portB, p: procB } = await startB('127.0.0.1:0'));
  const s = await spawnServe(a.data);
  A = { ...a, ...s };
  procs.push({ proc: s.proc, exited: s.exited, stderr: s.stderr });
});

after(async () => {
  for (const p of procs) { if (p.proc.exitCode === null && p.proc.signalCode === null) p.proc.kill('SIGTERM'); }
  await Promise.all(procs.map((p) => p.exited));
  for (const p of procs) assert.ok(!sanitizerReport(p.stderr()), p.stderr());
  for (const d of [A?.dir, B?.dir, tlsDir]) if (d) rmSync(d, { recursive: true, force: true });
});

async function adminA() {
  const c = new Client(A.base);
  const r = await c.login('admin', DEMO_PASSWORD);
  assert.equal(r.status, 303);
  c.headers['x-csrf-token'] = await c.csrf('/');
  return c;
}

test('two installations: configure, ping over HTTPS, survive the receiver being down', async () => {
  const ca = await adminA();
  // identities: organ ids set by each admin; keys shown by the API and by `vanphong peer-key`
  let r = await ca.post('/api/v1/peers/self', { json: { organ_id: ORGAN_A } });
  assert.equal(r.status, 200, r.text);
  pkA = r.json().public_key;
  assert.equal(Buffer.from(pkA, 'base64').length, 32);
  r = await httpsReq('POST', '/api/v1/peers/self', { json: { organ_id: ORGAN_B } });
  assert.equal(r.status, 200, r.text);
  pkB = r.json().public_key;
  const pk = cli(['peer-key', '--data', B.data]);
  assert.equal(pk.status, 0, pk.stderr);
  assert.match(pk.stdout, new RegExp(`organ_id: ${ORGAN_B.replace(/\./g, '\\.')}\\npublic_key: ${pkB.replace(/[+/]/g, '\\$&')}`));

  // bad input refused with the field named, nothing saved (the demo has one peer already)
  const n0 = (await ca.get('/api/v1/peers')).json().items.length;
  r = await ca.post('/api/v1/peers', { json: { name: 'Sai', organ_id: ORGAN_B, base_url: `https://127.0.0.1:${portB}`, public_key: 'abc' } });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json().error.field, 'public_key');
  assert.match(r.json().error.message, /Khóa công khai không hợp lệ/);
  r = await ca.post('/api/v1/peers', { json: { name: 'Sai', organ_id: ORGAN_B, base_url: 'http://example.org', public_key: pkB } });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json().error.field, 'base_url');
  r = await ca.post('/api/v1/peers', { json: { name: 'Sai', organ_id: 'ngắn', base_url: `https://127.0.0.1:${portB}`, public_key: pkB } });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json().error.field, 'organ_id');
  assert.equal((await ca.get('/api/v1/peers')).json().items.length, n0);

  // A trusts B's CA; B knows A (plain http to loopback: not an encrypted channel)
  r = await ca.post('/api/v1/peers', {
    json: { name: 'Thành ủy B', organ_id: ORGAN_B, base_url: `https://127.0.0.1:${portB}`, public_key: pkB, ca_pem: caPem },
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json().encrypted, true);
  peerBId = r.json().id;
  r = await ca.post('/api/v1/peers', { json: { name: 'Trùng', organ_id: ORGAN_B, base_url: `https://127.0.0.1:${portB}`, public_key: pkB } });
  assert.equal(r.status, 409, r.text);
  r = await httpsReq('POST', '/api/v1/peers', { json: { name: 'Thành ủy A', organ_id: ORGAN_A, base_url: A.base, public_key: pkA } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json().encrypted, false);

  // quick retries for the test (rule values, as an admin sets them)
  for (const [key, value] of [['peers.retry_first_s', 1], ['peers.retry_max_s', 2]]) {
    r = await ca.post('/api/v1/rules', { json: { key, value } });
    assert.equal(r.status, 200, r.text);
  }

  // ping: delivered and answered, the answer recorded on the peer
  r = await ca.post(`/api/v1/peers/${peerBId}/ping`, { json: {} });
  assert.equal(r.status, 202, r.text);
  const peer = await waitFor('pong', async () => {
    const p = (await ca.get('/api/v1/peers')).json().items.find((x) => x.id === peerBId);
    return p.last_ping_reply === 'pong' ? p : null;
  });
  assert.ok(peer.last_ping_at);
  let out = (await ca.get('/api/v1/peers/outbox')).json().items;
  assert.equal(out.length, 1);
  assert.equal(out[0].state, 'delivered');
  assert.equal(out[0].reply, 'pong');

  // B down: the message waits (an attempt fails, the error kept), B back: delivered, once
  await stopProc(procB);
  r = await ca.post(`/api/v1/peers/${peerBId}/ping`, { json: {} });
  assert.equal(r.status, 202, r.text);
  const waiting = await waitFor('a failed attempt', async () => {
    const o = (await ca.get('/api/v1/peers/outbox?state=queued')).json().items;
    return o.length === 1 && o[0].attempts >= 1 && o[0].last_error ? o[0] : null;
  });
  assert.match(waiting.last_error, /Không kết nối được/);
  ({ p: procB } = await startB(`127.0.0.1:${portB}`));
  await waitFor('delivery after restart', async () => {
    const o = (await ca.get('/api/v1/peers/outbox?state=delivered')).json().items;
    return o.length === 2;
  });
  out = (await ca.get('/api/v1/peers/outbox')).json().items;
  assert.ok(out.every((o) => o.state === 'delivered'), JSON.stringify(out));
  const received = (await httpsReq('GET', '/api/v1/audit?action=peer.receive')).json();
  assert.equal(received.total, 2, 'each message ran once on the receiver');
});

test('the inbox refuses what it cannot trust and answers a replay the same', async () => {
  const keyB = keyOf(B.data);
  const good = envelope(keyB);
  let r = await postInbox(A.base, good.env, good.body);
  assert.equal(r.status, 200, r.text);
  const ans = r.json();
  assert.equal(Buffer.from(ans.reply, 'base64').toString(), 'pong');
  assert.equal(ans.replay, false);
  // the answer is signed by A
  const text = `vanphong-peer-reply-v1\n${good.env.id}\n${ORGAN_A}\n${ORGAN_B}\n${sha(Buffer.from('pong'))}\n`;
  assert.ok(crypto.verify(null, Buffer.from(text), pubOf(pkA), Buffer.from(ans.sig, 'base64')));

  // replay: the same answer, the handler not run again
  const before = (await (await adminA()).get('/api/v1/audit?action=peer.receive')).json().total;
  r = await postInbox(A.base, good.env, good.body);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().reply, ans.reply);
  assert.equal(r.json().replay, true);
  const after = (await (await adminA()).get('/api/v1/audit?action=peer.receive')).json().total;
  assert.equal(after, before);

  // a signature field changed after signing
  const forged = envelope(keyB);
  r = await postInbox(A.base, { ...forged.env, kind: 'peers.other' }, forged.body);
  assert.equal(r.status, 403, r.text);
  assert.equal(r.json().error.code, 'bad_signature');
  assert.match(r.json().error.message, /Chữ ký/);
  // signed by someone else's key (A's own key pretending to be B)
  const wrong = envelope(keyOf(A.data));
  r = await postInbox(A.base, wrong.env, wrong.body);
  assert.equal(r.status, 403, r.text);
  assert.equal(r.json().error.code, 'bad_signature');
  // the body changed on the way
  const t2 = envelope(keyB);
  r = await postInbox(A.base, t2.env, Buffer.from('pinG'));
  assert.equal(r.status, 400, r.text);
  assert.equal(r.json().error.code, 'bad_body_hash');
  // an unknown sender
  const u = envelope(keyB, { from: '000.00.00.X99' });
  r = await postInbox(A.base, u.env, u.body);
  assert.equal(r.status, 403, r.text);
  assert.equal(r.json().error.code, 'unknown_peer');
  assert.match(r.json().error.message, /chưa được cấu hình/);
  // stale
  const old = Math.floor(Date.now() / 1000) - 7200;
  const s = envelope(keyB, { created: old, sent: old });
  r = await postInbox(A.base, s.env, s.body);
  assert.equal(r.status, 400, r.text);
  assert.equal(r.json().error.code, 'stale');
  // a kind nobody handles
  const k = envelope(keyB, { kind: 'khong.co' });
  r = await postInbox(A.base, k.env, k.body);
  assert.equal(r.status, 400, r.text);
  assert.equal(r.json().error.code, 'unknown_kind');
  // not for this installation
  const w = envelope(keyB, { to: '000.00.00.Z01' });
  r = await postInbox(A.base, w.env, w.body);
  assert.equal(r.status, 400, r.text);
  assert.equal(r.json().error.code, 'wrong_recipient');
  // malformed
  r = await postInbox(A.base, { v: 1 }, Buffer.from('x'));
  assert.equal(r.status, 400, r.text);
  assert.equal(r.json().error.code, 'bad_envelope');
  // refusals of a known peer are audited, nothing applied
  const audit = (await (await adminA()).get('/api/v1/audit?action=peer.refused')).json();
  assert.ok(audit.total >= 4, JSON.stringify(audit)); // bad signatures, stale, unknown kind
});

test('only the administrator configures peers', async () => {
  for (const login of ['chanhvp', 'vanthu', 'chuyenvien', 'thuongtruc', 'donvi']) {
    const c = new Client(A.base);
    assert.equal((await c.login(login, DEMO_PASSWORD)).status, 303);
    c.headers['x-csrf-token'] = await c.csrf('/');
    assert.equal((await c.get('/api/v1/peers')).status, 403, login);
    assert.equal((await c.get('/admin/peers')).status, 403, login);
    const r = await c.post('/api/v1/peers', { json: { name: 'X', organ_id: '000.00.00.C01', base_url: 'https://x.example', public_key: pkB } });
    assert.equal(r.status, 403, login);
    assert.equal((await c.post(`/api/v1/peers/${peerBId}/ping`, { json: {} })).status, 403, login);
  }
});
