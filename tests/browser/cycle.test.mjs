// The whole cycle of issue 13 across its four rooms, clicked through the pages as the people
// would, following the links from one room to the next:
//   the specialist drafts next year's BTV annual programme, the Chánh Văn phòng submits it, the
//   Thường trực approves; the first quarter is derived by picking items; from the quarter's item
//   the clerk follows "Tạo hội nghị" (the item moves to "Đang chuẩn bị", the conference links
//   back to it), puts the conference into the weekly calendar ("Đưa vào lịch tuần": the event
//   links back to both), makes the invitation, which is approved, signed and issued on the
//   outgoing pages; the ward's clerk confirms attendance.
//   On the conference day (a second server over the same data with a later clock) the ward is
//   checked in, the minutes and the conclusion notice are drafted, the notice issued; from the
//   conference the Chánh Văn phòng follows "Giao nhiệm vụ theo kết luận" to the prefilled
//   follow-up form and gives one task to the ward, one to the Ban Tổ chức; the ward reports
//   completion at once (on time).
//   Past the Ban's deadline (a third clock) the Ban reports completion (late), the office
//   confirms both, and the report of the period shows one "đúng hạn" (the ward) and
//   one "quá hạn" (the Ban), each count opening a list of exactly that many tasks.
// At 1366×768; the key pages again at 390×844 without sideways scrolling. Screenshots cycle-*.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { launch, newPage, shot, login, DEMO_PASSWORD } from './lib.mjs';
import { makeDemoData, spawnServe, Client } from '../http/lib.mjs';

let browser, demo, server;
const Y = new Date().getFullYear() + 1;
const TAG = `chu kỳ ${process.pid}`;

// One server at a time over the same data; a later phase restarts it with a fake clock.
async function serve(fakeIso) {
  if (server) await halt();
  const env = fakeIso ? { VANPHONG_TEST: '1', VANPHONG_FAKE_NOW: String(Math.floor(Date.parse(fakeIso) / 1000)) } : {};
  server = await spawnServe(demo.data, { env });
}
async function halt() {
  server.proc.kill('SIGTERM');
  const { code, signal } = await server.exited;
  assert.ok(code === 0 || code === null, `server exited ${code ?? signal}\n${server.stderr()}`);
  server = null;
}

before(async () => { demo = makeDemoData(); browser = await launch(); });
after(async () => {
  if (browser) await browser.close();
  if (server) await halt();
  if (demo) rmSync(demo.dir, { recursive: true, force: true });
});

async function as(who, width = 1366) {
  const page = await newPage(browser, server.base, { width, height: width < 500 ? 844 : 768 });
  page.on('dialog', (d) => d.accept());
  await login(page, who, DEMO_PASSWORD);
  assert.doesNotMatch(page.url(), /\/login/, `${who} logged in`);
  return page;
}

async function api(who) {
  const c = new Client(server.base);
  assert.equal((await c.login(who, DEMO_PASSWORD)).status, 303);
  c.headers['x-csrf-token'] = await c.csrf('/');
  return c;
}

async function click(page, locator) {
  await Promise.all([page.waitForNavigation(), locator.click()]);
}

async function noSideways(page, what) {
  const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(over <= 1, `${what}: the page scrolls sideways by ${over}px`);
}

const addDays = (iso, n) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86400e3).toISOString().slice(0, 10);
const vnToday = () => new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

// The working day on or after `date` by the server's own calendar: a refused dry run of the
// follow-up API (an empty content saves nothing) names the next working day for a day off.
async function workday(c, date, lead, assignedOn) {
  const r = await c.post('/api/v1/followup', {
    json: { source_title: 'x', assigned_on: assignedOn, items: [{ content: '', lead_unit_id: lead, due_date: date }] },
  });
  assert.equal(r.status, 422);
  return r.json().error.suggestion || date;
}

// Issues an outgoing draft through the existing flow: the Chánh Văn phòng approves and signs,
// the clerk numbers and issues.
async function issue(path) {
  const boss = await as('chanhvp');
  await boss.goto(path);
  await click(boss, boss.locator('#doc-actions').getByRole('button', { name: 'Phê duyệt' }));
  await click(boss, boss.locator('#doc-actions').getByRole('button', { name: 'Ký ban hành' }));
  await boss.context().close();
  const clerk = await as('vanthu');
  await clerk.goto(path);
  await click(clerk, clerk.locator('#doc-actions').getByRole('button', { name: 'Cấp số và phát hành' }));
  assert.equal((await clerk.locator('#status').textContent()).trim(), 'Đã phát hành');
  const notation = (await clerk.locator('#notation').textContent()).trim();
  await clerk.context().close();
  return notation;
}

