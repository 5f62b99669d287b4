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
