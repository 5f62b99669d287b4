#ifndef VP_BLOB_H
#define VP_BLOB_H
/* The content-addressed blob store: data_dir/blobs/ab/cd/<sha256 hex>, one file per distinct
 * content, shared by every record that references it (attachments.sha256).
 *
 * Durability (DESIGN.md principle 3): blob_put moves an already-fsynced temporary file into
 * place with link() (or rename()), then fsyncs the file and both fan-out directories, so the
 * blob is durable BEFORE the database row that references it commits. A blob already present
 * is kept (same content, same name). */
#include <stdint.h>

#include "db/db.h"

/* Moves src_path (under the same filesystem) into the store as sha256_hex (64 lower-case hex
 * digits; checked). src_path is consumed (unlinked) on success. 0 or -1 with *err_r (static
 * English text for logs). */
int blob_put(const char *blob_dir, const char *src_path, const char *sha256_hex,
             const char **err_r);
/* Creates the fan-out directories of sha256_hex's blob ahead of blob_put (durable as blob_put
 * makes them), so that a bulk writer's reader thread, not its database thread, pays for the
 * new inodes. 0 or -1 with *err_r. */
int blob_prepare(const char *blob_dir, const char *sha256_hex, const char **err_r);
/* Writes data to the store through a temporary file (tests, demo seed, generated files). */
int blob_put_bytes(const char *blob_dir, const char *tmp_dir, const void *data, size_t n,
                   char sha256_hex_r[65], const char **err_r);

/* Deferred durability for a bulk writer (vanphong import), which puts hundreds of blobs per
 * transaction: one fsync per file and directory was a third of its time. Between
 * blob_defer_begin and blob_defer_end, blob_put (on any thread) links files into place without
 * fsyncing them or their directories and counts them as pending; blob_defer_sync then makes
 * everything pending durable at once (syncfs of the store's filesystem: every file's data,
 * inode and directory entry, then a cache flush) and MUST return 0 before the transaction
 * whose rows reference those blobs commits. Nothing is acknowledged before its blob is
 * durable; only the fsyncs are grouped. The server never turns this on. */
void blob_defer_begin(void);
/* 0 (nothing pending, or all pending blobs now durable) or -1 with *err_r. */
int blob_defer_sync(const char *blob_dir, const char **err_r);
/* Ends the mode; pending blobs (none after a successful sync) are the caller's to sync. */
void blob_defer_end(void);

/* Path of a blob into buf (>= strlen(blob_dir) + 72). */
void blob_path(const char *blob_dir, const char *sha256_hex, char *buf, size_t n);
/* Opens a blob read-only; returns the fd and its size, or -1. */
int blob_open(const char *blob_dir, const char *sha256_hex, int64_t *size_r);
/* True for 64 lower-case hex digits. */
int blob_sha_valid(const char *sha256_hex);

/* Removes blob files that no attachments row references and that are older than min_age_s
 * (so a blob whose row is still being committed is never taken). Never removes a referenced
 * blob: each candidate is re-checked against the database just before unlinking. Returns the
 * number removed, or -1. */
int blob_sweep_orphans(db *d, const char *blob_dir, int64_t min_age_s);

#endif
