// The reporting regime filled from its sources (issues 13, 14, 15 wired): the ward's
// citizen-reception report prefilled from the reception book and the letters equals the
// petitions module's own report for the same unit and data window; the study-results report
// prefilled from the ward's study report of a conference equals that study report. Nothing is
// saved by a prefill; only the reporting unit may ask, only while the report is open; the
// mapping is the type's data (an indicator's "source"), which the administrator edits.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

const today = new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10); // Vietnam
const plus = (d, n) => { const x = new Date(`${d}T00:00:00Z`); x.setUTCDate(x.getUTCDate() + n); return x.toISOString().slice(0, 10); };

async function typeByCode(c, code) {
  const t = (await c.get('/api/v1/reports/types')).json().items.find((x) => x.code === code);
  assert.ok(t, code);
  return t;
}

async function wardId(c) {
  const units = (await c.get('/api/v1/units')).json().items;
  return units.find((u) => u.name === 'Đảng ủy phường Bình Thủy' && u.active !== false).id;
}

test("the ward's citizen-reception report prefilled equals the petitions report of the same window", async () => {
  const admin = await srv.as('admin');
  const ward = await srv.as('donvi');
  const wardClerk = await srv.as('vanthu.binhthuy');
  const cityClerk = await srv.as('vanthu');
  const BT = await wardId(admin);
  const cit = await typeByCode(admin, 'BC_TIEP_DAN');
  // The mapping is data of the type: its export names each indicator's source.
  const full = (await admin.get(`/api/v1/reports/types/${cit.id}`)).json();
  const src = Object.fromEntries(full.form.indicators.map((i) => [i.code, i.source]));
  assert.equal(src.LUOT_TIEP, 'petitions:TD_SO_LUOT_TIEP');
  assert.equal(src.DON_NHAN, 'petitions:DON_TONG');
  assert.equal(src.DON_TON, 'petitions:DON_TON');

  // The ward's open report (this month's, before its cut-off): today lies in its window.
  const mine = (await ward.get(`/api/v1/reports?type_id=${cit.id}&unit_id=${BT}`)).json().items;
  const rep = mine.find((r) => ['not_due', 'waiting', 'overdue', 'returned'].includes(r.status) && r.data_from <= today && today <= r.cutoff);
  assert.ok(rep, `an open citizen-reception report of the ward: ${JSON.stringify(mine.slice(0, 3))}`);

  // The ward's book in that window: two visits (one a delegation of six), two letters.
  for (const [n, kind] of [[6, 'complaint'], [1, 'recommendation']]) {
    const r = await wardClerk.post('/api/v1/petitions/reception/entries', { json: { day: today, reception_kind: 'regular', content: 'Kiến nghị về giải phóng mặt bằng khu tái định cư', kind, n_people: n, handling: 'accept', name: 'Nguyễn Thị Dân', address: 'Khu vực 3, phường Bình Thủy', id_no: '092077000333' } });
    assert.equal(r.status, 201, r.text);
  }
  for (const kind of ['complaint', 'reflection']) {
    const r = await wardClerk.post('/api/v1/petitions', { json: { received_on: today, channel: 'direct', matter: 'Khiếu nại việc cấp giấy chứng nhận quyền sử dụng đất', summary: 'Đề nghị xem xét lại', kind, complexity: 'normal', name: 'Trần Văn Dân', id_no: '092088000222' } });
    assert.equal(r.status, 201, r.text);
  }

  // The report page's data: the source it offers.
  const got = (await ward.get(`/api/v1/reports/${rep.id}`)).json();
  assert.deepEqual(got.sources.map((s) => s.name), ['petitions']);
  assert.equal(got.sources[0].label, 'Lấy số liệu từ sổ tiếp dân, đơn thư');
  const before = got.values;

  let r = await ward.post(`/api/v1/reports/${rep.id}/prefill`, { json: { source: 'petitions' } });
  assert.equal(r.status, 200, r.text);
  const pre = r.json();
  assert.equal(pre.saved, false);
  assert.equal(pre.filled.length, 8);
  const own = (await ward.get(`/api/v1/petitions/report?period=custom&from=${rep.data_from}&to=${rep.cutoff}&unit_id=${BT}`)).json().values;
  for (const [code, s] of Object.entries(src)) {
    if (!s) continue;
    assert.equal(pre.values[code], own[s.split(':')[1]], `${code} ← ${s}`);
  }
  assert.ok(pre.values.LUOT_TIEP >= 2 && pre.values.SO_NGUOI >= 7, JSON.stringify(pre.values));
  assert.ok(pre.values.DOAN_DONG_NGUOI >= 1 && pre.values.DON_NHAN >= 2, JSON.stringify(pre.values));
  // Nothing was saved: the report's values are as before, its status unchanged.
  const after = (await ward.get(`/api/v1/reports/${rep.id}`)).json();
  assert.deepEqual(after.values, before);
  assert.equal(after.status, rep.status);

  // The user saves what was prefilled through the usual save — which, before the cut-off,
  // still refuses (the prefill is then a preview of the figures so far).
  r = await ward.post(`/api/v1/reports/${rep.id}`, { json: { values: pre.values } });
  if (rep.status === 'not_due') {
    assert.equal(r.status, 409, r.text);
  } else {
    assert.equal(r.status, 200, r.text);
    assert.equal((await ward.get(`/api/v1/reports/${rep.id}`)).json().values.LUOT_TIEP, pre.values.LUOT_TIEP);
  }

  // Refusals: a source the form does not name, no source, an unknown member, another role.
  r = await ward.post(`/api/v1/reports/${rep.id}/prefill`, { json: { source: 'conferences' } });
  assert.equal(r.status, 422);
  assert.equal(r.json().error.field, 'source');
  assert.match(r.json().error.message, /không lấy số liệu từ nguồn đó/);
  r = await ward.post(`/api/v1/reports/${rep.id}/prefill`, { json: {} });
  assert.equal(r.status, 422);
  assert.match(r.json().error.message, /Chọn nguồn số liệu/);
  assert.equal((await ward.post(`/api/v1/reports/${rep.id}/prefill`, { json: { source: 'petitions', bogus: 1 } })).status, 400);
  assert.equal((await ward.post(`/api/v1/reports/${rep.id}/prefill`, { json: { source: 'petitions', ref: 'x' } })).status, 422);
  r = await cityClerk.post(`/api/v1/reports/${rep.id}/prefill`, { json: { source: 'petitions' } });
  assert.equal(r.status, 403, 'the receiving office reviews; it does not fill the ward\'s report');
  assert.equal((await admin.post(`/api/v1/reports/${rep.id}/prefill`, { json: { source: 'petitions' } })).status, 403);
  const other = await srv.as('chuyenvien2');
  assert.equal((await other.post(`/api/v1/reports/${rep.id}/prefill`, { json: { source: 'petitions' } })).status, 404);
  assert.equal((await ward.post('/api/v1/reports/999999/prefill', { json: { source: 'petitions' } })).status, 404);
});

