// Notifications over real HTTP (issue 12, item 6) on the demo office: the bell in the top bar
// carries the unread count and opens the list; opening an item marks it read and goes to its
// document, so the count falls; the list pages and filters the unread ones; someone else's
// notification is 404.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';

let srv;

before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

const as = (login) => srv.as(login);

function bell(html) {
  const m = html.match(/<a class="notif" id="notif-bell" href="([^"]+)"[^>]*>.*?<\/a>/s);
  assert.ok(m, 'the top bar has the bell');
  const n = m[0].match(/<span class="badge"[^>]*>(\d+)<\/span>/);
  return { href: m[1], count: n ? Number(n[1]) : 0 };
}
const items = (html) => [...html.matchAll(/<li class="(read|unread)" data-id="(\d+)">/g)].map((m) => ({ unread: m[1] === 'unread', id: Number(m[2]) }));

test('the bell opens the list and shows the unread count', async () => {
  const c = await as('vanthu');
  const b = bell((await c.get('/')).text);
  assert.equal(b.href, '/notifications');
  const api = (await c.get('/api/v1/notifications')).json();
  assert.ok(api.unread > 0, 'the demo leaves the clerk unread notifications');
  assert.equal(b.count, api.unread);
  const r = await c.get('/notifications?unread=1');
  assert.equal(r.status, 200);
  const rows = items(r.text);
  assert.equal(rows.length, api.unread);
  assert.ok(rows.every((x) => x.unread));
});

test('opening a notification marks it read, goes to its document, and the count falls', async () => {
  const c = await as('thuongtruc');
  const before = bell((await c.get('/')).text).count;
  assert.ok(before > 0);
  const first = items((await c.get('/notifications?unread=1')).text)[0];
  const list = (await c.get('/api/v1/notifications')).json();
  const note = list.items.find((x) => x.id === first.id);
  let r = await c.get(`/notifications/${first.id}/open`);
  assert.equal(r.status, 303);
  const want = note.doc_kind ? `/${note.doc_kind === 'in' ? 'incoming' : 'outgoing'}/${note.doc_id}` : null;
  if (want) assert.equal(r.location, want);
  r = await c.follow(r);
  assert.equal(r.status, 200);
  assert.equal(bell(r.text).count, before - 1);
  const after = items((await c.get('/notifications')).text).find((x) => x.id === first.id);
  assert.equal(after.unread, false);
  // Someone else's notification: not found, and not marked.
  const other = await as('chanhvp');
  const theirs = items((await other.get('/notifications?unread=1')).text)[0];
  assert.ok(theirs);
  assert.equal((await c.get(`/notifications/${theirs.id}/open`)).status, 404);
  assert.ok(items((await other.get('/notifications?unread=1')).text).some((x) => x.id === theirs.id));
});

test('the list pages with the one pager, and the unread filter keeps to unread rows', async () => {
  const c = await as('chanhvp');
  // The demo's background jobs may notify between the two readings (a new row moves the last of
  // page 1 onto page 2): read both again until no row changed page — bounded by time, not by a
  // number of tries that a slow machine's longer background work can use up.
  let p1, rows1, p2;
  for (const end = Date.now() + 30000; Date.now() < end;) {
    p1 = await c.get('/notifications');
    rows1 = items(p1.text);
    p2 = items((await c.get('/notifications?page=2')).text);
    if (p2.every((x) => !rows1.some((y) => y.id === x.id))) break;
  }
  assert.equal(rows1.length, 30);
  assert.match(p1.text, /<nav class="pager no-print"[^>]*>.*Trang 1 \/ \d+.*href="\/notifications\?page=2" rel="next"/s);
  assert.ok(p2.length > 0);
  assert.ok(p2.every((x) => !rows1.some((y) => y.id === x.id)), 'page 2 holds other rows');
  assert.ok(Math.max(...p2.map((x) => x.id)) < Math.min(...rows1.map((x) => x.id)), 'newest first');
  const unread = items((await c.get('/notifications?unread=1')).text);
  assert.ok(unread.every((x) => x.unread));
  // "mark all read" empties the filter and the badge
  const r = await c.post('/notifications/read', { form: {} });
  assert.equal(r.status, 303);
  assert.equal(items((await c.get('/notifications?unread=1')).text).length, 0);
  assert.equal(bell((await c.get('/')).text).count, 0);
});
