// The working-day calendar and the rule values over real HTTP (issue 13): the year's page as
// twelve month calendars with the days off named and the unverified ones flagged; the
// administrator sets, removes and seeds days, everyone else is refused with a clear message;
// the JSON API lists a period's days off and counts working days; a rule value set from a
// future date leaves today's value alone; and routing refuses a deadline on a day off, offering
// the next working day — on the page as a button that fills the field, in the API as
// "suggestion" — and accepts that day.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';
import { dayOffIn, isWorkingDay } from './workdays-dates.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });
const as = (login) => srv.as(login);
const vn = (iso) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
function nextWorking(iso) {
  let t = Date.parse(`${iso}T00:00:00Z`);
  do t += 86400e3; while (!isWorkingDay(new Date(t).toISOString().slice(0, 10)));
  return new Date(t).toISOString().slice(0, 10);
}

test('the year page: twelve months, the days off named, unverified flagged; who may see and edit', async () => {
  const admin = await as('admin');
  const page = await admin.get('/admin/workdays?year=2026');
  assert.equal(page.status, 200);
  assert.equal((page.text.match(/<section class="wd-month"/g) || []).length, 12);
  assert.match(page.text, /<td class="wd-holiday" data-day="2026-09-02" title="Ngày lễ: Quốc khánh">/);
  // 1/9/2026 is seeded unverified: flagged in the grid and in the list
  assert.match(page.text, /data-day="2026-09-01" title="Ngày lễ: Quốc khánh \(ngày liền kề\) \(chưa xác minh\)"/);
  assert.match(page.text, /class="wd-holiday wd-unverified"/);
  assert.match(page.text, /chưa xác minh/);
  assert.match(page.text, /Tuần làm việc năm ngày \(Quyết định 188\/1999\/QĐ-TTg\)/);
  assert.match(page.text, /thứ Bảy, Chủ nhật/);
  assert.match(page.text, /action="\/admin\/workdays"/);
  assert.match(page.text, /href="\/admin\/workdays"[^>]*>Lịch ngày làm việc</, 'linked from the admin menu');
  assert.doesNotMatch(page.text, />holiday</, 'no internal codes on the page');
  // the office leader sees the calendar, without the forms
  const leader = await (await as('chanhvp')).get('/admin/workdays?year=2026');
  assert.equal(leader.status, 200);
  assert.match(leader.text, /Quốc khánh/);
  assert.doesNotMatch(leader.text, /action="\/admin\/workdays"/);
  // others are refused, in words
  for (const login of ['vanthu', 'chuyenvien', 'thuongtruc', 'donvi']) {
    const r = await (await as(login)).get('/admin/workdays');
    assert.equal(r.status, 403, login);
    assert.match(r.text, /Chỉ quản trị hệ thống và lãnh đạo văn phòng xem được lịch ngày làm việc/);
  }
  assert.equal((await admin.get('/admin/workdays?year=20x6')).status, 400);
});

test('the administrator sets a day on the page; a refused one comes back typed, in red', async () => {
  const admin = await as('admin');
  // bad date: back to the page with the message beside the field and the name kept
  let r = await admin.postForm('/admin/workdays', { year: '2026', date: '2026-02-30', kind: 'holiday', name: 'Ngày thử sai' }, '/admin/workdays?year=2026');
  assert.equal(r.status, 303);
  let page = await admin.follow(r);
  assert.match(page.text, /Ngày phải có dạng YYYY-MM-DD\./);
  assert.match(page.text, /value="Ngày thử sai"/);
  // a weekday cannot be "làm bù"
  r = await admin.postForm('/admin/workdays', { year: '2026', date: '2026-12-16', kind: 'work', name: 'Làm bù' }, '/admin/workdays?year=2026');
  page = await admin.follow(r);
  assert.match(page.text, /Làm bù chỉ đặt vào ngày nghỉ hằng tuần/);
  // a good one: the grid marks it, the API sees it, the audit has it
  r = await admin.postForm('/admin/workdays', { year: '2026', date: '2026-12-16', kind: 'off', name: 'Nghỉ thử nghiệm', source: 'Thông báo thử', verified: '1' }, '/admin/workdays?year=2026');
  assert.equal(r.status, 303);
  assert.equal(r.location, '/admin/workdays?year=2026');
  page = await admin.follow(r);
  assert.match(page.text, /<td class="wd-off" data-day="2026-12-16" title="Nghỉ bù, nghỉ hoán đổi: Nghỉ thử nghiệm">/);
  const next = (await admin.get('/api/v1/workdays/next?date=2026-12-16')).json();
  assert.equal(next.result, '2026-12-17');
  assert.equal(next.date_is_working, false);
  const audit = (await admin.get('/api/v1/audit?action=workday.set')).json();
  assert.ok(JSON.stringify(audit).includes('Nghỉ thử nghiệm'), 'audited');
  // the edit link of a day fills the form with it
  page = await admin.get('/admin/workdays?year=2026&day=2026-12-16');
  assert.match(page.text, /value="Nghỉ thử nghiệm"/);
  // removing it
  r = await admin.postForm('/admin/workdays/2026-12-16/delete', {}, '/admin/workdays?year=2026');
  assert.equal(r.status, 303);
  assert.equal((await admin.get('/api/v1/workdays/next?date=2026-12-16')).json().result, '2026-12-16');
  // a clerk's POST is refused, nothing written
  r = await (await as('vanthu')).postForm('/admin/workdays', { year: '2026', date: '2026-12-17', kind: 'off', name: 'Không được' }, '/');
  assert.equal(r.status, 403);
  assert.match(r.text, /Chỉ quản trị hệ thống mới sửa được lịch ngày làm việc/);
  assert.equal((await admin.get('/api/v1/workdays/next?date=2026-12-17')).json().result, '2026-12-17');
});

