/* The blob store and attachments: content-addressed, durable before the row; the type is
 * decided by content (an ELF or HTML file named .pdf is refused); a rolled-back attachment
 * leaves no row, and the sweep removes only unreferenced blobs; a store failure leaves no row. */
#include "base/config.h"
#include "test_outgoing_fixture.h"

#include <fcntl.h>

#include <sodium.h>

#include "files/files.h"
#include "files/blob.h"

static const db_query q_rows = {"t.att_rows", "SELECT count(*) FROM attachments", NULL};

static const char pdf_bytes[] = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n"
                                "<< /Root 1 0 R >>\n%%EOF\n";

/* Writes bytes to a temp file as the HTTP layer would (with its SHA-256). */
static http_upload upload(struct fx *f, const char *name, const void *data, size_t n)
{
    static char paths[8][128];
    static int k;
    char *path = paths[k++ % 8];
    snprintf(path, 128, "%s/up-XXXXXX", f->tmp);
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, n), (ssize_t)n);
    fsync(fd);
    close(fd);
    http_upload u = {.field = "file", .filename = name, .tmp_path = path, .size = (int64_t)n};
    unsigned char dg[32];
    crypto_hash_sha256(dg, data, n);
    sodium_bin2hex(u.sha256_hex, sizeof u.sha256_hex, dg, sizeof dg);
    return u;
}

static void test_blob_put_and_open(void **state)
{
    struct fx *f = *state;
    char sha[65];
    const char *err;
    assert_int_equal(blob_put_bytes(f->blobs, f->tmp, "xin chào", strlen("xin chào"), sha, &err),
                     0);
    assert_true(blob_sha_valid(sha));
    char path[256];
    blob_path(f->blobs, sha, path, sizeof path);
    assert_int_equal(access(path, R_OK), 0);
    assert_non_null(strstr(path, "/blobs/"));
    int64_t size;
    int fd = blob_open(f->blobs, sha, &size);
    assert_true(fd >= 0);
    assert_int_equal(size, (int64_t)strlen("xin chào"));
    close(fd);
    /* The same content again is the same blob. */
    char sha2[65];
    assert_int_equal(blob_put_bytes(f->blobs, f->tmp, "xin chào", strlen("xin chào"), sha2, &err),
                     0);
    assert_string_equal(sha, sha2);
    assert_int_equal(blob_open(f->blobs, "../../etc/passwd", &size), -1);
}

static int64_t add(struct fx *f, http_upload *u, const char **err, int *status)
{
    assert_int_equal(db_begin_write(f->d), 0);
    int64_t id = attach_add(&f->c[P_CLERK], "out", 1, u, err, status);
    if (id < 0)
        db_rollback(f->d);
    else
        assert_int_equal(db_commit(f->d), 0);
    return id;
}

static void test_type_by_content(void **state)
{
    struct fx *f = *state;
    const char *err;
    int status;
    http_upload u = upload(f, "quyet-dinh.pdf", pdf_bytes, sizeof pdf_bytes - 1);
    assert_true(add(f, &u, &err, &status) > 0);
    /* The temp file was moved into the store, named by its hash. */
    assert_int_not_equal(access(u.tmp_path, F_OK), 0);
    char path[256];
    blob_path(f->blobs, u.sha256_hex, path, sizeof path);
    assert_int_equal(access(path, R_OK), 0);

    /* HTML named .pdf */
    const char html[] = "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>\n";
    u = upload(f, "bao-cao.pdf", html, sizeof html - 1);
    assert_int_equal(add(f, &u, &err, &status), -1);
    assert_int_equal(status, 415);
    /* An executable named .pdf */
    int fd = open("/bin/true", O_RDONLY);
    assert_true(fd >= 0);
    static char elf[65536];
    ssize_t n = read(fd, elf, sizeof elf);
    close(fd);
    assert_true(n > 64);
    u = upload(f, "van-ban.pdf", elf, (size_t)n);
    assert_int_equal(add(f, &u, &err, &status), -1);
    assert_int_equal(status, 415);
    /* Plain text is allowed; an empty file is not. */
    u = upload(f, "ghi-chu.txt", "Ghi chú cuộc họp\n", strlen("Ghi chú cuộc họp\n"));
    assert_true(add(f, &u, &err, &status) > 0);
    u = upload(f, "rong.pdf", "", 0);
    assert_int_equal(add(f, &u, &err, &status), -1);
    assert_int_equal(status, 400);
    /* Over the limit (the size the HTTP layer measured). */
    u = upload(f, "lon.pdf", pdf_bytes, sizeof pdf_bytes - 1);
    u.size = HTTP_MAX_UPLOAD_BYTES + 1;
    assert_int_equal(add(f, &u, &err, &status), -1);
    assert_int_equal(status, 413);
    assert_int_equal(fx_value(f, &q_rows), 2);
}