test('the study-results report prefilled from the ward\'s study report of a conference', async () => {
  const admin = await srv.as('admin');
  const ward = await srv.as('donvi');
  const cityClerk = await srv.as('vanthu');
  const BT = await wardId(admin);
  const study = await typeByCode(admin, 'BC_HOC_TAP_NQ');
  // Conference 1 of the demo: the Thành ủy's study conference, Bình Thủy's study report sent.
  const sr = (await ward.get('/api/v1/conferences/1/study-reports')).json().items.find((x) => x.unit_id === BT);
  assert.ok(sr, 'the ward sent its study report of conference 1');
  const conf = (await ward.get('/api/v1/conferences/1')).json();
  const confDay = conf.starts_at.slice(0, 10);

  // The city clerk opens a thematic period whose window holds the conference.
  let r = await cityClerk.post(`/api/v1/reports/types/${study.id}/periods`, { json: { period: `${today.slice(0, 4)}-CD7`, cutoff: today > confDay ? today : confDay, due: plus(today > confDay ? today : confDay, 10) } });
  assert.equal(r.status, 200, r.text);
  const rep = (await ward.get(`/api/v1/reports?type_id=${study.id}&unit_id=${BT}&period=${today.slice(0, 4)}-CD7`)).json().items[0];
  assert.ok(rep, 'the ward owes the study report');

  const got = (await ward.get(`/api/v1/reports/${rep.id}`)).json();
  assert.deepEqual(got.sources.map((s) => s.name), ['conferences']);
  const refs = got.sources[0].refs;
  assert.ok(refs.some((x) => x.id === 1), JSON.stringify(refs));

  r = await ward.post(`/api/v1/reports/${rep.id}/prefill`, { json: { source: 'conferences', ref: 1 } });
  assert.equal(r.status, 200, r.text);
  const v = r.json().values;
  assert.equal(v.TONG_DANG_VIEN, sr.members_total);
  assert.equal(v.DV_THAM_GIA, sr.members_attended);
  assert.ok(Math.abs(v.TY_LE_THAM_GIA - Math.round(sr.pct * 100) / 100) < 1e-9, `${v.TY_LE_THAM_GIA} vs ${sr.pct}`);
  assert.equal(typeof v.CO_KE_HOACH, 'boolean');
  // Without a pick: the conference in the window, if there is one; else a clear refusal.
  r = await ward.post(`/api/v1/reports/${rep.id}/prefill`, { json: { source: 'conferences' } });
  if (refs.some((x) => x.in_period)) assert.equal(r.status, 200, r.text);
  else { assert.equal(r.status, 422); assert.match(r.json().error.message, /hãy chọn hội nghị/); }
  // A conference the ward sent no study report for (2: the Standing Committee's, not visible).
  r = await ward.post(`/api/v1/reports/${rep.id}/prefill`, { json: { source: 'conferences', ref: 2 } });
  assert.equal(r.status, 404, r.text);
  r = await ward.post(`/api/v1/reports/${rep.id}/prefill`, { json: { source: 'conferences', ref: 999999 } });
  assert.equal(r.status, 404);
  assert.equal((await ward.get(`/api/v1/reports/${rep.id}`)).json().values.TONG_DANG_VIEN, undefined, 'nothing saved');
});