test('a year with no rows is seeded with the solar holidays, unverified, and says Tết is to be entered', async () => {
  const admin = await as('admin');
  let page = await admin.get('/admin/workdays?year=2029');
  assert.match(page.text, /Tạo lịch năm 2029/);
  assert.match(page.text, /Tết Nguyên đán và Giỗ Tổ Hùng Vương theo âm lịch/);
  assert.doesNotMatch((await (await as('chanhvp')).get('/admin/workdays?year=2029')).text, /Tạo lịch năm 2029/);
  const r = await admin.postForm('/admin/workdays/seed', { year: '2029' }, '/admin/workdays?year=2029');
  assert.equal(r.status, 303);
  page = await admin.follow(r);
  assert.match(page.text, /Hãy nhập Tết Nguyên đán và Giỗ Tổ Hùng Vương/);
  assert.match(page.text, /data-day="2029-09-02" title="Ngày lễ: Quốc khánh \(chưa xác minh\)"/);
  // 2029-09-02 is a Sunday: the adjacent day is 3/9 and 4/9 is the compensatory day
  const api = (await admin.get('/api/v1/workdays?from=2029-09-01&to=2029-09-05')).json();
  assert.deepEqual(api.non_working.map((d) => [d.date, d.kind]), [
    ['2029-09-01', 'weekend'], ['2029-09-02', 'holiday'], ['2029-09-03', 'holiday'], ['2029-09-04', 'off'],
  ]);
  assert.equal(api.non_working[1].verified, false);
  assert.doesNotMatch(page.text, /Tạo lịch năm 2029/);
  // seeding again: refused, nothing added
  const again = await admin.postForm('/admin/workdays/seed', { year: '2029' }, '/admin/workdays?year=2029');
  page = await admin.follow(again);
  assert.match(page.text, /Năm này đã có lịch/);
});

