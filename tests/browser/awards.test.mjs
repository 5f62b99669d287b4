// A Huy hiệu Đảng cycle (issue 20), clicked through as the people would, at a desk (1366×768)
// and on a phone (390×844): the Chánh Văn phòng runs the job's list for the next occasion,
// tries a 40-year badge for a member who reaches 30 years (refused in red beside "Xét sớm",
// the typed milestone kept, nothing saved), opens the member's 30-year case; the ward
// (donvi) records the chi bộ review; the office puts it on the Mẫu 4-HHĐ list (shown on the
// printable list), records the BTV decision with the badge number — the gift is 1.5 × the
// base salary — and the ceremony. No page scrolls sideways. Screenshots awards-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, shot, login, startServer, DEMO_PASSWORD } from './lib.mjs';

let srv, browser;
const SIZES = [
  { width: 1366, height: 768, member: 'Nguyễn Văn Bảy', milestone: 30, gift: '3.510.000 đ' },
  { width: 390, height: 844, member: 'Trần Thị Mười', milestone: 40, gift: '4.680.000 đ' },
];

async function noSideways(page, what) {
  const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(over <= 0, `${what}: scrolls sideways by ${over}px`);
}

async function submit(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

before(async () => {
  srv = await startServer();
  browser = await launch();
});
after(async () => { if (browser) await browser.close(); if (srv) await srv.stop(); });

for (const size of SIZES) {
  test(`a badge from the job's list to the ceremony, ${size.width}×${size.height}`, async () => {
    const w = size.width;
    const office = await newPage(browser, srv.base, size);
    await login(office, 'chanhvp', DEMO_PASSWORD);
    await office.goto('/awards');
    await submit(office, '#sweep');
    assert.match(await office.textContent('main'), /Đã lập danh sách: \d+ đảng viên mới đến hạn/);
    const row = office.locator('#badge-cases tr', { hasText: size.member });
    assert.equal(await row.count(), 1, `${size.member} is on the list`);
    await noSideways(office, 'the list');
    await shot(office, `awards-list-${w}`);

    // bad input: a milestone not reached, no early reason
    const before_ = (await (await srv.as('chanhvp')).get('/api/v1/awards/cases')).json().total;
    const label = await office.locator('#f-member_id option', { hasText: size.member }).first().textContent();
    await office.selectOption('#f-member_id', { label });
    await office.fill('#f-milestone', String(size.milestone + 10));
    await submit(office, '#new-case button[type="submit"]');
    const err = office.locator('#f-early-err');
    assert.ok(await err.isVisible(), 'the message stands beside "Xét sớm"');
    assert.match(await err.textContent(), new RegExp(`chưa đủ ${size.milestone + 10} năm tuổi Đảng`));
    assert.equal(await office.inputValue('#f-milestone'), String(size.milestone + 10));
    assert.equal((await (await srv.as('chanhvp')).get('/api/v1/awards/cases')).json().total, before_, 'nothing saved');
    await shot(office, `awards-refused-${w}`);

    // the case
    await submit(office, `#badge-cases a:has-text("${size.member}")`);
    const caseUrl = new URL(office.url()).pathname;
    assert.match(await office.textContent('#case-props'), /Đến hạn, chờ chi bộ xét/);

    // the ward's chi bộ review
    const ward = await newPage(browser, srv.base, size);
    await login(ward, 'donvi', DEMO_PASSWORD);
    await ward.goto(caseUrl);
    await ward.fill('#f-review_note', 'Chi bộ nhất trí đề nghị');
    await submit(ward, '#step button[type="submit"]');
    assert.match(await ward.textContent('#case-props'), /Chi bộ đã xét/);
    await noSideways(ward, 'the case for the ward');
    await ward.context().close();

    // proposal on form 4, the decision, the ceremony
    await office.goto(caseUrl);
    assert.match(await office.textContent('#step'), /Mẫu 4-HHĐ/);
    await submit(office, '#step button[type="submit"]');
    assert.match(await office.textContent('#case-props'), /Đã đề nghị/);
    const occ = await office.locator('main a', { hasText: 'Danh sách dịp trao' }).getAttribute('href');
    const list = await newPage(browser, srv.base, size);
    await login(list, 'chanhvp', DEMO_PASSWORD);
    await list.goto(occ.replace('/awards?', '/awards/proposal?') + '&form=4');
    assert.match(await list.textContent('main'), new RegExp(size.member));
    await noSideways(list, 'the proposal list');
    await shot(list, `awards-proposal-${w}`);
    await list.context().close();

    await office.fill('#f-decision_no', `19${w}-QĐ/TU`);
    await office.fill('#f-badge_no', `HH-${w}`);
    await submit(office, '#step button[type="submit"]');
    const props = await office.textContent('#case-props');
    assert.match(props, /Đã có quyết định/);
    assert.ok(props.includes(size.gift), `the gift ${size.gift} in: ${props}`);
    await submit(office, '#step button[type="submit"]');
    assert.match(await office.textContent('#case-props'), /Đã trao/);
    assert.equal(await office.locator('#step').count(), 0, 'no step left');
    await noSideways(office, 'the presented case');
    await shot(office, `awards-presented-${w}`);
    assert.deepEqual(office.errors, []);
    await office.context().close();
  });
}

for (const size of SIZES) {
  test(`commendations and training pages, ${size.width}×${size.height}`, async () => {
    const w = size.width;
    const page = await newPage(browser, srv.base, size);
    await login(page, 'chanhvp', DEMO_PASSWORD);
    await page.goto('/awards/commendations');
    const before_ = await page.locator('#commendations tbody tr').count();
    // a flag for a member: refused in red beside the form, the typed achievement kept
    await page.selectOption('#f-target', 'member');
    const m = await page.locator('#f-member_id option', { hasText: 'Đặng Văn Hai' }).first().textContent();
    await page.selectOption('#f-member_id', { label: m });
    await page.selectOption('#f-form', 'flag');
    await page.fill('#f-reason', `Thành tích thử ${w}`);
    await submit(page, '#new-commendation button[type="submit"]');
    assert.match(await page.textContent('#f-form-err'), /Cờ thi đua chỉ tặng cho tổ chức đảng/);
    assert.equal(await page.inputValue('#f-reason'), `Thành tích thử ${w}`);
    assert.equal(await page.locator('#commendations tbody tr').count(), before_, 'nothing saved');
    await page.selectOption('#f-form', 'certificate');
    await submit(page, '#new-commendation button[type="submit"]');
    assert.equal(await page.locator('#commendations tbody tr').count(), before_ + 1);
    assert.match(await page.textContent('#commendations'), new RegExp(`Thành tích thử ${w}`));
    await noSideways(page, 'the commendations');
    await shot(page, `awards-commendations-${w}`);
    await page.goto('/training');
    assert.ok(await page.locator('#training-due tbody tr').count() > 0, 'some staff are due');
    await noSideways(page, 'the training page');
    await shot(page, `awards-training-${w}`);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}
