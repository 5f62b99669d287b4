// Awards and training, the page flows (issue 20, second pass), clicked through as the people
// would at a desk (1366×768) and on a phone (390×844), no page scrolling sideways:
//  - a badge from the job's list to the ceremony whose decision is picked from the outgoing
//    register by a search (the number shown as a link "Số …-QĐ/TU"), with badge number, gift
//    and ceremony date;
//  - a reissue from the member's badge history: without a reason refused in red beside the
//    field, nothing saved; with "Bị mất" it lands on Mẫu 4A-HHĐ with the original decision;
//  - a posthumous award: a milestone too far after the death refused in red, one reached
//    before it accepted and listed on Mẫu 4B-HHĐ with the date of death;
//  - a commendation whose decision is an issued document, shown as a link;
//  - a training position rule added, making staff due, then retired.
// Screenshots awards-flows-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, shot, login, startServer, DEMO_PASSWORD } from './lib.mjs';

let srv, browser, api, doc;
const SIZES = [
  { width: 1366, height: 768, cycle: 'Nguyễn Văn Bảy', reissue: 'Đặng Văn Hai', post: 65, kind: 'language' },
  { width: 390, height: 844, cycle: 'Trần Thị Mười', reissue: 'Bùi Văn Tư', post: 60, kind: 'other' },
];

async function noSideways(page, what) {
  const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(over <= 0, `${what}: scrolls sideways by ${over}px`);
}
async function submit(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}
const total = async () => (await api.get('/api/v1/awards/cases')).json().total;
const vn = (iso) => iso.split('-').reverse().join('/');

before(async () => {
  srv = await startServer();
  browser = await launch();
  api = await srv.as('chanhvp');
  // The standing committee's decision, through the existing outgoing flow, issued today (after
  // the proposal it decides): drafted by the specialist, approved and signed, issued by the clerk.
  const regs = (await (await srv.as('vanthu')).get('/api/v1/catalog/registers')).json().items;
  const reg = regs.find((r) => r.issuer_abbr === 'VPTU');
  const d = await (await srv.as('chuyenvien')).post('/api/v1/outgoing', { json: {
    register_id: reg.id, doc_type: 'quyet_dinh', subject: 'Quyết định tặng Huy hiệu Đảng đợt 3/2', body: 'Tặng Huy hiệu Đảng cho các đồng chí có tên trong danh sách kèm theo.',
    secrecy: 'none', urgency: 'normal', recipients: [] } });
  assert.equal(d.status, 201, d.text);
  const oid = d.json().id;
  assert.equal((await api.post(`/api/v1/outgoing/${oid}/approve`)).status, 200);
  assert.equal((await api.post(`/api/v1/outgoing/${oid}/sign`)).status, 200);
  const is = await (await srv.as('vanthu')).post(`/api/v1/outgoing/${oid}/issue`);
  assert.equal(is.status, 200, is.text);
  doc = (await api.get(`/api/v1/outgoing/${oid}`)).json();
  assert.ok(doc.notation, 'issued with a number');
});
after(async () => { if (browser) await browser.close(); if (srv) await srv.stop(); });

