/* edXML packages (edxml.h): the round trip build → parse for every header field and the
 * files; receive → queue → registration with the fields mapped; each refusal (bad XML, wrong
 * namespace, missing field, tampered hash, duplicate, unknown sender, secrecy) leaves only its
 * refusal row; business messages (recall while queued → 13; recall of a registered document
 * → a request, agreed → 15 and the record withdrawn); status packages both ways; the secrecy
 * rule on export. */
#include "test_outgoing_fixture.h"

#include "base/config.h"
#include "edxml/edxml.h"
#include "exchange/exchange.h"
#include "files/blob.h"
#include "incoming/incoming.h"

#include <sodium.h>

#define OUR "000.00.00.T01" /* Thành ủy Cần Thơ (fixture unit 1) */
#define FAR "000.00.00.G22" /* an outside organ known here */

static const char pdf[] =
    "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R "
    ">>\n%%EOF\n";
static const char txt[] = "Danh sách đại biểu dự hội nghị\n";

static const db_query q_inbox_n = {"t.inbox_n", "SELECT count(*) FROM inbox", NULL};
static const db_query q_refused_n = {
    "t.refused_n", "SELECT count(*) FROM edxml_packages WHERE status = '02'", NULL};
static const db_query q_audit_refuse = {
    "t.audit_refuse", "SELECT count(*) FROM audit_log WHERE action = 'edxml.refuse'", NULL};

static void office(struct fx *f, int secrecy)
{
    char *err = NULL;
    char sql[2048];
    snprintf(
        sql, sizeof sql,
        "UPDATE units SET organ_id = '" OUR "' WHERE id = 1;"
        "INSERT %s INTO edxml_organs (organ_id, name, encrypted, created_at) VALUES"
        " ('" FAR "', 'Tỉnh ủy Vĩnh Long', 0, 'x') %s;"
        "INSERT INTO outgoing (register_id, unit_id, doc_type, subject, body, secrecy, urgency,"
        " status, drafted_by, signed_by, issued_by, issued_date, number, notation, copies)"
        " VALUES (1, 2, 'cong_van', 'Về việc chuẩn bị hội nghị sơ kết', 'Kính gửi: …', %d, 1,"
        " 'issued', 5, 3, 4, '2026-02-27', 5, '05-CV/VPTU', 3);"
        "INSERT INTO outgoing_recipients (outgoing_id, unit_id, name) VALUES"
        " ((SELECT max(id) FROM outgoing), NULL, 'Tỉnh ủy Vĩnh Long');",
        test_store_pg() ? "" : "OR IGNORE", test_store_pg() ? "ON CONFLICT DO NOTHING" : "",
        secrecy);
    if (db_exec_script(f->d, sql, &err) != 0)
        fail_msg("seed: %s", err);
}

static void attach(struct fx *f, int64_t out_id, const char *data, size_t n, const char *name,
                   const char *mime)
{
    char sha[65];
    const char *berr = NULL;
    assert_int_equal(blob_put_bytes(config.blob_dir, config.tmp_dir, data, n, sha, &berr), 0);
    char sql[512];
    snprintf(sql, sizeof sql,
             "INSERT INTO attachments (doc_kind, doc_id, sha256, filename, mime, size) VALUES"
             " ('out', %lld, '%s', '%s', '%s', %zu)",
             (long long)out_id, sha, name, mime, n);
    char *err = NULL;
    if (db_exec_script(f->d, sql, &err) != 0)
        fail_msg("attach: %s", err);
}

