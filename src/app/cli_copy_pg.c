/* `vanphong copy-to-pg --data DIR --to URL`: moves an SQLite office into an empty PostgreSQL
 * database (issue 16). The target is migrated first (src/db/migrations/pg), then every table
 * of the SQLite file replaces the rows the migrations seeded and is copied row by row in batches,
 * with the target's triggers off (session_replication_role = replica: the rows the SQLite triggers
 * derived — search_docs and the like — are copied as they are, not derived twice), identity
 * sequences moved past the copied ids, and at the end each table is verified by its row count and
 * an order-free hash of its rows (the sum of a BLAKE2b digest per row, values read by the column's
 * declared type on both sides). Blobs, keys and the NSS database stay in DIR: point `serve --data
 * DIR
 * --db URL` at both. The source is read in one snapshot; stop the server first so nothing is
 * written after the copy starts. */
#include <sodium.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/cli.h"
#include "base/args.h"
#include "base/i18n.h"
#include "base/strbuf.h"
#include "db/db.h"

#define BATCH_ROWS 5000
#define MAX_COLS 128

static const char copy_help[] = N_(
    "cách dùng: vanphong copy-to-pg --data DIR --to URL [--verify]\n"
    "\n"
    "Chép cơ sở dữ liệu SQLite của thư mục dữ liệu DIR sang một cơ sở dữ liệu PostgreSQL\n"
    "trống (URL: postgresql://máy/tên hoặc chuỗi kết nối libpq; mật khẩu lấy từ PGPASSFILE,\n"
    "không ghi trên dòng lệnh). Tạo lược đồ, chép từng bảng (có thanh tiến độ), rồi đối chiếu\n"
    "số dòng và mã băm từng bảng; mã thoát 0 khi mọi bảng khớp. Cần quyền đủ để tắt trigger\n"
    "trong lúc chép (session_replication_role). Tệp đính kèm, khóa và NSS vẫn ở DIR: chạy\n"
    "`vanphong serve --data DIR --db URL`. Dừng máy chủ trước khi chép. --verify chỉ đối chiếu,\n"
    "không chép.\n");

enum coltype { C_INT, C_REAL, C_TEXT, C_BLOB };

typedef struct copy_tab {
    char *name;
    int ncols;
    char *cols[MAX_COLS];
    enum coltype types[MAX_COLS];
    int64_t rows;
    int rowid_col;              /* the column filled from SQLite's implicit rowid, or -1 */
    db_query insert, select_pg; /* built at run time; the driver caches them by address */
    char *insert_sql, *select_sql, *select_pg_sql;
} copy_tab;

/* Tables whose public id is SQLite's implicit rowid (no id column there): PostgreSQL has no
 * rowid, so their twin migration gives them an id column (pg/057_pg_parity.sql), which gets
 * each row's rowid here — the ids in URLs stay the same after the move. */
static const char *const rowid_tables[] = {"edxml_organs", NULL};

static enum coltype type_of(const char *decl)
{
    if (!decl || !*decl)
        return C_BLOB;
    if (strcasestr(decl, "INT"))
        return C_INT;
    if (strcasestr(decl, "REAL") || strcasestr(decl, "FLOA") || strcasestr(decl, "DOUB"))
        return C_REAL;
    if (strcasestr(decl, "BLOB"))
        return C_BLOB;
    return C_TEXT;
}

/* An identifier between double quotes (SQLite and PostgreSQL alike). */
static void add_ident(strbuf *b, const char *id)
{
    sb_addc(b, '"');
    for (const char *p = id; *p; p++) {
        if (*p == '"')
            sb_addc(b, '"');
        sb_addc(b, *p);
    }
    sb_addc(b, '"');
}

/* Tables to copy: every ordinary table but SQLite's own, full-text virtual tables and their
 * shadow tables (PostgreSQL's search keys are rebuilt by `vanphong reindex`) and
 * schema_version (the target's migrations wrote their own). */
