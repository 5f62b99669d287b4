// Kết nối liên thông in the browser (issue 18) at 1366×768 and 390×844: two installations on
// loopback (A, the demo office the administrator works in, and B, a second one configured
// through its API). The administrator of A opens "Kết nối liên thông" from the menu, reads A's
// public key, adds B with a broken key — the red message beside the key field, the typed
// values kept — then with B's real key; presses "Kiểm tra kết nối" and, on reloading, sees
// "trả lời tốt" (the pong came back signed) and the message "Đã gửi" under "Thư gửi đi". On
// the phone the same page, no sideways scroll; a peer entered with the wrong organ id shows
// B's refusal as its last error.
// A clerk is refused the page. Screenshots: peers-*-<width>.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, shot, login, startServer, DEMO_PASSWORD } from './lib.mjs';

let A, B, browser, bAdmin, keyB;
const ORGAN_B = '000.00.00.B02';
before(async () => {
  [A, B] = await Promise.all([startServer(), startServer()]);
  browser = await launch();
  bAdmin = await B.as('admin');
  const r = await bAdmin.post('/api/v1/peers/self', { json: { organ_id: ORGAN_B } });
  assert.equal(r.status, 200, r.text);
  keyB = r.json().public_key;
  // quick retries on A (rule values, as its admin sets them)
  const a = await A.as('admin');
  for (const [key, value] of [['peers.retry_first_s', 1], ['peers.retry_max_s', 2]])
    assert.equal((await a.post('/api/v1/rules', { json: { key, value } })).status, 200);
});
after(async () => {
  if (browser) await browser.close();
  if (A) await A.stop();
  if (B) await B.stop();
});

async function noPageScroll(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}

for (const [width, height] of [[1366, 768], [390, 844]]) {
  test(`the administrator connects two installations (${width}px)`, async () => {
    const admin = await newPage(browser, A.base, { width, height });
    await login(admin, 'admin', DEMO_PASSWORD);
    await admin.goto('/');
    await Promise.all([admin.waitForNavigation(), admin.locator('a[href="/admin/peers"]').first().click()]);
    assert.match(await admin.locator('h1').textContent(), /Kết nối liên thông/);
    const keyA = (await admin.locator('#self-key').textContent()).trim();
    assert.equal(Buffer.from(keyA, 'base64').length, 32);
    const organA = (await admin.locator('#self-organ').textContent()).trim();
    assert.equal(organA.length, 13);
    // B learns A (its administrator, through the API)
    if (width === 1366) {
      const r = await bAdmin.post('/api/v1/peers', { json: { name: 'Thành ủy Cần Thơ', organ_id: organA, base_url: A.base, public_key: keyA } });
      assert.equal(r.status, 201, r.text);
    }
    const organ = width === 1366 ? ORGAN_B : '000.00.00.B90';
    const name = width === 1366 ? 'Tỉnh ủy thử nghiệm B' : 'Đơn vị B chưa biết ta';

    // a broken key: red beside the field, what was typed kept
    const form = admin.locator('#peer-add');
    await form.locator('input[name="name"]').fill(name);
    await form.locator('input[name="organ_id"]').fill(organ);
    await form.locator('input[name="base_url"]').fill(B.base);
    await form.locator('input[name="public_key"]').fill(keyB.slice(0, 20));
    await Promise.all([admin.waitForNavigation(), form.locator('button[type="submit"]').click()]);
    const field = admin.locator('#peer-add .field.has-error');
    assert.equal(await field.count(), 1, 'one field in red');
    assert.match(await field.textContent(), /Khóa công khai không hợp lệ/);
    assert.equal(await admin.locator('#peer-add input[name="name"]').inputValue(), name, 'typed name kept');
    assert.equal(await admin.locator('#peer-add input[name="base_url"]').inputValue(), B.base);
    assert.equal(await admin.locator(`tr[data-peer="${organ}"]`).count(), 0, 'nothing saved');
    assert.ok(await noPageScroll(admin), 'no horizontal page scroll');
    await shot(admin, `peers-refused-${width}`);

    // the right key: added, listed, the channel plain http to loopback (not encrypted)
    await admin.locator('#peer-add input[name="public_key"]').fill(keyB);
    await Promise.all([admin.waitForNavigation(), admin.locator('#peer-add button[type="submit"]').click()]);
    assert.match(await admin.locator('body').textContent(), /Đã thêm cơ quan kết nối/);
    const row = admin.locator(`tr[data-peer="${organ}"]`);
    assert.equal(await row.count(), 1);
    assert.match(await row.textContent(), new RegExp(name));
    assert.match(await row.textContent(), /Không/);
    assert.match(await row.locator('.peers-ping').textContent(), /chưa kiểm tra/);

    // "Kiểm tra kết nối"
    await Promise.all([admin.waitForNavigation(), row.locator('button', { hasText: 'Kiểm tra kết nối' }).click()]);
    assert.match(await admin.locator('body').textContent(), /Đã gửi thư kiểm tra kết nối/);
    const deadline = Date.now() + 60000;
    if (width === 1366) {
      // B knows A: the pong comes back
      for (;;) {
        await admin.reload();
        if (/trả lời tốt/.test(await admin.locator(`tr[data-peer="${organ}"] .peers-ping`).textContent())) break;
        assert.ok(Date.now() < deadline, 'the pong came back in time');
        await admin.waitForTimeout(500);
      }
      assert.match(await admin.locator('table.peers-outbox tr[data-state="delivered"]').first().textContent(), /Đã gửi/);
    } else {
      // B is not 000.00.00.B90: it refuses the message, the attempt's error shown
      for (;;) {
        await admin.reload();
        const err = admin.locator('table.peers-outbox tr[data-state="queued"] .peers-err').first();
        if ((await err.count()) && /Bên nhận trả lời 400: Thư không gửi cho cơ quan này/.test(await err.textContent())) break;
        assert.ok(Date.now() < deadline, 'the refusal was recorded in time');
        await admin.waitForTimeout(500);
      }
      assert.match(await admin.locator('table.peers-outbox tr[data-state="queued"]').first().textContent(), /Đang chờ gửi/);
      // suspend it: no more attempts, no more "Kiểm tra kết nối"
      const r2 = admin.locator(`tr[data-peer="${organ}"]`);
      await Promise.all([admin.waitForNavigation(), r2.locator('button', { hasText: 'Tạm ngừng kết nối' }).click()]);
      assert.match(await admin.locator('body').textContent(), /Đã tạm ngừng kết nối/);
      assert.match(await r2.textContent(), /Tạm ngừng/);
      assert.equal(await r2.locator('button', { hasText: 'Kiểm tra kết nối' }).count(), 0);
      assert.equal(await r2.locator('button', { hasText: 'Dùng lại kết nối' }).count(), 1);
    }
    assert.ok(await noPageScroll(admin), 'no horizontal page scroll');
    await shot(admin, `peers-page-${width}`);
    assert.deepEqual(admin.errors, []);
    await admin.context().close();
  });
}

test('a clerk may not open the page', async () => {
  const clerk = await newPage(browser, A.base, { width: 1366, height: 768 });
  await login(clerk, 'vanthu', DEMO_PASSWORD);
  const r = await clerk.goto('/admin/peers');
  assert.equal(r.status(), 403);
  assert.equal(await clerk.locator('a[href="/admin/peers"]').count(), 0, 'not in the menu');
  await clerk.context().close();
});
