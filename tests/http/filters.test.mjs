// Saved filters (issue 12 item 18): a user saves the filter of the incoming (or outgoing) list
// under a name, sees it as a link above the list, deletes it; each user keeps their own; the
// changes are audited. Pages and the API (GET/POST /api/v1/filters, POST …/{id}/delete).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

test('saving the incoming list\'s filter from the page, opening and deleting it', async () => {
  const clerk = await srv.as('vanthu');
  let page = await clerk.get('/incoming?status=done&q=b%C3%A1o+c%C3%A1o&page=2');
  assert.match(page.text, /id="save-filter"/, 'a filtered list offers to save its filter');
  assert.ok(page.text.includes('name="query" value="status=done&amp;q=b%C3%A1o%20c%C3%A1o"'), 'the filter without the page number');
  let r = await clerk.post('/filters', { form: { list: 'incoming', name: 'Đã xong — báo cáo', query: 'status=done&q=b%C3%A1o%20c%C3%A1o' } });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/incoming');
  page = await clerk.get('/incoming');
  assert.ok(page.text.includes('<a href="/incoming?status=done&amp;q=b%C3%A1o%20c%C3%A1o">Đã xong — báo cáo</a>'), 'the saved filter is a link above the list');
  assert.doesNotMatch(page.text, /id="save-filter"/, 'nothing to save on the unfiltered list');
  // The link opens the filtered list.
  page = await clerk.get('/incoming?status=done&q=b%C3%A1o%20c%C3%A1o');
  assert.equal(page.status, 200);
  assert.match(page.text, /<option value="done" selected>/);

  // The same name again: refused (409 in the API, red on the page), the list unchanged.
  r = await clerk.post('/api/v1/filters', { json: { list: 'incoming', name: 'Đã xong — báo cáo', query: 'status=done' } });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json().error.field, 'name');

  const items = (await clerk.get('/api/v1/filters?list=incoming')).json().items;
  assert.equal(items.length, 1);
  assert.equal(items[0].url, '/incoming?status=done&q=b%C3%A1o%20c%C3%A1o');
  const id = items[0].id;

  // Another user neither sees nor deletes it.
  const other = await srv.as('chuyenvien');
  assert.deepEqual((await other.get('/api/v1/filters')).json().items, []);
  assert.doesNotMatch((await other.get('/incoming')).text, /Đã xong — báo cáo/);
  assert.equal((await other.post(`/api/v1/filters/${id}/delete`, { json: {} })).status, 404);

  // Deleted from the page: back to the list, gone.
  r = await clerk.post(`/filters/${id}/delete`, { form: {} });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/incoming');
  assert.doesNotMatch((await clerk.get('/incoming')).text, /Đã xong — báo cáo/);
  assert.deepEqual((await clerk.get('/api/v1/filters')).json().items, []);

  // Both changes are in the audit trail.
  const audit = (await (await srv.as('admin')).get('/api/v1/audit?entity=filter')).json().items;
  assert.deepEqual(audit.map((a) => a.action).sort(), ['filter.delete', 'filter.save']);
});

test('the outgoing list keeps its own filters; bad input is named', async () => {
  const spec = await srv.as('chuyenvien');
  let r = await spec.post('/api/v1/filters', { json: { list: 'outgoing', name: 'Dự thảo', query: '?status=draft' } });
  assert.equal(r.status, 201, r.text);
  const page = await spec.get('/outgoing');
  assert.ok(page.text.includes('<a href="/outgoing?status=draft">Dự thảo</a>'));
  assert.doesNotMatch((await spec.get('/incoming')).text, /Dự thảo<\/a>/);
  for (const [body, field] of [
    [{ list: 'dossiers', name: 'x', query: 'a=b' }, 'list'],
    [{ list: 'outgoing', name: '  ', query: 'a=b' }, 'name'],
    [{ list: 'outgoing', name: 'x', query: '' }, 'query'],
    [{ list: 'outgoing', name: 'x', query: 'a=b c' }, 'query'],
    [{ list: 'outgoing', name: 'x'.repeat(101), query: 'a=b' }, 'name'],
  ]) {
    r = await spec.post('/api/v1/filters', { json: body });
    assert.equal(r.status, 422, JSON.stringify(body));
    assert.equal(r.json().error.field, field, JSON.stringify(body));
  }
  r = await spec.post('/api/v1/filters', { json: { list: 'outgoing', name: 'x', query: 'a=b', extra: 1 } });
  assert.equal(r.status, 400);
  // A refused save from the page comes back to the filtered list with the message.
  r = await spec.post('/filters', { form: { list: 'outgoing', name: '', query: 'status=draft' } });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/outgoing?status=draft');
});
