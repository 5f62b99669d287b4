/* Keys and trust: the NSS database, PKCS#12 and CA imports, the credential rows (signing.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "base/clock.h"
#include "base/config.h"
#include "base/i18n.h"
#include "jobs/jobs.h"
#include "signing/signing.h"
#include "signing/signing_impl.h"

/* A certificate removed earlier and imported again takes its old row back (signatures made with
 * it name that row). */
static const db_query q_insert = {
    "signing.cred_insert",
    "INSERT INTO signing_credentials (kind, user_id, nickname, subject, issuer, not_before, "
    "not_after, fingerprint, created_by, created_at, has_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
    "?8, ?9, ?10, ?11) ON CONFLICT (kind, fingerprint) DO UPDATE SET user_id = excluded.user_id, "
    "nickname = excluded.nickname, has_key = excluded.has_key, disabled = 0, removed_at = NULL, "
    "removed_by = NULL, "
    "created_by = excluded.created_by, created_at = excluded.created_at "
    "WHERE signing_credentials.disabled = 1 RETURNING id",
    NULL,
};
static const db_query q_exists = {
    "signing.cred_exists",
    "SELECT id FROM signing_credentials WHERE kind = ?1 AND fingerprint = ?2 AND disabled = 0",
    NULL,
};
static const db_query q_cred_get = {
    "signing.cred_get",
    "SELECT kind, nickname, subject, fingerprint, COALESCE(user_id, 0), disabled "
    "FROM signing_credentials WHERE id = ?1",
    NULL,
};
static const db_query q_cred_remove = {
    "signing.cred_remove",
    "UPDATE signing_credentials SET disabled = 1, removed_at = ?2, removed_by = ?3 "
    "WHERE id = ?1 AND disabled = 0",
    NULL,
};
static const db_query q_removed = {
    "signing.cred_removed",
    "SELECT c.id, c.kind, c.user_id, COALESCE(u.name, ''), c.nickname, c.subject, c.issuer, "
    "c.not_before, c.not_after, c.fingerprint, c.has_key, COALESCE(c.removed_at, ''), "
    "COALESCE(r.name, '') FROM signing_credentials c "
    "LEFT JOIN users u ON u.id = c.user_id LEFT JOIN users r ON r.id = c.removed_by "
    "WHERE c.disabled = 1 ORDER BY c.removed_at DESC, c.id DESC LIMIT 200",
    NULL,
};
static const db_query q_list = {
    "signing.cred_list",
    "SELECT c.id, c.kind, c.user_id, COALESCE(u.name, ''), c.nickname, c.subject, c.issuer, "
    "c.not_before, c.not_after, c.fingerprint, c.has_key FROM signing_credentials c "
    "LEFT JOIN users u ON u.id = c.user_id WHERE c.disabled = 0 "
    "ORDER BY c.kind, u.name, c.id",
    NULL,
};
static const db_query q_signer_key = {
    "signing.signer_key",
    "SELECT id, nickname, not_before, not_after, subject FROM signing_credentials "
    "WHERE kind = 'signer' AND user_id = ?1 AND disabled = 0 AND has_key = 1 "
    "ORDER BY not_after DESC, id DESC "
    "LIMIT 1",
    NULL,
};

/* ---- tools and temporary files ---- */

int signing_run(const char *const argv[], strbuf *out, char **err_r)
{
    /* pdfsig on a 50 MB PDF stays well inside these; NSS tools take milliseconds. */
    exec_limits lim = {60, 120, (size_t)2048 * 1024 * 1024, (size_t)256 * 1024 * 1024,
                       (size_t)128 * 1024 * 1024};
    strbuf tmp = STRBUF_INIT;
    int rc = jobs_exec(argv, NULL, &lim, out ? out : &tmp, NULL, err_r);
    sb_free(&tmp);
    return rc;
}

int signing_tmp_make(char *dir, size_t n)
{
    const char *base = config.tmp_dir ? config.tmp_dir : "/tmp";
    mkdir(base, 0700);
    if ((size_t)snprintf(dir, n, "%s/sign-XXXXXX", base) >= n)
        return -1;
    return mkdtemp(dir) ? 0 : -1; /* mkdtemp makes it 0700 */
}

