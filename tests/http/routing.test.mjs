// Routing over real HTTP on the demo office (issue 12, items 5, 10 and 18): an extension moves
// every share that had the lead's deadline, or the ones the leader picks, one trace event each;
// "nhận để biết" opens the document and asks nothing; "trả lại" gives a document back to its
// clerk with a reason, and the clerk submits it again; the panel is one panel with a tree of
// checkboxes; a deputy under ủy quyền routes the leader's documents in the leader's name;
// several documents routed at once from /tasks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';
import { workingDayIn } from './workdays-dates.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });
const as = (login) => srv.as(login);

// A deadline must be a working day (issue 13): today + n, moved to the next working day.
function plusDays(n) {
  return n < 0 ? new Date(Date.now() + 7 * 3600e3 + n * 86400e3).toISOString().slice(0, 10) : workingDayIn(n);
}
let seq = 0;
async function register(extra = {}) {
  seq++;
  const r = await (await as('vanthu')).post('/api/v1/incoming', {
    json: {
      issuer_name: 'Ủy ban nhân dân thành phố Cần Thơ', doc_type: 'cong_van', issued_date: '2026-01-15',
      subject: `Về việc phối hợp tổ chức hội nghị số ${seq}`, code: `${900 + seq}/UBND-VP`, ...extra,
    },
  });
  assert.equal(r.status, 201, r.text);
  return r.json().id;
}
async function me(login) { return (await (await as(login)).get('/api/v1/me')).json(); }
async function doc(login, id) {
  const r = await (await as(login)).get(`/api/v1/incoming/${id}`);
  assert.equal(r.status, 200, r.text);
  return r.json();
}

test('an extension moves the co-handlers that had the lead’s deadline, each in the trace', async () => {
  const lead = await as('chanhvp');
  const cv = await me('chuyenvien'), cv2 = await me('chuyenvien2');
  const id = await register();
  let r = await lead.post(`/api/v1/incoming/${id}/assign`, {
    json: { lead: { user_id: cv.id }, co: [{ user_id: cv2.id }], due_date: plusDays(5) },
  });
  assert.equal(r.status, 200, r.text);
  r = await lead.post(`/api/v1/incoming/${id}/progress`, { json: { action: 'extend', new_due_date: plusDays(12), reason: 'Chờ ý kiến các ban' } });
  assert.equal(r.status, 200, r.text);
  const d = r.json();
  const open = d.assignments.filter((a) => a.status === 'open');
  assert.equal(open.length, 2);
  for (const a of open) assert.equal(a.due_date, plusDays(12), JSON.stringify(a));
  const ext = d.trace.filter((t) => t.kind === 'extend');
  assert.equal(ext.length, 2, 'one trace event per share whose deadline moved');
  for (const t of ext) { assert.equal(t.old_due, plusDays(5)); assert.equal(t.new_due, plusDays(12)); }
  // the leader picks whose deadline changes: only the co-handler's this time
  const co = open.find((a) => a.kind === 'co');
  r = await lead.post(`/api/v1/incoming/${id}/progress`, { json: { action: 'extend', new_due_date: plusDays(20), reason: 'Bổ sung số liệu', assignment_ids: [co.id] } });
  assert.equal(r.status, 200, r.text);
  const after2 = r.json().assignments.filter((a) => a.status === 'open');
  assert.equal(after2.find((a) => a.kind === 'co').due_date, plusDays(20));
  assert.equal(after2.find((a) => a.kind === 'lead').due_date, plusDays(12));
  assert.equal(r.json().deadline, plusDays(12));
  // the page's extension form lists the shares as checkboxes, the same-date ones ticked
  const page = await lead.get(`/incoming/${id}`);
  assert.match(page.text, /id="extend-form"/);
  assert.equal((page.text.match(/name="assignment_id"/g) || []).length, 2);
  // a share that is not this document's is refused
  r = await lead.post(`/api/v1/incoming/${id}/progress`, { json: { action: 'extend', new_due_date: plusDays(25), reason: 'x', assignment_ids: [999999] } });
  assert.equal(r.status, 422, r.text);
});

