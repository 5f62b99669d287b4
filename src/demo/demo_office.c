/* The city office's own documents in the demo (drafts waiting for a leader, issued ones
 * delivered to the ward) and its dossiers, acted out through the services like demo_in.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "catalog/catalog.h"
#include "demo/demo_impl.h"
#include "dossiers/dossiers.h"
#include "incoming/incoming.h"
#include "outgoing/outgoing.h"
#include "web/errors.h"

/* ---- the office's own documents going out, and those waiting for a leader ---------------- */

typedef struct out_plan {
    const char *doc_type, *subject, *body;
    int days_ago;           /* drafted */
    int stage;              /* how far it got: 0 draft, 1 approved, 2 signed, 3 issued */
    int registered_by_ward; /* issued ones: Bình Thủy's clerk registered it from the queue */
} out_plan;

static const out_plan out_plans[] = {
    {"ke_hoach",
     "Kế hoạch tổ chức hội nghị sơ kết công tác xây dựng Đảng và hệ thống chính trị ở cơ sở",
     "Thực hiện Chương trình công tác của Ban Thường vụ Thành ủy, Văn phòng Thành ủy xây dựng kế "
     "hoạch tổ chức hội nghị sơ kết như sau.\n\nI. MỤC ĐÍCH, YÊU CẦU\n\nĐánh giá đúng kết quả "
     "đạt được, chỉ rõ hạn chế, nguyên nhân và đề ra nhiệm vụ, giải pháp thời gian tới.",
     12, 3, 1},
    {"thong_bao",
     "Thông báo kết luận của Thường trực Thành ủy tại buổi làm việc với các đảng ủy phường",
     "Thường trực Thành ủy ghi nhận kết quả các đảng ủy phường đã đạt được sau sắp xếp; đề nghị "
     "các đảng ủy tập trung kiện toàn bộ máy, ổn định tư tưởng cán bộ, đảng viên.",
     9, 3, 0},
    {"cong_van", "Về việc chuẩn bị nội dung phục vụ Hội nghị Ban Thường vụ Thành ủy",
     "Để chuẩn bị nội dung phục vụ Hội nghị Ban Thường vụ Thành ủy, Văn phòng Thành ủy đề nghị "
     "các đảng ủy trực thuộc gửi báo cáo về Văn phòng Thành ủy đúng thời hạn.",
     5, 3, 0},
    {"cong_van", "Về việc triển khai phần mềm quản lý văn bản điện tử đến các đảng ủy trực thuộc",
     "Văn phòng Thành ủy đề nghị các đảng ủy trực thuộc cử cán bộ văn thư tham dự tập huấn sử "
     "dụng phần mềm quản lý văn bản và hồ sơ công việc.",
     3, 3, 0},
    {"cong_van", "Về việc đôn đốc báo cáo số liệu đảng viên sau sắp xếp tổ chức cơ sở đảng",
     "Văn phòng Thành ủy đề nghị các đảng ủy trực thuộc khẩn trương rà soát, báo cáo số liệu "
     "đảng viên theo mẫu gửi kèm.",
     2, 1, 0},
    {"thong_bao", "Thông báo ý kiến của Thường trực Thành ủy về công tác chuẩn bị Tết Nguyên đán",
     "Thường trực Thành ủy yêu cầu các cấp ủy, tổ chức đảng chăm lo Tết cho gia đình chính "
     "sách, hộ nghèo; bảo đảm an ninh, trật tự trên địa bàn.",
     1, 2, 0},
    {"bao_cao", "Báo cáo tình hình thực hiện nhiệm vụ công tác văn phòng cấp ủy",
     "Văn phòng Thành ủy báo cáo kết quả thực hiện nhiệm vụ tham mưu, giúp việc; công tác văn "
     "thư, lưu trữ; công tác tài chính đảng.",
     1, 0, 0},
    {"ke_hoach", "Kế hoạch kiểm tra công tác văn thư, lưu trữ tại các đảng ủy trực thuộc",
     "Văn phòng Thành ủy xây dựng kế hoạch kiểm tra công tác văn thư, lưu trữ tại một số đảng "
     "ủy trực thuộc để kịp thời hướng dẫn, chấn chỉnh.",
     0, 0, 0},
};

