// Citizen reception and petitions (issue 15) clicked through as the office uses it, on a desk
// (1366×768) and a phone (390×844): a reception day scheduled, put in the weekly calendar, held
// and written in the register; a complaint registered, accepted and resolved in time; a
// denunciation extended twice (no third offered) whose writer only the handler and the
// assigning head see; an anonymous letter screened out (its reason first refused) and filed;
// a transfer that opens the drafted covering letter; a resolution dated before acceptance
// refused beside its field. No page scrolls sideways.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, shot, login, startServer, DEMO_PASSWORD } from './lib.mjs';

let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { if (browser) await browser.close(); if (srv) await srv.stop(); });

const today = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
const SIZES = [{ name: 'desk', width: 1366, height: 768 }, { name: 'phone', width: 390, height: 844 }];

async function as(loginName, size) {
  const page = await newPage(browser, srv.base, size);
  await login(page, loginName, DEMO_PASSWORD);
  return page;
}

async function noSideways(page, what) {
  const { sw, cw } = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth }));
  assert.ok(sw <= cw + 1, `${what}: no sideways scroll (${sw} > ${cw})`);
}

async function submit(page, form) {
  await Promise.all([page.waitForNavigation(), form.locator('button[type="submit"]').click()]);
}

// The demo's specialist (chuyenvien) as the handler, chosen by name as a person would.
async function pickHandler(form) {
  const sel = form.locator('select[name="handler_id"]');
  const opts = await sel.locator('option').allInnerTexts();
  const i = opts.findIndex((o) => o.startsWith('Lê Hoàng Phúc'));
  assert.ok(i > 0, `the specialist is offered: ${opts.join(' | ')}`);
  await sel.selectOption({ index: i });
}

// Opens the step's panel on a letter's page, fills it and sends it.
async function step(page, name, fill) {
  const panel = page.locator(`#act-${name}`);
  if (!(await panel.evaluate((d) => d.open))) await panel.locator('summary').click();
  const form = panel.locator('form');
  await fill(form);
  await submit(page, form);
}

async function register(page, { kind, complexity = 'normal', name = '', idNo = '', matter }) {
  await page.goto('/petitions/new');
  await page.fill('#f-received_on', today);
  await page.selectOption('#f-kind', kind);
  await page.selectOption('#f-complexity', complexity);
  await page.fill('#f-matter', matter);
  await page.fill('#f-summary', 'Nội dung tóm tắt của đơn (thử nghiệm trình duyệt).');
  if (name) await page.fill('#f-name', name);
  if (idNo) await page.fill('#f-id_no', idNo);
  await submit(page, page.locator('form.form').last());
  const m = /\/petitions\/(\d+)$/.exec(new URL(page.url()).pathname);
  assert.ok(m, `registered: ${page.url()}`);
  return m[1];
}

