/* Units of the office tree: loading, listing as a tree, successor links, and the admin's
 * create/update with the tree's rules (no cycles, nothing new under a dissolved unit,
 * dissolving leaves successor links so old documents keep resolving their issuer). */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "org/org_impl.h"
#include "text/vi.h"
#include "web/params.h"

#define UNIT_COLS "id, parent_id, name, abbr, level, organ_id, valid_from, valid_to, sort_order"

static const db_query q_by_id = {"org.unit_by_id", "SELECT " UNIT_COLS " FROM units WHERE id = ?1",
                                 NULL};
static const db_query q_all = {"org.unit_all",
                               "SELECT " UNIT_COLS " FROM units ORDER BY sort_order, id", NULL};
static const db_query q_organ_taken = {
    "org.organ_taken", "SELECT 1 FROM units WHERE organ_id = ?1 AND id <> ?2 LIMIT 1", NULL};
static const db_query q_active_children = {
    "org.active_children",
    "SELECT count(*) FROM units WHERE parent_id = ?1 AND (valid_to IS NULL OR valid_to > ?2)",
    NULL};
static const db_query q_insert = {
    "org.unit_insert",
    "INSERT INTO units (parent_id, name, abbr, level, organ_id, valid_from, valid_to, sort_order,"
    " created_at, created_by, updated_at, updated_by)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, ?7, ?8, ?9, ?8, ?9)",
    NULL};
static const db_query q_update = {
    "org.unit_update",
    "UPDATE units SET parent_id = ?2, name = ?3, abbr = ?4, level = ?5, organ_id = ?6,"
    " valid_from = ?7, valid_to = ?8, sort_order = ?9, updated_at = ?10, updated_by = ?11"
    " WHERE id = ?1",
    NULL};
