// A conference as people walk it in chromium, at 1366 and at 390 px: the clerk creates it from
// a work-programme item (/conferences/new?item=…), links the resolution studied, is refused an
// invitation dated after the conference and a late one without a reason (red beside the
// field, typed date kept), then makes the invitation, which the office leader approves and
// signs and the clerk issues on the outgoing pages; the ward's clerk confirms attendance; the
// office checks the ward in and records attendance by category; minutes and the conclusion
// notice are drafted; the ward submits its study report; the percentages show — and no page
// scrolls sideways on the phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, shot, login, startServer, DEMO_PASSWORD, LOGINS } from './lib.mjs';

let srv;
let browser;
before(async () => {
  srv = await startServer();
  browser = await launch();
});
after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

const vnDate = (days = 0) => new Date(Date.now() + 7 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);

async function as(who, width) {
  const page = await newPage(browser, srv.base, { width, height: width < 500 ? 844 : 768 });
  page.on('dialog', (d) => d.accept());
  await login(page, who, DEMO_PASSWORD);
  return page;
}

async function click(page, locator) {
  await Promise.all([page.waitForNavigation(), locator.click()]);
}

async function noSideways(page, what) {
  const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(over <= 0, `${what}: the page scrolls sideways by ${over}px`);
}

async function open(page, summary) {
  const d = page.locator('details', { has: page.locator('summary', { hasText: summary }) });
  if (!(await d.evaluate((el) => el.open))) await d.locator('summary').click();
  return d;
}

