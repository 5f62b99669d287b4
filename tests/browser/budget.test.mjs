// The Party budget (issue 20), clicked through as the people would, at a desk (1366×768) and on
// a phone (390×844): the city clerk drafts next year's estimate of a board, types "1,5" in a
// line (refused in red beside it, the typed value kept) then real amounts; the Chánh Văn phòng
// submits it, the Thường trực approves it, the clerk draws up the approving decision in the
// outgoing flow; on this year's approved estimate of the Văn phòng Thành ủy the clerk enters a
// spending with a negative amount (refused in red), then a good one, then one past the line's
// estimate (recorded with the warning); the annual report shows the chart and downloads as xlsx.
// No page scrolls sideways. Screenshots budget-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, shot, login, startServer, DEMO_PASSWORD } from './lib.mjs';

let srv, browser;
const SIZES = [{ width: 1366, height: 768 }, { width: 390, height: 844 }];
const today = () => new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
const year = Number(today().slice(0, 4));

async function noSideways(page, what) {
  const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(over <= 0, `${what}: scrolls sideways by ${over}px`);
}

before(async () => {
  srv = await startServer();
  browser = await launch();
});
after(async () => { if (browser) await browser.close(); if (srv) await srv.stop(); });

const BOARDS = { 1366: 'Ban Tổ chức Thành ủy Cần Thơ', 390: 'Ủy ban Kiểm tra Thành ủy Cần Thơ' };

for (const size of SIZES) {
  test(`an estimate drafted, approved, spent against and reported, ${size.width}×${size.height}`, async () => {
    const w = size.width;
    // ---- the clerk drafts next year's estimate of a board
    const clerk = await newPage(browser, srv.base, size);
    await login(clerk, 'vanthu', DEMO_PASSWORD);
    await clerk.goto(`/budget?year=${year}`);
    await noSideways(clerk, 'the list');
    await clerk.selectOption('#new-unit', { label: BOARDS[w] });
    await clerk.fill('#new-year', String(year + 1));
    await Promise.all([clerk.waitForURL(/\/budget\/\d+$/), clerk.click('#budget-new button')]);
    const url = clerk.url();
    const first = clerk.locator('#budget-lines input.money').first();
    const firstId = await first.getAttribute('id');
    await first.fill('1,5');
    await Promise.all([clerk.waitForNavigation(), clerk.click('#budget-save')]);
    assert.match(await clerk.textContent(`#${firstId}-err`), /số nguyên đồng/, "the message in red beside the field");
    assert.equal(await clerk.inputValue(`#${firstId}`), '1,5', 'the typed value is kept');
    await clerk.fill(`#${firstId}`, '120.000.000');
    await clerk.locator('#budget-lines input.money').nth(1).fill('30000000');
    await Promise.all([clerk.waitForNavigation(), clerk.click('#budget-save')]);
    assert.equal(await clerk.textContent('#budget-total'), '150.000.000');
    await noSideways(clerk, 'the estimate');
    await shot(clerk, `budget-draft-${w}`);

    // ---- the Chánh Văn phòng submits, the Thường trực approves
    const cvp = await newPage(browser, srv.base, size);
    await login(cvp, 'chanhvp', DEMO_PASSWORD);
    await cvp.goto(url);
    await Promise.all([cvp.waitForNavigation(), cvp.click('#budget-submit')]);
    assert.equal(await cvp.textContent('#budget-status'), 'Đã trình');
    const tt = await newPage(browser, srv.base, size);
    await login(tt, 'thuongtruc', DEMO_PASSWORD);
    await tt.goto(url);
    await Promise.all([tt.waitForNavigation(), tt.click('#budget-approve')]);
    assert.equal(await tt.textContent('#budget-status'), 'Đã duyệt');

    // ---- the clerk draws up the approving decision in the outgoing flow
    await clerk.goto(url);
    await Promise.all([clerk.waitForNavigation(), clerk.click('#budget-issue')]);
    await clerk.click('#budget-decision');
    await clerk.waitForURL(/\/outgoing\/\d+/);
    assert.match(await clerk.content(), /Quyết định phê duyệt dự toán năm/);

    // ---- spending on this year's approved estimate of the office
    const list = (await (await srv.as('vanthu')).get(`/api/v1/budget?year=${year}`)).json().items;
    const vp = list.find((b) => b.unit_name === 'Văn phòng Thành ủy Cần Thơ' && b.kind === 'DU_TOAN' && b.status === 'DA_DUYET');
    await clerk.goto(`/budget/${vp.id}`);
    await clerk.selectOption('#sp-line_id', { label: 'Vật tư văn phòng' });
    await clerk.fill('#sp-amount', '-5');
    await clerk.fill('#sp-voucher_no', `PC-${w}-1`);
    await Promise.all([clerk.waitForNavigation(), clerk.click('#sp-save')]);
    assert.match(await clerk.content(), /số nguyên đồng lớn hơn 0/);
    assert.equal(await clerk.inputValue('#sp-voucher_no'), `PC-${w}-1`, 'the typed voucher is kept');
    await clerk.fill('#sp-amount', '2.500.000');
    await Promise.all([clerk.waitForNavigation(), clerk.click('#sp-save')]);
    assert.match(await clerk.textContent('#budget-spending'), new RegExp(`PC-${w}-1`));
    await clerk.selectOption('#sp-line_id', { label: 'Vật tư văn phòng' });
    await clerk.fill('#sp-amount', '900.000.000');
    await clerk.fill('#sp-voucher_no', `PC-${w}-2`);
    await Promise.all([clerk.waitForNavigation(), clerk.click('#sp-save')]);
    assert.match(await clerk.content(), /vượt dự toán/);
    const overs = await clerk.locator('#budget-spending tr.over').count();
    assert.ok(overs >= 1, 'the entry past the estimate is marked');
    await noSideways(clerk, 'the spending');
    await shot(clerk, `budget-spending-${w}`);

    // ---- the annual report: chart, rows, xlsx
    await tt.goto(`/budget/report?year=${year}`);
    const rects = await tt.locator("#budget-chart rect").count();
    assert.ok(rects > 3, `${rects} rects: ${(await tt.content()).slice(0, 3000)}`);
    assert.match(await tt.textContent('#budget-report-units'), /Văn phòng Thành ủy Cần Thơ/);
    await noSideways(tt, 'the report');
    const [download] = await Promise.all([tt.waitForEvent('download'), tt.click('#budget-report-xlsx')]);
    assert.match(download.suggestedFilename(), /\.xlsx$/);
    await shot(tt, `budget-report-${w}`);
    for (const p of [clerk, cvp, tt]) assert.deepEqual(p.errors, []);
  });
}