void signing_tmp_remove(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        char p[4096];
        while ((e = readdir(d))) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            unlink(p);
        }
        closedir(d);
    }
    rmdir(dir);
}

int signing_tmp_write(const char *dir, const char *name, const void *data, size_t len, char *path_r,
                      size_t n)
{
    if ((size_t)snprintf(path_r, n, "%s/%s", dir, name) >= n)
        return -1;
    return sb_write_file(path_r, data, len);
}

/* ---- the NSS database ---- */

static char nss_dir[4200] = "";
static pthread_mutex_t nss_lock = PTHREAD_MUTEX_INITIALIZER;

const char *signing_nss_dir(void)
{
    return nss_dir;
}

int signing_nss_init(const char *data_dir, char **err_r)
{
    *err_r = NULL;
    char dir[4096], probe[4200];
    snprintf(dir, sizeof dir, "%s/nss", data_dir);
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        if (asprintf(err_r, "mkdir %s: %s", dir, strerror(errno)) < 0)
            *err_r = NULL;
        return -1;
    }
    chmod(dir, 0700); /* the keys' only protection: see signing.h */
    snprintf(probe, sizeof probe, "%s/cert9.db", dir);
    char db_arg[4200];
    snprintf(db_arg, sizeof db_arg, "sql:%s", dir);
    if (access(probe, F_OK) != 0) {
        const char *argv[] = {"certutil", "-N", "-d", db_arg, "--empty-password", NULL};
        if (signing_run(argv, NULL, err_r) != 0)
            return -1;
    }
    snprintf(nss_dir, sizeof nss_dir, "%s", db_arg);
    return 0;
}

int signing_nss_ready(char **err_r)
{
    *err_r = NULL;
    pthread_mutex_lock(&nss_lock);
    int rc = 0;
    if (!nss_dir[0])
        rc = signing_nss_init(config.data_dir ? config.data_dir : "data", err_r);
    pthread_mutex_unlock(&nss_lock);
    return rc;
}

/* ---- certificate details (openssl x509) ---- */

typedef struct cert_info {
    const char *subject, *issuer, *not_before, *not_after, *fingerprint;
} cert_info;

/* "2026-12-03 13:01:17Z" → "2026-12-03T13:01:17Z". */
static const char *iso_of(arena *a, const char *v)
{
    char *s = arena_strdup(a, v);
    if (strlen(s) > 10 && s[10] == ' ')
        s[10] = 'T';
    return s;
}

static const char *line_value(arena *a, const char *text, const char *key)
{
    size_t k = strlen(key);
    for (const char *p = text; p && *p;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len >= k && strncmp(p, key, k) == 0)
            return arena_strndup(a, p + k, len - k);
        p = e ? e + 1 : NULL;
    }
    return NULL;
}

static int cert_read(arena *a, const char *path, cert_info *ci)
{
    const char *argv[] = {"openssl",          "x509",         "-in",      path,
                          "-noout",           "-subject",     "-issuer",  "-startdate",
                          "-enddate",         "-fingerprint", "-sha256",  "-nameopt",
                          "RFC2253,-esc_msb", "-dateopt",     "iso_8601", NULL};
    strbuf out = STRBUF_INIT;
    char *err = NULL;
    int rc = signing_run(argv, &out, &err);
    free(err);
    const char *t = sb_str(&out);
    ci->subject = line_value(a, t, "subject=");
    ci->issuer = line_value(a, t, "issuer=");
    const char *nb = line_value(a, t, "notBefore="), *na = line_value(a, t, "notAfter=");
    ci->fingerprint = line_value(a, t, "sha256 Fingerprint=");
    sb_free(&out);
    if (rc != 0 || !ci->subject || !ci->issuer || !nb || !na || !ci->fingerprint)
        return -1;
    ci->not_before = iso_of(a, nb);
    ci->not_after = iso_of(a, na);
    return 0;
}

bool signing_iso_expired(const char *not_before, const char *not_after)
{
    int64_t now = clock_now(), nb = clock_parse_iso(not_before), na = clock_parse_iso(not_after);
    return (nb > 0 && now < nb) || (na > 0 && now > na);
}

