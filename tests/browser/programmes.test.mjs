// Work programmes through the browser, as the office works: the specialist drafts next year's
// BTV programme with its items (a refused item keeps what was typed, red beside the field), the
// Chánh Văn phòng submits, the Thường trực approves, the specialist builds the first quarter by
// picking items, postpones one with a reason and carries it over to the second quarter; the
// Ban Tổ chức's specialist sees what her ban must prepare; the programme prints in its layout;
// at 1366 px and on a 390 px phone without sideways scrolling. Screenshots: programmes-*.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, shot, login, startServer, DEMO_PASSWORD } from './lib.mjs';

let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { if (browser) await browser.close(); if (srv) await srv.stop(); });

const Y = new Date().getFullYear() + 1;

async function as(loginName, width = 1366, height = 768) {
  const page = await newPage(browser, srv.base, { width, height });
  await login(page, loginName, DEMO_PASSWORD);
  return page;
}

async function submitForm(page, form) {
  await Promise.all([page.waitForNavigation(), form.locator('button').last().click()]);
}

async function noSideScroll(page, what) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `${what}: the page scrolls sideways by ${overflow}px`);
}

test('programme cycle: draft, submit, approve, quarter by picking, postpone, carry over, lead view, print', { timeout: 300000 }, async () => {
  const cv = await as('chuyenvien');
  await cv.goto('/programmes');
  const nf = cv.locator('#programme-new form');
  await nf.locator('#p-body').selectOption('BTV');
  await nf.locator('#p-kind').selectOption('NAM');
  await nf.locator('#p-year').fill(String(Y));
  await submitForm(cv, nf);
  assert.match(await cv.locator('h1').innerText(), new RegExp(`Chương trình công tác năm ${Y} của Ban Thường vụ`));
  const progUrl = cv.url();
  assert.equal(await cv.locator('#programme-status').innerText(), 'Dự thảo');

  // a refused item: no lead body — the typed content stays, the message is beside the field
  let f = cv.locator('#item-new form');
  await f.locator('#i-title').fill('Đề án sắp xếp tổ chức bộ máy');
  await f.locator('#i-month').fill('2');
  await submitForm(cv, f);
  f = cv.locator('#item-new form');
  assert.equal(await f.locator('#i-title').inputValue(), 'Đề án sắp xếp tổ chức bộ máy');
  assert.match(await f.locator('.field.has-error').first().innerText(), /Chọn cơ quan chủ trì/);
  assert.equal(await cv.locator('#programme-items tbody tr[id^="item-"]').count(), 0, 'nothing saved');

  const items = [
    ['Đề án sắp xếp tổ chức bộ máy', 'DA', 'Ban Tổ chức Thành ủy Cần Thơ', '2'],
    ['Báo cáo tình hình quý I', 'BC', 'Văn phòng Thành ủy Cần Thơ', '3'],
    ['Nghị quyết về chuyển đổi số', 'NQ', 'Văn phòng Thành ủy Cần Thơ', '5'],
  ];
  for (const [title, form, lead, month] of items) {
    f = cv.locator('#item-new form');
    await f.locator('#i-title').fill(title);
    await f.locator('#i-form').selectOption(form);
    await f.locator('#i-lead').selectOption({ label: lead });
    await f.locator('#i-month').fill(month);
    await submitForm(cv, f);
  }
  assert.equal(await cv.locator('#programme-items tbody tr[id^="item-"]').count(), 3);
  await shot(cv, 'programmes-draft');

  // the Chánh Văn phòng submits, the Thường trực approves
  const chanh = await as('chanhvp');
  await chanh.goto(progUrl);
  await submitForm(chanh, chanh.locator('form[action$="/submit"]'));
  assert.equal(await chanh.locator('#programme-status').innerText(), 'Đã trình');
  const tt = await as('thuongtruc');
  await tt.goto(progUrl);
  await submitForm(tt, tt.locator('form[action$="/approve"]'));
  assert.equal(await tt.locator('#programme-status').innerText(), 'Đã duyệt');

  // the first quarter, by picking two items
  await cv.goto(progUrl);
  let d = cv.locator('#derive form');
  await d.locator('#d-kind').selectOption('QUY');
  await d.locator('#d-period').fill('1');
  await d.locator('label.check', { hasText: 'Đề án sắp xếp' }).locator('input').check();
  await d.locator('label.check', { hasText: 'Báo cáo tình hình quý I' }).locator('input').check();
  await submitForm(cv, d);
  assert.match(await cv.locator('h1').innerText(), /quý I năm/);
  const q1Url = cv.url();
  assert.equal(await cv.locator('#programme-items tbody tr[id^="item-"]').count(), 2);
  for (const [who, action] of [[chanh, 'submit'], [tt, 'approve']]) {
    await who.goto(q1Url);
    await submitForm(who, who.locator(`form[action$="/${action}"]`));
  }
  // what the Ban Tổ chức must prepare in the first quarter
  const btc = await as('chuyenvien2');
  await btc.goto(`/programmes/lead?year=${Y}&quarter=1`);
  assert.match(await btc.locator('#lead-items').innerText(), /Đề án sắp xếp tổ chức bộ máy/);
  assert.doesNotMatch(await btc.locator('#lead-items').innerText(), /Báo cáo tình hình quý I/);
  await shot(btc, 'programmes-lead');

  // and the second quarter with the third item
  await cv.goto(progUrl);
  d = cv.locator('#derive form');
  await d.locator('#d-period').fill('2');
  await d.locator('label.check', { hasText: 'chuyển đổi số' }).locator('input').check();
  await submitForm(cv, d);
  const q2Url = cv.url();

  // postpone an item of the first quarter, with its reason
  await cv.goto(q1Url);
  const row = cv.locator('#programme-items tbody tr', { hasText: 'Đề án sắp xếp' });
  await row.locator('summary').click();
  const sf = row.locator('form[action$="/status"]');
  await sf.locator('select[name="status"]').selectOption('HOAN');
  await sf.locator('input[name="reason"]').fill('Chờ hướng dẫn của Trung ương');
  await submitForm(cv, sf);
  const row2 = cv.locator('#programme-items tbody tr', { hasText: 'Đề án sắp xếp' });
  assert.match(await row2.innerText(), /Hoãn[\s\S]*Chờ hướng dẫn của Trung ương/);

  // carry it over to the second quarter
  await row2.locator('summary').click();
  const cf = row2.locator('form[action$="/carry"]');
  await cf.locator('select[name="target_id"]').selectOption({ label: `Chương trình công tác quý II năm ${Y} của Ban Thường vụ Thành ủy Cần Thơ` });
  await submitForm(cv, cf);
  assert.match(await cv.locator('#programme-items tbody tr', { hasText: 'Đề án sắp xếp' }).innerText(), /Đã chuyển sang kỳ sau/);
  await cv.goto(q2Url);
  assert.match(await cv.locator('#programme-items').innerText(), /Đề án sắp xếp tổ chức bộ máy[\s\S]*Chuyển từ kỳ trước/);
  await shot(cv, 'programmes-quarter');

  // the printed programme: its layout, no forms, the print button
  await cv.goto(progUrl);
  assert.equal(await cv.locator('button[data-print]').count(), 1);
  await cv.emulateMedia({ media: 'print' });
  assert.ok(await cv.locator('.print-head').isVisible());
  assert.ok(!(await cv.locator('#item-new').isVisible()));
  assert.ok(!(await cv.locator('.item-links').first().isVisible()));
  for (const h of ['STT', 'Nội dung', 'Hình thức văn bản', 'Cơ quan chủ trì', 'Cơ quan phối hợp', 'Thời gian', 'Cấp quyết định'])
    assert.ok(await cv.locator('#programme-items thead th', { hasText: h }).first().isVisible(), h);
  await shot(cv, 'programmes-print');
  await cv.emulateMedia({ media: 'screen' });
  await noSideScroll(cv, 'programme at 1366');
  assert.deepEqual(cv.errors, []);

  // on a 390 px phone: the programme, the lead view and the list without sideways scrolling
  const phone = await as('chuyenvien', 390, 844);
  for (const url of [progUrl, q1Url, '/programmes', `/programmes/lead?year=${Y}&quarter=1`, '/programmes/overdue']) {
    await phone.goto(url);
    await noSideScroll(phone, `${url} at 390`);
  }
  await phone.goto(q1Url);
  await shot(phone, 'programmes-phone');
});
