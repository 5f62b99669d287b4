// The document flow of issue 12 in chromium: a specialist drafts (a công văn by default, with
// a signer), attaches the file and submits it to the office leader ("Trình"), who returns it
// with a comment ("Trả lại"), then approves and signs after a confirmation; the clerk issues it
// and the ward's clerk registers it from the queue with its file, text and signer (items 1, 9,
// 17). Then "Soạn văn bản trả lời" from an incoming record (item 18). At 1366×768, the
// recipient's record also at 390×844. Screenshots: tests/browser/screenshots/flow-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, shot, login, startServer, DEMO_PASSWORD } from './lib.mjs';

let srv;
let browser;
before(async () => {
  srv = await startServer();
  browser = await launch();
});
after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

const DESK = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

async function as(who, size = DESK) {
  const page = await newPage(browser, srv.base, size);
  page.dialogs = [];
  page.on('dialog', (d) => { page.dialogs.push(d.message()); d.accept(); });
  await login(page, who, DEMO_PASSWORD);
  return page;
}

async function click(page, locator) {
  await Promise.all([page.waitForNavigation(), page.waitForEvent('framenavigated'), locator.click()]);
}

test('draft → Trình → Trả lại → Trình → approve → sign (confirmed) → issue → the ward registers it whole', async () => {
  const subject = 'Về việc chuẩn bị Đại hội chi bộ nhiệm kỳ mới (luồng thử)';
  const spec = await as('chuyenvien');
  await spec.goto('/outgoing/new');
  assert.equal(await spec.locator('#doc_type').inputValue(), 'cong_van', 'a new draft is a công văn');
  const signers = await spec.locator('#signer_id option').allTextContents();
  assert.ok(signers.length > 1 && signers.some((t) => /Lãnh đạo/i.test(t) || t.includes('—')), signers.join('|'));
  await spec.locator('#subject').fill(subject);
  await spec.locator('#body').fill('Kính gửi: Đảng ủy phường Bình Thủy.\nĐề nghị chuẩn bị báo cáo chính trị.');
  await spec.getByLabel('Đảng ủy phường Bình Thủy').check();
  await shot(spec, 'flow-09-new-after');
  await Promise.all([spec.waitForURL(/\/outgoing\/\d+$/), spec.getByRole('button', { name: 'Lưu dự thảo' }).click()]);
  const url = new URL(spec.url()).pathname;
  await spec.locator('#file').setInputFiles({ name: 'Cong-van-da-ky.pdf', mimeType: 'application/pdf', buffer: PDF });
  await click(spec, spec.getByRole('button', { name: 'Tải lên' }));
  // Trình to the office leader.
  const boss = (await (await srv.as('chanhvp')).get('/api/v1/me')).json();
  await spec.locator('#submit-to').selectOption(String(boss.id));
  await click(spec, spec.locator('#submit-form').getByRole('button', { name: 'Trình' }));
  assert.match(await spec.locator('#submitted').textContent(), new RegExp(boss.name));
  await shot(spec, 'flow-09-submitted-after');
  assert.deepEqual(spec.errors, []);

  // The leader returns it with a comment.
  const lead = await as('chanhvp');
  await lead.goto(url);
  await lead.locator('#return-comment').fill('Bổ sung thời gian, địa điểm đại hội.');
  await click(lead, lead.locator('#return-form').getByRole('button', { name: 'Trả lại' }));
  assert.equal(await lead.locator('#submitted').count(), 0);
  // The drafter sees the comment and submits again.
  await spec.goto(url);
  assert.match(await spec.locator('ul.comments').textContent(), /Bổ sung thời gian, địa điểm đại hội/);
  await spec.locator('#submit-to').selectOption(String(boss.id));
  await click(spec, spec.locator('#submit-form').getByRole('button', { name: 'Trình' }));
  // Approve, then sign: signing asks first.
  await lead.goto(url);
  await click(lead, lead.locator('#doc-actions').getByRole('button', { name: 'Phê duyệt' }));
  await shot(lead, 'flow-09-approved-after');
  await click(lead, lead.locator('#doc-actions').getByRole('button', { name: 'Ký ban hành' }));
  assert.ok(lead.dialogs.some((m) => /^Ký ban hành văn bản này\?/.test(m)), lead.dialogs.join('|'));
  assert.equal((await lead.locator('#status').textContent()).trim(), 'Đã ký');
  assert.deepEqual(lead.errors, []);
  await lead.context().close();

  const clerk = await as('vanthu');
  await clerk.goto(url);
  await click(clerk, clerk.locator('#doc-actions').getByRole('button', { name: 'Cấp số và phát hành' }));
  const notation = (await clerk.locator('#notation').textContent()).trim();
  await clerk.context().close();

  // The drafter was told of every step.
  const notes = (await (await srv.as('chuyenvien')).get('/api/v1/notifications')).json().items.map((n) => n.text);
  for (const re of [/trả lại/, /phê duyệt/, /ký ban hành/, /phát hành/]) assert.ok(notes.some((t) => re.test(t)), `${re}`);
  await spec.context().close();

  // The ward's clerk registers it from the queue: the file, the text and the signer come with it.
  const row = (await (await srv.as('vanthu.binhthuy')).get('/api/v1/inbox')).json().items.find((x) => x.code === notation);
  assert.ok(row, 'in the ward’s queue');
  const ward = await as('vanthu.binhthuy');
  await ward.goto(`/incoming/new?inbox_id=${row.id}`);
  assert.match(await ward.locator('#delivered').textContent(), /Cong-van-da-ky\.pdf/);
  assert.equal(await ward.locator('#f-signer').inputValue(), boss.name);
  await shot(ward, 'flow-01-register-after');
  await click(ward, ward.getByRole('button', { name: 'Vào sổ' }));
  assert.match(ward.url(), /\/incoming\/\d+$/);
  const record = new URL(ward.url()).pathname;
  assert.match(await ward.locator('#body').textContent(), /Đề nghị chuẩn bị báo cáo chính trị/);
  const link = ward.locator('a', { hasText: 'Cong-van-da-ky.pdf' }).first();
  const href = await link.getAttribute('href');
  const res = await ward.request.get(href);
  assert.equal(res.status(), 200, 'the ward opens the file through its own record');
  await shot(ward, 'flow-01-record-after');
  assert.deepEqual(ward.errors, []);
  await ward.context().close();
  const phone = await as('vanthu.binhthuy', PHONE);
  await phone.goto(record);
  assert.ok(await phone.locator('#body').isVisible());
  await shot(phone, 'flow-01-record-phone-after');
  await phone.context().close();
});

