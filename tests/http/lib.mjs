// Test harness for HTTP tests: a real `vanphong serve` on a free port over a fresh demo data
// directory, a cookie-keeping client, and `vanphong http` for sockets-free requests.
//
//   const srv = await startServer();          // init --demo + serve, waits for "listening"
//   const c = srv.client();                   // its own cookie jar
//   await c.login('admin', DEMO_PASSWORD);
//   const r = await c.get('/org');            // {status, headers, text, json(), cookies}
//   await srv.stop();                         // SIGTERM; fails on sanitizer reports
//
// With VP_DB_URL set (scripts/test-pg.sh build --http), every demo office is made in SQLite,
// then moved by copy-to-pg into a FRESH database of that cluster (one per data directory, so
// that tests never see each other's rows); the server, `vanphong http` and every command on
// that data directory get the new database through VP_DB_URL, and it is dropped at stop().
import { spawn, spawnSync } from 'node:child_process';
import {
  mkdtempSync, rmSync, existsSync, appendFileSync, statSync, readFileSync, writeFileSync, renameSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export const DEMO_PASSWORD = 'demo-matkhau-2026';
export const BIN = process.env.VANPHONG_BIN || new URL('../../build/vanphong', import.meta.url).pathname;

// The demo office's logins (org/seed): one per role, plus a second clerk and specialist.
export const LOGINS = {
  admin: 'admin',
  leader: 'thuongtruc',
  officeLeader: 'chanhvp',
  clerk: 'vanthu',
  specialist: 'chuyenvien',
  unit: 'donvi',
  clerkBinhThuy: 'vanthu.binhthuy',
  specialist2: 'chuyenvien2',
};

// The cluster's database the suite was given (never written to: each office gets its own).
export const PG_URL = process.env.VP_DB_URL || '';
delete process.env.VP_DB_URL;
// data directory -> its PostgreSQL database's URL.
const pgOf = new Map();

// The URL of another database on PG_URL's cluster: a libpq keyword string's dbname= or a
// postgresql:// URL's path replaced.
export function pgUrlFor(dbname) {
  if (/^postgres(ql)?:\/\//.test(PG_URL)) {
    const u = new URL(PG_URL);
    u.pathname = '/' + dbname;
    return u.toString();
  }
  return /(^|\s)dbname=\S+/.test(PG_URL) ? PG_URL.replace(/(^|\s)dbname=\S+/, `$1dbname=${dbname}`) : `${PG_URL} dbname=${dbname}`;
}

function psql(sql) {
  const r = spawnSync('psql', ['-XAtq', '-v', 'ON_ERROR_STOP=1', PG_URL, '-c', sql], { encoding: 'utf8', timeout: 60000 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`psql ${sql}: ${r.stderr}`);
  return r.stdout;
}

// Moves the SQLite office of data into a fresh database; remembers and returns its URL.
export function pgAttach(data) {
  const name = 'vp_' + randomBytes(6).toString('hex');
  psql(`CREATE DATABASE ${name} TEMPLATE template0`);
  const url = pgUrlFor(name);
  const r = spawnSync(BIN, ['copy-to-pg', '--data', data, '--to', url], { env: baseEnv(), encoding: 'utf8', timeout: 120000 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`copy-to-pg failed (${r.status}): ${r.stderr}${r.stdout}`);
  pgOf.set(data, { name, url });
  return url;
}

// A fresh EMPTY database for data (no schema: what `vanphong restore --db` wants), remembered
// like pgAttach's so that the commands and the server on data use it. Null without PostgreSQL.
export function pgEmptyFor(data) {
  if (!PG_URL) return null;
  const name = 'vp_' + randomBytes(6).toString('hex');
  psql(`CREATE DATABASE ${name} TEMPLATE template0`);
  const url = pgUrlFor(name);
  pgOf.set(data, { name, url });
  return url;
}

// Drops data's database (a no-op without PostgreSQL or when already dropped).
export function pgDetach(data) {
  const p = pgOf.get(data);
  if (!p) return;
  pgOf.delete(data);
  try { psql(`DROP DATABASE IF EXISTS ${p.name} WITH (FORCE)`); } catch { /* the cluster goes anyway */ }
}
process.on('exit', () => { for (const d of [...pgOf.keys()]) pgDetach(d); });

// The environment for a command on data: VP_DB_URL set to its database when it has one.
export function dbEnv(data) {
  const p = data && pgOf.get(data);
  return p ? { VP_DB_URL: p.url } : {};
}

// One SQL statement on data's store, as someone with access to the database would run it: psql
// on its PostgreSQL database when it has one (VP_DB_URL runs), else the sqlite3 shell on
// DATA/vanphong.db (waiting up to 10 s for a running server's write lock). Both print rows as
// fields separated by '|', one row a line, NULL as nothing. Returns the output trimmed; throws
// with the tool's message when the statement fails.
export function sqlOn(data, statement) {
  const p = pgOf.get(data);
  const r = p
    ? spawnSync('psql', ['-XAtq', '-v', 'ON_ERROR_STOP=1', p.url, '-c', statement], { encoding: 'utf8', timeout: 60000 })
    : spawnSync('sqlite3', ['-cmd', '.timeout 10000', join(data, 'vanphong.db'), statement], { encoding: 'utf8', timeout: 60000 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${p ? 'psql' : 'sqlite3'} ${statement}: ${r.stderr}`);
  return r.stdout.trim();
}

// Whether data's office lives on PostgreSQL (a VP_DB_URL run).
export function onPg(data) {
  return pgOf.has(data);
}

// The data directory an argument list names (--data DIR / --data=DIR).
function dataArg(args) {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--data') return args[i + 1];
    if (typeof args[i] === 'string' && args[i].startsWith('--data=')) return args[i].slice(7);
  }
  return null;
}

export function baseEnv(extra = {}) {
  return {
    ...process.env,
    VANPHONG_DEMO_PASSWORD: DEMO_PASSWORD,
    VANPHONG_QUIET: '1',
    VANPHONG_LANG: '',
    ...extra,
  };
}

// Runs the CLI synchronously: {status, stdout, stderr}. A command on a data directory that
// lives on PostgreSQL runs there (except init, which makes a new office).
export function cli(args, { input, env } = {}) {
  const db = args[0] === 'init' ? {} : dbEnv(dataArg(args));
  const r = spawnSync(BIN, args, { input, env: baseEnv({ ...db, ...env }), encoding: 'utf8', timeout: 60000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function sanitizerReport(text) {
  return /AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:/.test(text);
}

// `init --demo` into data, which must not exist; throws on its failure or a sanitizer's report.
function initDemo(data) {
  const r = cli(['init', '--data', data, '--demo']);
  if (r.status !== 0) throw new Error(`init --demo failed (${r.status}): ${r.stderr}${r.stdout}`);
  if (sanitizerReport(r.stderr)) throw new Error(`sanitizer report during init:\n${r.stderr}`);
}

// The demo office as `init --demo` makes it, once per binary and day in the folder
// VP_DEMO_TEMPLATES (set by scripts/run-node-tests.sh for one suite run); null without it.
// init --demo takes 4 s, 8 s under ASan (Argon2 for every login, the signing keys, the
// extracted files), and a suite makes about 120 offices: each is a copy of the template. The
// day is in the key because the demo's dates (deadlines, this week's calendar) are relative to
// the day it was made, in UTC and in Vietnam's time both.
function demoTemplate() {
  const root = process.env.VP_DEMO_TEMPLATES;
  if (!root || !existsSync(root)) return null;
  const st = statSync(BIN);
  const now = new Date();
  const days = [now.toISOString().slice(0, 10),
    now.toLocaleDateString('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' })];
  const key = `${st.size}-${Math.floor(st.mtimeMs)}-${days.join('-')}`;
  const tpl = join(root, key);
  if (existsSync(join(tpl, 'data', 'vanphong.db'))) return tpl;
  // Made beside it and renamed into place, so another test process never copies half an office.
  const work = mkdtempSync(join(root, 'making-'));
  initDemo(join(work, 'data'));
  try {
    renameSync(work, tpl);
  } catch {
    rmSync(work, { recursive: true, force: true }); // another process put its own in place
  }
  return tpl;
}

// Creates a data directory with the demo office. Returns its path (removed by cleanup()).
export function makeDemoData() {
  const dir = mkdtempSync(join(tmpdir(), 'vanphong-test-'));
  const data = join(dir, 'data');
  const tpl = demoTemplate();
  if (tpl) {
    // cp -a keeps the 0700 folders and 0600 files the checks of a data directory expect.
    const r = spawnSync('cp', ['-a', join(tpl, 'data'), data], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`copying the demo office failed: ${r.stderr}`);
    // Each office its own peer identity, as two installations have (made again at first use;
    // the database holds none of it). petitions.key stays: the demo's petitions are sealed with it.
    rmSync(join(data, 'keys', 'peer.key'), { force: true });
    // NSS writes its database folder's absolute path into pkcs11.txt.
    const nss = join(data, 'nss', 'pkcs11.txt');
    if (existsSync(nss)) {
      writeFileSync(nss, readFileSync(nss, 'utf8').split(join(tpl, 'data')).join(data));
    }
  } else {
    initDemo(data);
  }
  if (PG_URL) pgAttach(data);
  return { dir, data };
}

// Spawns `vanphong serve` over data; resolves once it listens, with the process, its base URL,
// a promise of its exit and its stderr so far.
export async function spawnServe(data, { env, listen = '127.0.0.1:0', args = [] } = {}) {
  const db = dbEnv(data);
  const dbArgs = db.VP_DB_URL ? ['--db', db.VP_DB_URL] : [];
  const proc = spawn(BIN, ['serve', '--data', data, ...dbArgs, '--listen', listen, ...args], {
    env: baseEnv({ ...db, ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  // scripts/test-pg.sh --http keeps every server's stderr (the driver's refused statements).
  if (process.env.VP_TEST_SERVER_LOG) {
    exited.then(() => { try { appendFileSync(process.env.VP_TEST_SERVER_LOG, stderr); } catch { /* a log only */ } });
  }
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 30 s\n${stdout}\n${stderr}`)), 30000);
    proc.stdout.on('data', (d) => {
      stdout += d;
      const m = stdout.match(/vanphong: listening on (http:\/\/(?:127\.0\.0\.1|\[[0-9a-f:]+\]):\d+)\//);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening\n${stdout}\n${stderr}`));
    });
  });
  return { proc, base, exited, stderr: () => stderr };
}

// Starts `vanphong serve` on 127.0.0.1:0 over a fresh demo data directory.
export async function startServer({ env } = {}) {
  const { dir, data } = makeDemoData();
  const { proc, base, exited, stderr: errText } = await spawnServe(data, { env });
  let stopped = false;
  const sessions = {};
  const srv = {
    base, data, dir, proc,
    get stderr() { return errText(); },
    client() { return new Client(base); },
    // A logged-in client per demo login, kept for the whole file, with the session's CSRF
    // token sent as x-csrf-token on every request.
    async as(login) {
      if (sessions[login]) return sessions[login];
      const c = new Client(base);
      const r = await c.login(login, DEMO_PASSWORD);
      if (r.status !== 303) throw new Error(`login ${login}: ${r.status}`);
      c.headers['x-csrf-token'] = await c.csrf('/');
      sessions[login] = c;
      return c;
    },
    http(raw) { return runHttp(data, raw); },
    sql(statement) { return sqlOn(data, statement); },
    cli(args, opts) { return cli(args.map((a) => (a === '$DATA' ? data : a)), opts); },
    async stop() {
      if (stopped) return;
      stopped = true;
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 10000);
      const { code, signal } = await exited;
      clearTimeout(t);
      rmSync(dir, { recursive: true, force: true });
      pgDetach(data);
      const stderr = errText();
      if (sanitizerReport(stderr)) throw new Error(`sanitizer report from the server:\n${stderr}`);
      if (signal === 'SIGKILL') throw new Error('server did not stop on SIGTERM within 10 s');
      if (code !== 0 && code !== null) throw new Error(`server exited with ${code}\n${stderr}`);
    },
  };
  return srv;
}

