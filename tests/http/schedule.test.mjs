// The leaders' weekly calendar (issue 13): the office drafts next week, a clash is warned, bad
// input is refused in Vietnamese with nothing saved, the week is published as version 1 (once),
// a later change is an amendment (version 2, marked, the chair notified), private events are
// "Bận" to others, drafts are the office's only, and the iCalendar feed is correct RFC 5545
// (parsed here), follows cancellations with a rising SEQUENCE, and 404s once revoked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

// A week ahead (ISO): the week after next, which the demo leaves empty (next week is its
// draft); a date in it, offset days from its Monday.
function nextWeekDate(offsetDays = 0) {
  const d = new Date(Date.now() + 14 * 86400000 + 7 * 3600000);
  const wd = (d.getUTCDay() + 6) % 7; // 0 = Monday
  d.setUTCDate(d.getUTCDate() - wd + offsetDays);
  return d.toISOString().slice(0, 10);
}

// A small RFC 5545 reader: checks CRLF and the 75-octet limit, unfolds, and returns the
// components as { name, props: [{name, params, value}], children }.
function parseIcal(text) {
  assert.ok(text.endsWith('\r\n'), 'ends with CRLF');
  const raw = text.split('\r\n');
  raw.pop();
  for (const l of raw) {
    assert.ok(!l.includes('\n'), `bare LF in ${JSON.stringify(l)}`);
    assert.ok(Buffer.byteLength(l, 'utf8') <= 75, `line over 75 octets: ${l}`);
  }
  const lines = [];
  for (const l of raw) {
    if (l.startsWith(' ') || l.startsWith('\t')) lines[lines.length - 1] += l.slice(1);
    else lines.push(l);
  }
  const root = { name: 'ROOT', props: [], children: [] };
  const stack = [root];
  for (const l of lines) {
    const i = l.indexOf(':');
    assert.ok(i > 0, `content line without a colon: ${l}`);
    const [name, ...params] = l.slice(0, i).split(';');
    const value = l.slice(i + 1);
    if (name === 'BEGIN') { const c = { name: value, props: [], children: [] }; stack.at(-1).children.push(c); stack.push(c); }
    else if (name === 'END') { assert.equal(stack.pop().name, value, 'BEGIN/END nest'); }
    else stack.at(-1).props.push({ name, params, value });
  }
  assert.equal(stack.length, 1, 'every BEGIN ended');
  return root.children[0];
}
const prop = (comp, name) => comp.props.find((p) => p.name === name);
const unescape = (v) => v.replace(/\\n/g, '\n').replace(/\\([,;\\])/g, '$1');