test('the mapping is data: a malformed source is refused, a remap takes effect', async () => {
  const admin = await srv.as('admin');
  const cit = await typeByCode(admin, 'BC_TIEP_DAN');
  const full = (await admin.get(`/api/v1/reports/types/${cit.id}`)).json();
  const form = structuredClone(full.form);
  form.indicators[0].source = 'petitions TD_SO_LUOT_TIEP';
  let r = await admin.post(`/api/v1/reports/types/${cit.id}`, { json: { form } });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json().error.field, 'form.indicators[0].source');
  assert.match(r.json().error.message, /nguồn:MÃ/);
  // Remapped from next year's periods: BI_THU_TIEP from every reception day, not only scheduled.
  const next = `${Number(today.slice(0, 4)) + 1}-01`;
  const form2 = structuredClone(full.form);
  form2.from_period = next;
  form2.indicators.find((i) => i.code === 'BI_THU_TIEP').source = 'petitions:TD_SO_NGAY_TIEP';
  r = await admin.post(`/api/v1/reports/types/${cit.id}`, { json: { form: form2 } });
  assert.equal(r.status, 200, r.text);
  const after = (await admin.get(`/api/v1/reports/types/${cit.id}`)).json();
  assert.equal(after.form.from_period === next ? after.form.indicators.find((i) => i.code === 'BI_THU_TIEP').source : after.forms.at(-1).indicators.find((i) => i.code === 'BI_THU_TIEP').source, 'petitions:TD_SO_NGAY_TIEP');
});
