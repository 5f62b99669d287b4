// The edXML organ directory (issue 18, part edx2): the administrator lists, searches, adds,
// edits and disables outside organs at /admin/edxml/organs and through /api/v1/edxml/organs;
// the code has the shape 000.00.31.T01 (refused otherwise, the field named, nothing saved), a
// code already used (by an organ or a unit) is 409; every change is audited; a disabled organ is
// no longer offered for export and a package from it is refused as from an unknown sender;
// other roles get 403. One server (fresh demo office).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });
const as = (login) => srv.as(login);

const NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
const today = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
function pkg(from, number) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<e:edXMLEnvelope xmlns:e="${NS}"><e:edXMLHeader><e:MessageHeader>
<From><OrganId>${from}</OrganId><OrganName>Tỉnh ủy Hậu Giang</OrganName></From>
<To><OrganId>000.00.31.T01</OrganId><OrganName>Thành ủy Cần Thơ</OrganName></To>
<DocumentId>${from},${today},${number}-CV/TU</DocumentId>
<Code><CodeNumber>${number}</CodeNumber><CodeNotation>CV/TU</CodeNotation></Code>
<PromulgationInfo><Place>Vị Thanh</Place><PromulgationDate>${today}</PromulgationDate></PromulgationInfo>
<DocumentType><Type>1</Type><TypeName>Công văn</TypeName></DocumentType>
<Subject>Về việc trao đổi kinh nghiệm số ${number}</Subject>
<OtherInfo><Priority>0</Priority><Secret>0</Secret></OtherInfo></e:MessageHeader>
<e:TraceHeaderList><Bussiness><BussinessDocType>0</BussinessDocType></Bussiness></e:TraceHeaderList></e:edXMLHeader>
<e:edXMLBody><Manifest></Manifest></e:edXMLBody></e:edXMLEnvelope>`;
}

test('organ directory: add, search, edit, disable; validation; audit; authz', async () => {
  const admin = await as('admin');
  // Bad input: each field named, nothing saved.
  let r = await admin.post('/api/v1/edxml/organs', { json: { organ_id: '000.00.93', name: 'Tỉnh ủy Hậu Giang' } });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json().error.field, 'organ_id');
  assert.match(r.json().error.message, /000\.00\.31\.T01/);
  r = await admin.post('/api/v1/edxml/organs', { json: { organ_id: '000.00.93.t01', name: '' } });
  assert.equal(r.status, 422, r.text);
  assert.deepEqual(r.json().error.errors.map((x) => x.field).sort(), ['name', 'organ_id']);
  r = await admin.post('/api/v1/edxml/organs', { json: { organ_id: '000.00.93.T01', name: 'X', colour: 'đỏ' } });
  assert.equal(r.status, 400, r.text);
  assert.equal((await admin.get('/api/v1/edxml/organs?q=000.00.93')).json().items.length, 0, 'nothing saved');
  // A unit's own code is taken.
  r = await admin.post('/api/v1/edxml/organs', { json: { organ_id: '000.00.31.T01', name: 'Trùng' } });
  assert.equal(r.status, 409, r.text);

  // Added, found by code and by name (any case), shown on the page.
  r = await admin.post('/api/v1/edxml/organs', { json: { organ_id: '000.00.93.T01', name: 'Tỉnh ủy Hậu Giang' } });
  assert.equal(r.status, 201, r.text);
  const org = r.json();
  assert.equal(org.enabled, true);
  assert.equal(org.encrypted, false);
  assert.equal((await admin.get('/api/v1/edxml/organs?q=hậu giang')).json().items[0].organ_id, '000.00.93.T01');
  r = await admin.post('/api/v1/edxml/organs', { json: { organ_id: '000.00.93.T01', name: 'Lần hai' } });
  assert.equal(r.status, 409, r.text);
  const page = await admin.get('/admin/edxml/organs?q=93.T01');
  assert.equal(page.status, 200);
  assert.match(page.text, /Tỉnh ủy Hậu Giang/);
  assert.match(page.text, /Qua tệp/);

  // A package from it is accepted while it is in use (the clerk's upload).
  const clerk = await as('vanthu');
  r = await clerk.post('/api/v1/edxml/import', { body: pkg('000.00.93.T01', '41'), headers: { 'content-type': 'application/xml' } });
  assert.equal(r.status, 201, r.text);

  // Edited through the page: a bad code comes back beside the field with the typed name.
  r = await admin.postForm(`/admin/edxml/organs/${org.id}`, { organ_id: '93.T01', name: 'Tỉnh ủy Hậu Giang (sửa)', enabled: '1' }, `/admin/edxml/organs/${org.id}`);
  assert.equal(r.status, 303);
  r = await admin.follow(r);
  assert.match(r.text, /Mã định danh có dạng 000\.00\.31\.T01/);
  assert.match(r.text, /Tỉnh ủy Hậu Giang \(sửa\)/);
  // Disabled (checkbox off) through the page.
  r = await admin.postForm(`/admin/edxml/organs/${org.id}`, { organ_id: '000.00.93.T01', name: 'Tỉnh ủy Hậu Giang', encrypted: '1' }, `/admin/edxml/organs/${org.id}`);
  assert.equal(r.status, 303);
  r = (await admin.get('/api/v1/edxml/organs?q=93.T01')).json().items[0];
  assert.equal(r.enabled, false);
  assert.equal(r.encrypted, true);
  assert.ok(r.packages >= 1, JSON.stringify(r));
  // Disabled: not offered for export, a package from it refused as unknown.
  r = await clerk.post('/api/v1/edxml/import', { body: pkg('000.00.93.T01', '42'), headers: { 'content-type': 'application/xml' } });
  assert.equal(r.status, 422, r.text);
  assert.match(r.text, /chưa được khai báo/);
  // Back in use through the API.
  r = await admin.patch(`/api/v1/edxml/organs/${org.id}`, { json: { enabled: true } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().enabled, true);
  assert.equal(r.json().name, 'Tỉnh ủy Hậu Giang');
  r = await admin.patch('/api/v1/edxml/organs/999999', { json: { name: 'Không có' } });
  assert.equal(r.status, 404, r.text);

  // Audited.
  const audit = (await admin.get('/api/v1/audit?entity=edxml_organ')).json();
  const actions = (audit.items || []).map((x) => x.action);
  assert.ok(actions.includes('edxml.organ_add') && actions.filter((a) => a === 'edxml.organ_edit').length >= 2, JSON.stringify(actions));

  // Other roles: 403 on the page and the API.
  for (const login of ['vanthu', 'chanhvp', 'thuongtruc', 'chuyenvien', 'donvi']) {
    const c = await as(login);
    assert.equal((await c.get('/admin/edxml/organs')).status, 403, login);
    assert.equal((await c.get('/api/v1/edxml/organs')).status, 403, login);
    assert.equal((await c.post('/api/v1/edxml/organs', { json: { organ_id: '000.00.94.T01', name: 'X' } })).status, 403, login);
  }
});
