// Search over real HTTP (issue 4): the VI-TEXT.md match table end to end (documents registered
// through POST /api/v1/incoming by the clerk, found through GET /api/v1/search), exact-diacritic
// ranking, document numbers, secrecy in hits, totals and facets, malformed queries, the
// results page, and extraction of files the test makes itself: a PDF and a scanned PDF
// rendered by chromium, a DOCX zipped here, a PNG screenshot OCRed, a garbage file that must
// end as a visible failed job while the server keeps serving.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { deflateRawSync } from 'node:zlib';
import { startServer } from './lib.mjs';

let srv;
let seq = 0;

before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

const as = (login) => srv.as(login);

// Registers an incoming document as the clerk; returns its id.
async function register(subject, { code, issuer = 'Văn phòng Thành ủy', secrecy, date = '2026-02-27', login = 'vanthu' } = {}) {
  const c = await as(login);
  seq += 1;
  const r = await c.post('/api/v1/incoming', {
    json: {
      issuer_name: issuer, code: code || `${100 + seq}-CV/TK${seq}`, doc_type: 'cong_van',
      issued_date: date, subject, secrecy, duplicate_reason: 'thử nghiệm tìm kiếm',
    },
  });
  assert.equal(r.status, 201, r.text);
  return r.json().id;
}

async function search(login, q, params = {}) {
  const c = await as(login);
  const qs = new URLSearchParams({ q, limit: '100', kind: 'in', ...params });
  const r = await c.get(`/api/v1/search?${qs}`);
  assert.equal(r.status, 200, `search ${q}: ${r.text}`);
  return r.json();
}

// Ids of the incoming hits (the demo office's outgoing documents share the id space).
function ids(res) {
  return res.items.filter((i) => i.kind === 'in').map((i) => i.id);
}

test('the VI-TEXT.md match table through the API', async () => {
  const d = {
    canTho: await register('Thành phố Cần Thơ tổ chức hội nghị tổng kết'),
    dang: await register('Đảng bộ phường học tập nghị quyết'),
    dangLam: await register('Cán bộ đang làm việc tại cơ sở'),
    hoaBinh: await register('Hợp tác với tỉnh Hòa Bình'),
    nfd: await register('Khen thưởng ông NGUYE\u0302\u0303N VA\u0306N A'),
    vanThu: await register('Phòng văn thư lưu trữ', { issuer: 'Ban Tuyên giáo' }),
    quanLy1: await register('Tăng cường quản lý tài sản công'),
    quanLy2: await register('Quy chế quản lí văn bản điện tử'),
    hd: await register('Hướng dẫn thể thức văn bản của Đảng', { code: '36-HD/VPTW', issuer: 'Văn phòng Trung ương Đảng' }),
    qd: await register('Quyết định khen thưởng tập thể', { code: '123/QĐ-UBND', issuer: 'Ủy ban nhân dân thành phố' }),
  };
  const expect = async (q, yes, no = []) => {
    const r = await search('vanthu', q);
    for (const k of yes) assert.ok(ids(r).includes(d[k]), `${q} finds ${k}: ${JSON.stringify(ids(r))}`);
    for (const k of no) assert.ok(!ids(r).includes(d[k]), `${q} must not find ${k}`);
    return r;
  };
  await expect('can tho', ['canTho']);
  await expect('dang', ['dang', 'dangLam']);
  await expect('đảng', ['dang'], ['dangLam']);
  await expect('hoà bình', ['hoaBinh']);
  await expect('nguyen', ['nfd']);
  await expect('"văn phòng"', [], ['vanThu']);
  await expect('quan ly', ['quanLy1', 'quanLy2']);
  await expect('vpt*', ['hd']);
  await expect('36-HD/VPTW', ['hd']);
  await expect('VPTW', ['hd']);
  await expect('123/QĐ-UBND', ['qd']);
  await expect('dang -lam', ['dang'], ['dangLam']);
  const r = await expect('hòa OR "tập thể"', ['hoaBinh', 'qd']);
  const item = r.items.find((i) => i.id === d.hoaBinh);
  assert.equal(item.kind, 'in');
  assert.equal(item.url, `/incoming/${d.hoaBinh}`);
  assert.match(item.snippet, /<mark>Hòa<\/mark>/);
  assert.ok(typeof item.score === 'number');
});

