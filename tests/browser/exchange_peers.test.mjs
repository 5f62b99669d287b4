// Issue 18 in the browser, at 1366×768 and 390×844: two installations on loopback (A and B,
// configured as each other's peers through their admins' API). A's drafter writes a document
// on the draft form and ticks the other installation among "Cơ quan nhận qua kết nối liên
// thông"; once approved, signed and issued, B's clerk finds it in the electronic queue and
// registers it ("Vào sổ"); A's clerk opens the document and reads "Đã tiếp nhận" on the row of
// that recipient. No sideways scroll on the phone. Screenshots: exchange-peers-*-<width>.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, shot, login, startServer, DEMO_PASSWORD } from './lib.mjs';

const ORGAN_A = '000.00.00.A28';
const ORGAN_B = '000.00.00.B28';
const NAME_B = 'Thành ủy B (thử liên thông)';
let A, B, browser;

async function setSelf(srv, organ) {
  const admin = await srv.as('admin');
  const me = (await (await srv.as('vanthu')).get('/api/v1/me')).json();
  let r = await admin.patch(`/api/v1/units/${me.unit.id}`, { json: { organ_id: organ } });
  assert.equal(r.status, 200, r.text);
  r = await admin.post('/api/v1/peers/self', { json: { organ_id: organ } });
  assert.equal(r.status, 200, r.text);
  for (const [key, value] of [['peers.retry_first_s', 1], ['peers.retry_max_s', 2]])
    assert.equal((await admin.post('/api/v1/rules', { json: { key, value } })).status, 200);
  return r.json().public_key;
}

before(async () => {
  [A, B] = await Promise.all([startServer(), startServer()]);
  browser = await launch();
  const pkA = await setSelf(A, ORGAN_A);
  const pkB = await setSelf(B, ORGAN_B);
  let r = await (await A.as('admin')).post('/api/v1/peers', { json: { name: NAME_B, organ_id: ORGAN_B, base_url: B.base, public_key: pkB } });
  assert.equal(r.status, 201, r.text);
  r = await (await B.as('admin')).post('/api/v1/peers', { json: { name: 'Thành ủy A', organ_id: ORGAN_A, base_url: A.base, public_key: pkA } });
  assert.equal(r.status, 201, r.text);
});
after(async () => {
  if (browser) await browser.close();
  if (A) await A.stop();
  if (B) await B.stop();
});

const noPageScroll = (page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

async function waitFor(what, fn, ms = 60000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

for (const [width, height] of [[1366, 768], [390, 844]]) {
  test(`a document issued to another installation, registered there, seen back (${width}px)`, async () => {
    const subject = `Về việc phối hợp tổ chức hội nghị liên tịch (${width})`;
    // The drafter ticks the other installation on the draft form.
    const spec = await newPage(browser, A.base, { width, height });
    await login(spec, 'chuyenvien', DEMO_PASSWORD);
    await spec.goto('/outgoing/new');
    const pick = spec.locator('#to_peer');
    assert.ok(await pick.isVisible(), 'the peers are offered as recipients');
    assert.ok(await noPageScroll(spec), 'no sideways scroll on the draft form');
    await spec.locator('textarea[name="subject"]').fill(subject);
    await spec.locator('textarea[name="body"]').fill('Đề nghị quý cơ quan cử đại biểu dự hội nghị.');
    await pick.locator(`input[name="to_peer"][value="${NAME_B}"]`).check();
    await shot(spec, `exchange-peers-draft-${width}`);
    await Promise.all([spec.waitForNavigation(), spec.locator('form:has(#to_peer) button[type="submit"]').click()]);
    assert.match(spec.url(), /\/outgoing\/\d+$/);
    const id = Number(new URL(spec.url()).pathname.split('/').pop());
    assert.deepEqual(spec.errors, []);
    await spec.context().close();

    // Approved, signed and issued (the steps other tests click through).
    const boss = await A.as('chanhvp');
    assert.equal((await boss.post(`/api/v1/outgoing/${id}/approve`)).status, 200);
    assert.equal((await boss.post(`/api/v1/outgoing/${id}/sign`)).status, 200);
    const issued = await (await A.as('vanthu')).post(`/api/v1/outgoing/${id}/issue`);
    assert.equal(issued.status, 200, issued.text);

    // B's clerk: the queue, then "Vào sổ".
    const row = await waitFor('the document in B\'s queue', async () =>
      (await (await B.as('vanthu')).get('/api/v1/inbox')).json().items.find((x) => x.subject === subject));
    const clerkB = await newPage(browser, B.base, { width, height });
    await login(clerkB, 'vanthu', DEMO_PASSWORD);
    await clerkB.goto('/incoming/inbox');
    assert.ok(await clerkB.getByText(subject).first().isVisible(), 'listed in the queue');
    assert.ok(await noPageScroll(clerkB), 'no sideways scroll on the queue');
    await clerkB.goto(`/incoming/new?inbox_id=${row.id}`);
    await Promise.all([clerkB.waitForNavigation(), clerkB.getByRole('button', { name: 'Vào sổ' }).click()]);
    assert.match(clerkB.url(), /\/incoming\/\d+$/);
    await shot(clerkB, `exchange-peers-registered-${width}`);
    assert.deepEqual(clerkB.errors, []);
    await clerkB.context().close();

    // A's clerk reads the status on the recipient's row.
    const clerkA = await newPage(browser, A.base, { width, height });
    await login(clerkA, 'vanthu', DEMO_PASSWORD);
    await waitFor('03 on A\'s recipient row', async () => {
      await clerkA.goto(`/outgoing/${id}`);
      const text = await clerkA.locator('#recipients').textContent();
      return text.includes(NAME_B) && text.includes('Đã tiếp nhận');
    });
    assert.ok(await noPageScroll(clerkA), 'no sideways scroll on the document page');
    await shot(clerkA, `exchange-peers-status-${width}`);
    assert.deepEqual(clerkA.errors, []);
    await clerkA.context().close();
  });
}
