// The foundation over real HTTP: the frame, login and sessions, CSRF, input limits, the unit
// and user APIs with their refusals, the audit trail, `vanphong http` and the CLI.
// One server (fresh demo office) for the whole file; tests run in order and some build on
// what earlier ones changed (noted where they do).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, DEMO_PASSWORD, LOGINS, cli, pgEmptyFor, runHttp, sanitizerReport } from './lib.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

const VI = /[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]/i;

function assertSecurityHeaders(h, what) {
  const csp = h.get('content-security-policy') || '';
  assert.ok(csp, `${what}: CSP header`);
  assert.match(csp, /frame-ancestors 'none'/, `${what}: frame-ancestors none`);
  assert.match(csp, /default-src|script-src/, `${what}: CSP limits scripts`);
  assert.doesNotMatch(csp, /script-src[^;]*'unsafe-inline'/, `${what}: no inline script`);
  assert.equal(h.get('x-content-type-options'), 'nosniff', `${what}: nosniff`);
  assert.ok(h.get('referrer-policy'), `${what}: referrer policy`);
}

function assertApiError(r, status, code) {
  assert.equal(r.status, status, r.text);
  assert.match(r.headers.get('content-type') || '', /application\/json/);
  const j = r.json();
  assert.ok(j.error, r.text);
  if (code) assert.equal(j.error.code, code, r.text);
  assert.ok(typeof j.error.message === 'string' && j.error.message.length > 0);
  return j.error;
}

async function loggedIn(login) {
  const c = srv.client();
  const r = await c.login(login, DEMO_PASSWORD);
  assert.equal(r.status, 303, `login ${login}: ${r.status} ${r.text.slice(0, 300)}`);
  return c;
}

function adminToken() {
  const r = srv.cli(['token', 'create', '--data', '$DATA', '--login', 'admin']);
  assert.equal(r.status, 0, r.stderr);
  const m = r.stdout.match(/vp_[A-Za-z0-9_-]+/);
  assert.ok(m, `token in output: ${r.stdout}`);
  return m[0];
}

function bearer(token) {
  const c = srv.client();
  c.headers.authorization = `Bearer ${token}`;
  return c;
}

async function units(c, query = '') {
  const r = await c.get(`/api/v1/units${query}`);
  assert.equal(r.status, 200, r.text);
  const j = r.json();
  return Array.isArray(j) ? j : j.units || j.items || j.data;
}

const findUnit = (list, re) => list.find((u) => re.test(u.name));

// ---- frame, health, security headers --------------------------------------------------

test('GET /healthz answers 200 ok without login, with security headers', async () => {
  const r = await srv.client().get('/healthz');
  assert.equal(r.status, 200);
  assert.match(r.text, /^ok/);
  assertSecurityHeaders(r.headers, '/healthz');
});

