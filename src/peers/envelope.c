/* Keys, signatures and envelopes of the transport between installations (peers.h).
 *
 * The signed text is a fixed line format, not JSON, so that both sides sign exactly the same
 * bytes whatever a JSON library does with spacing or member order; every field is checked to be
 * a token without spaces or newlines (peers_token_ok), so no field can fake a line. */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/config.h"
#include "base/i18n.h"
#include "peers/peers_impl.h"

static char *dupf(const char *fmt, const char *a)
{
    char *s = NULL;
    if (asprintf(&s, fmt, a ? a : "") < 0)
        s = NULL;
    return s;
}

int peers_keys_load(const char *path, peers_keys *k, char **err_r)
{
    if (sodium_init() < 0) {
        *err_r = dupf("%slibsodium", "");
        return -1;
    }
    unsigned char seed[crypto_sign_SEEDBYTES];
    char hex[2 * crypto_sign_SEEDBYTES + 2];
    FILE *f = fopen(path, "r");
    if (f) {
        size_t n = fread(hex, 1, sizeof hex - 1, f);
        fclose(f);
        hex[n] = 0;
        size_t bin = 0;
        if (n < 2 * crypto_sign_SEEDBYTES ||
            sodium_hex2bin(seed, sizeof seed, hex, 2 * crypto_sign_SEEDBYTES, NULL, &bin, NULL) !=
                0 ||
            bin != sizeof seed) {
            *err_r = dupf(_("Tệp khóa %s hỏng."), path);
            return -1;
        }
    } else if (errno == ENOENT) {
        /* The folder: only this installation's account reads it. */
        char dir[4096];
        snprintf(dir, sizeof dir, "%s", path);
        char *slash = strrchr(dir, '/');
        if (slash) {
            *slash = 0;
            if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
                *err_r = dupf(_("Không tạo được thư mục %s."), dir);
                return -1;
            }
        }
        randombytes_buf(seed, sizeof seed);
        sodium_bin2hex(hex, sizeof hex, seed, sizeof seed);
        /* O_EXCL: two processes starting at once keep the first key. */
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
        if (fd < 0 && errno == EEXIST)
            return peers_keys_load(path, k, err_r);
        size_t len = strlen(hex);
        hex[len] = '\n';
        if (fd < 0 || write(fd, hex, len + 1) != (ssize_t)(len + 1) || fsync(fd) != 0) {
            if (fd >= 0)
                close(fd);
            *err_r = dupf(_("Không ghi được tệp khóa %s."), path);
            return -1;
        }
        close(fd);
    } else {
        *err_r = dupf(_("Không đọc được tệp khóa %s."), path);
        return -1;
    }
    crypto_sign_seed_keypair(k->pk, k->sk, seed);
    sodium_memzero(seed, sizeof seed);
    sodium_memzero(hex, sizeof hex);
    return 0;
}

static pthread_mutex_t keys_mu = PTHREAD_MUTEX_INITIALIZER;
static peers_keys keys_cached;
static char keys_dir[4096];

int peers_keys_get(peers_keys *k, char **err_r)
{
    if (!config.data_dir) {
        *err_r = dupf("%sno data directory", "");
        return -1;
    }
    pthread_mutex_lock(&keys_mu);
    int rc = 0;
    /* Cached per data directory: tests open several in one process. */
    if (strcmp(keys_dir, config.data_dir) != 0) {
        char path[4200];
        snprintf(path, sizeof path, "%s/keys/peer.key", config.data_dir);
        rc = peers_keys_load(path, &keys_cached, err_r);
        if (rc == 0)
            snprintf(keys_dir, sizeof keys_dir, "%s", config.data_dir);
    }
    if (rc == 0)
        *k = keys_cached;
    pthread_mutex_unlock(&keys_mu);
    return rc;
}

void peers_pk_b64(const unsigned char pk[32], char out[PEERS_PK_B64])
{
    sodium_bin2base64(out, PEERS_PK_B64, pk, 32, sodium_base64_VARIANT_ORIGINAL);
}

bool peers_pk_parse(const char *b64, unsigned char pk[32])
{
    size_t n = 0;
    const char *end = NULL;
    if (!b64 || strlen(b64) != 44)
        return false;
    return sodium_base642bin(pk, 32, b64, 44, NULL, &n, &end, sodium_base64_VARIANT_ORIGINAL) ==
               0 &&
           n == 32 && end && *end == 0;
}

void peers_sha256_hex(const void *p, size_t n, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, p, n);
    sodium_bin2hex(out, 65, h, sizeof h);
}

void peers_new_id(char out[PEERS_ID_HEX + 1])
{
    unsigned char r[PEERS_ID_HEX / 2];
    randombytes_buf(r, sizeof r);
    sodium_bin2hex(out, PEERS_ID_HEX + 1, r, sizeof r);
}

bool peers_token_ok(const char *s, size_t max)
{
    if (!s || !*s || strlen(s) > max)
        return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= ' ' || *p >= 0x7f)
            return false;
    return true;
}