static const db_query q_link_insert = {
    "org.link_insert",
    "INSERT INTO unit_successors (unit_id, successor_id, kind, effective_date, note, created_at,"
    " created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    NULL};
static const db_query q_links = {
    "org.links",
    "SELECT l.unit_id, l.successor_id, a.name, b.name, l.kind, l.effective_date, l.note"
    " FROM unit_successors l JOIN units a ON a.id = l.unit_id JOIN units b ON b.id = l.successor_id"
    " WHERE ?1 = 0 OR l.unit_id = ?1 OR l.successor_id = ?1 ORDER BY l.effective_date, l.id",
    NULL};

const char *const org_levels[] = {"TW", "TINH", "HUYEN", "XA", "CO_SO", "CHI_BO", "BAN", NULL};
const char *const org_political_theories[] = {"Sơ cấp", "Trung cấp", "Cao cấp", "Cử nhân", NULL};

bool org_level_valid(const char *level)
{
    for (int i = 0; level && org_levels[i]; i++)
        if (strcmp(level, org_levels[i]) == 0)
            return true;
    return false;
}

const char *org_level_label(const char *level)
{
    static const struct {
        const char *code, *label;
    } labels[] = {
        {"TW", N_("Trung ương")},
        {"TINH", N_("Cấp tỉnh")},
        {"HUYEN", N_("Cấp huyện (trước 7/2025)")},
        {"XA", N_("Cấp xã")},
        {"CO_SO", N_("Cơ sở")},
        {"CHI_BO", N_("Chi bộ")},
        {"BAN", N_("Cơ quan tham mưu")},
    };
    for (size_t i = 0; level && i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(level, labels[i].code) == 0)
            return _(labels[i].label);
    return level ? level : "";
}

bool org_successor_kind_valid(const char *kind)
{
    return kind && (strcmp(kind, "merge") == 0 || strcmp(kind, "split") == 0 ||
                    strcmp(kind, "rename") == 0 || strcmp(kind, "transfer") == 0);
}

const char *org_successor_kind_label(const char *kind)
{
    if (!kind)
        return "";
    if (strcmp(kind, "merge") == 0)
        return _("Sáp nhập");
    if (strcmp(kind, "split") == 0)
        return _("Chia tách");
    if (strcmp(kind, "rename") == 0)
        return _("Đổi tên");
    if (strcmp(kind, "transfer") == 0)
        return _("Chuyển giao");
    return kind;
}

bool org_political_theory_valid(const char *s)
{
    for (int i = 0; s && org_political_theories[i]; i++)
        if (strcmp(s, org_political_theories[i]) == 0)
            return true;
    return false;
}

static void unit_from_row(arena *a, db_stmt *s, unit *u)
{
    u->id = db_col_int(s, 0);
    u->parent_id = db_col_null(s, 1) ? 0 : db_col_int(s, 1);
    u->name = arena_strdup(a, db_col_text(s, 2));
    u->abbr = arena_strdup(a, db_col_text(s, 3));
    u->level = arena_strdup(a, db_col_text(s, 4));
    u->organ_id = arena_strdup(a, db_col_text(s, 5));
    u->valid_from = arena_strdup(a, db_col_text(s, 6));
    u->valid_to = arena_strdup(a, db_col_text(s, 7));
    u->sort_order = db_col_int(s, 8);
}

const unit *org_unit_get(ctx *c, int64_t id)
{
    if (id <= 0)
        return NULL;
    db_stmt *s = db_stmt_get(c->db, &q_by_id);
    if (!s)
        return NULL;
    db_bind_int(s, 1, id);
    unit *u = NULL;
    if (db_step(s) == DB_ROW) {
        u = arena_alloc(c->a, sizeof *u);
        unit_from_row(c->a, s, u);
    }
    db_reset(s);
    return u;
}

/* valid_to is the unit's last day, so it is still active on that day. */
bool org_unit_active(const unit *u)
{
    if (!u)
        return false;
    if (!u->valid_to)
        return true;
    char today[16];
    org_today(today);
    return strcmp(u->valid_to, today) >= 0;
}

json_t *org_unit_json(const unit *u)
{
    json_t *j = json_object();
    json_object_set_new(j, "id", json_integer(u->id));
    json_object_set_new(j, "parent_id", u->parent_id ? json_integer(u->parent_id) : json_null());
    json_object_set_new(j, "name", json_string(u->name));
    json_object_set_new(j, "abbr", json_string(u->abbr));
    json_object_set_new(j, "level", json_string(u->level));
    json_object_set_new(j, "organ_id", u->organ_id ? json_string(u->organ_id) : json_null());
    json_object_set_new(j, "valid_from", json_string(u->valid_from));
    json_object_set_new(j, "valid_to", u->valid_to ? json_string(u->valid_to) : json_null());
    json_object_set_new(j, "sort_order", json_integer(u->sort_order));
    json_object_set_new(j, "active", json_boolean(org_unit_active(u)));
    return j;
}

/* ---- the tree as a list ----------------------------------------------------------------- */

struct walk {
    unit *all;
    int n;
    int *first_child, *next_sibling; /* index lists over `all` */
    bool *keep;
    unit *out;
    int *depth;
    int n_out;
};

static void walk_from(struct walk *w, int i, int depth)
{
    /* Depth guard: the writes refuse cycles, but a hand-edited database might not. */
    if (depth > 64)
        return;
    w->out[w->n_out] = w->all[i];
    w->depth[w->n_out] = depth;
    w->n_out++;
    for (int k = w->first_child[i]; k >= 0; k = w->next_sibling[k])
        if (w->keep[k])
            walk_from(w, k, depth + 1);
}

/* Both int64_t ids and id_ix start with the id, so one comparison serves both. */
struct id_ix {
    int64_t id;
    int ix;
};

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

int org_unit_list(ctx *c, bool include_dissolved, unit **rows_r, int **depth_r)
{
    *rows_r = NULL;
    if (depth_r)
        *depth_r = NULL;
    if (!c->user)
        return 0;
    int64_t *scope_ids;
    bool all;
    int n_scope = org_scope_unit_ids(c, &scope_ids, &all);
    if (n_scope > 1)
        qsort(scope_ids, n_scope, sizeof *scope_ids, cmp_id);

    db_stmt *s = db_stmt_get(c->db, &q_all);
    if (!s)
        return 0;
    int cap = 64, n = 0;
    unit *units = arena_alloc(c->a, cap * sizeof *units);
    while (db_step(s) == DB_ROW) {
        ARENA_GROW(c->a, units, n, cap);
        unit_from_row(c->a, s, &units[n++]);
    }
    db_reset(s);

    struct walk w = {.all = units, .n = n};
    w.first_child = arena_alloc(c->a, (n + 1) * sizeof(int));
    w.next_sibling = arena_alloc(c->a, (n + 1) * sizeof(int));
    w.keep = arena_alloc(c->a, (n + 1) * sizeof(bool));
    w.out = arena_alloc(c->a, (n + 1) * sizeof(unit));
    w.depth = arena_alloc(c->a, (n + 1) * sizeof(int));
    for (int i = 0; i < n; i++) {
        w.first_child[i] = w.next_sibling[i] = -1;
        bool in = all || (n_scope > 0 &&
                          bsearch(&units[i].id, scope_ids, n_scope, sizeof *scope_ids, cmp_id));
        w.keep[i] = in && (include_dissolved || org_unit_active(&units[i]));
    }
    /* Children in (sort_order, id) order: the rows come sorted, so append at the tail. */
    int *last_child = arena_alloc(c->a, (n + 1) * sizeof(int));
    int *parent_ix = arena_alloc(c->a, (n + 1) * sizeof(int));
    /* Parents are found through an index sorted by id: trees of thousands of chi bộ stay
     * linear-logarithmic. */
    struct id_ix *by_id = arena_alloc(c->a, (n + 1) * sizeof *by_id);
    for (int i = 0; i < n; i++)
        by_id[i] = (struct id_ix){units[i].id, i};
    qsort(by_id, n, sizeof *by_id, cmp_id);
    for (int i = 0; i < n; i++) {
        last_child[i] = -1;
        struct id_ix key = {units[i].parent_id, 0};
        const struct id_ix *p =
            units[i].parent_id ? bsearch(&key, by_id, n, sizeof *by_id, cmp_id) : NULL;
        parent_ix[i] = p ? p->ix : -1;
    }
    for (int i = 0; i < n; i++) {
        int p = parent_ix[i];
        if (p < 0)
            continue;
        if (last_child[p] < 0)
            w.first_child[p] = i;
        else
            w.next_sibling[last_child[p]] = i;
        last_child[p] = i;
    }
    /* A kept unit whose parent is not kept (out of scope, or dissolved) starts a tree. */
    for (int i = 0; i < n; i++)
        if (w.keep[i] && (parent_ix[i] < 0 || !w.keep[parent_ix[i]]))
            walk_from(&w, i, 0);
    *rows_r = w.out;
    if (depth_r)
        *depth_r = w.depth;
    return w.n_out;
}

int org_unit_path(ctx *c, int64_t id, const unit ***path_r)
{
    const unit *chain[UNIT_MAX_DEPTH + 2];
    int n = 0;
    for (const unit *u = org_unit_get(c, id); u && n < UNIT_MAX_DEPTH + 2;
         u = u->parent_id ? org_unit_get(c, u->parent_id) : NULL)
        chain[n++] = u;
    const unit **path = arena_alloc(c->a, (n + 1) * sizeof *path);
    for (int i = 0; i < n; i++)
        path[i] = chain[n - 1 - i];
    *path_r = path;
    return n;
}

int org_unit_links(ctx *c, int64_t unit_id, unit_link **rows_r)
{
    *rows_r = NULL;
    db_stmt *s = db_stmt_get(c->db, &q_links);
    if (!s)
        return 0;
    db_bind_int(s, 1, unit_id);
    int cap = 16, n = 0;
    unit_link *v = arena_alloc(c->a, cap * sizeof *v);
    while (db_step(s) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        unit_link *l = &v[n++];
        l->unit_id = db_col_int(s, 0);
        l->successor_id = db_col_int(s, 1);
        l->unit_name = arena_strdup(c->a, db_col_text(s, 2));
        l->successor_name = arena_strdup(c->a, db_col_text(s, 3));
        l->kind = arena_strdup(c->a, db_col_text(s, 4));
        l->effective_date = arena_strdup(c->a, db_col_text(s, 5));
        l->note = arena_strdup(c->a, db_col_text(s, 6));
    }
    db_reset(s);
    *rows_r = v;
    return n;
}

/* ---- writes ----------------------------------------------------------------------------- */

static bool text_ok(const char *s, size_t max)
{
    size_t n = s ? strlen(s) : 0;
    return n > 0 && n <= max && vi_valid_utf8(s, n);
}

/* ASCII letters, digits and dots: the OrganId alphabet ("000.00.31.H13"). */
static bool organ_id_ok(const char *s)
{
    if (strlen(s) != UNIT_ORGAN_ID_LEN)
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
              *p == '.'))
            return false;
    return true;
}

