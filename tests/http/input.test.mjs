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
