// The catalogue of budget lines (issue 20, second pass), clicked through by the city clerk at a
// desk (1366×768) and on a phone (390×844): a duplicate code refused in red beside the field with
// the typed name kept, then a new line added; the line edited; retiring it from a date refused
// while an open estimate of a later year holds it, then retired from the next year; the list
// downloads as xlsx. No page scrolls sideways. Screenshots budget-lines-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, shot, login, startServer, DEMO_PASSWORD } from './lib.mjs';

let srv, browser;
const SIZES = [{ width: 1366, height: 768 }, { width: 390, height: 844 }];
const year = Number(new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 4));
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { if (browser) await browser.close(); if (srv) await srv.stop(); });

async function noSideways(p, what) {
  const over = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(over <= 1, `${what}: scrolls sideways by ${over}px`);
}
const click = (p, loc) => Promise.all([p.waitForNavigation({ waitUntil: 'load' }), loc.click()]);

for (const size of SIZES) {
  test(`the catalogue kept on its page, ${size.width}×${size.height}`, async () => {
    const w = size.width;
    const code = `TX.THU${w}`;
    const p = await newPage(browser, srv.base, size);
    await login(p, 'vanthu', DEMO_PASSWORD);
    await p.goto('/budget/lines');
    await p.waitForSelector('#budget-lines');
    await noSideways(p, 'the catalogue');
    // a duplicate code
    await p.fill('#f-code', 'TX.LUONG');
    await p.fill('#f-name', `Mục trùng ${w}`);
    await click(p, p.locator('#line-new button'));
    assert.match(await p.textContent('#f-code-err'), /đã có trong danh mục/);
    assert.equal(await p.inputValue('#f-name'), `Mục trùng ${w}`, 'the typed name is kept');
    // a good one, as income under Chi khác
    await p.fill('#f-code', code);
    await p.fill('#f-name', `Thu hỗ trợ ${w}`);
    await p.selectOption('#n-kind', 'THU');
    await p.selectOption('#n-parent', { label: 'TX.KHAC — Chi khác' });
    await click(p, p.locator('#line-new button'));
    assert.match(await p.locator('body').textContent(), /Đã thêm mục vào danh mục\./);
    const row = p.locator(`#budget-lines tr[data-code="${code}"]`);
    assert.match(await row.textContent(), /Mục thu/);
    assert.match(await row.textContent(), /Chi khác/);
    await shot(p, `budget-lines-${w}`);
    // an open estimate of next year holds it
    const api = await p.evaluate(async ([c, y]) => {
      const tok = document.querySelector('input[name=csrf]').value;
      const h = { 'content-type': 'application/json', 'x-csrf-token': tok };
      const lines = await (await fetch('/api/v1/budget/lines?all=1')).json();
      const line = lines.items.find((l) => l.code === c);
      const units = await (await fetch('/api/v1/units')).json();
      const u = units.items.find((x) => x.name === 'Ủy ban Kiểm tra Thành ủy Cần Thơ' && x.active !== false);
      const est = await (await fetch('/api/v1/budget', { method: 'POST', headers: h, body: JSON.stringify({ unit_id: u.id, year: y + 2 + (c.endsWith('390') ? 1 : 0), amounts: [{ line_id: line.id, amount: 1000000 }] }) })).json();
      return { line: line.id, est: est.id };
    }, [code, year]);
    assert.ok(api.est, 'the estimate holding the line');
    await click(p, row.locator('a').first());
    await p.fill('#f-name', `Thu hỗ trợ hoạt động ${w}`);
    await click(p, p.locator('#line-edit button'));
    assert.match(await p.locator('body').textContent(), /Đã lưu mục\./);
    await p.goto(`/budget/lines/${api.line}`);
    await noSideways(p, 'the line');
    await p.fill('#f-retire_from', `${year + 2}-01-01`);
    await click(p, p.locator('#line-retire button'));
    assert.match(await p.textContent('#f-retire_from-err'), /đang dùng trong dự toán/);
    assert.equal(await p.inputValue('#f-retire_from'), `${year + 2}-01-01`, 'the typed date is kept');
    await p.fill('#f-retire_from', `${year + 5}-01-01`);
    await click(p, p.locator('#line-retire button'));
    assert.match(await p.locator('body').textContent(), /thôi áp dụng từ ngày đã chọn/);
    assert.match(await p.locator(`#budget-lines tr[data-code="${code}"]`).textContent(), /Sẽ thôi áp dụng/);
    const [download] = await Promise.all([p.waitForEvent('download'), p.click('#lines-xlsx')]);
    assert.match(download.suggestedFilename(), /\.xlsx$/);
    await p.close();
  });
}
