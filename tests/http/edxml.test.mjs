// edXML packages over HTTP (issue 18, edxml/): a clerk downloads an issued document as .edxml
// for a chosen organ; other roles are refused; a Mật document is refused over a file (not an
// encrypted channel). A package from an outside organ is uploaded through the API and the
// queue page, lands in the queue, is registered with its fields mapped; the same package again
// is a duplicate (409); a tampered attachment hash and a wrong namespace are refused with a
// Vietnamese message and nothing lands; a recall of the registered document becomes a request
// the clerk agrees to.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startServer } from './lib.mjs';

const NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
const TU = '000.00.31.T01'; // the demo Thành ủy (demo_edxml.c)
const VL = '000.00.86.T01'; // Tỉnh ủy Vĩnh Long, a known outside organ
const TW = '000.00.00.G01';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
function pkg({ docid, number = '501', subject = 'Về việc phối hợp kiểm tra, giám sát năm nay', files = [], business = 0, ref, from = VL, tamper = false, ns = NS, due = '' }) {
  const today = new Date().toISOString().slice(0, 10);
  const refs = files.map(([n, m, d], i) => {
    let h = createHash('sha256').update(d).digest('hex');
    if (tamper) h = (h[0] === 'a' ? 'b' : 'a') + h.slice(1);
    return `<Reference><ContentId>cid:${i + 1}</ContentId><ContentType>${m}</ContentType><AttachmentName>${n}</AttachmentName><Hash>${h}</Hash></Reference>`;
  }).join('');
  const atts = files.map(([, , d], i) => `<Attachment ContentId="cid:${i + 1}">${Buffer.from(d).toString('base64')}</Attachment>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<e:edXMLEnvelope xmlns:e="${ns}"><e:edXMLHeader><e:MessageHeader>
<From><OrganId>${from}</OrganId><OrganName>Tỉnh ủy Vĩnh Long</OrganName></From>
<To><OrganId>${TU}</OrganId><OrganName>Thành ủy Cần Thơ</OrganName></To>
<DocumentId>${docid}</DocumentId><Code><CodeNumber>${number}</CodeNumber><CodeNotation>CV/TU</CodeNotation></Code>
<PromulgationInfo><Place>Vĩnh Long</Place><PromulgationDate>${today}</PromulgationDate></PromulgationInfo>
<DocumentType><Type>1</Type><TypeName>Công văn</TypeName></DocumentType><Subject>${esc(subject)}</Subject>
<SignerInfo><FullName>Nguyễn Thị Quyên</FullName></SignerInfo>${due ? `<DueDate>${due}</DueDate>` : ''}
<OtherInfo><Priority>1</Priority><Secret>0</Secret></OtherInfo></e:MessageHeader>
<e:TraceHeaderList><Bussiness><BussinessDocType>${business}</BussinessDocType>${ref ? `<DocumentId>${ref}</DocumentId>` : ''}</Bussiness></e:TraceHeaderList>
</e:edXMLHeader><e:edXMLBody><Manifest>${refs}</Manifest><Attachments>${atts}</Attachments></e:edXMLBody></e:edXMLEnvelope>`;
}
const file = ['ke-hoach.txt', 'text/plain', 'Kế hoạch kiểm tra, giám sát năm nay của Tỉnh ủy.\n'];
function upload(c, xml, path = '/api/v1/edxml/import') {
  const fd = new FormData();
  fd.append('package', new Blob([xml], { type: 'application/xml' }), 'goi.edxml');
  return c.post(path, { body: fd });
}

test('export: a clerk downloads an issued document as edXML; others and Mật are refused', async () => {
  const c = await srv.as('vanthu');
  const list = (await c.get('/api/v1/outgoing?status=issued&limit=200')).json().items;
  const plain = list.find((o) => o.secrecy === 'none' && /VPTU/.test(o.notation));
  const secret = list.find((o) => o.secrecy === 'mat');
  assert.ok(plain && secret, 'demo has issued documents');
  const r = await c.get(`/api/v1/outgoing/${plain.id}/edxml?to=${TW}`);
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type'), /application\/xml/);
  assert.match(r.headers.get('content-disposition'), /\.edxml"/);
  assert.ok(r.text.includes(NS));
  assert.ok(r.text.includes(`<OrganId>${TU}</OrganId>`));
  assert.ok(r.text.includes(`<DocumentId>${TU},${plain.issued_date},${plain.notation}</DocumentId>`));
  // The page: a chooser, then the file.
  const page = await c.get(`/outgoing/${plain.id}/edxml`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Tỉnh ủy Vĩnh Long/);
  const dl = await c.get(`/outgoing/${plain.id}/edxml?to=${TW}`);
  assert.equal(dl.status, 200);
  assert.ok(dl.text.startsWith('<?xml'));
  // The document's page offers the export to the clerk.
  const docPage = (await c.get(`/outgoing/${plain.id}`)).text;
  assert.match(docPage, /id="edxml-export"/);
  // …and lists the packages sent, to whom, with no answer yet.
  assert.match(docPage, /<ul id="edxml-sent"><li>Văn phòng Trung ương Đảng — [0-9/: ]+ — Đã gửi, chưa có phản hồi<\/li>/);
  // Mật over a file: refused, the rule cited.
  const s = await c.get(`/api/v1/outgoing/${secret.id}/edxml?to=${TW}`);
  assert.equal(s.status, 422, s.text);
  assert.match(s.json().error.message, /217-QĐ\/TW/);
  // Unknown organ, no organ.
  assert.equal((await c.get(`/api/v1/outgoing/${plain.id}/edxml?to=999.99.99.X99`)).status, 422);
  assert.equal((await c.get(`/api/v1/outgoing/${plain.id}/edxml`)).status, 422);
  // A specialist may see it but not export it.
  const sp = await srv.as('chuyenvien');
  assert.equal((await sp.get(`/api/v1/outgoing/${plain.id}/edxml?to=${TW}`)).status, 403);
  // A ward account does not see the city office's document at all.
  assert.equal((await (await srv.as('donvi')).get(`/api/v1/outgoing/${plain.id}/edxml?to=${TW}`)).status, 404);
});

test('import: lands in the queue, registered with fields mapped; duplicate, tampered, wrong namespace refused', async () => {
  const c = await srv.as('vanthu');
  const docid = `${VL},http-1,501-CV/TU`;
  const due = new Date(Date.now() + 20 * 86400e3).toISOString().slice(0, 10);
  const xml = pkg({ docid, files: [file], due });
  // Only a clerk.
  const sp = await srv.as('chuyenvien');
  assert.equal((await upload(sp, xml)).status, 403);
  const before = (await c.get('/incoming/inbox')).text.split('<tr').length;
  const r = await upload(c, xml);
  assert.equal(r.status, 201, r.text);
  const { inbox_id: inboxId, edxml_status: st } = r.json();
  assert.equal(st, '01');
  const q = await c.get(`/incoming/inbox/${inboxId}`);
  assert.equal(q.status, 200);
  assert.match(q.text, /501-CV\/TU/);
  assert.match(q.text, /Tỉnh ủy Vĩnh Long/);
  assert.match(q.text, /ke-hoach\.txt/);
  // Duplicate: 409, nothing more in the queue.
  const d = await upload(c, xml);
  assert.equal(d.status, 409, d.text);
  assert.equal(d.json().error.edxml_status, '02');
  assert.match(d.json().error.message, /trùng/);
  // Tampered hash.
  const t = await upload(c, pkg({ docid: `${VL},http-2,502-CV/TU`, number: '502', files: [file], tamper: true }));
  assert.equal(t.status, 422, t.text);
  assert.match(t.json().error.message, /mã băm/);
  // Wrong namespace, through the page: back to the queue with the message beside the field.
  const csrf = await c.csrf('/incoming/inbox');
  const fd = new FormData();
  fd.append('csrf', csrf);
  fd.append('package', new Blob([pkg({ docid: `${VL},http-3,503-CV/TU`, ns: 'urn:khac' })]), 'sai.edxml');
  const w = await c.post('/incoming/inbox/edxml', { body: fd });
  assert.equal(w.status, 303, w.text);
  const back = await c.follow(w);
  assert.match(back.text, /không gian tên/);
  const after1 = (await c.get('/incoming/inbox')).text.split('<tr').length;
  assert.equal(after1, before + 1, 'only the good package landed');
  // Through the page, a good one: redirected to the queued document.
  const fd2 = new FormData();
  fd2.append('csrf', await c.csrf('/incoming/inbox'));
  fd2.append('package', new Blob([pkg({ docid: `${VL},http-4,504-CV/TU`, number: '504' })]), 'goi.edxml');
  const ok = await c.post('/incoming/inbox/edxml', { body: fd2 });
  assert.equal(ok.status, 303);
  assert.match(ok.location, /^\/incoming\/inbox\/\d+$/);

  // Registered from the queue: number, sender, date, due date, files.
  const reg = await c.post('/api/v1/incoming', { json: { inbox_id: inboxId } });
  assert.equal(reg.status, 201, reg.text);
  const rec = (await c.get(`/api/v1/incoming/${reg.json().id}`)).json();
  assert.equal(rec.code, '501-CV/TU');
  assert.equal(rec.issuer_name, 'Tỉnh ủy Vĩnh Long');
  assert.equal(rec.due_date, due);
  assert.equal(rec.channel, 'electronic');

  // A recall of the registered document: a request, agreed by the clerk.
  const rc = await c.post('/api/v1/edxml/import', { body: pkg({ docid, business: 1, ref: docid }), headers: { 'content-type': 'application/xml' } });
  assert.equal(rc.status, 201, rc.text);
  const reqs = (await c.get('/api/v1/edxml/requests')).json().items;
  const mine = reqs.find((x) => x.document_id === docid);
  assert.ok(mine, JSON.stringify(reqs));
  assert.equal(mine.business, 'recall');
  assert.match((await c.get(`/incoming/inbox/${inboxId}`)).text, /Đề nghị của cơ quan gửi/);
  assert.equal((await (await srv.as('vanthu.binhthuy')).post(`/api/v1/edxml/requests/${mine.id}/decide`, { json: { decision: 'agree' } })).status, 404);
  const bad = await c.post(`/api/v1/edxml/requests/${mine.id}/decide`, { json: { decision: 'refuse' } });
  assert.equal(bad.status, 422);
  const yes = await c.post(`/api/v1/edxml/requests/${mine.id}/decide`, { json: { decision: 'agree', note: 'Đồng ý thu hồi' } });
  assert.equal(yes.status, 200, yes.text);
  assert.equal(yes.json().edxml_status, '15');
  assert.equal((await c.get(`/api/v1/incoming/${reg.json().id}`)).json().status, 'recalled');
});
