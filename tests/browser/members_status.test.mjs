// Members (issue 20, part adma) clicked through as a ward's clerk would: the member list
// imported from an Excel workbook (one bad row: nothing imported and the row Excel shows is
// named; fixed: imported), the template downloaded, then on an imported member's page a
// discipline with a future date refused in red beside the field with the typed decision number
// kept, recorded once the date is right, and a move abroad recorded in the status history.
// At 1366 px and 390 px, without sideways scrolling. Screenshots members-status-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, shot, login, startServer, DEMO_PASSWORD } from './lib.mjs';
import { xlsx } from '../http/xlsx_min.mjs';

let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { if (browser) await browser.close(); if (srv) await srv.stop(); });

const vnToday = () => new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
const tomorrow = () => new Date(Date.now() + 31 * 3600 * 1000).toISOString().slice(0, 10);
const vn = (iso) => iso.split('-').reverse().join('/');

async function page(width, height, who) {
  const p = await newPage(browser, srv.base, { width, height });
  await login(p, who, DEMO_PASSWORD);
  return p;
}

async function noSideways(p, what) {
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `${what}: page scrolls sideways by ${overflow}px`);
}

const click = (p, loc) => Promise.all([p.waitForNavigation({ waitUntil: 'load' }), loc.click()]);

const rows = [
  ['DANH SÁCH ĐẢNG VIÊN CHI BỘ KHU VỰC 5 (nhập thử)'],
  ['ho_ten', 'ngay_vao_dang', 'doi_tuong', 'muc_can_cu'],
  ['Quách Văn Trình Duyệt', { date: '2006-02-03' }, 'BHXH', 7500000],
  ['Mai Thị Sai Ngày', '30/02/2011', 'BHXH', 6000000],
];

test('an xlsx import, a discipline and a status change on the member page (1366 px)', async () => {
  const p = await page(1366, 768, 'vanthu.binhthuy');
  await p.goto('/members');
  await p.waitForSelector('#members-import');
  // the template is offered
  const [dl] = await Promise.all([p.waitForEvent('download'), p.locator('#members-template').click()]);
  assert.match(dl.suggestedFilename(), /\.xlsx$/);
  // one bad row: nothing imported, the row named
  const file = p.locator('#members-import input[type=file]');
  await file.setInputFiles({ name: 'danh-sach.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: xlsx(rows) });
  await click(p, p.locator('#members-import').getByRole('button', { name: 'Nhập danh sách' }));
  const body = await p.locator('body').textContent();
  assert.match(body, /Dòng 4/);
  await p.goto('/members?q=' + encodeURIComponent('Quách Văn Trình Duyệt'));
  assert.equal(await p.locator('a:has-text("Quách Văn Trình Duyệt")').count(), 0, 'nothing imported');
  // the fixed sheet
  await p.goto('/members');
  await p.locator('#members-import input[type=file]').setInputFiles({ name: 'danh-sach.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: xlsx([...rows.slice(0, 3), ['Mai Thị Đúng Ngày', '28/02/2011', 'NUOC_NGOAI', 30000000]]) });
  await click(p, p.locator('#members-import').getByRole('button', { name: 'Nhập danh sách' }));
  assert.match(await p.locator('body').textContent(), /Đã nhập 2 đảng viên/);
  await shot(p, 'members-status-import-1366');
  // the member page
  await p.goto('/members?q=' + encodeURIComponent('Quách Văn Trình Duyệt'));
  await click(p, p.locator('a:has-text("Quách Văn Trình Duyệt")').first());
  await p.waitForSelector('#member-discipline');
  const d = p.locator('#discipline-form');
  await d.locator('select[name=form]').selectOption('warning');
  await d.locator('input[name=decided_on]').fill(tomorrow());
  await d.locator('input[name=decision_no]').fill('21-QĐ/ĐU');
  await click(p, d.getByRole('button', { name: 'Ghi kỷ luật' }));
  const err = p.locator('#d-decided_on-err');
  assert.match(await err.textContent(), /không được sau hôm nay/);
  const color = await err.evaluate((el) => getComputedStyle(el).color);
  assert.match(color, /rgb\((1[5-9]\d|2\d\d), \d{1,2}, \d{1,2}\)/, `red: ${color}`);
  assert.equal(await p.locator('#discipline-form input[name=decision_no]').inputValue(), '21-QĐ/ĐU', 'typed value kept');
  await p.locator('#discipline-form input[name=decided_on]').fill(vnToday());
  await click(p, p.locator('#discipline-form').getByRole('button', { name: 'Ghi kỷ luật' }));
  assert.match(await p.locator('body').textContent(), /Đã ghi kỷ luật\./);
  const row = await p.locator('#member-disciplines tbody tr').first().textContent();
  assert.match(row, /Cảnh cáo/);
  assert.match(row, /21-QĐ\/ĐU/);
  assert.ok(row.includes(vn(vnToday())));
  // working abroad
  const s = p.locator('#status-form');
  await s.locator('select[name=kind]').selectOption('abroad');
  await s.locator('input[name=happened_on]').fill(vnToday());
  await s.locator('input[name=fee_basis]').fill('45000000');
  await s.locator('input[name=note]').fill('Công tác tại Nhật Bản');
  await click(p, s.getByRole('button', { name: 'Ghi thay đổi' }));
  assert.match(await p.locator('body').textContent(), /Đã ghi thay đổi trạng thái\./);
  assert.match(await p.locator('#member-events tbody').textContent(), /Công tác, học tập ở nước ngoài/);
  assert.match(await p.locator('#member-facts').textContent(), /Công tác, học tập ở nước ngoài/);
  await noSideways(p, 'member page 1366');
  await shot(p, 'members-status-member-1366');
  await p.close();
});

test('the member page with its history on a phone (390 px)', async () => {
  const p = await page(390, 844, 'vanthu.binhthuy');
  await p.goto('/members?q=' + encodeURIComponent('Quách Văn Trình Duyệt'));
  await click(p, p.locator('a:has-text("Quách Văn Trình Duyệt")').first());
  await p.waitForSelector('#member-events');
  assert.match(await p.locator('#member-events').textContent(), /nước ngoài/);
  await noSideways(p, 'member page 390');
  await p.goto('/members');
  await noSideways(p, 'member list 390');
  await shot(p, 'members-status-390');
  await p.close();
});
