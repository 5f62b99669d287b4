// Input fails closed (issue "Trust", §2): enumerated fields accept only their codes, values are
// typed and bounded, nothing half-read is stored; registration into a dissolved unit is refused
// naming the successor; every /api/ route refuses unknown parameters (400 unknown_parameter) and
// other methods (405 JSON with Allow), lists carry their total and refuse an out-of-range limit.
// One server (fresh demo office) for the whole file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from './lib.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

const as = (login) => srv.as(login);

function apiError(r, status, code) {
  assert.equal(r.status, status, r.text);
  assert.match(r.headers.get('content-type') || '', /application\/json/, r.text);
  const j = r.json();
  assert.ok(j.error && j.error.message, r.text);
  if (code) assert.equal(j.error.code, code, r.text);
  return j.error;
}

function today() {
  return new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
}
function plusDays(n) {
  return new Date(Date.now() + 7 * 3600e3 + n * 86400e3).toISOString().slice(0, 10);
}

let seq = 0;
const incoming = (extra = {}) => ({
  issuer_name: 'Ủy ban nhân dân thành phố Cần Thơ',
  doc_type: 'cong_van',
  issued_date: '2026-01-15',
  code: `${700 + ++seq}/UBND`,
  subject: 'Về việc kiểm tra dữ liệu đầu vào',
  ...extra,
});

async function count(c, path) {
  const r = await c.get(path);
  assert.equal(r.status, 200, r.text);
  return r.json().total;
}

// ---- 1. Enumerated fields ------------------------------------------------------------------

test('incoming: secrecy 2, 1, true, "" or an unknown code is 422 naming the field and the codes; nothing is stored', async () => {
  const c = await as('vanthu');
  const before = await count(c, '/api/v1/incoming?limit=1');
  for (const secrecy of [2, 1, true, '', 'bi_mat', 'MAT']) {
    const e = apiError(await c.post('/api/v1/incoming', { json: incoming({ secrecy }) }), 422, 'invalid_input');
    assert.equal(e.field, 'secrecy', JSON.stringify(e));
    assert.match(e.message, /\(none, mat, toi_mat, tuyet_mat\)/);
  }
  for (const [field, value] of [['urgency', 3], ['urgency', 'gap'], ['channel', 'fax'], ['channel', 1]]) {
    const e = apiError(await c.post('/api/v1/incoming', { json: incoming({ [field]: value }) }), 422, 'invalid_input');
    assert.equal(e.field, field);
  }
  assert.equal(await count(c, '/api/v1/incoming?limit=1'), before);
  const r = await c.post('/api/v1/incoming', { json: incoming({ secrecy: 'mat', urgency: 'khan', channel: 'electronic' }) });
  assert.equal(r.status, 201, r.text);
  const doc = (await c.get(`/api/v1/incoming/${r.json().id}`)).json();
  assert.equal(doc.secrecy, 'mat');
  assert.equal(doc.channel, 'electronic');
});

test('outgoing drafts: secrecy, urgency and a recipient method are refused unless known', async () => {
  const c = await as('vanthu');
  const draft = (extra) => ({ doc_type: 'cong_van', subject: 'Về việc kiểm tra đầu vào', body: '…', ...extra });
  const before = await count(c, '/api/v1/outgoing?limit=1');
  for (const secrecy of [2, 1, true, '', 'bi_mat']) {
    const e = apiError(await c.post('/api/v1/outgoing', { json: draft({ secrecy }) }), 422, 'invalid_input');
    assert.equal(e.field, 'secrecy');
    assert.match(e.message, /\(none, mat, toi_mat, tuyet_mat\)/);
  }
  let e = apiError(await c.post('/api/v1/outgoing', { json: draft({ urgency: 'rat_khan' }) }), 422, 'invalid_input');
  assert.equal(e.field, 'urgency');
  e = apiError(await c.post('/api/v1/outgoing', { json: draft({ recipients: [{ name: 'Báo', method: 'pigeon' }] }) }), 422, 'invalid_input');
  assert.equal(e.field, 'recipients');
  e = apiError(await c.post('/api/v1/outgoing', { json: draft({ doc_type: 'khong_co' }) }), 422, 'invalid_input');
  assert.equal(await count(c, '/api/v1/outgoing?limit=1'), before);
});