/* Abbreviations go into "Số 12-NQ/TU": a slash, hyphen or space would break the notation. */
static bool abbr_ok(const char *s)
{
    if (!text_ok(s, UNIT_ABBR_MAX))
        return false;
    return !strpbrk(s, "/- \t\r\n");
}

static bool date_ok(const char *s)
{
    return param_date(s);
}

/* Checks the merged record `u` (the unit after the change). Runs inside the write
 * transaction, so what it reads cannot change before the write. */
static void validate(ctx *c, const unit *before, unit *u, const unit_change *in, org_err *e)
{
    arena *a = c->a;
    if (!text_ok(u->name, UNIT_NAME_MAX))
        org_err_add(e, 400, "name", _("Tên đơn vị là bắt buộc (tối đa 300 byte)."));
    if (!u->abbr || !*u->abbr)
        org_err_add(e, 400, "abbr", _("Chữ viết tắt là bắt buộc (dùng trong số văn bản)."));
    else if (!abbr_ok(u->abbr))
        org_err_add(e, 400, "abbr",
                    _("Chữ viết tắt tối đa 30 byte, không chứa dấu cách, “/” hay “-”."));
    if (!org_level_valid(u->level))
        org_err_add(e, 400, "level", _("Cấp đơn vị không hợp lệ."));
    if (u->organ_id && !organ_id_ok(u->organ_id))
        org_err_add(e, 400, "organ_id",
                    _("Mã định danh phải đúng 13 ký tự (chữ, số, dấu chấm), ví dụ 000.00.31.H13."));
    else if (u->organ_id) {
        db_stmt *s = db_stmt_get(c->db, &q_organ_taken);
        if (s) {
            db_bind_text(s, 1, u->organ_id);
            db_bind_int(s, 2, u->id);
            bool taken = db_step(s) == DB_ROW;
            db_reset(s);
            if (taken)
                org_err_add(e, 409, "organ_id", _("Mã định danh đã được đơn vị khác dùng."));
        }
    }
    if (!date_ok(u->valid_from))
        org_err_add(e, 400, "valid_from", _("Ngày thành lập không hợp lệ (dd/mm/yyyy)."));

    /* An admin places units inside its own scope only (org.h: the city office's admin manages
     * the city tree, a ward's admin the ward); a root only an admin anchored at a root may make,
     * so no admin can lift its unit out of the tree above it. No acting user is the operator's
     * CLI (init --office), which may make the first root. */
    if (c->user && in->set_parent && !u->parent_id) {
        const unit *anchor = org_unit_get(c, org_scope_anchor(c->db, c->user->unit_id));
        if (!anchor || anchor->parent_id)
            org_err_add(e, 403, "parent_id",
                        _("Chỉ quản trị của đơn vị cấp cao nhất được tạo đơn vị gốc."));
    }
    if (in->set_parent && u->parent_id) {
        const unit *p = org_unit_get(c, u->parent_id);
        if (!p || (c->user && !org_unit_in_scope(c, p->id)))
            org_err_add(e, 400, "parent_id", _("Đơn vị cấp trên không tồn tại."));
        else if (before && org_is_ancestor_or_self(c->db, p->id, before->id))
            org_err_add(e, 400, "parent_id",
                        _("Không thể chuyển đơn vị vào chính nó hoặc đơn vị cấp dưới của nó."));
        else if (!org_unit_active(p))
            org_err_add(e, 409, "parent_id",
                        _("Đơn vị cấp trên đã giải thể, không thể nhận đơn vị cấp dưới."));
        else if (org_unit_depth(c->db, p->id) >= UNIT_MAX_DEPTH - 1)
            org_err_add(e, 400, "parent_id", _("Cây tổ chức quá nhiều cấp."));
    }

    if (in->valid_to) {
        if (!date_ok(in->valid_to))
            org_err_add(e, 400, "valid_to", _("Ngày giải thể không hợp lệ (dd/mm/yyyy)."));
        else if (u->valid_from && strcmp(in->valid_to, u->valid_from) < 0)
            org_err_add(e, 400, "valid_to", _("Ngày giải thể không được trước ngày thành lập."));
        else if (before && before->valid_to)
            org_err_add(e, 409, "valid_to", _("Đơn vị đã giải thể."));
        else if (before) {
            db_stmt *s = db_stmt_get(c->db, &q_active_children);
            int64_t n = 0;
            if (s) {
                db_bind_int(s, 1, before->id);
                db_bind_text(s, 2, in->valid_to);
                if (db_step(s) == DB_ROW)
                    n = db_col_int(s, 0);
                db_reset(s);
            }
            if (n > 0)
                org_err_add(e, 409, "valid_to",
                            _("Đơn vị còn đơn vị cấp dưới đang hoạt động; hãy giải thể hoặc "
                              "chuyển các đơn vị đó trước."));
        }
        if (in->successor_id) {
            const unit *succ = org_unit_get(c, in->successor_id);
            if (!succ || !org_unit_in_scope(c, succ->id) || (before && succ->id == before->id))
                org_err_add(e, 400, "successor_id", _("Đơn vị kế thừa không hợp lệ."));
            else if (!org_unit_active(succ))
                org_err_add(e, 409, "successor_id", _("Đơn vị kế thừa đã giải thể."));
        }
        const char *kind = in->successor_kind && *in->successor_kind ? in->successor_kind : "merge";
        if (!org_successor_kind_valid(kind))
            org_err_add(e, 400, "successor_kind", _("Hình thức kế thừa không hợp lệ."));
        if (in->note && strlen(in->note) > UNIT_NOTE_MAX)
            org_err_add(e, 400, "note", _("Ghi chú tối đa 1000 byte."));
        u->valid_to = arena_strdup(a, in->valid_to);
    } else if (in->successor_id) {
        org_err_add(e, 400, "successor_id", _("Chỉ ghi đơn vị kế thừa khi giải thể đơn vị."));
    }
}

