// The audit trail (issue "Trust"): `vanphong check` verifies the hash chain and names the first
// entry edited or deleted behind the program's back.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { cli, makeDemoData } from './lib.mjs';

const demo = makeDemoData();
const dbFile = join(demo.data, 'vanphong.db');
after(() => rmSync(demo.dir, { recursive: true, force: true }));

// The sqlite3 shell on the database file, as someone with access to the disk would use it.
function sql(statement) {
  const r = spawnSync('sqlite3', [dbFile, statement], { encoding: 'utf8' });
  if (r.error) throw r.error;
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

function check() {
  return cli(['check', '--data', demo.data]);
}

test('check verifies the whole audit chain of the demo office', () => {
  const n = Number(sql('SELECT count(*) FROM audit_log'));
  assert.ok(n > 100, `the demo writes a trail (${n} entries)`);
  const r = check();
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`nhật ký: ${n} mục đã kiểm, chuỗi băm nguyên vẹn; băm cuối: [0-9a-f]{64}`));
  assert.match(r.stdout, /^ok$/m);
});

test('an entry edited in the database file fails check, which names it', () => {
  const [id, at, action, afterJson] = sql("SELECT id, at, action, after_json FROM audit_log WHERE after_json IS NOT NULL ORDER BY id LIMIT 1 OFFSET 40").split('|');
  sql(`UPDATE audit_log SET after_json = '{"edited":true}' WHERE id = ${id}`);
  try {
    const r = check();
    assert.equal(r.status, 1, r.stdout);
    assert.ok(r.stdout.includes(`mục #${id} (${at}, ${action})`), r.stdout);
    assert.match(r.stdout, /nội dung đã bị sửa/);
    assert.doesNotMatch(r.stdout, /^ok$/m);
  } finally {
    sql(`UPDATE audit_log SET after_json = '${afterJson.replaceAll("'", "''")}' WHERE id = ${id}`);
  }
  assert.equal(check().status, 0, 'restoring the text restores the chain');
});

test('an entry deleted from the middle fails check at the entry after it', () => {
  const ids = sql('SELECT id FROM audit_log ORDER BY id LIMIT 3 OFFSET 200').split('\n');
  sql(`DELETE FROM audit_log WHERE id = ${ids[1]}`);
  const r = check();
  assert.equal(r.status, 1, r.stdout);
  const [, action] = sql(`SELECT at, action FROM audit_log WHERE id = ${ids[2]}`).split('|');
  assert.match(r.stdout, new RegExp(`mục #${ids[2]} \\([^,]+, ${action.replaceAll('.', '\\.')}\\): mục đứng trước đã bị xoá hoặc bị sửa`));
});
