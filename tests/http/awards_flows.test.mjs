// Awards and training, the page flows (issue 20, second pass): a reissue from the member's
// badge history (reason lost/damaged, the original decision, listed on Mẫu 4A-HHĐ), a
// posthumous award judged at the date of death (Mẫu 4B-HHĐ), the decision picked from the
// outgoing register by a search and shown as a link (badges and commendations), the training
// position rules (list, add, edit, retire) reflected in who is due. Refusals in Vietnamese,
// nothing half-saved.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';

let srv, office, unit, spec, admin, cases;
const byName = (name) => cases.find((b) => b.member_name === name);
const total = async () => (await office.get('/api/v1/awards/cases')).json().total;

before(async () => {
  srv = await startServer();
  office = await srv.as('chanhvp');
  unit = await srv.as('donvi');
  spec = await srv.as('chuyenvien');
  admin = await srv.as('admin');
  cases = (await office.get('/api/v1/awards/cases')).json().items;
});
after(async () => { if (srv) await srv.stop(); });

test('reissue from the badge history: reason and original decision, Mẫu 4A lists them', async () => {
  const orig = byName('Đặng Văn Hai');
  assert.equal(orig.status, 'presented');
  const n0 = await total();
  // the API: no original, no reason, an original of another member: refused, nothing saved
  let r = await office.post('/api/v1/awards/cases', { json: { member_id: orig.member_id, kind: 'reissue', milestone: orig.milestone, reissue_reason: 'lost', occasion_date: '2027-02-03' } });
  assert.equal(r.status, 422);
  assert.equal(r.json().error.field, 'original_case_id');
  assert.match(r.json().error.message, /Cấp lại phải chọn Huy hiệu đã trao/);
  r = await office.post('/api/v1/awards/cases', { json: { member_id: orig.member_id, kind: 'reissue', milestone: orig.milestone, original_case_id: orig.id, occasion_date: '2027-02-03' } });
  assert.equal(r.status, 422);
  assert.equal(r.json().error.field, 'reissue_reason');
  const other = cases.find((b) => b.member_id !== orig.member_id && b.status === 'presented');
  if (other) {
    r = await office.post('/api/v1/awards/cases', { json: { member_id: orig.member_id, kind: 'reissue', milestone: orig.milestone, original_case_id: other.id, reissue_reason: 'lost', occasion_date: '2027-02-03' } });
    assert.equal(r.status, 422);
    assert.match(r.json().error.message, /Không tìm thấy Huy hiệu gốc/);
  }
  const candidate = byName('Huỳnh Văn Năm');
  r = await office.post('/api/v1/awards/cases', { json: { member_id: candidate.member_id, kind: 'reissue', milestone: candidate.milestone, original_case_id: candidate.id, reissue_reason: 'damaged', occasion_date: '2027-02-03' } });
  assert.equal(r.status, 422);
  assert.match(r.json().error.message, /chưa được trao|chưa cấp lại/);
  assert.equal(await total(), n0, 'nothing saved');

  // the page: the member's history offers "Cấp lại" on the presented badge
  let page = await office.get(`/awards/members/${orig.member_id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Lịch sử Huy hiệu Đảng — Đặng Văn Hai/);
  assert.match(page.text, new RegExp(`id="reissue-${orig.id}"`));
  assert.match(page.text, new RegExp(`Quyết định gốc:[^<]*<strong>${orig.decision_no.replace(/[/]/g, '\\/')}`));
  // a refused page post comes back to the member's page with the red message
  let post = await office.postForm('/awards/cases', { _form: `reissue-${orig.id}`, member_id: String(orig.member_id), kind: 'reissue', milestone: String(orig.milestone), original_case_id: String(orig.id), reissue_reason: '', occasion_date: '2027-02-03' }, `/awards/members/${orig.member_id}`);
  assert.equal(post.status, 303);
  assert.equal(post.headers.get('location'), `/awards/members/${orig.member_id}`);
  page = await office.follow(post);
  assert.match(page.text, /class="error"[^>]*>[^<]*Hãy chọn lý do cấp lại/);
  assert.equal(await total(), n0, 'nothing saved by the refused page post');
  post = await office.postForm('/awards/cases', { _form: `reissue-${orig.id}`, member_id: String(orig.member_id), kind: 'reissue', milestone: String(orig.milestone), original_case_id: String(orig.id), reissue_reason: 'lost', occasion_date: '2027-02-03' }, `/awards/members/${orig.member_id}`);
  assert.equal(post.status, 303);
  const id = Number(post.headers.get('location').match(/\/awards\/cases\/(\d+)/)[1]);
  r = await office.get(`/api/v1/awards/cases/${id}`);
  const re = r.json();
  assert.equal(re.kind, 'reissue');
  assert.equal(re.list_form, '4A');
  assert.equal(re.reissue_reason, 'lost');
  assert.equal(re.original_case_id, orig.id);
  assert.equal(re.original_decision_no, orig.decision_no);
  assert.equal(re.milestone, orig.milestone);
  page = await office.get(`/awards/cases/${id}`);
  assert.match(page.text, /Lý do cấp lại<\/dt><dd>Bị mất/);
  // a second reissue while the first is open: refused
  r = await office.post('/api/v1/awards/cases', { json: { member_id: orig.member_id, kind: 'reissue', milestone: orig.milestone, original_case_id: orig.id, reissue_reason: 'damaged', occasion_date: '2027-02-03' } });
  assert.equal(r.status, 409);
  assert.match(r.json().error.message, /đang có hồ sơ cấp lại/);
  // through the steps onto Mẫu 4A with the reason and the original decision
  assert.equal((await office.post(`/api/v1/awards/cases/${id}/review`, { json: { review_on: '2026-12-01' } })).status, 200);
  assert.equal((await office.post(`/api/v1/awards/cases/${id}/propose`, { json: { proposed_on: '2026-12-02' } })).status, 200);
  const list = await office.get('/awards/proposal?occasion=2027-02-03&form=4A');
  assert.equal(list.status, 200);
  assert.match(list.text, /id="proposal-4A"/);
  assert.match(list.text, /Đặng Văn Hai/);
  assert.match(list.text, /Bị mất/);
  assert.ok(list.text.includes(orig.decision_no), 'the original decision is on the list');
  const plain = await office.get('/awards/proposal?occasion=2027-02-03&form=4');
  assert.ok(!/Đặng Văn Hai/.test(plain.text), 'a reissue is not on Mẫu 4');
  const x = await office.get('/awards/proposal?occasion=2027-02-03&form=4A&format=xlsx');
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
});

test('posthumous award: judged at the date of death, refused beyond the window, Mẫu 4B', async () => {
  const p = byName('Trương Văn Được');
  assert.equal(p.kind, 'posthumous');
  assert.ok(p.died_on, 'the date of death is kept');
  assert.equal(p.early, 'posthumous');
  const n0 = await total();
  // 75 years is far beyond the date of death: refused with the dates
  let r = await office.post('/api/v1/awards/cases', { json: { member_id: p.member_id, kind: 'posthumous', milestone: 75, occasion_date: p.occasion_date } });
  assert.equal(r.status, 422);
  assert.match(r.json().error.message, /từ trần ngày .* quá mức truy tặng sớm \(12 tháng\)/);
  // an award (not posthumous) for a deceased member: told to choose "truy tặng"
  r = await office.post('/api/v1/awards/cases', { json: { member_id: p.member_id, kind: 'award', milestone: 65, occasion_date: p.occasion_date } });
  assert.equal(r.status, 422);
  assert.match(r.json().error.message, /hãy chọn hình thức truy tặng/);
  // a milestone reached before death (65 years): posthumous, not early
  r = await office.post('/api/v1/awards/cases', { json: { member_id: p.member_id, kind: 'posthumous', milestone: 65, occasion_date: p.occasion_date } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json().early, 'none');
  assert.equal(r.json().died_on, p.died_on);
  assert.equal(r.json().list_form, '4B');
  assert.equal(await total(), n0 + 1);
  // the member's page offers "Truy tặng" (no reissue for the deceased)
  const page = await office.get(`/awards/members/${p.member_id}`);
  assert.match(page.text, /id="posthumous"/);
  assert.match(page.text, /Đã từ trần/);
  assert.ok(!/class="panel no-print reissue"/.test(page.text));
  // an active member's page has no posthumous form
  const alive = await office.get(`/awards/members/${byName('Huỳnh Văn Năm').member_id}`);
  assert.ok(!/id="posthumous"/.test(alive.text));
  // Mẫu 4B lists the date of death
  await office.post(`/api/v1/awards/cases/${p.id}/review`, { json: { review_on: '2026-12-01' } });
  await office.post(`/api/v1/awards/cases/${p.id}/propose`, { json: { proposed_on: '2026-12-02' } });
  const l = await office.get(`/awards/proposal?occasion=${p.occasion_date}&form=4B`);
  assert.match(l.text, /id="proposal-4B"/);
  const [y, m, d] = p.died_on.split('-');
  assert.ok(l.text.includes(`${d}/${m}/${y}`), 'the date of death on Mẫu 4B');
});

test('the member history is scoped: another unit\'s member is not found', async () => {
  const own = cases.find((b) => b.unit_name.includes('Bình Thủy'));
  const other = cases.find((b) => !b.unit_name.includes('Bình Thủy'));
  assert.ok(own && other);
  assert.equal((await unit.get(`/awards/members/${own.member_id}`)).status, 200);
  assert.equal((await unit.get(`/awards/members/${other.member_id}`)).status, 404);
  const up = await unit.get(`/awards/members/${own.member_id}`);
  assert.ok(!/Lập hồ sơ cấp lại|Lập hồ sơ truy tặng/.test(up.text), 'a unit account does not create cases');
});

test('decision picked from the outgoing register with a search, shown as a link', async () => {
  const issued = (await office.get('/api/v1/outgoing?status=issued&limit=5')).json().items;
  const doc = issued[0];
  const b = byName('Lê Văn Chín');
  await office.post(`/api/v1/awards/cases/${b.id}/review`, { json: { review_on: '2020-01-01' } });
  assert.equal((await office.post(`/api/v1/awards/cases/${b.id}/propose`, { json: { proposed_on: '2020-01-02' } })).status, 200);
  const word = doc.notation.split('/')[0];
  let page = await office.get(`/awards/cases/${b.id}?doc_q=${encodeURIComponent(word)}`);
  assert.match(page.text, /name="doc_q"/);
  assert.match(page.text, new RegExp(`<option value="${doc.id}">`));
  page = await office.get(`/awards/cases/${b.id}?doc_q=khong-co-van-ban-nao-nhu-the`);
  assert.match(page.text, /Không có văn bản đã phát hành khớp/);
  // refused: no badge number; nothing saved, the choice kept
  let post = await office.postForm(`/awards/cases/${b.id}/decide`, { outgoing_id: String(doc.id), decision_no: '', decision_on: '', decided_by: '', badge_no: '' }, `/awards/cases/${b.id}`);
  page = await office.follow(post);
  assert.match(page.text, /class="error"[^>]*>[^<]*Hãy nhập số Huy hiệu/);
  assert.match(page.text, new RegExp(`<option value="${doc.id}" selected>`));
  assert.equal((await office.get(`/api/v1/awards/cases/${b.id}`)).json().status, 'proposed');
  post = await office.postForm(`/awards/cases/${b.id}/decide`, { outgoing_id: String(doc.id), decision_no: '', decision_on: '', decided_by: '', badge_no: 'HH30-55501' }, `/awards/cases/${b.id}`);
  assert.equal(post.status, 303);
  const got = (await office.get(`/api/v1/awards/cases/${b.id}`)).json();
  assert.equal(got.decision_outgoing_id, doc.id);
  assert.equal(got.decision_no, doc.notation);
  page = await office.get(`/awards/cases/${b.id}`);
  assert.match(page.text, new RegExp(`<a href="/outgoing/${doc.id}" id="decision-doc">Số ${doc.notation.replace(/[/]/g, '\\/')}</a>`));
  // commendation: linked decision
  const units = await office.get('/awards/commendations');
  const unitId = Number(units.text.match(/name="unit_id"><option value="">[^<]*<\/option><option value="(\d+)"/)[1]);
  let r = await office.post('/api/v1/awards/commendations', { json: { target: 'unit', unit_id: unitId, form: 'certificate', basis: 'yearly', year: 2026, reason: 'Hoàn thành xuất sắc nhiệm vụ năm 2026', outgoing_id: 99999999 } });
  assert.equal(r.status, 422);
  assert.equal(r.json().error.field, 'outgoing_id');
  r = await office.post('/api/v1/awards/commendations', { json: { target: 'unit', unit_id: unitId, form: 'certificate', basis: 'yearly', year: 2026, reason: 'Hoàn thành xuất sắc nhiệm vụ năm 2026', outgoing_id: doc.id } });
  assert.equal(r.status, 201, r.text);
  const list = (await office.get('/api/v1/awards/commendations?year=2026')).json().items;
  const k = list.find((x) => x.id === r.json().id);
  assert.equal(k.decision_outgoing_id, doc.id);
  assert.equal(k.decision_no, doc.notation);
  page = await office.get('/awards/commendations?year=2026');
  assert.match(page.text, new RegExp(`<a href="/outgoing/${doc.id}" class="decision-doc">Số `));
});

test('training rules: list, add, edit, retire; who is due follows them; xlsx', async () => {
  let r = await admin.get('/api/v1/training/requirements');
  assert.equal(r.status, 200);
  const n0 = r.json().total;
  const staff = (await admin.get('/api/v1/training?')).json();
  const due0 = (await admin.get('/api/v1/training/due')).json().total;
  // a rule for a position that exists in the demo (the first due row's or any record's)
  const pos = 'Chuyên viên Phòng Tổng hợp';
  // non-admins are refused
  r = await office.post('/api/v1/training/requirements', { json: { position: pos, kind: 'language', level: 'B1', effective_from: '2026-01-01' } });
  assert.equal(r.status, 403);
  // bad input: no position
  let post = await admin.postForm('/training/rules', { position: '', kind: 'language', level: '', effective_from: '2026-01-01' }, '/training/rules');
  let page = await admin.follow(post);
  assert.match(page.text, /class="error"[^>]*>[^<]*Hãy nhập chức vụ/);
  assert.equal((await admin.get('/api/v1/training/requirements')).json().total, n0, 'nothing saved');
  post = await admin.postForm('/training/rules', { position: pos, kind: 'language', level: 'B1', effective_from: '2026-01-01' }, '/training/rules');
  assert.equal(post.status, 303);
  const rules = (await admin.get('/api/v1/training/requirements')).json().items;
  assert.equal(rules.length, n0 + 1);
  const rule = rules.find((x) => x.position === pos && x.kind === 'language');
  const due1 = (await admin.get('/api/v1/training/due')).json();
  assert.ok(due1.total > due0, 'the new rule makes staff due');
  assert.ok(due1.items.some((d) => d.kind === 'language' && d.position === pos));
  page = await admin.get('/training/rules');
  assert.match(page.text, /id="training-rules"/);
  assert.match(page.text, /Ngoại ngữ/);
  assert.match(page.text, /Đang áp dụng/);
  // edit: a date in the future takes it out of today's due list
  r = await admin.post(`/api/v1/training/requirements/${rule.id}`, { json: { position: pos, kind: 'language', level: 'B2', effective_from: '2099-01-01', note: 'Theo kế hoạch' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().level, 'B2');
  assert.equal((await admin.get('/api/v1/training/due')).json().total, due0);
  // back to 2026 through the page, then retire from today
  post = await admin.postForm(`/training/rules/${rule.id}`, { position: pos, kind: 'language', level: 'B2', effective_from: '2026-01-01', note: '' }, `/training/rules/${rule.id}`);
  assert.equal(post.status, 303);
  assert.equal((await admin.get('/api/v1/training/due')).json().total, due1.total);
  post = await admin.postForm(`/training/rules/${rule.id}/retire`, { effective_to: '2025-01-01' }, `/training/rules/${rule.id}`);
  page = await admin.follow(post);
  assert.match(page.text, /class="error"[^>]*>[^<]*Ngày thôi áp dụng phải sau ngày áp dụng/);
  const today = new Date().toISOString().slice(0, 10);
  r = await admin.post(`/api/v1/training/requirements/${rule.id}/retire`, { json: { effective_to: today } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().effective_to, today);
  assert.equal((await admin.get('/api/v1/training/due')).json().total, due0, 'a retired rule makes nobody due');
  r = await admin.post(`/api/v1/training/requirements/${rule.id}/retire`, { json: { effective_to: today } });
  assert.equal(r.status, 409);
  page = await admin.get('/training/rules');
  assert.match(page.text, /Đã thôi áp dụng/);
  // who edits: only the administrator
  assert.equal((await office.get(`/training/rules/${rule.id}`)).status, 403);
  assert.equal((await office.post(`/api/v1/training/requirements/${rule.id}`, { json: { position: pos, kind: 'it', effective_from: '2026-01-01' } })).status, 403);
  // every list has xlsx
  for (const p of ['/training/rules?format=xlsx', '/training?list=due&format=xlsx', '/training?list=units&format=xlsx', '/training?format=xlsx']) {
    const x = await office.get(p);
    assert.equal(x.status, 200, p);
    assert.match(x.headers.get('content-type'), /spreadsheetml/, p);
  }
  const t = await office.get('/training');
  assert.match(t.text, /Còn phải đào tạo/);
  void staff; void spec;
});
