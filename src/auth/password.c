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

/* Passwords that pass the length and variety rules but are the first ones an attacker tries
 * (leaked-password lists, Vietnamese habits). A short list on purpose: it stops the obvious
 * choices without pretending to be a dictionary check. Compared without ASCII case. */
static const char *const common_passwords[] = {"1234567890",
                                               "12345678910",
                                               "0123456789",
                                               "123456789a",
                                               "a123456789",
                                               "1234567890a",
                                               "abc1234567",
                                               "abcd123456",
                                               "qwertyuiop",
                                               "qwerty12345",
                                               "qwerty123456",
                                               "password123",
                                               "password1234",
                                               "password@123",
                                               "passw0rd123",
                                               "matkhau123",
                                               "matkhau1234",
                                               "matkhau@123",
                                               "matkhau12345",
                                               "admin12345",
                                               "admin123456",
                                               "admin@1234",
                                               "admin@12345",
                                               "vanphong123",
                                               "vanphong@123",
                                               "iloveyou123",
                                               "anhyeuem123",
                                               "khongbiet123",
                                               "thanhuy123",
                                               "dangbo12345",
                                               NULL};

/* Which kinds of character a password mixes: lower-case letters (non-ASCII bytes count here:
 * Vietnamese letters with marks), upper-case letters, digits, and the rest (spaces,
 * punctuation). Returns the number of kinds present. */
static int char_classes(const char *s)
{
    bool lower = false, upper = false, digit = false, other = false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || *p >= 0x80)
            lower = true;
        else if (*p >= 'A' && *p <= 'Z')
            upper = true;
        else if (*p >= '0' && *p <= '9')
            digit = true;
        else
            other = true;
    }
    return lower + upper + digit + other;
}

/* Distinct bytes, enough to spot "aaaaaaaaa1" or "ababababab". */
static int distinct_bytes(const char *s)
{
    bool seen[256] = {false};
    int n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (!seen[*p]) {
            seen[*p] = true;
            n++;
        }
    return n;
}

/* The rule, simple enough to explain on the form: at least AUTH_MIN_PASSWORD characters, at
 * least two kinds of character and five different ones, not the login, not one of the
 * common passwords above. Length matters most; the rest only refuses what a guesser tries
 * first. */
const char *password_weak(const char *login, const char *password)
{
    if (!password || utf8_chars(password) < AUTH_MIN_PASSWORD)
        return _("Mật khẩu phải có ít nhất 10 ký tự.");
    if (strlen(password) > AUTH_MAX_PASSWORD_BYTES)
        return _("Mật khẩu quá dài.");
    if (login && strcasecmp(login, password) == 0)
        return _("Mật khẩu không được trùng tên đăng nhập.");
    if (char_classes(password) < 2 || distinct_bytes(password) < 5)
        return _("Mật khẩu cần trộn ít nhất hai loại ký tự (chữ thường, chữ hoa, chữ số, ký "
                 "hiệu) và không lặp một vài ký tự.");
    for (const char *const *c = common_passwords; *c; c++)
        if (strcasecmp(*c, password) == 0)
            return _("Mật khẩu này quá phổ biến, dễ bị đoán. Hãy chọn mật khẩu khác.");
    return NULL;
}

/* Letters and digits that cannot be misread on paper or a screen (no 0/O, 1/l/I). */
static const char pw_alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

void password_generate(char out[AUTH_GENERATED_PASSWORD_CHARS + 1])
{
    if (sodium_init() < 0)
        abort();
    /* Four groups of five from 56 symbols: about 116 bits, and always more than one kind of
     * character (the dashes), so it passes password_weak. */
    int k = 0;
    for (int g = 0; g < 4; g++) {
        if (g)
            out[k++] = '-';
        for (int i = 0; i < 5; i++)
            out[k++] = pw_alphabet[randombytes_uniform(sizeof pw_alphabet - 1)];
    }
    out[k] = 0;
}
