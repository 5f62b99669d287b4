// The clock-driven sweeps (jobs_add_tick: report periods and the late list, follow-up,
// conference, petition and publication reminders, the awards list, the fixity schedule) run once
// before `serve` prints "listening" (jobs_run_ticks). Before, they ran at the job workers' first
// idle moment — after the demo's queued jobs (text extraction, OCR, signature checks), i.e.
// seconds after start on a fast machine and later on a slow one — so what a test met at its
// first request depended on the machine: the reporting CI failure. Here the state is read at
// once (API tokens made before the start, so no login delays the first reading), then again
// when the job queue is empty and the workers have gone idle: nothing the sweeps make may
// appear in between (the demo's conference is due soon and the late report list is due at
// start: the old order made them seconds after "listening").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { LOGINS, cli, makeDemoData, spawnServe, sanitizerReport } from './lib.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('the start-up sweeps are done when the server says it listens, and not again at idle', async () => {
  const demo = makeDemoData();
  const token = {};
  for (const login of Object.values(LOGINS)) {
    const r = cli(['token', 'create', '--data', demo.data, '--login', login]);
    assert.equal(r.status, 0, r.stderr);
    token[login] = r.stdout.trim().split('\n').pop();
  }
  const srv = await spawnServe(demo.data);
  try {
    const get = async (login, path) => {
      const r = await fetch(srv.base + path, { headers: { authorization: `Bearer ${token[login]}` } });
      assert.equal(r.status, 200, `${login} ${path}`);
      return r;
    };
    // Every user's notifications and the report instances the city clerk sees.
    const snapshot = async () => {
      const s = {};
      await Promise.all(Object.values(LOGINS).map(async (login) => {
        const j = await (await get(login, '/api/v1/notifications')).json();
        s[login] = { unread: j.unread, items: j.items.map((n) => `${n.id} ${n.kind}`) };
      }));
      const types = (await (await get(LOGINS.clerk, '/api/v1/reports/types')).json()).items;
      s.reports = [];
      for (const t of types) {
        const m = await (await get(LOGINS.clerk, `/api/v1/reports/types/${t.id}/completeness`)).text();
        s.reports.push(`${t.id} ${m.length}`);
      }
      return s;
    };
    const first = await snapshot();

    // The workers' first idle pass comes after the queue is empty (queued and running 0), then
    // one poll period (JOBS_POLL_MS) and a turn (JOBS_SLICE_MS + JOBS_YIELD_MS): wait for an
    // empty queue, seen twice 1.5 s apart. Bounded generously: a slow machine runs OCR slowly.
    const busy = async () => {
      const m = await (await get(LOGINS.admin, '/metrics')).text();
      const n = (state) => Number((m.match(new RegExp(`^vanphong_jobs\\{state="${state}"\\} (\\d+)$`, 'm')) || [0, 0])[1]);
      return n('queued') + n('running');
    };
    const t0 = Date.now();
    for (let quiet = 0; quiet < 2;) {
      assert.ok(Date.now() - t0 < 300000, 'the job queue never emptied');
      quiet = (await busy()) === 0 ? quiet + 1 : 0;
      await sleep(1500);
    }
    const later = await snapshot();

    assert.deepEqual(later, first, 'nothing appeared after "listening" while no one acted');
  } finally {
    srv.proc.kill('SIGTERM');
    await srv.exited;
    rmSync(demo.dir, { recursive: true, force: true });
    assert.ok(!sanitizerReport(srv.stderr()), srv.stderr());
  }
});
