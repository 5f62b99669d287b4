// Issue 16, several nodes: two `vanphong serve` processes over one store, behind nginx on
// loopback (round robin), checked the way an office would notice a problem:
//   - a document registered on node A is read, listed and found by search on node B;
//   - a session made on A works on B (sessions live in the store, not in a node);
//   - 2 × 32 clerks registering at once through the balancer get gap-free, duplicate-free
//     arrival numbers;
//   - each background job runs exactly once although both nodes run workers;
//   - a job whose node died mid-run (its lease, jobs.locked_at, expired) is taken back and run
//     once; a job under a live lease is left alone;
//   - on PostgreSQL, the server restarted (pg_ctl restart) in the middle of a load: the nodes
//     answer 503 with a Vietnamese message while it is away, never crash, and serve again
//     without being restarted; no acknowledged registration is lost;
//   - node A killed (SIGKILL) in the middle of a load loses no acknowledged registration, and
//     the register stays gap-free.
// Memoised answers (db/memo.c) are on for both stores: node B's list, warmed before node A
// registers, shows the new document on B's very next request.
// The store is the SQLite file of one data directory (both nodes on one machine, WAL); with
// VP_DB_URL set the nodes use that PostgreSQL database instead (make test-pg).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { makeDemoData, spawnServe, Client, DEMO_PASSWORD, sanitizerReport, PG_URL, dbEnv, pgDetach } from '../http/lib.mjs';

let store;           // {dir, data}
const nodes = {};    // name → {proc, base, exited, stderr}
let lb;              // {proc, base}
// With VP_DB_URL (read and removed from the environment by lib.mjs, as PG_URL), makeDemoData
// makes the office in SQLite and moves it by copy-to-pg into a database of its own on that
// cluster; pgUrl is that database, which spawnServe gives the nodes (--db).
let pgUrl = '';

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

async function startNode(name) {
  nodes[name] = await spawnServe(store.data, { env: { VANPHONG_TRUSTED_PROXIES: '127.0.0.1,::1' } });
  return nodes[name];
}

