// Routing in the browser (issue 12, items 5, 10, 18) at 1366×768 and 390×844: one processing
// panel whose tabs open without script, the unit/person tree ticked with the mouse (chủ trì,
// phối hợp, để biết), an extension that moves the co-handler's deadline with the lead's, a
// document returned to the clerk, several documents routed at once from /tasks, and the
// delegation page. Screenshots: routing-*-<width>.png (SHOT_TAG=before names the run against
// an older binary).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, shot, login, startServer, DEMO_PASSWORD } from './lib.mjs';
import { workingDayIn } from '../http/workdays-dates.mjs';

let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { if (browser) await browser.close(); if (srv) await srv.stop(); });
const tag = process.env.SHOT_TAG || 'after';

// A deadline must be a working day (issue 13): today + n, moved to the next working day.
function plusDays(n) {
  return n < 0 ? new Date(Date.now() + 7 * 3600e3 + n * 86400e3).toISOString().slice(0, 10) : workingDayIn(n);
}
let seq = 0;
async function register(page) {
  seq++;
  const r = await page.request.post('/api/v1/incoming', {
    headers: { 'x-csrf-token': await csrf(page) },
    data: { issuer_name: 'Sở Nội vụ thành phố Cần Thơ', doc_type: 'cong_van', issued_date: '2026-01-20', subject: `Về việc tổng hợp báo cáo quý ${seq}`, code: `${700 + seq}/SNV-VP` },
  });
  assert.equal(r.status(), 201, await r.text());
  return (await r.json()).id;
}
async function csrf(page) {
  await page.goto('/');
  return page.locator('input[name="csrf"]').first().getAttribute('value');
}
async function noPageScroll(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}

for (const [width, height] of [[1366, 768], [390, 844]]) {
  test(`one panel, the tree, info and an extension for every share (${width}px)`, async () => {
    const clerk = await newPage(browser, srv.base, { width, height });
    await login(clerk, 'vanthu', DEMO_PASSWORD);
    const id = await register(clerk);
    const lead = await newPage(browser, srv.base, { width, height });
    await login(lead, 'chanhvp', DEMO_PASSWORD);
    const users = {};
    for (const l of ['chuyenvien', 'chuyenvien2']) {
      const p = await newPage(browser, srv.base);
      await login(p, l, DEMO_PASSWORD);
      users[l] = await (await p.request.get('/api/v1/me')).json();
      await p.context().close();
    }
    await lead.goto(`/incoming/${id}`);
    await shot(lead, `routing-panel-${tag}-${width}`);
    assert.equal(await lead.locator('section.panel.handling').count(), 1, 'one processing panel');
    assert.equal(await lead.locator('#assign-form select[multiple]').count(), 0, 'no Ctrl+click list');
    await lead.check(`#assign-form input[name="lead"][value="p${users.chuyenvien.id}"]`);
    await lead.check(`#assign-form input[name="co"][value="p${users.chuyenvien2.id}"]`);
    await lead.fill('#f-due', plusDays(5));
    assert.ok(await noPageScroll(lead), 'no horizontal page scroll');
    await Promise.all([lead.waitForNavigation(), lead.click('#assign-form button[type="submit"]')]);
    assert.match(await lead.locator('#assignments').textContent(), /Phối hợp/);
    // the extension tab: closed until opened, both shares ticked by default
    await lead.click('#tab-extend summary');
    const boxes = lead.locator('#extend-form input[name="assignment_id"]');
    assert.equal(await boxes.count(), 2);
    for (let i = 0; i < 2; i++) assert.ok(await boxes.nth(i).isChecked());
    await lead.fill('#f-newdue', plusDays(10));
    await lead.fill('#f-reason', 'Chờ số liệu của các ban');
    await shot(lead, `routing-extend-${tag}-${width}`);
    await Promise.all([lead.waitForNavigation(), lead.click('#extend-form button[type="submit"]')]);
    const rows = await lead.locator('#assignments tbody tr').allTextContents();
    assert.equal(rows.filter((t) => t.includes(plusDays(10).split('-').reverse().join('/'))).length, 2, rows.join('\n'));
    assert.equal((await lead.locator('#trace').textContent()).match(/Gia hạn cho/g).length, 2);
    for (const p of [clerk, lead]) { assert.deepEqual(p.errors, []); await p.context().close(); }
  });
}

test('trả lại, routing several at once, ủy quyền (1366 and 390)', async () => {
  const lead = await newPage(browser, srv.base, { width: 1366, height: 768 });
  await login(lead, 'chanhvp', DEMO_PASSWORD);
  const clerk = await newPage(browser, srv.base, { width: 390, height: 844 });
  await login(clerk, 'vanthu', DEMO_PASSWORD);
  const id = await register(clerk);
  await lead.goto(`/incoming/${id}`);
  await lead.click('#tab-return summary');
  await lead.fill('#f-return', 'Bản quét mờ, đề nghị quét lại');
  await Promise.all([lead.waitForNavigation(), lead.click('#return-form button[type="submit"]')]);
  await clerk.goto(`/incoming/${id}`);
  assert.match(await clerk.locator('#returned').textContent(), /quét lại/);
  await shot(clerk, `routing-returned-${tag}-390`);
  assert.ok(await noPageScroll(clerk));
  await Promise.all([clerk.waitForNavigation(), clerk.click('#resubmit-form button[type="submit"]')]);
  assert.equal(await clerk.locator('#returned').count(), 0);

  const a = await register(clerk), b = await register(clerk);
  await lead.goto('/tasks');
  await lead.check(`input[name="id"][value="${a}"]`);
  await lead.check(`input[name="id"][value="${b}"]`);
  await lead.click('#batch summary');
  const spec = await (await lead.request.get('/api/v1/me')).json();
  await lead.locator('#batch-form input[name="lead"][value^="u"]').first().check();
  await lead.fill('#batch-form #f-due', plusDays(7));
  await shot(lead, `routing-batch-${tag}-1366`);
  await Promise.all([lead.waitForNavigation(), lead.click('#batch-form button[type="submit"]')]);
  assert.match(await lead.locator('body').textContent(), /Đã phân công 2 văn bản/);
  assert.ok(spec.id);

  await lead.goto('/tasks/delegations');
  await lead.selectOption('#f-deputy', { index: 1 });
  await lead.fill('#f-to', plusDays(3));
  await Promise.all([lead.waitForNavigation(), lead.click('#delegation-form button[type="submit"]')]);
  assert.match(await lead.locator('#delegations').textContent(), /Đang hiệu lực/);
  await shot(lead, `routing-delegations-${tag}-1366`);
  for (const p of [clerk, lead]) assert.deepEqual(p.errors, []);
});