/* ---- imports ---- */

static int fail(const char **err_r, int *status_r, int status, const char *msg)
{
    *err_r = msg;
    *status_r = status;
    return -1;
}

static bool fp_known(db *d, const char *kind, const char *fp)
{
    db_stmt *s = db_stmt_get(d, &q_exists);
    if (!s)
        return false;
    db_bind_text(s, 1, kind);
    db_bind_text(s, 2, fp);
    bool r = db_step(s) == DB_ROW;
    db_reset(s);
    return r;
}

static int64_t insert_cred(ctx *c, const char *kind, int64_t user_id, const char *nick,
                           bool has_key, const cert_info *ci, const char **err_r, int *status_r)
{
    char now[32];
    clock_iso(clock_now(), now, sizeof now);
    if (db_begin_write(c->db) != 0)
        return fail(err_r, status_r, 503, _("Cơ sở dữ liệu đang bận, vui lòng thử lại."));
    db_stmt *s = db_stmt_get(c->db, &q_insert);
    if (!s)
        goto dberr;
    db_bind_text(s, 1, kind);
    if (user_id > 0)
        db_bind_int(s, 2, user_id);
    db_bind_text(s, 3, nick);
    db_bind_text(s, 4, ci->subject);
    db_bind_text(s, 5, ci->issuer);
    db_bind_text(s, 6, ci->not_before);
    db_bind_text(s, 7, ci->not_after);
    db_bind_text(s, 8, ci->fingerprint);
    db_bind_int(s, 9, c->user->id);
    db_bind_text(s, 10, now);
    db_bind_int(s, 11, has_key ? 1 : 0);
    if (db_step(s) != DB_ROW) {
        db_reset(s);
        goto dberr;
    }
    int64_t id = db_col_int(s, 0);
    db_reset(s);
    json_t *after =
        json_pack("{s:s, s:s, s:s, s:s, s:b}", "kind", kind, "subject", ci->subject, "not_after",
                  ci->not_after, "fingerprint", ci->fingerprint, "has_key", has_key);
    if (user_id > 0)
        json_object_set_new(after, "user_id", json_integer(user_id));
    if (audit_commit(c->db, c->user, "signing.import", "signing_credential", id, after) != 0)
        return fail(err_r, status_r, 500, _("Không lưu được thay đổi (lỗi cơ sở dữ liệu)."));
    return id;
dberr:
    db_rollback(c->db);
    return fail(err_r, status_r, 500, _("Không lưu được thay đổi (lỗi cơ sở dữ liệu)."));
}

/* The nicknames in the database, one per line of certutil -L (after its header). */
static int nicknames(arena *a, const char ***v_r)
{
    const char *argv[] = {"certutil", "-L", "-d", nss_dir, NULL};
    strbuf out = STRBUF_INIT;
    char *err = NULL;
    int rc = signing_run(argv, &out, &err);
    free(err);
    const char **v = arena_alloc(a, sizeof *v * 512);
    int n = 0;
    if (rc == 0) {
        int line = 0;
        for (const char *p = sb_str(&out); *p && n < 511;) {
            const char *e = strchr(p, '\n');
            size_t len = e ? (size_t)(e - p) : strlen(p);
            /* "nickname   <spaces>   u,u,u": the trust column is the last word. */
            if (++line > 4 && len > 0) {
                char *l = arena_strndup(a, p, len);
                char *end = l + strlen(l);
                while (end > l && end[-1] == ' ')
                    *--end = '\0';
                char *sp = strrchr(l, ' ');
                if (sp) {
                    while (sp > l && sp[-1] == ' ')
                        sp--;
                    *sp = '\0';
                    if (*l)
                        v[n++] = l;
                }
            }
            p = e ? e + 1 : p + len;
        }
    }
    sb_free(&out);
    v[n] = NULL;
    *v_r = v;
    return n;
}

static bool in_list(const char **v, const char *s)
{
    for (; *v; v++)
        if (strcmp(*v, s) == 0)
            return true;
    return false;
}

/* A certificate file (PEM or DER) as PEM at pem, read into ci: openssl reads either form and
 * checks it is a certificate. 0, or -1 with openssl's complaint in *err. */
