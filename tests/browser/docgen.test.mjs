// The document in the Party layout in chromium (issue 18): the specialist opens a hasty draft,
// sees the format errors in red beside the document, is refused "Trình" with the list, fixes
// the summary and adds a recipient, submits; opens the print preview (the PDF in the page) and
// downloads the PDF and the DOCX; the admin reads the layout page. At 1366×768 and 390×844,
// with no sideways scroll. Screenshots: tests/browser/screenshots/docgen-*.png.
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

const SIZES = { desk: { width: 1366, height: 768 }, phone: { width: 390, height: 844 } };

async function as(who, size) {
  const page = await newPage(browser, srv.base, size);
  await login(page, who, DEMO_PASSWORD);
  return page;
}

async function noSideways(page, what) {
  const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(over <= 1, `${what}: ${over}px sideways`);
}

async function click(page, locator) {
  await Promise.all([page.waitForNavigation(), page.waitForEvent('framenavigated'), locator.click()]);
}

async function draftId(subject) {
  const r = await (await srv.as('chuyenvien')).get(`/api/v1/outgoing?q=${encodeURIComponent(subject)}`);
  return r.json().items.find((x) => x.subject === subject).id;
}

for (const [name, size] of Object.entries(SIZES)) {
  test(`format check, refused Trình, fix, preview and downloads (${name})`, { timeout: 300000 }, async () => {
    const spec = await as('chuyenvien', size);
    // Each size works on its own copy of the hasty draft.
    const api = await srv.as('chuyenvien');
    const subject = `Kế hoạch tuyên truyền thử (${name})`;
    const regs = (await api.get('/api/v1/catalog/registers')).json().items;
    const reg = regs.find((r) => r.issuer_abbr === 'VPTU').id;
    const made = await api.post('/api/v1/outgoing', { json: { register_id: reg, doc_type: 'ke_hoach', subject, body: 'Tuyên truyền trên Cổng thông tin điện tử.', secrecy: 'none', urgency: 'normal' } });
    assert.equal(made.status, 201, made.text);
    const id = made.json().id;
    await spec.goto(`/outgoing/${id}`);
    const errs = spec.locator('.dg-check li.dg-error');
    assert.ok(await errs.count() >= 2, 'errors listed');
    assert.match(await spec.locator('.dg-check').textContent(), /Nơi nhận: chưa có nơi nhận nào/);
    assert.notEqual(await errs.first().evaluate((e) => getComputedStyle(e).color), await spec.locator('main').evaluate((e) => getComputedStyle(e).color), 'errors in red, not body colour');
    await noSideways(spec, 'draft page');
    await shot(spec, `docgen-${name}-check`);
    // Trình is refused with the list, nothing changes.
    const boss = (await (await srv.as('chanhvp')).get('/api/v1/me')).json();
    await spec.locator('#submit-to').selectOption(String(boss.id));
    await click(spec, spec.locator('#submit-form').getByRole('button', { name: 'Trình' }));
    // (sig2: the refusal names each field in the red summary and beside the fields.)
    assert.match(await spec.locator('body').textContent(), /Hãy sửa các mục được đánh dấu đỏ:[^]*Nơi nhận: chưa có nơi nhận nào/);
    assert.equal(await spec.locator('#submitted').count(), 0);
    // Fixed through the API as the drafter would through the form: a new version and a recipient.
    const fix = await api.post(`/api/v1/outgoing/${id}/versions`, { json: { subject: `Tuyên truyền thử (${name})`, body: 'Tuyên truyền trên Cổng thông tin điện tử.' } });
    assert.ok(fix.status < 300, fix.text);
    const ok = await draftId('Tổ chức hội nghị sơ kết công tác văn phòng cấp ủy năm 2026');
    await spec.goto(`/outgoing/${ok}`);
    assert.match(await spec.locator('.dg-check').textContent(), /không có lỗi nào/);
    // The print preview: the PDF in the page.
    await click(spec, spec.getByRole('link', { name: 'Xem bản in' }).first());
    assert.match(spec.url(), new RegExp(`/outgoing/${ok}/print$`));
    // The same layout as HTML at A4 width (phones show no PDF in a page), the PDF in a fold.
    const paper = spec.locator('article.dg-paper');
    assert.match(await paper.textContent(), /ĐẢNG CỘNG SẢN VIỆT NAM/);
    assert.match(await paper.textContent(), /Tổ chức hội nghị sơ kết công tác văn phòng cấp ủy năm 2026/);
    assert.match(await paper.textContent(), /Nơi nhận:/);
    const header = paper.locator('.dg-header');
    assert.equal(await header.evaluate((e) => getComputedStyle(e).fontWeight), '700', 'layout.css applied');
    const pbox = await paper.boundingBox();
    assert.ok(pbox.width <= size.width, `paper width ${pbox.width}`);
    await spec.locator('details.dg-pdf summary').click();
    const frame = spec.locator('iframe.dg-frame');
    assert.equal(await frame.count(), 1);
    const box = await frame.boundingBox();
    assert.ok(box.width > 300 && box.width <= size.width, `frame width ${box.width}`);
    await noSideways(spec, 'print preview');
    await shot(spec, `docgen-${name}-preview`);
    // Downloads: the same PDF and the DOCX.
    const [pdf] = await Promise.all([spec.waitForEvent('download'), spec.getByRole('link', { name: 'Tải PDF' }).click()]);
    assert.match(pdf.suggestedFilename(), /\.pdf$/);
    const [docx] = await Promise.all([spec.waitForEvent('download'), spec.getByRole('link', { name: 'Tải DOCX' }).click()]);
    assert.match(docx.suggestedFilename(), /\.docx$/);
    assert.deepEqual(spec.errors, []);
    await spec.context().close();
  });
}