test('nhận để biết: visible to the recipient, no work for them, shown as such', async () => {
  const lead = await as('chanhvp');
  const cv = await me('chuyenvien'), cv2 = await me('chuyenvien2');
  const id = await register();
  assert.equal((await (await as('chuyenvien2')).get(`/api/v1/incoming/${id}`)).status, 404);
  const r = await lead.post(`/api/v1/incoming/${id}/assign`, {
    json: { lead: { user_id: cv.id }, info: [{ user_id: cv2.id }], due_date: plusDays(5) },
  });
  assert.equal(r.status, 200, r.text);
  const info = r.json().assignments.find((a) => a.kind === 'info');
  assert.ok(info, JSON.stringify(r.json().assignments));
  assert.equal(info.status, 'done');
  const d = await doc('chuyenvien2', id);
  assert.match(d.trace.find((t) => t.kind === 'assign').text, /Nhận để biết/);
  const tasks = (await (await as('chuyenvien2')).get('/api/v1/tasks')).json();
  assert.ok(!tasks.incoming.some((x) => x.id === id), 'information is not work');
  const page = await (await as('chuyenvien2')).get(`/incoming/${id}`);
  assert.match(page.text, /data-kind="info"/);
  assert.doesNotMatch(page.text, /id="progress-form"/);
  const notes = (await (await as('chuyenvien2')).get('/api/v1/notifications')).json();
  assert.ok(notes.items.some((n) => n.doc_id === id), 'the recipient is told');
});

test('trả lại: back to the clerk with a reason, then submitted again', async () => {
  const lead = await as('chanhvp');
  const clerk = await as('vanthu');
  const id = await register();
  let r = await lead.post(`/api/v1/incoming/${id}/return`, { json: {} });
  assert.equal(r.status, 422, r.text);
  r = await clerk.post(`/api/v1/incoming/${id}/return`, { json: { reason: 'x' } });
  assert.equal(r.status, 403, r.text);
  r = await lead.post(`/api/v1/incoming/${id}/return`, { json: { reason: 'Bản quét thiếu trang 2' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().status, 'registered');
  assert.equal(r.json().returned, true);
  assert.ok(r.json().trace.some((t) => t.kind === 'return' && /thiếu trang 2/.test(t.text)));
  const notes = (await clerk.get('/api/v1/notifications')).json();
  assert.ok(notes.items.some((n) => n.doc_id === id && /trả lại/.test(n.text)), JSON.stringify(notes.items.slice(0, 3)));
  let page = await clerk.get(`/incoming/${id}`);
  assert.match(page.text, /id="returned"/);
  assert.match(page.text, /id="resubmit-form"/);
  const t = (await lead.get('/api/v1/tasks')).json();
  assert.ok(!t.to_assign.some((x) => x.id === id), 'a returned document waits for the clerk');
  const audit = (await (await as('admin')).get(`/api/v1/audit?action=incoming.return&entity_id=${id}`)).json();
  assert.equal(audit.items.length, 1);
  r = await clerk.post(`/api/v1/incoming/${id}/resubmit`, { json: {} });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().returned, false);
  const t2 = (await lead.get('/api/v1/tasks')).json();
  assert.ok(t2.to_assign.some((x) => x.id === id));
  // the form path: the panel's return tab answers with the red flash when the reason is empty
  page = await lead.get(`/incoming/${id}`);
  assert.match(page.text, /id="return-form"/);
});

test('one panel, a tree of checkboxes: chủ trì / phối hợp / để biết per unit and person', async () => {
  const id = await register();
  const page = await (await as('chanhvp')).get(`/incoming/${id}`);
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /<select[^>]*multiple/, 'no Ctrl+click list');
  assert.match(page.text, /class="target-tree"/);
  assert.match(page.text, /type="radio" name="lead" value="u\d+"/);
  assert.match(page.text, /type="checkbox" name="co" value="p\d+"/);
  assert.match(page.text, /type="checkbox" name="info" value="u\d+"/);
  assert.equal((page.text.match(/<section class="panel handling"/g) || []).length, 1);
  assert.match(page.text, /<details class="handle-tab" id="tab-assign" open>/);
  // the form routes with the three kinds
  const cv = await me('chuyenvien'), cv2 = await me('chuyenvien2');
  const c = await as('chanhvp');
  const r = await c.postForm(`/incoming/${id}/assign`, { lead: `p${cv.id}`, info: `p${cv2.id}`, due_date: plusDays(4) }, `/incoming/${id}`);
  assert.equal(r.status, 303, r.text);
  const d = await doc('chanhvp', id);
  assert.deepEqual(d.assignments.map((a) => a.kind).sort(), ['info', 'lead']);
});

