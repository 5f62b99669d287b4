/* The staff directory (cán bộ): people with their position, degrees, political-theory level,
 * courses, domains (lĩnh vực) and areas (địa bàn). Lists sort the Vietnamese way (given name,
 * then surname, then middle names) and filter without marks, as a reader searches. */
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/i18n.h"
#include "org/org_impl.h"
#include "text/vi.h"

#define STAFF_COLS                                                                                 \
    "s.id, s.unit_id, un.name, s.full_name, s.position, s.gender, s.phone, s.email, s.degree,"     \
    " s.political_theory, s.birth_year, s.active"

static const db_query q_list = {"org.staff_list",
                                "SELECT " STAFF_COLS
                                " FROM staff s JOIN units un ON un.id = s.unit_id"
                                " WHERE (?1 = 0 OR s.unit_id = ?1) AND (?2 = 1 OR s.active = 1)",
                                NULL};
static const db_query q_by_id = {"org.staff_by_id",
                                 "SELECT " STAFF_COLS
                                 " FROM staff s JOIN units un ON un.id = s.unit_id"
                                 " WHERE s.id = ?1",
                                 NULL};
static const db_query q_courses = {
    "org.staff_courses",
    "SELECT name, year, place FROM staff_courses WHERE staff_id = ?1 ORDER BY"
    " coalesce(year, 0), id",
    NULL};
static const db_query q_domains = {
    "org.staff_domains", "SELECT domain FROM staff_domains WHERE staff_id = ?1 ORDER BY id", NULL};
static const db_query q_areas = {"org.staff_areas",
                                 "SELECT a.area_unit_id, un.name, a.area_text FROM staff_areas a"
                                 " LEFT JOIN units un ON un.id = a.area_unit_id"
                                 " WHERE a.staff_id = ?1 ORDER BY a.id",
                                 NULL};
static const db_query q_insert = {
    "org.staff_insert",
    "INSERT INTO staff (unit_id, full_name, position, gender, birth_year, phone, email, degree,"
    " political_theory, active, created_at, created_by, updated_at, updated_by)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?11, ?12)",
    NULL};
static const db_query q_update = {
    "org.staff_update",
    "UPDATE staff SET unit_id = ?1, full_name = ?2, position = ?3, gender = ?4, birth_year = ?5,"
    " phone = ?6, email = ?7, degree = ?8, political_theory = ?9, active = ?10, updated_at = ?11,"
    " updated_by = ?12 WHERE id = ?13",
    NULL};
static const db_query q_del_courses = {"org.staff_del_courses",
                                       "DELETE FROM staff_courses WHERE staff_id = ?1", NULL};
static const db_query q_del_domains = {"org.staff_del_domains",
                                       "DELETE FROM staff_domains WHERE staff_id = ?1", NULL};
static const db_query q_del_areas = {"org.staff_del_areas",
                                     "DELETE FROM staff_areas WHERE staff_id = ?1", NULL};
