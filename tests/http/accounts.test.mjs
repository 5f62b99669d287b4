// Accounts an administrator can run (issue "Trust"): the first administrator of a real install,
// disabling and enabling, password resets and required changes, API tokens, the password rule,
// login CSRF, login throttling behind a trusted reverse proxy, attachments for API tokens.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, spawnServe, makeDemoData, Client, DEMO_PASSWORD, cli, extractCsrf } from './lib.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

const VI = /[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]/i;

function token(login) {
  const r = srv.cli(['token', 'create', '--data', '$DATA', '--login', login]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

function bearer(tok) {
  const c = srv.client();
  c.headers.authorization = `Bearer ${tok}`;
  return c;
}

async function userId(login) {
  const admin = await srv.as('admin');
  const r = await admin.get('/api/v1/users');
  const u = r.json().items.find((x) => x.login === login);
  assert.ok(u, `no user ${login}`);
  return u.id;
}

async function freshLogin(login, password = DEMO_PASSWORD) {
  const c = srv.client();
  const r = await c.login(login, password);
  assert.equal(r.status, 303, `login ${login}: ${r.status} ${r.text.slice(0, 300)}`);
  return c;
}

// ---- 1. the first administrator of a real install ------------------------------------------

test('init --office --code --admin creates the root unit and an administrator who must change the one-time password', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vanphong-accounts-'));
  const data = join(dir, 'data');
  try {
    let r = cli(['init', '--data', data, '--admin', 'quantri']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--office/);
    assert.match(r.stderr, VI);
    r = cli(['init', '--data', data, '--office', 'Văn phòng Thành ủy Cần Thơ', '--code', 'VPTU',
      '--admin', 'quantri', '--admin-name', 'Nguyễn Văn Quản']);
    assert.equal(r.status, 0, r.stderr);
    const m = r.stdout.match(/mật khẩu dùng một lần: (\S+)/);
    assert.ok(m, r.stdout);
    const pw = m[1];
    // The tree is no longer empty: further administrators can be added from the CLI.
    r = cli(['user', 'add', '--data', data, '--login', 'quantri2', '--name', 'Trần Thị B', '--role', 'admin'],
      { input: 'mật khẩu thứ hai 2026\n' });
    assert.equal(r.status, 0, r.stderr);

    const s = await spawnServe(data);
    try {
      const c = new Client(s.base);
      assert.equal((await c.login('quantri', pw)).status, 303);
      // Every page leads to the password form; the API refuses.
      let p = await c.get('/');
      assert.equal(p.status, 303);
      assert.equal(p.location, '/account/password');
      p = await c.get('/admin/users');
      assert.equal(p.location, '/account/password');
      const api = await c.get('/api/v1/me');
      assert.equal(api.status, 403);
      assert.equal(api.json().error.code, 'password_change_required');
      const form = await c.get('/account/password');
      assert.equal(form.status, 200);
      const csrf = extractCsrf(form.text);
      const next = 'Mật khẩu riêng của quản trị 2026';
      p = await c.post('/account/password', { form: { csrf, old_password: pw, new_password: next, new_password2: next } });
      assert.equal(p.status, 303, p.text.slice(0, 400));
      assert.equal((await c.get('/')).status, 200);
      const me = (await c.get('/api/v1/me')).json();
      assert.equal(me.role, 'admin');
      assert.equal(me.unit.name, 'Văn phòng Thành ủy Cần Thơ');
      // Both rows are in the audit trail, by the operator.
      const audit = (await c.get('/api/v1/audit?actor=(cli)')).json().items.map((i) => i.action);
      assert.ok(audit.includes('unit.create') && audit.includes('user.create'), audit.join());
    } finally {
      s.proc.kill('SIGTERM');
      await s.exited;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// ---- 2. disable, enable, reset, require a change, tokens -----------------------------------

test('a disabled user loses its session and token at once and cannot log in; enabled again it can', async () => {
  const login = 'chuyenvien2';
  const id = await userId(login);
  const victim = await freshLogin(login);
  const tok = token(login);
  assert.equal((await bearer(tok).get('/api/v1/me')).status, 200);

  const admin = await srv.as('admin');
  const page = await admin.get(`/admin/users/${id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Khóa tài khoản/);
  let r = await admin.post(`/admin/users/${id}/disable`, { form: { csrf: admin.headers['x-csrf-token'] } });
  assert.equal(r.status, 303, r.text.slice(0, 300));

  r = await victim.get('/');
  assert.equal(r.status, 303);
  assert.match(r.location, /^\/login/);
  assert.equal((await bearer(tok).get('/api/v1/me')).status, 401);
  assert.notEqual((await srv.client().login(login, DEMO_PASSWORD)).status, 303);

  // The administrator cannot lock themselves out.
  const self = await admin.post(`/api/v1/users/${await userId('admin')}/disable`);
  assert.equal(self.status, 422); // a refused value (docs/api.md: 422 invalid_input)
  assert.match(self.json().error.message, VI);

  r = await admin.post(`/api/v1/users/${id}/enable`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().disabled, false);
  await freshLogin(login);
  assert.equal((await bearer(tok).get('/api/v1/me')).status, 401, 'the old token stays revoked');

  const audit = (await admin.get('/api/v1/audit?entity=user')).json().items.map((i) => i.action);
  assert.ok(audit.includes('user.disable') && audit.includes('user.enable'), audit.join());
});

test('non-administrators cannot run accounts', async () => {
  const leader = await srv.as('chanhvp');
  const id = await userId('chuyenvien');
  assert.equal((await leader.post(`/api/v1/users/${id}/disable`)).status, 403);
  assert.equal((await leader.post(`/api/v1/users/${id}/password`)).status, 403);
  assert.equal((await leader.get(`/admin/users/${id}`)).status, 403);
});

test('an administrator resets a password: one-time password, sessions and tokens end, change required', async () => {
  const login = 'vanthu.binhthuy';
  const id = await userId(login);
  const victim = await freshLogin(login);
  const tok = token(login);
  const admin = await srv.as('admin');
  const r = await admin.post(`/api/v1/users/${id}/password`);
  assert.equal(r.status, 200, r.text);
  const pw = r.json().password;
  assert.match(pw, /^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);
  assert.equal(r.json().must_change_password, true);
  assert.equal((await victim.get('/')).status, 303);
  assert.match((await victim.get('/')).location, /^\/login/);
  assert.equal((await bearer(tok).get('/api/v1/me')).status, 401);

  const c = await freshLogin(login, pw);
  const home = await c.get('/incoming');
  assert.equal(home.location, '/account/password');
  const pwPage = await c.get('/account/password');
  assert.match(pwPage.text, /alert/);
  const csrf = extractCsrf(pwPage.text);
  // The password rule, beside the field.
  let p = await c.post('/account/password', { form: { csrf, old_password: pw, new_password: 'matkhau123', new_password2: 'matkhau123' } });
  assert.notEqual(p.status, 303);
  assert.match(p.text, /class="error"[^>]*>[^<]*phổ biến/);
  p = await c.post('/account/password', { form: { csrf, old_password: pw, new_password: '1234567890', new_password2: '1234567890' } });
  assert.match(p.text, /class="error"[^>]*>[^<]*hai loại/);
  p = await c.post('/account/password', { form: { csrf, old_password: pw, new_password: DEMO_PASSWORD, new_password2: DEMO_PASSWORD } });
  assert.equal(p.status, 303, p.text.slice(0, 300));
  assert.equal((await c.get('/incoming')).status, 200);
});

test('the reset page shows the one-time password once; "require a change" sends the user to the password form', async () => {
  const login = 'chuyenvien';
  const id = await userId(login);
  const admin = await srv.as('admin');
  const r = await admin.post(`/admin/users/${id}/password`, { form: { csrf: admin.headers['x-csrf-token'] } });
  assert.equal(r.status, 200);
  const pw = (r.text.match(/<code>([^<]+)<\/code>/) || [])[1];
  assert.ok(pw, 'the password is on the page');
  assert.match(r.headers.get('cache-control'), /no-store/);
  assert.doesNotMatch((await admin.get(`/admin/users/${id}`)).text, new RegExp(pw), 'shown once');
  // The user changes it, then the administrator requires another change.
  const c = await freshLogin(login, pw);
  const csrf = await c.csrf('/account/password');
  assert.equal((await c.post('/account/password', { form: { csrf, old_password: pw, new_password: DEMO_PASSWORD, new_password2: DEMO_PASSWORD } })).status, 303);
  assert.equal((await c.get('/')).status, 200);
  const q = await admin.post(`/admin/users/${id}/require-change`, { form: { csrf: admin.headers['x-csrf-token'] } });
  assert.equal(q.status, 303);
  assert.equal((await c.get('/')).location, '/account/password', 'at the very next page');
  const tokC = bearer(token(login));
  const api = await tokC.get('/api/v1/incoming?limit=1');
  assert.equal(api.status, 403);
  assert.equal(api.json().error.code, 'password_change_required');
  const csrf2 = await c.csrf('/account/password');
  const next = 'mật khẩu chuyên viên 2027';
  assert.equal((await c.post('/account/password', { form: { csrf: csrf2, old_password: DEMO_PASSWORD, new_password: next, new_password2: next } })).status, 303);
});

test('API tokens: listed (own only for non-admins) and revoked by an administrator', async () => {
  const tok = token('vanthu');
  const mine = bearer(tok);
  assert.equal((await mine.get('/api/v1/me')).status, 200);
  const own = (await mine.get('/api/v1/tokens?user_id=1')).json();
  assert.ok(own.items.length >= 1);
  assert.ok(own.items.every((t) => t.login === 'vanthu'), 'a clerk sees only their own tokens');
  const admin = await srv.as('admin');
  const list = (await admin.get(`/api/v1/tokens?user_id=${await userId('vanthu')}`)).json();
  const live = list.items.find((t) => !t.revoked_at && t.last_used_at);
  assert.ok(live, JSON.stringify(list));
  const r = await admin.post(`/api/v1/tokens/${live.id}/revoke`);
  assert.equal(r.status, 200, r.text);
  assert.equal((await mine.get('/api/v1/me')).status, 401);
  const audit = (await admin.get('/api/v1/audit?action=token.revoke')).json();
  assert.ok(audit.total >= 1);
});

test('CLI: user list, disable, enable, passwd --generate; token list and revoke', async () => {
  let r = srv.cli(['user', 'list', '--data', '$DATA']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^donvi\tunit\t/m);
  r = srv.cli(['user', 'disable', '--data', '$DATA', '--login', 'donvi']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(srv.cli(['user', 'list', '--data', '$DATA']).stdout, /^donvi\t.*\tdisabled/m);
  assert.notEqual((await srv.client().login('donvi')).status, 303);
  assert.equal(srv.cli(['user', 'enable', '--data', '$DATA', '--login', 'donvi']).status, 0);
  await freshLogin('donvi');
  r = srv.cli(['user', 'passwd', '--data', '$DATA', '--login', 'donvi', '--generate']);
  assert.equal(r.status, 0, r.stderr);
  const pw = r.stdout.trim();
  assert.match(srv.cli(['user', 'list', '--data', '$DATA']).stdout, /^donvi\t.*must-change-password/m);
  await freshLogin('donvi', pw);
  r = srv.cli(['user', 'passwd', '--data', '$DATA', '--login', 'donvi'], { input: '1234567890\n' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, VI);
  assert.equal(srv.cli(['user', 'passwd', '--data', '$DATA', '--login', 'donvi'], { input: `${DEMO_PASSWORD}\n` }).status, 0);
  assert.equal(srv.cli(['user', 'disable', '--data', '$DATA', '--login', 'nobody']).status, 1);

  const tok = token('thuongtruc');
  r = srv.cli(['token', 'list', '--data', '$DATA', '--login', 'thuongtruc']);
  assert.equal(r.status, 0, r.stderr);
  const line = r.stdout.trim().split('\n')[0].split('\t');
  assert.equal(line[1], 'thuongtruc');
  assert.equal(line[5], '-');
  r = srv.cli(['token', 'revoke', '--data', '$DATA', '--id', line[0]]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal((await bearer(tok).get('/api/v1/me')).status, 401);
  assert.notEqual(srv.cli(['token', 'list', '--data', '$DATA', '--login', 'thuongtruc']).stdout.split('\n')[0].split('\t')[5], '-');
});

// ---- 4. login CSRF --------------------------------------------------------------------------

test('POST /login without the pre-session CSRF token is refused with 403 before the password is checked', async () => {
  // No form field (another site's form), the right password: refused, and not counted as a
  // failure (six tries would otherwise throttle the account).
  for (let i = 0; i < 6; i++) {
    const c = srv.client();
    await c.get('/login');
    const r = await c.post('/login', { form: { login: 'chanhvp', password: DEMO_PASSWORD } });
    assert.equal(r.status, 403);
    assert.match(r.text, /Biểu mẫu đăng nhập đã hết hạn/);
    assert.match(r.text, /name="password"/, 'the login form again');
    assert.equal(c.jar.get('vp_session'), undefined);
  }
  // A token without its cookie, or another browser's token: refused too.
  const a = srv.client();
  const tokA = extractCsrf((await a.get('/login')).text);
  assert.match(tokA, /^[0-9a-f]{64}$/);
  const b = srv.client();
  await b.get('/login');
  assert.equal((await b.post('/login', { form: { login: 'chanhvp', password: DEMO_PASSWORD, csrf: tokA } })).status, 403);
  const nocookie = srv.client();
  assert.equal((await nocookie.post('/login', { form: { login: 'chanhvp', password: DEMO_PASSWORD, csrf: tokA } })).status, 403);
  assert.equal((await a.post('/login', { form: { login: 'chanhvp', password: DEMO_PASSWORD, csrf: tokA } })).status, 303);
});

// ---- 3. throttling behind a trusted reverse proxy ------------------------------------------

async function failFrom(base, ip, login) {
  const c = new Client(base);
  c.headers['x-forwarded-for'] = ip;
  return c.login(login, 'sai mật khẩu rồi 123');
}

test('behind a trusted proxy, throttling and the audit trail use the forwarded client address', async () => {
  const { dir, data } = makeDemoData();
  const s = await spawnServe(data, { env: { VANPHONG_TRUSTED_PROXIES: '127.0.0.1,::1' } });
  try {
    // 20 failures from one client (different logins, so only the per-address limit counts)...
    for (let i = 0; i < 20; i++) await failFrom(s.base, '198.51.100.1', `khongco${i}`);
    // ...block that client, not the office behind the same proxy.
    const blocked = new Client(s.base);
    blocked.headers['x-forwarded-for'] = '198.51.100.1';
    const rb = await blocked.login('vanthu');
    assert.equal(rb.status, 200);
    assert.match(rb.text, /quá nhiều lần/);
    const other = new Client(s.base);
    other.headers['x-forwarded-for'] = '198.51.100.2';
    assert.equal((await other.login('vanthu')).status, 303);
    // The audit trail names the client.
    const admin = new Client(s.base);
    admin.headers['x-forwarded-for'] = '198.51.100.3';
    await admin.login('admin');
    const rows = (await admin.get('/api/v1/audit?action=session.login_failed')).json().items;
    assert.ok(rows.length >= 20);
    assert.ok(rows.every((r) => r.ip === '198.51.100.1'), JSON.stringify(rows.slice(0, 2)));
    const ok = (await admin.get('/api/v1/audit?action=session.login')).json().items;
    assert.ok(ok.some((r) => r.ip === '198.51.100.2'));
  } finally {
    s.proc.kill('SIGTERM');
    await s.exited;
    rmSync(dir, { recursive: true, force: true });
  }
});

test('without a trusted proxy, X-Forwarded-For is the client\'s own claim and ignored', async () => {
  const { dir, data } = makeDemoData();
  const s = await spawnServe(data);
  try {
    for (let i = 0; i < 20; i++) await failFrom(s.base, `198.51.100.${10 + i}`, `khongco${i}`);
    // Changing the header does not escape the count: the peer's address is what counts.
    const c = new Client(s.base);
    c.headers['x-forwarded-for'] = '198.51.100.99';
    const r = await c.login('vanthu');
    assert.equal(r.status, 200);
    assert.match(r.text, /quá nhiều lần/);
  } finally {
    s.proc.kill('SIGTERM');
    await s.exited;
    rmSync(dir, { recursive: true, force: true });
  }
});

// ---- 5. attachments for API tokens ----------------------------------------------------------

test('an API token downloads the attachments its owner may read, and no others', async () => {
  const clerk = bearer(token('vanthu'));
  const me = (await clerk.get('/api/v1/me')).json();
  const list = (await clerk.get(`/api/v1/incoming?limit=1&unit_id=${me.unit.id}`)).json();
  const id = list.items[0].id;
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
  const fd = new FormData();
  fd.append('file', new Blob([pdf], { type: 'application/pdf' }), 'Công văn.pdf');
  let r = await clerk.post(`/api/v1/incoming/${id}/attachments`, { body: fd });
  assert.equal(r.status, 201, r.text);
  const doc = (await clerk.get(`/api/v1/incoming/${id}`)).json();
  const att = doc.attachments.find((a) => a.filename === 'Công văn.pdf');
  assert.ok(att, JSON.stringify(doc.attachments));
  r = await clerk.get(att.url);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/pdf');
  assert.equal(r.text.slice(0, 8), '%PDF-1.4');
  assert.equal((await clerk.get(`${att.url}/preview`)).status, 200);
  // Anonymous: the login page, as before.
  assert.equal((await srv.client().get(att.url)).status, 303);
  // A token whose owner may not read the document gets what the document API gives: 404.
  const ward = bearer(token('vanthu.binhthuy'));
  assert.equal((await ward.get(`/api/v1/incoming/${id}`)).status, 404, 'the city office document is out of the ward clerk\'s scope');
  assert.equal((await ward.get(att.url)).status, 404);
});
