/* Password hashing (Argon2id through libsodium) with a bound on concurrent hashes, and the
 * strength rule for new passwords. */
#include <pthread.h>
#include <semaphore.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth_impl.h"
#include "base/i18n.h"

_Static_assert(AUTH_HASH_BYTES == crypto_pwhash_STRBYTES, "hash buffer size");
_Static_assert(AUTH_MIN_PASSWORD == 10, "the message below names the minimum");

/* Each Argon2id computation takes MEMLIMIT_INTERACTIVE (64 MiB) and ~0.1 s of a core: without
 * a bound, a burst of login attempts would exhaust memory. Callers over the bound wait. */
static sem_t hash_slots;
static pthread_once_t hash_once = PTHREAD_ONCE_INIT;

static void hash_init(void)
{
    if (sodium_init() < 0 || sem_init(&hash_slots, 0, AUTH_MAX_CONCURRENT_HASHES) != 0) {
        fprintf(stderr, "vanphong: libsodium/semaphore initialisation failed\n");
        abort();
    }
}

static void slot_take(void)
{
    pthread_once(&hash_once, hash_init);
    while (sem_wait(&hash_slots) != 0)
        ; /* EINTR: try again */
}

static void slot_give(void)
{
    sem_post(&hash_slots);
}

int password_hash(const char *password, char out[AUTH_HASH_BYTES])
{
    size_t n = strlen(password);
    if (n > AUTH_MAX_PASSWORD_BYTES)
        return -1;
    slot_take();
    int rc = crypto_pwhash_str(out, password, n, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                               crypto_pwhash_MEMLIMIT_INTERACTIVE);
    slot_give();
    return rc == 0 ? 0 : -1;
}

bool password_verify(const char *hash, const char *password)
{
    if (!hash || !password)
        return false;
    size_t n = strlen(password);
    if (n > AUTH_MAX_PASSWORD_BYTES)
        return false;
    slot_take();
    int rc = crypto_pwhash_str_verify(hash, password, n);
    slot_give();
    return rc == 0;
}

/* Code points, not bytes: "Đảng" is 4 characters a person typed, 8 bytes. */
static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

const char *password_weak(const char *login, const char *password)
{
    if (!password || utf8_chars(password) < AUTH_MIN_PASSWORD)
        return _("Mật khẩu phải có ít nhất 10 ký tự.");
    if (strlen(password) > AUTH_MAX_PASSWORD_BYTES)
        return _("Mật khẩu quá dài.");
    if (login && strcasecmp(login, password) == 0)
        return _("Mật khẩu không được trùng tên đăng nhập.");
    return NULL;
}