for (const size of SIZES) {
  test(`a reception day: scheduled, in the weekly calendar, held, written in the register (${size.name})`, async () => {
    const page = await as('vanthu', size);
    await page.goto('/reception');
    await noSideways(page, 'reception');
    const panel = page.locator('#new-session');
    await panel.locator('summary').click();
    await page.fill('#s-day', today);
    await page.selectOption('#f-kind', 'unscheduled');
    await page.fill('#s-venue', `Phòng tiếp dân ${size.name}`);
    await submit(page, panel.locator('form'));
    const row = page.locator('#sessions tr', { hasText: `Phòng tiếp dân ${size.name}` });
    await row.first().waitFor();
    const href = await row.first().locator('a', { hasText: 'Đưa vào lịch tuần' }).getAttribute('href');
    assert.match(href, new RegExp(`^/schedule/new\\?content=.+&day=${today}&session=s%C3%A1ng$`));
    await Promise.all([page.waitForNavigation(), row.first().locator('button', { hasText: 'Đã tiếp' }).click()]);
    assert.match(await page.locator('#sessions').innerText(), /Đã tiếp/);
    await page.goto('/reception/register');
    await noSideways(page, 'register');
    const entry = page.locator('#new-entry');
    await entry.locator('summary').click();
    await page.fill('#e-name', `Công dân ${size.name}`);
    await page.fill('#e-idno', '123'.repeat(3) + 'x');
    await page.fill('#e-content', `Kiến nghị về đường giao thông (${size.name})`);
    await page.selectOption('#f-kind', 'recommendation');
    await submit(page, entry.locator('form'));
    // The wrong ID number comes back in red beside its field, the typed text kept.
    assert.match(await page.locator('#new-entry').innerText(), /9 hoặc 12 chữ số/);
    assert.equal(await page.inputValue('#e-content'), `Kiến nghị về đường giao thông (${size.name})`);
    await page.fill('#e-idno', '092123456789');
    await submit(page, page.locator('#new-entry form'));
    assert.match(await page.locator('table.rec-register').innerText(), new RegExp(`Kiến nghị về đường giao thông \\(${size.name}\\)`));
    await shot(page, `petitions-register-${size.name}`);
    await page.context().close();
  });

  test(`a complaint accepted and resolved in time (${size.name})`, async () => {
    const clerk = await as('vanthu', size);
    const id = await register(clerk, { kind: 'complaint', name: 'Lê Văn Khiếu', matter: `Khiếu nại bồi thường đất ${size.name}` });
    await noSideways(clerk, 'letter');
    await step(clerk, 'screen', async (f) => { await f.locator('select[name="screening"]').selectOption('eligible'); });
    const head = await as('thuongtruc', size);
    await head.goto(`/petitions/${id}`);
    await step(head, 'assign', pickHandler);
    const cv = await as('chuyenvien', size);
    await cv.goto(`/petitions/${id}`);
    await step(cv, 'accept', async (f) => { await f.locator('input[name="accepted_on"]').fill(today); await f.locator('input[name="decision_no"]').fill('21/TB-VPTU'); });
    assert.match(await cv.locator('#deadlines').innerText(), /Giải quyết: \d\d\/\d\d\/\d{4} \(30 ngày lịch — Luật Khiếu nại 2011, Điều 28\)/);
    // A resolution dated before acceptance is refused beside its field.
    await step(cv, 'result', async (f) => { await f.locator('input[name="result_on"]').fill('2020-01-01'); await f.locator('input[name="result_doc"]').fill('9/KL'); });
    assert.match(await cv.locator('#act-result').innerText(), /không được trước ngày thụ lý/);
    await step(cv, 'result', async (f) => { await f.locator('input[name="result_on"]').fill(today); await f.locator('input[name="result_doc"]').fill('9/KL-TU'); });
    const props = await cv.locator('dl.props').first().innerText();
    assert.match(props, /Đã có kết quả/);
    assert.doesNotMatch(await cv.locator('#deadlines').innerText(), /Quá hạn/);
    await shot(cv, `petitions-complaint-${size.name}`);
    for (const p of [clerk, head, cv]) await p.context().close();
  });

  test(`a denunciation extended twice; only the handler and the assigning head see the writer (${size.name})`, async () => {
    const clerk = await as('vanthu', size);
    const writer = `Nguyễn Thị Kín ${size.name}`;
    const id = await register(clerk, { kind: 'denunciation', complexity: 'especially', name: writer, idNo: '092199001122', matter: `Tố cáo sai phạm quản lý đất đai ${size.name}` });
    assert.doesNotMatch(await clerk.content(), new RegExp(writer));
    assert.match(await clerk.locator('#identity').innerText(), /Người tố cáo \(đơn \d{4}\/\d{4}\)/);
    await step(clerk, 'screen', async (f) => { await f.locator('select[name="screening"]').selectOption('eligible'); });
    const head = await as('thuongtruc', size);
    await head.goto(`/petitions/${id}`);
    await step(head, 'assign', pickHandler);
    assert.match(await head.locator('dl.props').first().innerText(), /Lê Hoàng Phúc/);
    const cv = await as('chuyenvien', size);
    await cv.goto(`/petitions/${id}`);
    await step(cv, 'accept', async (f) => { await f.locator('input[name="accepted_on"]').fill(today); await f.locator('input[name="decision_no"]').fill('30/TB'); });
    for (const n of [1, 2]) {
      assert.match(await cv.locator('#act-extend summary').innerText(), new RegExp(`đã gia hạn ${n - 1}/2 lần`));
      await step(cv, 'extend', async (f) => { await f.locator('input[name="decided_on"]').fill(today); await f.locator('input[name="decision_no"]').fill(`5${n}/QĐ-TU`); await f.locator('textarea[name="reason"]').fill('Vụ việc đặc biệt phức tạp'); });
    }
    assert.equal(await cv.locator('#act-extend').count(), 0, 'no third extension offered');
    assert.equal(await cv.locator('#deadlines tbody tr').count(), 2);
    // The handler opens the identity (audited); the assigning head too; the Chánh VP cannot.
    await Promise.all([cv.waitForNavigation(), cv.locator('#identity a', { hasText: 'Xem danh tính' }).click()]);
    assert.match(await cv.locator('#identity').innerText(), new RegExp(writer));
    await head.goto(`/petitions/${id}?identity=1`);
    assert.match(await head.locator('#identity').innerText(), new RegExp(writer));
    const other = await as('chanhvp', size);
    await other.goto(`/petitions/${id}?identity=1`);
    assert.doesNotMatch(await other.content(), new RegExp(writer));
    assert.match(await other.locator('#identity').innerText(), /được bảo vệ/);
    await other.goto('/petitions');
    assert.doesNotMatch(await other.content(), new RegExp(writer));
    await noSideways(cv, 'denunciation');
    await shot(cv, `petitions-denunciation-${size.name}`);
    for (const p of [clerk, head, cv, other]) await p.context().close();
  });

  test(`an anonymous letter screened out and filed; a transfer drafts the covering letter (${size.name})`, async () => {
    const clerk = await as('vanthu', size);
    const id = await register(clerk, { kind: 'denunciation', matter: `Đơn không ký tên ${size.name}` });
    await step(clerk, 'screen', async (f) => { await f.locator('select[name="screening"]').selectOption('anonymous'); });
    assert.match(await clerk.locator('#act-screen').innerText(), /Lý do/);
    assert.ok(await clerk.locator('#act-screen .has-error').count() > 0, 'the reason is marked in red');
    await step(clerk, 'screen', async (f) => { await f.locator('select[name="screening"]').selectOption('anonymous'); await f.locator('textarea[name="screening_reason"]').fill('Không ghi họ tên, địa chỉ'); });
    await step(clerk, 'file', async (f) => { await f.locator('textarea[name="guidance"]').fill('Đơn nặc danh, lưu đơn theo quy định'); });
    assert.match(await clerk.locator('dl.props').first().innerText(), /Lưu đơn/);
    assert.match(await clerk.locator('dl.props').first().innerText(), /Nặc danh, mạo danh/);

    const t = await register(clerk, { kind: 'recommendation', name: 'Phạm Kiến Nghị', matter: `Kiến nghị về đất đai thuộc UBND ${size.name}` });
    assert.ok(t);
    await step(clerk, 'transfer', async (f) => { await f.locator('input[name="transferred_to"]').fill('UBND thành phố Cần Thơ'); });
    assert.match(new URL(clerk.url()).pathname, /^\/outgoing\/\d+$/);
    assert.match(await clerk.content(), /chuyển đơn số/);
    await clerk.goto(`/petitions/${t}`);
    assert.match(await clerk.locator('dl.props').first().innerText(), /Đã chuyển đơn/);
    await noSideways(clerk, 'transfer');
    await clerk.context().close();
  });
}

test('the report: chart and figures for the year, no sideways scroll on a phone', async () => {
  for (const size of SIZES) {
    const page = await as('thuongtruc', size);
    await page.goto(`/petitions/report?period=year&year=${today.slice(0, 4)}`);
    assert.ok(await page.locator('meter.pet-bar').count() >= 20);
    assert.match(await page.locator('table.pet-report').innerText(), /Tổng số đơn nhận/);
    await noSideways(page, `report ${size.name}`);
    await page.goto('/reception');
    await noSideways(page, `reception ${size.name}`);
    await shot(page, `petitions-reception-${size.name}`);
    await page.context().close();
  }
});