test('exact-diacritic hits rank first', async () => {
  const marked = await register('Nghị quyết Đại hội Đảng bộ lần thứ nhất');
  const plain = await register('Ghi chú dang dở của tổ soạn thảo');
  let r = await search('vanthu', 'dang');
  const a = ids(r).indexOf(plain), b = ids(r).indexOf(marked);
  assert.ok(a >= 0 && b >= 0);
  assert.ok(a < b, 'the hit spelled as typed comes first');
  assert.equal(r.items[a].exact, true);
  r = await search('vanthu', 'Đảng');
  assert.ok(ids(r).indexOf(marked) < ids(r).indexOf(plain) || !ids(r).includes(plain));
  // sort by date: newest issued first
  // (the demo office has far more than a page of "dang": compare the dates, not the tail)
  const old = await register('dang cũ năm 2020', { date: '2020-01-06' });
  r = await search('vanthu', 'dang', { sort: 'date' });
  const dates = r.items.map((i) => i.issued_date);
  assert.deepEqual(dates, [...dates].sort().reverse());
  r = await search('vanthu', 'dang cu', { sort: 'date' });
  assert.equal(ids(r)[ids(r).length - 1], old);
});

test('secret documents: no hit, count or facet for those who may not open them', async () => {
  const open = await register('Kế hoạch kiểm tra giám sát chuyên đề năm 2026');
  const secret = await register('Kế hoạch kiểm tra nhân sự chuẩn bị đại hội', { secrecy: 'mat' });
  // (queries narrow enough that the demo office's own documents do not match)
  let r = await search('vanthu', 'nhan su chuan bi dai hoi');
  assert.deepEqual(ids(r), [secret]);
  assert.equal(r.total, 1);
  // a specialist of another unit: neither the document nor its count nor a facet
  r = await search('chuyenvien2', 'nhan su chuan bi dai hoi');
  assert.equal(r.total, 0);
  assert.deepEqual(r.items, []);
  for (const f of Object.values(r.facets)) assert.deepEqual(f, []);
  r = await search('chuyenvien2', 'kiem tra giam sat chuyen de');
  assert.equal(r.total, 0);
  // a specialist of the same unit: the ordinary one only
  r = await search('chuyenvien', 'ke hoach kiem tra');
  assert.ok(ids(r).includes(open));
  assert.ok(!ids(r).includes(secret));
  const countIn = r.facets.kind.reduce((s, f) => s + f.count, 0);
  assert.equal(countIn, r.total);
  // the admin is technical: no secret documents
  r = await search('admin', 'nhan su chuan bi dai hoi');
  assert.equal(r.total, 0);
  // state and retry of what one may not see: 404, no trace
  const c2 = await as('chuyenvien2');
  assert.equal((await c2.get(`/api/v1/search/state/in/${secret}`)).status, 404);
  assert.equal((await c2.post(`/api/v1/search/reindex/in/${secret}`)).status, 404);
  // the page shows the same
  const page = await c2.get(`/search?q=${encodeURIComponent('chuẩn bị đại hội')}`);
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /nhân sự chuẩn bị/);
});

test('malformed queries get a Vietnamese message, never an error page', async () => {
  const c = await as('vanthu');
  for (const q of ['"văn phòng', '-', 'OR', '-dang', '(dang', 'x'.repeat(501), 'a OR', '***']) {
    const r = await c.get(`/api/v1/search?q=${encodeURIComponent(q)}`);
    assert.equal(r.status, 400, `${q}: ${r.text}`);
    const j = r.json();
    assert.equal(j.error.code, 'invalid_query');
    assert.match(j.error.message, /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i);
  }
  let r = await c.get('/api/v1/search?q=%FF%FE');
  assert.equal(r.status, 400);
  r = await c.get(`/search?q=${encodeURIComponent('"văn phòng')}`);
  assert.equal(r.status, 200);
  assert.match(r.text, /dấu ngoặc kép/);
  r = await c.get('/api/v1/search?q=dang&sort=sideways');
  assert.equal(r.status, 400);
  r = await c.get('/api/v1/search?q=dang&from=2026-13-45');
  assert.equal(r.status, 400);
  // anonymous callers are not served
  r = await srv.client().get('/api/v1/search?q=dang');
  assert.ok(r.status === 401 || r.status === 303, String(r.status));
});

