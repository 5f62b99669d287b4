#ifndef VP_SEARCH_INDEX_H
#define VP_SEARCH_INDEX_H
/* The indexer's pieces for a bulk writer (app/cli_import.c) that already holds an open write
 * transaction and has extracted attachment text itself: what the extraction job and
 * search_sync (search.h) do, but inside the caller's transaction, so a batch of registrations,
 * their attachments' text and their index rows commit together. */
#include <stdint.h>

#include "files/files.h"
#include "db/db.h"

/* One write transaction of search_sync stops after this much indexed text or time (the vi
 * tokenizer runs inside the FTS insert, under the write lock), at least one document. */
#define SEARCH_SYNC_TX_BYTES (256 * 1024)
#define SEARCH_SYNC_TX_MS 50

/* Records the extracted text of attachment attachment_id of (doc_kind, doc_id) as the
 * extraction job would (search_files done; the document dirty) and marks that queued job
 * done. text NFC, as files_extract returns it. 0 or -1. */
int search_file_done_in_tx(db *d, int64_t attachment_id, const char *doc_kind, int64_t doc_id,
                           const char *sha256_hex, const char *method, const char *text);
/* Rebuilds up to max dirty documents inside the caller's transaction. How many, or -1. */
int search_sync_in_tx(db *d, int max);

#endif
