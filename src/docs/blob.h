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
/* Writes data to the store through a temporary file (tests, demo seed, generated files). */
int blob_put_bytes(const char *blob_dir, const char *tmp_dir, const void *data, size_t n,
                   char sha256_hex_r[65], const char **err_r);
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
