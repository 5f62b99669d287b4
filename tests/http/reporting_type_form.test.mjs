// The report type page field by field (issue 14, leftovers), over HTTP: the form's fields become
// the type JSON; blank rows are skipped and each refusal comes back beside the page's own row
// (not the service's count of non-blank rows), typed values kept, nothing saved; Tối mật is
// refused beside the secrecy; only the administrator may post; an edit that changes nothing makes
// no new form version, one that changes a row makes one; the JSON box still imports.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';

const NOW = Date.UTC(2026, 10, 20, 3, 0, 0) / 1000;
let srv, admin;
before(async () => {
  srv = await startServer({ env: { VANPHONG_TEST: '1', VANPHONG_FAKE_NOW: String(NOW) } });
  admin = await srv.as('admin');
});
after(async () => { if (srv) await srv.stop(); });

const P = '/admin/report-types';

function fields(over = {}) {
  return {
    code: 'BC_HTTP_FORM', name: 'Báo cáo thử qua biểu mẫu', legal_basis: 'Thử', secrecy: 'none',
    'cycles.month': '1', 'levels.XA': '1', recipient_unit_id: '', effective_from: '2026-01-01',
    effective_to: '', cutoff_day: '14', due_kind: 'day', due_value: '25', 'form.from_period': '2026-01',
    n_ind: '4', n_sec: '1', n_rule: '2',
    // row 0 left blank: skipped
    'form.indicators[0].code': '', 'form.indicators[0].name': '', 'form.indicators[0].type': 'integer',
    'form.indicators[1].code': 'NAM', 'form.indicators[1].name': 'Nam', 'form.indicators[1].type': 'integer', 'form.indicators[1].unit': 'người',
    'form.indicators[2].code': 'NU', 'form.indicators[2].name': 'Nữ', 'form.indicators[2].type': 'integer',
    'form.indicators[3].code': 'TONG', 'form.indicators[3].name': 'Tổng', 'form.indicators[3].type': 'integer', 'form.indicators[3].required': '1', 'form.indicators[3].formula': 'NAM + NU',
    'form.sections[0].code': 'GT', 'form.sections[0].name': 'Giải trình', 'form.sections[0].required': '',
    'form.rules[0].expr': '', 'form.rules[0].message': '',
    'form.rules[1].expr': 'TONG = NAM + NU', 'form.rules[1].message': 'Tổng phải bằng nam cộng nữ.',
    ...over,
  };
}

async function types() {
  return (await admin.get('/api/v1/reports/types')).json().items;
}

test('a refused form: each message beside the page\'s own row, the typed values kept, nothing saved', async () => {
  let r = await admin.postForm(P, fields({ 'form.rules[1].expr': 'TONG = NAM + KHAC', 'form.indicators[2].type': 'so', 'cutoff_day': '40', 'form.indicators[3].formula': 'NAM + TONG' }));
  assert.equal(r.status, 303);
  const page = await admin.get(r.location);
  assert.match(page.text, /id="rt-rule-1-expr-err"[^>]*>[^<]*KHAC/, 'the formula refused beside rule row 1 (row 0 was blank)');
  assert.match(page.text, /id="rt-ind-2-type-err"/, 'the type refused beside indicator row 2');
  assert.match(page.text, /id="rt-cutoff_day-err"[^>]*>Ngày chốt số liệu phải từ 1 đến 28/);
  assert.match(page.text, /id="rt-ind-3-formula-err"[^>]*>[^<]*là chính chỉ tiêu này/, 'the computed formula refused beside row 3');
  assert.match(page.text, /name="form.indicators\[3\].formula" value="NAM \+ TONG"/);
  assert.match(page.text, /value="TONG = NAM \+ KHAC"/, 'the formula typed is kept');
  assert.match(page.text, /name="form.indicators\[3\].code" value="TONG"/, 'the rows keep their places');
  assert.match(page.text, /name="levels.XA" value="1" checked/);
  assert.ok(!(await types()).some((t) => t.code === 'BC_HTTP_FORM'), 'nothing saved');
  // Tối mật never travels over the network: refused beside the secrecy
  r = await admin.postForm(P, fields({ secrecy: 'toi_mat' }));
  assert.match((await admin.get(r.location)).text, /id="rt-secrecy-err"[^>]*>Báo cáo Tối mật, Tuyệt mật/);
  // no cycle ticked: beside the cycles
  const f = fields();
  delete f['cycles.month'];
  r = await admin.postForm(P, f);
  assert.match((await admin.get(r.location)).text, /id="rt-cycles-err"/);
  // a due date by level that is not a number: beside the levels' dates
  r = await admin.postForm(P, fields({ 'due.by_level.XA': 'hai' }));
  const byPage = (await admin.get(r.location)).text;
  assert.match(byPage, /id="rt-due-by-level-err"[^>]*>Hạn nộp theo cấp/);
  assert.match(byPage, /name="due.by_level.XA" id="rt-by-XA" value="hai"/, 'the typed value kept');
  assert.ok(!(await types()).some((t) => t.code === 'BC_HTTP_FORM'), 'still nothing saved');
});

