#ifndef VP_BACKUP_FILES_H
#define VP_BACKUP_FILES_H
/* File copies for `vanphong backup` and `vanphong restore` (app/cli_admin.c,
 * app/cli_restore.c): private (files 0600, folders 0700) and fsynced, so a copy that reports
 * success survives a power cut. */

/* Copies one regular file to `to` (created or truncated, 0600), fsynced. 0 or -1 (errno). */
int bk_copy_file(const char *from, const char *to);
/* Copies the tree under `from` into `to` (created 0700 if missing; folders 0700, regular
 * files 0600; anything else and names starting with '.' skipped). A missing `from` copies
 * nothing. Returns the number of files copied, or -1. */
long bk_copy_tree(const char *from, const char *to);
/* True when path is a folder holding nothing (or does not exist when missing_ok). */
int bk_dir_empty(const char *path, int missing_ok);

#endif