test('results page: filters, facets, links, escaping', async () => {
  const id = await register('Báo cáo <script>alert(1)</script> về công tác phòng chống tham nhũng');
  const c = await as('vanthu');
  const r = await c.get(`/search?q=${encodeURIComponent('tham nhung')}`);
  assert.equal(r.status, 200);
  assert.match(r.text, new RegExp(`href="/incoming/${id}"`));
  assert.match(r.text, /<mark>tham nhũng<\/mark>/);
  assert.doesNotMatch(r.text, /<script>alert/);
  assert.match(r.text, /&lt;script&gt;/);
  assert.match(r.text, /Văn bản đến/);
  // a chosen facet is marked as current with a real attribute, not escaped text
  const k = await c.get(`/search?q=${encodeURIComponent('tham nhung')}&kind=in`);
  assert.match(k.text, /<a href="[^"]*" aria-current="true">/);
  assert.doesNotMatch(k.text, /&quot;true&quot;/);
  const y = await c.get(`/search?q=${encodeURIComponent('tham nhung')}&year=2019`);
  assert.match(y.text, /Tìm thấy 0 văn bản/);
});

// Issue 12 §16: OR separates the phrases around it; units of the same name are told apart in
// the facets; a search that finds nothing suggests something; no developer timing on the page.
test('OR between phrases, distinct unit facets, suggestions on zero results, no timing', async () => {
  const all = async (q) => {
    const c = await as('admin');
    const r = await c.get(`/api/v1/search?${new URLSearchParams({ q, limit: '1' })}`);
    assert.equal(r.status, 200, `search ${q}: ${r.text}`);
    return r.json();
  };
  const quoted = await all('"chuyển đổi số" OR "sạt lở"');
  assert.ok(quoted.total > 0, 'the demo office holds both subjects');
  const bare = await all('chuyển đổi số OR sạt lở');
  assert.equal(bare.total, quoted.total, 'OR between the phrases around it');
  const c = await as('admin');
  const page = await c.get(`/search?q=${encodeURIComponent('chuyển đổi số OR sạt lở')}`);
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`Tìm thấy ${quoted.total} văn bản`));
  assert.doesNotMatch(page.text, /\d+ ms\)/, 'no developer timing on the page');
  // unit facets: the dissolved Thành ủy and the merged one never share a label
  const f = await all('thành ủy');
  const labels = f.facets.unit.map((u) => u.label);
  assert.equal(new Set(labels).size, labels.length, `labels: ${labels.join(' | ')}`);
  const html = await c.get(`/search?q=${encodeURIComponent('thành ủy')}`);
  const shown = [...html.text.matchAll(/href="[^"]*unit=\d+[^"]*"[^>]*>([^<]*)<\/a>/g)].map((m) => m[1]);
  assert.ok(shown.length > 1, 'unit facets shown');
  assert.equal(new Set(shown).size, shown.length, `shown: ${shown.join(' | ')}`);
  assert.ok(shown.some((l) => /\(đến \d\d\/\d\d\/\d{4}\)/.test(l)), `a dissolved unit dated: ${shown.join(' | ')}`);
  // nothing found: suggestions that are links and run
  const none = await c.get(`/search?q=${encodeURIComponent('Ngựa vằn xyzzyq')}&year=2019`);
  assert.match(none.text, /Tìm thấy 0 văn bản/);
  assert.match(none.text, /Tìm lại không có bộ lọc/);
  assert.match(none.text, /href="\/search\?q=Ng%E1%BB%B1a[^"]*">/);
  assert.match(none.text, /Tìm không dấu: ngua van xyzzyq/);
  assert.match(none.text, /Tìm văn bản có một trong các từ: Ngựa OR vằn OR xyzzyq/);
});

// ---- files made by the test ------------------------------------------------------------------

let browser;
async function getBrowser() {
  if (!browser) {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  }
  return browser;
}
after(async () => { if (browser) await browser.close(); });

const PAGE_CSS = 'body{font-family:"DejaVu Sans","Noto Sans",sans-serif;font-size:22px;margin:40px;background:#fff;color:#000}';

async function pdfOf(html) {
  const page = await (await getBrowser()).newPage();
  await page.setContent(`<style>${PAGE_CSS}</style>${html}`);
  const pdf = await page.pdf({ format: 'A4' });
  await page.close();
  return pdf;
}