static void merge_change(arena *a, unit *u, const unit_change *in)
{
    if (in->name)
        u->name = org_trim(a, in->name);
    if (in->abbr)
        u->abbr = org_trim(a, in->abbr);
    if (in->level)
        u->level = org_trim(a, in->level);
    if (in->valid_from)
        u->valid_from = org_trim(a, in->valid_from);
    if (in->set_parent)
        u->parent_id = in->parent_id > 0 ? in->parent_id : 0;
    if (in->set_organ_id) {
        const char *o = org_trim(a, in->organ_id);
        u->organ_id = o && *o ? o : NULL;
    }
    if (in->set_sort_order)
        u->sort_order = in->sort_order;
}

static int write_unit(ctx *c, const unit *u, bool insert, const char *now)
{
    db_stmt *s = db_stmt_get(c->db, insert ? &q_insert : &q_update);
    if (!s)
        return DB_ERROR;
    int k = insert ? 1 : 2;
    if (!insert)
        db_bind_int(s, 1, u->id);
    if (u->parent_id)
        db_bind_int(s, k, u->parent_id);
    else
        db_bind_null(s, k);
    db_bind_text(s, k + 1, u->name);
    db_bind_text(s, k + 2, u->abbr);
    db_bind_text(s, k + 3, u->level);
    db_bind_text(s, k + 4, u->organ_id);
    db_bind_text(s, k + 5, u->valid_from);
    if (insert) {
        db_bind_int(s, 7, u->sort_order);
        db_bind_text(s, 8, now);
        if (c->user && c->user->id)
            db_bind_int(s, 9, c->user->id);
        else
            db_bind_null(s, 9);
    } else {
        db_bind_text(s, 8, u->valid_to);
        db_bind_int(s, 9, u->sort_order);
        db_bind_text(s, 10, now);
        if (c->user && c->user->id)
            db_bind_int(s, 11, c->user->id);
        else
            db_bind_null(s, 11);
    }
    return db_exec(s) == DB_DONE ? 0 : DB_ERROR;
}

