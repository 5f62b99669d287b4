/* The text of a letter's scans (petitions.h): a durable job per scan ("petition_ocr") opens the
 * sealed scan into a private temporary file, reads it the way attachments are read (pdftotext,
 * or OCR for a scan without a text layer, files_extract in the jobs sandbox), and stores the
 * text sealed beside the scan. The text is shown only to who may see the identity and is never
 * handed to search/. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "base/i18n.h"
#include "files/files.h"
#include "jobs/jobs.h"
#include "petitions/petitions_impl.h"

static const db_query q_scan = {"petitions.ocr_scan",
                                "SELECT mime, data FROM petition_files WHERE id = ?1", NULL};
static const db_query q_store = {
    "petitions.ocr_store", "UPDATE petition_files SET text = ?2, text_state = ?3 WHERE id = ?1",
    NULL};
static const db_query q_texts = {
    "petitions.ocr_texts",
    "SELECT text_state, text FROM petition_files WHERE petition_id = ?1 ORDER BY id", NULL};

static int store(db *d, int64_t id, const unsigned char *box, size_t n, const char *state)
{
    if (db_begin_write(d) != 0)
        return -1;
    db_stmt *s = db_stmt_get(d, &q_store);
    if (!s) {
        db_rollback(d);
        return -1;
    }
    db_bind_int(s, 1, id);
    if (box)
        db_bind_blob(s, 2, box, n);
    db_bind_text(s, 3, state);
    if (db_exec(s) != DB_DONE) {
        db_rollback(d);
        return -1;
    }
    return db_commit(d) == 0 ? 0 : -1;
}

int pet_ocr_job(db *d, const char *payload, const char *data_dir, char **err_r)
{
    int64_t id = atoll(payload ? payload : "0");
    db_stmt *s = db_stmt_get(d, &q_scan);
    if (!s || id <= 0)
        return -2;
    db_bind_int(s, 1, id);
    char mime[100] = "";
    char *plain = NULL;
    size_t n = 0;
    if (db_step(s) == DB_ROW) {
        snprintf(mime, sizeof mime, "%s", db_col_text(s, 0));
        size_t bn = 0;
        const void *b = db_col_blob(s, 1, &bn);
        plain = pet_open(b, bn, &n);
    }
    db_reset(s);
    if (!plain)
        return -2; /* gone, or sealed under another key: nothing to retry */
    char tmp_dir[4096], path[4200];
    snprintf(tmp_dir, sizeof tmp_dir, "%s/tmp", data_dir ? data_dir : ".");
    snprintf(path, sizeof path, "%s/pet-ocr-XXXXXX", tmp_dir);
    int fd = mkstemp(path); /* 0600: the scan in clear lives only while it is read */
    bool ok = fd >= 0 && write(fd, plain, n) == (ssize_t)n;
    sodium_memzero(plain, n);
    free(plain);
    if (fd >= 0)
        close(fd);
    if (!ok) {
        if (fd >= 0)
            unlink(path);
        return -1;
    }
    char *text = NULL;
    const char *method = NULL;
    int rc = files_extract(path, mime, tmp_dir, &text, &method, err_r);
    unlink(path);
    if (rc != 0)
        return jobs_exec_cancelled() ? -1 : -2;
    size_t tn = strlen(text), box_n = 0;
    unsigned char *box = tn ? pet_seal(text, tn, &box_n) : NULL;
    sodium_memzero(text, tn);
    free(text);
    rc = store(d, id, box, box_n, tn ? "done" : "none");
    free(box);
    return rc;
}

static void ocr_failed(db *d, const char *payload, const char *error)
{
    (void)error; /* the message may quote the text: not kept */
    store(d, atoll(payload ? payload : "0"), NULL, 0, "failed");
}

int pet_scan_texts(ctx *c, int64_t id, const char ***texts_r)
{
    int n = 0, cap = 4;
    const char **v = arena_alloc(c->a, cap * sizeof *v);
    db_stmt *s = db_stmt_get(c->db, &q_texts);
    if (s) {
        db_bind_int(s, 1, id);
        while (db_step(s) == DB_ROW) {
            ARENA_GROW(c->a, v, n, cap);
            const char *st = db_col_text(s, 0);
            const char *t = NULL;
            if (st && strcmp(st, "done") == 0) {
                size_t bn = 0, tn = 0;
                const void *b = db_col_blob(s, 1, &bn);
                char *plain = pet_open(b, bn, &tn);
                if (plain) {
                    t = arena_strdup(c->a, plain);
                    sodium_memzero(plain, tn);
                    free(plain);
                }
            }
            v[n++] = t                                 ? t
                     : st && strcmp(st, "queued") == 0 ? _("(đang đọc chữ trong bản quét…)")
                     : st && strcmp(st, "none") == 0 ? _("(bản quét không có chữ đọc được)")
                                                     : _("(không đọc được chữ trong bản quét)");
        }
        db_reset(s);
    }
    *texts_r = v;
    return n;
}

void pet_ocr_init(void)
{
    jobs_register("petition_ocr", pet_ocr_job, ocr_failed);
}
