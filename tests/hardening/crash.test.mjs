// Crash safety (DESIGN.md principle 3, "nothing acknowledged is ever lost"): writers register
// incoming documents and upload attachments over the API against a real server, which is
// killed with SIGKILL at a random moment, CRASH_ROUNDS times (default 20). After each kill
// `vanphong check` must pass, the server must start again, and every write that got a 201 must
// be there intact: the record with its arrival number and notation, and each acknowledged
// attachment with the sha256 of the bytes sent (downloaded and hashed again). Every attachment
// row in the database, acknowledged or not, must have its blob with that hash on disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  makeDemoData, serveOn, token, bearerClient, check, sha256, textFile, incomingBody, upload, sleep, DEMO_PASSWORD,
} from './lib.mjs';

// The background extraction of hundreds of uploaded files, catching up after every restart,
// competes for the write lock on a loaded CI machine (a login once waited past the busy
// timeout); this test is about acknowledged writes, so it runs without job workers.
const NO_JOBS = ['--jobs', '0'];

const ROUNDS = Number(process.env.CRASH_ROUNDS || 20);
const WRITERS = 4;

// One writer: register, then attach one or two files; records what was acknowledged.
async function writer(api, tag, state, stop) {
  while (!stop.done) {
    const n = state.seq++;
    let r;
    try {
      r = await api.post('/api/v1/incoming', { json: incomingBody(tag, n) });
    } catch {
      return; // the server died mid-request: not acknowledged
    }
    if (r.status !== 201) {
      state.bad.push(`register ${n}: ${r.status} ${r.text.slice(0, 200)}`);
      continue;
    }
    const doc = { id: r.json().id, arrival_number: r.json().arrival_number, code: incomingBody(tag, n).code, files: [] };
    state.acked.push(doc);
    const files = 1 + (n % 2);
    for (let i = 0; i < files && !stop.done; i++) {
      const buf = textFile(20000 + ((n * 7919 + i * 104729) % 200000));
      try {
        r = await upload(api, `/api/v1/incoming/${doc.id}/attachments`, buf, `tep-${n}-${i}.txt`);
      } catch {
        return;
      }
      if (r.status !== 201) {
        state.bad.push(`attach ${doc.id}: ${r.status} ${r.text.slice(0, 200)}`);
        continue;
      }
      doc.files.push({ id: r.json().id, sha: sha256(buf), size: buf.length });
    }
  }
}

// Every acknowledged record and file of `docs` is there, as sent.
// api: a Bearer client for the JSON; web: a logged-in session for the downloads (pages and
// files take the session cookie, not a token).
async function verify(api, web, docs) {
  for (const d of docs) {
    const r = await api.get(`/api/v1/incoming/${d.id}`);
    assert.equal(r.status, 200, `incoming ${d.id} acknowledged but missing: ${r.text.slice(0, 200)}`);
    const j = r.json();
    assert.equal(j.arrival_number, d.arrival_number, `incoming ${d.id}: arrival number`);
    assert.equal(j.code, d.code, `incoming ${d.id}: notation`);
    for (const f of d.files) {
      const a = j.attachments.find((x) => x.id === f.id);
      assert.ok(a, `attachment ${f.id} of incoming ${d.id} acknowledged but missing`);
      assert.equal(a.sha256, f.sha, `attachment ${f.id}: recorded hash`);
      const dl = await web.get(a.url);
      assert.equal(dl.status, 200, `attachment ${f.id}: download`);
      const body = Buffer.from(dl.text, 'utf8');
      assert.equal(body.length, f.size, `attachment ${f.id}: size`);
      assert.equal(sha256(body), f.sha, `attachment ${f.id}: content hash`);
    }
  }
}

// Every attachments row (acknowledged or not) has its blob on disk with the right content.
function verifyBlobs(data) {
  const r = spawnSync('sqlite3', ['-readonly', join(data, 'vanphong.db'), 'SELECT DISTINCT sha256 FROM attachments;'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const shas = r.stdout.split('\n').filter(Boolean);
  for (const h of shas) {
    const p = join(data, 'blobs', h.slice(0, 2), h.slice(2, 4), h);
    assert.ok(existsSync(p), `blob ${h} referenced but missing`);
    assert.equal(sha256(readFileSync(p)), h, `blob ${h} damaged`);
  }
  return shas.length;
}

test(`SIGKILL ${ROUNDS} times during registrations with attachments: nothing acknowledged is lost`, { timeout: 300000 }, async () => {
  const { dir, data } = makeDemoData();
  assert.ok(existsSync(join(data, 'vanphong.db')), 'database file name');
  const tok = token(data, 'vanthu');
  const state = { seq: 1, acked: [], bad: [] };
  const tag = `KILL${process.pid}`;
  let prevCount = 0;
  let kills = 0;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const s = await serveOn(data, { args: NO_JOBS });
      const api = bearerClient(s.base, tok);
      // What earlier rounds acknowledged survived the last kill (the newest in full, the
      // rest by a sample so that the test stays fast; everything again at the end).
      const fresh = state.acked.slice(prevCount);
      if (process.env.CRASH_DEBUG) console.log(`# round ${round}: verifying ${fresh.length}`);
      const web = s.client();
      assert.equal((await web.login('vanthu', DEMO_PASSWORD)).status, 303);
      await verify(api, web, fresh);
      prevCount = state.acked.length;
      const stop = { done: false };
      const ws = [];
      for (let w = 0; w < WRITERS; w++) ws.push(writer(api, tag, state, stop));
      await sleep(150 + Math.floor(Math.random() * 1200));
      if (process.env.CRASH_DEBUG) console.log(`# round ${round}: kill after ${state.acked.length}`);
      await s.kill();
      kills++;
      stop.done = true;
      await Promise.all(ws);
      const c = check(data);
      assert.ok(c.ok, `vanphong check after kill ${kills}:\n${c.out}`);
    }
    assert.deepEqual(state.bad, [], 'every write before the kill succeeded');
    const s = await serveOn(data, { args: NO_JOBS });
    try {
      const web = s.client();
      assert.equal((await web.login('vanthu', DEMO_PASSWORD)).status, 303);
      await verify(bearerClient(s.base, tok), web, state.acked);
      // Arrival numbers are unique per unit and year.
      const nums = state.acked.map((d) => d.arrival_number);
      assert.equal(new Set(nums).size, nums.length, 'arrival numbers are unique');
    } finally {
      await s.stop();
    }
    const blobs = verifyBlobs(data);
    const files = state.acked.reduce((n, d) => n + d.files.length, 0);
    console.log(`# crash: ${kills} kills, ${state.acked.length} registrations and ${files} attachments acknowledged, all present; ${blobs} blobs verified`);
    assert.ok(state.acked.length > ROUNDS, 'writes were acknowledged between kills');
    assert.equal(check(data).ok, true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