for (const width of [1366, 390]) {
  test(`the conference cycle at ${width} px`, async () => {
    const title = `Hội nghị quán triệt Nghị quyết về chuyển đổi số (${width})`;
    const clerk = await as(LOGINS.clerk, width);
    // From a work-programme item: the title is prefilled, the item kept.
    await clerk.goto(`/conferences/new?item=${width}&title=${encodeURIComponent(title)}`);
    assert.equal(await clerk.locator('input[name="title"]').inputValue(), title);
    assert.equal(await clerk.locator('input[name="item"]').inputValue(), String(width));
    await clerk.locator('#f-mode').selectOption('KET_HOP');
    await clerk.locator('input[name="starts_at"]').fill(`${vnDate(0)}T00:05`);
    await clerk.locator('input[name="ends_at"]').fill(`${vnDate(0)}T23:55`);
    await clerk.locator('input[name="venue"]').fill('Hội trường Thành ủy');
    await clerk.locator('#invitees').getByLabel('Đảng ủy phường Bình Thủy', { exact: true }).check();
    await noSideways(clerk, 'new conference');
    await shot(clerk, `conf-${width}-01-new`);
    await click(clerk, clerk.getByRole('button', { name: 'Tạo hội nghị' }));
    assert.match(clerk.url(), /\/conferences\/\d+$/);
    const url = new URL(clerk.url()).pathname;
    assert.match(await clerk.locator('#conf-props').textContent(), /Mục chương trình công tác/);

    // Link the resolution studied, found by its number.
    await clerk.locator('#conf-pick input[name="find"]').fill('52-NQ/TW');
    await click(clerk, clerk.locator('#conf-pick button'));
    await click(clerk, clerk.locator('#conf-pick-hits').getByRole('button', { name: 'Gắn vào hội nghị' }).first());
    assert.match(await clerk.locator('#conf-subjects').textContent(), /52-NQ\/TW/);

    // Refused: an invitation dated after the conference; then a late one without a reason.
    await clerk.locator('#i-date').fill(vnDate(1));
    await click(clerk, clerk.getByRole('button', { name: 'Tạo giấy mời' }));
    assert.equal(new URL(clerk.url()).pathname, url);
    assert.match(await clerk.locator('#conf-invitation').textContent(), /sau ngày khai mạc hội nghị/);
    assert.equal(await clerk.locator('#i-date').inputValue(), vnDate(1));
    assert.equal(await clerk.locator('#i-date').getAttribute('aria-invalid'), 'true');
    await shot(clerk, `conf-${width}-02-refused-after`);
    await clerk.locator('#i-date').fill(vnDate(0));
    await click(clerk, clerk.getByRole('button', { name: 'Tạo giấy mời' }));
    assert.match(await clerk.locator('#conf-invitation').textContent(), /gửi muộn/);
    assert.match(await clerk.locator('#conf-invitation .error, #conf-invitation [id$="-err"]').first().textContent(), /lý do/);
    await shot(clerk, `conf-${width}-03-refused-late`);
    // On time: planned a week ahead of the day.
    await clerk.locator('#i-date').fill(vnDate(-7));
    await click(clerk, clerk.getByRole('button', { name: 'Tạo giấy mời' }));
    assert.match(clerk.url(), /\/outgoing\/\d+$/);
    const invitation = new URL(clerk.url()).pathname;
    assert.equal((await clerk.locator('#status').textContent()).trim(), 'Dự thảo');

    // The existing outgoing flow: approve and sign, then issue.
    const boss = await as(LOGINS.officeLeader, width);
    await boss.goto(invitation);
    await click(boss, boss.locator('#doc-actions').getByRole('button', { name: 'Phê duyệt' }));
    await click(boss, boss.locator('#doc-actions').getByRole('button', { name: 'Ký ban hành' }));
    await boss.context().close();
    await clerk.goto(invitation);
    await click(clerk, clerk.locator('#doc-actions').getByRole('button', { name: 'Cấp số và phát hành' }));
    assert.equal((await clerk.locator('#status').textContent()).trim(), 'Đã phát hành');
    assert.match((await clerk.locator('#notation').textContent()).trim(), /-GM\//);

    // The ward confirms attendance.
    const ward = await as(LOGINS.clerkBinhThuy, width);
    await ward.goto(url);
    await noSideways(ward, 'conference (ward)');
    await ward.locator('#conf-answer-form input[value="attend"]').check();
    await click(ward, ward.getByRole('button', { name: 'Gửi trả lời' }));
    assert.match(await ward.locator('#conf-invitee-list').textContent(), /Tham dự/);
    await shot(ward, `conf-${width}-04-ward-answered`);

    // The office checks the ward in and records attendance by category.
    await clerk.goto(url);
    const row = clerk.locator('#conf-invitee-list tr', { hasText: 'Đảng ủy phường Bình Thủy' });
    await click(clerk, row.getByRole('button', { name: 'Điểm danh' }));
    assert.match(await clerk.locator('#conf-invitee-list').textContent(), /Có mặt/);
    const att = await open(clerk, 'Ghi số liệu điểm danh');
    await att.locator('#t-unit').selectOption({ label: 'Đảng ủy phường Bình Thủy' });
    await att.locator('#t-membership').fill('120');
    await att.locator('#t-committee').fill('15');
    await att.locator('#t-party').fill('110');
    await att.locator('#t-non').fill('40');
    await att.locator('#t-excused').fill('6');
    await att.locator('#t-unexcused').fill('4');
    await click(clerk, att.getByRole('button', { name: 'Lưu điểm danh' }));
    const roll = await clerk.locator('#conf-rollup').textContent();
    assert.match(roll, /91,67%/);
    assert.match(roll, /Toàn hội nghị/);
    await noSideways(clerk, 'conference (office)');
    await shot(clerk, `conf-${width}-05-attendance`);

    // Minutes and the conclusion notice, as drafts of the outgoing flow.
    await click(clerk, clerk.getByRole('button', { name: 'Lập biên bản' }));
    assert.match(clerk.url(), /\/outgoing\/\d+$/);
    assert.match(await clerk.locator('main').textContent(), /Đơn vị có mặt \(1\)/);
    await clerk.goto(url);
    await click(clerk, clerk.getByRole('button', { name: 'Soạn thông báo kết luận' }));
    assert.match(clerk.url(), /\/outgoing\/\d+$/);
    await clerk.goto(url);
    assert.match(await clerk.locator('#conf-docs').textContent(), /Hạn ban hành thông báo kết luận: \d{2}\/\d{2}\/\d{4}/);
    assert.equal(await clerk.locator('#conf-links a', { hasText: 'Giao nhiệm vụ theo kết luận' }).count(), 1);

    // The ward submits its study report; the percentage shows.
    await ward.goto(url);
    await ward.locator('#s-total').fill('120');
    await ward.locator('#s-attended').fill('118');
    await ward.locator('#s-mass').fill('35');
    await ward.locator('#s-essays').fill('112');
    await click(ward, ward.getByRole('button', { name: 'Gửi báo cáo' }));
    assert.match(await ward.locator('#conf-study-list').textContent(), /98,33%/);
    await noSideways(ward, 'study report');
    await shot(ward, `conf-${width}-06-study-report`);

    await clerk.goto('/conferences');
    await noSideways(clerk, 'conference list');
    assert.match(await clerk.locator('#conf-list').textContent(), new RegExp(title.replace(/[()]/g, '.')));
    await shot(clerk, `conf-${width}-07-list`);
    assert.deepEqual(clerk.errors, []);
    assert.deepEqual(ward.errors, []);
    await ward.context().close();
    await clerk.context().close();
  });
}
