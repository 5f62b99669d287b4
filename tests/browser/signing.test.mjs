// Digital signatures (issue 18), clicked through as the people would, at a desk (1366×768) and
// on a phone (390×844): a specialist's công văn with its PDF is approved; on its page the PDF is
// marked "Chỉ có giá trị tham khảo"; the drafter sees no "Ký số"; the Chánh Văn phòng (the demo
// office has a stand-in key for him) clicks "Ký số", confirms, and the page shows the number and
// "Đã ký số hợp lệ — Phạm Quốc Bảo, Văn phòng Thành ủy Cần Thơ, …"; the clerk issues it and the
// outgoing register's row carries "Chữ ký số: Hợp lệ"; the administrator's /admin/signing lists
// the keys. A PDF that is not validly signed, uploaded as "signed with a USB token", comes back
// refused in red beside the file field. No page scrolls sideways. Screenshots signing-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, shot, login, startServer, DEMO_PASSWORD } from './lib.mjs';
import { makePki } from '../http/signing_pki.mjs';

let srv, browser, pki, reg;
const SIZES = [{ width: 1366, height: 768 }, { width: 390, height: 844 }];

async function noSideways(page, what) {
  const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(over <= 0, `${what}: scrolls sideways by ${over}px`);
}

before(async () => {
  pki = makePki();
  srv = await startServer();
  browser = await launch();
  const regs = (await (await srv.as('vanthu')).get('/api/v1/catalog/registers')).json().items;
  reg = regs.find((r) => r.issuer_abbr === 'VPTU').id;
});
after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
  if (pki) pki.cleanup();
});

async function approvedWithPdf(subject) {
  const s = await srv.as('chuyenvien');
  let r = await s.post('/api/v1/outgoing', {
    json: { register_id: reg, doc_type: 'cong_van', subject, body: 'Kính gửi các đảng ủy trực thuộc.',
      secrecy: 'none', urgency: 'normal', recipients: [{ name: 'Sở Nội vụ thành phố Cần Thơ' }] },
  });
  assert.equal(r.status, 201, r.text);
  const id = r.json().id;
  const fd = new FormData();
  fd.append('file', new Blob([pki.pdf]), 'Cong van trinh ky.pdf');
  r = await s.post(`/api/v1/outgoing/${id}/attachments`, { body: fd });
  assert.equal(r.status, 201, r.text);
  r = await (await srv.as('chanhvp')).post(`/api/v1/outgoing/${id}/approve`);
  assert.equal(r.status, 200, r.text);
  return id;
}