// ---- a small HTTP client with a cookie jar ----------------------------------------------

export class Client {
  constructor(base) {
    this.base = base;
    this.jar = new Map();
    this.headers = {};
  }

  cookieHeader() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(method, path, { body, headers = {}, form, json } = {}) {
    const h = { ...this.headers, ...headers };
    if (this.jar.size && !('cookie' in h)) h.cookie = this.cookieHeader();
    let payload = body;
    if (form !== undefined) {
      h['content-type'] = 'application/x-www-form-urlencoded';
      payload = typeof form === 'string' ? form : new URLSearchParams(form).toString();
    } else if (json !== undefined) {
      h['content-type'] = 'application/json';
      payload = typeof json === 'string' ? json : JSON.stringify(json);
    }
    const res = await fetch(this.base + path, { method, headers: h, body: payload, redirect: 'manual' });
    const setCookies = res.headers.getSetCookie();
    for (const sc of setCookies) {
      const [pair, ...attrs] = sc.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
      if (expired) this.jar.delete(name); else this.jar.set(name, value);
    }
    const buf = Buffer.from(await res.arrayBuffer());
    const text = buf.toString('utf8');
    return {
      status: res.status,
      headers: res.headers,
      setCookies,
      text,
      location: res.headers.get('location'),
      json() { return JSON.parse(text); },
    };
  }