test('ủy quyền: the deputy routes the leader’s documents in the leader’s name, until it ends', async () => {
  const leader = await as('chanhvp');
  const deputy = await as('chuyenvien');
  const lname = (await me('chanhvp')).name;
  const cv = await me('chuyenvien'), cv2 = await me('chuyenvien2');
  const id = await register();
  let r = await deputy.post(`/api/v1/incoming/${id}/assign`, { json: { lead: { user_id: cv2.id } } });
  assert.equal(r.status, 403, r.text);
  // only a leader delegates; dates are checked
  r = await deputy.post('/api/v1/delegations', { json: { deputy_id: cv2.id, to_date: plusDays(3) } });
  assert.equal(r.status, 403, r.text);
  // to_date one calendar day before from_date (plusDays moves both to working days, so
  // plusDays(1) and plusDays(3) meet on a Friday)
  const from3 = plusDays(3);
  const dayBefore = new Date(Date.parse(`${from3}T00:00:00Z`) - 86400e3).toISOString().slice(0, 10);
  r = await leader.post('/api/v1/delegations', { json: { deputy_id: cv.id, from_date: from3, to_date: dayBefore } });
  assert.equal(r.status, 422, r.text);
  r = await leader.post('/api/v1/delegations', { json: { deputy_id: cv.id, to_date: plusDays(7), note: 'Đi công tác' } });
  assert.equal(r.status, 201, r.text);
  const del = r.json();
  assert.equal(del.active, true);
  const t = (await deputy.get('/api/v1/tasks')).json();
  assert.ok(t.to_assign.some((x) => x.id === id), 'the leader’s documents wait on the deputy’s list');
  const page = await deputy.get(`/incoming/${id}`);
  assert.match(page.text, /id="assign-form"/);
  assert.match(page.text, /thay mặt/);
  r = await deputy.post(`/api/v1/incoming/${id}/assign`, { json: { lead: { user_id: cv2.id }, due_date: plusDays(6) } });
  assert.equal(r.status, 200, r.text);
  const ev = r.json().trace.find((x) => x.kind === 'assign');
  assert.ok(ev.text.includes(`thay mặt ${lname} (ủy quyền)`), ev.text);
  const audit = (await (await as('admin')).get(`/api/v1/audit?action=incoming.assign&entity_id=${id}`)).json();
  assert.equal(audit.items[0].actor.login, 'chuyenvien');
  assert.equal(audit.items[0].after.on_behalf_of.name, lname);
  // extension under the delegation says so as well
  r = await deputy.post(`/api/v1/incoming/${id}/progress`, { json: { action: 'extend', new_due_date: plusDays(9), reason: 'Chờ số liệu' } });
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json().trace.filter((x) => x.kind === 'extend').every((x) => /ủy quyền/.test(x.text)));
  const list = (await leader.get('/api/v1/delegations')).json();
  assert.ok(list.items.some((x) => x.id === del.id && x.active));
  assert.equal((await deputy.post(`/api/v1/delegations/${del.id}/end`, { json: {} })).status, 404);
  r = await leader.post(`/api/v1/delegations/${del.id}/end`, { json: {} });
  assert.equal(r.status, 200, r.text);
  const id2 = await register();
  r = await deputy.post(`/api/v1/incoming/${id2}/assign`, { json: { lead: { user_id: cv2.id } } });
  assert.equal(r.status, 403, r.text);
  const dpage = await leader.get('/tasks/delegations');
  assert.equal(dpage.status, 200);
  assert.match(dpage.text, /id="delegation-form"/);
  const alog = (await (await as('admin')).get(`/api/v1/audit?entity=delegation&entity_id=${del.id}`)).json();
  assert.deepEqual(alog.items.map((x) => x.action).sort(), ['delegation.create', 'delegation.end']);
});

test('routing several documents at once from the list waiting for routing', async () => {
  const a = await register(), b = await register();
  const c = await as('chanhvp');
  const page = await c.get('/tasks');
  assert.match(page.text, new RegExp(`name="id" value="${a}" form="batch-form"`));
  assert.match(page.text, /id="batch-form"/);
  const cv = await me('chuyenvien');
  const csrf = (page.text.match(/name="csrf" value="([^"]+)"/) || [])[1];
  const form = new URLSearchParams([['csrf', csrf], ['id', String(a)], ['id', String(b)], ['lead', `p${cv.id}`], ['due_date', plusDays(8)]]);
  const r = await c.post('/tasks/assign', { form: form.toString() });
  assert.equal(r.status, 303, r.text);
  for (const id of [a, b]) {
    const d = await doc('chanhvp', id);
    assert.equal(d.status, 'assigned');
    assert.equal(d.deadline, plusDays(8));
  }
  const none = await c.post('/tasks/assign', { form: new URLSearchParams([['csrf', csrf], ['lead', `p${cv.id}`]]).toString() });
  assert.equal(none.status, 303);
});
