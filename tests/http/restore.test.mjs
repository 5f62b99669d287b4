// Backup and restore (issue 16): `vanphong backup --to DIR/` writes a consistent snapshot of the
// database, the blobs and the keys (folders 0700, files 0600) while the server runs;
// `vanphong restore --from DIR --data NEW` puts it back into an empty data directory and runs
// `check`. Backup → destroy → restore → a server on the restored directory serves every
// document, every number and every file with the same content (its SHA-256).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, DEMO_PASSWORD, LOGINS, cli, dbEnv, makeDemoData, onPg, pgDetach, pgEmptyFor, spawnServe, sanitizerReport, sqlOn } from './lib.mjs';

let demo;
let work;
before(() => {
  demo = makeDemoData();
  work = mkdtempSync(join(tmpdir(), 'vanphong-restore-'));
});
after(() => {
  rmSync(demo.dir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

const sha = (buf) => createHash('sha256').update(buf).digest('hex');

// Every regular file under dir, relative path → mode and sha256.
function tree(dir, rel = '') {
  const out = {};
  for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) Object.assign(out, tree(dir, r));
    else if (e.isFile()) out[r] = { mode: statSync(join(dir, r)).mode & 0o777, sha: sha(readFileSync(join(dir, r))) };
  }
  return out;
}

function dirModes(dir, rel = '', out = {}) {
  out[rel || '.'] = statSync(join(dir, rel)).mode & 0o777;
  for (const e of readdirSync(join(dir, rel), { withFileTypes: true }))
    if (e.isDirectory()) dirModes(dir, rel ? `${rel}/${e.name}` : e.name, out);
  return out;
}

// On PostgreSQL (a VP_DB_URL run) the database part of a backup is pg_dump's archive, and a
// restore goes into an empty database (pgEmptyFor gives the restored folder one).
const dbFile = () => (onPg(demo.data) ? 'vanphong.pgdump' : 'vanphong.db');

// What a clerk sees over HTTP: every incoming and outgoing record with its number, and the
// content hash of every attachment downloaded.
async function snapshot(base, attachmentIds) {
  const c = new Client(base);
  const r = await c.login(LOGINS.clerk, DEMO_PASSWORD);
  assert.equal(r.status, 303);
  const inc = await c.get('/api/v1/incoming?limit=500');
  const out = await c.get('/api/v1/outgoing?limit=500');
  assert.equal(inc.status, 200, inc.text);
  assert.equal(out.status, 200, out.text);
  const files = {};
  for (const id of attachmentIds) {
    const raw = await fetch(`${base}/attachments/${id}`, { headers: { cookie: c.cookieHeader() } });
    files[id] = raw.status === 200 ? sha(Buffer.from(await raw.arrayBuffer())) : `status ${raw.status}`;
  }
  return { incoming: inc.json(), outgoing: out.json(), files };
}

test('backup to a folder while serving, destroy, restore, serve: everything intact', async () => {
  const attachments = sqlOn(demo.data, 'SELECT id, sha256 FROM attachments ORDER BY id')
    .split('\n').filter(Boolean).map((l) => l.split('|'));
  assert.ok(attachments.length > 0, 'the demo office has attachments');
  const srv = await spawnServe(demo.data, { env: { VANPHONG_QUIET: '1' } });
  let before;
  let bk;
  try {
    before = await snapshot(srv.base, attachments.map(([id]) => id));
    for (const [id, h] of attachments) assert.equal(before.files[id], h, `attachment ${id} served`);
    assert.ok(JSON.stringify(before.incoming).length > 100);
    bk = join(work, 'bk') + '/';
    const r = cli(['backup', '--data', demo.data, '--to', bk]);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /kiểm tra toàn vẹn đạt/);
  } finally {
    srv.proc.kill('SIGTERM');
    await srv.exited;
    assert.ok(!sanitizerReport(srv.stderr()), srv.stderr());
  }
  // The snapshot: database, blobs, keys; private.
  const files = tree(bk);
  const dbName = dbFile();
  assert.ok(files[dbName], dbName);
  assert.ok(files['keys/petitions.key'], 'the keys are in the backup');
  const blobsBefore = Object.keys(tree(join(demo.data, 'blobs'))).sort();
  assert.deepEqual(Object.keys(files).filter((f) => f.startsWith('blobs/')).map((f) => f.slice(6)).sort(), blobsBefore);
  for (const [f, { mode, sha: h }] of Object.entries(files)) {
    assert.equal(mode, 0o600, `${f} is 0600`);
    if (f.startsWith('blobs/')) assert.equal(h, f.split('/').pop(), `blob ${f} content matches its name`);
  }
  for (const [d, mode] of Object.entries(dirModes(bk))) assert.equal(mode, 0o700, `${d} is 0700`);
  const keyBefore = readFileSync(join(demo.data, 'keys/petitions.key'));

  // Destroy the office (and its PostgreSQL database).
  rmSync(demo.data, { recursive: true, force: true });
  pgDetach(demo.data);

  // Restore into a new folder; check runs and says ok.
  const restored = join(work, 'restored');
  pgEmptyFor(restored);
  const r = cli(['restore', '--from', bk, '--data', restored]);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.equal(r.stdout.trim().split('\n').pop(), 'ok');
  assert.deepEqual(readFileSync(join(restored, 'keys/petitions.key')), keyBefore);
  assert.deepEqual(Object.keys(tree(join(restored, 'blobs'))).sort(), blobsBefore);

  const srv2 = await spawnServe(restored, { env: { VANPHONG_QUIET: '1' } });
  try {
    const afterSnap = await snapshot(srv2.base, attachments.map(([id]) => id));
    assert.deepEqual(afterSnap.incoming, before.incoming, 'every incoming record and number');
    assert.deepEqual(afterSnap.outgoing, before.outgoing, 'every outgoing record and number');
    assert.deepEqual(afterSnap.files, before.files, 'every file, by its hash');
  } finally {
    srv2.proc.kill('SIGTERM');
    await srv2.exited;
  }
});

