// Đảng phí reports (issue 20, second pass), clicked through: the Bình Thủy clerk records a
// payment, sends the month's report and records the transfer; the city clerk opens the report
// rolled up the tree, sees the ward's share kept and passed up in its row, follows the row to the
// ward's own report (its total equals the row) and downloads the rolled-up report as xlsx; on a
// phone the report, the rate tables and their xlsx. No page scrolls sideways.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, shot, login, startServer, DEMO_PASSWORD } from './lib.mjs';

let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { if (browser) await browser.close(); if (srv) await srv.stop(); });

async function page(width, height, who) {
  const p = await newPage(browser, srv.base, { width, height });
  p.on('dialog', (d) => d.accept());
  await login(p, who, DEMO_PASSWORD);
  return p;
}
async function noSideways(p, what) {
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `${what}: page scrolls sideways by ${overflow}px`);
}
const click = (p, loc) => Promise.all([p.waitForNavigation({ waitUntil: 'load' }), loc.click()]);
const num = (s) => Number(String(s).replace(/[^\d]/g, ''));

test('a month ends in the rolled-up report with the shares, downloaded as xlsx (1366 px)', async () => {
  const p = await page(1366, 768, 'vanthu.binhthuy');
  await p.goto('/partyfees');
  await p.waitForSelector('#pf-sheet');
  const id = await p.evaluate(() => {
    for (const tr of document.querySelectorAll('#pf-sheet tbody tr')) {
      const td = tr.querySelectorAll('td');
      if (td[3] && td[3].textContent.trim() === '0' && td[2].textContent.trim() !== '0' && tr.querySelector('form.pf-pay'))
        return tr.querySelector('input[name=member_id]').value;
    }
    return null;
  });
  assert.ok(id, 'an unpaid member');
  const form = p.locator(`form.pf-pay:has(input[name=member_id][value="${id}"])`);
  const due = await p.evaluate((q) => document.querySelector(`form.pf-pay input[name=member_id][value="${q}"]`).closest('tr').querySelectorAll('td')[2].textContent.trim(), id);
  await form.locator('input[name=amount]').fill(due.replace(/\./g, ''));
  await click(p, form.getByRole('button', { name: 'Ghi' }));
  await click(p, p.locator('#pf-submit'));
  assert.match(await p.locator('body').textContent(), /sổ đã khóa/);
  await p.goto('/partyfees/report');
  await click(p, p.getByRole('button', { name: 'Ghi trích giữ lại và nộp cấp trên' }));
  assert.match(await p.locator('#pf-transfers').textContent(), /Thành ủy Cần Thơ/);
  await p.close();

  const q = await page(1366, 768, 'vanthu');
  await q.goto('/partyfees/report');
  const row = q.locator('#pf-report tbody tr', { hasText: 'Bình Thủy' });
  const cells = await row.locator('td').allTextContents();
  // organisation, reported, members, paid in full, exempt, abroad, due, paid, kept, passed up
  assert.equal(cells.length, 10);
  assert.ok(num(cells[8]) > 0, 'the ward kept a share');
  assert.ok(num(cells[9]) > 0, 'the ward passed a share up');
  await noSideways(q, 'report 1366');
  await shot(q, 'partyfees-rollup-1366');
  // the row leads to the ward's own report, whose total equals the row
  await click(q, row.locator('a').first());
  const total = await q.locator('#pf-report-total').locator('th, td').allTextContents();
  assert.equal(num(total[2]), num(cells[2]), 'members');
  assert.equal(num(total[7]), num(cells[7]), 'paid');
  assert.equal(num(total[8]), num(cells[8]), 'kept');
  await q.goBack();
  const [download] = await Promise.all([q.waitForEvent('download'), q.click('#pf-report-xlsx')]);
  assert.match(download.suggestedFilename(), /\.xlsx$/);
  await q.close();
});

test('the report and the rate tables on a phone, with their xlsx (390 px)', async () => {
  const p = await page(390, 844, 'vanthu');
  await p.goto('/partyfees/report');
  await p.waitForSelector('#pf-report');
  await noSideways(p, 'report 390');
  await shot(p, 'partyfees-rollup-390');
  const [d1] = await Promise.all([p.waitForEvent('download'), p.click('#pf-report-xlsx')]);
  assert.match(d1.suggestedFilename(), /\.xlsx$/);
  await p.goto('/partyfees/rates');
  await noSideways(p, 'rates 390');
  const [d2] = await Promise.all([p.waitForEvent('download'), p.click('#pf-rates-xlsx')]);
  assert.match(d2.suggestedFilename(), /\.xlsx$/);
  await p.close();
});