/* A package from the outside organ to this office, as another system would send it. */
static void far_package(strbuf *out, const char *docid, int secrecy, int business, const char *ref,
                        bool tamper)
{
    edxml_organ to = {.organ_id = OUR, .name = "Thành ủy Cần Thơ"};
    edxml_file files[2] = {
        {.content_id = "cid:1",
         .name = "cong-van.pdf",
         .mime = "application/pdf",
         .data = (const unsigned char *)pdf,
         .size = sizeof pdf - 1},
        {.content_id = "cid:2",
         .name = "danh-sach.txt",
         .mime = "text/plain",
         .data = (const unsigned char *)txt,
         .size = sizeof txt - 1},
    };
    for (int i = 0; i < 2; i++) {
        unsigned char dg[32];
        crypto_hash_sha256(dg, files[i].data, files[i].size);
        sodium_bin2hex(files[i].sha256, 65, dg, 32);
    }
    if (tamper)
        files[1].sha256[0] = files[1].sha256[0] == 'a' ? 'b' : 'a';
    const char *places[] = {"Như trên", "Lưu VT"};
    edxml_ref resp = {.organ_id = OUR,
                      .code = "12-CV/TU",
                      .date = "2026-02-01",
                      .document_id = "000.00.00.T01,2026-02-01,12-CV/TU"};
    edxml_trace tr = {FAR, "2026-02-28T01:00:00Z"};
    edxml_doc p = {
        .from = {.organ_id = FAR, .name = "Tỉnh ủy Vĩnh Long", .email = "vp@vinhlong.dcs.vn"},
        .to = &to,
        .n_to = 1,
        .document_id = docid,
        .code_number = "27",
        .code_notation = "CV/TU",
        .place = "Vĩnh Long",
        .date = "2026-02-28",
        .type = 1,
        .type_name = "Công văn",
        .subject = "Về việc phối hợp tổ chức hội nghị <liên tỉnh> & Tết",
        .content = "Nội dung công văn",
        .signer_competence = "T/M",
        .signer_position = "Phó Bí thư",
        .signer_name = "Lê Văn Tám",
        .due_date = "2026-03-20",
        .places = places,
        .n_places = 2,
        .priority = 2,
        .secrecy = secrecy,
        .steering = 2,
        .copies = 4,
        .pages = 2,
        .sphere = "Lưu hành nội bộ",
        .typer = "VT",
        .responses = &resp,
        .n_responses = 1,
        .trace = &tr,
        .n_trace = 1,
        .business = business,
        .business_ref = ref,
        .business_reason = business ? "Sai sót số liệu" : NULL,
        .files = files,
        .n_files = business == EDXML_RECALL ? 0 : 2};
    const char *err = NULL;
    assert_int_equal(edxml_write_doc(&p, out, &err), 0);
}

static void test_round_trip(void **state)
{
    struct fx *f = *state;
    strbuf b = STRBUF_INIT;
    far_package(&b, "G22,2026-02-28,27-CV/TU", 1, EDXML_NEW, NULL, false);
    arena *a = arena_new();
    edxml_doc *p;
    edxml_status *s;
    const char *err = NULL;
    assert_int_equal(edxml_parse(a, b.buf, b.len, &p, &s, &err), 1);
    assert_string_equal(p->from.organ_id, FAR);
    assert_string_equal(p->from.name, "Tỉnh ủy Vĩnh Long");
    assert_string_equal(p->from.email, "vp@vinhlong.dcs.vn");
    assert_int_equal(p->n_to, 1);
    assert_string_equal(p->to[0].organ_id, OUR);
    assert_string_equal(p->document_id, "G22,2026-02-28,27-CV/TU");
    assert_string_equal(p->code_number, "27");
    assert_string_equal(p->code_notation, "CV/TU");
    assert_string_equal(p->place, "Vĩnh Long");
    assert_string_equal(p->date, "2026-02-28");
    assert_int_equal(p->type, 1);
    assert_string_equal(p->type_name, "Công văn");
    assert_string_equal(p->subject, "Về việc phối hợp tổ chức hội nghị <liên tỉnh> & Tết");
    assert_string_equal(p->content, "Nội dung công văn");
    assert_string_equal(p->signer_competence, "T/M");
    assert_string_equal(p->signer_position, "Phó Bí thư");
    assert_string_equal(p->signer_name, "Lê Văn Tám");
    assert_string_equal(p->due_date, "2026-03-20");
    assert_int_equal(p->n_places, 2);
    assert_string_equal(p->places[1], "Lưu VT");
    assert_int_equal(p->priority, 2);
    assert_int_equal(p->secrecy, 1);
    assert_int_equal(p->steering, 2);
    assert_int_equal(p->copies, 4);
    assert_int_equal(p->pages, 2);
    assert_string_equal(p->sphere, "Lưu hành nội bộ");
    assert_string_equal(p->typer, "VT");
    assert_int_equal(p->n_responses, 1);
    assert_string_equal(p->responses[0].document_id, "000.00.00.T01,2026-02-01,12-CV/TU");
    assert_string_equal(p->responses[0].code, "12-CV/TU");
    assert_int_equal(p->n_trace, 1);
    assert_string_equal(p->trace[0].organ_id, FAR);
    assert_int_equal(p->business, 0);
    assert_int_equal(p->n_files, 2);
    assert_int_equal(p->files[0].size, sizeof pdf - 1);
    assert_memory_equal(p->files[0].data, pdf, sizeof pdf - 1);
    assert_string_equal(p->files[1].name, "danh-sach.txt");
    /* The text was escaped by the writer, never pasted. */
    assert_non_null(strstr(b.buf, "&lt;liên tỉnh&gt; &amp; Tết"));
    arena_free(&a);
    sb_free(&b);
    (void)f;
}