test('weekly calendar: draft, clash, bad input, publish, amend, private, feed', async () => {
  const vanthu = await srv.as('vanthu');
  const chanhvp = await srv.as('chanhvp');
  const thuongtruc = await srv.as('thuongtruc');
  const chuyenvien = await srv.as('chuyenvien');
  const donvi = await srv.as('donvi');
  const admin = await srv.as('admin');
  const tt = (await thuongtruc.get('/api/v1/me')).json();
  const day = nextWeekDate(1); // Tuesday next week
  const week = nextWeekDate(0);

  // The calendar the city office works on is the committee's (Thành ủy).
  let wk = (await vanthu.get(`/api/v1/schedule?week=${week}`)).json();
  assert.equal(wk.version, 0, 'next week is a draft');
  const unitId = wk.unit_id;
  const before0 = wk.events.length;

  // A room (the demo has the Thành ủy's; add one for this test).
  const room = await vanthu.post('/api/v1/schedule/rooms', { json: { name: 'Phòng họp thử nghiệm', capacity: 20 } });
  assert.equal(room.status, 201, room.text);
  const roomId = room.json().id;

  // Drafting: an event chaired by the Thường trực.
  const a = await vanthu.post('/api/v1/schedule/events', { json: {
    day, session: 'sang', start_time: '08:00', end_time: '10:00',
    content: 'Họp Thường trực Thành ủy; nghe báo cáo tình hình, kết quả "quý IV"',
    chair_user_id: tt.id, participants: 'Các đồng chí Ủy viên Ban Thường vụ, Chánh Văn phòng',
    room_id: roomId, visibility: 'internal',
  } });
  assert.equal(a.status, 201, a.text);
  const ev = a.json();
  assert.deepEqual(ev.clashes, []);
  assert.equal(ev.amended, false);
  // The same room at an overlapping hour is refused (issue 20, facilities/: a room held twice
  // is no longer only warned), naming what holds it; nothing saved.
  const held = await chuyenvien.post('/api/v1/schedule/events', { json: {
    day, start_time: '09:00', end_time: '11:00', content: 'Tiếp đoàn công tác của tỉnh bạn',
    chair_user_id: tt.id, room_id: roomId,
  } });
  assert.equal(held.status, 409, held.text);
  assert.equal(held.json().error.field, 'room_id');
  assert.match(held.json().error.message, /Phòng họp thử nghiệm đã được dành .+ cho lịch công tác «Họp Thường trực/);
  // A second one at the same time with the same leader (another place): saved, but warned.
  const b = await chuyenvien.post('/api/v1/schedule/events', { json: {
    day, start_time: '09:00', end_time: '11:00', content: 'Tiếp đoàn công tác của tỉnh bạn',
    chair_user_id: tt.id,
  } });
  assert.equal(b.status, 201, b.text);
  assert.equal(b.json().session, 'sang', 'the session follows the hour');
  const msgs = b.json().clashes.map((x) => x.message).join(' | ');
  assert.match(msgs, /Trùng lịch: đồng chí .+ đã có lịch «Họp Thường trực/);

  // Bad input: an event ending before it starts — a clear message, nothing saved.
  const bad = await vanthu.post('/api/v1/schedule/events', { json: { day, start_time: '15:00', end_time: '14:00', content: 'Sai giờ' } });
  assert.equal(bad.status, 422, bad.text);
  assert.equal(bad.json().error.field, 'end_time');
  assert.equal(bad.json().error.message, 'Giờ kết thúc phải sau giờ bắt đầu.');
  const bad1 = await vanthu.post('/api/v1/schedule/events', { json: { day: '2026-02-30', session: 'sang', content: 'Ngày sai' } });
  assert.equal(bad1.status, 422);
  assert.equal(bad1.json().error.field, 'day');
  const bad2 = await vanthu.post('/api/v1/schedule/events', { json: { day, content: '  ', visibility: 'mat' } });
  assert.equal(bad2.status, 422);
  const fields = bad2.json().error.errors.map((x) => x.field).sort();
  assert.deepEqual(fields, ['content', 'session', 'visibility']);
  assert.match(bad2.text, /Trường «Nội dung» là bắt buộc\./);
  wk = (await vanthu.get(`/api/v1/schedule?week=${week}`)).json();
  assert.equal(wk.events.length, before0 + 2, 'nothing half-saved');
  // The same on the page: back to the form, the typed text kept, the message beside the field.
  const posted = await vanthu.postForm('/schedule', { day, start_time: '15:00', end_time: '14:00', content: 'Làm việc với Ban Tổ chức' }, `/schedule/new?day=${day}`);
  assert.equal(posted.status, 303);
  const back = await vanthu.get(posted.location);
  assert.match(back.text, /Giờ kết thúc phải sau giờ bắt đầu\./);
  assert.match(back.text, /Làm việc với Ban Tổ chức/);
  assert.match(back.text, /class="field has-error"/);

  // Who drafts: not a ward's account, not a committee leader (who publishes).
  assert.equal((await donvi.post('/api/v1/schedule/events', { json: { day, session: 'sang', content: 'x' } })).status, 403);
  assert.equal((await thuongtruc.post('/api/v1/schedule/events', { json: { day, session: 'sang', content: 'x' } })).status, 403);
  // Drafts are the office's: the admin (who reads the unit) sees none of them yet.
  assert.equal((await admin.get(`/api/v1/schedule?week=${week}&unit=${unitId}`)).json().events.length, 0);
  assert.equal((await admin.get(`/api/v1/schedule/events/${ev.id}`)).status, 404);
  assert.equal((await donvi.get(`/api/v1/schedule?unit=${unitId}`)).status, 404);

  // A private event of the leader.
  const p = await vanthu.post('/api/v1/schedule/events', { json: { day, session: 'toi', content: 'Việc riêng của đồng chí Bí thư', chair_user_id: tt.id, visibility: 'private' } });
  assert.equal(p.status, 201, p.text);

  // Publication: specialists may not; the Chánh Văn phòng does, once.
  assert.equal((await chuyenvien.post('/api/v1/schedule/weeks/publish', { json: { week } })).status, 403);
  const pub = await chanhvp.post('/api/v1/schedule/weeks/publish', { json: { week } });
  assert.equal(pub.status, 201, pub.text);
  assert.equal((await chanhvp.post('/api/v1/schedule/weeks/publish', { json: { week } })).status, 409);
  let vers = (await vanthu.get(`/api/v1/schedule/weeks?week=${week}`)).json().versions;
  assert.equal(vers.length, 1);

  // Now readers see it; the private event is "Bận" to the admin, in full to its chair.
  const seen = (await admin.get(`/api/v1/schedule?week=${week}&unit=${unitId}`)).json().events;
  const busy = seen.filter((x) => x.busy);
  assert.equal(busy.length, 1);
  assert.equal(busy[0].content, 'Bận');
  assert.ok(!JSON.stringify(seen).includes('Việc riêng'), 'private content not shown');
  assert.equal((await admin.get(`/api/v1/schedule/events/${p.json().id}`)).status, 404);
  assert.equal((await thuongtruc.get(`/api/v1/schedule/events/${p.json().id}`)).status, 200);

  // A feed for the leader, made before the change: it follows the calendar.
  const f = await thuongtruc.post('/api/v1/schedule/feeds', { json: { kind: 'person' } });
  assert.equal(f.status, 201, f.text);
  const anon = srv.client();
  let ical = await anon.get(f.json().path);
  assert.equal(ical.status, 200);
  assert.match(ical.headers.get('content-type'), /^text\/calendar/);
  let cal = parseIcal(ical.text);
  assert.equal(cal.name, 'VCALENDAR');
  assert.equal(prop(cal, 'VERSION').value, '2.0');
  const tz = cal.children.find((x) => x.name === 'VTIMEZONE');
  assert.equal(prop(tz, 'TZID').value, 'Asia/Ho_Chi_Minh');
  let vev = cal.children.filter((x) => x.name === 'VEVENT');
  let mine = vev.find((x) => prop(x, 'UID').value === ev.uid);
  assert.ok(mine, 'the chaired event is in the feed');
  assert.equal(unescape(prop(mine, 'SUMMARY').value), 'Họp Thường trực Thành ủy; nghe báo cáo tình hình, kết quả "quý IV"');
  assert.match(prop(mine, 'SUMMARY').value, /Thành ủy\\; nghe/, 'semicolon escaped');
  assert.deepEqual(prop(mine, 'DTSTART').params, ['TZID=Asia/Ho_Chi_Minh']);
  assert.equal(prop(mine, 'DTSTART').value, `${day.replace(/-/g, '')}T080000`);
  assert.equal(prop(mine, 'SEQUENCE').value, '0');
  assert.match(prop(mine, 'DTSTAMP').value, /^\d{8}T\d{6}Z$/);
  assert.equal(prop(mine, 'STATUS').value, 'CONFIRMED');
  assert.match(unescape(prop(mine, 'DESCRIPTION').value), /Thành phần: Các đồng chí Ủy viên Ban Thường vụ, Chánh Văn phòng/);
  // The private event is the leader's own: in full in their feed.
  assert.ok(vev.some((x) => /Việc riêng/.test(unescape(prop(x, 'SUMMARY').value))));

  // An amendment: the change is marked, the week's version 2 is made, the chair is told.
  const upd = await vanthu.post(`/api/v1/schedule/events/${ev.id}`, { json: {
    day, session: 'sang', start_time: '08:30', end_time: '10:30', content: ev.content,
    chair_user_id: tt.id, participants: ev.participants, room_id: roomId, note: 'Lùi giờ họp 30 phút',
  } });
  assert.equal(upd.status, 200, upd.text);
  assert.equal(upd.json().amended, true);
  assert.equal(upd.json().revision, 1);
  vers = (await vanthu.get(`/api/v1/schedule/weeks?week=${week}`)).json().versions;
  assert.equal(vers.length, 2);
  assert.equal(vers[0].version, 2);
  assert.equal(vers[0].note, 'Lùi giờ họp 30 phút');
  const notes = (await thuongtruc.get('/api/v1/notifications')).json().items;
  assert.ok(notes.some((n) => /điều chỉnh \(bản số 2\): Lùi giờ họp 30 phút/.test(n.text)), JSON.stringify(notes.slice(0, 3)));
  const grid = await vanthu.get(`/schedule?week=${week}`);
  assert.equal(grid.status, 200);
  assert.match(grid.text, /<span class="mark mark-due">Điều chỉnh<\/span>/);
  assert.match(grid.text, /Trùng lịch/);
  assert.match(grid.text, /điều chỉnh, bản số<\/strong>|điều chỉnh, bản số 2/);

  // Each version stays as it was sent: version 1 has the old hours, version 2 the new, and a
  // private event is "Bận" in them too for whoever may not read it.
  const v1 = await vanthu.get(`/schedule?week=${week}&version=1`);
  assert.match(v1.text, /Đang xem bản số 1/);
  assert.match(v1.text, new RegExp(`08:00–10:00</span> <a href="/schedule/events/${ev.id}"`));
  assert.doesNotMatch(v1.text, /08:30–10:30/);
  const v2 = await vanthu.get(`/schedule?week=${week}&version=2`);
  assert.match(v2.text, new RegExp(`08:30–10:30</span> <a href="/schedule/events/${ev.id}"`));
  const a1 = await admin.get(`/schedule?unit=${unitId}&week=${week}&version=1`);
  assert.equal(a1.status, 200);
  assert.ok(!a1.text.includes('Việc riêng'));
  assert.match(a1.text, /<strong>Bận<\/strong>/);

  // Cancelling raises SEQUENCE and the feed says CANCELLED (phones ignore it otherwise).
  assert.equal((await vanthu.post(`/api/v1/schedule/events/${ev.id}/cancel`, { json: { note: 'Hoãn họp' } })).status, 200);
  ical = await anon.get(f.json().path);
  cal = parseIcal(ical.text);
  mine = cal.children.filter((x) => x.name === 'VEVENT').find((x) => prop(x, 'UID').value === ev.uid);
  assert.equal(prop(mine, 'STATUS').value, 'CANCELLED');
  assert.equal(prop(mine, 'SEQUENCE').value, '2');
  assert.match(prop(mine, 'SUMMARY').value, /^\[Điều chỉnh\]/);

  // A feed of the calendar for the admin: the private event is "Bận", nothing more.
  const fa = await admin.post('/api/v1/schedule/feeds', { json: { kind: 'unit', unit_id: unitId } });
  assert.equal(fa.status, 201, fa.text);
  const adminCal = (await anon.get(fa.json().path)).text;
  assert.ok(!adminCal.includes('Việc riêng'));
  assert.match(adminCal, /SUMMARY:Bận/);

  // Revoking makes the URL 404; another's feed cannot be revoked (404).
  assert.equal((await vanthu.post(`/api/v1/schedule/feeds/${f.json().id}/revoke`, { json: {} })).status, 404);
  assert.equal((await thuongtruc.post(`/api/v1/schedule/feeds/${f.json().id}/revoke`, { json: {} })).status, 200);
  assert.equal((await anon.get(f.json().path)).status, 404);
  assert.equal((await anon.get('/ical/khong-co-token-nay-abcdefghijklmnop.ics')).status, 404);

  // Unknown parameters are refused (400), as everywhere in the API.
  assert.equal((await vanthu.get('/api/v1/schedule?tuan=1')).status, 400);
});

