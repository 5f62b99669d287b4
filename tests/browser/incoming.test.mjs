// A document walked through the incoming pages as people do it: the clerk registers it on the
// form, the office leader routes it to a specialist with a deadline, the specialist records
// progress and completes it, and the register shows it. Screenshots in tests/browser/screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, shot, login, startServer, DEMO_PASSWORD } from './lib.mjs';
import { workingDayIn } from '../http/workdays-dates.mjs';

let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { if (browser) await browser.close(); if (srv) await srv.stop(); });

// A deadline must be a working day (issue 13): today + n, moved to the next working day.
function plusDays(n) {
  return n < 0 ? new Date(Date.now() + 7 * 3600e3 + n * 86400e3).toISOString().slice(0, 10) : workingDayIn(n);
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
  await Promise.all([clerk.waitForNavigation(), clerk.click('form.form button[type="submit"]')]);
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
  await Promise.all([lead.waitForNavigation(), lead.click('#assign-form button[type="submit"]')]);
  assert.match(await lead.locator('#lead').textContent(), new RegExp(me.name));

  await spec.goto('/');
  assert.match(await spec.locator('#home-mine').textContent(), /123\/QĐ-UBND/);
  await spec.goto(docUrl);
  await spec.fill('#f-note', 'Đã rà soát xong 3 chi bộ');
  await Promise.all([spec.waitForNavigation(), spec.click('#progress-form button[value="progress"]')]);
  await spec.fill('#f-note', 'Hoàn thành, đã báo cáo');
  await spec.fill('#f-reply', '45-BC/VPTU');
  await Promise.all([spec.waitForNavigation(), spec.click('#progress-form button[value="done"]')]);
  const trace = await spec.locator('#trace').textContent();
  for (const step of ['Vào sổ', 'Phân công', 'Tiến độ', 'Hoàn thành']) assert.ok(trace.includes(step), step);
  assert.match(await spec.locator('.doc-marks').textContent(), /Đã xử lý xong/);
  await shot(spec, 'incoming-done');

  await clerk.goto('/registers/followup');
  assert.match(await clerk.locator('table.register').textContent(), /45-BC\/VPTU/);
  await shot(clerk, 'incoming-followup');
  for (const p of [clerk, lead, spec]) assert.deepEqual(p.errors, []);
});

// Issue "Daily use" item 18: the scan or PDF beside the handling panel — two columns on a desk
// screen, stacked on a phone, framed without a CSP or X-Frame-Options refusal.
test('the first PDF is shown beside the handling panel', async () => {
  const clerk = await srv.as('vanthu');
  const me = (await clerk.get('/api/v1/me')).json();
  const id = (await clerk.get(`/api/v1/incoming?limit=1&unit_id=${me.unit.id}`)).json().items[0].id;
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
  const fd = new FormData();
  fd.append('file', new Blob([pdf], { type: 'application/pdf' }), 'Bản quét.pdf');
  const up = await clerk.post(`/api/v1/incoming/${id}/attachments`, { body: fd });
  assert.equal(up.status, 201, up.text);
  const att = (await clerk.get(`/api/v1/incoming/${id}`)).json().attachments.find((a) => a.filename === 'Bản quét.pdf');

  for (const [width, height, wide] of [[1366, 768, true], [390, 844, false]]) {
    const page = await newPage(browser, srv.base, { width, height });
    await login(page, 'chanhvp', DEMO_PASSWORD);
    const framed = page.waitForResponse((r) => r.url().endsWith(`/attachments/${att.id}/preview`));
    await page.goto(`/incoming/${id}`);
    const res = await framed;
    assert.equal(res.status(), 200);
    assert.equal(res.headers()['x-frame-options'], 'SAMEORIGIN');
    const frame = page.locator('#scan iframe');
    assert.equal(await frame.getAttribute('src'), `/attachments/${att.id}/preview`);
    // The scan is sticky on a desk screen: measure from the top of the page, in the same task
    // as the scroll — the PDF viewer, loading late on a busy machine, can scroll the page
    // between two separate measurements (CI once saw the panel 870 px below a sticky scan).
    const { panel, scan } = await page.evaluate(() => {
      window.scrollTo(0, 0);
      const box = (sel) => {
        const r = document.querySelector(sel).getBoundingClientRect();
        return { x: r.x, y: r.y, width: r.width, height: r.height };
      };
      return { panel: box('#handling'), scan: box('#scan') };
    });
    if (wide) {
      assert.ok(scan.x >= panel.x + panel.width - 1, `scan right of the panel: ${JSON.stringify({ panel, scan })}`);
      assert.ok(Math.abs(scan.y - panel.y) < 40, `side by side, tops aligned: ${JSON.stringify({ panel, scan })}`);
    } else {
      assert.ok(scan.y >= panel.y + panel.height - 1, 'stacked below the panel');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `no horizontal page scroll (${overflow}px)`);
    }
    assert.ok(scan.width > 150 && scan.height > 300, JSON.stringify(scan));
    await shot(page, `incoming-scan-${width}`);
    assert.deepEqual(page.errors.filter((e) => /Refused|Content Security Policy|X-Frame-Options/i.test(e)), []);
    await page.context().close();
  }
});

// Issue "Daily use" item 18: saved filters — filter the list, save it under a name, open it
// from its link above the list, delete it; on a desk screen and on a phone without sideways
// scrolling.
test('a saved filter of the incoming list', async () => {
  for (const [width, height] of [[1366, 768], [390, 844]]) {
    const page = await newPage(browser, srv.base, { width, height });
    await login(page, 'chanhvp', DEMO_PASSWORD);
    const name = `Đã xong ${width}`;
    await page.goto('/incoming?status=done');
    await page.fill('#save-filter input[name="name"]', name);
    await Promise.all([page.waitForNavigation(), page.click('#save-filter button[type="submit"]')]);
    const link = page.locator('#saved-filters a', { hasText: name });
    assert.equal(await link.count(), 1);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal page scroll (${overflow}px)`);
    await shot(page, `incoming-saved-filter-${width}`);
    await Promise.all([page.waitForNavigation(), link.click()]);
    assert.match(page.url(), /\/incoming\?status=done$/);
    assert.equal(await page.locator('select[name="status"]').inputValue(), 'done');
    await Promise.all([page.waitForNavigation(), page.locator('.saved-filter', { hasText: name }).locator('button').click()]);
    assert.equal(await page.locator('#saved-filters a', { hasText: name }).count(), 0);
    await page.context().close();
  }
});