  get(path, opts) { return this.request('GET', path, opts); }
  post(path, opts) { return this.request('POST', path, opts); }
  patch(path, opts) { return this.request('PATCH', path, opts); }

  // Follows a 303 after POST, the way a browser does.
  async follow(r) {
    let hops = 0;
    while (r.status >= 300 && r.status < 400 && r.location && hops++ < 5) {
      const loc = r.location.startsWith('http') ? new URL(r.location).pathname + new URL(r.location).search : r.location;
      r = await this.get(loc);
    }
    return r;
  }

  // Fetches a page and returns its CSRF token.
  async csrf(path = '/') {
    const r = await this.get(path);
    const t = extractCsrf(r.text);
    if (!t) throw new Error(`no csrf field on ${path} (status ${r.status})`);
    return t;
  }

  // Logs in through the form; returns the POST response (303 on success).
  async login(login, password = DEMO_PASSWORD) {
    const page = await this.get('/login');
    const csrf = extractCsrf(page.text);
    const form = { login, password };
    if (csrf) form.csrf = csrf;
    return this.post('/login', { form });
  }

  // POSTs a form with the CSRF token of `fromPath` (fetched first).
  async postForm(path, fields, fromPath = path) {
    const csrf = await this.csrf(fromPath);
    return this.post(path, { form: { ...fields, csrf } });
  }
}