test('weekly calendar: links from conferences and programme items prefill the form', async () => {
  const vanthu = await srv.as('vanthu');
  const day = nextWeekDate(2);
  const r = await vanthu.get(`/schedule/new?conference=17&content=${encodeURIComponent('Hội nghị quán triệt Nghị quyết')}&day=${day}&session=chieu&start=14:00&venue=${encodeURIComponent('Hội trường A')}`);
  assert.equal(r.status, 200);
  assert.match(r.text, /name="conference_id" value="17"/);
  assert.match(r.text, /href="\/conferences\/17"/);
  assert.match(r.text, /Hội nghị quán triệt Nghị quyết/);
  assert.match(r.text, new RegExp(`value="${day}"`));
  assert.match(r.text, /<option value="chieu" selected>/);
  const made = await vanthu.post('/api/v1/schedule/events', { json: { day, session: 'chieu', content: 'Mục chương trình thử', programme_item_id: 5 } });
  assert.equal(made.status, 201, made.text);
  const page = await vanthu.get(`/schedule/events/${made.json().id}`);
  assert.match(page.text, /href="\/programmes\/items\/5"/);
  assert.match(page.text, /Mục chương trình/);
});

test('weekly calendar: holidays of the working-day calendar are named on the grid', async () => {
  const vanthu = await srv.as('vanthu');
  const html = (await vanthu.get('/schedule?week=2027-01-01')).text;
  // 1 January is a public holiday (workdays seeds 2025–2027); a Friday in 2027.
  assert.match(html, /<tr class="sched-day holiday" data-day="2027-01-01"><th scope="row">Thứ Sáu<br>01\/01<br><span class="holiday-name">[^<]+<\/span>/);
  assert.match(html, /<tr class="sched-day" data-day="2026-12-28"><th scope="row">Thứ Hai<br>28\/12<\/th>/);
});