async function startBalancer() {
  const port = await freePort();
  const ng = join(store.dir, 'nginx');
  mkdirSync(join(ng, 'logs'), { recursive: true });
  mkdirSync(join(ng, 'tmp'), { recursive: true });
  const up = (b) => b.replace('http://', '');
  writeFileSync(join(ng, 'nginx.conf'), `
worker_processes 1;
daemon off;
pid ${ng}/nginx.pid;
error_log ${ng}/logs/error.log;
events { worker_connections 512; }
http {
    access_log off;
    client_body_temp_path ${ng}/tmp;
    proxy_temp_path ${ng}/tmp;
    fastcgi_temp_path ${ng}/tmp;
    uwsgi_temp_path ${ng}/tmp;
    scgi_temp_path ${ng}/tmp;
    client_max_body_size 64m;
    upstream vanphong {
        server ${up(nodes.A.base)} max_fails=1 fail_timeout=30s;
        server ${up(nodes.B.base)} max_fails=1 fail_timeout=30s;
        keepalive 16;
    }
    server {
        listen 127.0.0.1:${port};
        location / {
            proxy_pass http://vanphong;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $remote_addr;
            add_header X-Upstream $upstream_addr always;
        }
    }
}
`);
  const proc = spawn('nginx', ['-p', ng, '-c', join(ng, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 500; i++) {
    try { await fetch(base + '/healthz'); lb = { proc, base, dir: ng }; return lb; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('nginx did not start: ' + (existsSync(join(ng, 'logs/error.log')) ? readFileSync(join(ng, 'logs/error.log'), 'utf8') : ''));
}

// One row query on the store: sqlite3 on the data directory's file, psql on VP_DB_URL.
function sql(q, { write = false } = {}) {
  const r = pgUrl
    ? spawnSync('psql', ['-XAtq', '-v', 'ON_ERROR_STOP=1', '-F', '|', pgUrl, '-c', q], { encoding: 'utf8' })
    : spawnSync('sqlite3', [...(write ? ['-cmd', '.timeout 5000'] : ['-readonly']), join(store.data, 'vanphong.db'), q], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${q}: ${r.stderr}`);
  return r.stdout.trim().split('\n').filter(Boolean).map((l) => l.split('|'));
}

async function clerkOn(base) {
  const c = new Client(base);
  const r = await c.login('vanthu', DEMO_PASSWORD);
  assert.equal(r.status, 303, 'login through ' + base);
  c.headers['x-csrf-token'] = await c.csrf('/');
  return c;
}

let seq = 0;
function newDoc(tag) {
  seq++;
  return {
    issuer_name: 'Ủy ban nhân dân quận Ninh Kiều',
    code: `${1000 + seq}/UBND-${tag}`,
    doc_type: 'cong_van',
    issued_date: '2026-11-02',
    subject: `Về việc rà soát hồ sơ địa chính đợt ${seq} (${tag})`,
    signer: 'Nguyễn Văn An',
  };
}

function assertGapFree(numbers, what) {
  const s = [...numbers].sort((a, b) => a - b);
  assert.equal(new Set(s).size, s.length, `${what}: duplicate numbers ${s}`);
  for (let i = 1; i < s.length; i++) assert.equal(s[i], s[i - 1] + 1, `${what}: gap after ${s[i - 1]} (${s})`);
}

// Every acknowledged document is in the store with its number, read through node B, and the
// register of the year (of the last document) stays gap-free whatever died in the middle.
async function assertAckedKept(acked, what) {
  const b = await clerkOn(nodes.B.base);
  for (const d of acked) {
    const g = await b.get(`/api/v1/incoming/${d.id}`);
    assert.equal(g.status, 200, `acknowledged document ${d.id} lost`);
    assert.equal(g.json().arrival_number, d.arrival_number);
  }
  const rows = sql('SELECT arrival_number FROM incoming WHERE unit_id = (SELECT unit_id FROM incoming ORDER BY id DESC LIMIT 1)'
    + ' AND year = (SELECT year FROM incoming ORDER BY id DESC LIMIT 1)');
  assertGapFree(rows.map((r) => Number(r[0])), what);
}

before(async () => {
  store = makeDemoData();
  pgUrl = dbEnv(store.data).VP_DB_URL || '';
  assert.equal(Boolean(pgUrl), Boolean(PG_URL), 'the office is on PostgreSQL when VP_DB_URL is set');
  await startNode('A');
  await startNode('B');
  await startBalancer();
});

after(async () => {
  if (lb) { lb.proc.kill('SIGTERM'); await new Promise((r) => lb.proc.on('exit', r)); }
  const reports = [];
  for (const [name, n] of Object.entries(nodes)) {
    if (n.proc.exitCode === null && n.proc.signalCode === null) {
      n.proc.kill('SIGTERM');
      await n.exited;
    }
    if (sanitizerReport(n.stderr())) reports.push(`${name}: ${n.stderr()}`);
  }
  spawnSync('rm', ['-rf', store.dir]);
  pgDetach(store.data);
  assert.deepEqual(reports, [], 'sanitizer reports from the nodes');
});

test('a document registered on node A is read, listed and found on node B', async () => {
  const a = await clerkOn(nodes.A.base);
  const b = await clerkOn(nodes.B.base);
  const doc = { ...newDoc('AB'), subject: 'Về việc kiểm kê tài sản công của Đảng ủy phường Tân An' };
  // B's list and home page first, twice: their counts and bodies are memoised on B now.
  for (let i = 0; i < 2; i++) {
    assert.equal((await b.get('/incoming')).status, 200);
    assert.equal((await b.get('/')).status, 200);
  }
  const r = await a.post('/api/v1/incoming', { json: doc });
  assert.equal(r.status, 201, r.text);
  const { id, arrival_number } = r.json();
  const g = await b.get(`/api/v1/incoming/${id}`);
  assert.equal(g.status, 200, g.text);
  assert.equal(g.json().arrival_number, arrival_number);
  assert.equal(g.json().subject, doc.subject);
  const list = await b.get('/incoming');
  assert.equal(list.status, 200);
  assert.ok(list.text.includes('kiểm kê tài sản công'), 'the list on node B shows the new document on its next request');
  // Unaccented, as a clerk types it: "Đảng" found by "dang".
  const s = await b.get('/api/v1/search?q=' + encodeURIComponent('kiem ke tai san dang uy tan an'));
  assert.equal(s.status, 200, s.text);
  assert.ok(s.json().items.some((x) => x.kind === 'in' && x.id === id), 'search on node B finds it: ' + s.text.slice(0, 300));
});

test('a session made on node A works on node B, and a logout on B ends it on A', async () => {
  const a = await clerkOn(nodes.A.base);
  const onB = new Client(nodes.B.base);
  onB.jar = new Map(a.jar);
  onB.headers = { ...a.headers };
  let r = await onB.get('/api/v1/incoming?limit=1');
  assert.equal(r.status, 200, 'the session from A is valid on B');
  r = await onB.post('/logout', { form: { csrf: a.headers['x-csrf-token'] } });
  assert.ok([200, 303].includes(r.status), 'logout on B: ' + r.status);
  r = await a.get('/api/v1/incoming?limit=1');
  assert.equal(r.status, 401, 'the session ended on B no longer works on A');
});

test('2 × 32 clerks registering at once through the balancer get gap-free numbers', async () => {
  const groups = [await clerkOn(lb.base), await clerkOn(lb.base)];
  const all = await Promise.all(groups.flatMap((c, g) => Array.from({ length: 32 }, () =>
    c.post('/api/v1/incoming', { json: newDoc('LB' + g) }))));
  for (const r of all) assert.equal(r.status, 201, r.text);
  const numbers = all.map((r) => r.json().arrival_number);
  assertGapFree(numbers, 'through the balancer');
  // Both nodes served some of them (round robin), or the test proves nothing.
  const served = new Set(all.map((r) => r.headers.get('x-upstream')));
  assert.equal(served.size, 2, `both nodes served registrations: ${[...served]}`);
});

test('each background job runs exactly once although both nodes run workers', async () => {
  const c = await clerkOn(lb.base);
  const ids = [];
  for (let i = 0; i < 12; i++) {
    const r = await c.post('/api/v1/incoming', { json: newDoc('JOB') });
    assert.equal(r.status, 201, r.text);
    const fd = new FormData();
    fd.append('file', new Blob([`Biên bản kiểm tra số ${i}: nội dung tệp đính kèm để trích văn bản.\n`], { type: 'text/plain' }), `bien-ban-${i}.txt`);
    const up = await c.post(`/api/v1/incoming/${r.json().id}/attachments`, { body: fd });
    assert.equal(up.status, 201, up.text);
    ids.push(r.json().id);
  }
  const deadline = Date.now() + 60000;
  let left;
  do {
    await new Promise((r) => setTimeout(r, 200));
    left = Number(sql("SELECT count(*) FROM jobs WHERE state IN ('queued', 'running')")[0][0]);
  } while (left > 0 && Date.now() < deadline);
  assert.equal(left, 0, 'every job finished: ' + JSON.stringify(sql("SELECT kind, state, attempts, last_error FROM jobs WHERE state IN ('queued', 'running')")));
  const twice = sql("SELECT id, kind, attempts FROM jobs WHERE state = 'done' AND attempts <> 1");
  assert.deepEqual(twice, [], 'no job ran twice');
  const extracted = Number(sql("SELECT count(*) FROM jobs WHERE kind = 'extract' AND state = 'done'")[0][0]);
  assert.ok(extracted >= 12, `the 12 extractions ran (${extracted})`);
});

// An ISO time (the jobs table's format) `s` seconds ago.
function isoAgo(s) {
  return new Date(Date.now() - s * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
}

test('a job whose node died is taken back when its lease expires, a live lease is left alone', async () => {
  const runs = () => Number(sql('SELECT count(*) FROM archive_fixity_runs')[0][0]);
  const before = runs();
  // As a node killed mid-job leaves them: 'running', locked by it. The dead one's lease is
  // older than the stale limit (15 min, jobs.h JOBS_STALE_S); the live one's is fresh.
  const ins = (who, at) => Number(sql(`INSERT INTO jobs (kind, payload, state, attempts, locked_by, locked_at)
    VALUES ('archives_fixity', '', 'running', 1, '${who}', '${at}') RETURNING id`, { write: true })[0][0]);
  const dead = ins('dead-node:0', isoAgo(20 * 60));
  const live = ins('live-node:0', isoAgo(5));
  const row = (id) => sql(`SELECT state, attempts, coalesce(locked_by, ''), coalesce(last_error, '') FROM jobs WHERE id = ${id}`)[0];
  const deadline = Date.now() + 20000;
  while (row(dead)[0] !== 'done' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  try {
    // Run once more after the dead node's attempt: attempts 2, done (a full fixity run recorded:
    // the archives' fixity job works on this store).
    assert.deepEqual(row(dead), ['done', '2', '', ''], 'the dead node\'s job, taken back and run once');
    assert.ok(runs() >= before + 1, `a fixity run was recorded (${before} → ${runs()})`);
    assert.deepEqual(row(live), ['running', '1', 'live-node:0', ''], 'a job under a live lease is not taken');
    const failed = sql("SELECT id, last_error FROM jobs WHERE kind = 'archives_fixity' AND state = 'failed'");
    assert.deepEqual(failed, [], 'no fixity job failed');
  } finally {
    sql(`UPDATE jobs SET state = 'failed', locked_by = NULL, locked_at = NULL, last_error = 'test' WHERE id = ${live}`, { write: true });
  }
});

// Runs VP_TEST_PG_CTL (scripts/test-pg.sh: pg_ctl of the throw-away cluster) without blocking.
function pgCtl(what) {
  return new Promise((resolve) => {
    const p = spawn('sh', ['-c', `${process.env.VP_TEST_PG_CTL} -w -m fast ${what}`], { stdio: 'ignore' });
    p.on('exit', (code) => resolve(code));
  });
}

const restartSkip = !PG_URL ? 'PostgreSQL only (VP_DB_URL unset: the store is SQLite, nothing to restart)'
  : !process.env.VP_TEST_PG_CTL ? 'VP_TEST_PG_CTL unset (run through scripts/test-pg.sh)' : false;

test('PostgreSQL restarted in the middle of a load: 503s in Vietnamese, then service without restarting the nodes', { skip: restartSkip }, async (t) => {
  const clerks = [await clerkOn(lb.base), await clerkOn(lb.base)];
  const acked = [];
  const other = [];
  let unavailable = 0;
  let restart = null;
  let restartedAt = 0;
  const worker = async (c) => {
    // Until two seconds after the server is back: the outage falls inside the load.
    const stopAt = Date.now() + 40000;
    while ((!restartedAt || Date.now() - restartedAt < 2000) && Date.now() < stopAt) {
      let r;
      try { r = await c.post('/api/v1/incoming', { json: newDoc('PGR') }); } catch (e) { other.push('fetch: ' + e.message); continue; }
      if (r.status === 201) acked.push(r.json());
      else if (r.status === 503) {
        unavailable++;
        const m = r.json().error?.message || '';
        if (!/cơ sở dữ liệu/.test(m)) other.push('503 without the message: ' + r.text);
      } else other.push(`${r.status} ${r.text.slice(0, 200)}`);
      if (!restart && acked.length >= 10) restart = pgCtl('restart').then((code) => { restartedAt = Date.now(); return code; });
    }
  };
  await Promise.all(clerks.flatMap((c) => [worker(c), worker(c), worker(c), worker(c)]));
  assert.equal(await restart, 0, 'pg_ctl restart');
  t.diagnostic(`during the load: ${acked.length} registered, ${unavailable} answered 503`);
  assert.deepEqual(other, [], `only 201 or 503 with a clear message (${acked.length} registered, ${unavailable} refused)`);
  for (const [name, n] of Object.entries(nodes))
    assert.ok(n.proc.exitCode === null && n.proc.signalCode === null, `node ${name} still runs`);
  // Back: each node serves again (its connections re-established), nothing restarted.
  for (const name of ['A', 'B']) {
    const c = await clerkOn(nodes[name].base);
    const r = await c.post('/api/v1/incoming', { json: newDoc('PGR-' + name) });
    assert.equal(r.status, 201, `node ${name} after the restart: ${r.text}`);
    acked.push(r.json());
  }
  await assertAckedKept(acked, 'the register after the restart');
});

test('node A killed in the middle of a load loses no acknowledged registration', async () => {
  const clerks = [await clerkOn(lb.base), await clerkOn(lb.base)];
  const acked = [];
  let refused = 0;
  let killed = false;
  const worker = async (c) => {
    for (let i = 0; i < 40; i++) {
      let r;
      try { r = await c.post('/api/v1/incoming', { json: newDoc('KILL') }); } catch { refused++; continue; }
      if (r.status === 201) acked.push(r.json());
      else refused++;
      if (!killed && acked.length >= 30) { killed = true; nodes.A.proc.kill('SIGKILL'); }
    }
  };
  await Promise.all(clerks.flatMap((c) => [worker(c), worker(c), worker(c), worker(c)]));
  assert.ok(killed, 'node A was killed during the load');
  assert.ok(acked.length >= 30, `registrations acknowledged: ${acked.length}, refused ${refused}`);
  await assertAckedKept(acked, 'the register after the kill');
});
