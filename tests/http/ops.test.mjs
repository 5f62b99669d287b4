// Operators' probes (issue 16): /readyz (database, migrations, a writable data directory, free
// space — 503 with a JSON reason otherwise), /metrics in the Prometheus text format (admins
// only: a session or an API token), the request id (X-Request-Id, echoed from a trusted proxy
// only) and the log line (level, client address, request id), and listening on IPv6.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { Client, DEMO_PASSWORD, LOGINS, cli, makeDemoData, spawnServe, sanitizerReport, sqlOn } from './lib.mjs';

let demo;
let srv;
before(async () => {
  demo = makeDemoData();
  srv = await spawnServe(demo.data, { env: { VANPHONG_TRUSTED_PROXIES: '127.0.0.1', VANPHONG_QUIET: '0' } });
});
after(async () => {
  srv.proc.kill('SIGTERM');
  await srv.exited;
  rmSync(demo.dir, { recursive: true, force: true });
  assert.ok(!sanitizerReport(srv.stderr()), srv.stderr());
});

const get = (path, headers = {}) => fetch(srv.base + path, { headers, redirect: 'manual' });
// The server writes a request's log line after its answer, and its stderr reaches us through a
// pipe: wait (bounded) until text() matches instead of a fixed pause a loaded machine outlasts.
async function logged(text, re, ms = 20000) {
  const end = Date.now() + ms;
  while (!re.test(text()) && Date.now() < end) await new Promise((res) => setTimeout(res, 50));
  assert.match(text(), re);
}

// The store behind the program's back (sqlite3 on the file, psql on PostgreSQL).
const sql = (q) => sqlOn(demo.data, q);
const quote = (v) => `'${String(v).replace(/'/g, "''")}'`;