static void test_build_from_issued(void **state)
{
    struct fx *f = *state;
    office(f, 0);
    attach(f, 1, pdf, sizeof pdf - 1, "05-CV-VPTU.pdf", "application/pdf");
    attach(f, 1, txt, sizeof txt - 1, "phu-luc.txt", "text/plain");
    strbuf b = STRBUF_INIT;
    char *err = NULL;
    assert_int_equal(edxml_build(f->d, 1, FAR, EDXML_NEW, &b, &err), 0);
    arena *a = arena_new();
    edxml_doc *p;
    edxml_status *s;
    const char *perr = NULL;
    assert_int_equal(edxml_parse(a, b.buf, b.len, &p, &s, &perr), 1);
    assert_string_equal(p->from.organ_id, OUR); /* VPTU speaks as its committee */
    assert_string_equal(p->to[0].organ_id, FAR);
    assert_string_equal(p->document_id, OUR ",2026-02-27,05-CV/VPTU");
    assert_string_equal(p->code_number, "05");
    assert_string_equal(p->code_notation, "CV/VPTU");
    assert_string_equal(p->type_detail, "cong_van");
    assert_string_equal(p->subject, "Về việc chuẩn bị hội nghị sơ kết");
    assert_int_equal(p->priority, 1);
    assert_int_equal(p->copies, 3);
    assert_int_equal(p->n_places, 1);
    assert_int_equal(p->n_files, 2);
    assert_memory_equal(p->files[1].data, txt, sizeof txt - 1);
    arena_free(&a);
    /* Unknown organ, wrong business. */
    b.len = 0;
    assert_int_equal(edxml_build(f->d, 1, "999.99.99.X99", EDXML_NEW, &b, &err), -1);
    assert_non_null(strstr(err, "mã định danh"));
    free(err);
    assert_int_equal(edxml_build(f->d, 1, FAR, EDXML_RECALL, &b, &err), -1);
    free(err);
    sb_free(&b);
}