async function pngOf(text) {
  const page = await (await getBrowser()).newPage({ viewport: { width: 1000, height: 300 } });
  await page.setContent(`<style>${PAGE_CSS} p{font-size:34px;line-height:1.5}</style><p>${text}</p>`);
  const png = await page.screenshot({ type: 'png' });
  await page.close();
  return png;
}

// A DOCX is a zip: stored entries, CRC-32 computed here.
const CRC = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function zip(files) {
  const locals = [], centrals = [];
  let offset = 0;
  for (const [name, text, deflate] of files) {
    const raw = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
    const data = deflate ? deflateRawSync(raw, { level: 9 }) : raw;
    const fname = Buffer.from(name, 'utf8'), crc = crc32(raw);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0); lh.writeUInt16LE(20, 4); lh.writeUInt16LE(0x0800, 6);
    lh.writeUInt16LE(deflate ? 8 : 0, 8); lh.writeUInt32LE(0, 10); lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(data.length, 18); lh.writeUInt32LE(raw.length, 22);
    lh.writeUInt16LE(fname.length, 26); lh.writeUInt16LE(0, 28);
    locals.push(lh, fname, data);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0); ch.writeUInt16LE(20, 4); ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(0x0800, 8); ch.writeUInt16LE(deflate ? 8 : 0, 10); ch.writeUInt32LE(0, 12);
    ch.writeUInt32LE(crc, 16); ch.writeUInt32LE(data.length, 20); ch.writeUInt32LE(raw.length, 24);
    ch.writeUInt16LE(fname.length, 28); ch.writeUInt32LE(offset, 42);
    centrals.push(ch, fname);
    offset += 30 + fname.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(files.length, 8); end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
