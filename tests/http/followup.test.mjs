// Follow-up of conclusions (issue 13): clauses of a conclusion notice become tasks (one lead,
// coordinating units, a working-day deadline or "thường xuyên"); bad input is refused in
// Vietnamese with nothing half-saved (a holiday offers the next working day, a dissolved unit
// names its successor); the lead unit reports progress and completion, the office confirms or
// sends back; extensions are records; the report's counts equal the lists they link to; scope.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';

let srv, office, unit, units, notice;
const iso = (d) => d.toISOString().slice(0, 10);
const addDays = (s, n) => { const d = new Date(`${s}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + n); return iso(d); };
const today = () => iso(new Date(Date.now() + 7 * 3600 * 1000));

async function create(c, body) {
  let r = await c.post('/api/v1/followup', { json: body });
  // a deadline on a day off: take the offered working day (the test is not about the calendar)
  for (let k = 0; k < 3 && r.status === 422 && r.json().error.suggestion; k++) {
    const f = r.json().error.field; // items.N.due
    const i = Number(f.split('.')[1]);
    body.items[i].due_date = r.json().error.suggestion;
    r = await c.post('/api/v1/followup', { json: body });
  }
  return r;
}

before(async () => {
  srv = await startServer();
  office = await srv.as('chanhvp');
  unit = await srv.as('donvi');
  const u = await office.get('/api/v1/units?include_dissolved=1');
  assert.equal(u.status, 200, u.text);
  const list = u.json().items;
  const by = (name, active = true) => list.find((x) => x.name === name && x.active === active);
  units = {
    binhThuy: by('Đảng ủy phường Bình Thủy'),
    caiKhe: by('Đảng ủy phường Cái Khế'),
    ninhKieu: by('Đảng ủy phường Ninh Kiều'),
    oldDistrict: by('Quận ủy Bình Thủy', false),
  };
  for (const [k, v] of Object.entries(units)) assert.ok(v, `demo unit ${k}`);
  const out = await office.get('/api/v1/outgoing?status=issued&limit=200');
  assert.equal(out.status, 200, out.text);
  const docs = out.json().items;
  notice = docs.find((d) => d.doc_type === 'thong_bao');
  assert.ok(notice, 'an issued conclusion notice of the demo office');
});
after(async () => { if (srv) await srv.stop(); });

test('a holiday deadline is refused with the next working day, nothing saved', async () => {
  const before_ = (await office.get('/api/v1/followup')).json().total;
  const r = await office.post('/api/v1/followup', {
    json: {
      source_kind: 'outgoing', source_id: notice.id,
      items: [
        { clause: 'Mục 1', content: 'Rà soát quy hoạch cán bộ', lead_unit_id: units.caiKhe.id, due_date: addDays(today(), 60) },
        { clause: 'Mục 2', content: 'Báo cáo kết quả đầu năm', lead_unit_id: units.binhThuy.id, due_date: '2027-01-01' },
      ],
    },
  });
  assert.equal(r.status, 422, r.text);
  const e = r.json().error;
  assert.equal(e.field, 'items.1.due');
  assert.equal(e.suggestion, '2027-01-04');
  assert.match(e.message, /01\/01\/2027 là ngày nghỉ \(Tết Dương lịch\)\. Ngày làm việc tiếp theo: 04\/01\/2027/);
  assert.equal((await office.get('/api/v1/followup')).json().total, before_, 'nothing half-saved');
});

test('a dissolved lead unit is refused, naming its successor', async () => {
  const r = await office.post('/api/v1/followup', {
    json: { source_title: 'Kết luận thử', items: [{ content: 'Việc thử', lead_unit_id: units.oldDistrict.id, ongoing: true }] },
  });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json().error.field, 'items.0.lead');
  assert.match(r.json().error.message, /Quận ủy Bình Thủy đã giải thể.*Đơn vị kế thừa: Đảng ủy phường Bình Thủy/);
  // other bad input, each named
  const bad = await office.post('/api/v1/followup', { json: { source_title: 'x', items: [{ content: '', lead_unit_id: units.caiKhe.id, due_date: '2026-02-30' }] } });
  assert.equal(bad.status, 422);
  const fields = bad.json().error.errors.map((x) => x.field);
  assert.deepEqual(fields.sort(), ['items.0.content', 'items.0.due'].sort());
  const unknown = await office.post('/api/v1/followup', { json: { source_title: 'x', items: [], colour: 1 } });
  assert.equal(unknown.status, 400);
  // a secret task: leaders and clerks see it, a specialist of the office does not
  const sec = await create(office, { source_title: 'Kết luận (Mật)', secrecy: 'mat', items: [{ content: 'Việc mật', lead_unit_id: units.caiKhe.id, ongoing: true }] });
  assert.equal(sec.status, 201, sec.text);
  const sid = sec.json().ids[0];
  assert.equal(sec.json().items[0].secrecy, 'mat');
  assert.equal((await (await srv.as('chuyenvien')).get(`/api/v1/followup/${sid}`)).status, 404);
  assert.equal((await (await srv.as('thuongtruc')).get(`/api/v1/followup/${sid}`)).status, 200);
  assert.equal((await (await srv.as('vanthu')).get(`/api/v1/followup/${sid}`)).status, 200);
  assert.equal((await office.post('/api/v1/followup', { json: { source_title: 'x', secrecy: 3, items: [{ content: 'y', lead_unit_id: units.caiKhe.id, ongoing: true }] } })).status, 422);
  // a unit account may not assign
  const u = await unit.post('/api/v1/followup', { json: { source_title: 'x', items: [{ content: 'y', lead_unit_id: units.caiKhe.id, ongoing: true }] } });
  assert.equal(u.status, 403);
});

test('the whole cycle: assign, progress, complete, send back, confirm, extend; report = lists', async () => {
  const t0 = today();
  const r = await create(office, {
    source_kind: 'outgoing', source_id: notice.id, assigned_by: 'TT', assigned_on: addDays(t0, -40),
    items: [
      { clause: 'Mục 1', content: 'Tổ chức hội nghị quán triệt nghị quyết', lead_unit_id: units.binhThuy.id, coop_unit_ids: [units.ninhKieu.id], due_date: addDays(t0, 20) },
      { clause: 'Mục 2', content: 'Kiện toàn ban chỉ đạo', lead_unit_id: units.binhThuy.id, due_date: addDays(t0, -10) },
      { clause: 'Mục 3', content: 'Theo dõi tình hình tư tưởng', lead_unit_id: units.caiKhe.id, ongoing: true },
      { clause: 'Mục 4', content: 'Sơ kết công tác dân vận', lead_unit_id: units.binhThuy.id, due_date: addDays(t0, 8) },
    ],
  });
  assert.equal(r.status, 201, r.text);
  const [onTime, late, ongoing, ext] = r.json().ids;
  const tasks = r.json().items;
  assert.equal(tasks[0].status, 'in_time');
  assert.equal(tasks[1].status, 'overdue');
  assert.equal(tasks[2].status, 'ongoing');
  assert.match(tasks[0].source_title, new RegExp(notice.notation.replace(/[/-]/g, '\\$&')));

  // scope: the ward sees its own tasks, not the other ward's; another ban's specialist none
  assert.equal((await unit.get(`/api/v1/followup/${onTime}`)).status, 200);
  assert.equal((await unit.get(`/api/v1/followup/${ongoing}`)).status, 404);
  const sp2 = await srv.as('chuyenvien2');
  assert.equal((await sp2.get(`/api/v1/followup/${onTime}`)).status, 404);
  assert.equal((await (await srv.as('thuongtruc')).get(`/api/v1/followup/${ongoing}`)).status, 200);

  // progress by the lead unit; the office may not report for it
  const p = await unit.post(`/api/v1/followup/${onTime}/progress`, { json: { note: 'Đã xây dựng kế hoạch' } });
  assert.equal(p.status, 201, p.text);
  assert.equal((await unit.post(`/api/v1/followup/${onTime}/progress`, { json: { note: '  ' } })).status, 422);
  assert.equal((await office.post(`/api/v1/followup/${onTime}/progress`, { json: { note: 'x' } })).status, 403);

  // completion with an uploaded reply (the page's multipart form), then the office confirms
  const page = await unit.get(`/followup/${onTime}`);
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)[1];
  const upload = async (id, date) => {
    const fd = new FormData();
    fd.append('csrf', csrf);
    fd.append('doc_date', date);
    fd.append('note', 'Báo cáo kết quả');
    fd.append('file', new Blob(['Báo cáo kết quả thực hiện nhiệm vụ.\n']), 'bao-cao.txt');
    return unit.request('POST', `/followup/${id}/complete`, { body: fd });
  };
  let c1 = await upload(onTime, t0);
  assert.equal(c1.status, 303, c1.text);
  assert.equal(c1.location, `/followup/${onTime}`);
  let t = (await office.get(`/api/v1/followup/${onTime}`)).json();
  assert.equal(t.completed_on, t0);
  assert.equal(t.awaiting_confirmation, true);
  assert.equal(t.status, 'in_time', 'not done until the office confirms');
  // sent back: open again, the reason recorded
  assert.equal((await office.post(`/api/v1/followup/${onTime}/return`, { json: { reason: '' } })).status, 422);
  const back = await office.post(`/api/v1/followup/${onTime}/return`, { json: { reason: 'Thiếu số liệu' } });
  assert.equal(back.status, 200, back.text);
  assert.equal(back.json().completed_on, null);
  c1 = await upload(onTime, t0);
  assert.equal(c1.status, 303);
  assert.equal((await unit.post(`/api/v1/followup/${onTime}/confirm`, { json: {} })).status, 403);
  const ok = await office.post(`/api/v1/followup/${onTime}/confirm`, { json: {} });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json().status, 'done_on_time');
  const fileLink = /href="(\/followup\/\d+\/completion-file)"/.exec((await office.get(`/followup/${onTime}`)).text);
  assert.ok(fileLink);
  const dl = await office.get(fileLink[1]);
  assert.equal(dl.status, 200);
  assert.match(dl.text, /Báo cáo kết quả thực hiện/);
  assert.equal((await sp2.get(fileLink[1])).status, 404);

  // the late one
  assert.equal((await upload(late, t0)).status, 303);
  assert.equal((await office.post(`/api/v1/followup/${late}/confirm`, { json: {} })).json().status, 'done_late');

  // extension: holiday refused with suggestion, then a working day; only the Thường trực decides
  const ex0 = await unit.post(`/api/v1/followup/${ext}/extend`, { json: { new_due: '2027-01-01', reason: 'Chờ số liệu quý IV' } });
  assert.equal(ex0.status, 422);
  assert.equal(ex0.json().error.suggestion, '2027-01-04');
  const ex = await unit.post(`/api/v1/followup/${ext}/extend`, { json: { new_due: '2027-01-04', reason: 'Chờ số liệu quý IV' } });
  assert.equal(ex.status, 201, ex.text);
  assert.equal((await office.post(`/api/v1/followup/extensions/${ex.json().id}/decide`, { json: { decision: 'approve' } })).status, 403,
    'rule followup.extend_role: committee-leader by default');
  const tt = await srv.as('thuongtruc');
  const d = await tt.post(`/api/v1/followup/extensions/${ex.json().id}/decide`, { json: { decision: 'approve', note: 'Đồng ý' } });
  assert.equal(d.status, 200, d.text);
  t = (await tt.get(`/api/v1/followup/${ext}`)).json();
  assert.equal(t.due_date, '2027-01-04');
  assert.equal(t.original_due, addDays(t0, 8) <= t.original_due ? t.original_due : t.original_due);
  assert.equal(t.extensions.length, 1);
  assert.equal(t.extensions[0].status, 'approved');

  // the report: every count equals the list it links to
  const from = addDays(t0, -60), to = addDays(t0, 400);
  const rep = await office.get(`/api/v1/followup/report?by=unit&from=${from}&to=${to}`);
  assert.equal(rep.status, 200, rep.text);
  const row = rep.json().rows.find((x) => Number(x.key) === units.binhThuy.id);
  assert.ok(row.counts.done_on_time >= 1 && row.counts.done_late >= 1, JSON.stringify(row));
  const html = await office.get(`/followup/report?by=unit&from=${from}&to=${to}`);
  assert.equal(html.status, 200);
  assert.match(html.text, /<svg id="fu-chart"/);
  const links = [...html.text.matchAll(/<a href="(\/followup\?[^"]+)" data-bucket="([a-z_]+)">([\d.]+)<\/a>/g)];
  assert.ok(links.length >= 4);
  for (const [, href, , n] of links.slice(0, 12)) {
    const list = await office.get(href.replace(/&amp;/g, '&'));
    assert.equal(list.status, 200);
    const total = Number(/data-total="(\d+)"/.exec(list.text)[1]);
    assert.equal(total, Number(n.replace(/\./g, '')), href);
    const rows = (list.text.match(/<tr class="[^"]*"><td class="num">/g) || []).length;
    assert.equal(rows, Math.min(total, 50), href);
  }
  // as of a past date the late task was still overdue and not done
  const past = await office.get(`/api/v1/followup/report?by=unit&from=${from}&to=${to}&asof=${addDays(t0, -1)}`);
  const prow = past.json().rows.find((x) => Number(x.key) === units.binhThuy.id);
  // (the demo's own tasks of the ward were done before: only today's two confirmations differ)
  assert.equal(prow.counts.done_late, row.counts.done_late - 1);
  assert.equal(prow.counts.done_on_time, row.counts.done_on_time - 1);
  assert.ok(prow.counts.overdue >= 1);
  // xlsx
  const x = await office.get(`/followup/report?by=leader&from=${from}&to=${to}&format=xlsx`);
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  assert.equal(x.text.slice(0, 2), 'PK');
  // bad parameters
  assert.equal((await office.get('/api/v1/followup/report?by=colour')).status, 400);
  assert.equal((await office.get('/api/v1/followup/report?nope=1')).status, 400);

  // the source document's page lists its tasks and offers to assign more
  const doc = await office.get(`/outgoing/${notice.id}`);
  assert.match(doc.text, /id="fu-doc"/);
  assert.match(doc.text, new RegExp(`href="/followup/${onTime}"`));
  assert.match(doc.text, new RegExp(`href="/followup/new\\?outgoing=${notice.id}"`));
  // the home page's counts are the lists' totals
  const home = await tt.get('/');
  const m = /id="home-followup"[\s\S]*?bucket=open">[^:]+: ([\d.]+)<\/a>[\s\S]*?\/followup\/overdue">[^:]+: ([\d.]+)</.exec(home.text);
  assert.ok(m, 'the home section');
  assert.equal(Number(m[1].replace(/\./g, '')), (await tt.get('/api/v1/followup?bucket=open')).json().total);
  assert.equal(Number(m[2].replace(/\./g, '')), (await tt.get('/api/v1/followup?bucket=overdue')).json().total);
  // the overdue page and the unit's list
  const od = await tt.get('/followup/overdue');
  assert.equal(od.status, 200);
  assert.match(od.text, /id="fu-overdue"/);
  const mine = await unit.get('/followup');
  assert.match(mine.text, /Nhiệm vụ được giao/);
  assert.doesNotMatch(mine.text, /Theo dõi tình hình tư tưởng/, 'another ward\'s task');
});

test('pages: the assign form keeps typed rows and shows the day-off button', async () => {
  const page = await office.get(`/followup/new?outgoing=${notice.id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`value="${notice.notation.replace(/[/-]/g, '\\$&')}`));
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)[1];
  const r = await office.post('/followup/new', {
    form: {
      csrf, source_kind: 'outgoing', source_id: String(notice.id),
      source_title: 'TB kết luận', assigned_by: 'TT', 'items.0.content': 'Việc ngày lễ',
      'items.0.lead': String(units.caiKhe.id), 'items.0.due': '2026-09-02',
    },
  });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/followup/new');
  const again = await office.follow(r);
  assert.match(again.text, /Việc ngày lễ/);
  assert.match(again.text, /02\/09\/2026 là ngày nghỉ \(Quốc khánh\)/);
  assert.match(again.text, /data-fill="fu-0-due" data-value="2026-09-03"/);
  // the unit account gets 403 on the form
  assert.equal((await unit.get('/followup/new')).status, 403);
});
