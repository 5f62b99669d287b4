// The foundation as a person sees it in chromium: log in, the home page and frame, walking the
// office tree, an admin adding a user, a specialist refused the admin pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, shot, login, startServer, DEMO_PASSWORD, LOGINS } from './lib.mjs';

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

test('logging in through the form shows the home page in the frame', async () => {
  const page = await newPage(browser, srv.base);
  await page.goto('/');
  assert.match(page.url(), /\/login/, 'anonymous visitors land on the login page');
  await shot(page, '01-login');
  await login(page, LOGINS.clerk, 'sai-mat-khau');
  assert.match(page.url(), /\/login/);
  assert.ok(await page.locator('[role="alert"]').count() > 0, 'a wrong password shows an alert');
  await login(page, LOGINS.clerk, DEMO_PASSWORD);
  assert.equal(new URL(page.url()).pathname, '/');
  assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
  await page.locator('nav.sidenav').getByRole('link', { name: 'Văn bản đến' }).waitFor();
  assert.equal(await page.locator('nav.sidenav a[href="/admin/users"]').count(), 0, 'no admin links for a clerk');
  assert.ok(await page.locator('h1').first().textContent());
  // "/" focuses the search box (app.js), typing in a field does not.
  await page.locator('body').press('/');
  assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), 'q');
  await shot(page, '02-home-clerk');
  assert.deepEqual(page.errors, [], 'no script errors or CSP violations');
  await page.context().close();
});

test('walking the office tree: into Đảng ủy phường Bình Thủy, its predecessor shows', async () => {
  const page = await newPage(browser, srv.base);
  await login(page, LOGINS.admin, DEMO_PASSWORD);
  await page.locator('nav.sidenav').getByRole('link', { name: 'Tổ chức' }).click();
  await page.waitForURL(/\/org/);
  await shot(page, '03-org-tree');
  await page.getByRole('link', { name: /Đảng ủy phường Bình Thủy/ }).first().click();
  await page.waitForURL(/\/org\/units\/\d+/);
  const text = await page.locator('main').textContent();
  assert.match(text, /Đảng ủy phường Bình Thủy/);
  assert.match(text, /Quận ủy Bình Thủy/, 'the predecessor (before mid-2025) is shown');
  await shot(page, '04-org-unit');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('an admin adds a user through /admin/users/new and sees it in the list', async () => {
  const page = await newPage(browser, srv.base);
  await login(page, LOGINS.admin, DEMO_PASSWORD);
  await page.goto('/admin/users/new');
  await shot(page, '05-user-new');
  const form = page.locator('main form').filter({ has: page.locator('input[name="login"]') }).first();
  await form.locator('input[name="login"]').fill('nguyen.van.moi');
  await form.locator('input[name="name"]').fill('Nguyễn Văn Mới');
  await form.locator('select[name="role"]').selectOption('specialist');
  const unit = form.locator('select[name="unit_id"]');
  const options = await unit.locator('option').allTextContents();
  const idx = options.findIndex((o) => /Văn phòng Thành ủy/.test(o));
  await unit.selectOption({ index: idx >= 0 ? idx : 1 });
  await form.locator('input[name="password"]').fill('mat-khau-nguoi-moi-2026');
  const confirm = form.locator('input[name="password2"], input[name="confirm"]');
  if (await confirm.count()) await confirm.first().fill('mat-khau-nguoi-moi-2026');
  await Promise.all([page.waitForNavigation(), form.locator('[type="submit"]').first().click()]);
  if (!/\/admin\/users(\?|$)/.test(page.url())) await page.goto('/admin/users');
  const list = await page.locator('main').textContent();
  assert.match(list, /nguyen\.van\.moi/);
  assert.match(list, /Nguyễn Văn Mới/);
  await shot(page, '06-users-list');
  await page.context().close();
});

test('a specialist opening /admin/users gets a refusal page in Vietnamese', async () => {
  const page = await newPage(browser, srv.base);
  await login(page, LOGINS.specialist, DEMO_PASSWORD);
  const res = await page.goto('/admin/users');
  assert.ok([403, 404].includes(res.status()), `status ${res.status()}`);
  const text = await page.locator('body').textContent();
  assert.match(text, /không|quyền/i, 'a Vietnamese refusal');
  assert.equal(await page.locator('nav.sidenav a[href="/admin/users"]').count(), 0);
  await shot(page, '07-forbidden');
  await page.context().close();
});

test('the frame works on a 360 px phone and prints without navigation', async () => {
  const page = await newPage(browser, srv.base, { width: 360, height: 740 });
  await login(page, LOGINS.officeLeader, DEMO_PASSWORD);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `no horizontal scrolling of the page (${overflow}px)`);
  await shot(page, '08-home-360px');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('nav.sidenav').isVisible(), false, 'navigation hidden in print');
  assert.equal(await page.locator('header.topbar').isVisible(), false, 'top bar hidden in print');
  await page.context().close();
});
