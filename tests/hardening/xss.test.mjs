// XSS checked in the browser: a clerk types payloads that would set window.__xss into every text
// field of the registration form (stored), and the pages that show those values — the document,
// the list, the register, the search results, the home page — plus search and list URLs carrying
// the payloads (reflected) are opened in chromium. No payload may run: window.__xss stays
// undefined and no dialog opens.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, login, startServer, DEMO_PASSWORD } from '../browser/lib.mjs';

let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { if (browser) await browser.close(); if (srv) await srv.stop(); });

const PAYLOADS = [
  '<script>window.__xss=1</script>',
  '"><img src=x onerror="window.__xss=2">',
  "'><svg onload=window.__xss=3>",
  '</textarea><script>window.__xss=4</script>',
];

async function clean(page, where) {
  const v = await page.evaluate(() => window.__xss);
  assert.equal(v, undefined, `${where}: a payload ran (window.__xss=${v})`);
}

test('stored and reflected payloads never run in the browser', async () => {
  const page = await newPage(browser, srv.base);
  let dialogs = 0;
  page.on('dialog', (d) => { dialogs++; d.dismiss(); });
  await login(page, 'vanthu', DEMO_PASSWORD);
  const docs = [];
  for (const [i, p] of PAYLOADS.entries()) {
    await page.goto('/incoming/new');
    await page.fill('#f-issuer_name', `Ủy ban ${p}`);
    await page.fill('#f-code', `${70 + i}/XSS-UBND`);
    await page.selectOption('#f-doc_type', 'cong_van');
    await page.fill('#f-issued_date', '2026-02-10');
    await page.fill('#f-subject', `Về việc kiểm tra ${p}`);
    for (const id of ['#f-signer', '#f-notes']) {
      if (await page.locator(id).count()) await page.fill(id, p);
    }
    await Promise.all([page.waitForLoadState('load'), page.click('form.form button[type="submit"]')]);
    const path = new URL(page.url()).pathname;
    assert.match(path, /^\/incoming\/\d+$/, `registered: ${page.url()}`);
    await clean(page, path);
    docs.push(path);
  }
  // The pages that show the stored values, and the value visible as text.
  for (const path of [...docs, '/incoming', '/registers/incoming', '/', '/search?q=ki%E1%BB%83m+tra']) {
    await page.goto(path);
    await clean(page, path);
  }
  await page.goto(docs[0]);
  assert.ok((await page.content()).includes('&lt;script&gt;window.__xss=1&lt;/script&gt;'), 'shown as text');
  // Reflected: the payload in query parameters.
  for (const p of PAYLOADS) {
    for (const path of ['/search?q=', '/incoming?q=', '/search?type=', '/registers/incoming?from=', '/login?next=']) {
      await page.goto(path + encodeURIComponent(p));
      await clean(page, path);
    }
  }
  assert.equal(dialogs, 0, 'no dialog opened');
  assert.deepEqual(page.errors.filter((e) => /__xss/.test(e)), []);
});
