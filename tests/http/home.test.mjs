// The home page and the counts that lead from it (issue 12, items 7 and 8), over real HTTP on
// the demo office: the clerk's first block is the electronic queue with its count, the side
// menu shows counts; every count on home equals the list it links to; lists show the viewer's
// own register by default, with a unit column and filter; a city leader is not offered the
// routing form on a ward's document.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';

let srv;

before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

const as = (login) => srv.as(login);
const sections = (html) => [...html.matchAll(/<section class="panel" id="([^"]+)">/g)].map((m) => m[1]);
const navCount = (html, key) => {
  const m = html.match(new RegExp(`<a href="[^"]*" data-nav="${key}"[^>]*>[^<]*(?:<span class="nav-count"[^>]*>(\\d+)</span>)?</a>`));
  assert.ok(m, `menu entry ${key}`);
  return m[1] ? Number(m[1]) : 0;
};

test("the clerk's first block is the electronic queue, with its count; the menu counts it", async () => {
  const c = await as('vanthu');
  const home = (await c.get('/')).text;
  assert.equal(sections(home)[0], 'home-queue');
  const m = home.match(/id="home-queue"><h2><a href="\/incoming\/inbox">[^<]*\(<span class="count">(\d+)<\/span>\)/);
  assert.ok(m, 'the queue block links to the queue');
  const waiting = (await c.get('/incoming/inbox')).text.match(/href="\/incoming\/new\?inbox_id=\d+"/g) || [];
  assert.ok(waiting.length > 0, 'the demo leaves documents in the queue');
  assert.equal(Number(m[1]), waiting.length);
  assert.equal(navCount(home, 'incoming'), waiting.length);
  const t = (await (await c.get('/api/v1/tasks')).json());
  assert.equal(t.counts.queue, waiting.length);
});

test("the menu's count beside Công việc is the /tasks page's own shares", async () => {
  const c = await as('chuyenvien');
  const t = (await c.get('/api/v1/tasks')).json();
  assert.ok(t.counts.incoming > 0);
  assert.equal(navCount((await c.get('/')).text, 'tasks'), t.counts.incoming);
});

const total = (html) => Number(html.match(/<strong id="incoming-total">(\d+)<\/strong>/)[1]);
const homeCounts = (html) => [...html.matchAll(/<section class="panel" id="([^"]+)"><h2><a class="count-link" href="([^"]+)">[^<]*\((?:[^<]*)?<span class="count">(\d+)<\/span>\)/g)]
  .map((m) => ({ id: m[1], href: m[2].replaceAll('&amp;', '&'), count: Number(m[3]) }));

test('every count on home equals the list it links to', async () => {
  for (const login of ['thuongtruc', 'chanhvp', 'vanthu', 'chuyenvien', 'donvi']) {
    const c = await as(login);
    const counts = homeCounts((await c.get('/')).text);
    assert.ok(counts.length >= 2, `${login}: the home page has counted blocks`);
    for (const k of counts) {
      const r = await c.get(k.href);
      assert.equal(r.status, 200, `${login} ${k.href}`);
      assert.equal(total(r.text), k.count, `${login}: ${k.id} says ${k.count}, ${k.href} lists ${total(r.text)}`);
    }
  }
  // The leader's "to route" block is the first group of /tasks for them.
  const lead = await as('thuongtruc');
  const unrouted = homeCounts((await lead.get('/')).text).find((k) => k.id === 'home-unrouted');
  const t = (await lead.get('/api/v1/tasks')).json();
  assert.equal(t.to_assign.length, unrouted.count);
});

test('every overdue count on the dashboard equals the list it links to', async () => {
  const c = await as('thuongtruc');
  const html = (await c.get('/reports')).text;
  const links = [...html.matchAll(/<a href="(\/incoming\?overdue=1[^"]*)">(?:<span class="mark mark-overdue">)?(\d+)</g)].map((m) => ({ href: m[1].replaceAll('&amp;', '&'), count: Number(m[2]) }));
  assert.ok(links.length >= 2, 'the total and at least one unit are linked');
  for (const k of links) {
    assert.match(k.href, /unit_id=0/);
    assert.equal(total((await c.get(k.href)).text), k.count, k.href);
  }
});

test("the list shows the viewer's own register by default, with a unit column and filter", async () => {
  const c = await as('thuongtruc');
  const ward = (await c.get('/api/v1/incoming?unit_id=34')).json();
  assert.equal(ward.total, 1, 'the demo has one document in the Bình Thủy ward register');
  const wardId = ward.items[0].id;
  let html = (await c.get('/incoming')).text;
  assert.match(html, /<select name="unit_id" id="f-unit">/);
  assert.ok(!html.includes(`href="/incoming/${wardId}"`), "a ward's document is not in the city's default list");
  const units = [...html.matchAll(/<td class="unit">([^<]*)<\/td>/g)].map((m) => m[1]);
  assert.ok(units.length > 0);
  assert.ok(units.every((u) => u === 'Văn phòng Thành ủy Cần Thơ'), [...new Set(units)].join(', '));
  html = (await c.get('/incoming?unit_id=0')).text;
  assert.equal(total(html), (await c.get('/api/v1/incoming')).json().total);
  html = (await c.get('/incoming?unit_id=34')).text;
  assert.ok(html.includes(`href="/incoming/${wardId}"`));
  assert.match(html, /<td class="unit">Đảng ủy phường Bình Thủy<\/td>/);
});

test("a city leader is not offered the routing form on a ward's document, and may not route it", async () => {
  const c = await as('thuongtruc');
  const wardId = (await c.get('/api/v1/incoming?unit_id=34')).json().items[0].id;
  const page = await c.get(`/incoming/${wardId}`);
  assert.equal(page.status, 200, 'the city leader reads it');
  assert.ok(!page.text.includes('assign-form'), 'no routing form');
  const r = await c.post(`/api/v1/incoming/${wardId}/assign`, { json: { lead_unit_id: 34, due_date: '2099-12-31', instruction: 'x' } });
  assert.equal(r.status, 403, r.text);
  // Its own register's documents are still routed by it.
  const own = (await c.get('/api/v1/incoming?status=registered&unit_id=27')).json().items[0];
  assert.match((await c.get(`/incoming/${own.id}`)).text, /assign-form/);
});

test('documents the viewer has not opened are bold in the list until opened', async () => {
  const c = await as('chanhvp');
  const rowOf = (html, id) => html.match(new RegExp(`<tr class="([^"]*)">(?:(?!</tr>).)*href="/incoming/${id}"`, 's'));
  const unreadIds = (h) => [...h.matchAll(/<tr class="[^"]*\bunread\b[^"]*">(?:(?!<\/tr>).)*?href="\/incoming\/(\d+)"/gs)].map((m) => Number(m[1]));
  const t = await as('thuongtruc');
  const theirs = unreadIds((await t.get('/incoming')).text);
  let html = (await c.get('/incoming')).text;
  const id = unreadIds(html).find((x) => theirs.includes(x));
  assert.ok(id, 'a document neither leader has opened');
  assert.match(rowOf(html, id)[1], /\bunread\b/);
  assert.equal((await c.get(`/incoming/${id}`)).status, 200);
  html = (await c.get('/incoming')).text;
  assert.doesNotMatch(rowOf(html, id)[1], /\bunread\b/);
  // another reader still has it unread
  assert.match(rowOf((await t.get('/incoming')).text, id)[1], /\bunread\b/);
});
