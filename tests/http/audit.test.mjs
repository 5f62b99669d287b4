// The audit trail (issue "Trust"): `vanphong check` verifies the hash chain and names the first
// entry edited or deleted behind the program's back; the admin, refused every secret document,
// reads its audit rows (who, when, action, record) without their contents, on the page and in
// the API, while the stored rows stay complete.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { cli, makeDemoData, sqlOn, startServer } from './lib.mjs';

const demo = makeDemoData();
after(() => rmSync(demo.dir, { recursive: true, force: true }));

// The database itself (the sqlite3 shell on the file, or psql on PostgreSQL), as someone with
// access to it would use it, behind the program's back.
function sql(statement) {
  return sqlOn(demo.data, statement);
}

function check() {
  return cli(['check', '--data', demo.data]);
}

test('check verifies the whole audit chain of the demo office', () => {
  const n = Number(sql('SELECT count(*) FROM audit_log'));
  assert.ok(n > 100, `the demo writes a trail (${n} entries)`);
  const r = check();
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`nhật ký: ${n} mục đã kiểm, chuỗi băm nguyên vẹn; băm cuối: [0-9a-f]{64}`));
  assert.match(r.stdout, /^ok$/m);
});

test('an entry edited in the database file fails check, which names it', () => {
  const [id, at, action, afterJson] = sql("SELECT id, at, action, after_json FROM audit_log WHERE after_json IS NOT NULL ORDER BY id LIMIT 1 OFFSET 40").split('|');
  sql(`UPDATE audit_log SET after_json = '{"edited":true}' WHERE id = ${id}`);
  try {
    const r = check();
    assert.equal(r.status, 1, r.stdout);
    assert.ok(r.stdout.includes(`mục #${id} (${at}, ${action})`), r.stdout);
    assert.match(r.stdout, /nội dung đã bị sửa/);
    assert.doesNotMatch(r.stdout, /^ok$/m);
  } finally {
    sql(`UPDATE audit_log SET after_json = '${afterJson.replaceAll("'", "''")}' WHERE id = ${id}`);
  }
  assert.equal(check().status, 0, 'restoring the text restores the chain');
});

test('an entry deleted from the middle fails check at the entry after it', () => {
  const ids = sql('SELECT id FROM audit_log ORDER BY id LIMIT 3 OFFSET 200').split('\n');
  sql(`DELETE FROM audit_log WHERE id = ${ids[1]}`);
  const r = check();
  assert.equal(r.status, 1, r.stdout);
  const [, action] = sql(`SELECT at, action FROM audit_log WHERE id = ${ids[2]}`).split('|');
  assert.match(r.stdout, new RegExp(`mục #${ids[2]} \\([^,]+, ${action.replaceAll('.', '\\.')}\\): mục đứng trước đã bị xoá hoặc bị sửa`));
});

// ---- redaction, over a running server ----------------------------------------------------

let srv;
before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

function liveSql(statement) {
  return srv.sql(statement);
}

const SECRET_SUBJECT = 'Kế hoạch rà soát nhân sự diện quy hoạch (mật) AUD-7731';
const SECRET_FILE = 'Danh sach nhan su AUD-7731.pdf';
const PLAIN_SUBJECT = 'Công văn về lịch họp giao ban AUD-7732';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

async function draft(subject, secrecy) {
  const c = await srv.as('vanthu');
  const regs = (await c.get('/api/v1/catalog/registers')).json().items;
  const reg = regs.find((r) => r.issuer_abbr === 'VPTU');
  assert.ok(reg, 'VPTU register');
  const r = await c.post('/api/v1/outgoing', {
    json: { register_id: reg.id, doc_type: 'ke_hoach', subject, body: 'Nội dung.', secrecy,
      urgency: 'normal', recipients: [{ name: 'Báo Cần Thơ' }] },
  });
  assert.equal(r.status, 201, r.text);
  return r.json().id;
}