static void test_secrecy_export(void **state)
{
    struct fx *f = *state;
    office(f, 2); /* Tối mật */
    strbuf b = STRBUF_INIT;
    char *err = NULL;
    assert_int_equal(edxml_build_ex(f->d, 1, FAR, EDXML_NEW, true, 0, &b, &err), -1);
    assert_non_null(strstr(err, "217-QĐ/TW"));
    free(err);
    assert_int_equal(b.len, 0);
    char *e2 = NULL;
    db_exec_script(f->d, "UPDATE outgoing SET secrecy = 1 WHERE id = 1", &e2);
    assert_int_equal(edxml_build_ex(f->d, 1, FAR, EDXML_NEW, false, 0, &b, &err), -1);
    assert_non_null(strstr(err, "Mật"));
    free(err);
    assert_int_equal(edxml_build_ex(f->d, 1, FAR, EDXML_NEW, true, 0, &b, &err), 0);
    sb_free(&b);
}

static edxml_result receive(struct fx *f, const strbuf *b, int rc_expected)
{
    edxml_result r = {.encrypted_channel = false};
    int rc = edxml_receive(f->d, NULL, b->buf, b->len, &r);
    if (rc != rc_expected)
        fail_msg("receive: rc %d status %s: %s", rc, r.status, r.message);
    return r;
}

static void count_file(ctx *c, int64_t file_id, const char *filename, const char *mime,
                       int64_t size, void *arg)
{
    ++*(int *)arg;
    /* Types by content, not as declared. */
    assert_true(strcmp(mime, "application/pdf") == 0 || strncmp(mime, "text/plain", 10) == 0);
}

static void test_receive_register(void **state)
{
    struct fx *f = *state;
    office(f, 0);
    strbuf b = STRBUF_INIT;
    far_package(&b, "G22,2026-02-28,27-CV/TU", 0, EDXML_NEW, NULL, false);
    edxml_result r = receive(f, &b, 0);
    assert_string_equal(r.status, "01");
    assert_true(r.inbox_id > 0);
    const inbox_row *q = inbox_get(&f->c[P_CLERK], r.inbox_id);
    assert_non_null(q);
    assert_string_equal(q->code, "27-CV/TU");
    assert_string_equal(q->from_name, "Tỉnh ủy Vĩnh Long");
    assert_string_equal(q->due_date, "2026-03-20");
    assert_string_equal(q->doc_type, "cong_van");
    assert_int_equal(q->urgency, 2);
    assert_string_equal(q->signer, "Lê Văn Tám");
    int nfiles = 0;
    assert_int_equal(inbox_files_each(&f->c[P_CLERK], r.inbox_id, count_file, &nfiles), 2);
    assert_int_equal(nfiles, 2);
    /* The ward's clerk does not keep this queue. */
    assert_null(inbox_get(&f->c[P_WARD_CLERK], r.inbox_id));
    /* Registered by the clerk with the fields mapped, the files attached. */
    in_new in = {.inbox_id = r.inbox_id};
    web_err e;
    int64_t n = 0;
    int64_t id = incoming_register(&f->c[P_CLERK], &in, &n, &e);
    if (id < 0)
        fail_msg("register: %s", web_err_message(&e));
    const incoming *rec = incoming_get(&f->c[P_CLERK], id, false);
    assert_string_equal(rec->issuer_name, "Tỉnh ủy Vĩnh Long");
    assert_string_equal(rec->code, "27-CV/TU");
    assert_string_equal(rec->issued_date, "2026-02-28");
    assert_string_equal(rec->due_date, "2026-03-20");
    assert_string_equal(rec->channel, "electronic");
    const char *code, *label;
    assert_int_equal(inbox_status(f->d, q->outgoing_id, q->to_unit_id, &code, &label), 0);
    assert_string_equal(code, "04");
    const char *rcode = NULL;
    assert_int_equal(edxml_received_status(f->d, "G22,2026-02-28,27-CV/TU", FAR, &rcode), 0);
    assert_string_equal(rcode, "04");
    assert_int_equal(edxml_received_status(f->d, "không có", FAR, &rcode), 1);
    /* The same package again: a replay, refused, nothing landed. */
    int64_t before = fx_value(f, &q_inbox_n);
    r = receive(f, &b, 1);
    assert_string_equal(r.status, "02");
    assert_int_equal(r.http, 409);
    assert_int_equal(fx_value(f, &q_inbox_n), before);
    /* A reply to it carries ResponseFor with the sender's DocumentId. */
    char *err = NULL;
    char sql[256];
    snprintf(sql, sizeof sql, "UPDATE outgoing SET reply_to_id = %lld WHERE id = 1", (long long)id);
    assert_int_equal(db_exec_script(f->d, sql, &err), 0);
    strbuf o = STRBUF_INIT;
    assert_int_equal(edxml_build(f->d, 1, FAR, EDXML_NEW, &o, &err), 0);
    arena *a = arena_new();
    edxml_doc *p;
    edxml_status *s;
    const char *perr;
    assert_int_equal(edxml_parse(a, o.buf, o.len, &p, &s, &perr), 1);
    assert_int_equal(p->n_responses, 1);
    assert_string_equal(p->responses[0].document_id, "G22,2026-02-28,27-CV/TU");
    assert_string_equal(p->responses[0].organ_id, FAR);
    assert_string_equal(p->responses[0].code, "27-CV/TU");
    arena_free(&a);
    sb_free(&o);
    sb_free(&b);
}

