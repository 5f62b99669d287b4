/* The model of one document: everything the layout prints, in its final words, read from the
 * outgoing document, its register and unit, the signer's staff record and the recipients.
 * The document's own words stay Vietnamese whatever the interface language: it is the legal
 * text, not the interface. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "base/clock.h"
#include "base/i18n.h"
#include "docgen/docgen.h"
#include "docgen/docgen_impl.h"
#include "rules/rules.h"

static const db_query q_doc = {
    "docgen.doc",
    "SELECT o.status, o.doc_type, t.name, t.abbr_party, t.abbr_state, r.policy, r.issuer_abbr,"
    " u.name, u.level, p.name, o.number, o.notation, o.issued_date, o.subject, o.body,"
    " o.secrecy, o.urgency, su.name, su.role, st.position, dr.name, o.copies, o.file_copy_to,"
    " o.register_id, o.seq_period, r.signer_role"
    " FROM outgoing o JOIN doc_types t ON t.code = o.doc_type"
    " JOIN registers r ON r.id = o.register_id JOIN units u ON u.id = r.unit_id"
    " LEFT JOIN units p ON p.id = u.parent_id"
    " LEFT JOIN users su ON su.id = COALESCE(?2, o.signed_by, o.signer_id)"
    " LEFT JOIN staff st ON st.id = su.staff_id LEFT JOIN users dr ON dr.id = o.drafted_by"
    " WHERE o.id = ?1",
    NULL};
static const db_query q_recipients = {
    "docgen.recipients", "SELECT name FROM outgoing_recipients WHERE outgoing_id = ?1 ORDER BY id",
    NULL};

const char *dg_upper(arena *a, const char *s)
{
    if (!s)
        return NULL;
    gchar *u = g_utf8_strup(s, -1);
    const char *r = arena_strdup(a, u ? u : s);
    g_free(u);
    return r;
}

const char *dg_text(arena *a, const dg_style *st, const char *s)
{
    return st && st->upper ? dg_upper(a, s) : arena_strdup(a, s ? s : "");
}

static const char *col(arena *a, db_stmt *s, int i)
{
    const char *t = db_col_text(s, i);
    return arena_strdup(a, t ? t : "");
}

static bool ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return m <= n && strcmp(s + n - m, suf) == 0;
}

/* "Văn phòng Thành ủy Cần Thơ" under "Thành ủy Cần Thơ" prints as "VĂN PHÒNG" below the
 * superior's line: the longest word-prefix of the parent's name (two words at least) that
 * ends the unit's name is dropped, as the two-line heading already says it. */
static const char *short_issuer(arena *a, const char *name, const char *parent)
{
    if (!parent || !*parent)
        return name;
    size_t n = strlen(parent);
    for (size_t cut = n; cut > 0; cut--) {
        if (parent[cut] != '\0' && parent[cut] != ' ')
            continue;
        char *pre = arena_strdup(a, parent);
        pre[cut] = '\0';
        if (!strchr(pre, ' '))
            break; /* one word is not enough to be sure it is the parent's name */
        char *suf = arena_printf(a, " %s", pre);
        if (ends_with(name, suf) && strlen(name) > strlen(suf)) {
            char *r = arena_strdup(a, name);
            r[strlen(name) - strlen(suf)] = '\0';
            return r;
        }
    }
    return name;
}

static const char *initials(arena *a, const char *name)
{
    char buf[32];
    size_t k = 0;
    bool start = true;
    for (const char *p = name; *p && k + 8 < sizeof buf; p = g_utf8_next_char(p)) {
        gunichar ch = g_utf8_get_char(p);
        if (g_unichar_isspace(ch)) {
            start = true;
            continue;
        }
        if (start) {
            gunichar up = g_unichar_toupper(ch);
            /* Initials without diacritics, as typists write them: Đ stays Đ. */
            k += (size_t)g_unichar_to_utf8(up, buf + k);
            start = false;
        }
    }
    buf[k] = '\0';
    return arena_strdup(a, buf);
}

/* Rule keys of the date line (36-HD/VPTW writes days and months below 10 with a leading
 * zero; ND 30 pads only months 1 and 2 — both are data, the office's choice). */
static const rule_def r_day_zero = {"docgen.day_zero_below",
                                    RULE_INT,
                                    "10",
                                    1,
                                    32,
                                    NULL,
                                    N_("Dòng ngày tháng: thêm số 0 trước ngày nhỏ hơn"),
                                    N_("36-HD/VPTW (theo thông lệ) — chưa xác minh")};
static const rule_def r_month_zero = {
    "docgen.month_zero_below",
    RULE_INT,
    "10",
    1,
    13,
    NULL,
    N_("Dòng ngày tháng: thêm số 0 trước tháng nhỏ hơn"),
    N_("36-HD/VPTW (theo thông lệ; NĐ 30/2020 chỉ tháng 1, 2) — chưa xác minh")};

