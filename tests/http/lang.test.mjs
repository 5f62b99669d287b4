// The interface language (issue "Daily use" §2): VANPHONG_LANG=en or `serve --lang en`
// serve the English catalogue, and the page says which language it is in (<html lang>), so
// screen readers and browsers' spelling and hyphenation follow it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { DEMO_PASSWORD, makeDemoData, spawnServe, Client } from './lib.mjs';

let demo;
before(() => {
  demo = makeDemoData();
});
after(() => rmSync(demo.dir, { recursive: true, force: true }));

// Serves demo with these options, runs fn(base), stops the server.
async function withServer(opts, fn) {
  const s = await spawnServe(demo.data, opts);
  try {
    await fn(s.base);
  } finally {
    s.proc.kill('SIGTERM');
    await s.exited;
  }
}

async function page(base, path, login) {
  const c = new Client(base);
  if (login) assert.equal((await c.login(login, DEMO_PASSWORD)).status, 303);
  const r = await c.get(path);
  assert.equal(r.status, 200, path);
  return r.text;
}

test('VANPHONG_LANG=en: <html lang="en"> and English words', async () => {
  await withServer({ env: { VANPHONG_LANG: 'en' } }, async (base) => {
    const login = await page(base, '/login');
    assert.match(login, /<html lang="en">/);
    assert.match(login, /Log in/);
    const home = await page(base, '/', 'vanthu');
    assert.match(home, /<html lang="en">/);
    assert.match(home, /Incoming documents/);
  });
});

test('serve --lang en does the same', async () => {
  await withServer({ args: ['--lang', 'en'] }, async (base) => {
    assert.match(await page(base, '/login'), /<html lang="en">/);
  });
});

test('the default is Vietnamese: <html lang="vi">', async () => {
  await withServer({}, async (base) => {
    const login = await page(base, '/login');
    assert.match(login, /<html lang="vi">/);
    assert.match(login, /Đăng nhập/);
  });
});

// Numbers and dates follow the language (issue "Daily use" §2): Vietnamese writes 1.006 and
// dd/mm/yyyy; English 1,006 and yyyy-mm-dd (ISO 8601, which no English reader misreads, where
// 03/12/2026 is 3 December in London and March 12 in New York).
async function sizedAttachmentPage(base) {
  const c = new Client(base);
  assert.equal((await c.login('vanthu', DEMO_PASSWORD)).status, 303);
  c.headers['x-csrf-token'] = await c.csrf('/');
  const me = (await c.get('/api/v1/me')).json();
  const list = (await c.get(`/api/v1/incoming?limit=1&unit_id=${me.unit.id}`)).json();
  const id = list.items[0].id;
  // 1,030,000 bytes: 1006 KB, a size with a thousands separator.
  const fd = new FormData();
  fd.append('file', new Blob([Buffer.alloc(1030000, 'van ban\n')], { type: 'text/plain' }), 'ghi-chu.txt');
  const r = await c.post(`/api/v1/incoming/${id}/attachments`, { body: fd });
  assert.equal(r.status, 201, r.text);
  return (await c.get(`/incoming/${id}`)).text;
}

test('English: 1,006 KB and yyyy-mm-dd dates', async () => {
  await withServer({ env: { VANPHONG_LANG: 'en' } }, async (base) => {
    const doc = await sizedAttachmentPage(base);
    assert.match(doc, /\(1,006 KB\)/);
    const list = await page(base, '/incoming', 'vanthu');
    assert.match(list, />20\d\d-\d\d-\d\d</, 'dates as yyyy-mm-dd');
    assert.doesNotMatch(list, />\d\d\/\d\d\/20\d\d</, 'no dd/mm/yyyy in English');
  });
});

test('Vietnamese: 1.006 KB and dd/mm/yyyy dates', async () => {
  await withServer({}, async (base) => {
    const doc = await sizedAttachmentPage(base);
    assert.match(doc, /\(1\.006 KB\)/);
    const list = await page(base, '/incoming', 'vanthu');
    assert.match(list, />\d\d\/\d\d\/20\d\d</);
    assert.doesNotMatch(list, />20\d\d-\d\d-\d\d</);
  });
});
