// A document walked through the incoming pages as people do it: the clerk registers it on the
// form, the office leader routes it to a specialist with a deadline, the specialist records
// progress and completes it, and the register shows it. Screenshots in tests/browser/screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, shot, login, startServer, DEMO_PASSWORD } from './lib.mjs';

let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { if (browser) await browser.close(); if (srv) await srv.stop(); });

function plusDays(n) {
  return new Date(Date.now() + 7 * 3600e3 + n * 86400e3).toISOString().slice(0, 10);
}

test('registration → routing → progress → completion', async () => {
  const clerk = await newPage(browser, srv.base);
  await login(clerk, 'vanthu', DEMO_PASSWORD);
  await clerk.goto('/incoming/new');
  await clerk.fill('#f-issuer_name', 'Ủy ban nhân dân thành phố Cần Thơ');
  await clerk.fill('#f-code', '123/QĐ-UBND');
  await clerk.selectOption('#f-doc_type', 'cong_van');
  await clerk.fill('#f-issued_date', '2026-01-15');
  await clerk.fill('#f-subject', 'Về việc rà soát hồ sơ đảng viên');
  await clerk.selectOption('#f-urgency', 'thuong_khan');
  await shot(clerk, 'incoming-new');
  await Promise.all([clerk.waitForLoadState('load'), clerk.click('form.form button[type="submit"]')]);
  assert.match(clerk.url(), /\/incoming\/\d+$/);
  const docUrl = new URL(clerk.url()).pathname;
  // the next number of the year after the demo office's own arrivals
  assert.match((await clerk.locator('#arrival-number').textContent()).trim(), /^[1-9]\d*$/);

  const spec = await newPage(browser, srv.base);
  await login(spec, 'chuyenvien', DEMO_PASSWORD);
  const me = await (await spec.request.get('/api/v1/me')).json();

  const lead = await newPage(browser, srv.base);
  await login(lead, 'chanhvp', DEMO_PASSWORD);
  await lead.goto(docUrl);
  await lead.check(`#assign-form input[name="lead"][value="p${me.id}"]`);
  await lead.fill('#f-due', plusDays(5));
  await lead.fill('#f-instruction', 'Đồng chí chủ trì, báo cáo trước hạn');
  await shot(lead, 'incoming-assign');
  await Promise.all([lead.waitForLoadState('load'), lead.click('#assign-form button[type="submit"]')]);
  assert.match(await lead.locator('#lead').textContent(), new RegExp(me.name));

  await spec.goto('/');
  assert.match(await spec.locator('#home-mine').textContent(), /123\/QĐ-UBND/);
  await spec.goto(docUrl);
  await spec.fill('#f-note', 'Đã rà soát xong 3 chi bộ');
  await Promise.all([spec.waitForLoadState('load'), spec.click('#progress-form button[value="progress"]')]);
  await spec.fill('#f-note', 'Hoàn thành, đã báo cáo');
  await spec.fill('#f-reply', '45-BC/VPTU');
  await Promise.all([spec.waitForLoadState('load'), spec.click('#progress-form button[value="done"]')]);
  const trace = await spec.locator('#trace').textContent();
  for (const step of ['Vào sổ', 'Phân công', 'Tiến độ', 'Hoàn thành']) assert.ok(trace.includes(step), step);
  assert.match(await spec.locator('.doc-marks').textContent(), /Đã xử lý xong/);
  await shot(spec, 'incoming-done');

  await clerk.goto('/registers/followup');
  assert.match(await clerk.locator('table.register').textContent(), /45-BC\/VPTU/);
  await shot(clerk, 'incoming-followup');
  for (const p of [clerk, lead, spec]) assert.deepEqual(p.errors, []);
});
