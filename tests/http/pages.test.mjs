// Logged-in pages are fast (issue 17) by memoising per connection what the database has not
// changed since (db/memo.c: the register page below the frame, its count, the menu's counts,
// the session and user rows). Nothing a user must see fresh may be served stale: this checks,
// over real HTTP on the demo office, with the memo warmed by repeated requests on every worker
// thread first, that a document registered by one clerk is in another user's register and
// home count on the next request, that a logout and a disabled account take effect on the
// next request, and that each page is the same with the memo off (VANPHONG_NO_MEMO=1).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, DEMO_PASSWORD } from './lib.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

const total = (html) => Number(html.match(/<strong id="incoming-total">(\d+)<\/strong>/)[1]);
const homeCount = (html, id) => {
  const m = html.match(new RegExp(`id="${id}"><h2><a class="count-link" href="[^"]+">[^<]*\\((?:[^<]*)?<span class="count">(\\d+)</span>\\)`));
  assert.ok(m, `home block ${id}`);
  return Number(m[1]);
};
// Several requests, so that each worker thread's connection holds the page in its memo.
async function warm(c, path, n = 6) {
  let r;
  for (let i = 0; i < n; i++) {
    r = await c.get(path);
    assert.equal(r.status, 200, `${path}: ${r.status}`);
  }
  return r.text;
}

const doc = (subject, code) => ({
  issuer_name: 'Ủy ban nhân dân thành phố Cần Thơ', doc_type: 'cong_van', issued_date: '2026-01-15',
  subject, signer: 'Trần Văn Minh', code,
});

test("a document one clerk registers is in another user's register and home count on the next request", async () => {
  const clerk = await srv.as('vanthu');
  const leader = await srv.as('chanhvp');
  const listBefore = await warm(leader, '/incoming');
  const homeBefore = await warm(leader, '/');
  const n0 = total(listBefore), unrouted0 = homeCount(homeBefore, 'home-unrouted');
  const subject = `Về việc kiểm tra tốc độ trang ${Date.now()}`;
  const r = await clerk.post('/api/v1/incoming', { json: doc(subject, '771/UBND-VP') });
  assert.equal(r.status, 201, r.text);
  const id = r.json().id;
  // the very next request of each page, on whichever thread
  for (let i = 0; i < 4; i++) {
    const list = (await leader.get('/incoming')).text;
    assert.ok(list.includes(`href="/incoming/${id}"`), 'the new document is on the register page');
    assert.ok(list.includes(subject));
    if (n0 <= 1000) assert.equal(total(list), n0 + 1, 'the register count');
    assert.equal(homeCount((await leader.get('/')).text, 'home-unrouted'), unrouted0 + 1, 'the home count');
  }
  // a ward clerk's document, in the ward register the committee leader reads
  const ward = await srv.as('vanthu.binhthuy');
  const lead = await srv.as('thuongtruc');
  const me = (await ward.get('/api/v1/me')).json();
  const path = `/incoming?unit_id=${me.unit_id}`;
  const w0 = total(await warm(lead, path));
  const s2 = `Về việc báo cáo của phường ${Date.now()}`;
  const r2 = await ward.post('/api/v1/incoming', { json: doc(s2, '12/UBND') });
  assert.equal(r2.status, 201, r2.text);
  for (let i = 0; i < 4; i++) {
    const list = (await lead.get(path)).text;
    assert.ok(list.includes(s2), "the ward's new document on the leader's next request");
    if (w0 <= 1000) assert.equal(total(list), w0 + 1);
  }
});

