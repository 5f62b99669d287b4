// Facilities (issue 20): the assets register (code unique, value in đồng, hand-over with its
// record, disposal), bookings of rooms and cars where a room or a car held at overlapping times
// is REFUSED with a message naming the holder — a booking here or a calendar event, and the
// calendar refuses a room held by a booking — bad input in Vietnamese with nothing saved, the
// week's xlsx, and who may do what.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

// A day five weeks ahead (the demo books up to next week), offset days from its Monday.
function farDay(offsetDays = 0) {
  const d = new Date(Date.now() + 35 * 86400000 + 7 * 3600000);
  const wd = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - wd + offsetDays);
  return d.toISOString().slice(0, 10);
}

test('assets: register, unique code, bad input, hand-over record, disposal, scope', async () => {
  const vanthu = await srv.as('vanthu');
  const chuyenvien = await srv.as('chuyenvien');
  const thuongtruc = await srv.as('thuongtruc');
  const donvi = await srv.as('donvi');
  const cv = (await chuyenvien.get('/api/v1/me')).json();

  const before0 = (await vanthu.get('/api/v1/facilities/assets')).json();
  assert.ok(before0.total >= 10, 'the demo has the Thành ủy\'s assets');
  assert.ok(before0.items.some((a) => a.kind === 'vehicle' && /65A-/.test(a.plate)));

  const ok = await vanthu.post('/api/v1/facilities/assets', { json: {
    code: 'TB-T01', name: 'Máy chiếu phòng họp thử nghiệm', kind: 'equipment',
    location: 'Phòng họp số 1 (tầng 3)', unit_of_measure: 'cái', value: 45500000,
    purchase_date: '2025-03-15',
  } });
  assert.equal(ok.status, 201, ok.text);
  const asset = ok.json();
  assert.equal(asset.value, 45500000);
  assert.equal(asset.status, 'in_use');

  // Bad input: the same code, a negative value, no name — clear messages, nothing saved.
  const dup = await vanthu.post('/api/v1/facilities/assets', { json: { code: 'TB-T01', name: 'Khác' } });
  assert.equal(dup.status, 409, dup.text);
  assert.equal(dup.json().error.field, 'code');
  assert.equal(dup.json().error.message, 'Mã tài sản TB-T01 đã có.');
  const bad = await vanthu.post('/api/v1/facilities/assets', { json: { code: 'TB-T02', name: ' ', value: -5 } });
  assert.equal(bad.status, 422, bad.text);
  const bad2 = await vanthu.post('/api/v1/facilities/assets', { json: { code: 'TB-T02', name: ' ', kind: 'tau' } });
  assert.equal(bad2.status, 422, bad2.text);
  assert.deepEqual(bad2.json().error.errors.map((x) => x.field).sort(), ['kind', 'name']);
  assert.equal((await vanthu.get('/api/v1/facilities/assets')).json().total, before0.total + 1, 'nothing half-saved');
  assert.equal((await vanthu.get('/api/v1/facilities/assets?colour=red')).status, 400);

  // Who manages: not a specialist, not a committee leader (who reads).
  assert.equal((await chuyenvien.post('/api/v1/facilities/assets', { json: { code: 'X-1', name: 'x' } })).status, 403);
  assert.equal((await thuongtruc.post('/api/v1/facilities/assets', { json: { code: 'X-1', name: 'x' } })).status, 403);
  assert.equal((await thuongtruc.get(`/api/v1/facilities/assets/${asset.id}`)).status, 200);
  // A ward's account sees its own (none), not the Thành ủy's.
  assert.equal((await donvi.get(`/api/v1/facilities/assets/${asset.id}`)).status, 404);
  assert.equal((await donvi.get('/api/v1/facilities/assets')).json().total, 0);

  // Hand-over to the specialist: the record, the new responsible person, the history.
  const noone = await vanthu.post(`/api/v1/facilities/assets/${asset.id}/handovers`, { json: { handed_on: '2026-01-05', condition: 'Tốt' } });
  assert.equal(noone.status, 422);
  assert.equal(noone.json().error.field, 'to_user_id');
  const ho = await vanthu.post(`/api/v1/facilities/assets/${asset.id}/handovers`, { json: {
    to_user_id: cv.id, handed_on: '2026-01-05', condition: 'Hoạt động tốt, đủ cáp và điều khiển',
  } });
  assert.equal(ho.status, 201, ho.text);
  const after1 = (await vanthu.get(`/api/v1/facilities/assets/${asset.id}`)).json();
  assert.equal(after1.responsible_user_id, cv.id);
  assert.equal(after1.handovers.length, 1);
  const record = await vanthu.get(`/facilities/handovers/${ho.json().id}`);
  assert.equal(record.status, 200);
  assert.match(record.text, /BIÊN BẢN|Biên bản bàn giao tài sản/);
  assert.match(record.text, /05\/01\/2026/);
  assert.match(record.text, /Hoạt động tốt, đủ cáp và điều khiển/);
  assert.match(record.text, /45\.500\.000/);
  assert.equal((await donvi.get(`/facilities/handovers/${ho.json().id}`)).status, 404);

  // Disposal: a reason is required; then the asset is frozen.
  const nor = await vanthu.post(`/api/v1/facilities/assets/${asset.id}/dispose`, { json: { disposal_date: '2026-02-01' } });
  assert.equal(nor.status, 422);
  assert.equal(nor.json().error.field, 'disposal_reason');
  const disp = await vanthu.post(`/api/v1/facilities/assets/${asset.id}/dispose`, { json: { disposal_date: '2026-02-01', disposal_reason: 'Hỏng bóng đèn, không sửa được' } });
  assert.equal(disp.status, 200, disp.text);
  assert.equal(disp.json().status, 'disposed');
  const again = await vanthu.post(`/api/v1/facilities/assets/${asset.id}/handovers`, { json: { to_user_id: cv.id, handed_on: '2026-02-02', condition: 'x' } });
  assert.equal(again.status, 409);

  // The list's xlsx.
  const x = await vanthu.get('/facilities?format=xlsx');
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  const page = await vanthu.get('/facilities?kind=vehicle');
  assert.match(page.text, /Xe ô tô Toyota Camry/);
  assert.doesNotMatch(page.text, /Máy photocopy/);
});

