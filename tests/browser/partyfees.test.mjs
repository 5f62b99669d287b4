// A month of đảng phí clicked through as a ward's clerk would (issue 20): the fee book of this
// month (a member flagged for three unpaid months), a payment with a bad amount refused beside
// the field and then recorded, a reduction longer than 12 months refused with the typed
// decision kept, the month's report sent (the book closes: no payment form is left), the
// report summed up at the Thành ủy and the share passed up recorded; the member list and a
// member's move. At 1366 px and 390 px, without sideways scrolling. Screenshots partyfees-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, shot, login, startServer, DEMO_PASSWORD } from './lib.mjs';

let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { if (browser) await browser.close(); if (srv) await srv.stop(); });

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

const click = (p, loc) => Promise.all([p.waitForNavigation({ waitUntil: 'load' }), loc.click()]);

test('a month of đảng phí, from the first payment to the report and the transfer (1366 px)', async () => {
  const p = await page(1366, 768, 'vanthu.binhthuy');
  await p.goto('/partyfees');
  await p.waitForSelector('#pf-sheet');
  assert.match(await p.locator('main h2').first().textContent(), /Bình Thủy/);
  assert.ok(await p.locator('#pf-sheet tr.flagged').count() >= 1, 'a flagged member');
  assert.match(await p.locator('#pf-sheet tr.flagged').first().textContent(), /Chưa nộp \d+ tháng trong năm/);
  await noSideways(p, 'fee book 1366');
  await shot(p, 'partyfees-book-1366');
  // an unpaid member of this month
  const id = await p.evaluate(() => {
    for (const tr of document.querySelectorAll('#pf-sheet tbody tr')) {
      const td = tr.querySelectorAll('td');
      if (td[3] && td[3].textContent.trim() === '0' && td[2].textContent.trim() !== '0' && tr.querySelector('form.pf-pay'))
        return tr.querySelector('input[name=member_id]').value;
    }
    return null;
  });
  assert.ok(id, 'an unpaid member with a payment form');
  const form = (q) => p.locator(`form.pf-pay:has(input[name=member_id][value="${q}"])`);
  await form(id).locator('input[name=amount]').fill('-5');
  await click(p, form(id).getByRole('button', { name: 'Ghi' }));
  assert.match(await p.locator('body').textContent(), /Số tiền phải là số đồng nguyên, không âm\./);
  const due = await p.evaluate((q) => document.querySelector(`form.pf-pay input[name=member_id][value="${q}"]`).closest('tr').querySelectorAll('td')[2].textContent.trim(), id);
  await form(id).locator('input[name=amount]').fill(due.replace(/\./g, ''));
  await form(id).locator('select[name=channel]').selectOption('DVCQG');
  await click(p, form(id).getByRole('button', { name: 'Ghi' }));
  assert.match(await p.locator('body').textContent(), /Đã ghi khoản nộp đảng phí\./);
  const paid = await p.evaluate((q) => document.querySelector(`form.pf-pay input[name=member_id][value="${q}"]`).closest('tr').querySelectorAll('td')[3].textContent.trim(), id);
  assert.equal(paid, due);

  // a reduction of 13 months: refused beside "Đến tháng", the decision kept
  await p.goto(`/partyfees/members/${id}`);
  await p.locator('#f-reduction_pct').selectOption('50');
  await p.locator('#f-from_month').fill('2027-01');
  await p.locator('#f-to_month').fill('2028-01');
  await p.locator('#f-decision').fill('Quyết định số 9-QĐ/ĐU');
  await click(p, p.getByRole('button', { name: 'Ghi miễn, giảm' }));
  assert.match(await p.locator('#f-to_month-err, .field-error, .error').first().textContent(), /tối đa 12 tháng/);
  assert.equal(await p.locator('#f-decision').inputValue(), 'Quyết định số 9-QĐ/ĐU');
  assert.match(await p.locator('#pf-exemptions').textContent(), /Không có quyết định miễn, giảm|Giảm|Miễn/);
  await shot(p, 'partyfees-exempt-refused-1366');

  // send the month's report: the book closes
  await p.goto('/partyfees');
  await click(p, p.locator('#pf-submit'));
  assert.ok(p.dialogs.some((d) => /khóa sổ/.test(d)), 'asked before closing');
  assert.match(await p.locator('body').textContent(), /Đã gửi báo cáo tháng này; sổ đã khóa\./);
  assert.equal(await p.locator('form.pf-pay').count(), 0, 'no payment form in a closed month');
  const members = Number(await p.locator('#pf-totals dd').first().textContent());

  // the report at the ward: passes its share up
  await p.goto('/partyfees/report');
  await click(p, p.getByRole('button', { name: 'Ghi trích giữ lại và nộp cấp trên' }));
  assert.match(await p.locator('#pf-transfers').textContent(), /Thành ủy Cần Thơ/);
  assert.match(await p.locator('#pf-transfers').textContent(), /90%/);
  await shot(p, 'partyfees-report-1366');
  await p.close();

  // the city office sees the ward's report summed up
  const q = await page(1366, 768, 'vanthu');
  await q.goto('/partyfees/report');
  const row = q.locator('#pf-report tbody tr', { hasText: 'Bình Thủy' });
  assert.equal(Number(await row.locator('td').nth(2).textContent()), members);
  assert.equal((await row.locator('td').nth(1).textContent()).trim(), '1/1');
  await noSideways(q, 'report 1366');
  await q.close();
});

test('members and the fee book on a phone (390 px), and a move with its history', async () => {
  const p = await page(390, 844, 'vanthu');
  await p.goto('/members');
  await p.waitForSelector('#members');
  await noSideways(p, 'members 390');
  await shot(p, 'partyfees-members-390');
  await click(p, p.locator('#members a').first());
  const name = await p.locator('h1').textContent();
  await p.locator('#f-to_unit_id').selectOption({ label: 'Đảng ủy phường Tân An' });
  await p.locator('#f-moved_on').fill(new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10));
  await click(p, p.getByRole('button', { name: 'Chuyển', exact: true }));
  assert.match(await p.locator('body').textContent(), /Đã chuyển sinh hoạt đảng\./);
  assert.match(await p.locator('#member-moves').textContent(), /Tân An/);
  assert.match(await p.locator('#member-facts').textContent(), /Tân An/);
  assert.ok(name);
  await noSideways(p, 'member 390');
  await p.goto('/partyfees');
  await noSideways(p, 'fee book 390');
  await shot(p, 'partyfees-book-390');
  await p.goto('/partyfees/rates');
  await noSideways(p, 'rates 390');
  await p.close();
});