for (const size of SIZES) {
  test(`a badge cycle with the decision from the outgoing register, ${size.width}×${size.height}`, async () => {
    const w = size.width;
    const office = await newPage(browser, srv.base, size);
    await login(office, 'chanhvp', DEMO_PASSWORD);
    await office.goto('/awards');
    await submit(office, '#sweep');
    await submit(office, `#badge-cases a:has-text("${size.cycle}")`);
    const caseUrl = new URL(office.url()).pathname;
    // the ward's chi bộ review
    const ward = await newPage(browser, srv.base, size);
    await login(ward, 'donvi', DEMO_PASSWORD);
    await ward.goto(caseUrl);
    await ward.fill('#f-review_note', 'Chi bộ nhất trí');
    await submit(ward, '#step button[type="submit"]');
    assert.match(await ward.textContent('#case-props'), /Chi bộ đã xét/);
    await ward.context().close();
    // the proposal on Mẫu 4-HHĐ
    await office.goto(caseUrl);
    await submit(office, '#step button[type="submit"]');
    assert.match(await office.textContent('#case-props'), /Đã đề nghị/);
    // the decision: search the outgoing register, pick the issued document
    await office.fill('input[name="doc_q"]', doc.notation.split('/')[0]);
    await submit(office, '.doc-search-go');
    const opt = office.locator('#f-outgoing_id option', { hasText: doc.notation });
    assert.ok(await opt.count() >= 1, 'the document is found by its number');
    await office.selectOption('#f-outgoing_id', String(doc.id));
    // bad input first: no badge number — refused in red, the choice kept, nothing decided
    // (the browser's own check switched off: the server's refusal is what is tested)
    await office.evaluate(() => { document.querySelector('#step form.form').noValidate = true; });
    await submit(office, '#step button[type="submit"]');
    assert.match(await office.textContent('#f-badge_no-err'), /Hãy nhập số Huy hiệu/);
    assert.equal(await office.inputValue('#f-outgoing_id'), String(doc.id));
    assert.match(await office.textContent('#case-props'), /Đã đề nghị/);
    await office.fill('#f-badge_no', `HH30-${w}77`);
    await submit(office, '#step button[type="submit"]');
    const props = await office.textContent('#case-props');
    assert.match(props, /Đã có quyết định/);
    assert.match(props, /Tiền quà tặng\s*[\d.]+ đ/);
    const link = office.locator('#decision-doc');
    assert.equal(await link.textContent(), `Số ${doc.notation}`);
    assert.equal(await link.getAttribute('href'), `/outgoing/${doc.id}`);
    // the ceremony
    await submit(office, '#step button[type="submit"]');
    assert.match(await office.textContent('#case-props'), /Đã trao/);
    assert.match(await office.textContent('#case-props'), /Ngày trao/);
    await noSideways(office, 'the decided case');
    await shot(office, `awards-flows-cycle-${w}`);
    assert.deepEqual(office.errors, []);
    await office.context().close();
  });

  test(`reissue and posthumous award from the badge history, ${size.width}×${size.height}`, async () => {
    const w = size.width;
    const page = await newPage(browser, srv.base, size);
    await login(page, 'chanhvp', DEMO_PASSWORD);
    await page.goto('/awards');
    const label = await page.locator('#member-pick option', { hasText: size.reissue }).first().textContent();
    await page.selectOption('#member-pick select', { label });
    await submit(page, '#member-pick button');
    assert.match(await page.textContent('h1'), new RegExp(`Lịch sử Huy hiệu Đảng — ${size.reissue}`));
    const panel = page.locator('section.reissue').first();
    assert.match(await panel.textContent(), /Quyết định gốc:/);
    const n0 = await total();
    // no reason: refused in red beside the field, nothing saved
    await Promise.all([page.waitForNavigation(), panel.locator('button[type="submit"]').click()]);
    const err = page.locator('section.reissue .error').first();
    assert.match(await err.textContent(), /Hãy chọn lý do cấp lại/);
    assert.equal(await total(), n0, 'nothing saved');
    await noSideways(page, 'the badge history');
    await shot(page, `awards-flows-reissue-refused-${w}`);
    await page.locator('section.reissue select[name="reissue_reason"]').first().selectOption('lost');
    await Promise.all([page.waitForNavigation(), page.locator('section.reissue button[type="submit"]').first().click()]);
    assert.match(await page.textContent('#case-props'), /Cấp lại \(Mẫu 4A-HHĐ\)/);
    assert.match(await page.textContent('#case-props'), /Lý do cấp lại\s*Bị mất/);
    const reUrl = new URL(page.url()).pathname;
    // through review and proposal onto Mẫu 4A
    await submit(page, '#step button[type="submit"]');
    await submit(page, '#step button[type="submit"]');
    const occ = (await page.locator('main a', { hasText: 'Danh sách dịp trao' }).getAttribute('href')).split('occasion=')[1];
    await page.goto(`/awards/proposal?occasion=${occ}&form=4A`);
    const row = page.locator('#proposal-4A tr', { hasText: size.reissue });
    assert.equal(await row.count(), 1);
    assert.match(await row.textContent(), /Bị mất/);
    await noSideways(page, 'Mẫu 4A');
    await shot(page, `awards-flows-4a-${w}`);
    void reUrl;

    // posthumous: the deceased member's history
    await page.goto('/awards');
    const dl = await page.locator('#member-pick option', { hasText: 'Trương Văn Được' }).first().textContent();
    await page.selectOption('#member-pick select', { label: dl });
    await submit(page, '#member-pick button');
    assert.match(await page.textContent('#member-props'), /Đã từ trần ngày/);
    assert.equal(await page.locator('section.reissue').count(), 0, 'no reissue for the deceased');
    const died = await page.inputValue('#f-died_on');
    assert.match(died, /^\d{4}-\d{2}-\d{2}$/, 'the date of death from the record');
    const m0 = await total();
    await page.fill('#f-post-milestone', '75');
    await submit(page, '#posthumous button[type="submit"]');
    assert.match(await page.textContent('#f-post-milestone-err'), /quá mức truy tặng sớm/);
    assert.equal(await page.inputValue('#f-post-milestone'), '75', 'the typed milestone kept');
    assert.equal(await total(), m0, 'nothing saved');
    await page.fill('#f-post-milestone', String(size.post));
    await submit(page, '#posthumous button[type="submit"]');
    assert.match(await page.textContent('#case-props'), /Truy tặng \(Mẫu 4B-HHĐ\)/);
    assert.ok((await page.textContent('#case-props')).includes(vn(died)), 'the date of death on the case');
    await submit(page, '#step button[type="submit"]');
    await submit(page, '#step button[type="submit"]');
    await page.goto(`/awards/proposal?occasion=${occ}&form=4B`);
    const prow = page.locator('#proposal-4B tr', { hasText: 'Trương Văn Được' });
    assert.ok(await prow.count() >= 1);
    assert.ok((await prow.first().textContent()).includes(vn(died)));
    await noSideways(page, 'Mẫu 4B');
    await shot(page, `awards-flows-4b-${w}`);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test(`a commendation with its issued decision; a training rule, ${size.width}×${size.height}`, async () => {
    const w = size.width;
    const page = await newPage(browser, srv.base, size);
    await login(page, 'chanhvp', DEMO_PASSWORD);
    await page.goto('/awards/commendations');
    await page.fill('input[name="doc_q"]', doc.notation.split('/')[0]);
    await submit(page, '.doc-search-go');
    await page.selectOption('#f-target', 'unit');
    await page.selectOption('#f-unit_id', { index: 1 });
    await page.selectOption('#f-form', 'certificate');
    await page.fill('#f-reason', `Hoàn thành xuất sắc nhiệm vụ ${w}`);
    await page.selectOption('#f-outgoing_id', String(doc.id));
    await submit(page, '#new-commendation form.form button[type="submit"]');
    const row = page.locator('#commendations tr', { hasText: `Hoàn thành xuất sắc nhiệm vụ ${w}` });
    assert.equal(await row.count(), 1);
    const a = row.locator('a.decision-doc');
    assert.equal(await a.textContent(), `Số ${doc.notation}`);
    assert.equal(await a.getAttribute('href'), `/outgoing/${doc.id}`);
    await noSideways(page, 'the commendations');
    await shot(page, `awards-flows-commendation-${w}`);
    await page.context().close();

    const admin = await newPage(browser, srv.base, size);
    await login(admin, 'admin', DEMO_PASSWORD);
    const adm = await srv.as('admin');
    const due0 = (await adm.get('/api/v1/training/due')).json().total;
    await admin.goto('/training/rules');
    // bad input: no position (the browser's own check switched off, as an old browser would)
    await admin.evaluate(() => { document.querySelector('#new-rule form').noValidate = true; });
    await submit(admin, '#new-rule button[type="submit"]');
    assert.match(await admin.textContent('#f-position-err'), /Hãy nhập chức vụ/);
    await admin.fill('#f-position', 'Chuyên viên Phòng Tổng hợp');
    await admin.selectOption('#f-kind', size.kind);
    await admin.fill('#f-level', 'B1');
    await admin.fill('#f-effective_from', '2026-01-01');
    await submit(admin, '#new-rule button[type="submit"]');
    const due1 = (await adm.get('/api/v1/training/due')).json().total;
    assert.ok(due1 > due0, 'the rule makes staff due');
    await noSideways(admin, 'the rules page');
    await shot(admin, `awards-flows-rules-${w}`);
    await admin.goto('/training');
    assert.match(await admin.textContent('#training-due'), /Chuyên viên Phòng Tổng hợp/);
    await admin.goto('/training/rules');
    const kindLabel = size.kind === 'language' ? 'Ngoại ngữ' : 'Khác';
    await submit(admin, `#training-rules tr:has-text("${kindLabel}") a`);
    await submit(admin, '#retire-rule button[type="submit"]');
    assert.match(await admin.textContent('main'), /Đã thôi áp dụng/);
    assert.equal((await adm.get('/api/v1/training/due')).json().total, due0, 'retired: nobody due by it');
    await noSideways(admin, 'the rules after retiring');
    assert.deepEqual(admin.errors, []);
    await admin.context().close();
  });
}