void dg_model_rules(void)
{
    rules_declare(&r_day_zero);
    rules_declare(&r_month_zero);
}

const char *docgen_date_line(db *d, arena *a, const char *place, const char *date)
{
    int y, m, dd;
    if (!date || clock_parse_date(date, &y, &m, &dd) != 0)
        return NULL;
    int64_t dz = rules_int(d, r_day_zero.key, date), mz = rules_int(d, r_month_zero.key, date);
    char ds[8], ms[8];
    snprintf(ds, sizeof ds, dd < dz ? "%02d" : "%d", dd);
    snprintf(ms, sizeof ms, m < mz ? "%02d" : "%d", m);
    return arena_printf(a, "%s, ngày %s tháng %s năm %d", place && *place ? place : "", ds, ms, y);
}

/* The position without the body's name: "Phó Bí thư Thường trực Thành ủy" → "Phó Bí thư
 * Thường trực" (the heading already names the body). */
static const char *strip_body(arena *a, const char *pos)
{
    static const char *const bodies[] = {" Thành ủy", " Tỉnh ủy", " Quận ủy", " Huyện ủy",
                                         " Thị ủy",   " Đảng ủy", " Chi bộ",  NULL};
    char *r = arena_strdup(a, pos ? pos : "");
    for (int i = 0; bodies[i]; i++) {
        char *p = strstr(r, bodies[i]);
        if (p && p > r)
            *p = '\0';
    }
    return r;
}

void docgen_sign(arena *a, const docgen_sign_in *in, docgen_sign_block *out)
{
    bool committee = !in->unit_level || strcmp(in->unit_level, "BAN") != 0;
    const char *pos = strip_body(a, in->position);
    bool deputy = strncmp(pos, "Phó ", strlen("Phó ")) == 0;
    const char *head = deputy ? pos + strlen("Phó ") : pos;
    enum docgen_authority auth = in->authority;
    if (auth == DG_AUTH_AUTO) {
        if (committee)
            auth = in->signer_role && !strcmp(in->signer_role, "committee-leader") ? DG_AUTH_TM
                                                                                   : DG_AUTH_TL;
        else
            auth = deputy ? DG_AUTH_KT : DG_AUTH_NONE;
    }
    const char *body = "BAN THƯỜNG VỤ";
    const char *head_up = *head ? dg_upper(a, head) : (committee ? "BÍ THƯ" : "THỦ TRƯỞNG");
    switch (auth) {
    case DG_AUTH_TM:
        out->authority = arena_printf(a, "T/M %s", body);
        break;
    case DG_AUTH_TL:
        out->authority = arena_printf(a, "T/L %s", committee ? body : head_up);
        break;
    case DG_AUTH_KT:
        out->authority = arena_printf(a, "K/T %s", committee ? "BÍ THƯ" : head_up);
        break;
    case DG_AUTH_TUQ:
        out->authority = arena_printf(a, "TUQ. %s", committee ? body : head_up);
        break;
    default:
        out->authority = "";
    }
    out->position = *pos ? dg_upper(a, pos) : "";
    out->name = arena_strdup(a, in->name ? in->name : "");
}

static const char *secrecy_word(int s)
{
    static const char *const w[] = {NULL, "MẬT", "TỐI MẬT", "TUYỆT MẬT"};
    return s >= 1 && s <= 3 ? w[s] : NULL;
}

static const char *urgency_word(int u)
{
    static const char *const w[] = {NULL, "KHẨN", "THƯỢNG KHẨN", "HỎA TỐC", "HỎA TỐC HẸN GIỜ"};
    return u >= 1 && u <= 4 ? w[u] : NULL;
}

static int split_paras(arena *a, const char *body, const char ***out)
{
    int n = 0, cap = 8;
    const char **v = arena_alloc(a, (size_t)cap * sizeof *v);
    const char *p = body ? body : "";
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        while (len && (p[len - 1] == '\r' || p[len - 1] == ' ' || p[len - 1] == '\t'))
            len--;
        const char *s = p;
        while (len && (*s == ' ' || *s == '\t')) {
            s++;
            len--;
        }
        if (len) {
            ARENA_GROW(a, v, n, cap);
            char *t = arena_alloc(a, len + 1);
            memcpy(t, s, len);
            v[n++] = t;
        }
        if (!e)
            break;
        p = e + 1;
    }
    *out = v;
    return n;
}

