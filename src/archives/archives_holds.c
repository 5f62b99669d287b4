/* The archive's view of one dossier (its files with page count and SHA-256, its holds with
 * who, when and why) and the list of holds in force (archives.h). Placing and lifting stay in
 * archives.c with the one hold check. */
#include <stdlib.h>
#include <string.h>

#include "archives/archives.h"
#include "archives/archives_impl.h"
#include "base/i18n.h"
#include "org/org.h"

static const db_query q_one = {"archives.dossier_one",
                               "SELECT " AR_D_COLS
                               " FROM dossiers d JOIN units u ON u.id = d.unit_id "
                               "LEFT JOIN archive_records r ON r.dossier_id = d.id WHERE d.id = ?1",
                               NULL};
static const db_query q_holds = {
    "archives.holds",
    "SELECT h.id, h.dossier_id, d.code, d.title, h.reason, coalesce(pu.name, ''), h.placed_at, "
    "lu.name, h.lifted_at, h.lift_reason FROM legal_holds h JOIN dossiers d ON d.id = "
    "h.dossier_id LEFT JOIN users pu ON pu.id = h.placed_by LEFT JOIN users lu ON lu.id = "
    "h.lifted_by WHERE (?1 = 0 AND h.lifted_at IS NULL) OR h.dossier_id = ?1 "
    "ORDER BY h.lifted_at IS NOT NULL, h.placed_at DESC, h.id DESC LIMIT 500",
    NULL};
static const db_query q_files = {
    "archives.dossier_files",
    "SELECT a.filename, a.size, a.sha256, p.pages FROM dossier_docs x JOIN attachments a ON "
    "a.doc_kind = x.doc_kind AND a.doc_id = x.doc_id LEFT JOIN archive_file_pages p ON "
    "p.sha256 = a.sha256 WHERE x.dossier_id = ?1 ORDER BY x.ordinal, a.id LIMIT 500",
    NULL};

bool archives_may_hold(ctx *c)
{
    return archives_is_archivist(c) || ar_may_decide(c);
}

/* The rule of archives_hold_lift, for the pages to offer the form only to whom may. */
bool archives_may_lift(ctx *c)
{
    return ar_may_decide(c) ||
           (c->user && c->user->role == ROLE_OFFICE_LEADER && archives_is_archivist(c));
}

int archives_dossier_view(ctx *c, int64_t dossier_id, ar_dossier *out)
{
    if (!archives_may_hold(c))
        return -1;
    db_stmt *s = db_stmt_get(c->db, &q_one);
    if (!s)
        return -1;
    db_bind_int(s, 1, dossier_id);
    ar_dossier *rows;
    int n = ar_collect(c, s, &rows, false);
    if (n != 1)
        return -1;
    *out = rows[0];
    return 0;
}

static const char *dup_or_null(ctx *c, db_stmt *s, int col)
{
    return db_col_null(s, col) ? NULL : arena_strdup(c->a, db_col_text(s, col));
}

int archives_holds_list(ctx *c, int64_t dossier_id, ar_hold **rows_r)
{
    *rows_r = NULL;
    if (!archives_may_hold(c))
        return 0;
    db_stmt *s = db_stmt_get(c->db, &q_holds);
    if (!s)
        return -1;
    db_bind_int(s, 1, dossier_id);
    int n = 0, cap = 16;
    ar_hold *v = arena_alloc(c->a, sizeof *v * (size_t)cap);
    while (db_step(s) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        v[n++] = (ar_hold){.id = db_col_int(s, 0),
                           .dossier_id = db_col_int(s, 1),
                           .code = arena_strdup(c->a, db_col_text(s, 2)),
                           .title = arena_strdup(c->a, db_col_text(s, 3)),
                           .reason = arena_strdup(c->a, db_col_text(s, 4)),
                           .placed_by = arena_strdup(c->a, db_col_text(s, 5)),
                           .placed_at = arena_strdup(c->a, db_col_text(s, 6)),
                           .lifted_by = dup_or_null(c, s, 7),
                           .lifted_at = dup_or_null(c, s, 8),
                           .lift_reason = dup_or_null(c, s, 9)};
    }
    db_reset(s);
    *rows_r = v;
    return n;
}

int archives_dossier_files(ctx *c, int64_t dossier_id, ar_file **rows_r)
{
    *rows_r = NULL;
    db_stmt *s = db_stmt_get(c->db, &q_files);
    if (!s)
        return -1;
    db_bind_int(s, 1, dossier_id);
    int n = 0, cap = 16;
    ar_file *v = arena_alloc(c->a, sizeof *v * (size_t)cap);
    while (db_step(s) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        v[n++] = (ar_file){.filename = arena_strdup(c->a, db_col_text(s, 0)),
                           .size = db_col_int(s, 1),
                           .sha256 = arena_strdup(c->a, db_col_text(s, 2)),
                           .pages = db_col_null(s, 3) ? -1 : (int)db_col_int(s, 3)};
    }
    db_reset(s);
    *rows_r = v;
    return n;
}