static void refused(struct fx *f, const char *xml, const char *needle)
{
    int64_t in0 = fx_value(f, &q_inbox_n), r0 = fx_value(f, &q_refused_n),
            a0 = fx_value(f, &q_audit_refuse);
    edxml_result r = {0};
    assert_int_equal(edxml_receive(f->d, NULL, xml, strlen(xml), &r), 1);
    assert_string_equal(r.status, "02");
    if (!strstr(r.message, needle))
        fail_msg("message «%s» lacks «%s»", r.message, needle);
    assert_int_equal(fx_value(f, &q_inbox_n), in0);
    assert_int_equal(fx_value(f, &q_refused_n), r0 + 1);
    assert_int_equal(fx_value(f, &q_audit_refuse), a0 + 1);
}

static char *replace(const char *s, const char *from, const char *to)
{
    const char *p = strstr(s, from);
    assert_non_null(p);
    char *out = malloc(strlen(s) + strlen(to) + 1);
    size_t k = (size_t)(p - s);
    memcpy(out, s, k);
    strcpy(out + k, to);
    strcat(out, p + strlen(from));
    return out;
}

static void test_refusals(void **state)
{
    struct fx *f = *state;
    office(f, 0);
    refused(f, "<edXMLEnvelope><oops", "không phải XML");
    refused(f, "<e:edXMLEnvelope xmlns:e=\"urn:other\"><e:edXMLHeader/></e:edXMLEnvelope>",
            "không gian tên");
    refused(f, "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]><x>&a;</x>", "DOCTYPE");
    strbuf b = STRBUF_INIT;
    far_package(&b, "G22,2026-02-28,30-CV/TU", 0, EDXML_NEW, NULL, false);
    char *no_subject = replace(b.buf, "<Subject>", "<Subjekt>");
    char *tmp = replace(no_subject, "</Subject>", "</Subjekt>");
    refused(f, tmp, "Subject");
    free(no_subject);
    free(tmp);
    char *unknown =
        replace(b.buf, "<OrganId>" FAR "</OrganId>", "<OrganId>111.11.11.X11</OrganId>");
    refused(f, unknown, "chưa được khai báo");
    free(unknown);
    char *elsewhere =
        replace(b.buf, "<OrganId>" OUR "</OrganId>", "<OrganId>222.22.22.Y22</OrganId>");
    refused(f, elsewhere, "không gửi đến");
    free(elsewhere);
    sb_free(&b);
    strbuf t = STRBUF_INIT;
    far_package(&t, "G22,2026-02-28,31-CV/TU", 0, EDXML_NEW, NULL, true);
    refused(f, t.buf, "mã băm");
    sb_free(&t);
    strbuf s = STRBUF_INIT;
    far_package(&s, "G22,2026-02-28,32-CV/TU", 3, EDXML_NEW, NULL, false);
    refused(f, s.buf, "Tuyệt mật");
    sb_free(&s);
    strbuf m = STRBUF_INIT;
    far_package(&m, "G22,2026-02-28,33-CV/TU", 1, EDXML_NEW, NULL, false);
    refused(f, m.buf, "kênh đã mã hóa");
    /* Over an encrypted channel a Mật document lands. */
    edxml_result r = {.encrypted_channel = true};
    assert_int_equal(edxml_receive(f->d, FAR, m.buf, m.len, &r), 0);
    assert_true(r.inbox_id > 0);
    /* An authenticated peer that is not the package's From: refused. */
    edxml_result r2 = {.encrypted_channel = true};
    strbuf m2 = STRBUF_INIT;
    far_package(&m2, "G22,2026-02-28,34-CV/TU", 0, EDXML_NEW, NULL, false);
    assert_int_equal(edxml_receive(f->d, "333.33.33.Z33", m2.buf, m2.len, &r2), 1);
    sb_free(&m2);
    sb_free(&m);
}

