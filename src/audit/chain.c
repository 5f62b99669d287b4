/* The audit trail's hash chain (audit.h, "The chain"): hashing an entry, sealing the entries
 * written before the chain existed, and walking the chain for `vanphong check`. */
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "audit/audit_impl.h"
#include "base/i18n.h"

/* Domain separation and version of the serialisation: a change of format is a new tag. */
static const char chain_tag[] = "vanphong.audit.v1\n";

#define CHAIN_COLS                                                                                 \
    "id, at, actor_id, actor_login, action, entity, entity_id, before_json, after_json, ip,"       \
    " prev_hash, hash"

static const db_query q_last = {"audit.chain_last",
                                "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", NULL};
static const db_query q_last_sealed = {
    "audit.chain_last_sealed",
    "SELECT id, hash FROM audit_log WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1", NULL};
static const db_query q_next_after = {
    "audit.chain_next_after",
    "SELECT " CHAIN_COLS " FROM audit_log WHERE id > ?1 ORDER BY id LIMIT 1", NULL};
static const db_query q_seal = {
    "audit.chain_seal", "UPDATE audit_log SET prev_hash = ?2, hash = ?3 WHERE id = ?1", NULL};
static const db_query q_walk = {"audit.chain_walk",
                                "SELECT " CHAIN_COLS " FROM audit_log ORDER BY id", NULL};

/* One field: "-" for NULL, else its byte length in decimal, ':' and the bytes. */
static void put_text(crypto_hash_sha256_state *st, const char *s)
{
    if (!s) {
        crypto_hash_sha256_update(st, (const unsigned char *)"-", 1);
        return;
    }
    char len[24];
    int n = snprintf(len, sizeof len, "%zu:", strlen(s));
    crypto_hash_sha256_update(st, (const unsigned char *)len, (unsigned long long)n);
    crypto_hash_sha256_update(st, (const unsigned char *)s, strlen(s));
}

static void put_int(crypto_hash_sha256_state *st, int64_t v)
{
    char txt[24];
    snprintf(txt, sizeof txt, "%" PRId64, v);
    put_text(st, txt);
}

void audit_chain_hash(const audit_chain_fields *f, char out[AUDIT_HASH_HEX])
{
    if (sodium_init() < 0)
        abort();
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, (const unsigned char *)chain_tag, sizeof chain_tag - 1);
    put_int(&st, f->id);
    put_text(&st, f->at);
    if (f->has_actor)
        put_int(&st, f->actor_id);
    else
        put_text(&st, NULL);
    put_text(&st, f->actor_login);
    put_text(&st, f->action);
    put_text(&st, f->entity);
    put_int(&st, f->entity_id);
    put_text(&st, f->before_json);
    put_text(&st, f->after_json);
    put_text(&st, f->ip);
    put_text(&st, f->prev_hash);
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&st, h);
    sodium_bin2hex(out, AUDIT_HASH_HEX, h, sizeof h);
}

/* The fields of a CHAIN_COLS row; pointers valid until the statement moves on. */
static audit_chain_fields read_fields(db_stmt *s)
{
    return (audit_chain_fields){
        .id = db_col_int(s, 0),
        .at = db_col_text(s, 1),
        .has_actor = !db_col_null(s, 2),
        .actor_id = db_col_int(s, 2),
        .actor_login = db_col_text(s, 3),
        .action = db_col_text(s, 4),
        .entity = db_col_text(s, 5),
        .entity_id = db_col_int(s, 6),
        .before_json = db_col_text(s, 7),
        .after_json = db_col_text(s, 8),
        .ip = db_col_text(s, 9),
        .prev_hash = db_col_text(s, 10),
    };
}

/* Hashes the entries after the last hashed one, oldest first, each linked to the one before.
 * Runs inside the caller's write transaction. One entry per step (a lookup on the rowid), so
 * no statement reads the table while it is being updated. Counts into *n_r. */
