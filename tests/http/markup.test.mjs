// Attributes are written as markup, never escaped into text: on the demo office's pages (which
// have overdue, urgent and secret rows to mark) no attribute value arrives as `=&quot;…`,
// and the marked rows carry their class.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DEMO_PASSWORD } from './lib.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

async function as(login) {
  const c = srv.client();
  const r = await c.login(login, DEMO_PASSWORD);
  assert.equal(r.status, 303);
  return c;
}

test('no escaped attribute on the pages of a living office', async () => {
  const pages = ['/', '/tasks', '/incoming', '/incoming?overdue=1', '/incoming/inbox', '/outgoing',
    '/reports', '/dossiers', '/registers/outgoing', '/registers/incoming', '/registers/followup'];
  for (const login of ['chanhvp', 'vanthu', 'chuyenvien', 'thuongtruc']) {
    const c = await as(login);
    const overdue = (await c.get('/api/v1/incoming?overdue=1&limit=5')).json().items;
    const extra = overdue.map((x) => `/incoming/${x.id}`);
    for (const p of [...pages, ...extra]) {
      const r = await c.get(p);
      if (r.status !== 200) continue; // a page this role may not open
      assert.doesNotMatch(r.text, /=&quot;/, `${login} ${p}: an attribute escaped into text`);
    }
  }
  const lead = await as('chanhvp');
  assert.match((await lead.get('/reports')).text, /<tr class="overdue">/);
  assert.match((await lead.get('/')).text, /<li class="overdue">/);
});

// An id names one element of a page (labels, the browser tests' locators, anchors): on every
// page of the route table a role can open, no id appears twice. Generated from `vanphong
// routes`: the GET pages without a parameter, plus the record pages of a few documents each
// role sees (an issued document with its recipients, a registered one with its handling).
test('no id twice on any page of the route table, for every role', async () => {
  const routes = srv.cli(['routes']).stdout.split('\n').map((l) => l.split(' '))
    .filter(([m, p]) => m === 'GET' && p && !p.includes('{') && !p.startsWith('/api/') && !/\.(ics|csv|xlsx|pdf|docx|ico)$|^\/(healthz|readyz|metrics|logout)$/.test(p))
    .map(([, p]) => p);
  assert.ok(routes.length > 60, `pages from the route table: ${routes.length}`);
  let checked = 0;
  for (const login of ['admin', 'chanhvp', 'vanthu', 'chuyenvien', 'thuongtruc', 'donvi']) {
    const c = await as(login);
    const extra = [];
    for (const [api, page] of [['/api/v1/outgoing?limit=3', '/outgoing/'], ['/api/v1/incoming?limit=3', '/incoming/']]) {
      const r = await c.get(api);
      if (r.status === 200) extra.push(...r.json().items.map((x) => page + x.id));
    }
    for (const p of [...routes, ...extra]) {
      const r = await c.get(p);
      if (r.status !== 200 || !/text\/html/.test(r.headers.get('content-type') || '')) continue;
      const seen = new Map();
      for (const m of r.text.matchAll(/\sid="([^"]+)"/g)) seen.set(m[1], (seen.get(m[1]) || 0) + 1);
      const twice = [...seen].filter(([, n]) => n > 1).map(([id, n]) => `${id}×${n}`);
      assert.deepEqual(twice, [], `${login} ${p}: ids used more than once`);
      checked++;
    }
  }
  assert.ok(checked > 300, `pages checked: ${checked}`);
});
