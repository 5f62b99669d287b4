// Issue 17: a clerk registering through the API while `vanphong import` runs.
//
//   node bench/import_parallel.mjs BIN DATA CORPUS.jsonl [RATE_PER_S] [LOGIN]
//
// DATA is an initialised office (init --demo). Starts `vanphong serve` on a free loopback
// port, an API token for LOGIN (default vanthu), then the import of CORPUS; while the import
// runs, LOGIN registers RATE (default 5) documents a second through POST /api/v1/incoming,
// each timed from request to answer. Prints one JSON line:
//   {"what":"import_parallel","docs":…,"import_docs_per_s":…,"reg_n":…,"reg_failed":…,
//    "reg_p50_ms":…,"reg_p95_ms":…,"reg_p99_ms":…,"reg_max_ms":…,"ids":[…]}
// (ids: the registered documents, for the HTTP test's checks). Exit 1 when something could not
// run; a failed registration is counted, not fatal (the caller judges).
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

export function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

function pct(sorted, p) {
  if (!sorted.length) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[i];
}

export async function importParallel({ bin, data, corpus, rate = 5, login = 'vanthu', env = process.env, importArgs = [] }) {
  const tok = spawnSync(bin, ['token', 'create', '--data', data, '--login', login], { env, encoding: 'utf8' });
  const token = (tok.stdout || '').trim();
  if (tok.status !== 0 || !token) throw new Error(`token create: ${tok.stderr}`);
  const port = await freePort();
  const srv = spawn(bin, ['serve', '--data', data, '--listen', `127.0.0.1:${port}`], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let srvErr = '';
  srv.stderr.on('data', (d) => { srvErr += d; });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try { const r = await fetch(`${base}/login`); if (r.status === 200) break; } catch { /* not yet */ }
    if (i > 3000 || srv.exitCode !== null) { srv.kill(); throw new Error(`serve did not start\n${srvErr}`); }
    await new Promise((r) => setTimeout(r, 10));
  }
  const today = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10); // Vietnam date
  const lat = [];
  const ids = [];
  let failed = 0;
  let firstError = null;
  const t0 = Date.now();
  const imp = spawn(bin, ['import', '--data', data, ...importArgs, corpus], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let impOut = '';
  let impErr = '';
  imp.stdout.on('data', (d) => { impOut += d; });
  imp.stderr.on('data', (d) => { impErr += d; });
  const impDone = new Promise((resolve) => imp.on('exit', (code) => resolve(code)));
  let running = true;
  impDone.then(() => { running = false; });
  const gap = 1000 / rate;
  let seq = 0;
  const pending = [];
  // Requests leave on a fixed schedule (open loop): a slow answer does not delay the next one.
  while (running) {
    const n = ++seq;
    const body = {
      issuer_name: 'Ủy ban nhân dân phường Bình Thủy',
      code: `${n}/CV-BENCH${process.pid}`,
      doc_type: 'cong_van',
      issued_date: today,
      subject: `Văn bản đăng ký song song số ${n} trong khi nhập dữ liệu`,
      duplicate_reason: 'đo thử',
    };
    pending.push((async () => {
      const s = process.hrtime.bigint();
      try {
        const r = await fetch(`${base}/api/v1/incoming`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        const text = await r.text();
        lat.push(Number(process.hrtime.bigint() - s) / 1e6);
        if (r.status !== 201) { failed++; firstError ??= `${r.status} ${text}`; return; }
        ids.push(JSON.parse(text).id);
      } catch (e) {
        failed++;
        firstError ??= String(e);
      }
    })());
    await new Promise((r) => setTimeout(r, gap));
  }
  await Promise.all(pending);
  const code = await impDone;
  const seconds = (Date.now() - t0) / 1000;
  srv.kill('SIGTERM');
  await new Promise((r) => srv.on('exit', r));
  const m = impOut.match(/imported (\d+) documents/);
  const docs = m ? Number(m[1]) : 0;
  const over = impOut.match(/overall (\d+) docs\/s/);
  lat.sort((a, b) => a - b);
  return {
    what: 'import_parallel',
    docs,
    import_exit: code,
    import_seconds: seconds,
    import_docs_per_s: over ? Number(over[1]) : Math.round(docs / seconds),
    reg_n: lat.length,
    reg_failed: failed,
    reg_first_error: firstError,
    reg_p50_ms: pct(lat, 0.5),
    reg_p95_ms: pct(lat, 0.95),
    reg_p99_ms: pct(lat, 0.99),
    reg_max_ms: lat.length ? lat[lat.length - 1] : 0,
    import_line: impOut.trim(),
    import_err_tail: code === 0 || code === 3 ? '' : impErr.slice(-500),
    ids,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [bin, data, corpus, rate, login] = process.argv.slice(2);
  if (!bin || !data || !corpus) {
    console.error('usage: node bench/import_parallel.mjs BIN DATA CORPUS.jsonl [RATE] [LOGIN]');
    process.exit(2);
  }
  try {
    const r = await importParallel({ bin, data, corpus, rate: Number(rate || 5), login: login || 'vanthu' });
    delete r.ids;
    console.log(JSON.stringify(r));
  } catch (e) {
    console.error(`import_parallel: ${e.message}`);
    process.exit(1);
  }
}
