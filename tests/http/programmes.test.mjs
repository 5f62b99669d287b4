// Work programmes (issue 13, DOMAIN-2 §1): the demo office's programmes, a whole cycle through
// the API (draft → submit → approve → a quarter built by picking items → postpone with a reason
// → carry over → the lead unit's view), the bad input the issue names (a dissolved lead unit, a
// body the level does not have) with clear Vietnamese messages and nothing half-saved, and who
// may see and do what.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DEMO_PASSWORD } from './lib.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

const year = new Date().getFullYear();

async function ok(p, status = 200) {
  const r = await p;
  assert.equal(r.status, status, r.text.slice(0, 500));
  return r.json();
}

test('the demo office has its programmes: BTV annual issued, quarters derived, items done and carried', async () => {
  const cv = await srv.as('chuyenvien');
  const list = await ok(cv.get(`/api/v1/programmes?year=${year}`));
  const btv = list.items.find((p) => p.body === 'BTV' && p.kind === 'NAM');
  assert.ok(btv, 'the BTV annual programme');
  assert.equal(btv.items, 20);
  assert.equal(btv.status, 'BAN_HANH', 'issued through the outgoing flow');
  assert.match(btv.outgoing_notation, /CTr/);
  assert.ok(list.items.some((p) => p.body === 'BCH' && p.kind === 'NAM'));
  const quarters = list.items.filter((p) => p.kind === 'QUY');
  assert.ok(quarters.length >= 1);
  const full = await ok(cv.get(`/api/v1/programmes/${btv.id}`));
  const st = full.item_list.map((i) => i.status);
  assert.ok(st.includes('DA_THONG_QUA'));
  assert.ok(full.item_list.some((i) => i.status === 'HOAN' && i.status_reason));
  assert.ok(full.item_list.some((i) => i.result_outgoing_id));
  // the page shows Vietnamese labels, never the codes
  const page = await cv.get(`/programmes/${btv.id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Đã ban hành/);
  assert.match(page.text, /Đã thông qua/);
  assert.doesNotMatch(page.text, />(DA_THONG_QUA|KE_HOACH|BAN_HANH|HOAN)</);
  assert.match(page.text, /id="print-btn"/);
  assert.match(page.text, /class="table-wrap landscape"/);
  for (const h of ['STT', 'Nội dung', 'Hình thức văn bản', 'Cơ quan chủ trì', 'Cơ quan phối hợp', 'Thời gian', 'Cấp quyết định'])
    assert.match(page.text, new RegExp(`<th>${h}</th>`));
  // cross-module links on each item
  assert.match(page.text, /href="\/conferences\/new\?item=\d+&amp;title=[^"]+"/);
  assert.match(page.text, /href="\/followup\/new\?item=\d+&amp;title=[^"]+"/);
  assert.match(page.text, /href="\/schedule\/new\?item=\d+&amp;content=[^"]+&amp;day=/);
  // xlsx in the programme layout
  const x = await cv.get(`/programmes/${btv.id}/xlsx`);
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  // carried items keep their history back to the annual programme
  const q = quarters.sort((a, b) => b.period - a.period)[0];
  const qf = await ok(cv.get(`/api/v1/programmes/${q.id}`));
  const carried = qf.item_list.find((i) => i.origin_kind === 'carry');
  if (carried) {
    const h = await ok(cv.get(`/api/v1/programmes/items/${carried.id}`));
    assert.ok(h.history.some((e) => e.action === 'carry_out'));
    assert.ok(h.history.some((e) => e.action === 'add'), 'the history reaches the annual programme');
  }
  // overdue view: items of the current quarter not done
  const od = await ok(cv.get('/api/v1/programmes/overdue'));
  assert.ok(od.total >= 1, 'some demo items are overdue');
});

test('a whole cycle: draft, bad input refused whole, submit, approve, derive, postpone, carry over, lead view', async () => {
  const cv = await srv.as('chuyenvien');
  const chanh = await srv.as('chanhvp');
  const tt = await srv.as('thuongtruc');
  const units = (await ok((await srv.as('admin')).get('/api/v1/units?include_dissolved=1'))).items;
  const active = (n) => units.find((u) => u.name === n && u.active !== false).id;
  const tu = active('Thành ủy Cần Thơ');
  const btc = active('Ban Tổ chức Thành ủy Cần Thơ');
  const vp = active('Văn phòng Thành ủy Cần Thơ');
  const y = year + 1;

  // a body the level does not make that kind of programme for
  let r = await cv.post('/api/v1/programmes', { json: { unit_id: tu, body: 'TT', kind: 'NAM', year: y } });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json().error.field, 'kind');
  assert.match(r.json().error.message, /Thường trực không lập chương trình Năm/);

  const p = await ok(cv.post('/api/v1/programmes', { json: { unit_id: tu, body: 'BTV', kind: 'NAM', year: y } }), 201);
  assert.equal(p.status, 'DU_THAO');
  assert.match(p.title, new RegExp(`Chương trình công tác năm ${y} của Ban Thường vụ Thành ủy Cần Thơ`));

  // an item assigned to a dissolved unit: a clear message, nothing saved
  const dissolved = units.find((u) => u.name === 'Ban Tổ chức Thành ủy Cần Thơ' && u.active === false);
  assert.ok(dissolved, 'the old Ban Tổ chức (dissolved 30/6/2025)');
  r = await cv.post(`/api/v1/programmes/${p.id}/items`, { json: { title: 'Đề án thử', doc_form: 'DA', deciding_body: 'BTV', lead_unit_id: dissolved.id, planned_month: 3 } });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json().error.field, 'lead_unit_id');
  assert.match(r.json().error.message, /đã giải thể .*đơn vị kế thừa/);
  r = await cv.post(`/api/v1/programmes/${p.id}/items`, { json: { title: 'Đề án thử', doc_form: 'DA', deciding_body: 'BTV', lead_unit_id: btc, coop_unit_ids: [dissolved.id] } });
  assert.equal(r.status, 422);
  assert.equal(r.json().error.field, 'coop_unit_ids');
  r = await cv.post(`/api/v1/programmes/${p.id}/items`, { json: { title: '', doc_form: 'XX', deciding_body: 'BTV', lead_unit_id: btc, planned_date: `${y + 1}-01-01` } });
  assert.equal(r.status, 422);
  const fields = r.json().error.errors.map((e) => e.field);
  for (const f of ['title', 'doc_form', 'planned_date']) assert.ok(fields.includes(f), f);
  assert.equal((await ok(cv.get(`/api/v1/programmes/${p.id}`))).items, 0, 'nothing half-saved');
  // unknown member → 400
  r = await cv.post(`/api/v1/programmes/${p.id}/items`, { json: { title: 'x', colour: 'red' } });
  assert.equal(r.status, 400);

  const items = [];
  for (const [title, m, lead] of [['Đề án tổ chức bộ máy', 2, btc], ['Báo cáo quý I', 3, vp], ['Nghị quyết chuyển đổi số', 5, vp], ['Kế hoạch kiểm tra', 3, btc]])
    items.push(await ok(cv.post(`/api/v1/programmes/${p.id}/items`, { json: { title, doc_form: 'DA', deciding_body: 'BTV', lead_unit_id: lead, coop_unit_ids: lead === btc ? [vp] : [], planned_month: m } }), 201));

  // submit: the office leader; approve: the committee leader (programmes.approver_role)
  assert.equal((await cv.post(`/api/v1/programmes/${p.id}/submit`, { json: {} })).status, 403);
  assert.equal((await ok(chanh.post(`/api/v1/programmes/${p.id}/submit`, { json: {} }))).status, 'TRINH');
  assert.equal((await chanh.post(`/api/v1/programmes/${p.id}/approve`, { json: {} })).status, 403);
  assert.equal((await cv.post(`/api/v1/programmes/${p.id}/items`, { json: { title: 'Muộn', doc_form: 'BC', deciding_body: 'BTV', lead_unit_id: vp } })).status, 409);
  assert.equal((await ok(tt.post(`/api/v1/programmes/${p.id}/approve`, { json: {} }))).status, 'DA_DUYET');
  assert.equal((await tt.post(`/api/v1/programmes/${p.id}/approve`, { json: {} })).status, 409);

  // the first quarter built by picking items
  r = await cv.post(`/api/v1/programmes/${p.id}/derive`, { json: { kind: 'QUY', period: 1, item_ids: [] } });
  assert.equal(r.status, 422);
  const q1 = await ok(cv.post(`/api/v1/programmes/${p.id}/derive`, { json: { kind: 'QUY', period: 1, item_ids: [items[0].id, items[1].id, items[3].id] } }), 201);
  assert.equal(q1.parent_id, p.id);
  assert.equal(q1.items, 3);
  r = await cv.post(`/api/v1/programmes/${p.id}/derive`, { json: { kind: 'QUY', period: 1, item_ids: [items[0].id] } });
  assert.equal(r.status, 409, 'an item is picked once for a period');
  await ok(chanh.post(`/api/v1/programmes/${q1.id}/submit`, { json: {} }));
  await ok(tt.post(`/api/v1/programmes/${q1.id}/approve`, { json: {} }));
  const q1items = (await ok(cv.get(`/api/v1/programmes/${q1.id}`))).item_list;

  // postpone without a reason: refused, named; with a reason: kept; the annual item follows
  r = await cv.post(`/api/v1/programmes/items/${q1items[0].id}/status`, { json: { status: 'HOAN' } });
  assert.equal(r.status, 422);
  assert.equal(r.json().error.field, 'reason');
  const post = await ok(cv.post(`/api/v1/programmes/items/${q1items[0].id}/status`, { json: { status: 'HOAN', reason: 'Chờ ý kiến của Trung ương' } }));
  assert.equal(post.status, 'HOAN');
  const annualItem = await ok(cv.get(`/api/v1/programmes/items/${items[0].id}`));
  assert.equal(annualItem.status, 'HOAN', 'the annual programme shows what became of its item');
  await ok(cv.post(`/api/v1/programmes/items/${q1items[1].id}/status`, { json: { status: 'DA_THONG_QUA' } }));

  // the second quarter, and the undone items carried over to it
  const q2 = await ok(cv.post(`/api/v1/programmes/${p.id}/derive`, { json: { kind: 'QUY', period: 2, item_ids: [items[2].id] } }), 201);
  r = await cv.post(`/api/v1/programmes/items/${q1items[1].id}/carry`, { json: { target_id: q2.id } });
  assert.equal(r.status, 409, 'an adopted item is not carried');
  r = await cv.post(`/api/v1/programmes/items/${q1items[0].id}/carry`, { json: { target_id: p.id } });
  assert.equal(r.status, 422, 'only to a later period');
  const moved = await ok(cv.post(`/api/v1/programmes/items/${q1items[0].id}/carry`, { json: { target_id: q2.id } }), 201);
  assert.equal(moved.origin_kind, 'carry');
  assert.equal(moved.status, 'KE_HOACH');
  const hist = await ok(cv.get(`/api/v1/programmes/items/${moved.id}`));
  assert.ok(hist.history.some((e) => e.reason === 'Chờ ý kiến của Trung ương'), 'the reason travels with the history');
  assert.equal((await cv.post(`/api/v1/programmes/items/${q1items[0].id}/carry`, { json: { target_id: q2.id } })).status, 409);

  // the lead unit's view: Ban Tổ chức's specialist sees its items, not the programme itself
  const btcUser = await srv.as('chuyenvien2');
  const lead = await ok(btcUser.get(`/api/v1/programmes/lead?from=${y}-01-01&to=${y}-03-31`));
  const titles = lead.items.map((i) => i.title);
  assert.ok(titles.includes('Kế hoạch kiểm tra'), JSON.stringify(titles));
  assert.ok(!titles.includes('Báo cáo quý I'), 'not led or coordinated by the Ban Tổ chức');
  assert.equal((await btcUser.get(`/api/v1/programmes/${p.id}`)).status, 404);
  const leadPage = await btcUser.get(`/programmes/lead?year=${y}&quarter=1`);
  assert.equal(leadPage.status, 200);
  assert.match(leadPage.text, /Kế hoạch kiểm tra/);
  // the lead unit reports its preparation, but cannot adopt
  const kt = lead.items.find((i) => i.title === 'Kế hoạch kiểm tra');
  assert.equal((await btcUser.post(`/api/v1/programmes/items/${kt.id}/status`, { json: { status: 'DA_THONG_QUA' } })).status, 403);
  assert.equal((await ok(btcUser.post(`/api/v1/programmes/items/${kt.id}/status`, { json: { status: 'DANG_CHUAN_BI' } }))).status, 'DANG_CHUAN_BI');
  // another unit's view is not theirs
  assert.equal((await btcUser.get(`/api/v1/programmes/lead?unit_id=${vp}`)).status, 404);

  // revise: a new version; on its approval the old one stops applying
  const v2 = await ok(cv.post(`/api/v1/programmes/${p.id}/revise`, { json: {} }), 201);
  assert.equal(v2.version, 2);
  assert.equal(v2.status, 'DIEU_CHINH');
  assert.equal((await cv.post(`/api/v1/programmes/${p.id}/revise`, { json: {} })).status, 409);
  await ok(chanh.post(`/api/v1/programmes/${v2.id}/submit`, { json: {} }));
  await ok(tt.post(`/api/v1/programmes/${v2.id}/approve`, { json: {} }));
  assert.equal((await ok(cv.get(`/api/v1/programmes/${p.id}`))).status, 'HET_HIEU_LUC');

  // issuing makes an outgoing draft of type CTr through the outgoing flow
  const vt = await srv.as('vanthu');
  const issued = await ok(vt.post(`/api/v1/programmes/${v2.id}/issue`, { json: {} }), 201);
  assert.ok(issued.outgoing_id);
  const out = await ok(vt.get(`/api/v1/outgoing/${issued.outgoing_id}`));
  assert.equal(out.doc_type, 'chuong_trinh');
  assert.equal((await vt.post(`/api/v1/programmes/${v2.id}/issue`, { json: {} })).status, 409);
});

test('forms: a refused item comes back with its typed values and the message beside the field', async () => {
  const cv = await srv.as('chuyenvien');
  const tu = (await ok(cv.get('/api/v1/programmes/bodies'))).unit_id;
  assert.ok(tu);
  const units = (await ok((await srv.as('admin')).get('/api/v1/units?include_dissolved=1'))).items;
  const tuId = units.find((u) => u.name === 'Thành ủy Cần Thơ' && u.active !== false).id;
  const p = await ok(cv.post('/api/v1/programmes', { json: { unit_id: tuId, body: 'BCH', kind: 'NAM', year: year + 2 } }), 201);
  const dissolved = units.find((u) => u.name === 'Văn phòng Thành ủy Cần Thơ' && u.active === false);
  const r = await cv.post(`/programmes/${p.id}/items`, { form: { title: 'Nghị quyết giữ lại', doc_form: 'NQ', deciding_body: 'BCH', lead_unit_id: String(dissolved.id) } });
  assert.equal(r.status, 303);
  const page = await cv.get(r.location || `/programmes/${p.id}`);
  assert.match(page.text, /Nghị quyết giữ lại/);
  assert.match(page.text, /đã giải thể/);
  assert.equal((await ok(cv.get(`/api/v1/programmes/${p.id}`))).items, 0);
});

test('who may see: scope, a ward account, admin', async () => {
  const donvi = await srv.as('donvi');
  const list = await ok(donvi.get(`/api/v1/programmes?year=${year}`));
  assert.equal(list.total, 0, 'the city programmes are not the ward account’s');
  assert.equal((await donvi.get('/api/v1/programmes/1')).status, 404);
  assert.equal((await donvi.get('/programmes/1')).status, 404);
  // but the ward sees the items it leads or coordinates in the city's programmes
  const lead = await ok(donvi.get(`/api/v1/programmes/lead?from=${year}-01-01&to=${year}-12-31`));
  assert.ok(lead.items.length >= 1);
  for (const it of lead.items) assert.ok(it.lead_unit_id === lead.unit_id || it.coop_unit_ids.includes(lead.unit_id));
  // a ward clerk cannot draft the city's programme
  const vtbt = await srv.as('vanthu.binhthuy');
  const r = await vtbt.post('/api/v1/programmes', { json: { unit_id: 1, body: 'BTV', kind: 'NAM', year } });
  assert.ok([403, 404].includes(r.status), String(r.status));
  // the committee leader reads the city's programmes
  const tt = await srv.as('thuongtruc');
  assert.ok((await ok(tt.get(`/api/v1/programmes?year=${year}`))).total >= 4);
  // admin: scope covers all, but drafts nothing
  const admin = await srv.as('admin');
  const units = (await ok(admin.get('/api/v1/units'))).items;
  const tu = units.find((u) => u.name === 'Thành ủy Cần Thơ').id;
  assert.equal((await admin.post('/api/v1/programmes', { json: { unit_id: tu, body: 'BTV', kind: 'NAM', year } })).status, 403);
  void DEMO_PASSWORD;
});

test('a draft is corrected before approval: an item edited and taken out, a submitted programme sent back with a reason', async () => {
  const cv = await srv.as('chuyenvien');
  const chanh = await srv.as('chanhvp');
  const tt = await srv.as('thuongtruc');
  const units = (await ok((await srv.as('admin')).get('/api/v1/units'))).items;
  const unit = (n) => units.find((u) => u.name === n).id;
  const tu = unit('Thành ủy Cần Thơ');
  const vp = unit('Văn phòng Thành ủy Cần Thơ');
  const btc = unit('Ban Tổ chức Thành ủy Cần Thơ');
  const p = await ok(cv.post('/api/v1/programmes', { json: { unit_id: tu, body: 'BTV', kind: 'NAM', year: year + 2 } }), 201);
  const add = (title, lead) => ok(cv.post(`/api/v1/programmes/${p.id}/items`, { json: { title, doc_form: 'BC', deciding_body: 'BTV', lead_unit_id: lead, planned_month: 4 } }), 201);
  const a = await add('Báo cáo sơ kết', vp);
  const b = await add('Đề án sắp xếp', btc);
  const c = await add('Kế hoạch tập huấn', vp);

  // edited: the same checks as adding; a refused edit changes nothing
  let r = await cv.post(`/api/v1/programmes/items/${a.id}/edit`, { json: { title: ' ', doc_form: 'BC', deciding_body: 'BTV', lead_unit_id: vp } });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json().error.field, 'title');
  assert.equal((await ok(cv.get(`/api/v1/programmes/items/${a.id}`))).title, 'Báo cáo sơ kết');
  const ed = await ok(cv.post(`/api/v1/programmes/items/${a.id}/edit`, { json: { title: 'Báo cáo sơ kết 6 tháng', doc_form: 'BC', deciding_body: 'BTV', lead_unit_id: btc, coop_unit_ids: [vp], planned_month: 6 } }));
  assert.equal(ed.title, 'Báo cáo sơ kết 6 tháng');
  assert.equal(ed.lead_unit_id, btc);
  assert.match(ed.due_date, new RegExp(`^${year + 2}-06-30`));
  const hist = await ok(cv.get(`/api/v1/programmes/items/${a.id}`));
  assert.ok(hist.history.some((e) => e.action === 'edit'), 'the edit is in the item history');
  // the lead unit's account may not edit the office's draft
  assert.equal((await tt.post(`/api/v1/programmes/items/${a.id}/edit`, { json: { title: 'x', doc_form: 'BC', deciding_body: 'BTV', lead_unit_id: vp } })).status, 403);

  // taken out: the items after it move up
  await ok(cv.post(`/api/v1/programmes/items/${b.id}/delete`, { json: {} }));
  let full = await ok(cv.get(`/api/v1/programmes/${p.id}`));
  assert.deepEqual(full.item_list.map((i) => [i.id, i.seq]), [[a.id, 1], [c.id, 2]]);
  assert.equal((await cv.get(`/api/v1/programmes/items/${b.id}`)).status, 404);

  // submitted, then sent back: a reason is required, the office may edit again
  await ok(chanh.post(`/api/v1/programmes/${p.id}/submit`, { json: {} }));
  assert.equal((await cv.post(`/api/v1/programmes/items/${c.id}/edit`, { json: { title: 'x', doc_form: 'BC', deciding_body: 'BTV', lead_unit_id: vp } })).status, 409);
  assert.equal((await cv.post(`/api/v1/programmes/${p.id}/return`, { json: { reason: 'Thiếu' } })).status, 403);
  r = await tt.post(`/api/v1/programmes/${p.id}/return`, { json: { reason: '' } });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json().error.field, 'reason');
  const back = await ok(tt.post(`/api/v1/programmes/${p.id}/return`, { json: { reason: 'Bổ sung nội dung về công tác cán bộ.' } }));
  assert.equal(back.status, 'DU_THAO');
  await ok(cv.post(`/api/v1/programmes/items/${c.id}/edit`, { json: { title: 'Kế hoạch tập huấn nghiệp vụ', doc_form: 'KH', deciding_body: 'BTV', lead_unit_id: vp, planned_month: 5 } }));
  assert.equal((await tt.post(`/api/v1/programmes/${p.id}/return`, { json: { reason: 'Lần nữa' } })).status, 409, 'a draft is not sent back');
  const audit = await ok((await srv.as('admin')).get('/api/v1/audit?limit=50'));
  assert.ok(audit.items.some((e) => e.action === 'programme.return'));
  assert.ok(audit.items.some((e) => e.action === 'programme.item_delete'));

  // the page: the office sees the edit and take-out forms on a draft; nothing on an approved one
  let page = await cv.get(`/programmes/${p.id}`);
  assert.match(page.text, new RegExp(`action="/programmes/items/${a.id}/edit"`));
  assert.match(page.text, new RegExp(`action="/programmes/items/${a.id}/delete"`));
  await ok(chanh.post(`/api/v1/programmes/${p.id}/submit`, { json: {} }));
  page = await tt.get(`/programmes/${p.id}`);
  assert.match(page.text, /id="programme-return"/);
  await ok(tt.post(`/api/v1/programmes/${p.id}/approve`, { json: {} }));
  page = await cv.get(`/programmes/${p.id}`);
  assert.doesNotMatch(page.text, /\/edit"/);
  assert.equal((await cv.post(`/api/v1/programmes/items/${a.id}/delete`, { json: {} })).status, 409);
  full = await ok(cv.get(`/api/v1/programmes/${p.id}`));
  assert.equal(full.items, 2);
});
