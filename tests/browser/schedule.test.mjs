// The leaders' weekly calendar, clicked through as the office and the leader would (issue 13):
// the clerk drafts next week's events (a clash is warned; an event ending before it starts is
// refused beside its field with the typed text kept), the Chánh Văn phòng publishes, the clerk
// changes an event afterwards (marked "Điều chỉnh", the chairing leader notified), the leader
// opens their own view, prints (A4 landscape), subscribes on the phone (the feed has the
// event) and revokes the link (the feed is gone) — at 1366 px and at 390 px. Screenshots
// schedule-*.png in tests/browser/screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, newPage, shot, login, startServer, DEMO_PASSWORD, SHOTS } from './lib.mjs';

let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { if (browser) await browser.close(); if (srv) await srv.stop(); });

// A date of next week (Vietnam), offset days from its Monday.
function nextWeek(offset) {
  const d = new Date(Date.now() + 7 * 86400000 + 7 * 3600000);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7) + offset);
  return d.toISOString().slice(0, 10);
}

async function page(width, height, who) {
  const p = await newPage(browser, srv.base, { width, height });
  p.dialogs = [];
  p.on('dialog', (d) => { p.dialogs.push(d.message()); d.accept(); });
  await login(p, who, DEMO_PASSWORD);
  return p;
}

async function noSideways(p, what) {
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `${what}: page scrolls sideways by ${overflow}px`);
}

// Picks the Bí thư (the committee's own leader, not an office person) in a people select.
async function pickLeader(p, sel) {
  const opts = await p.locator(`${sel} option`).evaluateAll((os) => os.map((o) => [o.value, o.textContent]));
  const lead = opts.find(([v, t]) => v && /\(Thành ủy Cần Thơ\)$/.test(t));
  assert.ok(lead, `a leader among ${JSON.stringify(opts)}`);
  await p.locator(sel).selectOption(lead[0]);
  return lead;
}

async function addEvent(p, { day, start, end, content, room = 1 }) {
  await p.goto(`/schedule?week=${day}`);
  await p.getByRole('link', { name: 'Thêm sự kiện' }).click();
  await p.locator('#f-day').fill(day);
  await p.locator('#f-start_time').fill(start);
  await p.locator('#f-end_time').fill(end);
  await p.locator('#f-content').fill(content);
  const lead = await pickLeader(p, '#f-chair');
  await p.locator('#f-room').selectOption({ index: room });
  await Promise.all([p.waitForNavigation(), p.getByRole('button', { name: 'Lưu' }).click()]);
  return lead;
}