for (const size of SIZES) {
  test(`the signer signs digitally and the marks show, ${size.width}×${size.height}`, async () => {
    const w = size.width;
    const subject = `Về việc thử ký số văn bản điện tử (${w})`;
    const id = await approvedWithPdf(subject);

    // ---- the drafter: the PDF is for reference only; no "Ký số" for her
    const drafter = await newPage(browser, srv.base, size);
    await login(drafter, 'chuyenvien', DEMO_PASSWORD);
    await drafter.goto(`/outgoing/${id}`);
    // The PDF's check is a job the server's workers run: "Đang kiểm tra chữ ký số" until then.
    // Bounded by time, generously: on a slow machine the one worker may first run other jobs.
    for (const end = Date.now() + 60000; Date.now() < end && await drafter.locator('li.sig-mark.sig-pending').count() > 0;) {
      assert.equal(await drafter.locator('li.sig-mark.sig-pending').first().textContent(), 'Cong van trinh ky.pdf Đang kiểm tra chữ ký số');
      await drafter.waitForTimeout(200);
      await drafter.reload();
    }
    assert.ok(await drafter.locator('li.sig-mark.sig-ref', { hasText: 'Chỉ có giá trị tham khảo' }).first().isVisible());
    assert.equal(await drafter.locator('form.sig-sign').count(), 0, 'no Ký số for the drafter');
    await noSideways(drafter, 'the document page (drafter)');
    await drafter.context().close();

    // ---- the Chánh Văn phòng: a PDF that is not validly signed is refused beside the field
    const boss = await newPage(browser, srv.base, size);
    await login(boss, 'chanhvp', DEMO_PASSWORD);
    await boss.goto(`/outgoing/${id}`);
    await boss.locator('details:has(#sig-upload) > summary').click();
    await boss.setInputFiles('#sig-upload', { name: 'ky-bang-token.pdf', mimeType: 'application/pdf', buffer: pki.tokenSign(pki.pdf, 'la') });
    await Promise.all([boss.waitForNavigation(), boss.locator('form:has(#sig-upload) button').click()]);
    const err = boss.locator('#sig-upload-err');
    assert.ok(await err.isVisible(), 'the refusal stands beside the file field');
    assert.match(await err.textContent(), /Chữ ký chưa được tin cậy/);
    await shot(boss, `signing-refused-${w}`);

    // ---- "Ký số", confirmed: numbered and signed
    await boss.goto(`/outgoing/${id}`);
    await noSideways(boss, 'the document page (signer)');
    boss.once('dialog', (d) => d.accept());
    await Promise.all([boss.waitForNavigation(), boss.locator('form.sig-sign button').click()]);
    const valid = boss.locator('li.sig-mark.sig-valid').first();
    assert.ok(await valid.isVisible(), 'the valid mark');
    assert.match(await valid.textContent(), /Đã ký số hợp lệ — Phạm Quốc Bảo, Văn phòng Thành ủy Cần Thơ, \d\d\/\d\d\/\d{4}/);
    assert.equal(await boss.locator('form.sig-sign').count(), 0, 'signed once');
    await noSideways(boss, 'the signed document page');
    await shot(boss, `signing-signed-${w}`);
    await boss.context().close();
    const doc = (await (await srv.as('chanhvp')).get(`/api/v1/outgoing/${id}`)).json();
    assert.equal(doc.status, 'signed');
    assert.ok(doc.notation, 'numbered at signing');

    // ---- the clerk issues; the register shows the signature
    assert.equal((await (await srv.as('vanthu')).post(`/api/v1/outgoing/${id}/issue`)).status, 200);
    const clerk = await newPage(browser, srv.base, size);
    await login(clerk, 'vanthu', DEMO_PASSWORD);
    await clerk.goto('/registers/outgoing');
    const row = clerk.locator('#register-outgoing tbody tr', { hasText: doc.notation });
    assert.match(await row.textContent(), /Chữ ký số: Hợp lệ/);
    await noSideways(clerk, 'the outgoing register');
    await shot(clerk, `signing-register-${w}`);
    await clerk.context().close();

    // ---- the administrator's page: the keys, subject, issuer, validity
    const admin = await newPage(browser, srv.base, size);
    await login(admin, 'admin', DEMO_PASSWORD);
    await admin.goto('/admin/signing');
    assert.ok(await admin.locator('table.signing-creds', { hasText: 'Phạm Quốc Bảo' }).isVisible());
    await noSideways(admin, 'the keys page');
    await shot(admin, `signing-admin-${w}`);
    await admin.context().close();
  });
}

// Removing a signer's key (sig2): the administrator clicks "Gỡ khóa" on the Chánh Văn phòng's
// key, declines the confirmation (nothing happens), then accepts it: the key leaves the list for
// "Chứng thư đã gỡ" with the date; the page fits a phone.
test('the administrator removes a signer\'s key, with a confirmation, at 1366 and 390', { timeout: 300000 }, async () => {
  for (const size of SIZES) {
    const admin = await newPage(browser, srv.base, size);
    await login(admin, 'admin', DEMO_PASSWORD);
    await admin.goto('/admin/signing');
    const buttons = admin.locator('table.signing-creds form.sig-remove button');
    assert.ok(await buttons.count() >= 1, 'a remove button per credential');
    await noSideways(admin, `signing admin ${size.width}`);
    await shot(admin, `sig2-signing-admin-${size.width}`);
    await admin.context().close();
  }
  const admin = await newPage(browser, srv.base, SIZES[0]);
  await login(admin, 'admin', DEMO_PASSWORD);
  await admin.goto('/admin/signing');
  const row = admin.locator('table.signing-creds tbody tr', { hasText: 'Người ký' }).first();
  const subject = (await row.locator('td').nth(2).textContent()).trim();
  const before = await admin.locator('table.signing-creds tbody tr').count();
  // Declined: nothing removed.
  let asked = '';
  admin.once('dialog', (d) => { asked = d.message(); d.dismiss(); });
  await row.getByRole('button', { name: 'Gỡ khóa' }).click();
  for (const end = Date.now() + 10000; !asked && Date.now() < end;) await admin.waitForTimeout(50);
  assert.match(asked, /các chữ ký đã thực hiện vẫn được lưu/);
  assert.equal(await admin.locator('table.signing-creds tbody tr').count(), before);
  // Accepted: removed, listed among the removed.
  admin.once('dialog', (d) => d.accept());
  await Promise.all([admin.waitForNavigation(), admin.waitForEvent('framenavigated'), row.getByRole('button', { name: 'Gỡ khóa' }).click()]);
  assert.match(await admin.locator('body').textContent(), /Đã gỡ chứng thư số/);
  assert.equal(await admin.locator('table.signing-creds tbody tr').count(), before - 1);
  assert.ok((await admin.locator('table.signing-removed').textContent()).includes(subject));
  await noSideways(admin, 'after removal');
  assert.deepEqual(admin.errors, []);
  await admin.context().close();
});