static int list_tables(sqlite3 *h, copy_tab **out, int *n_out)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(h,
                           "SELECT s.name FROM sqlite_schema s WHERE s.type = 'table'"
                           " AND s.name NOT LIKE 'sqlite_%' AND s.name <> 'schema_version'"
                           " AND s.sql NOT LIKE 'CREATE VIRTUAL%'"
                           " AND NOT EXISTS (SELECT 1 FROM sqlite_schema v WHERE v.type = 'table'"
                           "  AND v.sql LIKE 'CREATE VIRTUAL%' AND s.name LIKE v.name || '\\_%'"
                           "  ESCAPE '\\') ORDER BY s.name",
                           -1, &st, NULL) != SQLITE_OK)
        return -1;
    int cap = 16, n = 0;
    copy_tab *t = calloc((size_t)cap, sizeof *t);
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (n == cap) {
            cap *= 2;
            t = realloc(t, (size_t)cap * sizeof *t);
            if (!t)
                abort();
            memset(t + n, 0, (size_t)(cap - n) * sizeof *t);
        }
        t[n++].name = strdup((const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    for (int i = 0; i < n; i++) {
        strbuf q = STRBUF_INIT;
        sb_adds(&q, "SELECT name, type FROM pragma_table_info(?1) ORDER BY cid");
        sqlite3_stmt *c;
        if (sqlite3_prepare_v2(h, sb_str(&q), -1, &c, NULL) != SQLITE_OK) {
            sb_free(&q);
            return -1;
        }
        sb_free(&q);
        sqlite3_bind_text(c, 1, t[i].name, -1, SQLITE_STATIC);
        while (sqlite3_step(c) == SQLITE_ROW && t[i].ncols < MAX_COLS) {
            t[i].cols[t[i].ncols] = strdup((const char *)sqlite3_column_text(c, 0));
            t[i].types[t[i].ncols++] = type_of((const char *)sqlite3_column_text(c, 1));
        }
        sqlite3_finalize(c);
        t[i].rowid_col = -1;
        for (int k = 0; rowid_tables[k]; k++)
            if (strcmp(t[i].name, rowid_tables[k]) == 0 && t[i].ncols < MAX_COLS) {
                t[i].rowid_col = t[i].ncols;
                t[i].cols[t[i].ncols] = strdup("id");
                t[i].types[t[i].ncols++] = C_INT;
            }
    }
    *out = t;
    *n_out = n;
    return 0;
}

static void build_sql(copy_tab *t)
{
    strbuf b = STRBUF_INIT;
    sb_adds(&b, "INSERT INTO ");
    add_ident(&b, t->name);
    sb_adds(&b, " (");
    for (int c = 0; c < t->ncols; c++) {
        if (c)
            sb_adds(&b, ", ");
        add_ident(&b, t->cols[c]);
    }
    sb_adds(&b, ") VALUES (");
    for (int c = 0; c < t->ncols; c++)
        sb_printf(&b, "%s$%d", c ? ", " : "", c + 1);
    sb_adds(&b, ")");
    t->insert_sql = strdup(sb_str(&b));
    sb_reset(&b);
    for (int pg = 0; pg < 2; pg++) {
        sb_adds(&b, "SELECT ");
        for (int c = 0; c < t->ncols; c++) {
            if (c)
                sb_adds(&b, ", ");
            if (c == t->rowid_col && !pg)
                sb_adds(&b, "rowid");
            else
                add_ident(&b, t->cols[c]);
        }
        sb_adds(&b, " FROM ");
        add_ident(&b, t->name);
        *(pg ? &t->select_pg_sql : &t->select_sql) = strdup(sb_str(&b));
        sb_reset(&b);
    }
    sb_free(&b);
    t->insert = (db_query){t->name, t->insert_sql, t->insert_sql};
    t->select_pg = (db_query){t->name, t->select_pg_sql, t->select_pg_sql};
}

/* The 128-bit order-free sum of the rows' digests. */
typedef struct {
    uint64_t lo, hi;
} sum128;

static void sum_add(sum128 *s, const unsigned char d[16])
{
    uint64_t lo, hi;
    memcpy(&lo, d, 8);
    memcpy(&hi, d + 8, 8);
    uint64_t old = s->lo;
    s->lo += lo;
    s->hi += hi + (s->lo < old);
}

/* One value into the row's digest, by the column's declared type: a tag, then the bytes. */
static void hash_value(crypto_generichash_state *h, enum coltype ty, bool null, int64_t i, double r,
                       const void *p, size_t n)
{
    char buf[40];
    if (null) {
        crypto_generichash_update(h, (const unsigned char *)"N", 1);
        return;
    }
    switch (ty) {
    case C_INT:
        snprintf(buf, sizeof buf, "I%lld;", (long long)i);
        crypto_generichash_update(h, (const unsigned char *)buf, strlen(buf));
        return;
    case C_REAL:
        snprintf(buf, sizeof buf, "R%.17g;", r);
        crypto_generichash_update(h, (const unsigned char *)buf, strlen(buf));
        return;
    default:
        snprintf(buf, sizeof buf, "%c%zu:", ty == C_TEXT ? 'T' : 'B', n);
        crypto_generichash_update(h, (const unsigned char *)buf, strlen(buf));
        crypto_generichash_update(h, p, n);
    }
}

static void progress(const char *name, int64_t done, int64_t total, int64_t all_done, int64_t all)
{
    if (!isatty(2))
        return;
    int w = 30, k = all ? (int)(all_done * w / all) : w;
    fprintf(stderr, "\r[%.*s%*s] %3d%%  %-28.28s %lld/%lld", k, "##############################",
            w - k, "", all ? (int)(all_done * 100 / all) : 100, name, (long long)done,
            (long long)total);
}

/* Copies one table; returns 0 or -1 (message printed). */
static int copy_table(sqlite3 *h, db *pg, copy_tab *t, int64_t *all_done, int64_t all)
{
    strbuf q = STRBUF_INIT;
    sb_adds(&q, t->select_sql);
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(h, sb_str(&q), -1, &st, NULL);
    sb_free(&q);
    if (rc != SQLITE_OK) {
        fprintf(stderr, "\nvanphong copy-to-pg: %s: %s\n", t->name, sqlite3_errmsg(h));
        return -1;
    }
    int64_t done = 0;
    bool in_tx = false;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!in_tx) {
            if (db_begin_write(pg) != 0)
                goto fail;
            in_tx = true;
        }
        db_stmt *ins = db_stmt_get(pg, &t->insert);
        if (!ins)
            goto fail;
        for (int c = 0; c < t->ncols; c++) {
            switch (sqlite3_column_type(st, c)) {
            case SQLITE_NULL:
                db_bind_null(ins, c + 1);
                break;
            case SQLITE_INTEGER:
                db_bind_int(ins, c + 1, sqlite3_column_int64(st, c));
                break;
            case SQLITE_FLOAT:
                db_bind_double(ins, c + 1, sqlite3_column_double(st, c));
                break;
            case SQLITE_BLOB:
                db_bind_blob(ins, c + 1, sqlite3_column_blob(st, c),
                             (size_t)sqlite3_column_bytes(st, c));
                break;
            default:
                db_bind_textn(ins, c + 1, (const char *)sqlite3_column_text(st, c),
                              (size_t)sqlite3_column_bytes(st, c));
            }
        }
        if (db_exec(ins) != DB_DONE)
            goto fail;
        done++;
        (*all_done)++;
        if (done % BATCH_ROWS == 0) {
            if (db_commit(pg) != 0) {
                in_tx = false;
                goto fail;
            }
            in_tx = false;
            progress(t->name, done, t->rows, *all_done, all);
        }
    }
    if (rc != SQLITE_DONE) {
        fprintf(stderr, "\nvanphong copy-to-pg: %s: %s\n", t->name, sqlite3_errmsg(h));
        goto fail_quiet;
    }
    sqlite3_finalize(st);
    if (in_tx && db_commit(pg) != 0) {
        fprintf(stderr, "\nvanphong copy-to-pg: %s: %s\n", t->name, db_errmsg(pg));
        return -1;
    }
    progress(t->name, done, t->rows, *all_done, all);
    return 0;