export function extractCsrf(html) {
  const m = html.match(/<input[^>]*name="csrf"[^>]*value="([^"]*)"/) || html.match(/<input[^>]*value="([^"]*)"[^>]*name="csrf"/);
  return m ? m[1] : null;
}

// ---- vanphong http: one raw request on stdin ----------------------------------------------

export function runHttp(data, raw, { env } = {}) {
  const r = spawnSync(BIN, ['http', '--data', data], {
    input: Buffer.isBuffer(raw) ? raw : Buffer.from(raw.replace(/\r?\n/g, '\r\n')),
    env: baseEnv({ ...dbEnv(data), ...env }),
    timeout: 30000,
  });
  if (r.error) throw r.error;
  const out = r.stdout;
  const sep = out.indexOf('\r\n\r\n');
  const head = (sep >= 0 ? out.subarray(0, sep) : out).toString('latin1');
  const body = sep >= 0 ? out.subarray(sep + 4).toString('utf8') : '';
  const [statusLine, ...lines] = head.split('\r\n');
  const headers = {};
  for (const l of lines) {
    const i = l.indexOf(':');
    if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  const status = Number((statusLine.match(/^HTTP\/1\.[01] (\d{3})/) || [])[1] || 0);
  return { exit: r.status, status, headers, body, stderr: r.stderr.toString('utf8') };
}

export { existsSync };
