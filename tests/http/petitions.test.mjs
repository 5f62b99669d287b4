// Citizen reception and petitions (issue 15) against a real server: a complaint accepted and
// resolved in time; a denunciation extended twice and refused a third time; an anonymous letter
// screened out; a transfer drafting the covering letter; refused input with Vietnamese messages
// and nothing half-saved; and the denouncer's name in NO response body — every GET route of the
// module (from `vanphong routes`), search, notifications, the audit trail, exports — for anyone
// but the handler and the head who assigned the case.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

const today = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
const NAME = 'Đỗ Thị Kín Đáo';
const IDNO = '092199887766';
const ENTRY_NAME = 'Lý Văn Tiếp Kín';
const LOGINS = ['admin', 'thuongtruc', 'chanhvp', 'vanthu', 'chuyenvien', 'chuyenvien2', 'donvi', 'vanthu.binhthuy'];

async function userId(login) {
  const admin = await srv.as('admin');
  const r = await admin.get('/api/v1/users');
  const u = r.json().items.find((x) => x.login === login);
  assert.ok(u, `user ${login}`);
  return u.id;
}

async function letter(c, extra = {}) {
  const r = await c.post('/api/v1/petitions', {
    json: { received_on: today, channel: 'direct', matter: 'Tố cáo cán bộ địa chính nhận tiền', summary: 'Tóm tắt không ghi tên', kind: 'denunciation', complexity: 'normal', ...extra },
  });
  assert.equal(r.status, 201, r.text);
  return r.json();
}