fail:
    fprintf(stderr, "\nvanphong copy-to-pg: %s: %s\n", t->name, db_errmsg(pg));
fail_quiet:
    if (in_tx)
        db_rollback(pg);
    sqlite3_finalize(st);
    return -1;
}

static int64_t sqlite_count(sqlite3 *h, const char *name)
{
    strbuf q = STRBUF_INIT;
    sb_adds(&q, "SELECT count(*) FROM ");
    add_ident(&q, name);
    sqlite3_stmt *st;
    int64_t n = -1;
    if (sqlite3_prepare_v2(h, sb_str(&q), -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sb_free(&q);
    return n;
}

/* Count and order-free hash of a table on the SQLite side. */
static int sqlite_sum(sqlite3 *h, copy_tab *t, int64_t *n_r, sum128 *s)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(h, t->select_sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    int64_t n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        crypto_generichash_state hs;
        crypto_generichash_init(&hs, NULL, 0, 16);
        for (int c = 0; c < t->ncols; c++) {
            bool null = sqlite3_column_type(st, c) == SQLITE_NULL;
            int64_t i = 0;
            double r = 0;
            const void *p = NULL;
            size_t len = 0;
            if (t->types[c] == C_INT)
                i = sqlite3_column_int64(st, c);
            else if (t->types[c] == C_REAL)
                r = sqlite3_column_double(st, c);
            else if (t->types[c] == C_TEXT) {
                p = sqlite3_column_text(st, c);
                len = (size_t)sqlite3_column_bytes(st, c);
            } else {
                p = sqlite3_column_blob(st, c);
                len = (size_t)sqlite3_column_bytes(st, c);
            }
            hash_value(&hs, t->types[c], null, i, r, p, len);
        }
        unsigned char d[16];
        crypto_generichash_final(&hs, d, sizeof d);
        sum_add(s, d);
        n++;
    }
    sqlite3_finalize(st);
    *n_r = n;
    return 0;
}

/* The same on the PostgreSQL side, through the store contract. */
static int pg_sum(db *pg, copy_tab *t, int64_t *n_r, sum128 *s)
{
    db_stmt *st = db_stmt_get(pg, &t->select_pg);
    if (!st)
        return -1;
    int64_t n = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        crypto_generichash_state hs;
        crypto_generichash_init(&hs, NULL, 0, 16);
        for (int c = 0; c < t->ncols; c++) {
            bool null = db_col_null(st, c);
            int64_t i = 0;
            double r = 0;
            const void *p = NULL;
            size_t len = 0;
            if (!null && t->types[c] == C_INT)
                i = db_col_int(st, c);
            else if (!null && t->types[c] == C_REAL)
                r = db_col_double(st, c);
            else if (!null && t->types[c] == C_TEXT) {
                p = db_col_text(st, c);
                len = p ? strlen(p) : 0;
            } else if (!null)
                p = db_col_blob(st, c, &len);
            hash_value(&hs, t->types[c], null, i, r, p, len);
        }
        unsigned char d[16];
        crypto_generichash_final(&hs, d, sizeof d);
        sum_add(s, d);
        n++;
    }
    db_reset(st);
    *n_r = n;
    return rc == DB_DONE ? 0 : -1;
}

