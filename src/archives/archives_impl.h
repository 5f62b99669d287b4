#ifndef VP_ARCHIVES_IMPL_H
#define VP_ARCHIVES_IMPL_H
/* Private to src/archives/: shared helpers of the service files. */
#include <jansson.h>

#include "archives/archives.h"
#include "db/db.h"

#define AR_MAX_LIST 500
#define AR_MSG_BUSY N_("Cơ sở dữ liệu đang bận, vui lòng thử lại.")
#define AR_MSG_DB N_("Không lưu được thay đổi (lỗi cơ sở dữ liệu).")

int ar_fail(ar_result *r, int status, const char *field, const char *msg);
const char *ar_today(ctx *c);
int ar_this_year(void);
/* Commits with the audit row (entity "archive"); -1 with r filled on failure. */
int ar_commit(ctx *c, const char *action, int64_t id, json_t *after, ar_result *r);
bool ar_may_decide(ctx *c);
/* Reads rows of the AR_D_COLS shape (archives.c). */
int ar_collect(ctx *c, db_stmt *s, ar_dossier **rows_r, bool scope);

json_t *ar_export_json(ctx *c, int64_t dossier_id);
/* 1 when the blob exists and its SHA-256 is its name (archives_room.c). */
int ar_blob_ok(const char *blob_dir, const char *sha);

#define AR_D_COLS                                                                                  \
    "d.id, d.unit_id, coalesce(r.batch_id, 0), d.code, d.title, u.name, d.closed_on, "             \
    "d.year, coalesce(d.retention_years, 0), r.deposited_on, r.state, "                            \
    "(SELECT count(*) FROM dossier_docs x WHERE x.dossier_id = d.id), "                            \
    "EXISTS (SELECT 1 FROM legal_holds h WHERE h.dossier_id = d.id AND h.lifted_at IS NULL)"

#endif