function metric(text, name, labels) {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',');
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${want}} `));
  return line ? Number(line.split(' ').pop()) : 0;
}

test('readyz: 200 with every check ok; healthz still answers', async () => {
  const r = await get('/readyz');
  assert.equal(r.status, 200);
  assert.deepEqual(await r.json(), { status: 'ready', checks: { database: 'ok', migrations: 'ok', disk: 'ok' } });
  const h = await get('/healthz');
  assert.equal(h.status, 200);
  assert.equal(await h.text(), 'ok\n');
});

test('readyz: 503 with a reason when the data directory cannot be written, then ready again', async () => {
  // Even root cannot create a file under a regular file: the upload folder is unusable.
  const tmp = join(demo.data, 'tmp');
  renameSync(tmp, `${tmp}.away`);
  writeFileSync(tmp, 'not a folder');
  try {
    const r = await get('/readyz');
    assert.equal(r.status, 503);
    const j = await r.json();
    assert.equal(j.status, 'not_ready');
    assert.equal(j.reason, 'data_not_writable');
    assert.equal(j.checks.disk, 'read_only');
    assert.match(j.message, /Không ghi được/);
    assert.equal(r.headers.get('retry-after'), '5');
  } finally {
    rmSync(tmp);
    renameSync(`${tmp}.away`, tmp);
  }
  assert.equal((await get('/readyz')).status, 200);
});

test('readyz: 503 disk_full when free space is under the threshold', async () => {
  // A threshold no disk meets stands in for a full disk (tests/hardening/fulldisk fills one).
  const s = await spawnServe(demo.data, { env: { VANPHONG_READY_MIN_FREE_MB: String(2 ** 40) } });
  try {
    const r = await fetch(`${s.base}/readyz`);
    assert.equal(r.status, 503);
    const j = await r.json();
    assert.equal(j.reason, 'disk_full');
    assert.equal(j.checks.disk, 'full');
  } finally {
    s.proc.kill('SIGTERM');
    await s.exited;
  }
});

test('readyz: 503 when a migration is not applied', async () => {
  const last = sql('SELECT max(version) FROM schema_version');
  assert.match(last, /^\d+$/);
  const [name, appliedAt] = sql(`SELECT name, applied_at FROM schema_version WHERE version = ${last}`).split('|');
  sql(`DELETE FROM schema_version WHERE version = ${last}`);
  try {
    const r = await get('/readyz');
    assert.equal(r.status, 503);
    const j = await r.json();
    assert.equal(j.reason, 'migrations');
    assert.equal(j.checks.migrations, 'pending');
  } finally {
    sql(`INSERT INTO schema_version (version, name, applied_at) VALUES (${last}, ${quote(name)}, ${quote(appliedAt)})`);
  }
  assert.equal((await get('/readyz')).status, 200);
});

test('metrics: admins only (session or API token); the text format counts requests by route and status', async () => {
  // Anonymous: to the login page; a clerk: 403.
  assert.equal((await get('/metrics')).status, 303);
  const clerk = new Client(srv.base);
  assert.equal((await clerk.login(LOGINS.clerk, DEMO_PASSWORD)).status, 303);
  const f = await clerk.get('/metrics');
  assert.equal(f.status, 403);
  assert.match(f.text, /quản trị/);
  const tok = cli(['token', 'create', '--data', demo.data, '--login', LOGINS.admin]);
  assert.equal(tok.status, 0, tok.stderr);
  const auth = { authorization: `Bearer ${tok.stdout.trim().split('\n').pop()}` };
  const m1 = await (await get('/metrics', auth)).text();
  for (let i = 0; i < 3; i++) await get('/healthz');
  await get('/no/such/page');
  const r = await get('/metrics', auth);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
  const m2 = await r.text();
  const lbl = { method: 'GET', route: '/healthz', status: '200' };
  assert.equal(metric(m2, 'vanphong_http_requests_total', lbl) - metric(m1, 'vanphong_http_requests_total', lbl), 3);
  assert.ok(metric(m2, 'vanphong_http_requests_total', { method: '', route: 'unmatched', status: '404' }) >= 1);
  assert.match(m2, /# TYPE vanphong_http_request_duration_seconds histogram/);
  const inf = metric(m2, 'vanphong_http_request_duration_seconds_bucket', { le: '+Inf' });
  const count = Number(m2.match(/^vanphong_http_request_duration_seconds_count (\d+)$/m)[1]);
  assert.equal(inf, count);
  assert.ok(count >= 5);
  // Buckets are cumulative.
  const buckets = [...m2.matchAll(/^vanphong_http_request_duration_seconds_bucket\{le="[^"]+"\} (\d+)$/gm)].map((x) => Number(x[1]));
  for (let i = 1; i < buckets.length; i++) assert.ok(buckets[i] >= buckets[i - 1]);
  for (const name of ['vanphong_jobs{state="queued"}', 'vanphong_jobs{state="failed"}', 'vanphong_db_errors_total{kind="full"}',
    'vanphong_db_errors_total{kind="error"}']) assert.ok(m2.includes(`${name} `), name);
  const inc = Number(sql('SELECT count(*) FROM incoming'));
  assert.ok(inc > 0);
  assert.equal(metric(m2, 'vanphong_documents_registered', { register: 'incoming' }), inc);
  // Every sample line is NAME{labels} VALUE or NAME VALUE.
  for (const l of m2.split('\n').filter((x) => x && !x.startsWith('#')))
    assert.match(l, /^[a-z_]+(\{[^}]*\})? [0-9.e+-]+$/, l);
});

test('request id: a fresh one per request in X-Request-Id and the log line; a trusted proxy\'s is kept', async () => {
  const a = (await get('/healthz')).headers.get('x-request-id');
  const b = (await get('/healthz')).headers.get('x-request-id');
  assert.match(a, /^[0-9a-f]{16}$/);
  assert.notEqual(a, b);
  // 127.0.0.1 is the trusted proxy in this server: its id and forwarded address are used.
  const r = await get('/healthz', { 'x-request-id': 'nginx-abc.123', 'x-forwarded-for': '203.0.113.9' });
  assert.equal(r.headers.get('x-request-id'), 'nginx-abc.123');
  const bad = await get('/healthz', { 'x-request-id': 'has space/and;more' });
  assert.match(bad.headers.get('x-request-id'), /^[0-9a-f]{16}$/);
  await logged(srv.stderr, new RegExp(`^info 127\\.0\\.0\\.1 ${a} GET /healthz 200 \\d+ms$`, 'm'));
  await logged(srv.stderr, /^info 203\.0\.113\.9 nginx-abc\.123 GET \/healthz 200 \d+ms$/m);
});

test('request id: an untrusted peer cannot set it', async () => {
  const s = await spawnServe(demo.data);
  try {
    const r = await fetch(`${s.base}/healthz`, { headers: { 'x-request-id': 'forged-id' } });
    assert.notEqual(r.headers.get('x-request-id'), 'forged-id');
  } finally {
    s.proc.kill('SIGTERM');
    await s.exited;
  }
});

test('IPv6: --listen [::1]:0 serves, and [::]:0 takes IPv4 clients too', async () => {
  const s = await spawnServe(demo.data, { listen: '[::1]:0', env: { VANPHONG_QUIET: '0' } });
  try {
    assert.match(s.base, /^http:\/\/\[::1\]:\d+$/);
    const r = await fetch(`${s.base}/readyz`);
    assert.equal(r.status, 200);
    await logged(s.stderr, /^info ::1 [0-9a-f]{16} GET \/readyz 200/m);
  } finally {
    s.proc.kill('SIGTERM');
    assert.equal((await s.exited).code, 0);
  }
  const d = await spawnServe(demo.data, { listen: '[::]:0', env: { VANPHONG_QUIET: '0' } });
  try {
    const port = d.base.match(/:(\d+)$/)[1];
    assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
    assert.equal((await fetch(`http://[::1]:${port}/healthz`)).status, 200);
    await logged(d.stderr, /^info 127\.0\.0\.1 /m); // an IPv4 client is logged as IPv4
  } finally {
    d.proc.kill('SIGTERM');
    await d.exited;
  }
  for (const bad of ['[::1:0', '::1:0', '[nope]:80', '127.0.0.1']) {
    const r = cli(['serve', '--data', demo.data, '--listen', bad]);
    assert.equal(r.status, 2, bad);
    assert.match(r.stderr, /\[ADDR\]:PORT/);
  }
});