test('restore refuses a non-empty data directory and a missing backup, touching nothing', () => {
  const bk = join(work, 'bk2') + '/';
  const d = makeDemoData();
  try {
    let r = cli(['backup', '--data', d.data, '--to', bk]);
    assert.equal(r.status, 0, r.stderr);
    // A second backup into the same (now non-empty) folder is refused.
    r = cli(['backup', '--data', d.data, '--to', bk]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /không trống/);
    const busy = join(work, 'busy');
    mkdirSync(busy);
    writeFileSync(join(busy, 'note.txt'), 'giữ nguyên');
    r = cli(['restore', '--from', bk, '--data', busy]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /không trống/);
    assert.deepEqual(readdirSync(busy), ['note.txt']);
    r = cli(['restore', '--from', join(work, 'nothing-here'), '--data', join(work, 'new1')]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /không có bản sao/);
    r = cli(['restore', '--data', join(work, 'new2')]);
    assert.equal(r.status, 2);
    if (onPg(d.data)) {
      // A PostgreSQL database that holds anything is refused the same way, and so is a
      // PostgreSQL backup with no database to go into.
      r = cli(['restore', '--from', bk, '--data', join(work, 'new3'), '--db', dbEnv(d.data).VP_DB_URL]);
      assert.equal(r.status, 1, r.stdout);
      assert.match(r.stderr, /không trống/);
      r = cli(['restore', '--from', bk, '--data', join(work, 'new4')]);
      assert.equal(r.status, 1, r.stdout);
      assert.match(r.stderr, /--db URL/);
    }
  } finally {
    rmSync(d.dir, { recursive: true, force: true });
  }
});

test('the file form still works: backup --to FILE writes FILE and FILE.keys; restore takes it', () => {
  const d = makeDemoData();
  try {
    const file = join(work, 'office.db');
    let r = cli(['backup', '--data', d.data, '--to', file]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(`${file}.keys`).mode & 0o777, 0o700);
    // Without the blobs, check finds the archived files missing and says so.
    pgEmptyFor(join(work, 'no-blobs'));
    r = cli(['restore', '--from', file, '--data', join(work, 'no-blobs')]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /lưu trữ: 1 tệp hỏng hoặc thiếu/);
    const target = join(work, 'from-file');
    pgEmptyFor(target);
    r = cli(['restore', '--from', file, '--data', target, '--blobs', join(d.data, 'blobs')]);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.equal(r.stdout.trim().split('\n').pop(), 'ok');
    assert.deepEqual(readFileSync(join(target, 'keys/petitions.key')), readFileSync(join(d.data, 'keys/petitions.key')));
    assert.equal(statSync(target).mode & 0o777, 0o700);
  } finally {
    rmSync(d.dir, { recursive: true, force: true });
  }
});