test('a document page shows a change on the next request; a secret one is audited at every opening', async () => {
  const clerk = await srv.as('vanthu');
  const leader = await srv.as('chanhvp');
  const r = await clerk.post('/api/v1/incoming', { json: doc(`Về việc thử trang văn bản ${Date.now()}`, '772/UBND-VP') });
  assert.equal(r.status, 201, r.text);
  const id = r.json().id;
  const lead = (html) => (html.match(/id="lead">([^<]*)</) || [])[1] || '';
  const page0 = await warm(leader, `/incoming/${id}`);
  const cv = (await (await srv.as('chuyenvien')).get('/api/v1/me')).json();
  assert.ok(!lead(page0).includes(cv.name), 'no handler yet');
  const a = await leader.post(`/api/v1/incoming/${id}/assign`, { json: { lead: { user_id: cv.id } } });
  assert.equal(a.status, 200, a.text);
  for (let i = 0; i < 4; i++)
    assert.ok(lead((await leader.get(`/incoming/${id}`)).text).includes(cv.name), 'the assignment on the next request');
  // a secret record: its opening is audited each time, memo or not
  const s = await clerk.post('/api/v1/incoming', { json: { ...doc('Văn bản mật thử trang', '773/UBND-VP'), secrecy: 'mat' } });
  assert.equal(s.status, 201, s.text);
  const sid = s.json().id;
  const admin = await srv.as('admin');
  const opened = async () => (await admin.get(`/api/v1/audit?action=doc.open_secret&entity_id=${sid}`)).json().items.length;
  const before = await opened();
  for (let i = 0; i < 5; i++) assert.equal((await leader.get(`/incoming/${sid}`)).status, 200);
  assert.equal(await opened(), before + 5, 'five openings, five audit rows');
});

test("the menu's queue count follows the queue on the next request", async () => {
  const clerk = await srv.as('vanthu');
  const navCount = (html) => {
    const m = html.match(/data-nav="incoming"[^>]*>[^<]*(?:<span class="nav-count"[^>]*>(\d+)<\/span>)?<\/a>/);
    return m && m[1] ? Number(m[1]) : 0;
  };
  const before = navCount(await warm(clerk, '/incoming'));
  assert.ok(before > 0, 'the demo leaves documents in the queue');
  const queue = (await clerk.get('/incoming/inbox')).text;
  const id = queue.match(/action="\/incoming\/inbox\/(\d+)\/refuse"/)[1];
  const r = await clerk.post(`/incoming/inbox/${id}/refuse`, { form: { reason: 'Gửi nhầm nơi nhận', csrf: clerk.headers['x-csrf-token'] } });
  assert.equal(r.status, 303, r.text);
  for (let i = 0; i < 4; i++)
    assert.equal(navCount((await clerk.get('/incoming')).text), before - 1);
});

test('a logout, and a disabled account, take effect on the next request', async () => {
  const c = new Client(srv.base);
  assert.equal((await c.login('chuyenvien', DEMO_PASSWORD)).status, 303);
  const csrf = await c.csrf('/');
  await warm(c, '/incoming');
  const cookie = c.cookieHeader();
  const r = await c.post('/logout', { form: { csrf } });
  assert.ok(r.status === 303 || r.status === 302, `logout: ${r.status}`);
  for (let i = 0; i < 4; i++) {
    const again = await c.get('/incoming', { headers: { cookie } });
    assert.equal(again.status, 303, 'the old session cookie no longer opens the register');
    assert.match(again.location, /^\/login/);
  }
  // disabled by the administrator while the session is warm
  const s = new Client(srv.base);
  assert.equal((await s.login('chuyenvien2', DEMO_PASSWORD)).status, 303);
  await warm(s, '/incoming');
  await warm(s, '/');
  const admin = await srv.as('admin');
  const users = (await admin.get('/api/v1/users')).json();
  const list = Array.isArray(users) ? users : users.users || users.items;
  const u = list.find((x) => x.login === 'chuyenvien2');
  assert.ok(u, 'chuyenvien2 is listed');
  const d = await admin.post(`/api/v1/users/${u.id}/disable`);
  assert.equal(d.status, 200, d.text);
  for (let i = 0; i < 4; i++) {
    assert.equal((await s.get('/incoming')).status, 303, 'a disabled account is signed out on its next request');
    assert.equal((await s.get('/')).status, 303);
  }
});