int dg_model_load(db *d, arena *a, int64_t id, const docgen_as *as, dg_model *m)
{
    memset(m, 0, sizeof *m);
    db_stmt *s = db_stmt_get(d, &q_doc);
    if (!s)
        return -1;
    db_bind_int(s, 1, id);
    if (as && as->signer_id > 0)
        db_bind_int(s, 2, as->signer_id);
    else
        db_bind_null(s, 2);
    if (db_step(s) != DB_ROW) {
        db_reset(s);
        return -1;
    }
    m->id = id;
    m->status = col(a, s, 0);
    m->doc_type = col(a, s, 1);
    m->type_name = col(a, s, 2);
    bool state = !strcmp(col(a, s, 5), "state");
    const char *abbr = state ? col(a, s, 4) : col(a, s, 3);
    m->type_abbr = abbr;
    m->is_cong_van = !strcmp(m->doc_type, "cong_van");
    const char *issuer_abbr = col(a, s, 6);
    const char *uname = col(a, s, 7), *level = col(a, s, 8), *parent = col(a, s, 9);
    m->superior = parent;
    m->issuer = short_issuer(a, uname, parent);
    m->number = db_col_null(s, 10) ? 0 : (long)db_col_int(s, 10);
    m->notation = db_col_null(s, 11) ? NULL : col(a, s, 11);
    m->issued = m->notation != NULL;
    const char *issued_date = db_col_null(s, 12) ? NULL : col(a, s, 12);
    m->subject = col(a, s, 13);
    const char *body = col(a, s, 14);
    m->secrecy_level = (int)db_col_int(s, 15);
    m->urgency_level = (int)db_col_int(s, 16);
    m->secrecy = secrecy_word(m->secrecy_level);
    m->urgency = urgency_word(m->urgency_level);
    const char *sname = db_col_null(s, 17) ? NULL : col(a, s, 17);
    const char *srole = col(a, s, 18), *spos = col(a, s, 19), *drafter = col(a, s, 20);
    m->copies = (int)db_col_int(s, 21);
    const char *file_copy = col(a, s, 22);
    m->register_id = db_col_int(s, 23);
    m->seq_period = db_col_null(s, 24) ? NULL : col(a, s, 24);
    const char *reg_signer_role = col(a, s, 25);
    db_reset(s);
    if (as && as->notation) { /* the number the signer is about to take (docgen_as) */
        m->number = as->number;
        m->notation = arena_strdup(a, as->notation);
        m->issued = true;
        issued_date = as->issued_date ? arena_strdup(a, as->issued_date) : NULL;
    }

    /* Number and date only once issued; a draft keeps the blank the clerk fills by hand. */
    if (m->issued)
        m->number_line = arena_printf(a, state ? "Số: %s" : "Số %s", m->notation);
    else if (state)
        m->number_line = *abbr ? arena_printf(a, "Số:      /%s-%s", abbr, issuer_abbr)
                               : arena_printf(a, "Số:      /%s", issuer_abbr);
    else
        m->number_line = arena_printf(a, "Số      -%s/%s", *abbr ? abbr : "CV", issuer_abbr);
    char today[16];
    clock_vn_today(today, sizeof today);
    m->date = issued_date && m->issued ? issued_date : arena_strdup(a, today);
    m->n_paras = split_paras(a, body, &m->paras);
    m->body_empty = m->n_paras == 0;

    m->has_signer = sname != NULL;
    docgen_sign_in si = {.unit_level = level,
                         .signer_role = sname ? srole : reg_signer_role,
                         .position = sname ? spos : NULL,
                         .name = sname,
                         .authority = dg_authority_of(d, id)};
    docgen_sign(a, &si, &m->sign);
    m->typist = arena_printf(a, "%s-%db", initials(a, drafter), m->copies > 0 ? m->copies : 1);

    db_stmt *r = db_stmt_get(d, &q_recipients);
    if (!r)
        return -1;
    db_bind_int(r, 1, id);
    int cap = 8, n = 0;
    const char **lines = arena_alloc(a, (size_t)cap * sizeof *lines);
    while (db_step(r) == DB_ROW) {
        ARENA_GROW(a, lines, n, cap);
        lines[n++] = col(a, r, 0);
    }
    db_reset(r);
    m->recipients = lines;
    m->n_recipients = n;
    m->file_copy = file_copy;
    return 0;
}

const char **dg_recipient_lines(arena *a, const dg_model *m, const dg_layout *l, int *n_r)
{
    const char **v = arena_alloc(a, (size_t)(m->n_recipients + 1) * sizeof *v);
    int n = 0;
    for (int i = 0; i < m->n_recipients; i++)
        v[n++] = arena_printf(a, "- %s,", m->recipients[i]);
    const char *keep = l->el[DG_RECIPIENTS].text ? l->el[DG_RECIPIENTS].text : "Lưu Văn phòng";
    v[n++] = m->file_copy && *m->file_copy ? arena_printf(a, "- %s, %s.", keep, m->file_copy)
                                           : arena_printf(a, "- %s.", keep);
    *n_r = n;
    return v;
}