static int write_link(ctx *c, int64_t unit_id, const unit_change *in, const char *now)
{
    db_stmt *s = db_stmt_get(c->db, &q_link_insert);
    if (!s)
        return DB_ERROR;
    char eff[16];
    org_next_day(in->valid_to, eff);
    db_bind_int(s, 1, unit_id);
    db_bind_int(s, 2, in->successor_id);
    db_bind_text(s, 3, in->successor_kind && *in->successor_kind ? in->successor_kind : "merge");
    db_bind_text(s, 4, eff);
    db_bind_text(s, 5, in->note && *in->note ? in->note : NULL);
    db_bind_text(s, 6, now);
    if (c->user && c->user->id)
        db_bind_int(s, 7, c->user->id);
    else
        db_bind_null(s, 7);
    int rc = db_exec(s);
    return rc == DB_DONE ? 0 : rc;
}

static bool may_edit_units(ctx *c)
{
    return c->user && c->user->role == ROLE_ADMIN;
}

static void store_failed(ctx *c, org_err *e, int rc)
{
    db_rollback(c->db);
    if (rc == DB_CONSTRAINT)
        org_err_add(e, 409, NULL, _("Dữ liệu xung đột với bản ghi khác. Hãy tải lại và thử lại."));
    else
        org_err_add(e, 500, NULL, _("Không ghi được dữ liệu. Hãy thử lại."));
}

