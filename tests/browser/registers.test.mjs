// The printed registers (issue 12 §14): the clerk prints sổ đăng ký văn bản đến from its page;
// chromium prints it to PDF and poppler reads the pages back. A4 landscape, rows from page 1
// on, the header row on every page, at least 15 rows a page, headers kept on one line, and a
// print button on the page. Screenshots and the PDF in tests/browser/screenshots (register-*).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, newPage, shot, login, startServer, DEMO_PASSWORD, SHOTS } from './lib.mjs';

let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { if (browser) await browser.close(); if (srv) await srv.stop(); });

function pdfPages(file) {
  const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout;
  const pages = Number(/Pages:\s+(\d+)/.exec(info)[1]);
  const [w, h] = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info).slice(1).map(Number);
  const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout;
  return { pages, w, h, text: text.split('\f').slice(0, pages) };
}

test('sổ đăng ký văn bản đến prints on A4 landscape, rows from page 1, header on every page', async () => {
  const page = await newPage(browser, srv.base, { width: 1366, height: 768 });
  await login(page, 'vanthu', DEMO_PASSWORD);
  await page.goto('/registers/incoming?from=2025-01-01&to=2026-12-31');
  const rows = await page.locator('table.register tbody tr').count();
  assert.ok(rows >= 40, `the demo year fills pages: ${rows} rows`);
  await shot(page, 'register-incoming');
  await page.emulateMedia({ media: 'print' });
  await shot(page, 'register-incoming-print');
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  const file = join(SHOTS, 'register-incoming.pdf');
  writeFileSync(file, pdf);
  const p = pdfPages(file);
  assert.ok(p.w > p.h, `landscape: ${p.w} x ${p.h}`);
  assert.ok(Math.abs(p.w - 842) < 3 && Math.abs(p.h - 595) < 3, `A4: ${p.w} x ${p.h}`);
  // page 1 holds the heading and rows, not the heading alone
  assert.match(p.text[0], /SỔ ĐĂNG KÝ VĂN BẢN ĐẾN/);
  const dates = (t) => (t.match(/^\s*\d\d\/\d\d\/\d{4}\s/gm) || []).length; // a row opens with Ngày đến
  assert.ok(dates(p.text[0]) >= 10, `rows on page 1: ${dates(p.text[0])}\n${p.text[0]}`);
  for (let i = 0; i < p.pages; i++) {
    assert.match(p.text[i], /Tác giả/, `the header row on page ${i + 1} with "Tác giả" on one line`);
    assert.match(p.text[i], /Số, ký hiệu/, `page ${i + 1}`);
    if (i < p.pages - 1) assert.ok(dates(p.text[i]) >= 15, `page ${i + 1} holds ${dates(p.text[i])} rows`);
  }
  assert.equal(await page.locator('button[data-print]').count(), 1, 'a print button');
  const maxPages = Math.ceil(rows / 15) + 1;
  assert.ok(p.pages <= maxPages, `${rows} rows on ${p.pages} pages (at most ${maxPages}: 15 rows a page)`);
});