test('list filters: an unknown status, urgency, kind or secrecy is 400 invalid_parameter', async () => {
  const c = await as('vanthu');
  for (const path of ['/api/v1/incoming?status=bogus', '/api/v1/incoming?urgency=3',
    '/api/v1/outgoing?status=bogus', '/api/v1/search?q=a&kind=bogus', '/api/v1/search?q=a&secrecy=2']) {
    const e = apiError(await c.get(path), 400, 'invalid_parameter');
    assert.ok(e.field, path);
  }
});

test('users: an unknown role is 422 naming role', async () => {
  const c = await as('admin');
  const e = apiError(await c.post('/api/v1/users', {
    json: { login: 'nguoimoi', name: 'Người Mới', role: 'boss', unit_id: 1, password: 'mot-mat-khau-dai' },
  }), 422, 'invalid_input');
  assert.equal(e.field, 'role');
  assert.match(e.message, /committee-leader/);
});

// ---- 2. Loose typing -----------------------------------------------------------------------

test('incoming: ids, counts, dates and text are read strictly', async () => {
  const c = await as('vanthu');
  const before = await count(c, '/api/v1/incoming?limit=1');
  const cases = [
    ['unit_id', '27abc'], ['unit_id', 0], ['unit_id', -1], ['unit_id', 2.5],
    ['pages', 'abc'], ['pages', 0], ['pages', 1000],
    ['due_date', 20261120], ['due_date', '2026-11-31'], ['due_date', ' 2026-11-20'],
    ['issued_date', '1900-01-01'], ['issued_date', ' 2026-01-15'], ['issued_date', '15/01/2026'],
    ['subject', 42], ['issuer_name', true], ['code', ['1/UBND']],
  ];
  for (const [field, value] of cases) {
    const e = apiError(await c.post('/api/v1/incoming', { json: incoming({ [field]: value }) }), 422, 'invalid_input');
    assert.equal(e.field, field, `${field}=${JSON.stringify(value)}: ${JSON.stringify(e)}`);
  }
  assert.equal(await count(c, '/api/v1/incoming?limit=1'), before);
  // A string of digits is an id as forms send it; a due date is kept.
  const r = await c.post('/api/v1/incoming', { json: incoming({ pages: '3', due_date: plusDays(10) }) });
  assert.equal(r.status, 201, r.text);
  const doc = (await c.get(`/api/v1/incoming/${r.json().id}`)).json();
  assert.equal(doc.pages, 3);
  assert.equal(doc.due_date, plusDays(10));
});

test('units: sort_order is bounded, ids are positive', async () => {
  const c = await as('admin');
  let e = apiError(await c.post('/api/v1/units', { json: { name: 'Chi bộ thử', abbr: 'CBT', level: 'CHI_BO', sort_order: 2 ** 53 } }), 422, 'invalid_input');
  assert.equal(e.field, 'sort_order');
  e = apiError(await c.post('/api/v1/units', { json: { name: 'Chi bộ thử', abbr: 'CBT', level: 'CHI_BO', parent_id: '1x' } }), 422, 'invalid_input');
  assert.equal(e.field, 'parent_id');
  e = apiError(await c.post('/api/v1/units', { json: { name: 'Chi bộ thử', abbr: 'CBT', level: 'XYZ' } }), 422, 'invalid_input');
  assert.equal(e.field, 'level');
  e = apiError(await c.post('/api/v1/units', { json: { name: 'Chi bộ thử', abbr: 'CBT', level: 'CHI_BO', valid_from: '1900-01-01' } }), 422, 'invalid_input');
  assert.equal(e.field, 'valid_from');
});