/* libmagic's weaker rules can name a binary format for plain text: file 5.44 calls any text
 * with "IMAP" at byte 256 a Sega Pico ROM (make bench met it in its 1M-document corpus, a
 * Vietnamese .txt refused with 415). Text that is valid UTF-8 without control characters and
 * named .txt is text; what libmagic calls text/html etc. stays refused. */
static void test_text_misread_as_binary(void **state)
{
    struct fx *f = *state;
    const char *err;
    int status;
    char text[512];
    memset(text, 'a', 256);
    strcpy(text + 256, "IMAP Tài liệu hướng dẫn\n");
    http_upload u = upload(f, "huong-dan.txt", text, strlen(text));
    assert_true(add(f, &u, &err, &status) > 0);
    /* the same bytes not named .txt keep libmagic's word */
    u = upload(f, "huong-dan.bin", text, strlen(text));
    assert_int_equal(add(f, &u, &err, &status), -1);
    assert_int_equal(status, 415);
    /* markup named .txt stays refused */
    const char html[] = "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>\n";
    u = upload(f, "ghi-chu.txt", html, sizeof html - 1);
    assert_int_equal(add(f, &u, &err, &status), -1);
    assert_int_equal(status, 415);
    /* binary bytes named .txt stay refused */
    text[10] = 1;
    u = upload(f, "huong-dan.txt", text, strlen(text));
    assert_int_equal(add(f, &u, &err, &status), -1);
    assert_int_equal(status, 415);
}

static void test_no_row_without_file(void **state)
{
    struct fx *f = *state;
    const char *err;
    int status;
    /* The store cannot be written: no row. */
    const char *saved = config.blob_dir;
    config.blob_dir = "/proc/vanphong-no-such-dir";
    http_upload u = upload(f, "a.pdf", pdf_bytes, sizeof pdf_bytes - 1);
    assert_int_equal(add(f, &u, &err, &status), -1);
    assert_int_equal(status, 500);
    config.blob_dir = saved;
    assert_int_equal(fx_value(f, &q_rows), 0);

    /* A failure after the blob was written (the caller's transaction rolls back): no row,
     * and the orphan blob is swept; a referenced blob never is. */
    u = upload(f, "b.pdf", pdf_bytes, sizeof pdf_bytes - 1);
    assert_int_equal(db_begin_write(f->d), 0);
    assert_true(attach_add(&f->c[P_CLERK], "out", 1, &u, &err, &status) > 0);
    db_rollback(f->d);
    assert_int_equal(fx_value(f, &q_rows), 0);
    char orphan[256];
    blob_path(f->blobs, u.sha256_hex, orphan, sizeof orphan);
    assert_int_equal(access(orphan, F_OK), 0);

    http_upload kept = upload(f, "c.txt", "giữ lại\n", strlen("giữ lại\n"));
    assert_true(add(f, &kept, &err, &status) > 0);
    char kept_path[256];
    blob_path(f->blobs, kept.sha256_hex, kept_path, sizeof kept_path);

    /* Within the grace period nothing goes (a row may be about to commit). */
    assert_int_equal(blob_sweep_orphans(f->d, f->blobs, 3600), 0);
    clock_set_fake(FX_NOW + 365 * 86400);
    assert_int_equal(blob_sweep_orphans(f->d, f->blobs, 3600), 1);
    assert_int_not_equal(access(orphan, F_OK), 0);
    assert_int_equal(access(kept_path, R_OK), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_blob_put_and_open, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_type_by_content, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_text_misread_as_binary, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_no_row_without_file, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
