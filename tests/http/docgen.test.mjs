// The document in the Party layout (issue 18): PDF/A-2b and DOCX of a draft and of the issued
// document, the format check and the refused submission, downloads by role, scope and secrecy,
// and the layout as data. One server (fresh demo office) for the whole file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { startServer } from './lib.mjs';

let srv;
let wardId;
let reg;
const tmp = mkdtempSync(join(tmpdir(), 'docgen-'));

before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); rmSync(tmp, { recursive: true, force: true }); });

const as = (login) => srv.as(login);

async function setup() {
  if (wardId) return;
  const units = (await (await as('thuongtruc')).get('/api/v1/units')).json().items;
  wardId = units.find((u) => u.name === 'Đảng ủy phường Bình Thủy').id;
  const regs = (await (await as('vanthu')).get('/api/v1/catalog/registers')).json().items;
  reg = regs.find((r) => r.issuer_abbr === 'VPTU').id;
}

async function draft(extra = {}) {
  await setup();
  const r = await (await as('chuyenvien')).post('/api/v1/outgoing', {
    json: {
      register_id: reg, doc_type: 'ke_hoach', subject: 'Tổ chức hội nghị sơ kết công tác văn phòng cấp ủy',
      body: 'Thực hiện chương trình công tác năm 2026 của Ban Thường vụ Thành ủy.\nVăn phòng Thành ủy xây dựng kế hoạch tổ chức hội nghị sơ kết như sau.',
      secrecy: 'none', urgency: 'khan', recipients: [{ unit_id: wardId }], ...extra,
    },
  });
  assert.equal(r.status, 201, r.text);
  return r.json().id;
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function pdfFacts(buf, name) {
  const f = join(tmp, name);
  writeFileSync(f, buf);
  const raw = buf.toString('latin1');
  return { f, raw, text: run('pdftotext', ['-layout', f, '-']), fonts: run('pdffonts', [f]), info: run('pdfinfo', [f]) };
}

test('a draft renders as PDF/A-2b with embedded fonts, the header, the blank number and the draft mark', async () => {
  const id = await draft();
  const r = await (await as('chuyenvien')).get(`/outgoing/${id}/document.pdf`);
  assert.equal(r.status, 200, r.text.slice(0, 300));
  assert.equal(r.headers.get('content-type'), 'application/pdf');
  const buf = Buffer.from(await (await fetch(srv.base + `/outgoing/${id}/document.pdf`, { headers: { cookie: (await as('chuyenvien')).cookieHeader() } })).arrayBuffer());
  assert.equal(buf.subarray(0, 5).toString(), '%PDF-');
  const p = pdfFacts(buf, 'draft.pdf');
  assert.match(p.raw, /pdfaid:part(>|=['"])2/, 'XMP says PDF/A part 2');
  assert.match(p.raw, /pdfaid:conformance(>|=['"])B/, 'conformance B');
  assert.match(p.raw, /GTS_PDFA1/, 'sRGB output intent');
  const fontLines = p.fonts.trim().split('\n').slice(2);
  assert.ok(fontLines.length > 0, 'fonts listed');
  for (const l of fontLines) assert.match(l, /\byes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/, `embedded: ${l}`);
  assert.match(p.fonts, /LiberationSerif/);
  assert.match(p.text, /ĐẢNG CỘNG SẢN VIỆT NAM/);
  assert.match(p.text, /THÀNH ỦY CẦN THƠ/);
  assert.match(p.text, /VĂN PHÒNG/);
  assert.match(p.text, /Số\s+-KH\/VPTU/, 'the blank number');
  assert.match(p.text, /DỰ THẢO/);
  assert.match(p.text, /KẾ HOẠCH/);
  assert.match(p.text, /KHẨN/);
  assert.match(p.text, /Thực hiện chương trình công tác năm 2026/);
  assert.match(p.text, /Nơi nhận:/);
  assert.match(p.text, /Lưu Văn phòng/);
  assert.match(p.text, /Cần Thơ, ngày\s+tháng\s+năm 20\d\d/);
});

test('issued: the number and the date line appear, the draft mark goes, the signing block follows the signer', async () => {
  const id = await draft({ doc_type: 'cong_van', subject: 'Chuẩn bị hội nghị sơ kết', urgency: 'normal' });
  const boss = await as('chanhvp');
  assert.equal((await boss.post(`/api/v1/outgoing/${id}/approve`)).status, 200);
  assert.equal((await boss.post(`/api/v1/outgoing/${id}/sign`)).status, 200);
  const iss = await (await as('vanthu')).post(`/api/v1/outgoing/${id}/issue`);
  assert.equal(iss.status, 200, iss.text);
  const doc = (await boss.get(`/api/v1/outgoing/${id}`)).json();
  const cookie = (await as('chuyenvien')).cookieHeader();
  const buf = Buffer.from(await (await fetch(srv.base + `/outgoing/${id}/document.pdf?download=1`, { headers: { cookie } })).arrayBuffer());
  const p = pdfFacts(buf, 'issued.pdf');
  assert.ok(p.text.includes(`Số ${doc.notation}`), `number ${doc.notation} in:\n${p.text}`);
  const [y, m, d] = doc.issued_date.split('-');
  assert.match(p.text, new RegExp(`Cần Thơ, ngày ${d} tháng ${m} năm ${y}`));
  assert.doesNotMatch(p.text, /DỰ THẢO/);
  assert.match(p.text, /V\/v Chuẩn bị hội nghị sơ kết/);
  assert.match(p.text, /CHÁNH VĂN PHÒNG/);
  // The DOCX is a zip whose document.xml parses and carries the same elements.
  const r = await fetch(srv.base + `/outgoing/${id}/document.docx`, { headers: { cookie } });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-disposition'), /attachment; filename=".*\.docx"/);
  const docx = Buffer.from(await r.arrayBuffer());
  assert.equal(docx.subarray(0, 2).toString(), 'PK');
  const f = join(tmp, 'issued.docx');
  writeFileSync(f, docx);
  const xml = run('unzip', ['-p', f, 'word/document.xml']);
  assert.equal(spawnSync('xmllint', ['--noout', '-'], { input: xml }).status, 0, 'document.xml is well-formed');
  for (const s of ['ĐẢNG CỘNG SẢN VIỆT NAM', `Số ${doc.notation}`, `ngày ${d} tháng ${m} năm ${y}`, 'V/v Chuẩn bị', 'Nơi nhận:', '<w:tbl>'])
    assert.ok(xml.includes(s), `docx has ${s}`);
  assert.ok(run('unzip', ['-l', f]).includes('[Content_Types].xml'));
});

test('the format check names each field; a draft with errors cannot be submitted until fixed', async () => {
  await setup();
  const spec = await as('chuyenvien');
  const r0 = await spec.post('/api/v1/outgoing', {
    json: { register_id: reg, doc_type: 'ke_hoach', subject: 'Kế hoạch tuyên truyền kỷ niệm', body: '', secrecy: 'none', urgency: 'normal' },
  });
  assert.equal(r0.status, 201, r0.text);
  const id = r0.json().id;
  let c = (await spec.get(`/api/v1/outgoing/${id}/check`)).json();
  assert.equal(c.ok, false);
  const fields = c.items.filter((i) => i.severity === 'error').map((i) => i.field).sort();
  assert.deepEqual(fields, ['body', 'recipients', 'subject']);
  assert.ok(c.items.every((i) => /[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ]/i.test(i.message)), 'Vietnamese messages');
  const boss = (await (await as('chanhvp')).get('/api/v1/me')).json();
  const sub = await spec.post(`/api/v1/outgoing/${id}/submit`, { json: { to: boss.id } });
  assert.equal(sub.status, 422, sub.text);
  assert.match(sub.json().error.message, /Nơi nhận/);
  const st = (await spec.get(`/api/v1/outgoing/${id}`)).json();
  assert.equal(st.submitted_to ?? null, null, 'nothing half-done');
  // The page shows the findings in red beside the document.
  const page = await spec.get(`/outgoing/${id}`);
  assert.match(page.text, /class="dg-error error" data-field="recipients"/);
  const pr = await spec.get(`/outgoing/${id}/print`);
  assert.equal(pr.status, 200);
  assert.match(pr.text, /<iframe class="dg-frame"/);
  assert.match(pr.text, /<article class="dg-paper"[^>]*>[\s\S]*ĐẢNG CỘNG SẢN VIỆT NAM/);
  const css = await spec.get('/docgen/layout.css');
  assert.equal(css.status, 200);
  assert.match(css.headers.get('content-type'), /^text\/css/);
  assert.match(css.text, /\.dg-header\{font-size:15\.0pt;font-weight:bold/);
  // A công văn with a fitting summary and recipients passes.
  const ok = await draft({ doc_type: 'cong_van', subject: 'Chuẩn bị báo cáo sơ kết' });
  c = (await spec.get(`/api/v1/outgoing/${ok}/check`)).json();
  assert.equal(c.errors, 0, JSON.stringify(c));
  assert.equal((await spec.post(`/api/v1/outgoing/${ok}/submit`, { json: { to: boss.id } })).status, 200);
  // Secret words without the mark are caught.
  const sec = await draft({ body: 'Đây là tài liệu mật, không phổ biến.' });
  c = (await spec.get(`/api/v1/outgoing/${sec}/check`)).json();
  assert.ok(c.items.some((i) => i.field === 'secrecy' && i.severity === 'error'));
  // Other types may not use the công văn summary.
  const vv = await draft({ subject: 'V/v tổ chức hội nghị' });
  c = (await spec.get(`/api/v1/outgoing/${vv}/check`)).json();
  assert.ok(c.items.some((i) => i.field === 'subject' && i.severity === 'error'));
});

test('who may download: scope and secrecy as for the document itself (404 otherwise)', async () => {
  const open = await draft();
  const secret = await draft({ secrecy: 'mat' });
  for (const path of ['document.pdf', 'document.docx', 'print']) {
    assert.equal((await (await as('donvi')).get(`/outgoing/${open}/${path}`)).status, 404, `donvi ${path}`);
    assert.equal((await (await as('vanthu.binhthuy')).get(`/outgoing/${secret}/${path}`)).status, 404, `ward clerk ${path}`);
    assert.equal((await (await as('admin')).get(`/outgoing/${secret}/${path}`)).status, 404, `admin secret ${path}`);
  }
  assert.equal((await (await as('donvi')).get(`/api/v1/outgoing/${open}/check`)).status, 404);
  assert.equal((await (await as('chuyenvien')).get(`/outgoing/${secret}/document.docx`)).status, 200, 'the drafter');
  assert.equal((await (await as('vanthu')).get(`/outgoing/${secret}/document.docx`)).status, 200, 'the clerk in scope');
  assert.equal((await (await as('chuyenvien')).get('/outgoing/999999/document.pdf')).status, 404);
  assert.equal((await (await as('chuyenvien')).get(`/api/v1/outgoing/${open}/check?x=1`)).status, 400, 'unknown parameter');
});

test('the layout is data: admin edits from a date, audited; bad values refused with the field', async () => {
  const admin = await as('admin');
  let r = await admin.get('/api/v1/layout');
  assert.equal(r.status, 200);
  const hdr = r.json().elements.find((e) => e.element === 'header');
  assert.equal(hdr.font_pt, 15);
  assert.equal(hdr.bold, true);
  assert.ok(r.json().elements.some((e) => e.verified === false), 'unverified defaults are marked');
  r = await admin.post('/api/v1/layout', { json: { element: 'body', font_pt: 40, effective_from: '2026-01-01' } });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json().error.field, 'font_pt');
  r = await admin.post('/api/v1/layout', { json: { element: 'nonsense', font_pt: 14 } });
  assert.equal(r.status, 422);
  r = await (await as('chanhvp')).post('/api/v1/layout', { json: { element: 'body', font_pt: 15 } });
  assert.equal(r.status, 403);
  r = await admin.post('/api/v1/layout', { json: { element: 'body', font_pt: 15, align: 'justify', indent_mm: 10, space_after: 6, effective_from: '2020-01-01' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().elements.find((e) => e.element === 'body').font_pt, 15);
  const old = (await admin.get('/api/v1/layout?date=2019-01-01')).json().elements.find((e) => e.element === 'body');
  assert.equal(old.font_pt, 14, 'earlier dates keep the old style');
  const audit = await admin.get('/api/v1/audit?action=layout.set');
  assert.equal(audit.status, 200);
  assert.ok(audit.json().items.length >= 1, 'audited');
  const page = await admin.get('/admin/layout');
  assert.equal(page.status, 200);
  assert.match(page.text, /chưa xác minh/);
  assert.equal((await (await as('chuyenvien')).get('/admin/layout')).status, 403);
  // The page form: a bad size comes back in red beside the field.
  const csrf = await admin.csrf('/admin/layout');
  r = await admin.post('/admin/layout', { form: { csrf, element: 'body', font_pt: 'abc', effective_from: '2026-01-01', align: 'left' } });
  assert.equal(r.status, 303);
  const back = await admin.follow(r);
  assert.match(back.text, /Cỡ chữ phải từ 6 đến 32/);
});

test('the signing authority: the drafter chooses TUQ. on a draft; bad codes and outsiders refused', async () => {
  await setup();
  const boss = (await (await as('chanhvp')).get('/api/v1/me')).json();
  const id = await draft({ signer_id: boss.id });
  const spec = await as('chuyenvien');
  let r = await spec.post(`/api/v1/outgoing/${id}/authority`, { json: { authority: 'xyz' } });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json().error.field, 'authority');
  assert.equal((await (await as('donvi')).post(`/api/v1/outgoing/${id}/authority`, { json: { authority: 'tuq' } })).status, 404);
  r = await spec.post(`/api/v1/outgoing/${id}/authority`, { json: { authority: 'tuq' } });
  assert.equal(r.status, 200, r.text);
  const buf = Buffer.from(await (await fetch(srv.base + `/outgoing/${id}/document.pdf`, { headers: { cookie: spec.cookieHeader() } })).arrayBuffer());
  const p = pdfFacts(buf, 'tuq.pdf');
  assert.match(p.text, /TUQ\. CHÁNH VĂN PHÒNG/, p.text);
  // The page form: the choice is kept and shown selected.
  const csrf = await spec.csrf(`/outgoing/${id}`);
  r = await spec.post(`/outgoing/${id}/authority`, { form: { csrf, authority: 'kt' } });
  assert.equal(r.status, 303);
  const page = await spec.follow(r);
  assert.match(page.text, /<option value="kt" selected>/);
});

// The streams of a PDF inflated (ghostscript compresses most objects), for the structural PDF/A
// checks that pdfinfo and pdffonts do not make.
function pdfBodies(buf) {
  const parts = [buf.toString('latin1')];
  const s = parts[0];
  const re = /stream\r?\n/g;
  let m;
  while ((m = re.exec(s))) {
    const start = m.index + m[0].length;
    const end = s.indexOf('endstream', start);
    if (end < 0) break;
    try { parts.push(inflateSync(buf.subarray(start, end)).toString('latin1')); } catch { /* not Flate */ }
    re.lastIndex = end;
  }
  return parts.join('\n');
}

test('page numbers from page 2, top centre (PDF and DOCX header with a PAGE field); PDF/A structure', async () => {
  const para = 'Các cấp ủy, tổ chức đảng trực thuộc quán triệt, triển khai thực hiện nghiêm túc nội dung kế hoạch này, bảo đảm đúng tiến độ, chất lượng và hiệu quả, báo cáo kết quả về Văn phòng Thành ủy.';
  const body = Array.from({ length: 45 }, (_, i) => `${i + 1}. ${para}`).join('\n');
  const id = await draft({ body });
  const spec = await as('chuyenvien');
  const buf = Buffer.from(await (await fetch(srv.base + `/outgoing/${id}/document.pdf`, { headers: { cookie: spec.cookieHeader() } })).arrayBuffer());
  const p = pdfFacts(buf, 'long.pdf');
  const pages = Number(/Pages:\s+(\d+)/.exec(p.info)[1]);
  assert.ok(pages >= 3, `a long body takes 3 pages or more (${pages})`);
  const pageText = (n) => run('pdftotext', ['-layout', '-f', String(n), '-l', String(n), p.f, '-']);
  const firstLine = (t) => t.split('\n').find((l) => l.trim() !== '').trim();
  assert.notEqual(firstLine(pageText(1)), '1', 'page 1 carries no number');
  assert.match(firstLine(pageText(1)), /DỰ THẢO|ĐẢNG CỘNG SẢN VIỆT NAM/);
  for (const n of [2, 3]) {
    const t = pageText(n);
    assert.equal(firstLine(t), String(n), `page ${n} starts with its number:\n${t.slice(0, 300)}`);
    // Centred: the number's column is near the middle of the text line width.
    const line = t.split('\n').find((l) => l.trim() !== '');
    const col = line.indexOf(String(n));
    const width = Math.max(...t.split('\n').map((l) => l.length));
    assert.ok(Math.abs(col - width / 2) < width * 0.15, `centred (${col} of ${width})`);
  }
  // PDF/A-2b, structurally (veraPDF is not in Debian): XMP identification, an output intent,
  // no encryption, every font embedded, no transparency group, no JavaScript.
  const all = pdfBodies(buf);
  assert.match(all, /pdfaid:part(>|=['"])2/);
  assert.match(all, /pdfaid:conformance(>|=['"])B/);
  assert.match(all, /\/OutputIntents/);
  assert.match(all, /\/S\s*\/GTS_PDFA1/);
  assert.match(all, /\/DestOutputProfile/);
  assert.match(p.info, /Encrypted:\s+no/);
  assert.doesNotMatch(all, /\/Encrypt\b/);
  assert.doesNotMatch(all, /\/S\s*\/Transparency/, 'no transparency group');
  assert.doesNotMatch(all, /\/JavaScript|\/JS\b/);
  for (const l of p.fonts.trim().split('\n').slice(2)) assert.match(l, /\byes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/, `embedded: ${l}`);

  // DOCX: word/header1.xml with a centred PAGE field, referenced from the section, titlePg set.
  const r = await fetch(srv.base + `/outgoing/${id}/document.docx`, { headers: { cookie: spec.cookieHeader() } });
  assert.equal(r.status, 200);
  const f = join(tmp, 'long.docx');
  writeFileSync(f, Buffer.from(await r.arrayBuffer()));
  assert.match(run('unzip', ['-l', f]), /word\/header1\.xml/);
  const hdr = run('unzip', ['-p', f, 'word/header1.xml']);
  assert.equal(spawnSync('xmllint', ['--noout', '-'], { input: hdr }).status, 0, 'header1.xml is well-formed');
  assert.match(hdr, /<w:hdr /);
  assert.match(hdr, /<w:instrText[^>]*> PAGE /);
  assert.match(hdr, /<w:fldChar w:fldCharType="begin"\/>/);
  assert.match(hdr, /<w:jc w:val="center"\/>/);
  const xml = run('unzip', ['-p', f, 'word/document.xml']);
  assert.equal(spawnSync('xmllint', ['--noout', '-'], { input: xml }).status, 0);
  const sect = /<w:sectPr>[\s\S]*<\/w:sectPr>/.exec(xml)[0];
  const rid = /<w:headerReference w:type="default" r:id="(\w+)"\/>/.exec(sect);
  assert.ok(rid, `sectPr references a header: ${sect}`);
  assert.match(sect, /<w:titlePg\/>/, 'a different first page');
  assert.doesNotMatch(sect, /w:type="first"/, 'no header on page 1');
  const rels = run('unzip', ['-p', f, 'word/_rels/document.xml.rels']);
  assert.match(rels, new RegExp(`Id="${rid[1]}" Type="[^"]*/header" Target="header1\\.xml"`));
  const types = run('unzip', ['-p', f, '\\[Content_Types].xml']);
  assert.match(types, /PartName="\/word\/header1\.xml" ContentType="[^"]*wordprocessingml\.header\+xml"/);
});

test('a refused Trình names every field (API 422 errors[].field); the draft page shows each finding beside its field', async () => {
  await setup();
  const spec = await as('chuyenvien');
  const r0 = await spec.post('/api/v1/outgoing', {
    json: { register_id: reg, doc_type: 'ke_hoach', subject: 'V/v tổ chức hội nghị', body: '', secrecy: 'none', urgency: 'normal' },
  });
  assert.equal(r0.status, 201, r0.text);
  const id = r0.json().id;
  const boss = (await (await as('chanhvp')).get('/api/v1/me')).json();
  const sub = await spec.post(`/api/v1/outgoing/${id}/submit`, { json: { to: boss.id } });
  assert.equal(sub.status, 422, sub.text);
  const e = sub.json().error;
  assert.equal(e.code, 'invalid_input');
  assert.match(e.message, /Dự thảo chưa đúng thể thức/);
  assert.ok(['subject', 'body', 'recipients'].includes(e.field), `first field: ${e.field}`);
  assert.deepEqual(e.errors.map((x) => x.field).sort(), ['body', 'recipients', 'subject']);
  for (const x of e.errors) {
    assert.equal(x.severity, 'error');
    assert.match(x.message, /[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ]/i);
  }
  assert.ok(e.warnings.some((x) => x.field === 'signer_id' && x.severity === 'warning'), JSON.stringify(e.warnings));
  // Not a leader: refused for that, not by the check (no findings list).
  const bad = await spec.post(`/api/v1/outgoing/${id}/submit`, { json: { to: 999999 } });
  assert.equal(bad.status, 422, bad.text);
  assert.match(bad.json().error.message, /Hãy chọn lãnh đạo/);
  assert.equal(bad.json().error.errors, undefined);

  // The page: each finding beside its field, errors red (out-error), the warning amber.
  const page = await spec.get(`/outgoing/${id}`);
  const subjectField = page.text.indexOf('id="v-subject"');
  const bodyField = page.text.indexOf('id="v-body"');
  const subjErr = page.text.indexOf('class="out-finding out-error" data-field="subject"', subjectField);
  const bodyErr = page.text.indexOf('class="out-finding out-error" data-field="body"', bodyField);
  assert.ok(subjectField > 0 && subjErr > subjectField && subjErr < bodyField, 'the subject\'s error right after its input');
  assert.ok(bodyErr > bodyField, 'the body\'s error right after its input');
  assert.match(page.text, /<details open id="edit-draft">/, 'the edit form opens when its fields have errors');
  assert.match(page.text, /id="recipients-panel"><h2>Nơi nhận<\/h2><span class="out-finding out-error" data-field="recipients"/);
  assert.match(page.text, /<dd id="signer">[^]*?class="out-finding out-warn" data-field="signer_id"/);
  // The page form's refusal comes back to the page with the errors in the summary.
  const csrf = await spec.csrf(`/outgoing/${id}`);
  const r = await spec.post(`/outgoing/${id}/submit`, { form: { csrf, to: boss.id } });
  assert.equal(r.status, 303);
  const back = await spec.follow(r);
  assert.match(back.text, /Nơi nhận: chưa có nơi nhận nào|chưa có nơi nhận/);
  assert.equal((await spec.get(`/api/v1/outgoing/${id}`)).json().submitted_to ?? null, null, 'nothing submitted');
  // Fixed subject and body: their findings go, the recipients' stays.
  const fix = await spec.post(`/api/v1/outgoing/${id}/versions`, { json: { subject: 'Tổ chức hội nghị sơ kết', body: 'Văn phòng Thành ủy xây dựng kế hoạch như sau.' } });
  assert.ok(fix.status < 300, fix.text);
  const after = await spec.get(`/outgoing/${id}`);
  assert.doesNotMatch(after.text, /out-error" data-field="(subject|body)"/);
  assert.match(after.text, /out-error" data-field="recipients"/);
  // Out of scope: the page is not found, findings and all.
  const ward = await (await as('donvi')).get(`/outgoing/${id}`);
  assert.equal(ward.status, 404);
});