static void test_business(void **state)
{
    struct fx *f = *state;
    office(f, 0);
    strbuf b = STRBUF_INIT;
    const char *id1 = "G22,2026-02-28,40-CV/TU", *id2 = "G22,2026-02-28,41-CV/TU";
    far_package(&b, id1, 0, EDXML_NEW, NULL, false);
    edxml_result r = receive(f, &b, 0);
    int64_t q1 = r.inbox_id;
    /* Recall while still in the queue: applied, 13. */
    strbuf rc = STRBUF_INIT;
    far_package(&rc, id1, 0, EDXML_RECALL, id1, false);
    r = receive(f, &rc, 0);
    assert_string_equal(r.status, "13");
    const inbox_row *q = inbox_get(&f->c[P_CLERK], q1);
    assert_string_equal(q->status, "13");
    /* A recall of something never received: refused. */
    strbuf bad = STRBUF_INIT;
    far_package(&bad, "G22,x", 0, EDXML_RECALL, "G22,không có", false);
    r = receive(f, &bad, 1);
    assert_string_equal(r.status, "02");
    /* Registered first, then recalled: a request the clerk agrees to. */
    b.len = 0;
    far_package(&b, id2, 0, EDXML_NEW, NULL, false);
    r = receive(f, &b, 0);
    in_new in = {.inbox_id = r.inbox_id};
    web_err e;
    int64_t n;
    int64_t rec = incoming_register(&f->c[P_CLERK], &in, &n, &e);
    assert_true(rec > 0);
    rc.len = 0;
    far_package(&rc, id2, 0, EDXML_RECALL, id2, false);
    r = receive(f, &rc, 0);
    assert_string_equal(r.status, "01");
    static const db_query q_req = {"t.req",
                                   "SELECT id FROM edxml_requests WHERE status = 'pending'", NULL};
    int64_t req = fx_value(f, &q_req);
    /* Only the queue's clerk answers; a refusal needs a reason. */
    assert_int_equal(edxml_request_decide(&f->c[P_SPEC], req, true, NULL, &e), -1);
    assert_int_equal(e.status, 404);
    assert_int_equal(edxml_request_decide(&f->c[P_CLERK], req, false, "", &e), -1);
    assert_int_equal(e.status, 400);
    assert_int_equal(edxml_request_decide(&f->c[P_CLERK], req, true, "Đồng ý thu hồi", &e), 0);
    assert_string_equal(incoming_get(&f->c[P_CLERK], rec, false)->status, "recalled");
    static const db_query q_15 = {
        "t.s15",
        "SELECT count(*) FROM edxml_packages WHERE direction = 'out' AND kind ="
        " 'status' AND status = '15'",
        NULL};
    assert_int_equal(fx_value(f, &q_15), 1);
    assert_int_equal(edxml_request_decide(&f->c[P_CLERK], req, true, NULL, &e), -1);
    assert_int_equal(e.status, 409);
    sb_free(&b);
    sb_free(&rc);
    sb_free(&bad);
}

