/* Content-addressed blob store (blob.h): link/rename into blobs/ab/cd/<sha256>, fsync file and
 * directories before any row references it; sweep of unreferenced blobs. */
#include "files/blob.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <stdatomic.h>

#include <sodium.h>

#include "base/clock.h"

/* A report's signed file (reporting/) is held by its instance until acceptance links it to the
 * incoming record: referenced too. So is a file that came in an edXML package (edxml/): the
 * queue row holds it (inbox_files) until the clerk registers the document. */
static const db_query q_referenced = {
    "blob.referenced",
    "SELECT 1 FROM attachments WHERE sha256 = ?1"
    " UNION ALL SELECT 1 FROM report_instances WHERE file_sha256 = ?1"
    " UNION ALL SELECT 1 FROM inbox_files WHERE sha256 = ?1 LIMIT 1",
    NULL};

int blob_sha_valid(const char *h)
{
    if (!h || strlen(h) != 64)
        return 0;
    for (int i = 0; i < 64; i++)
        if (!((h[i] >= '0' && h[i] <= '9') || (h[i] >= 'a' && h[i] <= 'f')))
            return 0;
    return 1;
}

void blob_path(const char *blob_dir, const char *h, char *buf, size_t n)
{
    snprintf(buf, n, "%s/%.2s/%.2s/%s", blob_dir, h, h + 2, h);
}

/* Deferred mode (blob.h): on while a bulk writer groups its fsyncs; pending counts the blobs
 * and directories linked or made since the last sync. */
static atomic_bool defer_on;
static atomic_long defer_pending;

void blob_defer_begin(void)
{
    atomic_store(&defer_pending, 0);
    atomic_store(&defer_on, true);
}

void blob_defer_end(void)
{
    atomic_store(&defer_on, false);
}

int blob_defer_sync(const char *blob_dir, const char **err_r)
{
    long n = atomic_exchange(&defer_pending, 0);
    if (n == 0)
        return 0;
    int fd = open(blob_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    /* One syncfs instead of 2-4 fsyncs a blob: it writes and waits for every dirty page, inode
     * and directory block of the filesystem, then flushes the device cache once (Linux reports
     * writeback errors through it since 5.8). */
    int rc = fd >= 0 ? syncfs(fd) : -1;
    if (fd >= 0)
        close(fd);
    if (rc != 0) {
        atomic_fetch_add(&defer_pending, n); /* still not durable: a retry must sync again */
        *err_r = "syncfs of blob store failed";
        return -1;
    }
    return 0;
}

static int fsync_path(const char *path, int flags)
{
    if (atomic_load(&defer_on)) {
        atomic_fetch_add(&defer_pending, 1);
        return 0;
    }
    int fd = open(path, flags | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

/* mkdir that tolerates an existing directory; fsyncs the parent when it created one, so the
 * new directory entry survives a power loss. */
static int mkdir_durable(const char *dir, const char *parent)
{
    if (mkdir(dir, 0750) == 0)
        return fsync_path(parent, O_RDONLY | O_DIRECTORY);
    return errno == EEXIST ? 0 : -1;
}

/* Makes blob_dir/ab and blob_dir/ab/cd for h into d1 and d2. 0 or -1. */
static int make_dirs(const char *blob_dir, const char *h, char d1[4096], char d2[4096],
                     const char **err_r)
{
    snprintf(d1, 4096, "%s/%.2s", blob_dir, h);
    snprintf(d2, 4096, "%s/%.2s/%.2s", blob_dir, h, h + 2);
    struct stat st;
    if (stat(d2, &st) == 0 && S_ISDIR(st.st_mode))
        return 0; /* made before (by blob_prepare, or an earlier blob), durable since */
    if (mkdir_durable(blob_dir, ".") != 0 || mkdir_durable(d1, blob_dir) != 0 ||
        mkdir_durable(d2, d1) != 0) {
        *err_r = "cannot create blob directory";
        return -1;
    }
    return 0;
}

int blob_prepare(const char *blob_dir, const char *h, const char **err_r)
{
    if (!blob_sha_valid(h)) {
        *err_r = "invalid sha256";
        return -1;
    }
    char d1[4096], d2[4096];
    return make_dirs(blob_dir, h, d1, d2, err_r);
}

int blob_put(const char *blob_dir, const char *src_path, const char *h, const char **err_r)
{
    if (!blob_sha_valid(h)) {
        *err_r = "invalid sha256";
        return -1;
    }
    char d1[4096], d2[4096], dest[4096];
    blob_path(blob_dir, h, dest, sizeof dest);
    if (make_dirs(blob_dir, h, d1, d2, err_r) != 0)
        return -1;
    if (link(src_path, dest) != 0) {
        if (errno == EEXIST) {
            /* Same content already stored. Refresh its time so a sweep running now (which
             * only takes blobs older than its grace period) cannot remove it before our row
             * commits. */
            utimensat(AT_FDCWD, dest, NULL, 0);
        } else if (rename(src_path, dest) != 0) {
            *err_r = "cannot move file into blob store";
            return -1;
        }
    }
    unlink(src_path);
    if (fsync_path(dest, O_RDONLY) != 0 || fsync_path(d2, O_RDONLY | O_DIRECTORY) != 0) {
        *err_r = "fsync of blob failed";
        return -1;
    }
    return 0;
}

int blob_put_bytes(const char *blob_dir, const char *tmp_dir, const void *data, size_t n,
                   char sha256_hex_r[65], const char **err_r)
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, data, n);
    sodium_bin2hex(sha256_hex_r, 65, digest, sizeof digest);
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s/blob-XXXXXX", tmp_dir);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        *err_r = "cannot create temporary file";
        return -1;
    }
    const char *p = data;
    size_t left = n;
    while (left) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            close(fd);
            unlink(tmp);
            *err_r = "write failed";
            return -1;
        }
        p += w;
        left -= (size_t)w;
    }
    if (fsync(fd) != 0) {
        close(fd);
        unlink(tmp);
        *err_r = "fsync failed";
        return -1;
    }
    close(fd);
    if (blob_put(blob_dir, tmp, sha256_hex_r, err_r) != 0) {
        unlink(tmp);
        return -1;
    }
    return 0;
}