static int cert_file_read(ctx *c, const char *cert_path, const char *pem, cert_info *ci, char **err)
{
    const char *argv[] = {"openssl", "x509", "-in", cert_path, "-out", pem, NULL};
    return signing_run(argv, NULL, err) != 0 || cert_read(c->a, pem, ci) != 0 ? -1 : 0;
}

int64_t signing_import_signer(ctx *c, int64_t user_id, const char *p12_path, const char *password,
                              const char **err_r, int *status_r)
{
    if (!c->user || c->user->role != ROLE_ADMIN)
        return fail(err_r, status_r, 403, _("Chỉ quản trị hệ thống được nạp chứng thư số."));
    const user *u = user_id > 0 ? auth_user_load(c, user_id) : NULL;
    if (!u || u->role == ROLE_ADMIN)
        return fail(err_r, status_r, 400, _("Hãy chọn tài khoản người ký."));
    if (!p12_path)
        return fail(err_r, status_r, 400, _("Chưa chọn tệp PKCS#12 (.p12, .pfx)."));
    if (!password)
        password = "";
    if (strlen(password) > 500)
        return fail(err_r, status_r, 400, _("Mật khẩu quá dài."));
    char *terr = NULL;
    if (signing_nss_ready(&terr) != 0) {
        fprintf(stderr, "vanphong: signing: NSS database: %s\n", terr ? terr : "?");
        free(terr);
        return fail(err_r, status_r, 500, _("Không mở được kho khóa của hệ thống."));
    }
    char dir[4096], pw[4200], cert[4200];
    if (signing_tmp_make(dir, sizeof dir) != 0 ||
        signing_tmp_write(dir, "pw", password, strlen(password), pw, sizeof pw) != 0)
        return fail(err_r, status_r, 500, _("Không tạo được tệp tạm."));
    snprintf(cert, sizeof cert, "%s/cert.pem", dir);
    int64_t id = -1;
    char pass_arg[4300];
    snprintf(pass_arg, sizeof pass_arg, "file:%s", pw);
    /* The password is checked (and the certificate read) by openssl first, so a wrong one is
     * told as such before anything enters the key store. */
    const char *a1[] = {"openssl", "pkcs12",   "-in",  p12_path, "-passin", pass_arg,
                        "-nokeys", "-clcerts", "-out", cert,     NULL};
    strbuf out = STRBUF_INIT;
    char *err = NULL;
    cert_info ci;
    if (signing_run(a1, NULL, &err) != 0) {
        fail(err_r, status_r, 422,
             _("Không đọc được tệp PKCS#12: sai mật khẩu hoặc tệp không đúng định dạng."));
        goto out;
    }
    if (sb_read_file(&out, cert) != 0 || cert_read(c->a, cert, &ci) != 0) {
        fail(err_r, status_r, 422, _("Tệp PKCS#12 không chứa chứng thư số của người ký."));
        goto out;
    }
    const char *friendly = line_value(c->a, sb_str(&out), "    friendlyName: ");
    if (fp_known(c->db, "signer", ci.fingerprint)) {
        fail(err_r, status_r, 409, _("Chứng thư số này đã được nạp."));
        goto out;
    }
    const char **before;
    nicknames(c->a, &before);
    const char *a2[] = {"pk12util", "-i", p12_path, "-d", nss_dir, "-w", pw, NULL};
    free(err);
    err = NULL;
    if (signing_run(a2, NULL, &err) != 0) {
        fprintf(stderr, "vanphong: signing: pk12util: %s\n", err ? err : "?");
        fail(err_r, status_r, 422, _("Không nạp được khóa của người ký vào kho khóa."));
        goto out;
    }
    const char **after, *nick = NULL;
    nicknames(c->a, &after);
    for (const char **p = after; *p && !nick; p++)
        if (!in_list(before, *p))
            nick = *p;
    if (!nick && friendly && in_list(after, friendly))
        nick = friendly;
    if (!nick) {
        fail(err_r, status_r, 409,
             _("Không xác định được tên khóa trong kho (trùng tên với chứng thư đã có)."));
        goto out;
    }
    id = insert_cred(c, "signer", user_id, nick, true, &ci, err_r, status_r);
out:
    sb_free(&out);
    free(err);
    signing_tmp_remove(dir); /* the password file goes with it */
    return id;
}

