// Conferences (hội nghị) over real HTTP: a conference created from a programme item, the
// invitation drafted from it and issued through the outgoing flow, the invitation lead time on
// the working-day calendar (late without a reason and after the conference refused, nothing
// saved), the ward's answers (reason and substitute required), check-in on the day, attendance
// by category with the roll-up, minutes recording who was absent with and without reason, the
// conclusion notice's due date, the study report, and who may see and do what.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';

let srv;
let units;
before(async () => {
  srv = await startServer();
  units = (await (await srv.as('thuongtruc')).get('/api/v1/units')).json().items;
});
after(async () => { if (srv) await srv.stop(); });

const as = (login) => srv.as(login);
const unitId = (name) => {
  const u = units.find((x) => x.name === name && x.active !== false);
  assert.ok(u, name);
  return u.id;
};

function apiError(r, status, field) {
  assert.equal(r.status, status, r.text);
  const j = r.json();
  assert.ok(j.error && j.error.message, r.text);
  if (field) assert.equal(j.error.field, field, r.text);
  return j.error;
}

// Vietnam's calendar date `days` from today.
function vnDate(days = 0) {
  return new Date(Date.now() + 7 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
}

async function create(c, extra = {}) {
  const r = await c.post('/api/v1/conferences', {
    json: {
      title: 'Hội nghị học tập, quán triệt Nghị quyết Hội nghị Trung ương 14 khóa XIII',
      kind: 'QUAN_TRIET', mode: 'KET_HOP',
      starts_at: `${vnDate(30)} 08:00`, ends_at: `${vnDate(30)} 11:30`,
      venue: 'Hội trường Thành ủy', content: 'Quán triệt nội dung cơ bản của Nghị quyết',
      prepare: 'Nghiên cứu trước tài liệu', invitees: [unitId('Đảng ủy phường Bình Thủy'), unitId('Đảng ủy phường Ninh Kiều')],
      ...extra,
    },
  });
  assert.equal(r.status, 201, r.text);
  return r.json();
}

async function issue(outgoingId) {
  const boss = await as('chanhvp');
  assert.equal((await boss.post(`/api/v1/outgoing/${outgoingId}/approve`)).status, 200);
  const s = await boss.post(`/api/v1/outgoing/${outgoingId}/sign`);
  assert.equal(s.status, 200, s.text);
  const i = await (await as('vanthu')).post(`/api/v1/outgoing/${outgoingId}/issue`);
  assert.equal(i.status, 200, i.text);
  return i.json();
}

test('a conference from a programme item; its invitation issued through the outgoing flow', async () => {
  const clerk = await as('vanthu');
  const k = await create(clerk, { programme_item_id: 7 });
  assert.equal(k.programme_item_id, 7);
  assert.equal(k.status, 'DU_KIEN');
  assert.equal(k.status_label, 'Dự kiến');
  assert.equal(k.invitees.length, 2);

  // The new-conference page prefilled from a programme item.
  const page = await clerk.get('/conferences/new?item=12&title=' + encodeURIComponent('Sơ kết 6 tháng'));
  assert.equal(page.status, 200);
  assert.match(page.text, /name="item" value="12"/);
  assert.match(page.text, /value="Sơ kết 6 tháng"/);

  const inv = await clerk.post(`/api/v1/conferences/${k.id}/invitation`, { json: {} });
  assert.equal(inv.status, 201, inv.text);
  const oid = inv.json().outgoing_id;
  const draft = (await clerk.get(`/api/v1/outgoing/${oid}`)).json();
  assert.equal(draft.doc_type, 'giay_moi');
  assert.equal(draft.status, 'draft');
  assert.match(draft.body, /Hội trường Thành ủy/);
  assert.match(draft.body, /08 giờ 00/);
  assert.match(draft.body, /Đảng ủy phường Bình Thủy/);
  // A second invitation is refused.
  apiError(await clerk.post(`/api/v1/conferences/${k.id}/invitation`, { json: {} }), 409);

  const issued = await issue(oid);
  assert.match(issued.notation, /-GM\//);
  const after1 = (await clerk.get(`/api/v1/conferences/${k.id}`)).json();
  assert.equal(after1.status, 'DA_MOI');
  assert.equal(after1.invitation_outgoing_id, oid);
  assert.ok(after1.invite_lead_days >= 3, JSON.stringify(after1));
  assert.equal(after1.late_invitation_reason, null);
  // The ward's clerk finds the invitation in its electronic queue.
  const q = await (await as('vanthu.binhthuy')).get('/incoming/inbox');
  assert.match(q.text, /Giấy mời dự Hội nghị học tập, quán triệt/);
});

test('bad input: nothing half-saved, clear Vietnamese messages', async () => {
  const clerk = await as('vanthu');
  const before = (await clerk.get('/api/v1/conferences')).json().total;
  let e = apiError(await clerk.post('/api/v1/conferences', {
    json: { title: 'Hội nghị thử', kind: 'SO_KET', starts_at: `${vnDate(5)} 14:00`, ends_at: `${vnDate(5)} 08:00` },
  }), 422, 'ends_at');
  assert.match(e.message, /kết thúc phải sau/);
  apiError(await clerk.post('/api/v1/conferences', {
    json: { title: 'Hội nghị thử', kind: 'XYZ', starts_at: `${vnDate(5)} 08:00`, ends_at: `${vnDate(5)} 11:00` },
  }), 422, 'kind');
  apiError(await clerk.post('/api/v1/conferences', {
    json: { title: 'Hội nghị thử', kind: 'SO_KET', starts_at: '31/12/2026', ends_at: `${vnDate(5)} 11:00` },
  }), 422, 'starts_at');
  assert.equal((await clerk.get('/api/v1/conferences')).json().total, before);

  // An invitation dated after the conference: refused, no draft made.
  const k = await create(clerk, { starts_at: `${vnDate(10)} 08:00`, ends_at: `${vnDate(10)} 11:00` });
  const drafts = (await clerk.get('/api/v1/outgoing?status=draft')).json().total;
  e = apiError(await clerk.post(`/api/v1/conferences/${k.id}/invitation`, { json: { date: vnDate(11) } }), 422, 'date');
  assert.match(e.message, /sau ngày khai mạc hội nghị/);
  assert.equal((await clerk.get('/api/v1/outgoing?status=draft')).json().total, drafts);
  assert.equal((await clerk.get(`/api/v1/conferences/${k.id}`)).json().invitation_outgoing_id, null);

  // A late invitation (the day before) needs its reason.
  e = apiError(await clerk.post(`/api/v1/conferences/${k.id}/invitation`, { json: { date: vnDate(9) } }), 422, 'reason');
  assert.match(e.message, /gửi muộn/);
  assert.match(e.message, /ít nhất 3 ngày/);
  assert.equal((await clerk.get('/api/v1/outgoing?status=draft')).json().total, drafts);
  const ok = await clerk.post(`/api/v1/conferences/${k.id}/invitation`, {
    json: { date: vnDate(9), reason: 'Thường trực Thành ủy chỉ đạo tổ chức gấp' },
  });
  assert.equal(ok.status, 201, ok.text);
  const got = (await clerk.get(`/api/v1/conferences/${k.id}`)).json();
  assert.equal(got.late_invitation_reason, 'Thường trực Thành ủy chỉ đạo tổ chức gấp');
  assert.equal(got.invitation_date, vnDate(9));

  // The page form refused: back to the page with the red message beside the field.
  const k2 = await create(clerk, { starts_at: `${vnDate(10)} 08:00`, ends_at: `${vnDate(10)} 11:00` });
  const r = await clerk.postForm(`/conferences/${k2.id}/invitation`, { date: vnDate(12), reason: '' }, `/conferences/${k2.id}`);
  assert.equal(r.status, 303);
  const back = await clerk.follow(r);
  assert.match(back.text, /sau ngày khai mạc hội nghị/);
  assert.match(back.text, new RegExp(`name="date"[^>]*value="${vnDate(12)}"`));
});

test('who sees and does what', async () => {
  const clerk = await as('vanthu');
  const k = await create(clerk);
  const ward = unitId('Đảng ủy phường Bình Thủy');
  const nk = unitId('Đảng ủy phường Ninh Kiều');
  // The invited ward sees it; a board's specialist and a ward not invited do not (404).
  const donvi = await as('donvi');
  assert.equal((await donvi.get(`/api/v1/conferences/${k.id}`)).status, 200);
  assert.equal((await donvi.get(`/conferences/${k.id}`)).status, 200);
  assert.equal((await (await as('chuyenvien2')).get(`/api/v1/conferences/${k.id}`)).status, 404);
  const k3 = await create(clerk, { invitees: [nk] });
  assert.equal((await donvi.get(`/api/v1/conferences/${k3.id}`)).status, 404);
  assert.equal((await donvi.get(`/conferences/${k3.id}`)).status, 404);
  // The ward cannot manage it, nor answer for another unit.
  apiError(await donvi.post(`/api/v1/conferences/${k.id}/invitation`, { json: {} }), 403);
  apiError(await donvi.post(`/api/v1/conferences/${k.id}/answer`, { json: { unit_id: nk, response: 'attend' } }), 403);
  // Answers: a reason for declining, a name for a substitute.
  apiError(await donvi.post(`/api/v1/conferences/${k.id}/answer`, { json: { unit_id: ward, response: 'decline' } }), 422, 'reason');
  apiError(await donvi.post(`/api/v1/conferences/${k.id}/answer`, { json: { unit_id: ward, response: 'substitute' } }), 422, 'substitute');
  let r = await donvi.post(`/api/v1/conferences/${k.id}/answer`, {
    json: { unit_id: ward, response: 'substitute', substitute_name: 'Đ/c Trần Văn Bảy, Phó Bí thư' },
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().invitees.find((x) => x.unit_id === ward).substitute_name, 'Đ/c Trần Văn Bảy, Phó Bí thư');
  // Check-in before the day: refused.
  apiError(await clerk.post(`/api/v1/conferences/${k.id}/checkin`, { json: { unit_id: ward } }), 409);
  // A specialist of the office may prepare it; an admin may not.
  apiError(await (await as('admin')).post(`/api/v1/conferences/${k.id}/minutes`, { json: {} }), 403);
  // Unknown members are refused by name.
  apiError(await clerk.post(`/api/v1/conferences/${k.id}/answer`, { json: { unit_id: ward, response: 'attend', x: 1 } }), 400);
});

test('the day: check-in, attendance roll-up, minutes, conclusion notice, study report', async () => {
  const clerk = await as('vanthu');
  const ward = unitId('Đảng ủy phường Bình Thủy');
  const nk = unitId('Đảng ủy phường Ninh Kiều');
  const k = await create(clerk, { starts_at: `${vnDate(0)} 00:01`, ends_at: `${vnDate(0)} 23:59` });
  const inv = await clerk.post(`/api/v1/conferences/${k.id}/invitation`, { json: { date: vnDate(-1), reason: 'Họp đột xuất' } });
  assert.equal(inv.status, 201, inv.text);
  const donvi = await as('donvi');
  assert.equal((await donvi.post(`/api/v1/conferences/${k.id}/answer`, { json: { unit_id: ward, response: 'attend' } })).status, 200);
  // The office records Ninh Kiều's answer taken by phone.
  assert.equal((await clerk.post(`/api/v1/conferences/${k.id}/answer`, {
    json: { unit_id: nk, response: 'decline', reason: 'Trùng lịch tiếp công dân' },
  })).status, 200);
  let r = await clerk.post(`/api/v1/conferences/${k.id}/checkin`, { json: { unit_id: ward } });
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json().invitees.find((x) => x.unit_id === ward).checked_in_at);

  // Attendance by category: the ward records its own; impossible numbers refused, nothing saved.
  r = await donvi.post(`/api/v1/conferences/${k.id}/attendance`, {
    json: { unit_id: ward, membership: 120, committee_members: 15, party_members: 110, non_members: 40, absent_with_reason: 6, absent_without_reason: 4 },
  });
  assert.equal(r.status, 200, r.text);
  const e = apiError(await donvi.post(`/api/v1/conferences/${k.id}/attendance`, {
    json: { unit_id: ward, membership: 120, committee_members: 15, party_members: 130 },
  }), 422, 'party_members');
  assert.match(e.message, /không được lớn hơn tổng số đảng viên/);
  r = await clerk.post(`/api/v1/conferences/${k.id}/attendance`, {
    json: { unit_id: nk, membership: 80, committee_members: 9, party_members: 76, non_members: 10, absent_with_reason: 4 },
  });
  assert.equal(r.status, 200, r.text);
  const roll = (await clerk.get(`/api/v1/conferences/${k.id}/attendance`)).json();
  const w = roll.units.find((x) => x.unit_id === ward);
  assert.equal(w.party_members, 110);
  assert.equal(Math.round(w.pct * 100) / 100, 91.67);
  assert.equal(roll.total.membership, 200);
  assert.equal(roll.total.party_members, 186);
  assert.equal(roll.total.pct, 93);
  assert.equal(roll.groups.length, 1);
  assert.equal(roll.groups[0].party_members, 186);
  // The ward sees its own line only.
  const wardView = (await donvi.get(`/api/v1/conferences/${k.id}/attendance`)).json();
  assert.deepEqual(wardView.units.map((x) => x.unit_id), [ward]);
  assert.equal(wardView.total, null);
  // The page shows the percentages.
  const page = await clerk.get(`/conferences/${k.id}`);
  assert.match(page.text, /91,67%/);
  assert.match(page.text, /93,00%/);

  // Minutes: a biên bản draft that records who came and who was absent with reason.
  r = await clerk.post(`/api/v1/conferences/${k.id}/minutes`, { json: {} });
  assert.equal(r.status, 201, r.text);
  const minutes = (await clerk.get(`/api/v1/outgoing/${r.json().outgoing_id}`)).json();
  assert.equal(minutes.doc_type, 'bien_ban');
  assert.match(minutes.body, /Đơn vị có mặt \(1\):\n- Đảng ủy phường Bình Thủy/);
  assert.match(minutes.body, /Đơn vị vắng có lý do \(1\):\n- Đảng ủy phường Ninh Kiều: Trùng lịch tiếp công dân/);
  assert.match(minutes.body, /có mặt 186 \(93,00%\)/);
  const got = (await clerk.get(`/api/v1/conferences/${k.id}`)).json();
  assert.equal(got.status, 'DA_KET_THUC');
  assert.match(got.conclusion_due, /^\d{4}-\d{2}-\d{2}$/);
  assert.ok(got.conclusion_due > vnDate(4), got.conclusion_due); // 5 working days after the end
  // Answers close with the minutes.
  apiError(await donvi.post(`/api/v1/conferences/${k.id}/answer`, { json: { unit_id: ward, response: 'attend' } }), 409);

  // The conclusion notice: a thong_bao draft to the invited units; on the office head's list.
  r = await clerk.post(`/api/v1/conferences/${k.id}/conclusion`, { json: {} });
  assert.equal(r.status, 201, r.text);
  const notice = (await clerk.get(`/api/v1/outgoing/${r.json().outgoing_id}`)).json();
  assert.equal(notice.doc_type, 'thong_bao');
  const detail = await clerk.get(`/conferences/${k.id}`);
  assert.match(detail.text, new RegExp(`/followup/new\\?conference=${k.id}&amp;outgoing=${r.json().outgoing_id}`));
  assert.match(detail.text, /\/schedule\/new\?conference=/);

  // The study report: the ward's own, checked.
  apiError(await donvi.post(`/api/v1/conferences/${k.id}/study-report`, {
    json: { unit_id: ward, members_total: 120, members_attended: 121 },
  }), 422, 'members_attended');
  r = await donvi.post(`/api/v1/conferences/${k.id}/study-report`, {
    json: { unit_id: ward, members_total: 120, members_attended: 118, mass_attendance: 35, essays: 112, note: 'Đã xây dựng kế hoạch hành động' },
  });
  assert.equal(r.status, 200, r.text);
  const reps = (await clerk.get(`/api/v1/conferences/${k.id}/study-reports`)).json().items;
  assert.equal(reps.length, 1);
  assert.equal(Math.round(reps[0].pct * 100) / 100, 98.33);
  apiError(await donvi.post(`/api/v1/conferences/${k.id}/study-report`, {
    json: { unit_id: nk, members_total: 80, members_attended: 70 },
  }), 403);
});

test('the office head sees conclusion notices due', async () => {
  const clerk = await as('vanthu');
  const k = await create(clerk, { starts_at: `${vnDate(-20)} 08:00`, ends_at: `${vnDate(-20)} 11:00`, kind: 'HOI_NGHI_BTV', mode: 'TRUC_TIEP' });
  const due = (await (await as('chanhvp')).get('/api/v1/conferences/due')).json().items;
  const row = due.find((x) => x.id === k.id);
  assert.ok(row, JSON.stringify(due));
  assert.equal(row.overdue, true);
  assert.ok(row.working_days_late > 0);
  const page = await (await as('chanhvp')).get('/conferences');
  assert.match(page.text, /id="conf-due"/);
  assert.match(page.text, /Quá hạn \d+ ngày làm việc/);
  // …and on the office head's home page.
  const home = await (await as('chanhvp')).get('/');
  assert.match(home.text, /id="home-conf-overdue"[\s\S]*?Quá hạn \d+ ngày làm việc/);
  // Not for a ward.
  const wardDue = (await (await as('donvi')).get('/api/v1/conferences/due')).json().items;
  assert.equal(wardDue.find((x) => x.id === k.id), undefined);
});

test('materials: a secret file reaches only those cleared for it', async () => {
  const clerk = await as('vanthu');
  const k = await create(clerk);
  const csrf = await clerk.csrf(`/conferences/${k.id}`);
  const fd = new FormData();
  fd.append('csrf', csrf);
  fd.append('title', 'Báo cáo tình hình (mật)');
  fd.append('secrecy', 'mat');
  fd.append('file', new Blob(['Nội dung tài liệu mật của hội nghị.\n'], { type: 'text/plain' }), 'bao-cao.txt');
  const r = await clerk.post(`/conferences/${k.id}/materials`, { body: fd });
  assert.equal(r.status, 303, r.text);
  const m = (await clerk.get(`/api/v1/conferences/${k.id}`)).json().materials.find((x) => x.title === 'Báo cáo tình hình (mật)');
  assert.ok(m && m.url, 'the material is listed with its file');
  assert.equal(m.secrecy, 'mat');
  const file = await clerk.get(m.url);
  assert.equal(file.status, 200);
  assert.match(file.text, /tài liệu mật/);
  // The invited ward's clerk is not cleared for Mật: withheld (counted), its file 404.
  const wc = await as('vanthu.binhthuy');
  const seen = (await wc.get(`/api/v1/conferences/${k.id}`)).json();
  assert.equal(seen.materials.length, 0);
  assert.equal(seen.materials_withheld, 1);
  assert.equal((await wc.get(m.url)).status, 404);
  assert.match((await wc.get(`/conferences/${k.id}`)).text, /1 tài liệu mật không hiển thị/);
});

test('details are corrected freely until the invitation exists, then through an amended invitation', async () => {
  const clerk = await as('vanthu');
  const k = await create(clerk);
  let r = await clerk.patch(`/api/v1/conferences/${k.id}`, { json: { venue: 'Hội trường Nhà khách Thành ủy', starts_at: `${vnDate(31)} 08:00`, ends_at: `${vnDate(31)} 11:00` } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().venue, 'Hội trường Nhà khách Thành ủy');
  assert.equal(r.json().starts_at, `${vnDate(31)} 08:00`);
  apiError(await clerk.patch(`/api/v1/conferences/${k.id}`, { json: { ends_at: `${vnDate(30)} 08:00` } }), 422, 'ends_at');
  assert.equal((await clerk.get(`/api/v1/conferences/${k.id}`)).json().ends_at, `${vnDate(31)} 11:00`);
  apiError(await (await as('donvi')).patch(`/api/v1/conferences/${k.id}`, { json: { venue: 'x' } }), 403);
  // The page form, refused: back with the typed title and the message beside the end time.
  const f = await clerk.postForm(`/conferences/${k.id}/edit`, { title: 'Hội nghị đã đổi tên', kind: 'QUAN_TRIET', starts_at: `${vnDate(31)}T08:00`, ends_at: `${vnDate(31)}T07:00` }, `/conferences/${k.id}/edit`);
  assert.equal(f.status, 303);
  const back = await clerk.follow(f);
  assert.match(back.text, /value="Hội nghị đã đổi tên"/);
  assert.match(back.text, /kết thúc phải sau/);
  const inv = await clerk.post(`/api/v1/conferences/${k.id}/invitation`, { json: {} });
  assert.equal(inv.status, 201);
  const oid = inv.json().outgoing_id;
  // Once the invitation exists a change is an amendment: its reason first, nothing changed.
  apiError(await clerk.patch(`/api/v1/conferences/${k.id}`, { json: { venue: 'Nơi khác' } }), 422, 'reason');
  assert.equal((await clerk.get(`/api/v1/conferences/${k.id}`)).json().venue, 'Hội trường Nhà khách Thành ủy');
  // Still a draft: the same invitation gets a new version with the new place.
  r = await clerk.patch(`/api/v1/conferences/${k.id}`, { json: { venue: 'Hội trường A, Trụ sở Thành ủy', reason: 'Hội trường Nhà khách đang sửa chữa' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().invitation_outgoing_id, oid);
  let draft = (await clerk.get(`/api/v1/outgoing/${oid}`)).json();
  assert.match(draft.body, /Hội trường A, Trụ sở Thành ủy/);
  assert.match(draft.body, /Điều chỉnh: Hội trường Nhà khách đang sửa chữa/);
  // Issued, and a unit answered; then the start moves: an amended invitation replaces the
  // issued one, and the units are asked again.
  await issue(oid);
  const ward = unitId('Đảng ủy phường Bình Thủy');
  assert.equal((await (await as('donvi')).post(`/api/v1/conferences/${k.id}/answer`, { json: { unit_id: ward, response: 'attend' } })).status, 200);
  r = await clerk.patch(`/api/v1/conferences/${k.id}`, { json: { starts_at: `${vnDate(32)} 14:00`, ends_at: `${vnDate(32)} 17:00`, reason: 'Trùng lịch Hội nghị Ban Chấp hành' } });
  assert.equal(r.status, 200, r.text);
  const amended = r.json();
  assert.notEqual(amended.invitation_outgoing_id, oid);
  draft = (await clerk.get(`/api/v1/outgoing/${amended.invitation_outgoing_id}`)).json();
  assert.equal(draft.doc_type, 'giay_moi');
  assert.equal(draft.status, 'draft');
  assert.equal(draft.replaces_id, oid);
  assert.match(draft.subject, /Giấy mời \(điều chỉnh\)/);
  assert.match(draft.body, /14 giờ 00/);
  assert.match(draft.body, /Trùng lịch Hội nghị Ban Chấp hành/);
  const inv2 = amended.invitees.find((i) => i.unit_id === ward);
  assert.ok(!inv2.response, 'the answer for the old time is cleared: ' + JSON.stringify(inv2));
  // The page: the edit form asks for the reason once the invitation exists.
  const page = await clerk.get(`/conferences/${k.id}/edit`);
  assert.match(page.text, /Lý do điều chỉnh giấy mời/);
  const audit = (await (await as('admin')).get('/api/v1/audit?limit=50')).json().items;
  assert.ok(audit.some((x) => x.action === 'conference.reinvite'));
});