test('query values are strict: unit_id=27abc, limit out of range, a date with a space are 400', async () => {
  const c = await as('vanthu');
  for (const path of ['/api/v1/incoming?unit_id=27abc', '/api/v1/incoming?limit=100000',
    '/api/v1/incoming?limit=0', '/api/v1/incoming?offset=-1', '/api/v1/incoming?from=%202026-01-01',
    '/api/v1/incoming?from=1900-01-01', '/api/v1/outgoing?limit=100000', '/api/v1/outgoing?limit=abc',
    '/api/v1/audit?limit=501', '/api/v1/search?q=a&limit=101', '/api/v1/staff?unit_id=1x',
    '/api/v1/catalog/terms?unit_id=abc', '/api/v1/dossiers?year=20x6', '/api/v1/registers/incoming?from=2026-13-01']) {
    const who = path.startsWith('/api/v1/audit') ? await as('admin') : c;
    const e = apiError(await who.get(path), 400, 'invalid_parameter');
    assert.ok(e.field || path.includes('registers'), path);
  }
});

// ---- 3. Dissolved units --------------------------------------------------------------------

test('registration into a dissolved unit is refused and names the successor', async () => {
  const admin = await as('admin');
  const clerk = await as('vanthu');
  const me = (await clerk.get('/api/v1/me')).json();
  let r = await admin.post('/api/v1/units', {
    json: { name: 'Chi bộ Phòng Lưu trữ', abbr: 'CBLT', level: 'CHI_BO', parent_id: me.unit.id, valid_from: '2020-01-01' },
  });
  assert.equal(r.status, 201, r.text);
  const old = r.json().id;
  r = await admin.patch(`/api/v1/units/${old}`, { json: { valid_to: plusDays(-1), successor_id: me.unit.id } });
  assert.equal(r.status, 200, r.text);
  const before = await count(clerk, '/api/v1/incoming?limit=1');
  const e = apiError(await clerk.post('/api/v1/incoming', { json: incoming({ unit_id: old }) }), 409, 'unit_dissolved');
  assert.equal(e.field, 'unit_id');
  assert.ok(e.message.includes(me.unit.name), e.message);
  assert.equal(await count(clerk, '/api/v1/incoming?limit=1'), before);
  // Dissolved today: today's arrivals still belong to it.
  r = await admin.post('/api/v1/units', {
    json: { name: 'Chi bộ Phòng Tư liệu', abbr: 'CBTL', level: 'CHI_BO', parent_id: me.unit.id, valid_from: '2020-01-01' },
  });
  const last = r.json().id;
  r = await admin.patch(`/api/v1/units/${last}`, { json: { valid_to: today(), successor_id: me.unit.id } });
  assert.equal(r.status, 200, r.text);
  r = await clerk.post('/api/v1/incoming', { json: incoming({ unit_id: last }) });
  assert.equal(r.status, 201, r.text);
});

// ---- 4. API conventions, route by route ----------------------------------------------------

// The route table as registered: every route_add("METHOD", "/path", …) under src/.
function apiRoutes() {
  const src = new URL('../../src/', import.meta.url).pathname;
  const files = [];
  const walk = (d) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p); else if (p.endsWith('.c')) files.push(p);
    }
  };
  walk(src);
  const routes = [];
  for (const f of files) {
    for (const m of readFileSync(f, 'utf8').matchAll(/route_add\("([A-Z]+)",\s*"([^"]+)"/g)) {
      if (m[2].startsWith('/api/')) routes.push({ method: m[1], pattern: m[2] });
    }
  }
  return routes;
}

const concrete = (pattern) => pattern.replace('{kind}', 'in').replace(/\{[a-z_]+\}/g, '1');

test('the route table has the API routes this test walks', () => {
  const routes = apiRoutes();
  assert.ok(routes.length >= 45, `${routes.length} API routes`);
  assert.ok(routes.some((r) => r.method === 'PATCH' && r.pattern === '/api/v1/units/{id}'));
});

test('every API route refuses an unknown query parameter: 400 unknown_parameter naming it', async () => {
  const c = await as('admin');
  for (const { method, pattern } of apiRoutes()) {
    const path = `${concrete(pattern)}?bogus_param=1`;
    const opts = method === 'GET' ? {} : { json: {} };
    const e = apiError(await c.request(method, path, opts), 400, 'unknown_parameter');
    assert.equal(e.field, 'bogus_param', `${method} ${pattern}`);
  }
});