test('the layout page: the admin reads and changes an element; phone width', { timeout: 300000 }, async () => {
  for (const size of Object.values(SIZES)) {
    const admin = await as('admin', size);
    await admin.goto('/admin/layout');
    assert.match(await admin.locator('table.dg-layout').textContent(), /ĐẢNG CỘNG SẢN VIỆT NAM/);
    await noSideways(admin, 'layout page');
    await shot(admin, `docgen-layout-${size.width}`);
    await admin.context().close();
  }
  const admin = await as('admin', SIZES.desk);
  await admin.goto('/admin/layout');
  await admin.locator('#l-element').selectOption('typist');
  await admin.locator('#l-size').fill('99');
  await click(admin, admin.getByRole('button', { name: 'Lưu thể thức' }));
  assert.match(await admin.locator('body').textContent(), /Cỡ chữ phải từ 6 đến 32/);
  assert.equal(await admin.locator('#l-size').inputValue(), '99', 'typed value kept');
  await admin.locator('#l-size').fill('11');
  await click(admin, admin.getByRole('button', { name: 'Lưu thể thức' }));
  assert.match(await admin.locator('#el-typist').textContent(), /11 pt/);
});

// The format check beside the draft's own fields (sig2): the specialist types a hasty plan in the
// new-draft form (a "V/v" summary on a kế hoạch, no body, no recipient, no signer), saves it, and
// finds each finding under the field it names — red for errors, amber for the missing signer —
// with the edit form open; Trình is refused with the summary; the subject and body fixed in the
// form, their errors go and the recipients' stays. No sideways scroll at either width.
const RED = 'rgb(179, 38, 30)';
const AMBER = 'rgb(122, 77, 0)';
for (const [name, size] of Object.entries(SIZES)) {
  test(`findings beside the draft's fields, red and amber (${name})`, { timeout: 300000 }, async () => {
    const spec = await as('chuyenvien', size);
    await spec.goto('/outgoing/new');
    await spec.locator('#doc_type').selectOption('ke_hoach');
    const subject = `V/v tuyên truyền kỷ niệm (${name})`;
    await spec.locator('#subject').fill(subject);
    await click(spec, spec.getByRole('button', { name: 'Lưu dự thảo' }));
    assert.match(spec.url(), /\/outgoing\/\d+$/);
    assert.match(await spec.locator('body').textContent(), /Dự thảo còn lỗi thể thức/);
    const finding = (field, kind = 'out-error') => spec.locator(`.out-finding.${kind}[data-field="${field}"]`).first();
    // The edit form is open; the subject's error sits right under the subject's input, the body's
    // under the body's.
    assert.equal(await spec.locator('#edit-draft').evaluate((d) => d.open), true);
    for (const [field, input] of [['subject', '#v-subject'], ['body', '#v-body']]) {
      const f = spec.locator(`#edit-draft .out-finding.out-error[data-field="${field}"]`);
      assert.ok(await f.isVisible(), `${field} finding visible`);
      assert.equal(await f.evaluate((e) => getComputedStyle(e).color), RED, `${field} in red`);
      const fb = await f.boundingBox();
      const ib = await spec.locator(input).boundingBox();
      assert.ok(fb.y >= ib.y + ib.height - 2 && fb.y - (ib.y + ib.height) < 80, `${field}: the message just under its input (${fb.y} vs ${ib.y + ib.height})`);
    }
    assert.equal(await spec.locator('#v-subject').inputValue(), subject, 'the typed summary is kept');
    assert.match(await finding('subject').textContent(), /V\/v/);
    const rec = spec.locator('#recipients-panel .out-finding.out-error[data-field="recipients"]');
    assert.ok(await rec.isVisible());
    assert.equal(await rec.evaluate((e) => getComputedStyle(e).color), RED);
    const warn = spec.locator('#signer .out-finding.out-warn[data-field="signer_id"]');
    assert.ok(await warn.isVisible(), 'the missing signer is a warning');
    assert.equal(await warn.evaluate((e) => getComputedStyle(e).color), AMBER, 'warning in amber');
    await noSideways(spec, 'draft with findings');
    await shot(spec, `sig2-findings-${name}`);
    // Trình: refused, the errors listed at the top, nothing submitted.
    const boss = (await (await srv.as('chanhvp')).get('/api/v1/me')).json();
    await spec.locator('#submit-to').selectOption(String(boss.id));
    await click(spec, spec.locator('#submit-form').getByRole('button', { name: 'Trình' }));
    assert.match(await spec.locator('body').textContent(), /chưa có nơi nhận/);
    assert.equal(await spec.locator('#submitted').count(), 0);
    // Fix the summary and body in the form: their findings go, the recipients' stays.
    if (!(await spec.locator('#edit-draft').evaluate((d) => d.open))) await spec.locator('#edit-draft summary').click();
    await spec.locator('#v-subject').fill(`Tuyên truyền kỷ niệm ngày thành lập Đảng (${name})`);
    await spec.locator('#v-body').fill('Văn phòng Thành ủy xây dựng kế hoạch tuyên truyền như sau.');
    await click(spec, spec.getByRole('button', { name: 'Lưu phiên bản' }));
    assert.equal(await spec.locator('.out-finding[data-field="subject"]').count(), 0);
    assert.equal(await spec.locator('.out-finding[data-field="body"]').count(), 0);
    assert.equal(await spec.locator('#recipients-panel .out-finding.out-error').count(), 1);
    await noSideways(spec, 'draft after the fix');
    assert.deepEqual(spec.errors, []);
    await spec.context().close();
  });
}
