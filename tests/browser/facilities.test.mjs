// Facilities, clicked through as the office would (issue 20): the clerk registers an asset,
// hands it over to a specialist (the record is printable), books a meeting room for a
// morning, and a second booking of the same room at an overlapping hour is refused beside the
// room with the typed purpose kept and nothing saved; the week's bookings page (printable on A4
// landscape) shows the one booking — at 1366 px and at 390 px. Screenshots facilities-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, shot, login, startServer, DEMO_PASSWORD } from './lib.mjs';

let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { if (browser) await browser.close(); if (srv) await srv.stop(); });

// A day some weeks ahead (the demo books up to next week), offset days from its Monday.
function ahead(weeks, offset) {
  const d = new Date(Date.now() + weeks * 7 * 86400000 + 7 * 3600000);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7) + offset);
  return d.toISOString().slice(0, 10);
}

async function page(width, height, who) {
  const p = await newPage(browser, srv.base, { width, height });
  p.on('dialog', (d) => d.accept());
  await login(p, who, DEMO_PASSWORD);
  return p;
}

async function noSideways(p, what) {
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `${what}: page scrolls sideways by ${overflow}px`);
}

const click = (p, name) => Promise.all([p.waitForNavigation(), p.getByRole('button', { name, exact: true }).click()]);

for (const [width, height] of [[1366, 768], [390, 844]]) {
  test(`facilities: asset, hand-over record, room booking and its conflict at ${width}px`, async () => {
    const tag = width < 600 ? 'phone' : 'desk';
    const p = await page(width, height, 'vanthu');

    // The register, then a new asset.
    await p.goto('/facilities');
    assert.match(await p.locator('#fac-assets').innerText(), /Xe ô tô Toyota Camry/);
    await noSideways(p, 'assets list');
    await shot(p, `facilities-assets-${tag}`);
    await p.getByRole('link', { name: 'Thêm tài sản' }).click();
    const code = `TB-BR-${tag}`;
    await p.locator('#f-code').fill(code);
    await p.locator('#f-name').fill(`Máy in màu phòng Tổng hợp (${tag})`);
    await p.locator('#f-kind').selectOption('equipment');
    await p.locator('#f-location').fill('Phòng Tổng hợp');
    await p.locator('#f-value').fill('18500000');
    await p.locator('#f-purchase_date').fill('2025-11-20');
    await click(p, 'Lưu');
    assert.match(await p.locator('main').innerText(), /Đã thêm tài sản\./);
    assert.match(await p.locator('#fac-asset').innerText(), /18\.500\.000 đồng/);

    // Hand-over to the specialist: the record opens, ready to print.
    const opts = await p.locator('#f-to_user_id option').evaluateAll((os) => os.map((o) => [o.value, o.textContent]));
    const cv = opts.find(([v, t]) => v && /Văn phòng Thành ủy/.test(t) && !/Văn thư/i.test(t));
    assert.ok(cv, JSON.stringify(opts));
    await p.locator('#f-to_user_id').selectOption(cv[0]);
    await p.locator('#f-condition').fill('Mới, chạy thử tốt');
    await click(p, 'Lập biên bản bàn giao');
    const rec = await p.locator('#fac-record').innerText();
    assert.match(rec, /BÊN NHẬN/);
    assert.match(rec, /Mới, chạy thử tốt/);
    assert.match(rec, new RegExp(code));
    assert.equal(await p.getByRole('button', { name: 'In biên bản' }).count(), 1);
    await noSideways(p, 'hand-over record');
    await shot(p, `facilities-record-${tag}`);

    // A room for a morning.
    const day = ahead(width < 600 ? 7 : 6, 2);
    await p.goto('/facilities/bookings/new');
    await p.locator('#f-room_id').selectOption({ index: 2 });
    const roomName = (await p.locator('#f-room_id option:checked').innerText()).trim();
    await p.locator('#f-day').fill(day);
    await p.locator('#f-start_time').fill('08:00');
    await p.locator('#f-end_time').fill('10:00');
    await p.locator('#f-purpose').fill(`Họp Ban chỉ đạo chuyển đổi số (${tag})`);
    await click(p, 'Đặt');
    assert.match(await p.locator('main').innerText(), /Đã đặt\./);
    assert.match(await p.locator('#fac-week').innerText(), new RegExp(`Họp Ban chỉ đạo chuyển đổi số \\(${tag}\\)`));

    // The same room at an overlapping hour: refused beside the room, the typed text kept.
    await p.goto('/facilities/bookings/new');
    await p.locator('#f-room_id').selectOption({ index: 2 });
    await p.locator('#f-day').fill(day);
    await p.locator('#f-start_time').fill('09:30');
    await p.locator('#f-end_time').fill('11:00');
    await p.locator('#f-purpose').fill('Làm việc với Sở Nội vụ');
    await click(p, 'Đặt');
    assert.equal(await p.locator('.field.has-error #f-room_id').count(), 1);
    const err = await p.locator('#f-room_id-err').innerText();
    assert.match(err, new RegExp(`${roomName.replace(/[()]/g, '\\$&')} đã được đặt từ .+ 08:00 đến .+ 10:00 cho «Họp Ban chỉ đạo chuyển đổi số \\(${tag}\\)»`));
    assert.equal(await p.locator('#f-purpose').inputValue(), 'Làm việc với Sở Nội vụ');
    await noSideways(p, 'refused booking');
    await shot(p, `facilities-conflict-${tag}`);

    // The week: one booking of that room that morning, nothing half-saved; printable.
    await p.goto(`/facilities/bookings?week=${day}`);
    const week = await p.locator('#fac-week').innerText();
    assert.doesNotMatch(week, /Làm việc với Sở Nội vụ/);
    assert.match(week, new RegExp(`Họp Ban chỉ đạo chuyển đổi số \\(${tag}\\)`));
    assert.equal(await p.locator('.table-wrap.landscape #fac-week').count(), 1);
    assert.equal(await p.getByRole('button', { name: 'In lịch tuần' }).count(), 1);
    await noSideways(p, 'week of bookings');
    await shot(p, `facilities-week-${tag}`);
    await p.close();
  });
}
