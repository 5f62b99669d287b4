/* A failed form's typed values and messages, in the request or across a redirect
 * (web/forms.h): the stash, the helpers pages write their fields with, and files kept across
 * a refusal.
 *
 * The stash is a small table in the process's memory under one mutex: entries are few (one
 * per refused form, taken by the next page), short-lived and never worth a disk write. Each
 * entry holds its form as a JSON text, so nothing in it points into a request's arena. */
#include "web/forms.h"

#include <jansson.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/config.h"
#include "base/i18n.h"
#include "web/layout.h"

#define ID_HEX 32 /* 128 random bits: not guessable, so the cookie is the only way in */

struct form_state {
    const char *key;
    bool expired; /* put back after the session expired: no errors, a notice */
    const char *code;
    int n_err;
    struct {
        const char *field, *message;
    } err[WEB_MAX_ERRORS];
    int n_val;
    struct {
        const char *name, *value;
    } * val;
};

/* ---- the stash ---------------------------------------------------------------------- */

struct slot {
    char id[ID_HEX + 1]; /* "" when free */
    int64_t user_id;     /* 0: made by an expired session, claimed by the next login */
    int64_t at_ms;
    char *page; /* the page that may take it (malloc) */
    char *json; /* the form or the upload's description (malloc) */
    char *file; /* a kept upload's file, unlinked when the entry goes (malloc) */
};

static struct slot slots[FORM_STASH_SLOTS];
static pthread_mutex_t stash_mu = PTHREAD_MUTEX_INITIALIZER;

static void slot_clear(struct slot *s)
{
    if (s->file)
        unlink(s->file);
    free(s->page);
    free(s->json);
    free(s->file);
    memset(s, 0, sizeof *s);
}

/* Frees expired entries and returns a free one (the oldest when all are taken). Under mu. */
static struct slot *slot_new(void)
{
    int64_t now = clock_now_ms();
    struct slot *oldest = NULL, *free_slot = NULL;
    for (int i = 0; i < FORM_STASH_SLOTS; i++) {
        struct slot *s = &slots[i];
        if (s->id[0] && now - s->at_ms > FORM_STASH_TTL_S * 1000LL)
            slot_clear(s);
        if (!s->id[0]) {
            if (!free_slot)
                free_slot = s;
        } else if (!oldest || s->at_ms < oldest->at_ms)
            oldest = s;
    }
    if (!free_slot) {
        slot_clear(oldest);
        free_slot = oldest;
    }
    return free_slot;
}

static struct slot *slot_find(const char *id)
{
    if (!id || strlen(id) != ID_HEX)
        return NULL;
    int64_t now = clock_now_ms();
    for (int i = 0; i < FORM_STASH_SLOTS; i++)
        if (slots[i].id[0] && sodium_memcmp(slots[i].id, id, ID_HEX) == 0) {
            if (now - slots[i].at_ms > FORM_STASH_TTL_S * 1000LL) {
                slot_clear(&slots[i]);
                return NULL;
            }
            return &slots[i];
        }
    return NULL;
}

/* Stores json (taken) for user under a new id written to id_r. */
static void stash_put(int64_t user_id, const char *page, char *json, char *file,
                      char id_r[ID_HEX + 1])
{
    unsigned char rnd[ID_HEX / 2];
    randombytes_buf(rnd, sizeof rnd);
    sodium_bin2hex(id_r, ID_HEX + 1, rnd, sizeof rnd);
    pthread_mutex_lock(&stash_mu);
    struct slot *s = slot_new();
    memcpy(s->id, id_r, ID_HEX + 1);
    s->user_id = user_id;
    s->at_ms = clock_now_ms();
    s->page = page ? strdup(page) : NULL;
    s->json = json;
    s->file = file;
    pthread_mutex_unlock(&stash_mu);
}

/* ---- recording a failed form -------------------------------------------------------- */

static bool kept_field(const char *name)
{
    return strcmp(name, "csrf") != 0 && !strcasestr(name, "password") &&
           strcmp(name, "mat_khau") != 0;
}

static const char *key_of(ctx *c)
{
    const char *f = req_form(c->rq, FORM_KEY_FIELD);
    return f && *f ? arena_printf(c->a, "%s#%s", c->rq->path, f) : c->rq->path;
}