int64_t signing_import_ca(ctx *c, const char *cert_path, const char **err_r, int *status_r)
{
    if (!c->user || c->user->role != ROLE_ADMIN)
        return fail(err_r, status_r, 403, _("Chỉ quản trị hệ thống được nạp chứng thư số."));
    if (!cert_path)
        return fail(err_r, status_r, 400, _("Chưa chọn tệp chứng thư của tổ chức cấp (CA)."));
    char *terr = NULL;
    if (signing_nss_ready(&terr) != 0) {
        free(terr);
        return fail(err_r, status_r, 500, _("Không mở được kho khóa của hệ thống."));
    }
    char dir[4096], pem[4200];
    if (signing_tmp_make(dir, sizeof dir) != 0)
        return fail(err_r, status_r, 500, _("Không tạo được tệp tạm."));
    snprintf(pem, sizeof pem, "%s/ca.pem", dir);
    int64_t id = -1;
    char *err = NULL;
    cert_info ci;
    if (cert_file_read(c, cert_path, pem, &ci, &err) != 0) {
        fail(err_r, status_r, 422, _("Tệp không phải chứng thư số (PEM hoặc DER)."));
        goto out;
    }
    if (fp_known(c->db, "ca", ci.fingerprint)) {
        fail(err_r, status_r, 409, _("Chứng thư số này đã được nạp."));
        goto out;
    }
    /* A nickname of our own, from the fingerprint: never clashes with a signer's. */
    char nick[64] = "vp-ca-";
    size_t k = strlen(nick);
    for (const char *p = ci.fingerprint; *p && k < 38; p++)
        if (*p != ':')
            nick[k++] = *p;
    nick[k] = '\0';
    const char *a2[] = {"certutil", "-A",    "-d", nss_dir, "-n", nick,
                        "-t",       "C,C,C", "-a", "-i",    pem,  NULL};
    free(err);
    err = NULL;
    if (signing_run(a2, NULL, &err) != 0) {
        fprintf(stderr, "vanphong: signing: certutil -A: %s\n", err ? err : "?");
        fail(err_r, status_r, 500, _("Không nạp được chứng thư vào kho khóa."));
        goto out;
    }
    id = insert_cred(c, "ca", 0, nick, false, &ci, err_r, status_r);
out:
    free(err);
    signing_tmp_remove(dir);
    return id;
}

int64_t signing_register_token_cert(ctx *c, int64_t user_id, const char *cert_path,
                                    const char **err_r, int *status_r)
{
    if (!c->user || c->user->role != ROLE_ADMIN)
        return fail(err_r, status_r, 403, _("Chỉ quản trị hệ thống được nạp chứng thư số."));
    const user *u = user_id > 0 ? auth_user_load(c, user_id) : NULL;
    if (!u || u->role == ROLE_ADMIN)
        return fail(err_r, status_r, 400, _("Hãy chọn tài khoản người ký."));
    if (!cert_path)
        return fail(err_r, status_r, 400, _("Chưa chọn tệp chứng thư của người ký."));
    char dir[4096], pem[4200];
    if (signing_tmp_make(dir, sizeof dir) != 0)
        return fail(err_r, status_r, 500, _("Không tạo được tệp tạm."));
    snprintf(pem, sizeof pem, "%s/cert.pem", dir);
    int64_t id = -1;
    char *err = NULL;
    cert_info ci;
    if (cert_file_read(c, cert_path, pem, &ci, &err) != 0) {
        fail(err_r, status_r, 422, _("Tệp không phải chứng thư số (PEM hoặc DER)."));
        goto out;
    }
    if (fp_known(c->db, "signer", ci.fingerprint)) {
        fail(err_r, status_r, 409, _("Chứng thư số này đã được nạp."));
        goto out;
    }
    /* No key and nothing in the NSS database: the certificate only identifies the signer of a
     * PDF signed on the token (signing_attach_signed); it never signs on the server. */
    id = insert_cred(c, "signer", user_id, "", false, &ci, err_r, status_r);
out:
    free(err);
    signing_tmp_remove(dir);
    return id;
}

