// An outgoing document as people walk it in chromium: a specialist drafts it on /outgoing/new
// for Đảng ủy phường Bình Thủy, the office leader approves and signs, the clerk issues it
// (a number appears), and the ward's clerk finds it in the unit's incoming queue.
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

async function as(who) {
  const page = await newPage(browser, srv.base);
  page.on('dialog', (d) => d.accept()); // data-confirm asks before issuing
  await login(page, who, DEMO_PASSWORD);
  return page;
}

async function press(page, name) {
  await Promise.all([
    page.waitForNavigation(),
    page.locator('#doc-actions').getByRole('button', { name }).click(),
  ]);
}

test('draft → approval → signature → issue → the recipient’s queue', async () => {
  const subject = 'Về việc tổng kết công tác văn thư năm 2026';
  const spec = await as(LOGINS.specialist);
  await spec.goto('/outgoing/new');
  await spec.locator('#doc_type').selectOption('cong_van');
  await spec.locator('#subject').fill(subject);
  await spec.locator('#body').fill('Kính gửi: Đảng ủy phường Bình Thủy.\nĐề nghị báo cáo trước ngày 15/12.');
  await spec.locator('#urgency').selectOption('khan');
  await spec.getByLabel('Đảng ủy phường Bình Thủy').check();
  await spec.locator('#outside').fill('Báo Cần Thơ');
  await shot(spec, 'out-01-new');
  await Promise.all([spec.waitForURL(/\/outgoing\/\d+$/), spec.getByRole('button', { name: 'Lưu dự thảo' }).click()]);
  const url = new URL(spec.url()).pathname;
  assert.equal((await spec.locator('#status').textContent()).trim(), 'Dự thảo');
  assert.equal(await spec.locator('#doc-actions button').count(), 0, 'a specialist has no approve/sign/issue buttons');
  assert.deepEqual(spec.errors, []);
  await spec.context().close();

  const boss = await as(LOGINS.officeLeader);
  await boss.goto(url);
  await press(boss, 'Phê duyệt');
  assert.equal((await boss.locator('#status').textContent()).trim(), 'Đã phê duyệt');
  await press(boss, 'Ký ban hành');
  assert.equal((await boss.locator('#status').textContent()).trim(), 'Đã ký');
  await shot(boss, 'out-02-signed');
  await boss.context().close();

  const clerk = await as(LOGINS.clerk);
  await clerk.goto(url);
  await press(clerk, 'Cấp số và phát hành');
  assert.equal((await clerk.locator('#status').textContent()).trim(), 'Đã phát hành');
  const notation = (await clerk.locator('#notation').textContent()).trim();
  assert.match(notation, /^\d{2,}-CV\/VPTU$/);
  assert.match(await clerk.locator('#recipients').textContent(), /Đảng ủy phường Bình Thủy/);
  await shot(clerk, 'out-03-issued');
  // The outgoing register lists it.
  await clerk.goto('/registers/outgoing');
  assert.match(await clerk.locator('#register-outgoing').textContent(), new RegExp(notation.replace('/', '\\/')));
  await shot(clerk, 'out-04-register');
  assert.deepEqual(clerk.errors, []);
  await clerk.context().close();

  const ward = await as(LOGINS.clerkBinhThuy);
  await ward.goto('/incoming/inbox');
  assert.match(await ward.locator('main').textContent(), new RegExp(subject));
  await shot(ward, 'out-05-recipient-queue');
  await ward.context().close();
});
