/* Demo edXML exchange (demo_edxml_seed): the Thành ủy's electronic identifier and the outside
 * organs it exchanges with, two packages from the Tỉnh ủy Vĩnh Long that arrived by the
 * transport (one waiting in the queue, one already answered by a recall while waiting), and
 * one issued document exported for the Văn phòng Trung ương Đảng. Identifiers follow the
 * 13-character form of ND 30 [format inferred, DOMAIN.md §4]; they are demo values. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "db/db.h"
#include "edxml/edxml.h"
#include "outgoing/outgoing.h"

#define DEMO_TU "000.00.31.T01"
#define DEMO_VL "000.00.86.T01"
#define DEMO_TW "000.00.00.G01"

static const db_query q_root = {
    "demo.edxml_root",
    "SELECT id FROM units WHERE parent_id IS NULL AND valid_to IS NULL AND organ_id IS NULL"
    " ORDER BY id LIMIT 1",
    NULL};
static const db_query q_organ_set = {"demo.edxml_organ_set",
                                     "UPDATE units SET organ_id = ?2 WHERE id = ?1", NULL};
static const db_query q_outside = {
    "demo.edxml_outside",
    "INSERT OR IGNORE INTO edxml_organs (organ_id, name, encrypted, created_at) VALUES"
    " (?1, ?2, ?3, ?4)",
    NULL};
static const db_query q_issued = {
    "demo.edxml_issued",
    "SELECT o.id FROM outgoing o JOIN units u ON u.id = o.unit_id WHERE o.status = 'issued' AND"
    " o.secrecy = 0 AND u.abbr = 'VPTU' AND u.valid_to IS NULL ORDER BY o.issued_date DESC,"
    " o.id DESC LIMIT 1",
    NULL};

static int land(db *d, const char *docid, const char *number, const char *date, const char *subject,
                const char *content, int urgency, const char *due, int business, const char *ref)
{
    edxml_organ to = {.organ_id = DEMO_TU, .name = "Thành ủy Cần Thơ"};
    char now[32];
    clock_iso(clock_now(), now, sizeof now);
    edxml_trace tr = {DEMO_VL, now};
    const char *places[] = {"Như trên", "Lưu Văn phòng Tỉnh ủy"};
    static const char note[] = "Danh sách đại biểu và chương trình làm việc kèm theo công văn.\n";
    edxml_file f = {.content_id = "cid:1",
                    .name = "danh-sach-dai-bieu.txt",
                    .mime = "text/plain",
                    .data = (const unsigned char *)note,
                    .size = sizeof note - 1};
    edxml_sha256_hex(note, sizeof note - 1, f.sha256);
    edxml_doc p = {.from = {.organ_id = DEMO_VL, .name = "Tỉnh ủy Vĩnh Long"},
                   .to = &to,
                   .n_to = 1,
                   .document_id = docid,
                   .code_number = number,
                   .code_notation = "CV/TU",
                   .place = "Vĩnh Long",
                   .date = date,
                   .type = 1,
                   .type_name = "Công văn",
                   .type_detail = "cong_van",
                   .subject = subject,
                   .content = content,
                   .signer_competence = "T/M BAN THƯỜNG VỤ",
                   .signer_position = "Phó Bí thư Thường trực",
                   .signer_name = "Nguyễn Thị Quyên",
                   .due_date = due,
                   .places = places,
                   .n_places = 2,
                   .priority = urgency,
                   .steering = 1,
                   .copies = 2,
                   .trace = &tr,
                   .n_trace = 1,
                   .business = business,
                   .business_ref = ref,
                   .business_reason = business ? "Gửi nhầm nơi nhận" : NULL,
                   .files = business ? NULL : &f,
                   .n_files = business ? 0 : 1};
    strbuf b = STRBUF_INIT;
    const char *err = NULL;
    edxml_result r = {0};
    int rc = edxml_write_doc(&p, &b, &err) == 0 ? edxml_receive(d, DEMO_VL, b.buf, b.len, &r) : -1;
    if (rc != 0)
        fprintf(stderr, "demo edxml: %s\n", r.message);
    sb_free(&b);
    return rc == 0 ? 0 : -1;
}

static void iso_day(int64_t t, char buf[16])
{
    char iso[32];
    clock_iso(t + 7 * 3600, iso, sizeof iso);
    snprintf(buf, 16, "%.10s", iso);
}

int demo_edxml_seed(db *d, char **err_r)
{
    int64_t now = clock_now();
    char today[16], d1[16], d2[16], due[16];
    /* ISO dates in Vietnam time (+7 h), days before and after today. */
    clock_vn_today(today, sizeof today);
    iso_day(now - 3 * 86400, d1);
    iso_day(now - 1 * 86400, d2);
    iso_day(now + 12 * 86400, due);
    db_stmt *s = db_stmt_get(d, &q_root);
    int64_t root = s && db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    if (s)
        db_reset(s);
    if (!root)
        return 0; /* already seeded, or no tree */
    if (db_begin_write(d) != 0)
        goto fail;
    if (!(s = db_stmt_get(d, &q_organ_set)))
        goto fail;
    db_bind_int(s, 1, root);
    db_bind_text(s, 2, DEMO_TU);
    if (db_exec(s) != DB_DONE)
        goto fail;
    static const struct {
        const char *id, *name;
        int encrypted;
    } outside[] = {
        {DEMO_TW, "Văn phòng Trung ương Đảng", 1},
        {DEMO_VL, "Tỉnh ủy Vĩnh Long", 0},
        {"000.00.79.T01", "Thành ủy Thành phố Hồ Chí Minh", 1},
    };
    for (size_t i = 0; i < sizeof outside / sizeof outside[0]; i++) {
        if (!(s = db_stmt_get(d, &q_outside)))
            goto fail;
        db_bind_text(s, 1, outside[i].id);
        db_bind_text(s, 2, outside[i].name);
        db_bind_int(s, 3, outside[i].encrypted);
        db_bind_text(s, 4, today);
        if (db_exec(s) != DB_DONE)
            goto fail;
    }
    if (db_commit(d) != 0)
        goto fail;
    char id1[96], id2[96];
    snprintf(id1, sizeof id1, "%s,%s,412-CV/TU", DEMO_VL, d1);
    snprintf(id2, sizeof id2, "%s,%s,418-CV/TU", DEMO_VL, d2);
    if (land(d, id1, "412", d1,
             "Về việc phối hợp tổ chức Hội nghị sơ kết liên kết vùng Đồng bằng sông Cửu Long",
             "Ban Thường vụ Tỉnh ủy Vĩnh Long đề nghị Thành ủy Cần Thơ cử đại biểu dự Hội nghị "
             "và gửi tham luận trước ngày hạn trả lời.",
             1, due, EDXML_NEW, NULL) != 0 ||
        land(d, id2, "418", d2,
             "Về việc trao đổi kinh nghiệm công tác chuyển đổi số trong cơ quan Đảng",
             "Tỉnh ủy Vĩnh Long đề nghị trao đổi mô hình văn phòng điện tử.", 0, NULL, EDXML_NEW,
             NULL) != 0 ||
        land(d, id2, "418", d2,
             "Về việc trao đổi kinh nghiệm công tác chuyển đổi số trong cơ quan Đảng", NULL, 0,
             NULL, EDXML_RECALL, id2) != 0)
        goto fail;
    /* An issued document exported for the Trung ương office (an encrypted channel). */
    if (!(s = db_stmt_get(d, &q_issued)))
        goto fail;
    int64_t out = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    if (out > 0) {
        strbuf b = STRBUF_INIT;
        char *err = NULL;
        int rc = db_begin_write(d) == 0 ? edxml_build(d, out, DEMO_TW, EDXML_NEW, &b, &err) : -1;
        sb_free(&b);
        if (rc != 0 || db_commit(d) != 0) {
            db_rollback(d);
            *err_r = err ? err : strdup("edxml export");
            return -1;
        }
    }
    return 0;
fail:
    db_rollback(d);
    *err_r = strdup(db_errmsg(d));
    return -1;
}