static int seal_tail(db *d, int64_t *n_r)
{
    char prev[AUDIT_HASH_HEX] = "";
    int64_t after = 0;
    db_stmt *s = db_stmt_get(d, &q_last_sealed);
    if (!s)
        return DB_ERROR;
    int rc = db_step(s);
    if (rc == DB_ROW) {
        after = db_col_int(s, 0);
        snprintf(prev, sizeof prev, "%s", db_col_text(s, 1));
    }
    db_reset(s);
    if (rc < 0)
        return rc;
    for (;;) {
        if (!(s = db_stmt_get(d, &q_next_after)))
            return DB_ERROR;
        db_bind_int(s, 1, after);
        if ((rc = db_step(s)) != DB_ROW) {
            db_reset(s);
            return rc == DB_DONE ? 0 : rc;
        }
        audit_chain_fields f = read_fields(s);
        f.prev_hash = prev[0] ? prev : NULL;
        char h[AUDIT_HASH_HEX];
        audit_chain_hash(&f, h);
        after = f.id;
        db_reset(s);
        if (!(s = db_stmt_get(d, &q_seal)))
            return DB_ERROR;
        db_bind_int(s, 1, after);
        db_bind_text(s, 2, prev[0] ? prev : NULL);
        db_bind_text(s, 3, h);
        if ((rc = db_exec(s)) != DB_DONE)
            return rc;
        memcpy(prev, h, sizeof prev);
        if (n_r)
            (*n_r)++;
    }
}

int audit_chain_seal(db *d, int64_t *sealed_r)
{
    if (sealed_r)
        *sealed_r = 0;
    /* Cheap when there is nothing to do: only the last entry is read. */
    db_stmt *s = db_stmt_get(d, &q_last);
    if (!s)
        return DB_ERROR;
    int rc = db_step(s);
    bool tail = rc == DB_ROW && db_col_null(s, 1);
    db_reset(s);
    if (rc < 0)
        return rc;
    if (!tail)
        return 0;
    bool own_tx = !db_in_tx(d);
    if (own_tx && (rc = db_begin_write(d)) != 0)
        return rc;
    rc = seal_tail(d, sealed_r);
    if (own_tx) {
        if (rc == 0)
            rc = db_commit(d);
        else
            db_rollback(d);
    }
    return rc;
}

int audit_chain_tip(db *d, int64_t *next_id_r, char prev_r[AUDIT_HASH_HEX])
{
    for (int pass = 0; pass < 2; pass++) {
        db_stmt *s = db_stmt_get(d, &q_last);
        if (!s)
            return DB_ERROR;
        int rc = db_step(s);
        if (rc == DB_DONE) {
            db_reset(s);
            *next_id_r = 1;
            prev_r[0] = '\0';
            return 0;
        }
        if (rc < 0) {
            db_reset(s);
            return rc;
        }
        if (!db_col_null(s, 1)) {
            *next_id_r = db_col_int(s, 0) + 1;
            snprintf(prev_r, AUDIT_HASH_HEX, "%s", db_col_text(s, 1));
            db_reset(s);
            return 0;
        }
        db_reset(s);
        /* Entries from before the chain, not yet sealed by app_open: seal them now. */
        if (pass == 0 && (rc = seal_tail(d, NULL)) != 0)
            return rc;
    }
    return DB_ERROR;
}

static int chain_break(arena *a, audit_chain_report *r, const audit_chain_fields *f,
                       const char *reason)
{
    r->broken_id = f->id;
    r->broken_at = arena_strdup(a, f->at);
    r->broken_action = arena_strdup(a, f->action);
    r->reason = reason;
    return 1;
}

int audit_chain_verify(db *d, arena *a, audit_chain_report *r)
{
    memset(r, 0, sizeof *r);
    /* One snapshot: entries a running server appends meanwhile are simply not looked at. */
    bool own_tx = !db_in_tx(d);
    if (own_tx && db_begin_read(d) != 0)
        return DB_ERROR;
    int rc, result = 0;
    db_stmt *s = db_stmt_get(d, &q_walk);
    if (!s) {
        result = DB_ERROR;
        goto done;
    }
    while ((rc = db_step(s)) == DB_ROW) {
        audit_chain_fields f = read_fields(s);
        const char *stored = db_col_text(s, 11);
        const char *want_prev = r->head[0] ? r->head : NULL;
        if (!stored) {
            result = chain_break(a, r, &f, _("mục chưa được băm"));
            break;
        }
        if ((want_prev == NULL) != (f.prev_hash == NULL) ||
            (want_prev && strcmp(want_prev, f.prev_hash) != 0)) {
            result = chain_break(a, r, &f, _("mục đứng trước đã bị xoá hoặc bị sửa"));
            break;
        }
        char h[AUDIT_HASH_HEX];
        audit_chain_hash(&f, h);
        if (strcmp(h, stored) != 0) {
            result = chain_break(a, r, &f, _("nội dung đã bị sửa sau khi ghi"));
            break;
        }
        memcpy(r->head, h, sizeof r->head);
        r->verified++;
    }
    if (result == 0 && rc != DB_DONE)
        result = rc;
    db_reset(s);
done:
    if (own_tx)
        db_rollback(d);
    return result;
}