test('bookings: overlaps refused naming the holder, calendar events included, nothing half-saved', async () => {
  const vanthu = await srv.as('vanthu');
  const chuyenvien = await srv.as('chuyenvien');
  const thuongtruc = await srv.as('thuongtruc');
  const donvi = await srv.as('donvi');
  const room = await vanthu.post('/api/v1/schedule/rooms', { json: { name: 'Phòng họp đặt thử', capacity: 12 } });
  assert.equal(room.status, 201, room.text);
  const roomId = room.json().id;
  const day = farDay(1);

  const a = await vanthu.post('/api/v1/facilities/bookings', { json: {
    room_id: roomId, starts_at: `${day} 08:00`, ends_at: `${day} 10:00`, purpose: 'Họp Ban chỉ đạo chuyển đổi số',
  } });
  assert.equal(a.status, 201, a.text);
  // Overlapping: refused, naming the other booking and its booker; a touching slot is fine.
  const b = await chuyenvien.post('/api/v1/facilities/bookings', { json: {
    room_id: roomId, starts_at: `${day}T09:30`, ends_at: `${day}T11:00`, purpose: 'Làm việc với Sở Nội vụ',
  } });
  assert.equal(b.status, 409, b.text);
  assert.equal(b.json().error.field, 'room_id');
  assert.match(b.json().error.message, /Phòng họp đặt thử đã được đặt từ \d\d\/\d\d\/\d{4} 08:00 đến \d\d\/\d\d\/\d{4} 10:00 cho «Họp Ban chỉ đạo chuyển đổi số» \(người đặt: .+\)\./);
  const c2 = await chuyenvien.post('/api/v1/facilities/bookings', { json: {
    room_id: roomId, starts_at: `${day} 10:00`, ends_at: `${day} 11:00`, purpose: 'Làm việc với Sở Nội vụ',
  } });
  assert.equal(c2.status, 201, c2.text);
  let list = (await vanthu.get(`/api/v1/facilities/bookings?from=${day}`)).json().items.filter((x) => x.room_id === roomId);
  assert.equal(list.length, 2, 'the refused one was not saved');

  // The calendar refuses the room held by a booking…
  const ev = await vanthu.post('/api/v1/schedule/events', { json: {
    day, start_time: '08:30', end_time: '09:00', content: 'Tiếp công dân định kỳ', room_id: roomId,
  } });
  assert.equal(ev.status, 409, ev.text);
  assert.equal(ev.json().error.field, 'room_id');
  assert.match(ev.json().error.message, /Họp Ban chỉ đạo chuyển đổi số/);
  // …and a booking refuses the room held by a calendar event.
  const ev2 = await vanthu.post('/api/v1/schedule/events', { json: {
    day, start_time: '14:00', end_time: '16:00', content: 'Họp giao ban khối Dân vận', room_id: roomId,
  } });
  assert.equal(ev2.status, 201, ev2.text);
  const d = await vanthu.post('/api/v1/facilities/bookings', { json: {
    room_id: roomId, starts_at: `${day} 15:00`, ends_at: `${day} 17:00`, purpose: 'Tập huấn phần mềm',
  } });
  assert.equal(d.status, 409);
  assert.match(d.json().error.message, /cho lịch công tác «Họp giao ban khối Dân vận»/);
  list = (await vanthu.get(`/api/v1/facilities/bookings?from=${day}`)).json().items.filter((x) => x.room_id === roomId);
  assert.equal(list.length, 3, 'two bookings and the calendar event');
  assert.ok(list.some((x) => x.from_calendar));

  // Cars: the same rule.
  const cars = (await vanthu.get('/api/v1/facilities/assets?kind=vehicle&status=in_use')).json().items;
  const car = cars[0].id;
  const t1 = await vanthu.post('/api/v1/facilities/bookings', { json: {
    vehicle_id: car, starts_at: `${day} 07:00`, ends_at: `${day} 12:00`, purpose: 'Đưa đồng chí Bí thư đi kiểm tra',
    driver: 'Nguyễn Văn Tài', destination: 'Đảng ủy xã Phong Điền',
  } });
  assert.equal(t1.status, 201, t1.text);
  assert.equal(t1.json().driver, 'Nguyễn Văn Tài');
  const t2 = await chuyenvien.post('/api/v1/facilities/bookings', { json: {
    vehicle_id: car, starts_at: `${day} 11:00`, ends_at: `${day} 13:00`, purpose: 'Chuyển tài liệu',
  } });
  assert.equal(t2.status, 409);
  assert.equal(t2.json().error.field, 'vehicle_id');
  assert.match(t2.json().error.message, /^Xe .+ đã được đặt từ .+ cho «Đưa đồng chí Bí thư đi kiểm tra»/);
  // Cancelled, the car is free again; only the booker or the office cancels.
  assert.equal((await thuongtruc.post(`/api/v1/facilities/bookings/${t1.json().id}/cancel`, { json: {} })).status, 403);
  const cx = await vanthu.post(`/api/v1/facilities/bookings/${t1.json().id}/cancel`, { json: {} });
  assert.equal(cx.status, 200, cx.text);
  assert.equal(cx.json().status, 'cancelled');
  assert.equal((await chuyenvien.post('/api/v1/facilities/bookings', { json: {
    vehicle_id: car, starts_at: `${day} 11:00`, ends_at: `${day} 13:00`, purpose: 'Chuyển tài liệu',
  } })).status, 201);

  // Bad input: the end before the start, no room nor car, both — clear messages.
  const e1 = await vanthu.post('/api/v1/facilities/bookings', { json: { room_id: roomId, starts_at: `${day} 15:00`, ends_at: `${day} 14:00`, purpose: 'x' } });
  assert.equal(e1.status, 422);
  assert.equal(e1.json().error.field, 'ends_at');
  assert.equal(e1.json().error.message, 'Thời gian kết thúc phải sau thời gian bắt đầu.');
  const e2 = await vanthu.post('/api/v1/facilities/bookings', { json: { starts_at: `${day} 15:00`, ends_at: `${day} 16:00`, purpose: 'x' } });
  assert.equal(e2.status, 422);
  assert.equal(e2.json().error.field, 'room_id');
  const e3 = await vanthu.post('/api/v1/facilities/bookings', { json: { room_id: roomId, starts_at: '2026-02-30 08:00', ends_at: `${day} 16:00` } });
  assert.equal(e3.status, 422);
  assert.deepEqual(e3.json().error.errors.map((x) => x.field).sort(), ['purpose', 'starts_at']);

  // Who books: not a committee leader, not a ward in the Thành ủy's rooms.
  assert.equal((await thuongtruc.post('/api/v1/facilities/bookings', { json: { room_id: roomId, starts_at: `${day} 18:00`, ends_at: `${day} 19:00`, purpose: 'x' } })).status, 403);
  const w = await donvi.post('/api/v1/facilities/bookings', { json: { room_id: roomId, starts_at: `${day} 18:00`, ends_at: `${day} 19:00`, purpose: 'x' } });
  assert.equal(w.status, 422);
  assert.equal((await donvi.get(`/api/v1/facilities/bookings/${a.json().id}`)).status, 404);

  // The page: an overlapping booking comes back with the message beside the room and the
  // typed text kept.
  const posted = await chuyenvien.postForm('/facilities/bookings', {
    room_id: String(roomId), day, start_time: '09:00', end_time: '09:30', purpose: 'Họp tổ soạn thảo báo cáo',
  }, '/facilities/bookings/new');
  assert.equal(posted.status, 303);
  const back = await chuyenvien.get(posted.location);
  assert.match(back.text, /đã được đặt từ .+ cho «Họp Ban chỉ đạo chuyển đổi số»/);
  assert.match(back.text, /Họp tổ soạn thảo báo cáo/);
  assert.match(back.text, /class="field has-error"|aria-invalid="true"/);

  // The week: page, print and xlsx.
  const wk = await vanthu.get(`/facilities/bookings?week=${day}`);
  assert.equal(wk.status, 200);
  assert.match(wk.text, /Họp Ban chỉ đạo chuyển đổi số/);
  assert.match(wk.text, /Lịch công tác: Họp giao ban khối Dân vận/);
  assert.match(wk.text, /class="table-wrap landscape"/);
  const xl = await vanthu.get(`/facilities/bookings?week=${day}&format=xlsx`);
  assert.equal(xl.status, 200);
  assert.match(xl.headers.get('content-type'), /spreadsheetml/);
});