/* Identity and serial columns start after the copied ids. */
static const db_query q_identity_cols = {
    "copy.identity_cols", NULL,
    "SELECT table_name, column_name FROM information_schema.columns"
    " WHERE table_schema = current_schema()"
    " AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')"};

static int move_sequences(db *pg)
{
    db_stmt *s = db_stmt_get(pg, &q_identity_cols);
    if (!s)
        return -1;
    strbuf script = STRBUF_INIT;
    while (db_step(s) == DB_ROW) {
        const char *tab = db_col_text(s, 0), *col = db_col_text(s, 1);
        strbuf qt = STRBUF_INIT, qc = STRBUF_INIT;
        add_ident(&qt, tab);
        add_ident(&qc, col);
        /* pg_get_serial_sequence takes the quoted table name as a text literal. */
        sb_adds(&script, "SELECT setval(pg_get_serial_sequence('");
        for (const char *p = sb_str(&qt); *p; p++) {
            if (*p == '\'')
                sb_addc(&script, '\'');
            sb_addc(&script, *p);
        }
        sb_printf(&script, "', '%s'), COALESCE(max(%s), 0) + 1, false) FROM %s;\n", col,
                  sb_str(&qc), sb_str(&qt));
        sb_free(&qt);
        sb_free(&qc);
    }
    db_reset(s);
    char *err = NULL;
    int rc = script.len ? db_exec_script(pg, sb_str(&script), &err) : 0;
    if (rc != 0) {
        fprintf(stderr, "vanphong copy-to-pg: %s\n", err ? err : db_errmsg(pg));
        free(err);
    }
    sb_free(&script);
    return rc;
}