test('a complaint is accepted and resolved in time; deadlines come from the rule table', async () => {
  const clerk = await srv.as('vanthu');
  const head = await srv.as('thuongtruc');
  const cv = await srv.as('chuyenvien');
  const p = await letter(clerk, { kind: 'complaint', name: 'Lê Văn Khiếu', id_no: '092088000111' });
  assert.ok(p.due_accept, 'a complaint has an acceptance deadline');
  assert.equal((await clerk.post(`/api/v1/petitions/${p.id}/screen`, { json: { screening: 'eligible' } })).status, 200);
  const cvId = await userId('chuyenvien');
  assert.equal((await head.post(`/api/v1/petitions/${p.id}/assign`, { json: { handler_id: cvId } })).status, 200);
  // The handler's notice opens the letter itself, and names no writer.
  const note = (await cv.get('/api/v1/notifications')).json().items.find((n) => n.kind === 'petitions.assigned');
  assert.ok(note, 'the handler is told');
  assert.equal(note.href, `/petitions/${p.id}`);
  assert.doesNotMatch(note.text, /Lê Văn Khiếu/);
  const opened = await cv.get(`/notifications/${note.id}/open`);
  assert.equal(opened.status, 303);
  assert.equal(opened.location, `/petitions/${p.id}`);
  let r = await cv.post(`/api/v1/petitions/${p.id}/accept`, { json: { accepted_on: today, decision_no: '15/TB-VPTU' } });
  assert.equal(r.status, 200, r.text);
  const acc = r.json();
  assert.equal(acc.status, 'accepted');
  // Luật Khiếu nại Art. 28: 30 calendar days from acceptance.
  const due = new Date(`${today}T00:00:00Z`); due.setUTCDate(due.getUTCDate() + 30);
  assert.equal(acc.due_resolve, due.toISOString().slice(0, 10));
  r = await cv.post(`/api/v1/petitions/${p.id}/result`, { json: { result_on: today, result_doc: '20/KL-TU', result_text: 'Đã trả lời công dân' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().status, 'resolved');
  assert.equal(r.json().overdue, false);
  // The complainant's name is not protected like a denouncer's: the case's readers see it.
  const id = await clerk.get(`/api/v1/petitions/${p.id}/identity`);
  assert.equal(id.status, 200);
  assert.equal(id.json().name, 'Lê Văn Khiếu');
});

test('a denunciation is extended twice, a third extension is refused, nothing changes', async () => {
  const clerk = await srv.as('vanthu');
  const head = await srv.as('thuongtruc');
  const cv = await srv.as('chuyenvien');
  const p = await letter(clerk, { complexity: 'especially', name: 'Người Tố Cáo Hai' });
  await clerk.post(`/api/v1/petitions/${p.id}/screen`, { json: { screening: 'eligible' } });
  await head.post(`/api/v1/petitions/${p.id}/assign`, { json: { handler_id: await userId('chuyenvien') } });
  await cv.post(`/api/v1/petitions/${p.id}/accept`, { json: { accepted_on: today, decision_no: '16/TB' } });
  let before = (await cv.get(`/api/v1/petitions/${p.id}`)).json();
  for (const n of [1, 2]) {
    const r = await cv.post(`/api/v1/petitions/${p.id}/extend`, { json: { decision_no: `4${n}/QĐ-TU`, reason: 'Cần xác minh thêm' } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json().extensions, n);
    assert.ok(r.json().due_resolve > before.due_resolve, 'the deadline moves');
    before = r.json();
  }
  const r = await cv.post(`/api/v1/petitions/${p.id}/extend`, { json: { decision_no: '43/QĐ-TU', reason: 'Lần ba' } });
  assert.equal(r.status, 409);
  assert.match(r.json().error.message, /tối đa 2 lần/);
  const after = (await cv.get(`/api/v1/petitions/${p.id}`)).json();
  assert.equal(after.extensions, 2);
  assert.equal(after.due_resolve, before.due_resolve);
  assert.equal(after.extension_list.length, 2);
});

test('an anonymous letter is screened out and filed; a transfer drafts the covering letter', async () => {
  const clerk = await srv.as('vanthu');
  const anon = await letter(clerk, {});
  assert.match(anon.pseudonym, /Người tố cáo/);
  let r = await clerk.post(`/api/v1/petitions/${anon.id}/screen`, { json: { screening: 'anonymous' } });
  assert.equal(r.status, 422, 'a reason is required when the letter is screened out');
  assert.equal(r.json().error.field, 'screening_reason');
  r = await clerk.post(`/api/v1/petitions/${anon.id}/screen`, { json: { screening: 'anonymous', screening_reason: 'Không ghi họ tên, địa chỉ' } });
  assert.equal(r.status, 200);
  r = await clerk.post(`/api/v1/petitions/${anon.id}/accept`, { json: { decision_no: 'x' } });
  assert.equal(r.status, 403, 'a clerk does not accept');
  r = await clerk.post(`/api/v1/petitions/${anon.id}/file`, { json: { guidance: 'Đơn nặc danh: lưu đơn' } });
  assert.equal(r.status, 200);
  assert.equal(r.json().status, 'filed');

  const t = await letter(clerk, { kind: 'recommendation', name: 'Phạm Kiến Nghị' });
  r = await clerk.post(`/api/v1/petitions/${t.id}/transfer`, { json: { transferred_to: 'UBND thành phố Cần Thơ' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().status, 'transferred');
  const out = await clerk.get(`/api/v1/outgoing/${r.json().outgoing_id}`);
  assert.equal(out.status, 200);
  assert.match(out.text, /chuyển đơn số/);
  assert.doesNotMatch(out.text, /Phạm Kiến Nghị/);
});

test('bad input: clear Vietnamese messages, nothing half-saved', async () => {
  const clerk = await srv.as('vanthu');
  const cv = await srv.as('chuyenvien');
  const head = await srv.as('thuongtruc');
  const count = async () => (await clerk.get('/api/v1/petitions?limit=1')).json().total;
  const n0 = await count();
  let r = await clerk.post('/api/v1/petitions', { json: { received_on: today, channel: 'direct', matter: 'Việc', summary: 'Tóm tắt', kind: 'complaint', name: 'A', id_no: '12ab' } });
  assert.equal(r.status, 422);
  assert.equal(r.json().error.field, 'id_no');
  assert.match(r.json().error.message, /9 hoặc 12 chữ số/);
  assert.equal(await count(), n0);
  r = await clerk.post('/api/v1/petitions', { json: { matter: 'x', bogus: 1 } });
  assert.equal(r.status, 400, 'unknown member');
  // The page form comes back with the typed value and the red message beside the field.
  const back = await clerk.postForm('/petitions', { received_on: today, channel: 'direct', matter: 'Việc giữ lại', summary: 'Tóm tắt', kind: 'complaint', name: 'B', id_no: '99' }, '/petitions/new');
  assert.equal(back.status, 303);
  assert.equal(back.location, '/petitions/new');
  const page = await clerk.follow(back);
  assert.match(page.text, /Số CMND\/CCCD phải gồm 9 hoặc 12 chữ số/);
  assert.match(page.text, /value="Việc giữ lại"/);
  assert.equal(await count(), n0);

  // A resolution dated before acceptance.
  const p = await letter(clerk, { kind: 'complaint', name: 'C' });
  await clerk.post(`/api/v1/petitions/${p.id}/screen`, { json: { screening: 'eligible' } });
  await head.post(`/api/v1/petitions/${p.id}/assign`, { json: { handler_id: await userId('chuyenvien') } });
  await cv.post(`/api/v1/petitions/${p.id}/accept`, { json: { accepted_on: today, decision_no: '1/TB' } });
  r = await cv.post(`/api/v1/petitions/${p.id}/result`, { json: { result_on: '2020-01-01', result_doc: '1/KL' } });
  assert.equal(r.status, 422);
  assert.equal(r.json().error.field, 'result_on');
  assert.match(r.json().error.message, /không được trước ngày thụ lý/);
  assert.equal((await cv.get(`/api/v1/petitions/${p.id}`)).json().status, 'accepted');

  // A reception by someone who is neither the head nor delegated.
  const rec = (await head.get('/api/v1/petitions/reception')).json();
  const headId = rec.heads[0].id;
  r = await clerk.post('/api/v1/petitions/reception/sessions', { json: { head_id: headId, day: today, kind: 'scheduled', receiver_id: await userId('chuyenvien') } });
  assert.equal(r.status, 422);
  assert.equal(r.json().error.field, 'receiver_id');
  assert.match(r.json().error.message, /không được ủy quyền/);
});

test("the denouncer's name appears in no response but the handler's and the assigning head's", async () => {
  const clerk = await srv.as('vanthu');
  const head = await srv.as('thuongtruc');
  const p = await letter(clerk, { name: NAME, address: 'Số 9, phường An Hòa', id_no: IDNO, matter: 'Tố cáo cán bộ phường Kín Đáo lạm quyền' });
  await clerk.post(`/api/v1/petitions/${p.id}/screen`, { json: { screening: 'eligible' } });
  assert.equal((await head.post(`/api/v1/petitions/${p.id}/assign`, { json: { handler_id: await userId('chuyenvien') } })).status, 200);
  const cv = await srv.as('chuyenvien');
  const e = await cv.post('/api/v1/petitions/reception/entries', { json: { day: today, reception_kind: 'regular', content: 'Tố cáo sai phạm', kind: 'denunciation', handling: 'accept', name: ENTRY_NAME, id_no: '092100200300' } });
  assert.equal(e.status, 201, e.text);

  // Every GET route of the module, from the route table, with the fixture's ids and the
  // variants that export or open the identity; then the places that gather across modules.
  const routes = srv.cli(['routes']).stdout.split('\n').map((l) => l.split(' '))
    .filter(([m, p]) => m === 'GET' && /petitions|reception/.test(p || '')).map(([, p]) => p);
  assert.ok(routes.length >= 10, 'routes found');
  const paths = [];
  for (const r of routes) {
    const path = r.replace('{id}', String(p.id)).replace('{fid}', '1');
    paths.push(path);
    if (r.endsWith('/{id}')) paths.push(`${path}?identity=1`);
    if (/register|report/.test(r) && !r.startsWith('/api')) paths.push(`${path}?format=csv`, `${path}?format=json`);
  }
  paths.push(`/search?q=${encodeURIComponent('Kín Đáo')}`, `/api/v1/search?q=${encodeURIComponent('Kín Đáo')}`,
    '/notifications', '/api/v1/notifications', '/', '/admin/audit', '/api/v1/audit?limit=500');
  const allowed = { petition: ['chuyenvien', 'thuongtruc'], entry: ['chuyenvien'] };
  const seen = { petition: new Set(), entry: new Set() };
  const leaks = [];
  for (const login of LOGINS) {
    const c = await srv.as(login);
    for (const path of paths) {
      const r = await c.get(path);
      assert.ok(r.status < 500, `${login} ${path}: ${r.status}`);
      for (const [what, needles] of [['petition', [NAME, IDNO]], ['entry', [ENTRY_NAME, '092100200300']]]) {
        if (needles.some((n) => r.text.includes(n))) {
          seen[what].add(login);
          if (!allowed[what].includes(login)) leaks.push(`${login} ${path} shows the ${what} identity`);
        }
      }
    }
  }
  assert.deepEqual(leaks, []);
  // The test can fail: the two allowed people do see the identity where they should.
  assert.deepEqual([...seen.petition].sort(), ['chuyenvien', 'thuongtruc']);
  assert.deepEqual([...seen.entry], ['chuyenvien']);
  // Each view was audited — and the audit trail itself never shows the name (checked above).
  const audit = (await (await srv.as('admin')).get(`/api/v1/audit?action=petition.identity_view&limit=200`)).json();
  assert.ok(audit.items.filter((a) => a.entity_id === p.id).length >= 2);
});

test('report values, quota check and the register export', async () => {
  const head = await srv.as('thuongtruc');
  const year = today.slice(0, 4);
  let r = await head.get(`/api/v1/petitions/report?period=year&year=${year}`);
  assert.equal(r.status, 200);
  const v = r.json().values;
  for (const k of ['TD_SO_NGAY_TIEP', 'TD_SO_LUOT_TIEP', 'TD_SO_NGUOI', 'DON_TONG', 'DON_TO_CAO', 'DON_DUNG_HAN', 'DON_QUA_HAN', 'DON_TON']) assert.equal(typeof v[k], 'number', k);
  assert.ok(v.DON_TONG > 0);
  r = await head.get('/api/v1/petitions/report?period=bogus');
  assert.equal(r.status, 400);
  // The pages name the period in dd/mm/yyyy words, never a raw date.
  const page = await head.get(`/reception?month=${year}-03`);
  assert.match(page.text, new RegExp(`tháng 03/${year}</h2>`));
  assert.match(page.text, new RegExp(`href="/reception\\?month=${year}-02"`));
  const rep = await head.get(`/petitions/report?period=month&year=${year}&month=3`);
  assert.match(rep.text, new RegExp(`name="year" type="number" value="${year}"`));
  assert.match(rep.text, /name="month" type="number" min="1" max="12" value="03"/);
  assert.match(rep.text, new RegExp(`Kỳ: 01/03/${year} – 31/03/${year}`));
  r = await head.get('/api/v1/petitions/reception');
  assert.ok(r.json().heads.length >= 1);
  assert.equal(typeof r.json().heads[0].below_quota, 'boolean');
  r = await head.get(`/reception/register?from=${year}-01-01&to=${year}-12-31&format=xlsx`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /spreadsheetml/);
  r = await head.get(`/petitions/report?period=q1&year=${year}&format=xlsx`);
  assert.equal(r.status, 200);
  // The rule table: everyone reads it; only the administrator writes it.
  r = await head.post('/api/v1/petitions/rules', { json: { stage: 'resolve', days: 20, day_kind: 'working', effective_from: '2030-01-01' } });
  assert.equal(r.status, 403);
  const admin = await srv.as('admin');
  r = await admin.post('/api/v1/petitions/rules', { json: { stage: 'resolve', kind: 'reflection', days: 20, day_kind: 'calendar', effective_from: '2030-01-01', source: 'Thử' } });
  assert.equal(r.status, 201, r.text);
  r = await admin.post('/api/v1/petitions/rules', { json: { stage: 'resolve', days: 20, day_kind: 'weekly', effective_from: '2030-01-01' } });
  assert.equal(r.status, 422);
  assert.equal(r.json().error.field, 'day_kind');
});