test('Soạn văn bản trả lời from an incoming record: both pages link to each other', async () => {
  const c = await srv.as('vanthu');
  const today = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
  let r = await c.post('/api/v1/incoming', { json: { issuer_name: 'Ban Tuyên giáo Trung ương', code: '45-CV/BTGTW', doc_type: 'cong_van', issued_date: today, subject: 'Đề nghị báo cáo kết quả học tập chuyên đề (trả lời thử)' } });
  assert.equal(r.status, 201, r.text);
  const inId = r.json().id;
  const me = (await (await srv.as('chuyenvien')).get('/api/v1/me')).json();
  r = await (await srv.as('chanhvp')).post(`/api/v1/incoming/${inId}/assign`, { json: { lead_user_id: me.id } });
  assert.ok(r.status < 300, r.text);
  const spec = await as('chuyenvien');
  await spec.goto(`/incoming/${inId}`);
  await shot(spec, 'flow-18-incoming-after');
  await click(spec, spec.locator('#draft-reply'));
  assert.match(await spec.locator('#subject').inputValue(), /trả lời văn bản số 45-CV\/BTGTW/);
  assert.match(await spec.locator('#reply-to').textContent(), /45-CV\/BTGTW/);
  await Promise.all([spec.waitForURL(/\/outgoing\/\d+$/), spec.getByRole('button', { name: 'Lưu dự thảo' }).click()]);
  const outUrl = new URL(spec.url()).pathname;
  assert.equal(await spec.locator('#reply-to a').getAttribute('href'), `/incoming/${inId}`);
  await shot(spec, 'flow-18-reply-after');
  await spec.goto(`/incoming/${inId}`);
  assert.equal(await spec.locator(`#replies a[href="${outUrl}"]`).count(), 1);
  assert.deepEqual(spec.errors, []);
  await spec.context().close();
});