/* Update and replace while queued; an update of a registered document applied (15). */
static void test_update_replace(void **state)
{
    struct fx *f = *state;
    office(f, 0);
    const char *id3 = "G22,2026-02-28,60-CV/TU", *id4 = "G22,2026-02-28,61-CV/TU",
               *id5 = "G22,2026-02-28,62-CV/TU";
    strbuf b = STRBUF_INIT;
    far_package(&b, id3, 0, EDXML_NEW, NULL, false);
    edxml_result r = receive(f, &b, 0);
    int64_t q3 = r.inbox_id;
    /* An update: the header and files replaced in place, 15. */
    b.len = 0;
    far_package(&b, id3, 0, EDXML_UPDATE, id3, false);
    char *upd = replace(b.buf, "<Subject>Về việc phối hợp", "<Subject>(Cập nhật) Về việc phối hợp");
    edxml_result ru = {0};
    assert_int_equal(edxml_receive(f->d, NULL, upd, strlen(upd), &ru), 0);
    free(upd);
    assert_string_equal(ru.status, "15");
    assert_non_null(strstr(inbox_get(&f->c[P_CLERK], q3)->subject, "(Cập nhật)"));
    /* A replacement: the new document lands, the old one waiting is recalled. */
    b.len = 0;
    far_package(&b, id4, 0, EDXML_REPLACE, id3, false);
    r = receive(f, &b, 0);
    assert_true(r.inbox_id > 0 && r.inbox_id != q3);
    assert_string_equal(inbox_get(&f->c[P_CLERK], q3)->status, "13");
    assert_string_equal(inbox_get(&f->c[P_CLERK], r.inbox_id)->status, "01");
    /* A registered document's update: a request; refused with a reason → 16 recorded. */
    b.len = 0;
    far_package(&b, id5, 0, EDXML_NEW, NULL, false);
    r = receive(f, &b, 0);
    in_new in = {.inbox_id = r.inbox_id};
    web_err e;
    int64_t n;
    int64_t rec = incoming_register(&f->c[P_CLERK], &in, &n, &e);
    assert_true(rec > 0);
    b.len = 0;
    far_package(&b, id5, 0, EDXML_UPDATE, id5, false);
    upd = replace(b.buf, "<Subject>Về việc phối hợp", "<Subject>(Đính chính) Về việc phối hợp");
    /* The sender's update of a registered document is applied to the record (migration 055):
     * agreed (15), the record's header follows, the history and the trace keep it. */
    ru = (edxml_result){0};
    assert_int_equal(edxml_receive(f->d, NULL, upd, strlen(upd), &ru), 0);
    assert_string_equal(ru.status, "15");
    assert_non_null(strstr(incoming_get(&f->c[P_CLERK], rec, false)->subject, "(Đính chính)"));
    static const db_query q_hist = {"t.hist",
                                    "SELECT count(*) FROM inbox_updates u JOIN incoming i ON"
                                    " i.inbox_id = u.inbox_id WHERE i.id = ?1",
                                    NULL};
    db_stmt *hs = db_stmt_get(f->d, &q_hist);
    db_bind_int(hs, 1, rec);
    assert_int_equal(db_step(hs), DB_ROW);
    assert_int_equal(db_col_int(hs, 0), 1);
    db_reset(hs);
    static const db_query q_ev = {
        "t.ev", "SELECT count(*) FROM incoming_events WHERE kind = 'sender_update'", NULL};
    assert_int_equal(fx_value(f, &q_ev), 1);
    /* The same bytes again: a replay, refused (409), nothing applied twice. */
    ru = (edxml_result){0};
    assert_int_equal(edxml_receive(f->d, NULL, upd, strlen(upd), &ru), 1);
    assert_int_equal(ru.http, 409);
    free(upd);
    assert_int_equal(fx_value(f, &q_ev), 1);
    assert_string_equal(incoming_get(&f->c[P_CLERK], rec, false)->status, "registered");
    (void)e;
    /* A status package through edxml_receive: about nothing we sent, refused (1). */
    edxml_status st = {
        .response_for = {.document_id = "không có"}, .from = {.organ_id = FAR}, .code = "03"};
    strbuf sp = STRBUF_INIT;
    const char *werr;
    assert_int_equal(edxml_write_status(&st, &sp, &werr), 0);
    edxml_result rs = {0};
    assert_int_equal(edxml_receive(f->d, FAR, sp.buf, sp.len, &rs), 1);
    assert_string_equal(rs.status, "02");
    sb_free(&sp);
    sb_free(&b);
}