test('bookings: a conference books the hall from its page link', async () => {
  const vanthu = await srv.as('vanthu');
  const confs = (await vanthu.get('/api/v1/conferences')).json();
  const k = (confs.items || confs.conferences || [])[0];
  assert.ok(k, 'the demo has conferences');
  const form = await vanthu.get(`/facilities/bookings/new?conference=${k.id}`);
  assert.equal(form.status, 200);
  assert.match(form.text, /id="fac-for-conf"/);
  assert.match(form.text, new RegExp(`name="conference_id" value="${k.id}"`));
  // The conference's page links to it (its organiser's office).
  const kpage = await vanthu.get(`/conferences/${k.id}`);
  assert.match(kpage.text, new RegExp(`href="/facilities/bookings/new\\?conference=${k.id}">Đặt phòng<`));
  // The posted form carries the conference: the booking is tied to it.
  const rooms = (await vanthu.get('/api/v1/schedule/rooms')).json().items;
  const day = farDay(4);
  const posted = await vanthu.postForm('/facilities/bookings', { conference_id: String(k.id), room_id: String(rooms[0].id), day, start_time: '13:30', end_time: '17:00', purpose: k.title }, `/facilities/bookings/new?conference=${k.id}`);
  assert.equal(posted.status, 303);
  const mine = (await vanthu.get(`/api/v1/facilities/bookings?from=${day}`)).json().items.find((b) => b.conference_id === k.id && b.starts_at === `${day} 13:30`);
  assert.ok(mine, 'the booking is tied to the conference');
  // The demo booked the hall for its conferences.
  const demo = (await vanthu.get('/api/v1/facilities/bookings?from=2020-01-01&to=2099-12-31')).json();
  assert.ok(demo.items.some((b) => b.conference_id), 'the demo ties bookings to conferences');
  assert.ok(demo.items.some((b) => b.event_id && b.vehicle_id), 'and cars to calendar events');
});