void form_fail(ctx *c, const web_err *e)
{
    form_state *s = arena_alloc(c->a, sizeof *s);
    s->key = key_of(c);
    const kvlist *f = &c->rq->form;
    s->val = arena_alloc(c->a, (f->n + 1) * sizeof *s->val);
    for (size_t i = 0; i < f->n; i++)
        if (kept_field(f->v[i].name)) {
            s->val[s->n_val].name = f->v[i].name;
            s->val[s->n_val].value = f->v[i].value;
            s->n_val++;
        }
    if (e) {
        s->code = e->code;
        for (int i = 0; i < e->n; i++) {
            s->err[i].field = e->e[i].field;
            s->err[i].message = e->e[i].message;
        }
        s->n_err = e->n;
    } else
        s->expired = true;
    c->form = s;
    c->form_taken = true; /* this request's own: nothing to take from the stash */
}

static char *state_json(const form_state *s)
{
    json_t *errs = json_array(), *vals = json_array();
    for (int i = 0; i < s->n_err; i++)
        json_array_append_new(errs, json_pack("[s?, s]", s->err[i].field, s->err[i].message));
    size_t bytes = 0;
    for (int i = 0; i < s->n_val; i++) {
        bytes += strlen(s->val[i].value);
        if (bytes > FORM_STASH_MAX_BYTES)
            break; /* the rest is lost rather than the whole form */
        json_array_append_new(vals, json_pack("[s, s]", s->val[i].name, s->val[i].value));
    }
    json_t *j = json_pack("{s:s, s:b, s:s?, s:o, s:o}", "key", s->key, "expired", s->expired,
                          "code", s->code, "errors", errs, "values", vals);
    char *out = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    return out;
}

static bool secure_cookies(void)
{
    const char *s = getenv("VANPHONG_SECURE_COOKIES");
    return s && strcmp(s, "1") == 0;
}

static void keep(ctx *c, int64_t user_id, const char *page)
{
    char *json = c->form ? state_json(c->form) : NULL;
    if (!json)
        return;
    char id[ID_HEX + 1];
    stash_put(user_id, page, json, NULL, id);
    resp_header(c->a, c->rs, "Set-Cookie",
                arena_printf(c->a, "%s=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Lax%s",
                             FORM_COOKIE, id, FORM_STASH_TTL_S,
                             secure_cookies() ? "; Secure" : ""));
}

void form_keep(ctx *c, const char *back)
{
    if (c->user)
        keep(c, c->user->id, back);
}

/* "https://host/x?y" → "/x?y" when host is this request's Host. */
static const char *local_path(ctx *c, const char *url, bool path_too)
{
    const char *host = req_header(c->rq, "host");
    if (!url || !host)
        return NULL;
    const char *p = strncmp(url, "http://", 7) == 0    ? url + 7
                    : strncmp(url, "https://", 8) == 0 ? url + 8
                                                       : NULL;
    size_t n = strlen(host);
    if (!p || strncasecmp(p, host, n) != 0)
        return NULL;
    p += n;
    if (!path_too)
        return *p == 0 ? "/" : NULL;
    if (*p != '/' || p[1] == '/' || p[1] == '\\' || strlen(p) > 1024)
        return NULL;
    for (const unsigned char *q = (const unsigned char *)p; *q; q++)
        if (*q < 0x20 || *q == 0x7f)
            return NULL;
    return p;
}

const char *form_referer_path(ctx *c)
{
    return local_path(c, req_header(c->rq, "referer"), true);
}

void form_keep_expired(ctx *c)
{
    const char *origin = req_header(c->rq, "origin");
    const char *page = form_referer_path(c);
    if (!page || (origin && !local_path(c, origin, false)) || c->rq->form.n == 0)
        return;
    form_fail(c, NULL);
    keep(c, 0, page);
}

/* ---- taking it back ----------------------------------------------------------------- */

static form_state *state_from_json(ctx *c, const char *text)
{
    json_t *j = json_loads(text, 0, NULL);
    if (!j)
        return NULL;
    form_state *s = arena_alloc(c->a, sizeof *s);
    s->key = arena_strdup(c->a, json_string_value(json_object_get(j, "key")));
    s->expired = json_is_true(json_object_get(j, "expired"));
    s->code = arena_strdup(c->a, json_string_value(json_object_get(j, "code")));
    json_t *errs = json_object_get(j, "errors"), *vals = json_object_get(j, "values");
    for (size_t i = 0; i < json_array_size(errs) && s->n_err < WEB_MAX_ERRORS; i++) {
        json_t *e = json_array_get(errs, i);
        s->err[s->n_err].field = arena_strdup(c->a, json_string_value(json_array_get(e, 0)));
        s->err[s->n_err].message = arena_strdup(c->a, json_string_value(json_array_get(e, 1)));
        s->n_err++;
    }
    s->val = arena_alloc(c->a, (json_array_size(vals) + 1) * sizeof *s->val);
    for (size_t i = 0; i < json_array_size(vals); i++) {
        json_t *v = json_array_get(vals, i);
        s->val[s->n_val].name = arena_strdup(c->a, json_string_value(json_array_get(v, 0)));
        s->val[s->n_val].value = arena_strdup(c->a, json_string_value(json_array_get(v, 1)));
        if (s->val[s->n_val].name && s->val[s->n_val].value)
            s->n_val++;
    }
    json_decref(j);
    return s->key ? s : NULL;
}