test('every API write refuses an unknown body member: 400 unknown_parameter naming it', async () => {
  const c = await as('admin');
  for (const { method, pattern } of apiRoutes()) {
    if (method === 'GET' || pattern.endsWith('/attachments')) continue; // multipart
    const r = await c.request(method, concrete(pattern), { json: { bogus_member: 1 } });
    const e = apiError(r, 400, 'unknown_parameter');
    assert.equal(e.field, 'bogus_member', `${method} ${pattern}`);
  }
});

test('every API path answers another method with 405 JSON and an Allow header', async () => {
  const c = await as('admin');
  const routes = apiRoutes();
  // A path is served by every pattern that matches it ("/dossiers/headings" also by
  // "/dossiers/{id}"), as the router matches.
  const matches = (pattern, path) => {
    const a = pattern.split('/'), b = path.split('/');
    return a.length === b.length && a.every((s, i) => s.startsWith('{') || s === b[i]);
  };
  for (const pattern of new Set(routes.map((r) => r.pattern))) {
    const path = concrete(pattern);
    const methods = new Set(routes.filter((r) => matches(r.pattern, path)).map((r) => r.method));
    const r = await c.request('DELETE', path);
    apiError(r, 405, 'method_not_allowed');
    const expected = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']
      .filter((m) => methods.has(m) || (m === 'HEAD' && methods.has('GET')));
    assert.equal(r.headers.get('allow'), expected.join(', '), pattern);
  }
});

test('errors under /api/ are JSON: 404, 405, 400 for a malformed body', async () => {
  const c = await as('admin');
  apiError(await c.get('/api/v1/nowhere'), 404, 'not_found');
  apiError(await c.get('/api/v1/incoming/999999'), 404, 'not_found');
  apiError(await c.request('PUT', '/api/v1/incoming'), 405, 'method_not_allowed');
  apiError(await c.post('/api/v1/units', { json: '{"name": ' }), 400, 'invalid_json');
  const anon = srv.client();
  apiError(await anon.get('/api/v1/me'), 401, 'unauthorized');
});

test('every list answers its total', async () => {
  const admin = await as('admin');
  const clerk = await as('vanthu');
  const lists = [
    [admin, '/api/v1/users'], [admin, '/api/v1/audit'], [clerk, '/api/v1/units'],
    [clerk, '/api/v1/staff'], [clerk, '/api/v1/incoming'], [clerk, '/api/v1/inbox'],
    [clerk, '/api/v1/notifications'], [clerk, '/api/v1/outgoing'],
    [clerk, '/api/v1/catalog/doc-types'], [clerk, '/api/v1/catalog/registers'],
    [clerk, '/api/v1/catalog/terms'], [clerk, '/api/v1/dossiers'], [clerk, '/api/v1/search?q=a'],
    [clerk, '/api/v1/registers/incoming'], [clerk, '/api/v1/registers/followup'],
    [clerk, '/api/v1/registers/outgoing'],
  ];
  for (const [c, path] of lists) {
    const r = await c.get(path);
    assert.equal(r.status, 200, `${path}: ${r.text}`);
    assert.equal(typeof r.json().total, 'number', `${path} has no total`);
  }
  const r = await clerk.get('/api/v1/outgoing?limit=1');
  const j = r.json();
  assert.ok(j.items.length <= 1 && j.total >= j.items.length);
});

test('the registration page refuses pages "abc" beside the field instead of saving 0', async () => {
  const c = await as('vanthu');
  const before = await count(c, '/api/v1/incoming?limit=1');
  const r = await c.post('/incoming/new', { form: { ...incoming({ pages: 'abc' }) } });
  assert.equal(r.status, 400, r.text.slice(0, 300));
  assert.match(r.text, /Số trang phải từ 1 đến 999/);
  assert.equal(await count(c, '/api/v1/incoming?limit=1'), before);
});
