#ifndef VP_PEERS_H
#define VP_PEERS_H
/* The transport between installations (issue 18): two installations of vanphong exchange
 * messages — opaque bytes of a given kind (an edXML package, a status message) — over HTTPS
 * between their own endpoints.
 *
 * - Identity: each installation has an Ed25519 key pair (<data>/keys/peer.key, 0600, made at
 *   start-up when missing) and an organ id (13 characters, the edXML OrganId); the admin of the
 *   other side enters both on their /admin/peers.
 * - Peers: the installations this one talks to (name, organ id, base URL, public key, the CA or
 *   pinned key TLS trusts, enabled). The channel is "encrypted" when the URL is https (and so
 *   verified); plain http is accepted only to a loopback address (tests).
 * - Envelope: message id, from, to, kind, created time, SHA-256 of the body, an Ed25519
 *   signature over all of it, the body. POST /peer/inbox (no session: authenticated by the
 *   signature of a configured, enabled peer) checks it, runs the kind's handler in one write
 *   transaction and answers with the handler's reply, signed too. A message id seen before gets
 *   the first answer again: delivery is idempotent, a handler never runs twice.
 * - Outbox: peers_enqueue writes a durable row in the caller's transaction; a job worker
 *   delivers it with retries (exponential backoff; rule keys peers.retry_first_s,
 *   peers.retry_max_s, peers.give_up_hours), so nothing is lost while the peer is down or this
 *   process restarts mid-delivery.
 *
 * Tables (migration 051_peers.sql): peers_self, peers, peer_outbox, peer_inbox. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/strbuf.h"
#include "db/db.h"
#include "web/ctx.h"
#include "web/errors.h"

#define PEERS_ORGAN_LEN 13
#define PEERS_KIND_MAX 64
#define PEERS_KEY_MAX 200 /* idempotency key bytes */

/* A message as a handler (receiver) or a reply hook (sender) sees it. */
typedef struct peers_msg {
    const char *id;         /* 32 hex characters, random */
    const char *from_organ; /* the sender's organ id */
    const char *to_organ;
    const char *kind;
    int64_t created; /* unix seconds, as signed: when the message was queued */
    int64_t sent;    /* unix seconds, as signed: this attempt (the receiver's time window) */
    const void *body;
    size_t len;
    int64_t peer_id; /* the row of peers for the other side */
} peers_msg;

/* Runs on the receiver inside its write transaction (the inbox row is written in the same
 * one). Returns 0: accepted, `reply` goes back in the HTTP answer (signed). Anything else:
 * refused, the transaction rolled back, nothing kept; `reply` then holds the Vietnamese reason
 * (answered 422) — the sender tries again later (it is not recorded as seen). */
typedef int (*peers_handler)(db *d, const peers_msg *m, strbuf *reply);
/* Runs on the sender inside the write transaction that marks message m delivered, with the
 * receiver's (verified) reply. */
typedef void (*peers_reply_fn)(db *d, const peers_msg *m, const void *reply, size_t n);
/* Runs on the sender inside the write transaction that marks message m failed for good (past
 * peers.give_up_hours), with the last error: where the module that sent it tells its users
 * (notify/ is on a higher floor than peers/; /admin/peers shows every failure anyway). */
typedef void (*peers_failed_fn)(db *d, const peers_msg *m, const char *error);

/* Registers the handler of a kind (at init; a kind registered twice keeps the first). */
void peers_on(const char *kind, peers_handler fn);
/* Registers the sender's hook of a kind (at init). */
void peers_on_reply(const char *kind, peers_reply_fn fn);
void peers_on_failed(const char *kind, peers_failed_fn fn);

/* Queues body (n bytes) of `kind` for the peer whose organ id is to_peer_organ, inside the
 * caller's write transaction (audited "peer.enqueue"). idempotency_key (may be NULL): a second
 * enqueue of the same (peer, kind, key) is the first message (nothing added). Returns 0, or -1
 * with *err_r (malloc'd Vietnamese: unknown or disabled peer, bad kind, too large). */
int peers_enqueue(db *d, const char *to_peer_organ, const char *kind, const void *body, size_t n,
                  const char *idempotency_key, char **err_r);

/* Whether the channel to the peer is encrypted (https with a verified certificate): the edXML
 * secrecy rule (a Mật document leaves only through such a channel). False for an unknown or
 * disabled peer. */
bool peers_channel_encrypted(db *d, const char *organ_id);

/* This installation's organ id (into buf, >= 14 bytes; "" when not set) and public key
 * (base64, into pk, >= 64 bytes). 0, or -1 when the key cannot be read or made. */
int peers_self(db *d, char *organ, size_t organ_n, char *pk, size_t pk_n);

/* Delivers up to one due outbox message (the job workers' idle hook; tests and the bench call
 * it directly). Returns 1 when it tried one, 0 when nothing was due. */
int peers_deliver_one(db *d);

/* The configuration, as the admin page and API write it (and the demo, acting as the admin):
 * administrator only, validated first, audited in the same transaction. */
typedef struct peer_input {
    const char *name, *organ_id, *base_url, *public_key, *ca_pem, *tls_pin;
    bool enabled;
} peer_input;
/* id 0 creates. Returns the id, or -1 with e filled (400 per field, 403, 404, 409 duplicate). */
int64_t peers_save(ctx *c, int64_t id, const peer_input *in, web_err *e);
int peers_set_self(ctx *c, const char *organ_id, web_err *e);

/* Declares rule keys, registers the built-in kind peers.ping, the idle hook; makes the key pair
 * when missing (config.data_dir). */
void peers_init(void);
/* /admin/peers, /api/v1/peers…, POST /peer/inbox. */
void peers_routes(void);

#endif
