// Dossiers without internal ids (issue 12 §12): documents filed are listed by số/ký hiệu and
// trích yếu, never "#131"; a document is picked by searching its number or words, a keeper by
// name; and a document's own page offers "Đưa vào hồ sơ", which files it and comes back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

test('dossiers show and pick documents and people by what people read', async () => {
  const c = await srv.as('vanthu');
  const year = new Date().getFullYear();
  const reg = await c.post('/api/v1/incoming', {
    json: {
      issuer_name: 'Ban Tuyên giáo Thành ủy', code: '77-HD/BTGTU', doc_type: 'huong_dan',
      issued_date: `${year}-01-05`, subject: 'Hướng dẫn lập hồ sơ công việc điện tử năm nay',
      duplicate_reason: 'thử hồ sơ',
    },
  });
  assert.equal(reg.status, 201, reg.text);
  const docId = reg.json().id;
  const h = await c.post('/api/v1/dossiers/headings', { json: { year, title: 'Tổng hợp', abbr: 'THX' } });
  assert.equal(h.status, 201, h.text);
  const d = await c.post('/api/v1/dossiers', { json: { heading_id: h.json().id, title: 'Hồ sơ thử nghiệm lưu trữ', retention_years: 10 } });
  assert.equal(d.status, 201, d.text);
  const dossier = d.json();
  assert.equal((await c.post(`/api/v1/dossiers/${dossier.id}/open`, { json: {} })).status, 200);

  // the plan names the keeper by a chosen person, not a typed id
  const plan = await c.get(`/dossiers?year=${year}`);
  assert.doesNotMatch(plan.text, /name="responsible_id" type="number"/);
  assert.match(plan.text, /<select id="d-resp" name="responsible_id">[\s\S]*?<option value="\d+"[^>]*>[^<\d]+<\/option>/);

  // the dossier page: no numeric document field; a search finds the document by its number
  let page = await c.get(`/dossiers/${dossier.id}`);
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /name="doc_id" type="number"/);
  assert.match(page.text, /name="find"/);
  page = await c.get(`/dossiers/${dossier.id}?find=${encodeURIComponent('77-HD/BTGTU')}`);
  assert.match(page.text, /id="dossier-pick"/);
  assert.match(page.text, new RegExp(`name="doc_id" value="${docId}"`));
  assert.match(page.text, /Hướng dẫn lập hồ sơ công việc điện tử/);

  // the document's page: "Đưa vào hồ sơ" with the dossier named, filing comes back to it
  const doc = await c.get(`/incoming/${docId}`);
  assert.match(doc.text, /id="to-dossier"/);
  assert.match(doc.text, new RegExp(`action="/dossiers/${dossier.id}/documents"`));
  assert.match(doc.text, new RegExp(`${dossier.code.replace('.', '\\.')}</button> Hồ sơ thử nghiệm lưu trữ`));
  const r = await c.postForm(`/dossiers/${dossier.id}/documents`, { doc_kind: 'in', doc_id: String(docId), back: 'doc' }, `/incoming/${docId}`);
  assert.equal(r.status, 303, r.text);
  assert.equal(r.location, `/incoming/${docId}`);

  // the filed document is listed by số/ký hiệu and trích yếu, not by its internal id
  page = await c.get(`/dossiers/${dossier.id}`);
  const row = /<table[^>]*id="dossier-docs"[\s\S]*?<\/table>/.exec(page.text)[0];
  assert.match(row, /77-HD\/BTGTU/);
  assert.match(row, /Hướng dẫn lập hồ sơ công việc điện tử năm nay/);
  assert.doesNotMatch(row, new RegExp(`>#${docId}<`));
});