test('the API: days off of a period, the next working day, admin-only writes, Vietnamese errors', async () => {
  const clerk = await as('vanthu');
  let r = await clerk.get('/api/v1/workdays?from=2026-08-29&to=2026-09-07');
  assert.equal(r.status, 200, r.text);
  const days = r.json().non_working;
  assert.deepEqual(days.map((d) => d.date), ['2026-08-29', '2026-08-30', '2026-09-01', '2026-09-02', '2026-09-05', '2026-09-06']);
  assert.equal(days.find((d) => d.date === '2026-09-02').reason, 'Quốc khánh');
  assert.equal(days[0].reason, 'Thứ Bảy');
  // a weekend day worked in a swap
  r = await clerk.get('/api/v1/workdays?from=2025-04-26&to=2025-05-02');
  assert.deepEqual(r.json().worked.map((d) => d.date), ['2025-04-26']);
  // malformed and too long
  r = await clerk.get('/api/v1/workdays?from=2026-02-30&to=2026-03-01');
  assert.equal(r.status, 400);
  assert.match(r.json().error.message, /phải là ngày dạng YYYY-MM-DD/);
  r = await clerk.get('/api/v1/workdays?from=2026-01-01&to=2027-12-31');
  assert.equal(r.status, 400);
  assert.match(r.json().error.message, /không quá 400 ngày/);
  assert.equal((await clerk.get('/api/v1/workdays?year=2026')).status, 400);
  // next / add
  r = await clerk.get('/api/v1/workdays/next?date=2026-09-02&add=0');
  assert.equal(r.json().result, '2026-09-03');
  assert.equal(r.json().date_reason, 'Quốc khánh');
  assert.equal((await clerk.get('/api/v1/workdays/next?date=2026-08-31&add=2')).json().result, '2026-09-04');
  assert.equal((await clerk.get('/api/v1/workdays/next?date=2026-09-04&add=-2')).json().result, '2026-08-31');
  assert.equal((await clerk.get('/api/v1/workdays/next?date=2026-09-04&add=x')).status, 400);
  // writes: the administrator only
  r = await clerk.post('/api/v1/workdays', { json: { date: '2027-06-01', kind: 'off', name: 'Thử' } });
  assert.equal(r.status, 403);
  assert.match(r.json().error.message, /Chỉ quản trị hệ thống/);
  const admin = await as('admin');
  r = await admin.post('/api/v1/workdays', { json: { date: '2027-06-31', kind: 'nghỉ', name: '' } });
  assert.equal(r.status, 422);
  assert.equal(r.json().error.field, 'date');
  r = await admin.post('/api/v1/workdays', { json: { date: '2027-06-01', kind: 'nghỉ', name: 'Thử' } });
  assert.equal(r.status, 422);
  assert.equal(r.json().error.field, 'kind');
  assert.match(r.json().error.message, /Hãy chọn loại ngày/);
  r = await admin.post('/api/v1/workdays', { json: { date: '2027-06-01', kind: 'off', name: 'Nghỉ thử API', verified: true } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().kind_label, 'Nghỉ bù, nghỉ hoán đổi');
  assert.equal((await clerk.get('/api/v1/workdays/next?date=2027-06-01')).json().result, '2027-06-02');
  assert.equal((await clerk.post('/api/v1/workdays/2027-06-01/delete', { json: {} })).status, 403);
  r = await admin.post('/api/v1/workdays/2027-06-01/delete', { json: {} });
  assert.equal(r.status, 200);
  assert.equal((await admin.post('/api/v1/workdays/2027-06-01/delete', { json: {} })).status, 404);
});

test('rule values: listed with default and history; a value from a future date leaves today alone', async () => {
  const clerk = await as('vanthu');
  let r = await clerk.get('/api/v1/rules');
  assert.equal(r.status, 200);
  let rule = r.json().items.find((x) => x.key === 'incoming.route_working_days');
  assert.ok(rule, 'declared at start-up');
  assert.equal(rule.value, '1');
  assert.equal(rule.default, '1');
  assert.equal((await clerk.post('/api/v1/rules', { json: { key: 'incoming.route_working_days', value: 2 } })).status, 403);
  const admin = await as('admin');
  r = await admin.post('/api/v1/rules', { json: { key: 'incoming.route_working_days', value: 99, effective_from: '2030-01-01' } });
  assert.equal(r.status, 422);
  assert.equal(r.json().error.field, 'value');
  assert.match(r.json().error.message, /Nhập một số nguyên từ 0 đến 10/);
  r = await admin.post('/api/v1/rules', { json: { key: 'khong.co', value: 1 } });
  assert.equal(r.status, 422);
  assert.equal(r.json().error.field, 'key');
  r = await admin.post('/api/v1/rules', { json: { key: 'incoming.route_working_days', value: 2, effective_from: '2030-01-01', source: 'Quy chế mới' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().value, '1', 'today keeps the value in force');
  assert.deepEqual(r.json().history.map((h) => [h.value, h.effective_from, h.source]), [['2', '2030-01-01', 'Quy chế mới']]);
  // the page: label, value today, default and its source, the history; the form for the admin
  let page = await admin.get('/admin/rules');
  assert.equal(page.status, 200);
  assert.match(page.text, /Trình và phân công văn bản đến chậm nhất sau \(ngày làm việc\)/);
  assert.match(page.text, /01\/01\/2030/);
  assert.match(page.text, /Quy chế mới/);
  assert.match(page.text, /action="\/admin\/rules"/);
  assert.doesNotMatch(page.text, />incoming\.route_working_days</, 'no internal key shown as text');
  // a refused value comes back in red beside the field, typed value kept
  r = await admin.postForm('/admin/rules', { key: 'incoming.route_working_days', _form: 'incoming.route_working_days', value: '77', effective_from: '2031-01-01' }, '/admin/rules');
  assert.equal(r.status, 303);
  page = await admin.follow(r);
  assert.match(page.text, /Nhập một số nguyên từ 0 đến 10/);
  assert.match(page.text, /value="77"/);
  const leader = await (await as('chanhvp')).get('/admin/rules');
  assert.equal(leader.status, 200);
  assert.doesNotMatch(leader.text, /action="\/admin\/rules"/);
  assert.equal((await (await as('chuyenvien')).get('/admin/rules')).status, 403);
});

async function register(n) {
  const r = await (await as('vanthu')).post('/api/v1/incoming', {
    json: {
      issuer_name: 'Sở Nội vụ thành phố Cần Thơ', doc_type: 'cong_van', issued_date: '2026-01-15',
      subject: `Về việc rà soát lịch nghỉ lễ số ${n}`, code: `${700 + n}/SNV-VP`,
    },
  });
  assert.equal(r.status, 201, r.text);
  return r.json().id;
}

test('routing: a deadline on a day off is refused with the next working day offered, and that day accepted', async () => {
  const lead = await as('chanhvp');
  const cv = (await (await as('chuyenvien')).get('/api/v1/me')).json();
  const off = dayOffIn(2);
  const suggestion = nextWorking(off);
  // API: 422, field due_date, the day named, the suggestion
  const id = await register(1);
  let r = await lead.post(`/api/v1/incoming/${id}/assign`, { json: { lead: { user_id: cv.id }, due_date: off } });
  assert.equal(r.status, 422, r.text);
  const err = r.json().error;
  assert.equal(err.field, 'due_date');
  assert.equal(err.suggestion, suggestion);
  assert.match(err.message, new RegExp(`^Ngày ${vn(off)} là ngày nghỉ \\(`));
  assert.ok(err.message.includes(vn(suggestion)));
  let d = (await lead.get(`/api/v1/incoming/${id}`)).json();
  assert.equal(d.status, 'registered', 'nothing saved');
  r = await lead.post(`/api/v1/incoming/${id}/assign`, { json: { lead: { user_id: cv.id }, due_date: err.suggestion } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().deadline, suggestion);
  // an extension to a day off: the same, on new_due_date
  const off2 = dayOffIn(9);
  r = await lead.post(`/api/v1/incoming/${id}/progress`, { json: { action: 'extend', new_due_date: off2, reason: 'Chờ số liệu' } });
  assert.equal(r.status, 422);
  assert.equal(r.json().error.field, 'new_due_date');
  assert.equal(r.json().error.suggestion, nextWorking(off2));
  // the page: back with the message beside the field, the typed date kept, a button offering the day
  const id2 = await register(2);
  r = await lead.postForm(`/incoming/${id2}/assign`, { lead: `p${cv.id}`, due_date: off, instruction: 'Đồng chí Tâm xử lý' }, `/incoming/${id2}`);
  assert.equal(r.status, 303);
  const page = await lead.follow(r);
  assert.match(page.text, new RegExp(`Ngày ${vn(off)} là ngày nghỉ`));
  assert.match(page.text, new RegExp(`id="f-due" name="due_date" type="date" value="${off}" aria-invalid="true"`));
  assert.match(page.text, new RegExp(`name="lead" value="p${cv.id}" aria-label="[^"]*" checked`), 'the lead ticked is kept');
  assert.match(page.text, new RegExp(`data-fill="f-due" data-value="${suggestion}">Chọn ngày làm việc kế tiếp: ${vn(suggestion)}`));
  assert.match(page.text, />Đồng chí Tâm xử lý</, 'the instruction typed is kept');
  r = await lead.postForm(`/incoming/${id2}/assign`, { lead: `p${cv.id}`, due_date: suggestion }, `/incoming/${id2}`);
  assert.equal(r.status, 303);
  d = (await lead.get(`/api/v1/incoming/${id2}`)).json();
  assert.equal(d.deadline, suggestion);
});

test('chậm trình: a document registered and not routed past incoming.route_working_days is marked on the leader’s home', async () => {
  // the demo, a week later: its unrouted documents have waited several working days
  const later = await startServer({ env: { VANPHONG_TEST: '1', VANPHONG_FAKE_NOW: String(Math.floor(Date.now() / 1000) + 7 * 86400) } });
  try {
    const lead = await later.as('chanhvp');
    let home = (await lead.get('/')).text;
    const section = () => /id="home-unrouted"[\s\S]*?<\/section>/.exec(home)[0];
    const items = (s) => (s.match(/<li/g) || []).length;
    assert.ok(items(section()) > 0, 'the demo leaves documents to route');
    assert.equal((section().match(/route-late[^>]*>Chậm trình</g) || []).length, items(section()), section());
    // a document registered today (a week later) is not late
    const reg = await (await later.as('vanthu')).post('/api/v1/incoming', {
      json: { issuer_name: 'Sở Nội vụ thành phố Cần Thơ', doc_type: 'cong_van', issued_date: '2026-01-15', subject: 'Về việc trình ngay trong ngày', code: '999/SNV-VP' },
    });
    assert.equal(reg.status, 201, reg.text);
    home = (await lead.get('/')).text;
    assert.match(section(), /Về việc trình ngay trong ngày<\/a><\/li>/, 'no mark on the fresh one');
    // the rule raised to 10 working days for every date: nothing is late any more
    const admin = await later.as('admin');
    const r = await admin.post('/api/v1/rules', { json: { key: 'incoming.route_working_days', value: 10, effective_from: '1930-01-01' } });
    assert.equal(r.status, 200, r.text);
    home = (await lead.get('/')).text;
    assert.doesNotMatch(section(), /Chậm trình/);
  } finally {
    await later.stop();
  }
});