const form_state *form_current(ctx *c)
{
    if (c->form_taken)
        return c->form;
    c->form_taken = true;
    const char *id = req_cookie(c->rq, FORM_COOKIE);
    if (!id || !c->user)
        return NULL;
    char *json = NULL;
    bool gone = false;
    pthread_mutex_lock(&stash_mu);
    struct slot *s = slot_find(id);
    if (!s)
        gone = true;
    else if ((s->user_id == 0 || s->user_id == c->user->id) && s->page && s->json &&
             strcmp(s->page, c->rq->path) == 0) {
        json = s->json;
        s->json = NULL;
        slot_clear(s);
        gone = true;
    }
    pthread_mutex_unlock(&stash_mu);
    if (gone)
        resp_header(c->a, c->rs, "Set-Cookie",
                    arena_printf(c->a, "%s=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax%s",
                                 FORM_COOKIE, secure_cookies() ? "; Secure" : ""));
    if (json) {
        c->form = state_from_json(c, json);
        free(json);
    }
    return c->form;
}

static const form_state *state_for(ctx *c, const char *key)
{
    const form_state *s = form_current(c);
    return s && key && strcmp(s->key, key) == 0 ? s : NULL;
}

bool form_failed(ctx *c, const char *key)
{
    return state_for(c, key) != NULL;
}

const char *form_val(ctx *c, const char *key, const char *name, const char *dflt)
{
    const form_state *s = state_for(c, key);
    if (!s)
        return dflt;
    for (int i = 0; i < s->n_val; i++)
        if (strcmp(s->val[i].name, name) == 0)
            return s->val[i].value;
    return NULL;
}

bool form_has(ctx *c, const char *key, const char *name, const char *value)
{
    const form_state *s = state_for(c, key);
    for (int i = 0; s && i < s->n_val; i++)
        if (strcmp(s->val[i].name, name) == 0 && strcmp(s->val[i].value, value) == 0)
            return true;
    return false;
}

const char *form_err(ctx *c, const char *key, const char *name)
{
    const form_state *s = state_for(c, key);
    for (int i = 0; s && i < s->n_err; i++)
        if (s->err[i].field && strcmp(s->err[i].field, name) == 0)
            return s->err[i].message;
    return NULL;
}

void form_summary(ctx *c)
{
    const form_state *s = form_current(c);
    if (!s)
        return;
    strbuf *b = &c->rs->body;
    if (s->expired) {
        page_alert(c, "warn",
                   _("Phiên làm việc đã hết hạn trước khi biểu mẫu được gửi. Nội dung bạn đã "
                     "nhập được điền lại bên dưới (trừ tệp đính kèm): hãy kiểm tra rồi gửi "
                     "lại."));
        return;
    }
    /* The duplicate warning is a question the registration form asks itself, not an error. */
    if (s->n_err == 0 || (s->code && strcmp(s->code, "duplicate") == 0))
        return;
    html_printf(b, "<div class=\"alert alert-error form-errors\" role=\"alert\"><p>%s</p><ul>",
                _("Chưa thực hiện được. Hãy sửa các mục được đánh dấu đỏ:"));
    for (int i = 0; i < s->n_err; i++)
        html_printf(b, "<li>%s</li>", s->err[i].message);
    html_raw(b, "</ul></div>");
}

/* ---- writing fields ------------------------------------------------------------------- */

static const char *id_of(ctx *c, const char *name, const char *id)
{
    return id ? id : arena_printf(c->a, "f-%s", name);
}

void form_aria_html(ctx *c, const char *key, const char *name, const char *id)
{
    if (form_err(c, key, name))
        html_printf(&c->rs->body, " aria-invalid=\"true\" aria-describedby=\"%s-err\"",
                    id_of(c, name, id));
}

void form_err_html(ctx *c, const char *key, const char *name, const char *id)
{
    const char *msg = form_err(c, key, name);
    if (msg)
        html_printf(&c->rs->body, "<span class=\"error\" id=\"%s-err\">%s</span>",
                    id_of(c, name, id), msg);
}

