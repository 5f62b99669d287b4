/* The signing authority of one document (docgen_options): the drafter may override the
 * automatic T/M, K/T, T/L with another form — TUQ. above all, which no rule can infer — while
 * the document is a draft. Who may: whoever may edit the draft (outgoing_may_edit). Audited
 * ("docgen.authority") in the same transaction. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "docgen/docgen.h"
#include "docgen/docgen_impl.h"
#include "outgoing/outgoing.h"

const char *const dg_authority_codes[] = {"auto", "none", "tm", "kt", "tl", "tuq", NULL};

static const db_query q_get = {"docgen.authority_get",
                               "SELECT authority FROM docgen_options WHERE outgoing_id = ?1", NULL};
static const db_query q_set = {
    "docgen.authority_set",
    "INSERT INTO docgen_options (outgoing_id, authority, updated_by, updated_at)"
    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (outgoing_id) DO UPDATE SET authority = ?2,"
    " updated_by = ?3, updated_at = ?4",
    NULL};

const char *dg_authority_label(int a)
{
    static const char *const l[] = {N_("Tự động (theo đơn vị và người ký)"),
                                    N_("Người đứng đầu ký (không ghi thẩm quyền)"),
                                    N_("T/M — thay mặt tập thể"),
                                    N_("K/T — ký thay người đứng đầu"),
                                    N_("T/L — thừa lệnh"),
                                    N_("TUQ. — thừa ủy quyền")};
    return a >= 0 && a <= DG_AUTH_TUQ ? _(l[a]) : "";
}

enum docgen_authority dg_authority_of(db *d, int64_t id)
{
    db_stmt *s = db_stmt_get(d, &q_get);
    if (!s)
        return DG_AUTH_AUTO;
    db_bind_int(s, 1, id);
    enum docgen_authority a = DG_AUTH_AUTO;
    if (db_step(s) == DB_ROW) {
        const char *t = db_col_text(s, 0);
        for (int i = 0; t && dg_authority_codes[i]; i++)
            if (!strcmp(t, dg_authority_codes[i]))
                a = (enum docgen_authority)i;
    }
    db_reset(s);
    return a;
}

int dg_set_authority(ctx *c, int64_t id, const char *code, const char **err_r, int *status_r)
{
    const outgoing *o = outgoing_get(c, id);
    if (!o) {
        *status_r = 404;
        *err_r = _("Không tìm thấy văn bản.");
        return -1;
    }
    if (!outgoing_may_edit(c, o)) {
        *status_r = o->status == OUT_DRAFT ? 403 : 409;
        *err_r = o->status == OUT_DRAFT ? _("Bạn không có quyền sửa dự thảo này.")
                                        : _("Chỉ chọn thẩm quyền ký khi văn bản còn là dự thảo.");
        return -1;
    }
    int a = -1;
    for (int i = 0; code && dg_authority_codes[i]; i++)
        if (!strcmp(code, dg_authority_codes[i]))
            a = i;
    if (a < 0) {
        *status_r = 400;
        *err_r = _("Thẩm quyền ký không hợp lệ (auto, none, tm, kt, tl, tuq).");
        return -1;
    }
    char now[32];
    clock_iso(clock_now(), now, sizeof now);
    if (db_begin_write(c->db) != 0) {
        *status_r = 503;
        *err_r = _("Hệ thống đang bận, vui lòng thử lại.");
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_set);
    if (!s)
        goto dberr;
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, code);
    db_bind_int(s, 3, c->user->id);
    db_bind_text(s, 4, now);
    if (db_exec(s) != DB_DONE)
        goto dberr;
    json_t *after = json_pack("{s:s}", "authority", code);
    char *aj = json_dumps(after, JSON_COMPACT);
    json_decref(after);
    int rc = audit_log(c->db, c->user, "docgen.authority", "outgoing", id, NULL, aj);
    free(aj);
    if (rc != 0 || db_commit(c->db) != 0)
        goto dberr;
    return 0;
dberr:
    db_rollback(c->db);
    *status_r = 500;
    *err_r = _("Không lưu được, vui lòng thử lại.");
    return -1;
}