static void msg_text(strbuf *sb, const peers_msg *m, const char *hash)
{
    sb_printf(sb, "vanphong-peer-v1\n%s\n%s\n%s\n%s\n%lld\n%lld\n%s\n", m->id, m->from_organ,
              m->to_organ, m->kind, (long long)m->created, (long long)m->sent, hash);
}

static void sign_text(const peers_keys *k, const strbuf *t, char sig[PEERS_SIG_B64])
{
    unsigned char s[crypto_sign_BYTES];
    crypto_sign_detached(s, NULL, (const unsigned char *)sb_str(t), t->len, k->sk);
    sodium_bin2base64(sig, PEERS_SIG_B64, s, sizeof s, sodium_base64_VARIANT_ORIGINAL);
}

static bool verify_text(const unsigned char pk[32], const strbuf *t, const char *sig)
{
    unsigned char s[crypto_sign_BYTES];
    size_t n = 0;
    if (!sig ||
        sodium_base642bin(s, sizeof s, sig, strlen(sig), NULL, &n, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        n != sizeof s)
        return false;
    return crypto_sign_verify_detached(s, (const unsigned char *)sb_str(t), t->len, pk) == 0;
}

void peers_sign_msg(const peers_keys *k, const peers_msg *m, char sig[PEERS_SIG_B64])
{
    char hash[65];
    peers_sha256_hex(m->body, m->len, hash);
    strbuf t = STRBUF_INIT;
    msg_text(&t, m, hash);
    sign_text(k, &t, sig);
    sb_free(&t);
}

bool peers_verify_msg(const unsigned char pk[32], const peers_msg *m, const char *sig)
{
    char hash[65];
    peers_sha256_hex(m->body, m->len, hash);
    strbuf t = STRBUF_INIT;
    msg_text(&t, m, hash);
    bool ok = verify_text(pk, &t, sig);
    sb_free(&t);
    return ok;
}

static void reply_text(strbuf *t, const char *msg_id, const char *from, const char *to,
                       const void *reply, size_t n)
{
    char hash[65];
    peers_sha256_hex(reply, n, hash);
    sb_printf(t, "vanphong-peer-reply-v1\n%s\n%s\n%s\n%s\n", msg_id, from, to, hash);
}

void peers_sign_reply(const peers_keys *k, const char *msg_id, const char *from, const char *to,
                      const void *reply, size_t n, char sig[PEERS_SIG_B64])
{
    strbuf t = STRBUF_INIT;
    reply_text(&t, msg_id, from, to, reply, n);
    sign_text(k, &t, sig);
    sb_free(&t);
}

bool peers_verify_reply(const unsigned char pk[32], const char *msg_id, const char *from,
                        const char *to, const void *reply, size_t n, const char *sig)
{
    strbuf t = STRBUF_INIT;
    reply_text(&t, msg_id, from, to, reply, n);
    bool ok = verify_text(pk, &t, sig);
    sb_free(&t);
    return ok;
}

char *peers_envelope_json(const peers_msg *m, const char *sig)
{
    char hash[65];
    peers_sha256_hex(m->body, m->len, hash);
    json_t *j = json_pack("{s:i, s:s, s:s, s:s, s:s, s:I, s:I, s:s, s:s}", "v", 1, "id", m->id,
                          "from", m->from_organ, "to", m->to_organ, "kind", m->kind, "created",
                          (json_int_t)m->created, "sent", (json_int_t)m->sent, "body_sha256", hash,
                          "sig", sig);
    char *s = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    return s;
}

static const char *member(arena *a, json_t *j, const char *key, size_t max)
{
    const char *s = json_string_value(json_object_get(j, key));
    return peers_token_ok(s, max) ? arena_strdup(a, s) : NULL;
}

int peers_envelope_parse(arena *a, const char *json, peers_msg *m, const char **hash_r,
                         const char **sig_r, const char **err_r)
{
    json_t *j = json ? json_loads(json, 0, NULL) : NULL;
    if (!json_is_object(j) || json_integer_value(json_object_get(j, "v")) != 1) {
        json_decref(j);
        *err_r = _("Phong bì thư không đúng định dạng.");
        return -1;
    }
    m->id = member(a, j, "id", PEERS_ID_HEX);
    m->from_organ = member(a, j, "from", PEERS_ORGAN_LEN);
    m->to_organ = member(a, j, "to", PEERS_ORGAN_LEN);
    m->kind = member(a, j, "kind", PEERS_KIND_MAX);
    json_t *created = json_object_get(j, "created");
    m->created = json_is_integer(created) ? (int64_t)json_integer_value(created) : 0;
    json_t *sent = json_object_get(j, "sent");
    m->sent = json_is_integer(sent) ? (int64_t)json_integer_value(sent) : 0;
    *hash_r = member(a, j, "body_sha256", 64);
    *sig_r = member(a, j, "sig", PEERS_SIG_B64);
    json_decref(j);
    if (!m->id || strlen(m->id) != PEERS_ID_HEX || !m->from_organ || !m->to_organ || !m->kind ||
        m->created <= 0 || m->sent <= 0 || !*hash_r || !*sig_r) {
        *err_r = _("Phong bì thư thiếu trường bắt buộc hoặc có trường sai dạng.");
        return -1;
    }
    return 0;
}