void form_field_html(ctx *c, const char *key, const form_field *f)
{
    strbuf *b = &c->rs->body;
    const char *id = id_of(c, f->name, f->id);
    const char *type = f->type ? f->type : "text";
    const char *value = form_val(c, key, f->name, f->value);
    bool bad = form_err(c, key, f->name) != NULL;
    html_printf(b, "<div class=\"field%s\"><label for=\"%s\">%s%s</label>", bad ? " has-error" : "",
                id, f->label, f->required ? " *" : "");
    if (strcmp(type, "textarea") == 0) {
        html_printf(b, "<textarea id=\"%s\" name=\"%s\" rows=\"%d\"%s", id, f->name,
                    f->rows > 0 ? f->rows : 3, f->required ? " required" : "");
        form_aria_html(c, key, f->name, id);
        html_printf(b, ">%s</textarea>", value ? value : "");
    } else if (strcmp(type, "file") == 0) {
        html_printf(b, "<input id=\"%s\" name=\"%s\" type=\"file\" data-max-bytes=\"%lld\"%s%s", id,
                    f->name, (long long)HTTP_MAX_UPLOAD_BYTES, f->multiple ? " multiple" : "",
                    f->required ? " required" : "");
        form_aria_html(c, key, f->name, id);
        html_raw(b, ">");
    } else {
        html_printf(b, "<input id=\"%s\" name=\"%s\" type=\"%s\" value=\"%s\"%s", id, f->name, type,
                    value ? value : "", f->required ? " required" : "");
        form_aria_html(c, key, f->name, id);
        html_raw(b, ">");
    }
    form_err_html(c, key, f->name, id);
    if (f->hint)
        html_printf(b, "<span class=\"hint\">%s</span>", f->hint);
    html_raw(b, "</div>");
}

void form_key_input(ctx *c, const char *name)
{
    html_printf(&c->rs->body, "<input type=\"hidden\" name=\"%s\" value=\"%s\">", FORM_KEY_FIELD,
                name);
}

/* ---- files kept across a refusal --------------------------------------------------------- */

const char *form_upload_keep(ctx *c, const http_upload *u)
{
    if (!c->user || !u || !u->tmp_path || !config.tmp_dir)
        return NULL;
    unsigned char rnd[16];
    char name[33];
    randombytes_buf(rnd, sizeof rnd);
    sodium_bin2hex(name, sizeof name, rnd, sizeof rnd);
    char *path = NULL;
    if (asprintf(&path, "%s/kept-%s", config.tmp_dir, name) < 0)
        return NULL;
    /* A second name for the request's temporary file: the request removes its own name at
     * its end, this one stays until taken into the blob store or expired. */
    if (link(u->tmp_path, path) != 0) {
        free(path);
        return NULL;
    }
    json_t *j = json_pack("{s:s?, s:s?, s:I, s:s}", "filename", u->filename, "content_type",
                          u->content_type, "size", (json_int_t)u->size, "sha256", u->sha256_hex);
    char *json = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    if (!json) {
        unlink(path);
        free(path);
        return NULL;
    }
    char id[ID_HEX + 1];
    stash_put(c->user->id, NULL, json, path, id);
    return arena_strdup(c->a, id);
}

int form_upload_take(ctx *c, const char *token, http_upload *out)
{
    memset(out, 0, sizeof *out);
    if (!c->user)
        return -1;
    char *json = NULL, *file = NULL;
    pthread_mutex_lock(&stash_mu);
    struct slot *s = slot_find(token);
    /* The entry stays until it expires: the blob store takes the file on success, and a
     * second refusal can still offer it. */
    if (s && s->user_id == c->user->id && s->file && s->json) {
        json = strdup(s->json);
        file = strdup(s->file);
    }
    pthread_mutex_unlock(&stash_mu);
    json_t *j = json ? json_loads(json, 0, NULL) : NULL;
    free(json);
    const char *sha = json_string_value(json_object_get(j, "sha256"));
    int rc = -1;
    if (j && file && sha && strlen(sha) == 64 && access(file, R_OK) == 0) {
        out->field = "file";
        out->filename = arena_strdup(c->a, json_string_value(json_object_get(j, "filename")));
        out->content_type =
            arena_strdup(c->a, json_string_value(json_object_get(j, "content_type")));
        out->size = json_integer_value(json_object_get(j, "size"));
        out->tmp_path = arena_strdup(c->a, file);
        memcpy(out->sha256_hex, sha, 65);
        rc = 0;
    }
    json_decref(j);
    free(file);
    return rc;
}
