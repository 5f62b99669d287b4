// Load: LOAD_CLIENTS (200) concurrent logged-in clients for LOAD_SECONDS (60) against a real
// server over a fresh demo office, mixing page views (home, lists, a document), searches and
// writes (registrations). Reports requests, 5xx, other failures, latency p50/p95/p99 and the
// server's RSS sampled every second; fails on any 5xx or transport error, or when RSS in the
// last third of the run grew more than LOAD_RSS_GROWTH (25 %) over the first third after
// warm-up (a leak). Not a node:test file: `make load` runs it (scripts/harden-load.sh).
//
// The server limits connections per client address (HTTP_MAX_CONN_PER_IP = 64), so the
// clients are spread over the loopback addresses 127.0.0.2… (50 each), as many offices
// behind different addresses would be.
import http from 'node:http';
import { readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { makeDemoData, serveOn, DEMO_PASSWORD } from './lib.mjs';

const CLIENTS = Number(process.env.LOAD_CLIENTS || 200);
const SECONDS = Number(process.env.LOAD_SECONDS || 60);
const GROWTH = Number(process.env.LOAD_RSS_GROWTH || 0.25);
const PER_ADDR = 50;

function rssKb(pid) {
  try {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/);
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

// One keep-alive connection per client, from its own loopback address.
function makeClient(base, i) {
  const u = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1, localAddress: `127.0.0.${2 + Math.floor(i / PER_ADDR)}` });
  let cookie = '';
  const jar = new Map();
  let csrf = '';
  function req(method, path, body, type) {
    return new Promise((resolve, reject) => {
      const headers = { cookie };
      if (body !== undefined) {
        headers['content-type'] = type;
        headers['content-length'] = Buffer.byteLength(body);
        if (csrf) headers['x-csrf-token'] = csrf;
      }
      const r = http.request({ host: u.hostname, port: u.port, method, path, headers, agent }, (res) => {
        const chunks = [];
        res.on('data', (d) => chunks.push(d));
        res.on('end', () => {
          // The session and the login form's pre-session CSRF cookie (vp_login_csrf).
          for (const sc of res.headers['set-cookie'] || []) {
            const pair = sc.split(';')[0];
            const name = pair.slice(0, pair.indexOf('='));
            jar.set(name, pair);
          }
          cookie = [...jar.values()].join('; ');
          resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      });
      r.setTimeout(30000, () => r.destroy(new Error('timeout 30 s')));
      r.on('error', reject);
      if (body !== undefined) r.write(body);
      r.end();
    });
  }
  return {
    req,
    async login(login) {
      const page = await req('GET', '/login');
      const m = page.text.match(/name="csrf"[^>]*value="([^"]*)"/) || page.text.match(/value="([^"]*)"[^>]*name="csrf"/);
      const form = new URLSearchParams({ login, password: DEMO_PASSWORD, ...(m ? { csrf: m[1] } : {}) }).toString();
      const r = await req('POST', '/login', form, 'application/x-www-form-urlencoded');
      if (r.status !== 303) throw new Error(`login ${login}: ${r.status}`);
      const home = await req('GET', '/');
      const t = home.text.match(/name="csrf"[^>]*value="([^"]*)"/) || home.text.match(/value="([^"]*)"[^>]*name="csrf"/);
      csrf = t ? t[1] : '';
    },
    close() { agent.destroy(); },
  };
}

const WORDS = ['chuyển đổi số', 'nghị quyết', 'dang uy', 'báo cáo', 'kiểm tra', 'Cần Thơ', 'tổ chức', 'hoà', '"ban thường vụ"'];
const PAGES = ['/', '/incoming', '/outgoing', '/registers/incoming', '/tasks', '/api/v1/incoming?limit=20'];

async function main() {
  const { dir, data } = makeDemoData();
  const s = await serveOn(data);
  const pid = s.proc.pid;
  const lat = [];
  const stats = { total: 0, s5xx: 0, errors: 0, writes: 0, searches: 0, pages: 0, other4xx: 0 };
  const errs = new Map();
  const note = (k) => errs.set(k, (errs.get(k) || 0) + 1);
  const clients = [];
  const logins = ['vanthu', 'chanhvp', 'chuyenvien', 'thuongtruc'];
  for (let i = 0; i < CLIENTS; i++) clients.push(makeClient(s.base, i));
  for (let i = 0; i < CLIENTS; i += 20) {
    await Promise.all(clients.slice(i, i + 20).map((c, j) => c.login(logins[(i + j) % logins.length])));
  }
  const ids = JSON.parse((await clients[0].req('GET', '/api/v1/incoming?limit=50')).text).items.map((x) => x.id);
  const rss = [];
  const sampler = setInterval(() => rss.push(rssKb(pid)), 1000);
  rss.push(rssKb(pid));
  const end = Date.now() + SECONDS * 1000;
  let seq = 0;
  async function run(c, i) {
    const clerk = i % logins.length === 0;
    while (Date.now() < end) {
      const r = Math.random();
      let method = 'GET';
      let path;
      let body;
      let kind;
      if (clerk && r < 0.1) {
        method = 'POST';
        path = '/api/v1/incoming';
        const n = ++seq;
        body = JSON.stringify({
          issuer_name: 'Ủy ban nhân dân thành phố Cần Thơ', doc_type: 'cong_van', issued_date: '2026-01-15',
          code: `${n}/LOAD${process.pid}-UBND`, subject: `Về việc thử tải số ${n}: báo cáo chuyển đổi số`,
        });
        kind = 'writes';
      } else if (r < 0.4) {
        path = `/search?q=${encodeURIComponent(WORDS[Math.floor(Math.random() * WORDS.length)])}`;
        kind = 'searches';
      } else if (r < 0.6 && ids.length) {
        path = `/incoming/${ids[Math.floor(Math.random() * ids.length)]}`;
        kind = 'pages';
      } else {
        path = PAGES[Math.floor(Math.random() * PAGES.length)];
        kind = 'pages';
      }
      const t0 = process.hrtime.bigint();
      try {
        const res = await c.req(method, path, body, 'application/json');
        lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
        stats.total++;
        stats[kind]++;
        if (res.status >= 500) { stats.s5xx++; note(`${res.status} ${method} ${path.split('?')[0]}`); }
        else if (res.status >= 400 && res.status !== 404) { stats.other4xx++; note(`${res.status} ${method} ${path.split('?')[0]}`); }
      } catch (e) {
        stats.errors++;
        note(`error ${e.message}`);
      }
    }
  }
  const t0 = Date.now();
  await Promise.all(clients.map((c, i) => run(c, i)));
  const secs = (Date.now() - t0) / 1000;
  clearInterval(sampler);
  for (const c of clients) c.close();
  lat.sort((a, b) => a - b);
  const pct = (p) => (lat.length ? lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))] : 0);
  const third = Math.max(1, Math.floor(rss.length / 3));
  const avg = (a) => a.reduce((x, y) => x + y, 0) / Math.max(1, a.length);
  const early = avg(rss.slice(1, 1 + third));
  const late = avg(rss.slice(rss.length - third));
  const growth = early ? (late - early) / early : 0;
  await s.stop();
  rmSync(dir, { recursive: true, force: true });
  const result = {
    clients: CLIENTS, seconds: Math.round(secs), requests: stats.total, rps: Math.round(stats.total / secs),
    pages: stats.pages, searches: stats.searches, writes: stats.writes,
    s5xx: stats.s5xx, transport_errors: stats.errors, unexpected_4xx: stats.other4xx,
    p50_ms: +pct(50).toFixed(1), p95_ms: +pct(95).toFixed(1), p99_ms: +pct(99).toFixed(1), max_ms: +pct(100).toFixed(1),
    rss_idle_kb: rss[0], rss_first_third_kb: Math.round(early), rss_last_third_kb: Math.round(late),
    rss_max_kb: Math.max(...rss), rss_growth: +growth.toFixed(3), rss_samples_kb: rss,
    errors: Object.fromEntries(errs),
  };
  const { rss_samples_kb: samples, ...shown } = result;
  console.log(JSON.stringify(shown, null, 1));
  console.log(`rss every second (MB): ${samples.map((k) => (k / 1024).toFixed(0)).join(' ')}`);
  if (process.env.LOAD_OUT) {
    mkdirSync(new URL('.', `file://${process.env.LOAD_OUT}`).pathname, { recursive: true });
    writeFileSync(process.env.LOAD_OUT, JSON.stringify(result, null, 1) + '\n');
  }
  const fail = [];
  if (stats.s5xx) fail.push(`${stats.s5xx} responses 5xx`);
  if (stats.errors) fail.push(`${stats.errors} transport errors`);
  if (stats.other4xx) fail.push(`${stats.other4xx} unexpected 4xx`);
  if (growth > GROWTH) fail.push(`RSS grew ${(growth * 100).toFixed(0)} % (first third → last third)`);
  if (fail.length) {
    console.log(`load: FAILED: ${fail.join('; ')}`);
    process.exit(1);
  }
  console.log(`load: ok — ${stats.total} requests in ${Math.round(secs)} s, 0 5xx, p99 ${pct(99).toFixed(1)} ms`);
}

main().catch((e) => { console.error(e); process.exit(1); });
