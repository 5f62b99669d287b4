#ifndef VP_CONFIG_H
#define VP_CONFIG_H
/* Process-wide configuration: the data directory and its folders, set once at start-up
 * (app_open) before any thread starts, read-only after that. */

struct config {
    const char *data_dir; /* ./data by default */
    const char *db_path;  /* data_dir/vanphong.db */
    const char *blob_dir; /* data_dir/blobs */
    const char *tmp_dir;  /* data_dir/tmp: uploads stream here, then rename into blobs */
};

extern struct config config;

#endif