static void test_status_packages(void **state)
{
    struct fx *f = *state;
    office(f, 0);
    /* We send document 1 to FAR; FAR answers 03 accepted. */
    strbuf b = STRBUF_INIT;
    char *err = NULL;
    assert_int_equal(edxml_build(f->d, 1, FAR, EDXML_NEW, &b, &err), 0);
    edxml_status st = {.response_for = {.organ_id = OUR,
                                        .code = "05-CV/VPTU",
                                        .date = "2026-02-27",
                                        .document_id = OUR ",2026-02-27,05-CV/VPTU"},
                       .from = {.organ_id = FAR, .name = "Tỉnh ủy Vĩnh Long"},
                       .code = "03",
                       .description = "Đã tiếp nhận",
                       .timestamp = "2026-03-01T02:00:00Z"};
    strbuf s = STRBUF_INIT;
    const char *werr;
    assert_int_equal(edxml_write_status(&st, &s, &werr), 0);
    arena *a = arena_new();
    edxml_doc *p;
    edxml_status *ps;
    const char *perr;
    assert_int_equal(edxml_parse(a, s.buf, s.len, &p, &ps, &perr), 2);
    assert_string_equal(ps->code, "03");
    assert_string_equal(ps->description, "Đã tiếp nhận");
    assert_string_equal(ps->response_for.document_id, OUR ",2026-02-27,05-CV/VPTU");
    arena_free(&a);
    assert_int_equal(edxml_receive_status(f->d, s.buf, s.len), 0);
    static const db_query q_sent = {
        "t.sent",
        "SELECT status = '03' FROM edxml_packages WHERE direction = 'out' AND kind ="
        " 'document'",
        NULL};
    assert_int_equal(fx_value(f, &q_sent), 1);
    /* A status about nothing we sent: 1, nothing changed. */
    strbuf s2 = STRBUF_INIT;
    st.response_for.document_id = "không có";
    assert_int_equal(edxml_write_status(&st, &s2, &werr), 0);
    assert_int_equal(edxml_receive_status(f->d, s2.buf, s2.len), 1);
    /* A status package for a document we received. */
    strbuf in = STRBUF_INIT;
    far_package(&in, "G22,2026-02-28,50-CV/TU", 0, EDXML_NEW, NULL, false);
    receive(f, &in, 0);
    strbuf out = STRBUF_INIT;
    assert_int_equal(
        edxml_build_status(f->d, "G22,2026-02-28,50-CV/TU", FAR, "01", NULL, &out, &err), 0);
    a = arena_new();
    assert_int_equal(edxml_parse(a, out.buf, out.len, &p, &ps, &perr), 2);
    assert_string_equal(ps->from.organ_id, OUR);
    assert_string_equal(ps->response_for.code, "27-CV/TU");
    arena_free(&a);
    sb_free(&b);
    sb_free(&s);
    sb_free(&s2);
    sb_free(&in);
    sb_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_round_trip, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_build_from_issued, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_secrecy_export, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_receive_register, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_refusals, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_business, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_update_replace, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_status_packages, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
