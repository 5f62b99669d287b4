/* The export package of an archived dossier (archives.h archives_export_package): a BagIt-shaped
 * folder with the TT 05/2025 metadata as JSON and XML, the files and their SHA-256 sums. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "archives/archives.h"
#include "archives/archives_impl.h"
#include "files/blob.h"

static void xml_text(FILE *f, const char *s)
{
    for (; s && *s; s++)
        switch (*s) {
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '&':
            fputs("&amp;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        default:
            fputc(*s, f);
        }
}

/* Each member of a flat object as <key>value</key>. */
static void xml_object(FILE *f, const char *tag, json_t *o)
{
    fprintf(f, "  <%s>\n", tag);
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v)
    {
        fprintf(f, "    <%s>", k);
        if (json_is_string(v))
            xml_text(f, json_string_value(v));
        else if (json_is_integer(v))
            fprintf(f, "%lld", (long long)json_integer_value(v));
        fprintf(f, "</%s>\n", k);
    }
    fprintf(f, "  </%s>\n", tag);
}

/* A safe file name: path separators and control characters replaced. */
static void safe_name(char *out, size_t n, int ordinal, const char *name)
{
    snprintf(out, n, "%03d-%s", ordinal, name && *name ? name : "tep");
    for (char *p = out; *p; p++)
        if (*p == '/' || *p == '\\' || (unsigned char)*p < 0x20)
            *p = '_';
}

static int copy_hash(int in, const char *path, char hex[65])
{
    int out = open(path, O_WRONLY | O_CREAT | O_EXCL, 0640);
    if (out < 0)
        return -1;
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    unsigned char buf[65536], h[crypto_hash_sha256_BYTES];
    ssize_t k;
    int rc = 0;
    while ((k = read(in, buf, sizeof buf)) > 0) {
        crypto_hash_sha256_update(&st, buf, (unsigned long long)k);
        if (write(out, buf, (size_t)k) != k) {
            rc = -1;
            break;
        }
    }
    if (k < 0 || fsync(out) != 0)
        rc = -1;
    close(out);
    crypto_hash_sha256_final(&st, h);
    sodium_bin2hex(hex, 65, h, sizeof h);
    return rc;
}

static int file_sha(const char *path, char hex[65])
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%.4000s.tmp-copy", path);
    int rc = copy_hash(fd, tmp, hex);
    close(fd);
    unlink(tmp);
    return rc;
}

int archives_export_package(db *d, int64_t dossier_id, const char *blob_dir, const char *out_dir,
                            const char **err_r)
{
    arena *a = arena_new();
    ctx c = {.a = a, .db = d};
    json_t *j = ar_export_json(&c, dossier_id);
    int rc = -1;
    char path[4096], data[4096];
    FILE *man = NULL, *f = NULL;
    if (!j) {
        *err_r = "no archived dossier with that id";
        goto out;
    }
    if (mkdir(out_dir, 0750) != 0) {
        *err_r = errno == EEXIST ? "the output folder already exists" : "cannot create the folder";
        goto out;
    }
    snprintf(data, sizeof data, "%s/data", out_dir);
    snprintf(path, sizeof path, "%s/manifest-sha256.txt", out_dir);
    if (mkdir(data, 0750) != 0 || !(man = fopen(path, "w"))) {
        *err_r = "cannot write the package";
        goto out;
    }
    size_t i;
    json_t *file;
    json_array_foreach(json_object_get(j, "files"), i, file)
    {
        const char *sha = json_string_value(json_object_get(file, "sha256"));
        char name[512], hex[65];
        safe_name(name, sizeof name, (int)i + 1,
                  json_string_value(json_object_get(file, "filename")));
        snprintf(path, sizeof path, "%.3000s/%.1000s", data, name);
        int64_t size;
        int fd = sha ? blob_open(blob_dir, sha, &size) : -1;
        if (fd < 0) {
            *err_r = "a file of the dossier is missing from the blob store";
            goto out;
        }
        int cr = copy_hash(fd, path, hex);
        close(fd);
        if (cr != 0 || strcmp(hex, sha) != 0) {
            *err_r = "a file of the dossier does not match its checksum";
            goto out;
        }
        json_object_set_new(file, "path", json_string(name));
        fprintf(man, "%s  data/%s\n", hex, name);
    }
    fclose(man);
    man = NULL;
    snprintf(path, sizeof path, "%s/bagit.txt", out_dir);
    if (!(f = fopen(path, "w")))
        goto werr;
    fputs("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n", f);
    fclose(f);
    f = NULL;
    snprintf(path, sizeof path, "%s/metadata.json", out_dir);
    if (json_dump_file(j, path, JSON_INDENT(2)) != 0)
        goto werr;
    snprintf(path, sizeof path, "%s/metadata.xml", out_dir);
    if (!(f = fopen(path, "w")))
        goto werr;
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<export schema=\"TT-05-2025-TT-BNV\">\n", f);
    xml_object(f, "fonds", json_object_get(j, "fonds"));
    xml_object(f, "dossier", json_object_get(j, "dossier"));
    fputs("  <files>\n", f);
    json_array_foreach(json_object_get(j, "files"), i, file)
    {
        fputs("    <file sha256=\"", f);
        xml_text(f, json_string_value(json_object_get(file, "sha256")));
        fputs("\" path=\"data/", f);
        xml_text(f, json_string_value(json_object_get(file, "path")));
        if (json_is_integer(json_object_get(file, "pages")))
            fprintf(f, "\" pages=\"%lld",
                    (long long)json_integer_value(json_object_get(file, "pages")));
        fputs("\">", f);
        xml_text(f, json_string_value(json_object_get(file, "filename")));
        fputs("</file>\n", f);
    }
    fputs("  </files>\n</export>\n", f);
    fclose(f);
    f = NULL;
    snprintf(path, sizeof path, "%s/tagmanifest-sha256.txt", out_dir);
    FILE *tm = fopen(path, "w");
    if (!tm)
        goto werr;
    static const char *const tags[] = {"bagit.txt", "manifest-sha256.txt", "metadata.json",
                                       "metadata.xml"};
    for (size_t t = 0; t < sizeof tags / sizeof tags[0]; t++) {
        char hex[65];
        snprintf(path, sizeof path, "%.3000s/%s", out_dir, tags[t]);
        if (file_sha(path, hex) == 0)
            fprintf(tm, "%s  %s\n", hex, tags[t]);
    }
    fclose(tm);
    rc = 0;
    goto out;
werr:
    *err_r = "cannot write the package";
out:
    if (man)
        fclose(man);
    if (f)
        fclose(f);
    json_decref(j);
    arena_free(&a);
    return rc;
}