int cli_copy_to_pg(int argc, char **argv)
{
    static const char *const values[] = {"--data", "--to", NULL};
    static const char *const flags[] = {"--verify", NULL};
    static const cli_spec spec = {"vanphong copy-to-pg", copy_help, values, flags, 0, 0};
    int parsed = cli_parse(argc, argv, &spec);
    if (parsed >= 0)
        return parsed;
    const char *data = cli_opt(argc, argv, "--data");
    const char *to = cli_opt(argc, argv, "--to");
    bool verify_only = cli_has(argc, argv, "--verify") != 0;
    if (!to)
        to = getenv("VP_DB_URL");
    if (!data || !to) {
        fputs(_(copy_help), stderr);
        return 2;
    }
    /* A PostgreSQL URI or a libpq keyword string, never a file the SQLite driver would create. */
    if (strncmp(to, "postgresql://", 13) != 0 && strncmp(to, "postgres://", 11) != 0 &&
        !strchr(to, '=')) {
        fputs(_("vanphong copy-to-pg: --to phải là một cơ sở dữ liệu PostgreSQL\n"), stderr);
        return 2;
    }
    if (sodium_init() < 0)
        return 1;
    char path[4096];
    snprintf(path, sizeof path, "%s/vanphong.db", data);
    sqlite3 *h = NULL;
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fprintf(stderr, _("vanphong copy-to-pg: không mở được %s: %s\n"), path,
                h ? sqlite3_errmsg(h) : "?");
        sqlite3_close(h);
        return 1;
    }
    db *pg = NULL;
    char *err = NULL;
    int status = 1;
    copy_tab *t = NULL;
    int n = 0;
    if (db_open(to, &pg, &err) != 0 || db_migrate(pg, &err) != 0) {
        fprintf(stderr, "vanphong copy-to-pg: %s\n", err ? err : "?");
        goto out;
    }
    if (db_sqlite_handle(pg)) {
        fputs(_("vanphong copy-to-pg: --to phải là một cơ sở dữ liệu PostgreSQL\n"), stderr);
        goto out;
    }
    /* One snapshot of the source for the copy and the verification. */
    sqlite3_exec(h, "BEGIN", NULL, NULL, NULL);
    if (list_tables(h, &t, &n) != 0) {
        fprintf(stderr, "vanphong copy-to-pg: %s\n", sqlite3_errmsg(h));
        goto out;
    }
    int64_t all = 0, all_done = 0;
    for (int i = 0; i < n; i++) {
        build_sql(&t[i]);
        t[i].rows = sqlite_count(h, t[i].name);
        all += t[i].rows;
    }
    if (verify_only)
        goto verify;
    /* An office already there is never overwritten. */
    static const db_query q_units = {"copy.units", NULL, "SELECT count(*) FROM units"};
    db_stmt *u = db_stmt_get(pg, &q_units);
    if (!u || db_step(u) != DB_ROW || db_col_int(u, 0) != 0) {
        fputs(_("vanphong copy-to-pg: cơ sở dữ liệu đích không trống (đã có đơn vị); "
                "chỉ chép vào một cơ sở dữ liệu mới\n"),
              stderr);
        goto out;
    }
    db_reset(u);
    if (db_exec_script(pg, "SET session_replication_role = replica", &err) != 0) {
        fprintf(stderr,
                _("vanphong copy-to-pg: không tắt được trigger trong lúc chép (%s); cần "
                  "quyền superuser của PostgreSQL cho lệnh này\n"),
                err ? err : "?");
        goto out;
    }
    /* The migrations seeded vocabularies (document types, budget lines, rules …) that the
     * source holds too, possibly edited since: the source's rows replace them. */
    strbuf wipe = STRBUF_INIT;
    for (int i = 0; i < n; i++) {
        sb_adds(&wipe, "DELETE FROM ");
        add_ident(&wipe, t[i].name);
        sb_adds(&wipe, ";\n");
    }
    int wiped = db_exec_script(pg, sb_str(&wipe), &err);
    sb_free(&wipe);
    if (wiped != 0) {
        fprintf(stderr, "vanphong copy-to-pg: %s\n", err ? err : db_errmsg(pg));
        goto out;
    }
    for (int i = 0; i < n; i++)
        if (copy_table(h, pg, &t[i], &all_done, all) != 0)
            goto out;
    if (isatty(2))
        fputc('\n', stderr);
    db_exec_script(pg, "SET session_replication_role = DEFAULT", NULL);
    if (move_sequences(pg) != 0)
        goto out;