int demo_act_outgoing(cast *k, int64_t vptu_reg, char **err_r)
{
    out_recipient_in to[] = {
        {.unit_id = k->p_bt}, {.unit_id = k->p_nk}, {.unit_id = k->p_cr}, {.unit_id = k->x_pd}};
    for (size_t i = 0; i < sizeof out_plans / sizeof out_plans[0]; i++) {
        const out_plan *o = &out_plans[i];
        int64_t t = demo_office_before(k->now - (int64_t)o->days_ago * DAY - 3 * 3600);
        const char *err = NULL;
        int status = 0;
        clock_set_fake(t);
        out_draft d = {.register_id = vptu_reg,
                       .doc_type = o->doc_type,
                       .subject = o->subject,
                       .body = o->body,
                       .file_copy_to = "Lưu: Văn thư, Văn phòng",
                       .copies = 2,
                       .recipients = to,
                       .n_recipients = 4};
        int64_t id = outgoing_create(&k->chuyenvien->c, &d, &err, &status);
        if (id > 0 && o->stage >= 1) {
            clock_set_fake(t + 1800);
            if (outgoing_approve(&k->chanhvp->c, id, NULL, &err, &status) != 0)
                id = -1;
        }
        if (id > 0 && o->stage >= 2) {
            clock_set_fake(t + 2400);
            if (outgoing_sign(&k->chanhvp->c, id, &err, &status) != 0)
                id = -1;
        }
        if (id > 0 && o->stage >= 3) {
            clock_set_fake(t + 3600);
            long number;
            const char *notation, *note;
            if (outgoing_issue(&k->vanthu->c, id, &number, &notation, &note, &err, &status) != 0)
                id = -1;
        }
        if (id > 0 && o->registered_by_ward) {
            static const db_query q_queue = {
                "demo_in.queue", "SELECT id FROM inbox WHERE outgoing_id = ?1 AND to_unit_id = ?2",
                NULL};
            db_stmt *s = db_stmt_get(k->vanthu->c.db, &q_queue);
            int64_t inbox_id = 0;
            if (s) {
                db_bind_int(s, 1, id);
                db_bind_int(s, 2, k->p_bt);
                inbox_id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
                db_reset(s);
            }
            clock_set_fake(demo_office_hours(t + 2 * 3600 + DAY));
            web_err e;
            int64_t number;
            in_new in = {.inbox_id = inbox_id, .pages = 2};
            if (incoming_register(&k->vanthu_bt->c, &in, &number, &e) < 0)
                err = web_err_message(&e), id = -1;
        }
        if (id <= 0)
            return demo_fail(err_r, o->subject, err);
    }
    return 0;
}

/* ---- dossiers ---------------------------------------------------------------------------- */

static const db_query q_docs_for_dossier = {
    "demo_in.docs_for_dossier",
    "SELECT id FROM incoming WHERE unit_id = ?1 AND secrecy = 0 AND status = 'done'"
    " AND arrival_date BETWEEN ?2 AND ?3 AND (?4 = 0 OR issuer_unit_id IS NULL)"
    " AND (?4 = 1 OR issuer_unit_id IS NOT NULL) ORDER BY id LIMIT ?5",
    NULL};

/* Opens a dossier of the office on `opened`, files up to `max` handled documents that arrived
 * in [from, to] (from Trung ương, or from units of the tree), and closes it on `closed` when
 * given (its hand-over then falls due a year later). */
int demo_dossier(cast *k, int year, const char *title, const char *abbr, int retention,
                 int64_t opened, int64_t closed, const char *from, const char *to, int from_centre,
                 int max, char **err_r)
{
    ctx *c = &k->vanthu->c;
    const char *err = NULL;
    int status;
    clock_set_fake(opened);
    static const db_query q_heading = {
        "demo_in.heading",
        "SELECT id FROM dossier_headings WHERE unit_id = ?1 AND year = ?2 AND abbr = ?3", NULL};
    db_stmt *s = db_stmt_get(c->db, &q_heading);
    int64_t hid = 0;
    if (s) {
        db_bind_int(s, 1, k->vptu);
        db_bind_int(s, 2, year);
        db_bind_text(s, 3, abbr);
        hid = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
        db_reset(s);
    }
    if (!hid)
        hid = dossier_heading_add(c, k->vptu, year, 0, "Công tác tổng hợp", abbr, &err, &status);
    int64_t id =
        hid > 0 ? dossier_plan_add(c, hid, title, retention, k->chuyenvien->u.id, &err, &status)
                : -1;
    if (id > 0 && dossier_open(c, id, &err, &status) != 0)
        id = -1;
    int64_t docs[32];
    int n = 0;
    if (id > 0 && (s = db_stmt_get(c->db, &q_docs_for_dossier))) {
        db_bind_int(s, 1, k->vptu);
        db_bind_text(s, 2, from);
        db_bind_text(s, 3, to);
        db_bind_int(s, 4, from_centre);
        db_bind_int(s, 5, max);
        while (n < 32 && db_step(s) == DB_ROW)
            docs[n++] = db_col_int(s, 0);
        db_reset(s);
    }
    for (int i = 0; id > 0 && i < n; i++) {
        clock_set_fake((closed ? closed : k->now) - (int64_t)(n - i) * 3600);
        if (dossier_file(c, id, "in", docs[i], &err, &status) != 0)
            id = -1;
    }
    if (id > 0 && closed) {
        clock_set_fake(closed);
        if (dossier_close(c, id, &err, &status) != 0)
            id = -1;
    }
    return id > 0 ? 0 : demo_fail(err_r, title, err);
}