const file = (name) => ({ name, mimeType: 'text/plain', buffer: Buffer.from(`Báo cáo ${name}\nKết quả thực hiện.\n`) });

test('issue 13 end to end: programme → quarter → conference → invitation → attendance → conclusion → tasks → report', { timeout: 600000 }, async () => {
  // ======== phase 1: today ========
  await serve(null);
  const units = (await (await api('chanhvp')).get('/api/v1/units')).json().items;
  const ward = units.find((u) => u.name === 'Đảng ủy phường Bình Thủy' && u.active).id;
  const btc = units.find((u) => u.name === 'Ban Tổ chức Thành ủy Cần Thơ' && u.active).id;
  // The conference day: a working day in the second week of January of the programme's year.
  const D = await workday(await api('chanhvp'), `${Y}-01-12`, ward, vnToday());

  // ---- the annual programme: drafted, submitted, approved
  const cv = await as('chuyenvien');
  await cv.goto('/programmes');
  const nf = cv.locator('#programme-new form');
  await nf.locator('#p-body').selectOption('BTV');
  await nf.locator('#p-kind').selectOption('NAM');
  await nf.locator('#p-year').fill(String(Y));
  await click(cv, nf.locator('button').last());
  assert.match(await cv.locator('h1').innerText(), new RegExp(`Chương trình công tác năm ${Y} của Ban Thường vụ`));
  const progUrl = new URL(cv.url()).pathname;
  const itemTitle = `Hội nghị quán triệt, triển khai Nghị quyết về chuyển đổi số (${TAG})`;
  for (const [title, form, lead, month] of [
    [itemTitle, 'KL', 'Văn phòng Thành ủy Cần Thơ', '1'],
    [`Đề án kiện toàn tổ chức bộ máy (${TAG})`, 'DA', 'Ban Tổ chức Thành ủy Cần Thơ', '3'],
  ]) {
    const f = cv.locator('#item-new form');
    await f.locator('#i-title').fill(title);
    await f.locator('#i-form').selectOption(form);
    await f.locator('#i-lead').selectOption({ label: lead });
    await f.locator('#i-month').fill(month);
    await click(cv, f.locator('button').last());
  }
  assert.equal(await cv.locator('#programme-items tbody tr[id^="item-"]').count(), 2);
  const chanh = await as('chanhvp');
  await chanh.goto(progUrl);
  await click(chanh, chanh.locator('form[action$="/submit"] button').last());
  assert.equal(await chanh.locator('#programme-status').innerText(), 'Đã trình');
  await chanh.context().close();
  const tt = await as('thuongtruc');
  await tt.goto(progUrl);
  await click(tt, tt.locator('form[action$="/approve"] button').last());
  assert.equal(await tt.locator('#programme-status').innerText(), 'Đã duyệt');

  // ---- the first quarter, by picking both items; approved in turn
  await cv.goto(progUrl);
  const d = cv.locator('#derive form');
  await d.locator('#d-kind').selectOption('QUY');
  await d.locator('#d-period').fill('1');
  await d.locator('label.check', { hasText: 'chuyển đổi số' }).locator('input').check();
  await d.locator('label.check', { hasText: 'kiện toàn tổ chức' }).locator('input').check();
  await click(cv, d.locator('button').last());
  assert.match(await cv.locator('h1').innerText(), /quý I năm/);
  const q1Url = new URL(cv.url()).pathname;
  const ch2 = await as('chanhvp');
  await ch2.goto(q1Url);
  await click(ch2, ch2.locator('form[action$="/submit"] button').last());
  await ch2.context().close();
  await tt.goto(q1Url);
  await click(tt, tt.locator('form[action$="/approve"] button').last());
  assert.equal(await tt.locator('#programme-status').innerText(), 'Đã duyệt');
  await tt.context().close();
  await cv.context().close();

  // ---- from the quarter's item to a conference, as the clerk
  const clerk = await as('vanthu');
  await clerk.goto(q1Url);
  const itemRow = clerk.locator('#programme-items tbody tr[id^="item-"]', { hasText: 'chuyển đổi số' });
  assert.match(await itemRow.innerText(), /Kế hoạch/);
  const itemId = Number((await itemRow.getAttribute('id')).replace('item-', ''));
  await click(clerk, itemRow.locator('.item-links a', { hasText: 'Tạo hội nghị' }));
  assert.match(clerk.url(), /\/conferences\/new\?item=\d+/);
  assert.equal(await clerk.locator('input[name="title"]').inputValue(), itemTitle);
  await clerk.locator('#f-mode').selectOption('KET_HOP');
  await clerk.locator('input[name="starts_at"]').fill(`${D}T08:00`);
  await clerk.locator('input[name="ends_at"]').fill(`${D}T11:00`);
  await clerk.locator('input[name="venue"]').fill('Hội trường Thành ủy');
  await clerk.locator('#invitees').getByLabel('Đảng ủy phường Bình Thủy', { exact: true }).check();
  await click(clerk, clerk.getByRole('button', { name: 'Tạo hội nghị' }));
  assert.match(clerk.url(), /\/conferences\/\d+$/);
  const confUrl = new URL(clerk.url()).pathname;
  // the conference links back to its item, and the item is now being prepared
  assert.equal(await clerk.locator('#conf-props a#conf-item').getAttribute('href'), `/programmes/items/${itemId}`);
  await click(clerk, clerk.locator('#conf-props a#conf-item'));
  assert.match(await clerk.locator('main').innerText(), /chuyển đổi số/);
  // and the item's page leads to the conference made for it
  assert.equal(await clerk.locator('#item-conferences a', { hasText: 'chuyển đổi số' }).getAttribute('href'), confUrl);
  await clerk.goto(q1Url);
  assert.match(await clerk.locator(`#item-${itemId}`).innerText(), /Đang chuẩn bị/);
  await clerk.goto(progUrl); // the annual item it was picked from follows
  assert.match(await clerk.locator('#programme-items tbody tr', { hasText: 'chuyển đổi số' }).innerText(), /Đang chuẩn bị/);
  await shot(clerk, 'cycle-01-programme');

  // ---- into the weekly calendar, from the conference
  await clerk.goto(confUrl);
  await click(clerk, clerk.locator('#conf-links a', { hasText: 'Đưa vào lịch tuần' }));
  assert.match(clerk.url(), /\/schedule\/new\?conference=/);
  assert.equal(await clerk.locator('#f-day').inputValue(), D);
  assert.equal(await clerk.locator('#f-session').inputValue(), 'sang');
  assert.equal(await clerk.locator('#f-content').inputValue(), itemTitle);
  await clerk.locator('#f-end_time').fill('11:00');
  const chairs = await clerk.locator('#f-chair option').evaluateAll((os) => os.map((o) => [o.value, o.textContent]));
  const chair = chairs.find(([v, t]) => v && /\(Thành ủy Cần Thơ\)$/.test(t));
  if (chair) await clerk.locator('#f-chair').selectOption(chair[0]);
  await click(clerk, clerk.getByRole('button', { name: 'Lưu' }));
  await clerk.locator('#sched-event').waitFor();
  const eventUrl = new URL(clerk.url()).pathname;
  assert.equal(await clerk.locator('#sched-event a', { hasText: 'Xem hội nghị' }).getAttribute('href'), confUrl);
  assert.equal(await clerk.locator('#sched-event a', { hasText: 'Xem mục chương trình' }).getAttribute('href'), `/programmes/items/${itemId}`);
  // the item's page now shows the calendar's event too
  await clerk.goto(`/programmes/items/${itemId}`);
  assert.equal(await clerk.locator('#item-events a').first().getAttribute('href'), eventUrl);
  await clerk.goto(eventUrl);
  await click(clerk, clerk.locator('#sched-event a', { hasText: 'Xem hội nghị' }));
  assert.equal(new URL(clerk.url()).pathname, confUrl);
  await clerk.goto(`/schedule?week=${D}`);
  assert.match(await clerk.locator('main').innerText(), /chuyển đổi số/);
  await shot(clerk, 'cycle-02-calendar');

  // ---- the invitation, dated today (well ahead), issued through the outgoing pages
  await clerk.goto(confUrl);
  await clerk.locator('#i-date').fill(vnToday());
  await click(clerk, clerk.getByRole('button', { name: 'Tạo giấy mời' }));
  assert.match(clerk.url(), /\/outgoing\/\d+$/);
  const invitation = new URL(clerk.url()).pathname;
  await clerk.context().close();
  assert.match(await issue(invitation), /-GM\//);

  // ---- the ward's clerk confirms attendance
  const wclerk = await as('vanthu.binhthuy');
  await wclerk.goto(confUrl);
  await wclerk.locator('#conf-answer-form input[value="attend"]').check();
  await click(wclerk, wclerk.getByRole('button', { name: 'Gửi trả lời' }));
  assert.match(await wclerk.locator('#conf-invitee-list').textContent(), /Tham dự/);
  await shot(wclerk, 'cycle-03-ward-answer');
  assert.deepEqual(wclerk.errors, []);
  await wclerk.context().close();

  // ======== phase 2: the conference day, in the afternoon (08:00 UTC = 15:00 in Vietnam) ========
  await serve(`${D}T08:00:00Z`);
  const office = await as('vanthu');
  await office.goto(confUrl);
  const row = office.locator('#conf-invitee-list tr', { hasText: 'Đảng ủy phường Bình Thủy' });
  await click(office, row.getByRole('button', { name: 'Điểm danh' }));
  assert.match(await office.locator('#conf-invitee-list').textContent(), /Có mặt/);
  // minutes and the conclusion notice, drafts of the outgoing flow
  await click(office, office.getByRole('button', { name: 'Lập biên bản' }));
  assert.match(office.url(), /\/outgoing\/\d+$/);
  await office.goto(confUrl);
  await click(office, office.getByRole('button', { name: 'Soạn thông báo kết luận' }));
  assert.match(office.url(), /\/outgoing\/\d+$/);
  const conclusion = new URL(office.url()).pathname;
  await office.context().close();
  const notation = await issue(conclusion);
  assert.match(notation, /-TB\//);

  // ---- from the conference to the follow-up form, prefilled with the notice
  const boss = await as('chanhvp');
  await boss.goto(confUrl);
  await click(boss, boss.locator('#conf-links a', { hasText: 'Giao nhiệm vụ theo kết luận' }));
  assert.match(boss.url(), /\/followup\/new\?/);
  assert.match(await boss.inputValue('#f-source_title'), new RegExp(esc(notation)));
  await boss.fill('#f-source_title', `${await boss.inputValue('#f-source_title')} (${TAG})`);
  const c2 = await api('chanhvp');
  const dueWard = await workday(c2, addDays(D, 10), ward, D);
  const dueBan = await workday(c2, addDays(D, 14), btc, D);
  const contentA = `Tổ chức quán triệt kết luận đến chi bộ (${TAG})`;
  const contentB = `Rà soát nhân sự chuyển đổi số các ban (${TAG})`;
  await boss.fill('#fu-0-clause', 'Mục 1');
  await boss.fill('#fu-0-content', contentA);
  await boss.selectOption('#fu-0-lead', { label: 'Đảng ủy phường Bình Thủy' });
  await boss.fill('#fu-0-due', dueWard);
  await boss.fill('#fu-1-clause', 'Mục 2');
  await boss.fill('#fu-1-content', contentB);
  await boss.selectOption('#fu-1-lead', { label: 'Ban Tổ chức Thành ủy Cần Thơ' });
  await boss.fill('#fu-1-due', dueBan);
  await click(boss, boss.locator('form.fu-new button[type="submit"]:not([name])'));
  assert.match(await boss.locator('body').textContent(), /Đã giao 2 nhiệm vụ/);
  const find = async (q) => (await c2.get(`/api/v1/followup?q=${encodeURIComponent(q)}`)).json().items[0].id;
  const idA = await find(contentA), idB = await find(contentB);
  // the task's source opens the notice it came from
  await boss.goto(`/followup/${idA}`);
  const srcLink = boss.locator('main dd a', { hasText: notation }).first();
  assert.equal(await srcLink.getAttribute('href'), conclusion);
  await boss.context().close();

  // ---- the ward completes at once: on time
  // the ward hears of it in its notifications, which open the task itself
  const donvi = await as('donvi');
  await donvi.goto('/notifications');
  await click(donvi, donvi.locator('a[href^="/notifications/"]', { hasText: `Nhiệm vụ số ${idA}:` }).first());
  assert.equal(new URL(donvi.url()).pathname, `/followup/${idA}`);
  await donvi.setInputFiles('#f-complete-file', file('bao-cao-phuong-binh-thuy.txt'));
  await donvi.fill('#f-doc_date', D);
  await click(donvi, donvi.getByRole('button', { name: 'Báo cáo hoàn thành' }));
  assert.match(await donvi.locator('main').textContent(), /chờ văn phòng xác nhận/);
  assert.deepEqual(donvi.errors, []);
  await donvi.context().close();

  // ======== phase 3: a week past the Ban's deadline ========
  const later = addDays(dueBan, 7);
  await serve(`${later}T03:00:00Z`);
  const ban = await as('chuyenvien2');
  await ban.goto(`/followup/${idB}`);
  assert.match(await ban.locator('.fu-status').textContent(), /Quá hạn/);
  await ban.setInputFiles('#f-complete-file', file('bao-cao-ban-to-chuc.txt'));
  await ban.fill('#f-doc_date', later);
  await click(ban, ban.getByRole('button', { name: 'Báo cáo hoàn thành' }));
  assert.deepEqual(ban.errors, []);
  await ban.context().close();

  const chief = await as('chanhvp');
  for (const [id, status] of [[idA, /Hoàn thành đúng hạn/], [idB, /Hoàn thành quá hạn/]]) {
    await chief.goto(`/followup/${id}`);
    await click(chief, chief.getByRole('button', { name: 'Xác nhận hoàn thành' }));
    assert.match(await chief.locator('.fu-status').textContent(), status);
  }

  // the conference page leads on to the tasks of its conclusion, with how each ended
  await chief.goto(confUrl);
  const tasks = await chief.locator('#conf-tasks').innerText();
  assert.match(tasks, new RegExp(`${esc(contentA)} — Đảng ủy phường Bình Thủy: Hoàn thành đúng hạn`));
  assert.match(tasks, new RegExp(`${esc(contentB)} — Ban Tổ chức Thành ủy Cần Thơ: Hoàn thành quá hạn`));
  await click(chief, chief.locator('#conf-tasks a', { hasText: contentB }));
  assert.equal(new URL(chief.url()).pathname, `/followup/${idB}`);

  // ---- the report of the period: one on time (the ward), one late (the Ban)
  // (the period holds no other deadline of the demo office: only these two and the ongoing ones)
  const reportUrl = `/followup/report?by=unit&from=${D}&to=${addDays(D, 60)}`;
  await chief.goto(reportUrl);
  const rowOf = (name) => chief.locator('#fu-report tbody tr', { has: chief.locator('td', { hasText: name }) }).first();
  const count = async (loc) => (await loc.count()) ? Number((await loc.first().textContent()).replace(/\./g, '')) : 0;
  const wardRow = rowOf('Đảng ủy phường Bình Thủy'), banRow = rowOf('Ban Tổ chức Thành ủy Cần Thơ');
  assert.equal(await count(wardRow.locator('a[data-bucket="done_on_time"]')), 1, 'the ward: one on time');
  assert.equal(await count(wardRow.locator('a[data-bucket="done_late"]')), 0, 'the ward: none late');
  assert.equal(await count(banRow.locator('a[data-bucket="done_late"]')), 1, 'the Ban: one late');
  assert.equal(await count(banRow.locator('a[data-bucket="done_on_time"]')), 0, 'the Ban: none on time');
  const headers = await chief.locator('#fu-report thead').innerText();
  assert.match(headers, /đúng hạn/i);
  assert.match(headers, /quá hạn/i);
  await shot(chief, 'cycle-04-report');
  // every count opens a list of exactly that many tasks, holding the right one
  for (const [r, bucket, content] of [[wardRow, 'done_on_time', contentA], [banRow, 'done_late', contentB]]) {
    await chief.goto(reportUrl);
    const link = (r === wardRow ? rowOf('Đảng ủy phường Bình Thủy') : rowOf('Ban Tổ chức Thành ủy Cần Thơ')).locator(`a[data-bucket="${bucket}"]`);
    const n = await count(link);
    await click(chief, link);
    assert.equal(Number(await chief.locator('#fu-total').getAttribute('data-total')), n, `${bucket}: the list has the count`);
    assert.match(await chief.locator('main').textContent(), new RegExp(esc(content)));
  }
  await noSideways(chief, 'report at 1366');
  assert.deepEqual(chief.errors, []);
  await chief.context().close();

  // ---- the key pages on a 390 px phone, without sideways scrolling
  const phone = await as('chanhvp', 390);
  for (const url of [q1Url, confUrl, eventUrl, `/schedule?week=${D}`, `/followup/${idA}`, `/followup/${idB}`, reportUrl]) {
    await phone.goto(url);
    assert.ok((await phone.locator('main').count()) === 1, `${url} opens`);
    await noSideways(phone, `${url} at 390`);
  }
  await shot(phone, 'cycle-05-phone-report');
  const wardPhone = await as('vanthu.binhthuy', 390);
  await wardPhone.goto(confUrl);
  await noSideways(wardPhone, 'conference (ward) at 390');
  assert.deepEqual(phone.errors, []);
  assert.deepEqual(wardPhone.errors, []);
});