verify:;
    int bad = 0;
    for (int i = 0; i < n; i++) {
        int64_t ns = 0, np = 0;
        sum128 ss = {0, 0}, sp = {0, 0};
        if (sqlite_sum(h, &t[i], &ns, &ss) != 0 || pg_sum(pg, &t[i], &np, &sp) != 0) {
            fprintf(stderr, "vanphong copy-to-pg: %s: %s\n", t[i].name, db_errmsg(pg));
            bad++;
            continue;
        }
        if (ns != np || ss.lo != sp.lo || ss.hi != sp.hi) {
            fprintf(stderr,
                    _("vanphong copy-to-pg: bảng %s KHÔNG khớp: %lld dòng nguồn, %lld "
                      "dòng đích%s\n"),
                    t[i].name, (long long)ns, (long long)np, ns == np ? _(", nội dung khác") : "");
            bad++;
        }
    }
    if (verify_only)
        printf(_("đã đối chiếu %d bảng: %d khớp số dòng và mã băm, %d không khớp\n"), n, n - bad,
               bad);
    else
        printf(_("đã chép %d bảng, %lld dòng; %d bảng khớp số dòng và mã băm, %d không khớp\n"), n,
               (long long)all_done, n - bad, bad);
    if (bad == 0) {
        puts("ok");
        puts(_("Chỉ mục tìm kiếm trên PostgreSQL: VP_DB_URL=URL vanphong reindex --data DIR"));
    }
    status = bad ? 1 : 0;
out:
    free(err);
    db_close(&pg);
    sqlite3_close(h);
    for (int i = 0; i < n; i++) {
        free(t[i].name);
        free(t[i].insert_sql);
        free(t[i].select_sql);
        free(t[i].select_pg_sql);
        for (int c = 0; c < t[i].ncols; c++)
            free(t[i].cols[c]);
    }
    free(t);
    return status;
}