static const db_query q_add_course = {
    "org.staff_add_course",
    "INSERT INTO staff_courses (staff_id, name, year, place, created_at, created_by)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    NULL};
static const db_query q_add_domain = {
    "org.staff_add_domain",
    "INSERT OR IGNORE INTO staff_domains (staff_id, domain, created_at, created_by)"
    " VALUES (?1, ?2, ?3, ?4)",
    NULL};
static const db_query q_add_area = {
    "org.staff_add_area",
    "INSERT INTO staff_areas (staff_id, area_unit_id, area_text, created_at, created_by)"
    " VALUES (?1, ?2, ?3, ?4, ?5)",
    NULL};

static void staff_from_row(arena *a, db_stmt *s, staff_member *m)
{
    m->id = db_col_int(s, 0);
    m->unit_id = db_col_int(s, 1);
    m->unit_name = arena_strdup(a, db_col_text(s, 2));
    m->full_name = arena_strdup(a, db_col_text(s, 3));
    m->position = arena_strdup(a, db_col_text(s, 4));
    m->gender = arena_strdup(a, db_col_text(s, 5));
    m->phone = arena_strdup(a, db_col_text(s, 6));
    m->email = arena_strdup(a, db_col_text(s, 7));
    m->degree = arena_strdup(a, db_col_text(s, 8));
    m->political_theory = arena_strdup(a, db_col_text(s, 9));
    m->birth_year = db_col_null(s, 10) ? 0 : (int)db_col_int(s, 10);
    m->active = db_col_int(s, 11) != 0;
}

/* Does the folded text of s contain the folded needle? */
static bool folded_contains(const char *s, const char *needle)
{
    if (!s)
        return false;
    char *f = vi_fold_text(s);
    bool hit = f && strstr(f, needle);
    free(f);
    return hit;
}

static int name_order(const void *a, const void *b)
{
    const staff_member *x = a, *y = b;
    int r = vi_name_cmp(x->full_name, y->full_name);
    if (r != 0)
        return r;
    return x->id < y->id ? -1 : x->id > y->id;
}

int org_staff_list(ctx *c, int64_t unit_id, const char *q, bool include_inactive,
                   staff_member **rows_r)
{
    *rows_r = NULL;
    if (!c->user)
        return 0;
    if (unit_id && !org_unit_in_scope(c, unit_id))
        return 0;
    char *needle = q && *q ? vi_fold_text(q) : NULL;
    db_stmt *s = db_stmt_get(c->db, &q_list);
    if (!s) {
        free(needle);
        return 0;
    }
    db_bind_int(s, 1, unit_id);
    db_bind_int(s, 2, include_inactive ? 1 : 0);
    int cap = 32, n = 0;
    staff_member *v = arena_alloc(c->a, cap * sizeof *v);
    while (db_step(s) == DB_ROW) {
        staff_member m = {0};
        staff_from_row(c->a, s, &m);
        if (needle && *needle && !folded_contains(m.full_name, needle) &&
            !folded_contains(m.position, needle) && !folded_contains(m.degree, needle) &&
            !folded_contains(m.unit_name, needle))
            continue;
        ARENA_GROW(c->a, v, n, cap);
        v[n++] = m;
    }
    db_reset(s);
    free(needle);
    /* Scope after the read: org_unit_in_scope runs its own statement. */
    int kept = 0;
    for (int i = 0; i < n; i++)
        if (org_unit_in_scope(c, v[i].unit_id))
            v[kept++] = v[i];
    qsort(v, kept, sizeof *v, name_order);
    *rows_r = v;
    return kept;
}

static void load_lists(ctx *c, staff_member *m)
{
    db_stmt *s = db_stmt_get(c->db, &q_courses);
    if (s) {
        db_bind_int(s, 1, m->id);
        m->courses = arena_alloc(c->a, STAFF_MAX_ITEMS * sizeof *m->courses);
        while (m->n_courses < STAFF_MAX_ITEMS && db_step(s) == DB_ROW) {
            staff_course *k = &m->courses[m->n_courses++];
            k->name = arena_strdup(c->a, db_col_text(s, 0));
            k->year = db_col_null(s, 1) ? 0 : (int)db_col_int(s, 1);
            k->place = arena_strdup(c->a, db_col_text(s, 2));
        }
        db_reset(s);
    }
    if ((s = db_stmt_get(c->db, &q_domains))) {
        db_bind_int(s, 1, m->id);
        m->domains = arena_alloc(c->a, STAFF_MAX_ITEMS * sizeof *m->domains);
        while (m->n_domains < STAFF_MAX_ITEMS && db_step(s) == DB_ROW)
            m->domains[m->n_domains++] = arena_strdup(c->a, db_col_text(s, 0));
        db_reset(s);
    }
    if ((s = db_stmt_get(c->db, &q_areas))) {
        db_bind_int(s, 1, m->id);
        m->areas = arena_alloc(c->a, STAFF_MAX_ITEMS * sizeof *m->areas);
        while (m->n_areas < STAFF_MAX_ITEMS && db_step(s) == DB_ROW) {
            staff_area *ar = &m->areas[m->n_areas++];
            ar->unit_id = db_col_null(s, 0) ? 0 : db_col_int(s, 0);
            ar->unit_name = arena_strdup(c->a, db_col_text(s, 1));
            ar->text = arena_strdup(c->a, db_col_text(s, 2));
        }
        db_reset(s);
    }
}

static staff_member *load(ctx *c, int64_t id)
{
    db_stmt *s = db_stmt_get(c->db, &q_by_id);
    if (!s)
        return NULL;
    db_bind_int(s, 1, id);
    staff_member *m = NULL;
    if (db_step(s) == DB_ROW) {
        m = arena_alloc(c->a, sizeof *m);
        staff_from_row(c->a, s, m);
    }
    db_reset(s);
    if (m)
        load_lists(c, m);
    return m;
}

const staff_member *org_staff_get(ctx *c, int64_t id)
{
    if (!c->user || id <= 0)
        return NULL;
    staff_member *m = load(c, id);
    if (!m || !org_unit_in_scope(c, m->unit_id))
        return NULL;
    return m;
}

json_t *org_staff_json(const staff_member *m, bool full)
{
    json_t *j = json_object();
    json_object_set_new(j, "id", json_integer(m->id));
    json_object_set_new(j, "unit_id", json_integer(m->unit_id));
    if (m->unit_name)
        json_object_set_new(j, "unit_name", json_string(m->unit_name));
    json_object_set_new(j, "full_name", json_string(m->full_name));
#define OPT(key, v) json_object_set_new(j, key, (v) ? json_string(v) : json_null())
    OPT("position", m->position);
    OPT("gender", m->gender);
    OPT("degree", m->degree);
    OPT("political_theory", m->political_theory);
    json_object_set_new(j, "birth_year", m->birth_year ? json_integer(m->birth_year) : json_null());
    json_object_set_new(j, "active", json_boolean(m->active));
    if (full) {
        OPT("phone", m->phone);
        OPT("email", m->email);
        json_t *courses = json_array(), *domains = json_array(), *areas = json_array();
        for (int i = 0; i < m->n_courses; i++) {
            json_t *k = json_object();
            json_object_set_new(k, "name", json_string(m->courses[i].name));
            json_object_set_new(
                k, "year", m->courses[i].year ? json_integer(m->courses[i].year) : json_null());
            json_object_set_new(
                k, "place", m->courses[i].place ? json_string(m->courses[i].place) : json_null());
            json_array_append_new(courses, k);
        }
        for (int i = 0; i < m->n_domains; i++)
            json_array_append_new(domains, json_string(m->domains[i]));
        for (int i = 0; i < m->n_areas; i++) {
            json_t *k = json_object();
            json_object_set_new(k, "unit_id",
                                m->areas[i].unit_id ? json_integer(m->areas[i].unit_id)
                                                    : json_null());
            const char *label = m->areas[i].unit_id ? m->areas[i].unit_name : m->areas[i].text;
            json_object_set_new(k, "name", label ? json_string(label) : json_null());
            json_array_append_new(areas, k);
        }
        json_object_set_new(j, "courses", courses);
        json_object_set_new(j, "domains", domains);
        json_object_set_new(j, "areas", areas);
    }
#undef OPT
    return j;
}

/* ---- writes ----------------------------------------------------------------------------- */

static bool opt_text_ok(const char *s, size_t max)
{
    return !s || (strlen(s) <= max && vi_valid_utf8(s, strlen(s)));
}

static void validate(ctx *c, const staff_member *m, org_err *e)
{
    size_t n = m->full_name ? strlen(m->full_name) : 0;
    if (n == 0 || n > STAFF_NAME_MAX || !vi_valid_utf8(m->full_name, n))
        org_err_add(e, 400, "full_name", _("Họ và tên là bắt buộc (tối đa 200 byte)."));
    const unit *u = org_unit_get(c, m->unit_id);
    if (!u)
        org_err_add(e, 400, "unit_id", _("Hãy chọn đơn vị."));
    if (!opt_text_ok(m->position, STAFF_TEXT_MAX))
        org_err_add(e, 400, "position", _("Chức vụ tối đa 300 byte."));
    if (m->gender && strcmp(m->gender, "nam") != 0 && strcmp(m->gender, "nu") != 0)
        org_err_add(e, 400, "gender", _("Giới tính không hợp lệ."));
    if (m->birth_year && (m->birth_year < 1900 || m->birth_year > 2100))
        org_err_add(e, 400, "birth_year", _("Năm sinh không hợp lệ."));
    if (!opt_text_ok(m->phone, 40))
        org_err_add(e, 400, "phone", _("Số điện thoại tối đa 40 byte."));
    if (m->email && (!opt_text_ok(m->email, 200) || !strchr(m->email, '@')))
        org_err_add(e, 400, "email", _("Thư điện tử không hợp lệ."));
    if (!opt_text_ok(m->degree, STAFF_TEXT_MAX))
        org_err_add(e, 400, "degree", _("Trình độ chuyên môn tối đa 300 byte."));
    if (m->political_theory && !org_political_theory_valid(m->political_theory))
        org_err_add(e, 400, "political_theory", _("Trình độ lý luận chính trị không hợp lệ."));
    if (m->n_courses > STAFF_MAX_ITEMS || m->n_domains > STAFF_MAX_ITEMS ||
        m->n_areas > STAFF_MAX_ITEMS)
        org_err_add(e, 400, NULL, _("Quá nhiều mục (tối đa 50 mỗi loại)."));
    for (int i = 0; i < m->n_courses && i < STAFF_MAX_ITEMS; i++)
        if (!m->courses[i].name || !*m->courses[i].name ||
            !opt_text_ok(m->courses[i].name, STAFF_TEXT_MAX) ||
            !opt_text_ok(m->courses[i].place, STAFF_TEXT_MAX) ||
            (m->courses[i].year && (m->courses[i].year < 1900 || m->courses[i].year > 2100))) {
            org_err_add(e, 400, "courses",
                        _("Mỗi dòng khóa bồi dưỡng: tên khóa; năm; nơi học (năm là 4 chữ số)."));
            break;
        }
    for (int i = 0; i < m->n_domains && i < STAFF_MAX_ITEMS; i++)
        if (!m->domains[i] || !*m->domains[i] || !opt_text_ok(m->domains[i], STAFF_TEXT_MAX)) {
            org_err_add(e, 400, "domains", _("Lĩnh vực tối đa 300 byte mỗi dòng."));
            break;
        }
    for (int i = 0; i < m->n_areas && i < STAFF_MAX_ITEMS; i++) {
        const staff_area *a = &m->areas[i];
        if (a->unit_id ? !org_unit_get(c, a->unit_id)
                       : (!a->text || !*a->text || !opt_text_ok(a->text, STAFF_TEXT_MAX))) {
            org_err_add(e, 400, "areas", _("Địa bàn không hợp lệ."));
            break;
        }
    }
}

static void bind_actor(ctx *c, db_stmt *s, int idx)
{
    if (c->user && c->user->id)
        db_bind_int(s, idx, c->user->id);
    else
        db_bind_null(s, idx);
}

static int write_lists(ctx *c, int64_t id, const staff_member *m, const char *now)
{
    const db_query *dels[] = {&q_del_courses, &q_del_domains, &q_del_areas};
    for (size_t i = 0; i < 3; i++) {
        db_stmt *s = db_stmt_get(c->db, dels[i]);
        if (!s)
            return DB_ERROR;
        db_bind_int(s, 1, id);
        int rc = db_exec(s);
        if (rc != DB_DONE)
            return rc;
    }
    for (int i = 0; i < m->n_courses; i++) {
        db_stmt *s = db_stmt_get(c->db, &q_add_course);
        if (!s)
            return DB_ERROR;
        db_bind_int(s, 1, id);
        db_bind_text(s, 2, m->courses[i].name);
        if (m->courses[i].year)
            db_bind_int(s, 3, m->courses[i].year);
        else
            db_bind_null(s, 3);
        db_bind_text(s, 4, m->courses[i].place);
        db_bind_text(s, 5, now);
        bind_actor(c, s, 6);
        int rc = db_exec(s);
        if (rc != DB_DONE)
            return rc;
    }
    for (int i = 0; i < m->n_domains; i++) {
        db_stmt *s = db_stmt_get(c->db, &q_add_domain);
        if (!s)
            return DB_ERROR;
        db_bind_int(s, 1, id);
        db_bind_text(s, 2, m->domains[i]);
        db_bind_text(s, 3, now);
        bind_actor(c, s, 4);
        int rc = db_exec(s);
        if (rc != DB_DONE)
            return rc;
    }
    for (int i = 0; i < m->n_areas; i++) {
        db_stmt *s = db_stmt_get(c->db, &q_add_area);
        if (!s)
            return DB_ERROR;
        db_bind_int(s, 1, id);
        if (m->areas[i].unit_id) {
            db_bind_int(s, 2, m->areas[i].unit_id);
            db_bind_null(s, 3);
        } else {
            db_bind_null(s, 2);
            db_bind_text(s, 3, m->areas[i].text);
        }
        db_bind_text(s, 4, now);
        bind_actor(c, s, 5);
        int rc = db_exec(s);
        if (rc != DB_DONE)
            return rc;
    }
    return 0;
}

int64_t org_staff_save(ctx *c, int64_t id, const staff_member *in, org_err *e)
{
    org_err_clear(e);
    /* NULL user with a NULL-role check would let anonymous writes through; the CLI seeds the
     * demo through its own path, so only an admin acts here. */
    if (!c->user || c->user->role != ROLE_ADMIN) {
        if (id && !org_staff_get(c, id))
            org_err_add(e, 404, NULL, _("Không tìm thấy cán bộ."));
        else
            org_err_add(e, 403, NULL, _("Chỉ quản trị hệ thống được thêm hoặc sửa cán bộ."));
        return -1;
    }
    /* The admin's scope bounds the directory it edits: the person, and the unit placed in. */
    if ((id && !org_staff_get(c, id)) || (in->unit_id > 0 && !org_unit_in_scope(c, in->unit_id))) {
        org_err_add(e, 404, id ? NULL : "unit_id",
                    id ? _("Không tìm thấy cán bộ.") : _("Không tìm thấy đơn vị."));
        return -1;
    }
    int rc = db_begin_write(c->db);
    if (rc != 0) {
        org_err_add(e, 500, NULL, _("Không ghi được dữ liệu. Hãy thử lại."));
        return -1;
    }
    const staff_member *before = id ? load(c, id) : NULL;
    if (id && !before) {
        db_rollback(c->db);
        org_err_add(e, 404, NULL, _("Không tìm thấy cán bộ."));
        return -1;
    }
    validate(c, in, e);
    if (e->n == 0 && (!before || before->unit_id != in->unit_id)) {
        const unit *u = org_unit_get(c, in->unit_id);
        if (u && !org_unit_active(u))
            org_err_add(e, 409, "unit_id", _("Đơn vị đã giải thể, không thể nhận cán bộ."));
    }
    if (e->n > 0) {
        db_rollback(c->db);
        return -1;
    }
    char now[32];
    org_now_iso(now, sizeof now);
    db_stmt *s = db_stmt_get(c->db, id ? &q_update : &q_insert);
    if (!s) {
        db_rollback(c->db);
        org_err_add(e, 500, NULL, _("Không ghi được dữ liệu. Hãy thử lại."));
        return -1;
    }
    db_bind_int(s, 1, in->unit_id);
    db_bind_text(s, 2, in->full_name);
    db_bind_text(s, 3, in->position);
    db_bind_text(s, 4, in->gender);
    if (in->birth_year)
        db_bind_int(s, 5, in->birth_year);
    else
        db_bind_null(s, 5);
    db_bind_text(s, 6, in->phone);
    db_bind_text(s, 7, in->email);
    db_bind_text(s, 8, in->degree);
    db_bind_text(s, 9, in->political_theory);
    db_bind_int(s, 10, in->active ? 1 : 0);
    db_bind_text(s, 11, now);
    bind_actor(c, s, 12);
    if (id)
        db_bind_int(s, 13, id);
    rc = db_exec(s);
    if (rc == DB_DONE) {
        rc = 0;
        if (!id)
            id = db_last_id(c->db);
        rc = write_lists(c, id, in, now);
    }
    if (rc == 0) {
        staff_member after = *in;
        after.id = id;
        after.unit_name = NULL;
        char *bj = before ? org_json_take(org_staff_json(before, true)) : NULL;
        char *aj = org_json_take(org_staff_json(&after, true));
        rc = audit_log(c->db, c->user, before ? "staff.update" : "staff.create", "staff", id, bj,
                       aj);
        free(bj);
        free(aj);
    }
    if (rc != 0 || (rc = db_commit(c->db)) != 0) {
        db_rollback(c->db);
        org_err_add(e, 500, NULL, _("Không ghi được dữ liệu. Hãy thử lại."));
        return -1;
    }
    return id;
}