for (const [width, height] of [[1366, 768], [390, 844]]) {
  test(`weekly calendar: draft, clash, publish, amend, leader's view, print, subscribe, revoke at ${width}px`, async () => {
    const tag = width < 600 ? 'phone' : 'desk';
    const day = nextWeek(width < 600 ? 4 : 2); // Wednesday (desk) or Friday (phone) next week
    const office = await page(width, height, 'vanthu');

    // Drafting next week: the first event saves cleanly.
    const first = `Làm việc với Ban Tuyên giáo về kế hoạch tuyên truyền (${tag})`;
    const T = width < 600 ? ['16:45', '17:30', '17:00', '18:00', '16:40', '17:20'] : ['16:00', '17:00', '16:30', '17:30', '15:30', '16:15'];
    const lead = await addEvent(office, { day, start: T[0], end: T[1], content: first });
    await office.locator('#sched-event').waitFor();
    assert.match(await office.locator('main').innerText(), /Đã lưu sự kiện\./);
    const firstUrl = office.url();
    await noSideways(office, 'event page');
    // The same room at an overlapping hour: refused beside the room (issue 20: a room held
    // twice is refused, no longer only warned), naming the event that holds it.
    await addEvent(office, { day, start: T[2], end: T[3], content: `Tiếp đoàn công tác tỉnh bạn (${tag})` });
    assert.match(await office.locator('#f-room-err').innerText(), /cho lịch công tác «Làm việc với Ban Tuyên giáo/);
    // A second with the same leader elsewhere at an overlapping hour: saved, and warned.
    await addEvent(office, { day, start: T[2], end: T[3], content: `Tiếp đoàn công tác tỉnh bạn (${tag})`, room: 0 });
    const warned = await office.locator('main').innerText();
    assert.match(warned, /có trùng lịch/);
    assert.match(warned, /Trùng lịch: đồng chí .+ đã có lịch «Làm việc với Ban Tuyên giáo/);
    await shot(office, `schedule-clash-${tag}`);

    // An event ending before it starts: refused beside the field, the typed text kept.
    await office.goto(`/schedule/new?day=${day}`);
    await office.locator('#f-start_time').fill('15:00');
    await office.locator('#f-end_time').fill('14:00');
    await office.locator('#f-content').fill('Họp giao ban khối Đảng');
    await Promise.all([office.waitForNavigation(), office.getByRole('button', { name: 'Lưu' }).click()]);
    assert.equal(await office.locator('.field.has-error #f-end_time').count(), 1);
    assert.match(await office.locator('#f-end_time-err').innerText(), /Giờ kết thúc phải sau giờ bắt đầu\./);
    assert.equal(await office.locator('#f-content').inputValue(), 'Họp giao ban khối Đảng');
    await noSideways(office, 'refused form');
    await shot(office, `schedule-refused-${tag}`);

    // The week grid as the office sees it: a draft (until the desk run publishes it), the
    // clash marked.
    await office.goto(`/schedule?week=${day}`);
    if (width > 600) assert.match(await office.locator('#sched-state').innerText(), /Dự thảo/);
    assert.ok(await office.locator(`tr[data-day="${day}"] .sched-ev.clash`).count() >= 2);
    await noSideways(office, 'draft grid');

    // The Chánh Văn phòng publishes (on the phone the first test already published it).
    const chief = await page(width, height, 'chanhvp');
    await chief.goto(`/schedule?week=${day}`);
    const publish = chief.getByRole('button', { name: 'Phát hành lịch tuần' });
    if (await publish.count()) {
      await Promise.all([chief.waitForNavigation(), publish.click()]);
      assert.ok(chief.dialogs.some((m) => /^Phát hành lịch tuần này\?/.test(m)));
      assert.match(await chief.locator('main').innerText(), /Đã phát hành lịch công tác tuần/);
    }
    assert.match(await chief.locator('#sched-state').innerText(), /Đã phát hành lúc/);

    // A change after publication: an amendment, marked and numbered.
    await office.goto(firstUrl);
    await office.getByRole('link', { name: 'Sửa' }).click();
    assert.match(await office.locator('main').innerText(), /Lịch tuần này đã phát hành/);
    await office.locator('#f-start_time').fill(T[4]);
    await office.locator('#f-end_time').fill(T[5]);
    await office.locator('#f-note').fill(`Đổi giờ: bắt đầu 15 giờ 30 (${tag})`);
    await Promise.all([office.waitForNavigation(), office.getByRole('button', { name: 'Lưu' }).click()]);
    assert.match(await office.locator('#sched-event').innerText(), /Điều chỉnh/);
    await office.goto(`/schedule?week=${day}`);
    const item = office.locator('.sched-ev', { hasText: first });
    assert.ok((await item.innerText()).includes(`${T[4]}–${T[5]}`));
    assert.equal(await item.locator('.mark', { hasText: 'Điều chỉnh' }).count(), 1);
    assert.match(await office.locator('#sched-state').innerText(), /điều chỉnh, bản số \d+/);
    await shot(office, `schedule-amended-${tag}`);

    // The leader: notified, opens their own view, prints it.
    const leader = await page(width, height, 'thuongtruc');
    await leader.goto('/notifications');
    assert.match(await leader.locator('main').innerText(), new RegExp(`điều chỉnh \\(bản số \\d+\\): Đổi giờ: bắt đầu 15 giờ 30 \\(${tag}\\)`));
    await leader.goto(`/schedule?week=${day}`);
    await leader.locator('#sched-filter select[name="leader"]').selectOption(lead[0]);
    await Promise.all([leader.waitForNavigation(), leader.locator('#sched-filter button').click()]);
    assert.match(await leader.locator('main').innerText(), new RegExp(first.replace(/[()]/g, '\\$&')));
    await leader.goto(`/schedule/leaders/${lead[0]}?week=${day}`);
    assert.match(await leader.locator('.sched-title').innerText(), /đồng chí/);
    assert.ok(await leader.locator('.sched-ev').count() >= 2);
    await noSideways(leader, "leader's view");
    if (width < 600) {
      // Days stack as cards: each day's heading sits above its sessions, full width.
      const box = await leader.locator(`tr[data-day="${day}"] th`).boundingBox();
      assert.ok(box.width > 300, `day heading spans the card: ${box.width}`);
    }
    await shot(leader, `schedule-leader-${tag}`);
    assert.equal(await leader.locator('button[data-print]').count(), 1, 'a print button');
    if (width > 600) {
      await leader.emulateMedia({ media: 'print' });
      const pdf = await leader.pdf({ preferCSSPageSize: true, printBackground: true });
      const file = join(SHOTS, 'schedule-week.pdf');
      writeFileSync(file, pdf);
      const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout;
      const [w, h] = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info).slice(1).map(Number);
      assert.ok(Math.abs(w - 842) < 3 && Math.abs(h - 595) < 3, `A4 landscape: ${w} x ${h}`);
      const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout;
      assert.match(text, /LỊCH CÔNG TÁC TUẦN/);
      assert.doesNotMatch(text, /Thêm sự kiện|Đăng ký lịch trên điện thoại/, 'no buttons on paper');
      await leader.emulateMedia({ media: 'screen' });
    }

    // Subscribing on the phone: the URL is shown once and the feed has the event.
    await leader.goto('/schedule/feeds');
    await leader.locator('#f-kind').selectOption('person');
    await Promise.all([leader.waitForNavigation(), leader.getByRole('button', { name: 'Tạo đường dẫn' }).click()]);
    const url = await leader.locator('#feed-url').inputValue();
    assert.match(url, /^http:\/\/.+\/ical\/[A-Za-z0-9_-]{40,}\.ics$/);
    await noSideways(leader, 'feeds page');
    await shot(leader, `schedule-feed-${tag}`);
    let feed = await leader.request.get(url);
    assert.equal(feed.status(), 200);
    const body = (await feed.text()).replace(/\r\n[ \t]/g, '');
    assert.match(body, /BEGIN:VTIMEZONE/);
    assert.ok(body.includes(`SUMMARY:[Điều chỉnh] ${first.replace(/[,;]/g, '\\$&')}`), 'the amended event is in the feed');
    // Revoking: the link is dead.
    await Promise.all([leader.waitForNavigation(), leader.locator('#sched-feeds button.danger').first().click()]);
    assert.match(await leader.locator('main').innerText(), /Đã thu hồi đường dẫn lịch\./);
    feed = await leader.request.get(url);
    assert.equal(feed.status(), 404);

    for (const p of [office, chief, leader]) assert.deepEqual(p.errors, []);
    await office.context().close();
    await chief.context().close();
    await leader.context().close();
  });
}