/* The create's work inside an open write transaction: validate, write, audit. On failure the
 * transaction is rolled back and -1 returned with *e filled. */
static int64_t unit_insert(ctx *c, const unit_change *in, org_err *e)
{
    unit u = {.sort_order = 0};
    char today[16];
    org_today(today);
    u.valid_from = arena_strdup(c->a, today);
    merge_change(c->a, &u, in);
    unit_change eff = *in;
    eff.set_parent = true; /* a new unit is always placed, even as a root */
    eff.valid_to = NULL;   /* a new unit starts active */
    eff.successor_id = 0;
    if (in->valid_to || in->successor_id)
        org_err_add(e, 400, "valid_to", _("Đơn vị mới không thể tạo ở trạng thái đã giải thể."));
    validate(c, NULL, &u, &eff, e);
    if (e->n > 0) {
        db_rollback(c->db);
        return -1;
    }
    char now[32];
    org_now_iso(now, sizeof now);
    int rc = write_unit(c, &u, true, now);
    if (rc != 0) {
        store_failed(c, e, rc);
        return -1;
    }
    u.id = db_last_id(c->db);
    char *after = org_json_take(org_unit_json(&u));
    rc = audit_log(c->db, c->user, "unit.create", "unit", u.id, NULL, after);
    free(after);
    if (rc != 0) {
        store_failed(c, e, rc);
        return -1;
    }
    return u.id;
}

int64_t org_unit_create(ctx *c, const unit_change *in, org_err *e)
{
    org_err_clear(e);
    if (!may_edit_units(c)) {
        org_err_add(e, 403, NULL, _("Chỉ quản trị hệ thống được thêm hoặc sửa đơn vị."));
        return -1;
    }
    int rc = db_begin_write(c->db);
    if (rc != 0) {
        store_failed(c, e, rc);
        return -1;
    }
    int64_t id = unit_insert(c, in, e);
    if (id < 0)
        return -1;
    if ((rc = db_commit(c->db)) != 0) {
        store_failed(c, e, rc);
        return -1;
    }
    return id;
}

int64_t org_unit_create_tx(ctx *c, const unit_change *in, org_err *e)
{
    org_err_clear(e);
    assert(db_in_tx(c->db));
    return unit_insert(c, in, e);
}

int org_unit_update(ctx *c, int64_t id, const unit_change *in, org_err *e)
{
    org_err_clear(e);
    if (!may_edit_units(c)) {
        /* Out-of-scope units answer 404 even to the refusal: no existence leak. */
        if (!org_unit_in_scope(c, id) || !org_unit_get(c, id))
            org_err_add(e, 404, NULL, _("Không tìm thấy đơn vị."));
        else
            org_err_add(e, 403, NULL, _("Chỉ quản trị hệ thống được thêm hoặc sửa đơn vị."));
        return -1;
    }
    int rc = db_begin_write(c->db);
    if (rc != 0) {
        store_failed(c, e, rc);
        return -1;
    }
    const unit *before = org_unit_in_scope(c, id) ? org_unit_get(c, id) : NULL;
    if (!before) {
        db_rollback(c->db);
        org_err_add(e, 404, NULL, _("Không tìm thấy đơn vị."));
        return -1;
    }
    unit u = *before;
    merge_change(c->a, &u, in);
    validate(c, before, &u, in, e);
    if (e->n > 0) {
        db_rollback(c->db);
        return -1;
    }
    char now[32];
    org_now_iso(now, sizeof now);
    if ((rc = write_unit(c, &u, false, now)) != 0 ||
        (in->valid_to && in->successor_id && (rc = write_link(c, id, in, now)) != 0)) {
        store_failed(c, e, rc);
        return -1;
    }
    json_t *aj = org_unit_json(&u);
    if (in->valid_to && in->successor_id) {
        json_object_set_new(aj, "successor_id", json_integer(in->successor_id));
        json_object_set_new(
            aj, "successor_kind",
            json_string(in->successor_kind && *in->successor_kind ? in->successor_kind : "merge"));
    }
    char *beforej = org_json_take(org_unit_json(before));
    char *after = org_json_take(aj);
    rc = audit_log(c->db, c->user, in->valid_to ? "unit.dissolve" : "unit.update", "unit", id,
                   beforej, after);
    free(beforej);
    free(after);
    if (rc != 0 || (rc = db_commit(c->db)) != 0) {
        store_failed(c, e, rc);
        return -1;
    }
    return 0;
}