test('assets are served with type, ETag and cache headers; 304 on If-None-Match', async () => {
  const c = srv.client();
  const css = await c.get('/assets/app.css');
  assert.equal(css.status, 200);
  assert.match(css.headers.get('content-type'), /^text\/css/);
  const etag = css.headers.get('etag');
  assert.ok(etag);
  assert.match(css.headers.get('cache-control'), /max-age/);
  const again = await c.get('/assets/app.css', { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);
  const js = await c.get('/assets/app.js');
  assert.match(js.headers.get('content-type'), /javascript/);
  assert.equal((await c.get('/assets/nope.css')).status, 404);
  assert.equal((await c.get('/assets/..%2Fdb%2Fdb.h')).status, 404);
});

test('an anonymous page request is sent to /login; an anonymous API call gets 401 JSON', async () => {
  const c = srv.client();
  const r = await c.get('/');
  assert.equal(r.status, 303);
  assert.match(r.location, /\/login/);
  assertSecurityHeaders(r.headers, 'redirect');
  const api = await c.get('/api/v1/me');
  const e = assertApiError(api, 401, 'unauthorized');
  assert.match(e.message, VI);
});

test('the login page is a full frame page, no inline script, Vietnamese', async () => {
  const r = await srv.client().get('/login');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /text\/html; charset=utf-8/i);
  assertSecurityHeaders(r.headers, '/login');
  assert.match(r.text, /<html lang="vi">/);
  assert.match(r.text, /<link rel="stylesheet" href="\/assets\/app\.css/);
  assert.doesNotMatch(r.text, /<script>|<script [^>]*>[^<]+<\/script>|style="/, 'no inline script or style');
  assert.match(r.text, /name="csrf"|name="password"/);
});

// ---- login, sessions, logout ----------------------------------------------------------

test('a wrong password shows a Vietnamese message and opens no session', async () => {
  const c = srv.client();
  const r = await c.login(LOGINS.officeLeader, 'sai-mat-khau-roi');
  assert.notEqual(r.status, 303);
  assert.ok([200, 400, 401, 403].includes(r.status), `status ${r.status}`);
  assert.match(r.text, /role="alert"/);
  assert.match(r.text, VI);
  assert.ok(!r.setCookies.some((s) => /^vp_session=[^;]+/.test(s) && !/Max-Age=0/i.test(s)), 'no session cookie');
  const home = await c.get('/');
  assert.equal(home.status, 303);
});

test('a correct login sets a rotated HttpOnly SameSite=Lax session cookie; home shows the frame', async () => {
  const c = srv.client();
  c.jar.set('vp_session', 'attacker-chosen-session-id-0000000000000000');
  const before = c.jar.get('vp_session');
  const r = await c.login(LOGINS.admin);
  assert.equal(r.status, 303, r.text.slice(0, 500));
  const sc = r.setCookies.find((s) => s.startsWith('vp_session='));
  assert.ok(sc, 'session cookie set');
  assert.match(sc, /HttpOnly/i);
  assert.match(sc, /SameSite=Lax/i);
  assert.notEqual(c.jar.get('vp_session'), before, 'session id rotated at login');
  const home = await c.follow(r);
  assert.equal(home.status, 200);
  assertSecurityHeaders(home.headers, 'home');
  assert.match(home.text, /Trang chủ/);
  assert.match(home.text, /href="\/org"/);
  assert.match(home.text, /href="\/admin\/users"/, 'admin sees Quản trị');
  assert.match(home.text, /<form[^>]*action="\/logout"/);
  assert.match(home.text, /id="q"/);
  const me = await c.get('/api/v1/me');
  assert.equal(me.status, 200, me.text);
  const mj = me.json();
  assert.equal((mj.user || mj).login, 'admin');
});

test('a specialist does not see the administration links', async () => {
  const c = await loggedIn(LOGINS.specialist);
  const home = await c.get('/');
  assert.equal(home.status, 200);
  assert.doesNotMatch(home.text, /href="\/admin\/users"/);
  const adm = await c.get('/admin/users');
  assert.ok([403, 404].includes(adm.status), `status ${adm.status}`);
  assert.match(adm.text, VI);
});

test('logout ends the session; the old cookie is worthless afterwards', async () => {
  const c = await loggedIn(LOGINS.officeLeader);
  const old = c.jar.get('vp_session');
  const csrf = await c.csrf('/');
  const r = await c.post('/logout', { form: { csrf } });
  assert.equal(r.status, 303);
  assert.equal((await c.get('/')).status, 303);
  const replay = srv.client();
  replay.jar.set('vp_session', old);
  const again = await replay.get('/');
  assert.equal(again.status, 303, 'old session no longer valid');
  assert.equal((await replay.get('/api/v1/me')).status, 401);
});

// ---- CSRF --------------------------------------------------------------------------------

test('a POST without a CSRF token or with a forged one is refused with 403; nothing changes', async () => {
  const c = await loggedIn(LOGINS.admin);
  const before = (await units(c)).length;
  const body = { name: 'Chi bộ thử CSRF', abbr: 'CB', level: 'CHI_BO', parent_id: 1 };
  const none = await c.post('/api/v1/units', { json: body });
  assert.equal(none.status, 403, none.text);
  const forged = await c.post('/api/v1/units', { json: body, headers: { 'x-csrf-token': 'forged-token-1234567890' } });
  assert.equal(forged.status, 403, forged.text);
  assert.equal((await units(c)).length, before, 'no unit created');

  // The same for a page form: the logout form without its token leaves the session alive.
  const noTok = await c.post('/logout', { form: { x: '1' } });
  assert.equal(noTok.status, 403);
  assert.match(noTok.text, VI);
  const bad = await c.post('/logout', { form: { csrf: 'AAAA' } });
  assert.equal(bad.status, 403);
  assert.equal((await c.get('/')).status, 200, 'still logged in');
});

// ---- bad input -------------------------------------------------------------------------------

test('broken UTF-8 in a form is refused with 400 and a Vietnamese message', async () => {
  const c = srv.client();
  const page = await c.get('/login');
  const csrf = (page.text.match(/name="csrf" value="([^"]*)"/) || [])[1] || '';
  const r = await c.post('/login', { form: `login=%C3%28admin&password=x&csrf=${encodeURIComponent(csrf)}` });
  assert.equal(r.status, 400, r.text.slice(0, 300));
  assert.match(r.text, VI);
  const raw = await c.post('/login', { body: Buffer.from([0x6c, 0x6f, 0x67, 0x69, 0x6e, 0x3d, 0xff, 0xfe]), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(raw.status, 400);
});

test('an over-long form field is refused with 400', async () => {
  const c = srv.client();
  const big = 'a'.repeat(70 * 1024);
  const r = await c.post('/login', { form: { login: big, password: 'x' } });
  assert.ok([400, 413].includes(r.status), `status ${r.status}`);
  assert.match(r.text, VI);
});

test('broken JSON and broken UTF-8 in JSON are refused by the API with codes', async () => {
  const c = bearer(adminToken());
  assertApiError(await c.post('/api/v1/units', { json: '{"name": ' }), 400);
  const r = await c.post('/api/v1/units', { body: Buffer.from('{"name":"\xff\xfe"}', 'latin1'), headers: { 'content-type': 'application/json' } });
  assertApiError(r, 400);
});

// ---- API: tokens, units, users, scope, audit -----------------------------------------------

test('an API token from `vanphong token create` works as a Bearer token', async () => {
  const c = bearer(adminToken());
  const me = await c.get('/api/v1/me');
  assert.equal(me.status, 200, me.text);
  const mj = me.json();
  assert.equal((mj.user || mj).login, 'admin');
  const bad = bearer('vp_not-a-real-token');
  assertApiError(await bad.get('/api/v1/me'), 401, 'unauthorized');
});

test('units: create; moving a unit under its own descendant is refused and changes nothing', async () => {
  const c = bearer(adminToken());
  const list = await units(c);
  const root = list.find((u) => !u.parent_id);
  assert.ok(root, 'a root unit');
  const a = await c.post('/api/v1/units', { json: { name: 'Ban thử nghiệm A', abbr: 'BTA', level: 'BAN', parent_id: root.id } });
  assert.equal(a.status, 201, a.text);
  const aid = (a.json().unit || a.json()).id;
  const b = await c.post('/api/v1/units', { json: { name: 'Tổ thử nghiệm B', abbr: 'TTB', level: 'CHI_BO', parent_id: aid } });
  assert.equal(b.status, 201, b.text);
  const bid = (b.json().unit || b.json()).id;

  const loop = await c.patch(`/api/v1/units/${aid}`, { json: { parent_id: bid } });
  const e = assertApiError(loop, 422);
  assert.match(e.message, VI);
  const selfLoop = await c.patch(`/api/v1/units/${aid}`, { json: { parent_id: aid } });
  assertApiError(selfLoop, 422);
  const got = await c.get(`/api/v1/units/${aid}`);
  assert.equal(got.status, 200);
  assert.equal((got.json().unit || got.json()).parent_id, root.id, 'parent unchanged');
});

test('a new user in a dissolved unit is refused, nothing created', async () => {
  const c = bearer(adminToken());
  const list = await units(c, '?include_dissolved=1');
  const dissolved = findUnit(list, /Quận ủy Bình Thủy/) || list.find((u) => u.active === false);
  assert.ok(dissolved, 'the demo office has a dissolved unit');
  const r = await c.post('/api/v1/users', {
    json: { login: 'nguoimoi.giaithe', name: 'Người Mới', role: 'specialist', unit_id: dissolved.id, password: 'mat-khau-du-dai-2026' },
  });
  assert.ok([400, 409, 422].includes(r.status), `status ${r.status}: ${r.text}`);
  assert.match(r.json().error.message, VI);
  const login = await srv.client().login('nguoimoi.giaithe', 'mat-khau-du-dai-2026');
  assert.notEqual(login.status, 303, 'no such account');
});

test('a specialist asking for a unit outside their scope gets 404, not 403', async () => {
  const admin = bearer(adminToken());
  const list = await units(admin);
  const ward = findUnit(list, /Bình Thủy/i) && list.find((u) => /phường Bình Thủy/i.test(u.name));
  assert.ok(ward, 'Đảng ủy phường Bình Thủy in the demo office');
  const c = await loggedIn(LOGINS.specialist);
  const r = await c.get(`/api/v1/units/${ward.id}`);
  assertApiError(r, 404, 'not_found');
  const page = await c.get(`/org/units/${ward.id}`);
  assert.equal(page.status, 404);
});

test('admin can create a user through the API, and the audit trail records it', async () => {
  const c = bearer(adminToken());
  const list = await units(c);
  const root = list.find((u) => !u.parent_id);
  const r = await c.post('/api/v1/users', {
    json: { login: 'api.chuyenvien', name: 'Chuyên Viên API', role: 'specialist', unit_id: root.id, password: 'mat-khau-du-dai-2026' },
  });
  assert.equal(r.status, 201, r.text);
  const audit = await c.get('/api/v1/audit');
  assert.equal(audit.status, 200, audit.text);
  const text = audit.text;
  assert.match(text, /user\.create/);
  assert.match(text, /unit\.create/);
  const login = await srv.client().login('api.chuyenvien', 'mat-khau-du-dai-2026');
  assert.equal(login.status, 303);
});

test('the audit trail is for admins only', async () => {
  const c = await loggedIn(LOGINS.specialist);
  const r = await c.get('/api/v1/audit');
  assert.ok([403, 404].includes(r.status), `status ${r.status}`);
});

// ---- throttling, own password ---------------------------------------------------------------

test('repeated wrong passwords throttle the account, even with the right password', async () => {
  const who = LOGINS.specialist2;
  for (let i = 0; i < 6; i++) {
    const r = await srv.client().login(who, `sai-${i}-mat-khau`);
    assert.notEqual(r.status, 303);
  }
  const r = await srv.client().login(who, DEMO_PASSWORD);
  assert.notEqual(r.status, 303, 'throttled');
  assert.match(r.text, VI);
});

test('changing one\'s own password: the new one works, the old one no longer does', async () => {
  const c = await loggedIn(LOGINS.clerkBinhThuy);
  const csrf = await c.csrf('/account/password');
  const next = 'mat-khau-moi-2026-xyz';
  const r = await c.post('/account/password', {
    form: { csrf, old_password: DEMO_PASSWORD, new_password: next, new_password2: next },
  });
  assert.equal(r.status, 303, r.text.slice(0, 500));
  assert.notEqual((await srv.client().login(LOGINS.clerkBinhThuy, DEMO_PASSWORD)).status, 303);
  assert.equal((await srv.client().login(LOGINS.clerkBinhThuy, next)).status, 303);
});

// ---- the sockets-free entry point and the CLI ----------------------------------------------

test('`vanphong http` answers GET /healthz from stdin', () => {
  const r = srv.http('GET /healthz HTTP/1.1\nHost: localhost\n\n');
  assert.equal(r.exit, 0, r.stderr);
  assert.equal(r.status, 200);
  assert.match(r.body, /^ok/);
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
  assert.ok(!sanitizerReport(r.stderr), r.stderr);
  const anon = srv.http('GET / HTTP/1.1\nHost: localhost\n\n');
  assert.equal(anon.status, 303);
  const garbage = srv.http('BLAH\n\n');
  assert.ok(garbage.status >= 400 && garbage.status < 500, `status ${garbage.status}`);
});

test('VANPHONG_LANG=en shows the English catalogue; the default is Vietnamese', () => {
  const vi = srv.http('GET /login HTTP/1.1\nHost: localhost\n\n');
  assert.equal(vi.status, 200);
  assert.match(vi.body, /Đăng nhập/);
  const en = runHttp(srv.data, 'GET /login HTTP/1.1\nHost: localhost\n\n', { env: { VANPHONG_LANG: 'en' } });
  assert.equal(en.status, 200);
  assert.match(en.body, /Log in/);
  assert.match(en.body, /Password/);
});

test('a demo that fails half-way leaves nothing behind, and init then starts clean', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vanphong-test-'));
  const data = join(dir, 'data');
  try {
    const bad = cli(['init', '--data', data, '--demo'], { env: { VANPHONG_DEMO_PASSWORD: 'abc' } });
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /đã xoá phần dữ liệu vừa tạo dở/);
    assert.throws(() => statSync(join(data, 'vanphong.db')), /ENOENT/);
    assert.throws(() => statSync(join(data, 'blobs')), /ENOENT/);
    const good = cli(['init', '--data', data, '--demo']);
    assert.equal(good.status, 0, good.stderr);
    assert.ok(statSync(join(data, 'vanphong.db')).size > 0);
    assert.equal(cli(['check', '--data', data]).status, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every CLI command answers --help with exit 0', () => {
  for (const cmd of ['init', 'serve', 'user', 'token', 'backup', 'check', 'http']) {
    const r = cli([cmd, '--help']);
    assert.equal(r.status, 0, `${cmd} --help: ${r.stderr}`);
    assert.ok((r.stdout + r.stderr).length > 0, `${cmd} --help prints something`);
  }
  assert.equal(cli(['--help']).status, 0);
  assert.notEqual(cli(['no-such-command']).status, 0);
});

test('`vanphong user add` reads the password from stdin', async () => {
  const c = bearer(adminToken());
  const list = await units(c);
  const root = list.find((u) => !u.parent_id);
  const pw = 'mat-khau-tu-stdin-2026';
  const r = srv.cli(['user', 'add', '--data', '$DATA', '--login', 'cli.user', '--name', 'Người Dùng CLI', '--role', 'clerk', '--unit', String(root.id)], { input: `${pw}\n` });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.equal((await srv.client().login('cli.user', pw)).status, 303);
});

test('`vanphong backup` while the server runs produces a database that `check` accepts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vanphong-backup-'));
  try {
    const file = join(dir, 'backup.db');
    const b = srv.cli(['backup', '--data', '$DATA', '--to', file]);
    assert.equal(b.status, 0, b.stderr);
    assert.ok(statSync(file).size > 0);
    // The petitions' key is not in the database; the copy beside it is private and identical,
    // or the sealed identities in the copy could never be read back.
    const key = join(file + '.keys', 'petitions.key');
    assert.equal(statSync(key).mode & 0o777, 0o600);
    assert.deepEqual(readFileSync(key), readFileSync(join(srv.data, 'keys', 'petitions.key')));
    assert.equal(statSync(file + '.keys').mode & 0o777, 0o700);
    // A database copy alone lacks the attachments that check's archive fixity needs: restore
    // takes them from --blobs (the folder form of backup carries them itself, restore.test).
    const restored = join(dir, 'restored');
    pgEmptyFor(restored); // on PostgreSQL the dump goes into an empty database
    const ck = cli(['restore', '--from', file, '--data', restored, '--blobs', join(srv.data, 'blobs')]);
    assert.equal(ck.status, 0, ck.stderr + ck.stdout);
    assert.equal(ck.stdout.trim().split('\n').pop(), 'ok');
    const live = srv.cli(['check', '--data', '$DATA']);
    assert.equal(live.status, 0, live.stderr + live.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
