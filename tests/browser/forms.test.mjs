// Refused forms as people meet them (issue 12, items 2, 3, 13), at a desk (1366×768) and on a
// phone (390×844): an extension without a reason comes back in red beside the reason with the
// new date still typed — not in the green box; a file over the limit is refused in the browser
// before anything is sent; a form posted after the session expired comes back after login.
// Screenshots forms-extend-<tag>-<size>.png (SHOT_TAG=before when run on the old binary).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, shot, login, startServer, DEMO_PASSWORD } from './lib.mjs';
import { workingDayIn } from '../http/workdays-dates.mjs';

let srv, browser, docId;
const TAG = process.env.SHOT_TAG || 'after';
const SIZES = [{ width: 1366, height: 768 }, { width: 390, height: 844 }];

// A deadline must be a working day (issue 13): today + n, moved to the next working day.
function plusDays(n) {
  return n < 0 ? new Date(Date.now() + 7 * 3600e3 + n * 86400e3).toISOString().slice(0, 10) : workingDayIn(n);
}

before(async () => {
  srv = await startServer();
  browser = await launch();
  const clerk = await srv.as('vanthu');
  let r = await clerk.post('/api/v1/incoming', {
    json: { issuer_name: 'Sở Nội vụ', doc_type: 'cong_van', issued_date: '2026-01-21', code: '88/SNV-TCBC', subject: 'Về việc rà soát biên chế' },
  });
  assert.equal(r.status, 201, r.text);
  docId = r.json().id;
  const me = (await (await srv.as('chuyenvien')).get('/api/v1/me')).json();
  r = await (await srv.as('chanhvp')).post(`/api/v1/incoming/${docId}/assign`, { json: { lead: { user_id: me.id }, due_date: plusDays(4) } });
  assert.equal(r.status, 200, r.text);
});
after(async () => { if (browser) await browser.close(); if (srv) await srv.stop(); });

for (const size of SIZES) {
  test(`an extension without a reason, ${size.width}×${size.height}: red beside the field, input kept`, async () => {
    const page = await newPage(browser, srv.base, size);
    await login(page, 'chanhvp', DEMO_PASSWORD);
    await page.goto(`/incoming/${docId}`);
    const due = plusDays(15);
    // The handling panel keeps each action in a section of its own: open "Gia hạn".
    await page.click('#tab-extend > summary');
    await page.fill('#f-newdue', due);
    // the server's check, as when a browser does not check "required" itself
    await page.evaluate(() => document.getElementById('f-reason').removeAttribute('required'));
    await Promise.all([page.waitForNavigation(), page.click('#extend-form button[type="submit"]')]);
    await page.locator('#extend-form').scrollIntoViewIfNeeded();
    await shot(page, `forms-extend-${TAG}-${size.width}`);
    assert.equal(await page.locator('.alert-ok').count(), 0, 'no green box for a refusal');
    const err = page.locator('#f-reason-err');
    assert.ok(await err.isVisible(), 'the message stands beside the reason');
    assert.match(await err.textContent(), /lý do/i);
    const color = await err.evaluate((el) => getComputedStyle(el).color);
    const [r, g, b] = color.match(/\d+/g).map(Number);
    assert.ok(r > 150 && g < 100 && b < 100, `red, not ${color}`);
    assert.equal(await page.getAttribute('#f-reason', 'aria-describedby'), 'f-reason-err');
    assert.equal(await page.inputValue('#f-newdue'), due);
    // beside: on the same row at a desk, right under it on a phone — never off the screen
    const box = await err.boundingBox();
    const input = await page.locator('#f-reason').boundingBox();
    assert.ok(box.x + box.width <= size.width, 'the message fits the screen');
    assert.ok(Math.abs(box.y - input.y) < 60 || (box.y >= input.y && box.y - input.y < 90));
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

test('a file over the limit is refused in the browser before the upload', async () => {
  const page = await newPage(browser, srv.base, SIZES[0]);
  await login(page, 'vanthu', DEMO_PASSWORD);
  await page.goto(`/incoming/${docId}`);
  const max = Number(await page.getAttribute('#f-attach', 'data-max-bytes'));
  assert.equal(max, 50 * 1024 * 1024);
  // the same check on a small limit: no 50 MB file needs to be made for it
  await page.evaluate(() => document.getElementById('f-attach').setAttribute('data-max-bytes', '100'));
  let posted = false;
  page.on('request', (rq) => { if (rq.method() === 'POST') posted = true; });
  await page.setInputFiles('#f-attach', { name: 'ban-quet.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(500, 0x25) });
  const msg = page.locator('#f-attach-size-err');
  await msg.waitFor();
  assert.match(await msg.textContent(), /ban-quet\.pdf.*vượt quá giới hạn/);
  await page.click('form.attach-form button[type="submit"]');
  await page.waitForTimeout(300);
  assert.equal(posted, false, 'nothing was sent');
  assert.match(page.url(), new RegExp(`/incoming/${docId}$`));
  await shot(page, `forms-upload-limit-${TAG}`);
  await page.context().close();
});

test('an expired session: the form comes back after login, with what was typed', async () => {
  const page = await newPage(browser, srv.base, SIZES[1]);
  await login(page, 'chuyenvien', DEMO_PASSWORD);
  await page.goto(`/incoming/${docId}`);
  await page.fill('#f-note', 'Đã rà soát xong ba phòng');
  // the session ends while the note is being written
  await page.context().clearCookies({ name: 'vp_session' });
  await Promise.all([page.waitForNavigation(), page.click('#progress-form button[value="progress"]')]);
  assert.match(page.url(), /\/login\?/);
  assert.match(await page.locator('.alert-warn').textContent(), /Phiên làm việc đã hết hạn/);
  await page.locator('input[name="login"]').fill('chuyenvien');
  await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
  await Promise.all([page.waitForNavigation(), page.locator('form.login [type="submit"]').click()]);
  assert.match(page.url(), new RegExp(`/incoming/${docId}$`));
  assert.equal(await page.inputValue('#f-note'), 'Đã rà soát xong ba phòng');
  await shot(page, `forms-expired-${TAG}`);
  await page.context().close();
});
