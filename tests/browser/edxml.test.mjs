// edXML in the browser (issue 18), at 1366×768 and 390×844: the city clerk opens the queue of
// electronic documents, uploads an .edxml package from Tỉnh ủy Vĩnh Long with the form on that
// page, lands on the queued document (sender, number, its file), registers it from there and
// sees the record with the sender and the deadline the package carried; a tampered package
// comes back to the queue with the message in red beside the file field, and nothing lands.
// Screenshots: edxml-*-<width>.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { launch, newPage, shot, login, startServer, DEMO_PASSWORD } from './lib.mjs';

let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { if (browser) await browser.close(); if (srv) await srv.stop(); });

const NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
const today = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
const due = new Date(Date.now() + 7 * 3600e3 + 30 * 86400e3).toISOString().slice(0, 10);
const vn = (iso) => iso.split('-').reverse().join('/');

function pkg(number, tamper = false) {
  const text = Buffer.from(`Chương trình hội nghị số ${number}.\n`);
  let h = createHash('sha256').update(text).digest('hex');
  if (tamper) h = (h[0] === 'a' ? 'b' : 'a') + h.slice(1);
  return `<?xml version="1.0" encoding="UTF-8"?>
<e:edXMLEnvelope xmlns:e="${NS}"><e:edXMLHeader><e:MessageHeader>
<From><OrganId>000.00.86.T01</OrganId><OrganName>Tỉnh ủy Vĩnh Long</OrganName></From>
<To><OrganId>000.00.31.T01</OrganId><OrganName>Thành ủy Cần Thơ</OrganName></To>
<DocumentId>000.00.86.T01,${today},${number}-CV/TU</DocumentId>
<Code><CodeNumber>${number}</CodeNumber><CodeNotation>CV/TU</CodeNotation></Code>
<PromulgationInfo><Place>Vĩnh Long</Place><PromulgationDate>${today}</PromulgationDate></PromulgationInfo>
<DocumentType><Type>1</Type><TypeName>Công văn</TypeName></DocumentType>
<Subject>Về việc mời dự Hội nghị liên kết vùng số ${number}</Subject>
<SignerInfo><FullName>Nguyễn Thị Quyên</FullName></SignerInfo><DueDate>${due}</DueDate>
<OtherInfo><Priority>1</Priority><Secret>0</Secret></OtherInfo></e:MessageHeader>
<e:TraceHeaderList><Bussiness><BussinessDocType>0</BussinessDocType></Bussiness></e:TraceHeaderList></e:edXMLHeader>
<e:edXMLBody><Manifest><Reference><ContentId>cid:1</ContentId><ContentType>text/plain</ContentType>
<AttachmentName>chuong-trinh.txt</AttachmentName><Hash>${h}</Hash></Reference></Manifest>
<Attachments><Attachment ContentId="cid:1">${text.toString('base64')}</Attachment></Attachments></e:edXMLBody></e:edXMLEnvelope>`;
}

async function noPageScroll(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}

for (const [width, height] of [[1366, 768], [390, 844]]) {
  test(`a clerk uploads an edXML package, sees it in the queue and registers it (${width}px)`, async () => {
    const number = width === 1366 ? '611' : '612';
    const clerk = await newPage(browser, srv.base, { width, height });
    await login(clerk, 'vanthu', DEMO_PASSWORD);
    await clerk.goto('/incoming/inbox');
    assert.ok(await clerk.locator('#edxml-import').isVisible(), 'the upload form is on the queue page');
    assert.ok(await noPageScroll(clerk), 'no horizontal page scroll');

    // A tampered package: back to the queue, the message beside the file field.
    await clerk.setInputFiles('#edxml-package', { name: 'hong.edxml', mimeType: 'application/xml', buffer: Buffer.from(pkg('699', true)) });
    await Promise.all([clerk.waitForNavigation(), clerk.click('#edxml-import button')]);
    assert.match(new URL(clerk.url()).pathname, /^\/incoming\/inbox$/);
    assert.match(await clerk.locator('#edxml-import').textContent(), /không khớp mã băm/);
    assert.equal(await clerk.locator('#inbox', { hasText: '699-CV/TU' }).count(), 0, 'nothing landed');
    await shot(clerk, `edxml-refused-${width}`);

    // The good package.
    await clerk.setInputFiles('#edxml-package', { name: 'goi.edxml', mimeType: 'application/xml', buffer: Buffer.from(pkg(number)) });
    await Promise.all([clerk.waitForNavigation(), clerk.click('#edxml-import button')]);
    assert.match(new URL(clerk.url()).pathname, /^\/incoming\/inbox\/\d+$/);
    const doc = await clerk.locator('#inbox-doc').textContent();
    assert.match(doc, /Tỉnh ủy Vĩnh Long/);
    assert.match(doc, new RegExp(`${number}-CV/TU`));
    assert.match(await clerk.locator('#files').textContent(), /chuong-trinh\.txt/);
    await shot(clerk, `edxml-queued-${width}`);

    // In the queue list, then registered from there.
    await clerk.goto('/incoming/inbox');
    const row = clerk.locator('#inbox tr', { hasText: `${number}-CV/TU` });
    assert.equal(await row.count(), 1);
    await Promise.all([clerk.waitForNavigation(), row.locator('a[href^="/incoming/new?inbox_id="]').click()]);
    await Promise.all([clerk.waitForNavigation(), clerk.getByRole('button', { name: 'Vào sổ' }).click()]);
    assert.match(clerk.url(), /\/incoming\/\d+$/);
    const body = await clerk.locator('main').textContent();
    assert.match(body, /Tỉnh ủy Vĩnh Long/);
    assert.match(body, new RegExp(`${number}-CV/TU`));
    assert.match(body, new RegExp(vn(due)));
    assert.ok(await noPageScroll(clerk), 'no horizontal page scroll');
    await shot(clerk, `edxml-registered-${width}`);
    assert.deepEqual(clerk.errors, []);
    await clerk.context().close();
  });
}
