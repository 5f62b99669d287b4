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
