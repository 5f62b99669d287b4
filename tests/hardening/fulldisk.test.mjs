// Full disk: the data directory on a 20 MB tmpfs (we run as root; the test is skipped with the
// reason when mount is refused). Uploads and registrations until the disk is full must fail
// cleanly — 507 (or 503) with a code and a Vietnamese message, never a 500 or a crash — while
// reads keep working; what was acknowledged stays intact (hash of every file), `vanphong check`
// passes, and once space is freed writes succeed again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, openSync, writeSync, closeSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  cli, serveOn, token, bearerClient, check, sha256, textFile, incomingBody, upload, DEMO_PASSWORD,
} from './lib.mjs';

// Fills the file system of `dir` with one file until ENOSPC; returns its path.
function fill(dir) {
  const p = join(dir, 'filler');
  const fd = openSync(p, 'w');
  const chunk = Buffer.alloc(64 * 1024, 7);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (e) {
    if (e.code !== 'ENOSPC') throw e;
  }
  // Then the last few bytes.
  try {
    for (;;) writeSync(fd, Buffer.alloc(512, 7));
  } catch (e) {
    if (e.code !== 'ENOSPC') throw e;
  }
  closeSync(fd);
  return p;
}

function cleanError(r, what) {
  assert.ok(r.status !== 500 && r.status < 600, `${what}: ${r.status} ${r.text.slice(0, 300)}`);
  if (r.status === 201 || r.status === 200 || r.status === 303) return false;
  assert.ok([503, 507].includes(r.status), `${what}: expected 507/503, got ${r.status} ${r.text.slice(0, 300)}`);
  const e = r.json().error;
  assert.ok(e && e.code && e.message, `${what}: error shape ${r.text}`);
  assert.match(e.message, /[ếđơưạảấầẩẫậắằẳẵặẹẻẽềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i, `${what}: a Vietnamese message: ${e.message}`);
  return true;
}

test('full disk: writes fail with a clear message, reads work, nothing committed is damaged', { timeout: 180000 }, async (t) => {
  const mnt = mkdtempSync(join(tmpdir(), 'vanphong-full-'));
  const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=20m', 'tmpfs', mnt], { encoding: 'utf8' });
  if (m.status !== 0) {
    rmSync(mnt, { recursive: true, force: true });
    t.skip(`mount -t tmpfs refused (${m.stderr.trim()}): not root or no CAP_SYS_ADMIN`);
    return;
  }
  const data = join(mnt, 'data');
  let s;
  try {
    const r = cli(['init', '--data', data, '--demo']);
    assert.equal(r.status, 0, r.stderr);
    const tok = token(data, 'vanthu');
    // No background jobs: text extraction of the uploaded files would take the freed space at
    // its own pace (under a loaded CI machine, right after the remount) and make the
    // "writes resume" step a race; this test is about the request path.
    // /readyz's free-space floor at 1 MiB: the 20 MB disk itself is under the default 64.
    s = await serveOn(data, { args: ['--jobs', '0'], env: { VANPHONG_READY_MIN_FREE_MB: '1' } });
    assert.equal((await fetch(s.base + '/readyz')).status, 200, 'ready before the disk fills');
    const api = bearerClient(s.base, tok);
    const web = s.client();
    assert.equal((await web.login('vanthu', DEMO_PASSWORD)).status, 303);
    const acked = [];
    let n = 0;
    let refusedUpload = null;
    // Register and attach 1 MB files until the disk refuses.
    for (let i = 0; i < 60 && !refusedUpload; i++) {
      const reg = await api.post('/api/v1/incoming', { json: incomingBody('FULL', ++n) });
      if (cleanError(reg, 'register')) { refusedUpload = reg; break; }
      const doc = { id: reg.json().id, files: [] };
      acked.push(doc);
      const buf = textFile(1024 * 1024);
      const up = await upload(api, `/api/v1/incoming/${doc.id}/attachments`, buf);
      if (cleanError(up, 'upload')) refusedUpload = up;
      else doc.files.push({ id: up.json().id, sha: sha256(buf) });
    }
    assert.ok(refusedUpload, 'the disk filled up');
    console.log(`# full disk: refused with ${refusedUpload.status} ${refusedUpload.json().error.code}: ${refusedUpload.json().error.message}`);
    // Now no byte is left: a registration (database only) must be refused cleanly too.
    const filler = fill(mnt);
    let dbRefused = null;
    for (let i = 0; i < 400 && !dbRefused; i++) {
      const reg = await api.post('/api/v1/incoming', { json: incomingBody('FULL', ++n, { notes: 'x'.repeat(3900) }) });
      if (cleanError(reg, 'register on a full disk')) dbRefused = reg;
      else acked.push({ id: reg.json().id, files: [] });
    }
    assert.ok(dbRefused, 'a registration was refused on a full disk');
    console.log(`# full disk (database): ${dbRefused.status} ${dbRefused.json().error.code}: ${dbRefused.json().error.message}`);
    // A page form shows the message instead of a 500.
    const csrf = await web.csrf('/incoming/new');
    const form = await web.post('/incoming/new', { form: { ...incomingBody('FULL', ++n), csrf } });
    assert.ok(form.status !== 500 && form.status < 600, `form on a full disk: ${form.status}`);
    // Reads keep working.
    assert.equal((await web.get('/incoming')).status, 200, 'list page on a full disk');
    assert.equal((await web.get('/')).status, 200, 'home on a full disk');
    for (const d of acked) {
      const r = await api.get(`/api/v1/incoming/${d.id}`);
      assert.equal(r.status, 200, `incoming ${d.id} readable on a full disk`);
      for (const f of d.files) {
        const a = r.json().attachments.find((x) => x.id === f.id);
        assert.ok(a, `attachment ${f.id} present`);
        const dl = await web.get(a.url);
        assert.equal(dl.status, 200);
        assert.equal(sha256(Buffer.from(dl.text, 'utf8')), f.sha, `attachment ${f.id} intact`);
      }
    }
    assert.equal((await fetch(s.base + '/healthz')).status, 200);
    // Alive, but not ready: a load balancer takes the node out of rotation (issue 16).
    const nr = await fetch(s.base + '/readyz');
    assert.equal(nr.status, 503, 'readyz on a full disk');
    assert.equal((await nr.json()).reason, 'disk_full');
    // Space back: writes work again, and the database is sound.
    unlinkSync(filler);
    // The administrator adds space (the uploads took nearly all of it, not only the filler).
    const rm = spawnSync('mount', ['-o', 'remount,size=40m', mnt], { encoding: 'utf8' });
    assert.equal(rm.status, 0, rm.stderr);
    const again = await api.post('/api/v1/incoming', { json: incomingBody('FULL', ++n) });
    assert.equal(again.status, 201, `after freeing space: ${again.text}\n${s.stderr.slice(-3000)}`);
    assert.equal((await fetch(s.base + '/readyz')).status, 200, 'ready again once space is back');
    await s.stop();
    s = null;
    const c = check(data);
    assert.ok(c.ok, c.out);
  } finally {
    if (s) await s.kill();
    spawnSync('umount', [mnt]);
    rmSync(mnt, { recursive: true, force: true });
  }
});