int blob_open(const char *blob_dir, const char *h, int64_t *size_r)
{
    if (!blob_sha_valid(h))
        return -1;
    char path[4096];
    blob_path(blob_dir, h, path, sizeof path);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0)
        return -1;
    if (fstat(fd, &st) != 0) {
        close(fd);
        return -1;
    }
    *size_r = st.st_size;
    return fd;
}

static bool is_hex2(const char *s)
{
    return strlen(s) == 2 && ((s[0] >= '0' && s[0] <= '9') || (s[0] >= 'a' && s[0] <= 'f')) &&
           ((s[1] >= '0' && s[1] <= '9') || (s[1] >= 'a' && s[1] <= 'f'));
}

static bool referenced(db *d, const char *h, bool *error_r)
{
    db_stmt *s = db_stmt_get(d, &q_referenced);
    if (!s) {
        *error_r = true;
        return true;
    }
    db_bind_text(s, 1, h);
    int rc = db_step(s);
    db_reset(s);
    if (rc < 0)
        *error_r = true;
    return rc != DB_DONE; /* any doubt counts as referenced */
}

int blob_sweep_orphans(db *d, const char *blob_dir, int64_t min_age_s)
{
    int removed = 0;
    bool error = false;
    time_t now = (time_t)clock_now();
    DIR *top = opendir(blob_dir);
    if (!top)
        return errno == ENOENT ? 0 : -1;
    struct dirent *e1;
    while (!error && (e1 = readdir(top))) {
        if (!is_hex2(e1->d_name))
            continue;
        char p1[4096];
        snprintf(p1, sizeof p1, "%s/%.2s", blob_dir, e1->d_name);
        DIR *mid = opendir(p1);
        if (!mid)
            continue;
        struct dirent *e2;
        while (!error && (e2 = readdir(mid))) {
            if (!is_hex2(e2->d_name))
                continue;
            char p2[4104];
            snprintf(p2, sizeof p2, "%s/%.2s", p1, e2->d_name);
            DIR *leaf = opendir(p2);
            if (!leaf)
                continue;
            struct dirent *e3;
            while (!error && (e3 = readdir(leaf))) {
                if (!blob_sha_valid(e3->d_name))
                    continue;
                char p3[4176];
                snprintf(p3, sizeof p3, "%s/%.64s", p2, e3->d_name);
                struct stat st;
                if (stat(p3, &st) != 0 || now - st.st_mtime < min_age_s)
                    continue;
                if (referenced(d, e3->d_name, &error))
                    continue;
                if (unlink(p3) == 0)
                    removed++;
            }
            closedir(leaf);
        }
        closedir(mid);
    }
    closedir(top);
    return error ? -1 : removed;
}
