/* Sealing petition identities and scans (petitions.h): crypto_secretbox under a key file kept
 * beside the database, never inside it, so a copied database file reveals no denouncer. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/config.h"
#include "petitions/petitions.h"

/* The key of the data directory it was read from: tests and `init` switch directories in one
 * process, so the cache remembers whose key it holds. */
static pthread_mutex_t key_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned char key[crypto_secretbox_KEYBYTES];
static char key_dir[512];
static bool key_loaded;

static int read_all(int fd, unsigned char *p, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, p + got, n - got);
        if (r <= 0)
            return -1;
        got += (size_t)r;
    }
    return 0;
}

/* Loads <data_dir>/keys/petitions.key, creating it (0600, in a 0700 folder) on first use. */
static bool key_get(unsigned char out[crypto_secretbox_KEYBYTES])
{
    const char *dir = config.data_dir ? config.data_dir : "data";
    bool ok = false;
    pthread_mutex_lock(&key_lock);
    if (key_loaded && strcmp(key_dir, dir) == 0) {
        memcpy(out, key, sizeof key);
        pthread_mutex_unlock(&key_lock);
        return true;
    }
    if (sodium_init() < 0)
        goto done;
    char kdir[600], path[640];
    snprintf(kdir, sizeof kdir, "%s/keys", dir);
    snprintf(path, sizeof path, "%s/petitions.key", kdir);
    if (mkdir(kdir, 0700) != 0 && errno != EEXIST)
        goto done;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ok = read_all(fd, key, sizeof key) == 0;
        close(fd);
    } else if (errno == ENOENT) {
        char tmp[660];
        snprintf(tmp, sizeof tmp, "%s.%d.tmp", path, (int)getpid());
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0)
            goto done;
        crypto_secretbox_keygen(key);
        ok = write(fd, key, sizeof key) == (ssize_t)sizeof key && fsync(fd) == 0;
        close(fd);
        /* link() refuses to replace a key another process created meanwhile: read theirs. */
        if (ok && link(tmp, path) != 0) {
            ok = false;
            fd = open(path, O_RDONLY | O_CLOEXEC);
            if (fd >= 0) {
                ok = read_all(fd, key, sizeof key) == 0;
                close(fd);
            }
        }
        unlink(tmp);
    }
    if (ok) {
        snprintf(key_dir, sizeof key_dir, "%s", dir);
        key_loaded = true;
        memcpy(out, key, sizeof key);
    }
done:
    pthread_mutex_unlock(&key_lock);
    return ok;
}

unsigned char *pet_seal(const void *p, size_t n, size_t *out_n)
{
    unsigned char k[crypto_secretbox_KEYBYTES];
    if (!key_get(k))
        return NULL;
    size_t total = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + n;
    unsigned char *box = malloc(total);
    if (!box)
        abort();
    randombytes_buf(box, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, p, n, box, k);
    sodium_memzero(k, sizeof k);
    *out_n = total;
    return box;
}

char *pet_open(const void *box, size_t n, size_t *out_n)
{
    unsigned char k[crypto_secretbox_KEYBYTES];
    if (!box || n < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES || !key_get(k))
        return NULL;
    size_t m = n - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
    char *out = malloc(m + 1);
    if (!out)
        abort();
    const unsigned char *b = box;
    int rc = crypto_secretbox_open_easy((unsigned char *)out, b + crypto_secretbox_NONCEBYTES,
                                        n - crypto_secretbox_NONCEBYTES, b, k);
    sodium_memzero(k, sizeof k);
    if (rc != 0) {
        free(out);
        return NULL;
    }
    out[m] = '\0';
    if (out_n)
        *out_n = m;
    return out;
}

void pet_keyed_hash(const char *text, char out[33])
{
    unsigned char k[crypto_secretbox_KEYBYTES], h[16];
    out[0] = '\0';
    if (!key_get(k))
        return;
    crypto_generichash(h, sizeof h, (const unsigned char *)text, strlen(text), k, sizeof k);
    sodium_memzero(k, sizeof k);
    sodium_bin2hex(out, 33, h, sizeof h);
}

bool pet_id_valid(const char *s)
{
    if (!s || !*s)
        return true;
    size_t n = strlen(s);
    if (n != 9 && n != 12)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}
