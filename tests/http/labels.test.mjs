// No English or internal codes on screen (issue 12, item 11): the audit trail names actions,
// records and changed fields in Vietnamese and filters by drop-downs; assignment statuses,
// queue statuses and the agency identifier are shown in words.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';

let srv;

before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

const as = (login) => srv.as(login);
// What a person reads: the text between tags (attributes such as title= are not on screen).
const visible = (html) => html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');
const cells = (html, id) => {
  const t = html.match(new RegExp(`<table[^>]*id="${id}"[\\s\\S]*?</table>`));
  assert.ok(t, `table #${id}`);
  return visible(t[0]);
};

test('the audit trail in words, filtered by drop-downs', async () => {
  const c = await as('admin');
  let html = (await c.get('/admin/audit')).text;
  assert.match(html, /<select id="f-action" name="action">/);
  assert.match(html, /<select id="f-entity" name="entity">/);
  assert.match(html, /<option value="incoming.register">Vào sổ văn bản đến<\/option>/);
  const text = visible(html);
  for (const code of ['incoming.register', 'incoming.assign', 'user.create', 'unit.create', 'docs.demo_seed']) assert.ok(!text.includes(code), `${code} on screen`);
  assert.doesNotMatch(text, /\b(incoming|outgoing|user|unit|staff|dossier) #\d+/);
  html = (await c.get('/admin/audit?action=incoming.register')).text;
  assert.match(html, /<option value="incoming.register" selected>/);
  assert.match(visible(html), /Vào sổ văn bản đến/);
  html = (await c.get('/admin/audit?action=session.logout')).text;
  assert.ok(!visible(html).includes('session.logout'));
});

test('assignment statuses, queue statuses and the agency identifier in words', async () => {
  const lead = await as('chanhvp');
  const done = (await lead.get('/api/v1/incoming?status=done&limit=1')).json().items[0];
  const text = cells((await lead.get(`/incoming/${done.id}`)).text, 'assignments');
  assert.doesNotMatch(text, /\b(open|done|passed|cancelled)\b/, text);
  assert.match(text, /Đã xong|Đã chuyển tiếp/);
  const clerk = await as('vanthu');
  const inbox = cells((await clerk.get('/incoming/inbox')).text, 'inbox');
  assert.doesNotMatch(inbox, /\b\d\d (Đã|Đang|Từ|Thu)/, 'no edXML code before its label');
  const admin = await as('admin');
  const units = (await admin.get('/api/v1/units')).json().items;
  const org = (await admin.get(`/org/units/${units[0].id}`)).text;
  assert.ok(!visible(org).includes('OrganId'));
});
