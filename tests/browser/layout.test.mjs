// Layout on a phone (issue 12 §15): at 390×844 every main page fits the screen — no sideways
// page scroll and no list scrolling inside a box (list rows become cards); document numbers
// such as 08-CV/VPTU never wrap, on the phone nor at 1366×768. Screenshots in
// tests/browser/screenshots (layout-*.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, shot, login, startServer, DEMO_PASSWORD } from './lib.mjs';

let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { if (browser) await browser.close(); if (srv) await srv.stop(); });

// What overflows: the page's sideways scroll, boxes inside main that scroll sideways, and
// document numbers laid out on more than one line.
async function measure(page) {
  return page.evaluate(() => {
    const pageScroll = document.documentElement.scrollWidth - window.innerWidth;
    const boxes = [];
    for (const el of document.querySelectorAll('main *')) {
      const ox = getComputedStyle(el).overflowX;
      if ((ox === 'auto' || ox === 'scroll') && el.scrollWidth > el.clientWidth + 1)
        boxes.push(`${el.tagName.toLowerCase()}.${el.className} ${el.scrollWidth}>${el.clientWidth}`);
    }
    const wrapped = [];
    const walk = document.createTreeWalker(document.querySelector('main') || document.body, NodeFilter.SHOW_TEXT);
    const docno = /^\s*\d+[-/][\p{Lu}Đ]+[\p{Lu}\d/Đ-]*\s*$/u;
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      if (!docno.test(n.textContent)) continue;
      const r = document.createRange();
      r.selectNodeContents(n);
      const lines = new Set([...r.getClientRects()].filter((q) => q.width > 0).map((q) => Math.round(q.top)));
      if (lines.size > 1) wrapped.push(n.textContent.trim());
    }
    return { pageScroll, boxes, wrapped };
  });
}

const PAGES = [
  ['vanthu', '/'], ['vanthu', '/incoming'], ['vanthu', 'IN'], ['vanthu', '/outgoing'], ['vanthu', 'OUT'],
  ['chuyenvien', '/tasks'], ['vanthu', `/search?q=${encodeURIComponent('chuyển đổi số')}`],
  ['chanhvp', '/reports'], ['vanthu', '/registers/incoming?from=2025-01-01&to=2026-12-31'],
  ['vanthu', '/dossiers'], ['vanthu', '/notifications'], ['admin', '/admin/users'], ['admin', '/org'], ['admin', '/org/staff'],
];

test('main pages at 390×844: no sideways page scroll, no inner list scroll, numbers on one line', async () => {
  const pages = {};
  const problems = [];
  for (const [who, where] of PAGES) {
    if (!pages[who]) {
      pages[who] = await newPage(browser, srv.base, { width: 390, height: 844 });
      await login(pages[who], who, DEMO_PASSWORD);
    }
    const page = pages[who];
    let path = where;
    if (where === 'IN' || where === 'OUT') {
      await page.goto(where === 'IN' ? '/incoming' : '/outgoing');
      const href = await page.locator(`main a[href^="/${where === 'IN' ? 'incoming' : 'outgoing'}/"]`)
        .evaluateAll((as) => as.map((a) => a.getAttribute('href')).find((h) => /^\/(incoming|outgoing)\/\d+$/.test(h)));
      assert.ok(href, `a document on ${where}`);
      path = href;
    }
    const r = await page.goto(path);
    assert.equal(r.status(), 200, path);
    const m = await measure(page);
    const name = path.replace(/\?.*/, '').replace(/\/\d+$/, '-id').replace(/\W+/g, '-').replace(/^-|-$/g, '') || 'home';
    await shot(page, `layout-390-${name}`);
    if (m.pageScroll > 0) problems.push(`${path}: the page scrolls sideways by ${m.pageScroll}px`);
    if (m.boxes.length) problems.push(`${path}: inner sideways scroll in ${m.boxes.join(', ')}`);
    if (m.wrapped.length) problems.push(`${path}: numbers wrap: ${m.wrapped.slice(0, 5).join(', ')}`);
  }
  assert.deepEqual(problems, []);
});

test('recipient units on the draft form: one checkbox a line', async () => {
  const page = await newPage(browser, srv.base, { width: 1366, height: 768 });
  await login(page, 'chuyenvien', DEMO_PASSWORD);
  await page.goto('/outgoing/new');
  const boxes = await page.locator('.unit-picks input[type=checkbox]').evaluateAll((is) => is.map((i) => {
    const r = i.getBoundingClientRect();
    return { top: Math.round(r.top), left: Math.round(r.left) };
  }));
  assert.ok(boxes.length > 3, `recipient choices: ${boxes.length}`);
  await shot(page, 'layout-1366-recipients');
  // each choice starts a line of its own column: no two share a line of text in one column
  const cols = new Map();
  for (const b of boxes) cols.set(b.left, (cols.get(b.left) || []).concat(b.top));
  assert.ok(cols.size <= 4, `checkboxes line up in a few columns, not scattered through a paragraph: ${cols.size} left edges`);
  for (const [, tops] of cols) assert.equal(new Set(tops).size, tops.length, 'one choice a line');
});

test('document numbers stay on one line at 1366×768', async () => {
  const page = await newPage(browser, srv.base, { width: 1366, height: 768 });
  await login(page, 'vanthu', DEMO_PASSWORD);
  const problems = [];
  for (const path of ['/incoming', '/outgoing', '/registers/incoming?from=2025-01-01&to=2026-12-31', `/search?q=${encodeURIComponent('sạt lở')}`]) {
    await page.goto(path);
    const m = await measure(page);
    if (m.wrapped.length) problems.push(`${path}: ${m.wrapped.slice(0, 5).join(', ')}`);
  }
  await shot(page, 'layout-1366-search');
  assert.deepEqual(problems, []);
});