test('each page is the same with the memo off', async () => {
  const off = await startServer({ env: { VANPHONG_NO_MEMO: '1' } });
  try {
    const strip = (html) => html.replace(/name="csrf" value="[^"]*"/g, '').replace(/X-Request-Id[^\n]*/g, '');
    for (const [login, path] of [['chanhvp', '/incoming'], ['chanhvp', '/'], ['vanthu', '/incoming?page=2'], ['thuongtruc', '/reports']]) {
      const a = await off.as(login);
      const b = new Client(off.base);
      assert.equal((await b.login(login, DEMO_PASSWORD)).status, 303);
      // two sessions of the same user, CSRF tokens aside, read the same page
      // (the demo's background jobs may commit between the two readings: read again, for up to
      // 30 s — not a number of tries a slow machine's longer background work uses up — until two
      // readings in a row agree)
      let p1 = strip((await a.get(path)).text);
      let p2 = strip((await b.get(path)).text);
      for (const end = Date.now() + 30000; p1 !== p2 && Date.now() < end;) {
        p1 = strip((await a.get(path)).text);
        p2 = strip((await b.get(path)).text);
      }
      assert.equal(p1.length > 1000, true, `${path} is a page`);
      assert.equal(p2, p1, `${login} ${path}: two sessions, same page`);
    }
  } finally {
    await off.stop();
  }
  // with the memo on, a warmed page equals the first rendering
  const c = await srv.as('chanhvp');
  // (a background job's commit between two readings makes the next one a fresh rendering:
  // rounds for up to 30 s until six readings in a row equal the first)
  let same = false;
  for (const end = Date.now() + 30000; !same && Date.now() < end;) {
    const first = (await c.get('/incoming?status=done')).text;
    same = true;
    for (let i = 0; i < 6 && same; i++) same = (await c.get('/incoming?status=done')).text === first;
  }
  assert.ok(same, 'a warmed page equals its first rendering');
});

// pages2: a memo hit answers the whole page, frame included, from one entry once it has been
// answered from the body's entry. The frame must still show a flash message waiting (once, with
// its cookie cleared), and each session its own CSRF token and name.
test('a whole-page memo hit still shows a waiting flash message, once, and each session its own frame', async () => {
  const c = await srv.as('chanhvp');
  const list = await warm(c, '/incoming', 2);
  const id = list.match(/href="\/incoming\/(\d+)"/)[1];
  const path = `/incoming/${id}`;
  const first = await warm(c, path, 10); // every worker thread past its body hit: whole-page entries
  const msg = `Thông báo thử ${Date.now()}`;
  for (let i = 0; i < 4; i++) {
    const r = await c.get(path, { headers: { cookie: `${c.cookieHeader()}; vp_flash=${encodeURIComponent(msg)}` } });
    assert.equal(r.status, 200);
    assert.ok(r.text.includes(msg), 'the flash message is on the memoised page');
    assert.ok(r.headers.getSetCookie().some((s) => s.startsWith('vp_flash=;')), 'and its cookie cleared');
  }
  for (let i = 0; i < 4; i++) {
    const t = (await c.get(path)).text;
    assert.ok(!t.includes(msg), 'shown once');
    if (t !== first) {
      // only a background job's commit makes another rendering: then it is a fresh one, equal
      // to itself on the next request
      assert.equal((await c.get(path)).text.length > 1000, true);
    }
  }
  // another session of another user on the same page: its own token and name in the frame
  const d = await srv.as('thuongtruc');
  const other = await warm(d, path, 8);
  const token = (html) => html.match(/name="csrf" value="([^"]+)"/)[1];
  assert.notEqual(token(other), token(first), 'each session its own CSRF token');
  assert.ok(!other.includes('who-name">' + first.match(/who-name">([^<]+)</)[1] + '<'), 'its own name');
});