test('only the administrator posts the form', async () => {
  for (const login of ['chanhvp', 'vanthu', 'chuyenvien', 'donvi']) {
    const c = await srv.as(login);
    const r = await c.postForm(P, fields(), '/');
    assert.equal(r.status, 403, login);
  }
  assert.ok(!(await types()).some((t) => t.code === 'BC_HTTP_FORM'));
});

test('saved from the form; an unchanged edit keeps the version, a changed row makes a new one; the JSON box still imports', async () => {
  let r = await admin.postForm(P, fields({ 'due.by_level.XA': '24' }));
  assert.equal(r.status, 303);
  const id = Number(/\/admin\/report-types\/(\d+)$/.exec(r.location)[1]);
  let t = (await admin.get(`/api/v1/reports/types/${id}`)).json();
  assert.deepEqual(t.form.indicators.map((x) => x.code), ['NAM', 'NU', 'TONG']);
  assert.deepEqual(t.form.indicators.map((x) => x.required), [false, false, true]);
  assert.equal(t.form.indicators[2].formula, 'NAM + NU');
  assert.equal(t.form.indicators[0].unit, 'người');
  assert.deepEqual(t.form.sections.map((x) => x.code), ['GT']);
  assert.deepEqual(t.form.rules, [{ expr: 'TONG = NAM + NU', message: 'Tổng phải bằng nam cộng nữ.' }]);
  assert.deepEqual(t.cycles, ['month']);
  assert.deepEqual(t.levels, ['XA']);
  assert.equal(t.cutoff_day, 14);
  assert.deepEqual([t.due.kind, t.due.value], ['day', 25]);
  assert.deepEqual(t.due.by_level, { XA: 24 });
  assert.equal(t.effective_to ?? null, null);
  assert.equal(t.forms.length, 1);
  // the edit page shows the saved rows in order, then one blank row
  const page = await admin.get(`${P}/${id}`);
  assert.match(page.text, /name="form.indicators\[2\].code" value="TONG"/);
  assert.match(page.text, /name="n_ind" value="4"/);
  assert.match(page.text, /name="due.by_level.XA" id="rt-by-XA" value="24"/);
  r = await admin.postForm(`${P}/${id}`, fields({ 'due.by_level.XA': '24' }), `${P}/${id}`);
  assert.equal(r.status, 303);
  t = (await admin.get(`/api/v1/reports/types/${id}`)).json();
  assert.equal(t.forms.length, 1, 'nothing changed: no new version');
  assert.deepEqual(t.due.by_level, { XA: 24 });
  r = await admin.postForm(`${P}/${id}`, fields({ 'form.from_period': '2026-12', 'form.indicators[3].name': 'Tổng số', effective_to: '2027-12-31' }), `${P}/${id}`);
  assert.equal(r.status, 303);
  t = (await admin.get(`/api/v1/reports/types/${id}`)).json();
  assert.equal(t.forms.length, 2, 'a changed row: a new version from 2026-12');
  assert.equal(t.form.from_period, '2026-12');
  assert.equal(t.effective_to, '2027-12-31');
  assert.deepEqual(t.due.by_level, {}, 'every level emptied: no exception left');
  // The JSON box (the secondary way): the exported document imports as a new code.
  const doc = { ...t, code: 'BC_HTTP_JSON' };
  delete doc.id; delete doc.forms; delete doc.recipient_name; delete doc.form.version;
  r = await admin.postForm(P, { _form: 'json', json: JSON.stringify(doc) });
  assert.equal(r.status, 303);
  assert.match(r.location, /\/admin\/report-types\/\d+$/);
  // a broken JSON comes back in the JSON box (open), not in the field form
  r = await admin.postForm(P, { _form: 'json', json: '{"code": ' });
  const back = await admin.get(r.location);
  assert.match(back.text, /<details class="panel rt-advanced" id="rt-advanced" open>/);
  assert.match(back.text, /JSON không hợp lệ/);
  assert.match(back.text, /\{&quot;code&quot;: <\/textarea>|\{"code": <\/textarea>/);
});