test('the admin reads a secret document\'s audit rows without their contents', async () => {
  const secretId = await draft(SECRET_SUBJECT, 'mat');
  const plainId = await draft(PLAIN_SUBJECT, 'none');
  const clerk = await srv.as('vanthu');
  const fd = new FormData();
  fd.append('file', new Blob([PDF], { type: 'application/pdf' }), SECRET_FILE);
  let r = await clerk.post(`/api/v1/outgoing/${secretId}/attachments`, { body: fd });
  assert.equal(r.status, 201, r.text);
  const att = r.json();
  assert.equal((await clerk.get(att.url)).status, 200); // audited: doc.open_secret_attachment

  // The stored rows are complete.
  assert.ok(liveSql(`SELECT after_json FROM audit_log WHERE entity = 'outgoing' AND entity_id = ${secretId} AND action = 'outgoing.create'`).includes(SECRET_SUBJECT));
  assert.ok(liveSql(`SELECT after_json FROM audit_log WHERE entity = 'outgoing' AND entity_id = ${secretId} AND action = 'outgoing.attach'`).includes(`"attachment_id":${att.id}`));

  const admin = await srv.as('admin');
  assert.equal((await admin.get(`/api/v1/outgoing/${secretId}`)).status, 404, 'the admin is refused the document');
  r = await admin.get(`/api/v1/audit?entity=outgoing&entity_id=${secretId}`);
  assert.equal(r.status, 200, r.text);
  const items = r.json().items;
  const actions = items.map((i) => i.action);
  assert.ok(actions.includes('outgoing.create') && actions.includes('outgoing.attach'), actions.join());
  for (const i of items) {
    assert.equal(i.redacted, true, `${i.action} is redacted`);
    assert.equal(i.after, null);
    assert.equal(i.before, null);
    assert.equal(i.actor.login, 'vanthu', 'who is still shown');
    assert.equal(i.entity_id, secretId, 'which record is still shown');
  }
  r = await admin.get('/api/v1/audit?entity=attachment');
  const opened = r.json().items.find((i) => i.action === 'doc.open_secret_attachment' && i.entity_id === att.id);
  assert.ok(opened, r.text);
  assert.equal(opened.redacted, true);
  // Nowhere in the newest page, filtered or not.
  r = await admin.get('/api/v1/audit?limit=500');
  assert.ok(!r.text.includes('AUD-7731'), 'subject and filename absent from the API');
  const page = await admin.get('/admin/audit');
  assert.equal(page.status, 200);
  assert.ok(!page.text.includes('AUD-7731'), 'subject and filename absent from the page');
  assert.ok(page.text.includes('(nội dung mật — đã ẩn)'));

  // A document the admin may see keeps its contents.
  r = await admin.get(`/api/v1/audit?entity=outgoing&entity_id=${plainId}`);
  const create = r.json().items.find((i) => i.action === 'outgoing.create');
  assert.equal(create.redacted, false);
  assert.equal(create.after.subject, PLAIN_SUBJECT);
  assert.ok((await admin.get('/admin/audit?entity=outgoing')).text.includes('AUD-7732'));
});

test('a secret incoming document\'s routing instructions and notes are hidden from the admin', async () => {
  const row = liveSql("SELECT a.entity_id, a.after_json FROM audit_log a JOIN incoming i ON i.id = a.entity_id WHERE a.entity = 'incoming' AND a.action = 'incoming.assign' AND i.secrecy > 0 ORDER BY a.id LIMIT 1");
  assert.ok(row, 'the demo routes a secret document');
  const [id, json] = [row.slice(0, row.indexOf('|')), row.slice(row.indexOf('|') + 1)];
  const routing = JSON.parse(json).routing;
  assert.ok(routing && routing.length > 10, json);
  const code = liveSql(`SELECT code FROM incoming WHERE id = ${id}`);
  // The clerk attaches a scan (a secret document: approved for scanning first, archives.h): its
  // filename is in the stored row.
  const ok = await (await srv.as('thuongtruc')).post('/api/v1/archives/scan-approvals', { json: { doc_kind: 'in', doc_id: Number(id) } });
  assert.equal(ok.status, 201, ok.text);
  const fd = new FormData();
  fd.append('file', new Blob([PDF], { type: 'application/pdf' }), 'Bien ban tham dinh AUD-7733.pdf');
  const up = await (await srv.as('vanthu')).post(`/api/v1/incoming/${id}/attachments`, { body: fd });
  assert.equal(up.status, 201, up.text);
  assert.ok(liveSql(`SELECT after_json FROM audit_log WHERE entity = 'incoming' AND entity_id = ${id} AND action = 'incoming.attach'`).includes('AUD-7733'));
  const admin = await srv.as('admin');
  const r = await admin.get(`/api/v1/audit?entity=incoming&entity_id=${id}`);
  assert.equal(r.status, 200);
  const items = r.json().items;
  assert.ok(items.length >= 2, r.text);
  for (const i of items) if (i.action !== 'doc.open_secret') assert.equal(i.redacted, true, i.action);
  assert.ok(items.some((i) => i.action === 'incoming.attach' && i.redacted), r.text);
  assert.ok(!r.text.includes(code), 'the document code is absent');
  assert.ok(!r.text.includes('AUD-7733'), 'the attachment filename is absent');
  assert.ok(!r.text.includes(routing), 'the routing instruction is absent');
  const page = await admin.get(`/admin/audit?entity=incoming&entity_id=${id}`);
  assert.ok(!page.text.includes(code) && !page.text.includes('AUD-7733'));
  assert.ok(page.text.includes('(nội dung mật — đã ẩn)'));
  // A plain document's routing is shown.
  const plain = liveSql("SELECT a.entity_id FROM audit_log a JOIN incoming i ON i.id = a.entity_id WHERE a.entity = 'incoming' AND a.action = 'incoming.assign' AND i.secrecy = 0 ORDER BY a.id LIMIT 1");
  const p = (await admin.get(`/api/v1/audit?entity=incoming&entity_id=${plain}&action=incoming.assign`)).json().items[0];
  assert.equal(p.redacted, false);
  assert.ok(p.after.routing);
});
