// "Gửi cập nhật" and the status timeline in the browser (issue 18, part edx2), at 1366×768 and
// 390×844: the office issues a công văn to the ward (set up through the API), the ward's clerk
// registers it; the office clerk opens the document, reads the ward's steps (Đã đến → Đã tiếp
// nhận → Chờ phân công) under its status, opens "Gửi cập nhật", sends it without a reason (the
// message in red beside the reason, the typed summary kept), then with one; the ward's clerk
// sees the record's new summary and the history panel naming the sender, the change and the
// reason. No sideways scroll. Screenshots: edxml-update-*-<width>.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, shot, login, startServer, DEMO_PASSWORD } from './lib.mjs';

let srv, browser, wardId, reg;
before(async () => {
  srv = await startServer();
  browser = await launch();
  const units = (await (await srv.as('thuongtruc')).get('/api/v1/units')).json().items;
  wardId = units.find((u) => u.name === 'Đảng ủy phường Bình Thủy').id;
  const regs = (await (await srv.as('vanthu')).get('/api/v1/catalog/registers')).json().items;
  reg = regs.find((r) => r.issuer_abbr === 'VPTU').id;
});
after(async () => { if (browser) await browser.close(); if (srv) await srv.stop(); });

async function issueAndRegister(subject) {
  const spec = await srv.as('chuyenvien');
  let r = await spec.post('/api/v1/outgoing', {
    json: { register_id: reg, doc_type: 'cong_van', subject, body: `${subject}.`, secrecy: 'none',
      urgency: 'normal', recipients: [{ unit_id: wardId }] },
  });
  assert.equal(r.status, 201, r.text);
  const id = r.json().id;
  const boss = await srv.as('chanhvp');
  assert.equal((await boss.post(`/api/v1/outgoing/${id}/approve`)).status, 200);
  assert.equal((await boss.post(`/api/v1/outgoing/${id}/sign`)).status, 200);
  assert.equal((await (await srv.as('vanthu')).post(`/api/v1/outgoing/${id}/issue`)).status, 200);
  const ward = await srv.as('vanthu.binhthuy');
  const q = (await ward.get('/api/v1/inbox?all=1')).json().items.find((x) => x.outgoing_id === id);
  r = await ward.post('/api/v1/incoming', { json: { inbox_id: q.id } });
  assert.equal(r.status, 201, r.text);
  return { id, inId: r.json().id };
}

const noPageScroll = (page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

for (const [width, height] of [[1366, 768], [390, 844]]) {
  test(`the sender reads the timeline and sends an update the ward sees (${width}px)`, async () => {
    const subject = `Về việc kiểm tra công tác văn thư lưu trữ (${width})`;
    const { id, inId } = await issueAndRegister(subject);
    const clerk = await newPage(browser, srv.base, { width, height });
    await login(clerk, 'vanthu', DEMO_PASSWORD);
    await clerk.goto(`/outgoing/${id}`);

    // The ward's steps, in order, with Vietnamese labels.
    const steps = await clerk.locator('#recipients ol.status-timeline li').allTextContents();
    assert.equal(steps.length, 3, JSON.stringify(steps));
    assert.match(steps[0], /^Đã đến/);
    assert.match(steps[1], /^Đã tiếp nhận/);
    assert.match(steps[2], /^Chờ phân công/);
    assert.match(steps[0], /\d\d\/\d\d\/\d{4}/);
    assert.ok(await noPageScroll(clerk), 'no sideways scroll');
    await shot(clerk, `edxml-update-timeline-${width}`);

    // The form: refused without a reason, the typed summary kept, the message beside the field.
    await clerk.click('#update-open');
    const newSubject = `${subject} — bổ sung thời gian`;
    await clerk.fill('#u-subject', newSubject);
    // The browser asks for the reason first (required); past it, the server's own refusal.
    assert.equal(await clerk.locator('#u-reason').evaluate((el) => el.validity.valueMissing), true);
    await clerk.locator('#update-panel form').evaluate((f) => { f.noValidate = true; });
    await Promise.all([clerk.waitForNavigation(), clerk.click('#update-send')]);
    assert.equal(await clerk.locator('#u-subject').inputValue(), newSubject, 'typed input kept');
    assert.match(await clerk.locator('#u-reason-err').textContent(), /Cần nêu lý do cập nhật/);
    assert.ok(await clerk.locator('#u-reason-err').isVisible());
    assert.ok(await noPageScroll(clerk), 'no sideways scroll with the error');
    await shot(clerk, `edxml-update-refused-${width}`);
    await clerk.fill('#u-reason', 'Bổ sung thời gian kiểm tra');
    await Promise.all([clerk.waitForNavigation(), clerk.click('#update-send')]);
    assert.match(await clerk.locator('main').textContent(), /Đã gửi cập nhật đến các nơi nhận/);
    assert.match(await clerk.locator('main').textContent(), /Gửi cập nhật đến nơi nhận/);

    // The ward: the record follows, the history says who, what and why.
    const ward = await newPage(browser, srv.base, { width, height });
    await login(ward, 'vanthu.binhthuy', DEMO_PASSWORD);
    await ward.goto(`/incoming/${inId}`);
    assert.match(await ward.locator('main').textContent(), /bổ sung thời gian/);
    const hist = await ward.locator('#sender-updates').textContent();
    assert.match(hist, /Văn phòng Thành ủy/);
    assert.match(hist, /Trích yếu/);
    assert.match(hist, /Bổ sung thời gian kiểm tra/);
    assert.ok(await noPageScroll(ward), 'no sideways scroll on the record');
    await shot(ward, `edxml-update-received-${width}`);
    await clerk.close();
    await ward.close();
  });
}

for (const [width, height] of [[1366, 768], [390, 844]]) {
  test(`the administrator keeps the edXML organ directory (${width}px)`, async () => {
    const admin = await newPage(browser, srv.base, { width, height });
    await login(admin, 'admin', DEMO_PASSWORD);
    await admin.goto('/admin/edxml/organs');
    assert.ok(await admin.locator('#organs').isVisible());
    assert.ok(await noPageScroll(admin), 'no sideways scroll');
    // A code of the wrong shape: the message beside the field, the typed name kept.
    const code = width === 1366 ? '000.00.95.T01' : '000.00.96.T01';
    const name = `Tỉnh ủy thử nghiệm ${width}`;
    await admin.fill('#add-code', '95.T01');
    await admin.fill('#add-name', name);
    await Promise.all([admin.waitForNavigation(), admin.click('#organ-add button')]);
    assert.match(await admin.locator('#add-code-err').textContent(), /000\.00\.31\.T01/);
    assert.equal(await admin.locator('#add-name').inputValue(), name);
    await shot(admin, `edxml-organs-refused-${width}`);
    await admin.fill('#add-code', code);
    await Promise.all([admin.waitForNavigation(), admin.click('#organ-add button')]);
    const row = admin.locator(`#organs tr[data-organ="${code}"]`);
    assert.equal(await row.count(), 1);
    assert.match(await row.textContent(), /Đang dùng/);
    // Disabled from its page.
    await Promise.all([admin.waitForNavigation(), row.locator('a').click()]);
    await admin.uncheck('#edit-enabled');
    await Promise.all([admin.waitForNavigation(), admin.click('#organ-edit button')]);
    assert.match(await admin.locator(`#organs tr[data-organ="${code}"]`).textContent(), /Ngừng sử dụng/);
    assert.ok(await noPageScroll(admin), 'no sideways scroll');
    await shot(admin, `edxml-organs-${width}`);
    await admin.close();
  });
}