static int cred_rows(ctx *c, const db_query *q, bool removed, sig_credential **rows_r)
{
    *rows_r = NULL;
    db_stmt *s = db_stmt_get(c->db, q);
    if (!s)
        return 0;
    int n = 0, cap = 0;
    sig_credential *v = NULL;
    while (db_step(s) == DB_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            sig_credential *w = arena_alloc(c->a, sizeof *w * (size_t)cap);
            if (n)
                memcpy(w, v, sizeof *v * (size_t)n);
            v = w;
        }
        sig_credential *r = &v[n++];
        r->id = db_col_int(s, 0);
        r->kind = arena_strdup(c->a, db_col_text(s, 1));
        r->user_id = db_col_null(s, 2) ? 0 : db_col_int(s, 2);
        r->user_name = arena_strdup(c->a, db_col_text(s, 3));
        r->nickname = arena_strdup(c->a, db_col_text(s, 4));
        r->subject = arena_strdup(c->a, db_col_text(s, 5));
        r->issuer = arena_strdup(c->a, db_col_text(s, 6));
        r->not_before = arena_strdup(c->a, db_col_text(s, 7));
        r->not_after = arena_strdup(c->a, db_col_text(s, 8));
        r->fingerprint = arena_strdup(c->a, db_col_text(s, 9));
        r->expired = signing_iso_expired(r->not_before, r->not_after);
        r->has_key = db_col_int(s, 10) != 0;
        r->removed_at = removed ? arena_strdup(c->a, db_col_text(s, 11)) : NULL;
        r->removed_by = removed ? arena_strdup(c->a, db_col_text(s, 12)) : NULL;
    }
    db_reset(s);
    *rows_r = v;
    return n;
}

int signing_credentials(ctx *c, sig_credential **rows_r)
{
    return cred_rows(c, &q_list, false, rows_r);
}

int signing_removed_credentials(ctx *c, sig_credential **rows_r)
{
    return cred_rows(c, &q_removed, true, rows_r);
}

/* The nickname the NSS database shows for the certificate with this SHA-256 fingerprint, or NULL.
 * Needed because a certificate already in the database (a CA that came in the chain of a
 * signer's PKCS#12) keeps its first nickname when certutil -A adds it again under ours. */
static const char *nick_of_fingerprint(arena *a, const char **nicks, const char *fp)
{
    char dir[4096], pem[4200];
    if (signing_tmp_make(dir, sizeof dir) != 0)
        return NULL;
    const char *found = NULL;
    strbuf out = STRBUF_INIT;
    for (const char **n = nicks; *n && !found; n++) {
        const char *l[] = {"certutil", "-L", "-d", nss_dir, "-n", *n, "-a", NULL};
        sb_reset(&out);
        char *err = NULL;
        int rc = signing_run(l, &out, &err);
        free(err);
        if (rc != 0 || signing_tmp_write(dir, "c.pem", out.buf, out.len, pem, sizeof pem) != 0)
            continue;
        cert_info ci;
        if (cert_read(a, pem, &ci) == 0 && strcasecmp(ci.fingerprint, fp) == 0)
            found = *n;
    }
    sb_free(&out);
    signing_tmp_remove(dir);
    return found;
}