function docx(paragraphs, bomb) {
  const body = paragraphs.map((p) => `<w:p><w:r><w:t xml:space="preserve">${p}</w:t></w:r></w:p>`).join('');
  const doc = bomb
    ? Buffer.concat([Buffer.from('<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'), Buffer.alloc(bomb, 0x61), Buffer.from('</w:t></w:r></w:p></w:body></w:document>')])
    : null;
  return zip([
    ['[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'],
    ['_rels/.rels', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'],
    doc ? ['word/document.xml', doc, true]
      : ['word/document.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`],
  ]);
}

async function attach(id, bytes, name, type) {
  const c = await as('vanthu');
  const fd = new FormData();
  fd.append('file', new Blob([bytes], { type }), name);
  const r = await c.post(`/api/v1/incoming/${id}/attachments`, { body: fd });
  assert.equal(r.status, 201, `attach ${name}: ${r.text}`);
  return r.json().id;
}

// Waits (bounded) for the document's indexing to settle; returns the final state.
async function settled(id, timeoutMs = 90000) {
  const c = await as('vanthu');
  const t0 = Date.now();
  for (;;) {
    const r = await c.get(`/api/v1/search/state/in/${id}`);
    assert.equal(r.status, 200, r.text);
    const s = r.json();
    if (s.state !== 'queued') return s;
    if (Date.now() - t0 > timeoutMs) return s;
    await new Promise((res) => setTimeout(res, 300));
  }
}

test('attachments are extracted and found: PDF, DOCX, scanned image, scanned PDF', async () => {
  const pdfId = await register('Công văn kèm tệp PDF');
  await attach(pdfId, await pdfOf('<p>Số 45-KH/TU</p><p>Kế hoạch tổ chức Hội thi Bí thư chi bộ giỏi năm 2026, bồi dưỡng nghiệp vụ công tác Đảng.</p>'), 'ke-hoach.pdf', 'application/pdf');
  const docxId = await register('Công văn kèm tệp Word');
  await attach(docxId, docx(['Tờ trình về việc đề nghị khen thưởng', 'Tập thể Chi bộ Khu vực Bình Thủy đạt danh hiệu trong sạch vững mạnh']), 'to-trinh.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  const scanId = await register('Văn bản giấy quét');
  const png = await pngOf('NGHỊ QUYẾT về phát triển kinh tế biển bền vững đến năm 2030');
  await attach(scanId, png, 'scan.png', 'image/png');
  const scanPdfId = await register('Bản quét PDF');
  await attach(scanPdfId, await pdfOf(`<img style="width:100%" src="data:image/png;base64,${(await pngOf('Thông báo kết luận của Ban Thường vụ về chuyển đổi số')).toString('base64')}">`), 'quet.pdf', 'application/pdf');

  for (const id of [pdfId, docxId, scanId, scanPdfId]) {
    const s = await settled(id);
    assert.equal(s.state, 'indexed', `document ${id}: ${JSON.stringify(s)}`);
  }
  let r = await search('vanthu', 'hoi thi bi thu chi bo gioi');
  assert.ok(ids(r).includes(pdfId), 'PDF text found unaccented');
  r = await search('vanthu', '45-KH/TU');
  assert.ok(ids(r).includes(pdfId), 'number inside the PDF');
  r = await search('vanthu', '"trong sạch vững mạnh"');
  assert.ok(ids(r).includes(docxId), 'DOCX text found');
  r = await search('vanthu', 'kinh te bien ben vung');
  assert.ok(ids(r).includes(scanId), `OCR text of the image found: ${JSON.stringify(r.items.map((i) => i.snippet))}`);
  r = await search('vanthu', 'chuyen doi so');
  assert.ok(ids(r).includes(scanPdfId), 'OCR of a scanned PDF found');
});

test('a garbage file ends as a visible failed job; the server keeps serving; retry', async () => {
  const id = await register('Công văn kèm tệp hỏng');
  const junk = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(200000, 0x41), Buffer.from('\n%%EOF\n')]);
  await attach(id, junk, 'hong.pdf', 'application/pdf');
  const s = await settled(id);
  assert.equal(s.state, 'failed');
  assert.ok(s.error && s.error.length > 10, JSON.stringify(s));
  // still serving, and the document's metadata is still found
  const c = await as('vanthu');
  assert.equal((await c.get('/healthz')).status, 200);
  const r = await search('vanthu', 'tep hong');
  assert.ok(ids(r).includes(id));
  // the status page lists it for the clerk, with a retry button
  let page = await c.get('/search/status');
  assert.equal(page.status, 200);
  assert.match(page.text, /hong\.pdf/);
  assert.match(page.text, new RegExp(`action="/search/reindex/in/${id}"`));
  // not for a specialist
  assert.equal((await (await as('chuyenvien')).get('/search/status')).status, 404);
  // retry through the API: queued again, then failed again
  const rr = await c.post(`/api/v1/search/reindex/in/${id}`);
  assert.equal(rr.status, 202, rr.text);
  const s2 = await settled(id);
  assert.equal(s2.state, 'failed');
  // the document's own page shows the failure and offers the retry
  const docPage = await c.get(`/incoming/${id}`);
  assert.match(docPage.text, /id="index-state"/);
  assert.match(docPage.text, new RegExp(`action="/search/reindex/in/${id}"`));
  assert.match(docPage.text, /name="back" value="doc"/);
  // a zip bomb (200 MB of XML in a small DOCX) is refused, not unpacked into memory
  const bombId = await register('Công văn kèm tệp Word độc hại');
  await attach(bombId, docx([], 200 * 1024 * 1024), 'bom.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  const sb = await settled(bombId);
  assert.equal(sb.state, 'failed', JSON.stringify(sb));
  assert.match(sb.error, /quá lớn/);
  assert.equal((await c.get('/healthz')).status, 200);
  // retry through the page's form (CSRF, 303 back to the status page)
  const csrf = (page.text.match(/name="csrf" value="([^"]+)"/) || [])[1];
  const pr = await c.post(`/search/reindex/in/${id}`, { form: { csrf } });
  assert.equal(pr.status, 303);
  page = await c.follow(pr);
  assert.equal(page.status, 200);
});

test('vanphong reindex rebuilds the index with plain progress lines off a terminal, while the server serves', async () => {
  const id = await register('Văn bản kiểm tra lập lại chỉ mục toàn bộ');
  const r = srv.cli(['reindex', '--data', '$DATA']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /reindexed \d+ documents/);
  // stderr is a pipe here: progress comes as whole lines, never a bar redrawn with \r.
  assert.match(r.stderr, /\d+\/\d+ \(\d+\.\d s\)\n/);
  assert.doesNotMatch(r.stderr, /\r|\[#/);
  const res = await search('vanthu', 'lap lai chi muc toan bo');
  assert.ok(ids(res).includes(id));
});