int signing_remove_credential(ctx *c, int64_t id, const char **err_r, int *status_r)
{
    if (!c->user || c->user->role != ROLE_ADMIN)
        return fail(err_r, status_r, 403, _("Chỉ quản trị hệ thống quản lý chữ ký số."));
    db_stmt *s = db_stmt_get(c->db, &q_cred_get);
    if (!s)
        return fail(err_r, status_r, 500, _("Không đọc được cơ sở dữ liệu."));
    db_bind_int(s, 1, id);
    if (db_step(s) != DB_ROW) {
        db_reset(s);
        return fail(err_r, status_r, 404, _("Không tìm thấy chứng thư số."));
    }
    const char *kind = arena_strdup(c->a, db_col_text(s, 0));
    const char *nick = arena_strdup(c->a, db_col_text(s, 1));
    const char *subject = arena_strdup(c->a, db_col_text(s, 2));
    const char *fp = arena_strdup(c->a, db_col_text(s, 3));
    int64_t user_id = db_col_int(s, 4);
    bool disabled = db_col_int(s, 5) != 0;
    db_reset(s);
    if (disabled)
        return fail(err_r, status_r, 409, _("Chứng thư số này đã được gỡ."));
    char *terr = NULL;
    if (signing_nss_ready(&terr) != 0) {
        fprintf(stderr, "vanphong: signing: NSS database: %s\n", terr ? terr : "?");
        free(terr);
        return fail(err_r, status_r, 500, _("Không mở được kho khóa của hệ thống."));
    }
    /* The key store first: a row marked removed while its key still signs would be a lie. A
     * nickname already gone from the store (removed by hand) is not an error. */
    const char **have;
    nicknames(c->a, &have);
    if (*nick && !in_list(have, nick)) {
        const char *other = nick_of_fingerprint(c->a, have, fp);
        if (other)
            nick = other;
    }
    if (*nick && in_list(have, nick)) {
        bool signer = strcmp(kind, "signer") == 0;
        const char *del_key[] = {"certutil", "-F", "-d", nss_dir, "-n", nick, NULL};
        const char *del_cert[] = {"certutil", "-D", "-d", nss_dir, "-n", nick, NULL};
        char *err = NULL;
        int rc = signing_run(signer ? del_key : del_cert, NULL, &err);
        free(err);
        err = NULL;
        /* certutil -F takes the key and, with it, the certificate; what is left (a certificate
         * without its key) goes with -D. */
        const char **now;
        nicknames(c->a, &now);
        if (in_list(now, nick))
            rc = signing_run(del_cert, NULL, &err);
        else
            rc = 0; /* gone, whatever -F answered */
        if (rc != 0) {
            fprintf(stderr, "vanphong: signing: certutil remove %s: %s\n", nick, err ? err : "?");
            free(err);
            return fail(err_r, status_r, 500, _("Không gỡ được khóa khỏi kho khóa."));
        }
        free(err);
    }
    char now_iso[32];
    clock_iso(clock_now(), now_iso, sizeof now_iso);
    if (db_begin_write(c->db) != 0)
        return fail(err_r, status_r, 503, _("Cơ sở dữ liệu đang bận, vui lòng thử lại."));
    s = db_stmt_get(c->db, &q_cred_remove);
    if (!s) {
        db_rollback(c->db);
        return fail(err_r, status_r, 500, _("Không lưu được thay đổi (lỗi cơ sở dữ liệu)."));
    }
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, now_iso);
    db_bind_int(s, 3, c->user->id);
    if (db_exec(s) != DB_DONE || db_changes(c->db) != 1) {
        db_rollback(c->db);
        return fail(err_r, status_r, 409, _("Chứng thư số này đã được gỡ."));
    }
    json_t *before =
        json_pack("{s:s, s:s, s:s}", "kind", kind, "subject", subject, "fingerprint", fp);
    if (user_id > 0)
        json_object_set_new(before, "user_id", json_integer(user_id));
    json_object_set_new(before, "removed_at", json_string(now_iso));
    if (audit_commit(c->db, c->user, "signing.remove", "signing_credential", id, before) != 0)
        return fail(err_r, status_r, 500, _("Không lưu được thay đổi (lỗi cơ sở dữ liệu)."));
    return 0;
}

bool signing_signer_key(db *d, arena *a, int64_t user_id, signer_key *k)
{
    db_stmt *s = db_stmt_get(d, &q_signer_key);
    if (!s)
        return false;
    db_bind_int(s, 1, user_id);
    bool found = false;
    if (db_step(s) == DB_ROW) {
        found = true;
        k->id = db_col_int(s, 0);
        k->nickname = arena_strdup(a, db_col_text(s, 1));
        k->not_before = arena_strdup(a, db_col_text(s, 2));
        k->not_after = arena_strdup(a, db_col_text(s, 3));
        k->subject = arena_strdup(a, db_col_text(s, 4));
    }
    db_reset(s);
    return found;
}
